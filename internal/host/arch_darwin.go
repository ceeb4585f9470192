package host

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// nativeArch is arm64 on Apple silicon even when gomedic is an amd64 binary running under Rosetta 2.
func nativeArch() string {
	if v, err := unix.SysctlUint32("hw.optional.arm64"); err == nil && v == 1 {
		return "arm64"
	}
	return runtime.GOARCH
}

// translated reads sysctl.proc_translated: 1 under Rosetta 2, 0 natively; the name does not exist
// on Intel Macs.
func translated() bool {
	v, err := unix.SysctlUint32("sysctl.proc_translated")
	return err == nil && v == 1
}
