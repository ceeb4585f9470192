package goenv

import (
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// Origins, as Origin names them.
const (
	OriginToolchain = "toolchain downloaded by the go command (GOTOOLCHAIN)"
	OriginDL        = "golang.org/dl"
	OriginHomebrew  = "Homebrew"
	OriginMacPorts  = "MacPorts"
	OriginDistro    = "distribution package"
	OriginSnap      = "snap"
	OriginGoenv     = "goenv"
	OriginAsdf      = "asdf"
	OriginMise      = "mise"
	OriginGVM       = "gvm"
	OriginScoop     = "Scoop"
	OriginOfficial  = "official archive or installer"
	OriginUnknown   = "unknown origin"
)

// Origin says how the Go tree at root was most likely installed, from where it is.
func Origin(h host.Host, root, gomodcache string) string {
	r := slashes(root)
	home := slashes(h.HomeDir())
	has := func(s string) bool { return strings.Contains(r, s) }
	switch {
	case has("/golang.org/toolchain@") || gomodcache != "" && strings.HasPrefix(r, slashes(gomodcache)+"/"):
		return OriginToolchain
	case home != "" && strings.HasPrefix(r, home+"/sdk/go"):
		return OriginDL
	case has("/Cellar/go") || has("/homebrew/") || has("/linuxbrew/") || strings.HasSuffix(r, "/opt/go/libexec"):
		return OriginHomebrew
	case strings.HasPrefix(r, "/opt/local/lib/go"):
		return OriginMacPorts
	case strings.HasPrefix(r, "/snap/"):
		return OriginSnap
	case has("/.goenv/"):
		return OriginGoenv
	case has("/.asdf/"):
		return OriginAsdf
	case has("/mise/"):
		return OriginMise
	case has("/.gvm/"):
		return OriginGVM
	case has("/scoop/"):
		return OriginScoop
	case strings.HasPrefix(r, "/usr/lib/go") || strings.HasPrefix(r, "/usr/share/go") || strings.HasPrefix(r, "/usr/lib64/go"):
		return OriginDistro
	}
	if ReadVersion(h, root) != "" {
		return OriginOfficial
	}
	return OriginUnknown
}

// Shim names the version manager whose shim goBin is (a script that picks a Go per directory),
// or "". gvm has no shims: it puts the chosen Go's own bin directory on PATH.
func Shim(goBin string) string {
	p := slashes(goBin)
	switch {
	case strings.Contains(p, "/.goenv/shims/"):
		return OriginGoenv
	case strings.Contains(p, "/.asdf/shims/"):
		return OriginAsdf
	case strings.Contains(p, "/mise/shims/"):
		return OriginMise
	case strings.Contains(p, "/scoop/shims/"):
		return OriginScoop
	}
	return ""
}

// slashes writes p with forward slashes whatever the OS gomedic runs on: a Windows path seen by a
// Windows host, or by a fake one in a test on Unix.
func slashes(p string) string { return strings.ReplaceAll(p, `\`, "/") }
