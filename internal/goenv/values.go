package goenv

import (
	"fmt"
	"go/version"
	"strings"
)

// GoflagsModMode is the first -mod=vendor or -mod=mod of a GOFLAGS value, as env.goflags judges
// it ("vendor", "mod"), or "".
func GoflagsModMode(goflags string) string {
	for _, flag := range strings.Fields(goflags) {
		switch strings.TrimLeft(flag, "-") {
		case "mod=vendor":
			return "vendor"
		case "mod=mod":
			return "mod"
		}
	}
	return ""
}

// GO111MODULEValid reports whether the go command accepts v as GO111MODULE: on, off, auto or
// empty; anything else makes every go command that loads packages fail with "go: unknown
// environment setting GO111MODULE=v".
func GO111MODULEValid(v string) bool {
	switch strings.TrimSpace(v) {
	case "", "on", "off", "auto":
		return true
	}
	return false
}

// ToolchainError returns the go command's complaint about a GOTOOLCHAIN value, or "" when it
// accepts it. It mirrors cmd/go/internal/toolchain: local, auto, path, or a toolchain name, the
// last two optionally with +auto or +path.
func ToolchainError(v string) string {
	if v == "auto" || v == "path" || v == "local" {
		return ""
	}
	min, suffix, plus := strings.Cut(v, "+")
	if min != "local" && ToolchainVersion(min) == "" {
		if plus {
			return fmt.Sprintf("invalid GOTOOLCHAIN %q: invalid minimum toolchain %q", v, min)
		}
		return fmt.Sprintf("invalid GOTOOLCHAIN %q", v)
	}
	if plus && suffix != "auto" && suffix != "path" {
		return fmt.Sprintf("invalid GOTOOLCHAIN %q: only version suffixes are +auto and +path", v)
	}
	return ""
}

// ToolchainVersion is the Go version a toolchain name stands for ("go1.22.3" -> "go1.22.3",
// "mybuild-go1.22.3" -> "go1.22.3"), or "" for a name the go command does not accept.
func ToolchainVersion(name string) string {
	if strings.ContainsAny(name, `\/`) {
		return ""
	}
	var v string
	switch {
	case strings.HasPrefix(name, "go"):
		v = name[2:]
	case strings.Contains(name, "-go"):
		v = name[strings.Index(name, "-go")+3:]
	default:
		return ""
	}
	if i := strings.IndexAny(v, " \t-"); i >= 0 {
		v = v[:i]
	}
	if !version.IsValid("go" + v) {
		return ""
	}
	return "go" + v
}

// IsLangVersion reports whether a toolchain name is a Go language version of Go 1.21 or later
// ("go1.27"), which names no release: those are go1.27.0, go1.27.1, ... (gover.IsLang).
func IsLangVersion(name string) bool {
	v := ToolchainVersion(name)
	return v != "" && strings.Count(v, ".") == 1 && !strings.ContainsAny(v, "rcbeta") && Minor(v) >= 21
}
