package checks_test

import (
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/gomedic/gomedic/internal/checks"
	"github.com/gomedic/gomedic/internal/doctor"
)

// scenarioDir holds the end-to-end scenarios run by cmd/gomedic's TestScripts.
const scenarioDir = "../../testdata/script"

// notBuildable are the findings no scenario can produce on a test machine, each with the reason
// and the unit test that covers it instead. Keep it short: a state that can be built with the
// real go command belongs in a scenario.
var notBuildable = map[string]string{
	"go.version fail": "a Go older than go1.21 cannot be had: the go command downloads toolchains from go1.21.0 on, and a " +
		"release archive would be a download past the module proxy (TestDarwinHomebrewOriginAndUpgrade in internal/checks)",
	"editor.env_mismatch fail": "the Go extension also looks for go in /usr/local/go/bin and /usr/local/bin, where the test " +
		"machines' Go lives, so a go the editor cannot find needs a machine whose Go is elsewhere " +
		"(TestEnvMismatchBashrcOnly and TestEnvMismatchMacLookupTimesOut in internal/checks/editor)",
}

// scenarioWant matches a `want ID STATUS` line of a scenario, after any conditions; a negated
// `! want` asserts nothing about what the check says.
var scenarioWant = regexp.MustCompile(`^\s*(?:\[[^\]]*\]\s*)*want\s+(\S+)\s+(\S+)`)

// scenarioStatuses reads every scenario's script and returns, for each check id (tools.T.S as
// tools.*.S), the statuses scenarios want from it and the scenarios that want each.
func scenarioStatuses(t *testing.T) map[string]map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios in %s: %v", scenarioDir, err)
	}
	seen := map[string]map[string][]string{}
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(a.Comment), "\n") {
			m := scenarioWant.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			id, status := perTool(m[1]), m[2]
			if seen[id] == nil {
				seen[id] = map[string][]string{}
			}
			seen[id][status] = append(seen[id][status], filepath.Base(file))
		}
	}
	return seen
}

// perTool is id with the tool of a per-tool check replaced by *: tools.gopls.runs is tools.*.runs.
func perTool(id string) string {
	if rest, ok := strings.CutPrefix(id, "tools."); ok {
		if _, suffix, ok := strings.Cut(rest, "."); ok {
			return "tools.*." + suffix
		}
	}
	return id
}

// problemStatus is the status a check gives a broken environment, from what its catalog entry
// says fails it: fail ("F:"), else warn ("W:"), else "" for a check that only informs.
func problemStatus(c *doctor.Check) string {
	switch {
	case strings.Contains(c.Fails, "F:"):
		return "fail"
	case strings.Contains(c.Fails, "W:"):
		return "warn"
	}
	return ""
}

// TestEveryCheckHasABrokenAndAHealthyScenario checks that every check of the catalog, deep and
// online ones included (per-tool checks once per kind, tools.*.found for tools.gopls.found,
// tools.dlv.found, ...), is shown failing by at least one scenario in testdata/script (warning,
// for a check that can only warn) and healthy (ok or info) by another, judged from their
// `want ID STATUS` lines. A check that only informs needs a healthy scenario. What no machine
// can build is in notBuildable, with the reason.
func TestEveryCheckHasABrokenAndAHealthyScenario(t *testing.T) {
	seen := scenarioStatuses(t)
	known := map[string]bool{}
	var missing []string
	for _, c := range checks.Catalog().Checks() {
		id := perTool(c.ID)
		if known[id] {
			continue
		}
		known[id] = true
		has := func(statuses ...string) bool {
			return slices.ContainsFunc(statuses, func(s string) bool { return len(seen[id][s]) > 0 })
		}
		if p := problemStatus(c); p != "" && !has(p) {
			if _, ok := notBuildable[id+" "+p]; !ok {
				missing = append(missing, id+" "+p)
			}
		}
		if !has("ok", "info") {
			missing = append(missing, id+" ok (or info)")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no scenario in testdata/script wants %s (build the environment for real, or say in notBuildable why no machine can)", m)
	}
	for entry := range notBuildable {
		id, status, _ := strings.Cut(entry, " ")
		if len(seen[id][status]) > 0 {
			t.Errorf("notBuildable lists %q, but %v want it: remove the entry", entry, seen[id][status])
		}
	}
	for id := range seen {
		// gomedic watch's findings are its own catalog's (internal/watch tests their scenarios).
		if !known[id] && !strings.HasPrefix(id, "watch.") {
			t.Errorf("scenarios %v want %s, which is not in the catalog", scenarioFiles(seen[id]), id)
		}
	}
}

// scenarioFiles lists the scenarios of a status map.
func scenarioFiles(byStatus map[string][]string) []string {
	var files []string
	for _, fs := range byStatus {
		files = append(files, fs...)
	}
	sort.Strings(files)
	return slices.Compact(files)
}
