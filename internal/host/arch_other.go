//go:build !darwin && !windows

package host

import "runtime"

func nativeArch() string { return runtime.GOARCH }

func translated() bool { return false }
