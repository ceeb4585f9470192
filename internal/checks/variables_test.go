package checks

import (
	"regexp"
	"testing"
)

// TestVariablesNameRealChecks: every check the table of the go command's variables names is a
// check of the catalog.
func TestVariablesNameRealChecks(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range Catalog().Infos() {
		ids[c.ID] = true
	}
	idLike := regexp.MustCompile(`\b(?:go|env|net|tools|editor|ws)\.[a-z0-9_.-]*[a-z0-9_]`)
	for _, v := range Variables() {
		for _, id := range idLike.FindAllString(v.Checks, -1) {
			if !ids[id] {
				t.Errorf("%s: %q names %s, which is no check", v.Name, v.Checks, id)
			}
		}
	}
}
