package goenv

import "strings"

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
