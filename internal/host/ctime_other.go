//go:build unix && !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package host

import "syscall"

func ctimeNano(*syscall.Stat_t) int64 { return 0 }
