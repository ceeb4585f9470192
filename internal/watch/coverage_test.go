package watch

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryWatchFindingHasABrokenAndAHealthyScenario checks that each watch.* id of Infos is
// shown as a problem (the status its catalog entry says it fails with first) by a scenario in
// testdata/script and as ok by another, judged from their `want ID STATUS` lines; and that no
// scenario wants a watch id the catalog does not have.
func TestEveryWatchFindingHasABrokenAndAHealthyScenario(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "script", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios found: %v", err)
	}
	want := regexp.MustCompile(`(?m)^\s*want\s+(watch\.\S+)\s+(\w+)`)
	seen := map[string]map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range want.FindAllStringSubmatch(string(data), -1) {
			if seen[m[1]] == nil {
				seen[m[1]] = map[string]bool{}
			}
			seen[m[1]][m[2]] = true
		}
	}
	known := map[string]bool{}
	for _, in := range Infos() {
		known[in.ID] = true
		problem := "warn"
		if strings.HasPrefix(in.Fails, "F:") {
			problem = "fail"
		}
		if !seen[in.ID][problem] {
			t.Errorf("no scenario wants %s %s", in.ID, problem)
		}
		if !seen[in.ID]["ok"] && !seen[in.ID]["info"] {
			t.Errorf("no scenario wants %s ok", in.ID)
		}
	}
	for id := range seen {
		if !known[id] {
			t.Errorf("scenarios want %s, which watch.Infos does not list", id)
		}
	}
}
