package binfo

// Target is one OS/arch an executable (or one slice of a universal Mach-O)
// runs on, in GOOS/GOARCH terms ("linux"/"amd64", "darwin"/"arm64",
// "windows"/"386", ...). Arch is "" when the machine type is not one Go
// knows.
type Target struct {
	OS, Arch string
}

// String returns t as "os/arch", with "?" for an unknown arch.
func (t Target) String() string {
	arch := t.Arch
	if arch == "" {
		arch = "?"
	}
	return t.OS + "/" + arch
}

// Matches reports whether t can run natively on host goos/goarch ("linux",
// "amd64"): same OS and same arch, or an arch pair that runs natively (386
// on amd64 for linux and windows). arm on arm64 is not assumed, since many
// arm64 Linux kernels and CPUs lack 32-bit support.
func (t Target) Matches(goos, goarch string) bool {
	if t.OS == "" || t.Arch == "" || t.OS != goos {
		return false
	}
	if t.Arch == goarch {
		return true
	}
	return t.Arch == "386" && goarch == "amd64" && (goos == "linux" || goos == "windows")
}

// Emulated reports whether t runs on host goos/goarch only through
// emulation: darwin amd64 on darwin arm64 (Rosetta 2), windows amd64 or 386
// on windows arm64.
func (t Target) Emulated(goos, goarch string) bool {
	if t.OS != goos || goarch != "arm64" {
		return false
	}
	switch goos {
	case "darwin":
		return t.Arch == "amd64"
	case "windows":
		return t.Arch == "amd64" || t.Arch == "386"
	}
	return false
}
