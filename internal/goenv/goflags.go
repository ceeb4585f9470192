package goenv

import (
	"slices"
	"strconv"
	"strings"
)

// ModFlag reports whether a GOFLAGS entry is -mod or -modfile, which break resolving and building
// a tool outside any module: -mod=vendor fails every module query ("cannot query module due to
// -mod=vendor"), and -modfile makes go list -m look for a main module ("go: cannot find main
// module, but -modfile was set.").
func ModFlag(flag string) bool {
	name, _, _ := strings.Cut(strings.TrimLeft(flag, "-"), "=")
	return name == "mod" || name == "modfile"
}

// HasModFlag reports whether a GOFLAGS value holds a -mod or -modfile flag.
func HasModFlag(goflags string) bool {
	for _, fl := range strings.Fields(goflags) {
		if ModFlag(fl) {
			return true
		}
	}
	return false
}

// WithoutModFlags removes -mod and -modfile flags from a GOFLAGS value and adds -mod=readonly, the
// default outside a module: set in the environment, it hides the go env file's GOFLAGS, where an
// empty value would let it through.
func WithoutModFlags(goflags string) string {
	var kept []string
	for _, fl := range strings.Fields(goflags) {
		if !ModFlag(fl) {
			kept = append(kept, fl)
		}
	}
	return strings.Join(append(kept, "-mod=readonly"), " ")
}

// SplitQuoted splits a value into words as the go command splits GOFLAGS and CC
// (cmd/internal/quoted.Split): at spaces, tabs and newlines, and a word that starts with ' or "
// runs to the matching quote, unquoted ('-ldflags=-s -w', "/opt/my tools/gcc"). An unterminated
// quote gives ok false.
func SplitQuoted(s string) (words []string, ok bool) {
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\n\r")
		if s == "" {
			break
		}
		if q := s[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[1:], q)
			if end < 0 {
				return nil, false
			}
			words = append(words, s[1:1+end])
			s = s[2+end:]
			continue
		}
		end := strings.IndexAny(s, " \t\n\r")
		if end < 0 {
			end = len(s)
		}
		words = append(words, s[:end])
		s = s[end:]
	}
	return words, true
}

// SplitGOFLAGS splits a GOFLAGS value into its entries as the go command does (SplitQuoted). An
// unterminated quote gives the fields strings.Fields gives.
func SplitGOFLAGS(s string) []string {
	if words, ok := SplitQuoted(s); ok {
		return words
	}
	return strings.Fields(s)
}

// EnvCmdFlag is a GOFLAGS entry that names a flag of go env itself. The go command applies every
// GOFLAGS entry to every command that has the flag (cmd/go/internal/base.SetFromGOFLAGS), go env
// included, so such an entry changes what every go env does.
type EnvCmdFlag struct {
	Entry string // the entry as written in GOFLAGS: "-w", "--u=true"
	Name  string // the flag: "w", "u", "json", "changed"
	// Prev is the entry before it, when it sets a flag whose value is a list (-ldflags=-s): the
	// sign of a value with spaces that GOFLAGS split in two.
	Prev string
}

// envCmdFlags are go env's own boolean flags (cmd/go/internal/envcmd).
var envCmdFlags = []string{"w", "u", "json", "changed"}

// listFlags are the build flags whose value is a space-separated list of further flags.
var listFlags = []string{"ldflags", "gcflags", "asmflags", "gccgoflags"}

// EnvCmdFlags returns the entries of a GOFLAGS value that turn on a flag of go env (-w, -u,
// -json, -changed, with or without =true, or with a value that is not a boolean, which go env
// rejects with its usage message); -w=false and the like change nothing.
func EnvCmdFlags(goflags string) []EnvCmdFlag {
	var out []EnvCmdFlag
	entries := SplitGOFLAGS(goflags)
	for i, e := range entries {
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(e, "-"), "-"), "=")
		if !strings.HasPrefix(e, "-") || !slices.Contains(envCmdFlags, name) {
			continue
		}
		if on, err := strconv.ParseBool(value); hasValue && err == nil && !on {
			continue // -w=false: go env's default
		}
		fl := EnvCmdFlag{Entry: e, Name: name}
		if i > 0 {
			prev, _, _ := strings.Cut(strings.TrimLeft(entries[i-1], "-"), "=")
			if slices.Contains(listFlags, prev) && strings.Contains(entries[i-1], "=") {
				fl.Prev = entries[i-1]
			}
		}
		out = append(out, fl)
	}
	return out
}
