package toolset

import (
	"github.com/gomedic/gomedic/internal/goenv"
	"golang.org/x/mod/semver"
)

// Printed is the version a tool printed, as shown and as a module version.
type Printed struct {
	Shown  string // as the tool printed it: "v0.21.1", "1.27.2", "2025.1 (0.6.0)", "(devel)"
	Module string // the module version it stands for ("v0.6.0"), or "" when it names none
}

// ParseVersion finds t's version in the output of its version command. ok is false when no
// pattern matches: the tool printed something else.
func (t *Tool) ParseVersion(output string) (p Printed, ok bool) {
	for _, re := range t.VersionPatterns {
		m := re.FindStringSubmatch(output)
		if m == nil {
			continue
		}
		p.Shown = m[1]
		mod := m[1]
		if len(m) > 2 {
			mod = m[2]
		}
		p.Module = ModuleVersion(mod)
		return p, true
	}
	return Printed{}, false
}

// ModuleVersion turns a printed version into a module version: "1.27.2" -> "v1.27.2"; it returns
// "" for text that is not a semantic version ("(devel)").
func ModuleVersion(s string) string {
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		s = "v" + s
	}
	if !semver.IsValid(s) {
		return ""
	}
	return s
}

// langOf is the language version of a go line or runtime version: "1.26.0" -> "go1.26".
func langOf(v string) string {
	if l := goenv.Lang(v); l != "" {
		return l
	}
	return v
}
