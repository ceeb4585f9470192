//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package facts

import "syscall"

func ctimeNano(st *syscall.Stat_t) int64 { return st.Ctimespec.Nano() }
