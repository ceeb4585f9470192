package fix

import (
	"context"
	"slices"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

func TestPlan(t *testing.T) {
	unset := []finding.Action{{Kind: finding.GoEnvUnset, Key: "GOFLAGS"}}
	mkdir := []finding.Action{{Kind: finding.Mkdir, Path: "/nonexistent/gomedic-test/dir"}}
	e := testEngine(t.TempDir())
	e.findings = []finding.Finding{
		{ID: "env.goflags", Status: finding.Fail, Fix: &finding.Fix{Summary: "unset", Auto: true, Actions: unset}},
		{ID: "go.runs", Status: finding.Skip, BlockedBy: "env.goflags", Fix: &finding.Fix{Summary: "x", Auto: true, Actions: mkdir}},
		{ID: "tools.gopls.runs", Status: finding.Fail, Fix: &finding.Fix{Summary: "unset", Auto: true, Actions: unset}},
		{ID: "env.cgo", Status: finding.Warn, Fix: &finding.Fix{Summary: "not automatic", Actions: mkdir}},
		{ID: "env.gotmpdir", Status: finding.Warn, Fix: &finding.Fix{Summary: "mkdir", Auto: true, Actions: mkdir}},
		{ID: "go.version", Status: finding.Fail, Fix: &finding.Fix{Summary: "install a newer Go", Commands: []string{"brew upgrade go"}}},
		{ID: "ws.deps", Status: finding.Fail, Fix: &finding.Fix{Summary: "tidy", Auto: true, Actions: []finding.Action{{Kind: finding.RunCommand, Argv: []string{"go", "mod", "tidy"}}}}},
		{ID: "env.ok", Status: finding.OK},
	}
	steps := e.Plan(context.Background())
	type row struct {
		checks []string
		mode   result.FixMode
	}
	want := []row{
		{[]string{"env.goflags", "tools.gopls.runs"}, result.FixAuto}, // merged; the blocked go.runs left out
		{[]string{"env.gotmpdir"}, result.FixAuto},                    // a warning with an automatic fix; env.cgo's is not
		{[]string{"go.version"}, result.FixManual},
		{[]string{"ws.deps"}, result.FixConfirm}, // a command asks first even when Auto
	}
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d: %+v", len(steps), len(want), steps)
	}
	for i, w := range want {
		if !slices.Equal(steps[i].Checks, w.checks) || steps[i].Mode != w.mode {
			t.Errorf("step %d: %v %s, want %v %s", i+1, steps[i].Checks, steps[i].Mode, w.checks, w.mode)
		}
	}
	if !slices.Equal(steps[0].blocked, []string{"go.runs"}) {
		t.Errorf("step 1 re-checks %v as blocked, want go.runs", steps[0].blocked)
	}
	if Pending(steps[2]) {
		t.Error("a manual step counts as pending")
	}
}
