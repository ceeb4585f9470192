package host

import (
	"runtime"

	"golang.org/x/sys/windows"
)

// nativeArch asks Windows for the machine's architecture, which differs from gomedic's own on
// Windows on Arm running an x64 or x86 build.
func nativeArch() string {
	var process, native uint16
	if err := windows.IsWow64Process2(windows.CurrentProcess(), &process, &native); err != nil {
		return runtime.GOARCH
	}
	switch native {
	case 0x8664:
		return "amd64"
	case 0xAA64:
		return "arm64"
	case 0x014c:
		return "386"
	}
	return runtime.GOARCH
}

func translated() bool { return nativeArch() != runtime.GOARCH }
