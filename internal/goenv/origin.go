package goenv

import (
	"path/filepath"
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
	r := filepath.ToSlash(root)
	home := filepath.ToSlash(h.HomeDir())
	has := func(s string) bool { return strings.Contains(r, s) }
	switch {
	case has("/golang.org/toolchain@") || gomodcache != "" && strings.HasPrefix(r, filepath.ToSlash(gomodcache)+"/"):
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
// or "".
func Shim(goBin string) string {
	p := filepath.ToSlash(goBin)
	switch {
	case strings.Contains(p, "/.goenv/shims/"):
		return OriginGoenv
	case strings.Contains(p, "/.asdf/shims/"):
		return OriginAsdf
	case strings.Contains(p, "/mise/shims/"):
		return OriginMise
	case strings.Contains(p, "/.gvm/"):
		return OriginGVM
	case strings.Contains(p, "/scoop/shims/"):
		return OriginScoop
	}
	return ""
}
