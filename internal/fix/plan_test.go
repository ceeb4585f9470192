package fix

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

func TestPlan(t *testing.T) {
	unset := []finding.Action{{Kind: finding.GoEnvUnset, Key: "GOFLAGS"}}
	mkdir := []finding.Action{{Kind: finding.Mkdir, Path: "/nonexistent/gomedic-test/dir"}}
	dir := t.TempDir()
	e := testEngine(dir)
	e.goEnv = filepath.Join(dir, "go", "env") // what Check finds
	gopls := []finding.Action{{Kind: finding.GoInstall, Package: "golang.org/x/tools/gopls", Version: "latest"}}
	toolchain := []finding.Action{{Kind: finding.GoEnvSet, Key: "GOTOOLCHAIN", Value: "auto"}}
	tidy := []finding.Action{{Kind: finding.RunCommand, Argv: []string{"go", "mod", "tidy"}}}
	e.findings = []finding.Finding{
		{ID: "env.goflags", Layer: finding.LayerEnv, Status: finding.Fail, Fix: &finding.Fix{Summary: "unset", Auto: true, Actions: unset}},
		{ID: "go.runs", Layer: finding.LayerGo, Status: finding.Skip, BlockedBy: "env.goflags", Fix: &finding.Fix{Summary: "x", Auto: true, Actions: mkdir}},
		{ID: "tools.gopls.runs", Layer: finding.LayerTools, Status: finding.Fail, Fix: &finding.Fix{Summary: "unset", Auto: true, Actions: unset}},
		{ID: "tools.gopls.found", Layer: finding.LayerTools, Status: finding.Fail, Fix: &finding.Fix{Summary: "install", Auto: true, Actions: gopls}},
		{ID: "env.cgo", Layer: finding.LayerEnv, Status: finding.Warn, Fix: &finding.Fix{Summary: "not automatic", Actions: mkdir}},
		{ID: "env.gotmpdir", Layer: finding.LayerEnv, Status: finding.Warn, Fix: &finding.Fix{Summary: "mkdir", Auto: true, Actions: mkdir}},
		{ID: "env.gotoolchain", Layer: finding.LayerEnv, Status: finding.Warn, Fix: &finding.Fix{Summary: "auto", Auto: true, Actions: toolchain}},
		{ID: "go.version", Layer: finding.LayerGo, Status: finding.Fail, Fix: &finding.Fix{Summary: "install a newer Go", Commands: []string{"brew upgrade go"}}},
		{ID: "ws.deps", Layer: finding.LayerWorkspace, Status: finding.Fail, Fix: &finding.Fix{Summary: "tidy", Auto: true, Actions: tidy}},
		{ID: "env.ok", Layer: finding.LayerEnv, Status: finding.OK},
	}
	steps := e.Plan(context.Background())
	type row struct {
		checks []string
		mode   result.FixMode
	}
	// The chain's order (go, env, tools, workspace), the findings' order within a layer.
	want := []row{
		{[]string{"go.version"}, result.FixManual},
		{[]string{"env.goflags", "tools.gopls.runs"}, result.FixAuto}, // merged; the blocked go.runs left out
		{[]string{"env.gotmpdir"}, result.FixAuto},                    // a warning with an automatic fix; env.cgo's is not
		{[]string{"env.gotoolchain"}, result.FixAuto},                 // before the install it lets build
		{[]string{"tools.gopls.found"}, result.FixAuto},
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
	if !slices.Equal(steps[1].blocked, []string{"go.runs"}) {
		t.Errorf("step 2 re-checks %v as blocked, want go.runs", steps[1].blocked)
	}
	if Pending(steps[0]) {
		t.Error("a manual step counts as pending")
	}

	// An action gomedic cannot apply (no start-up file known, as for cmd.exe) makes its step manual.
	e.findings = []finding.Finding{{ID: "env.gobin_on_path", Layer: finding.LayerEnv, Status: finding.Fail,
		Fix: &finding.Fix{Summary: "path", Commands: []string{"setx ..."}, Actions: []finding.Action{{Kind: finding.PathAdd, Path: "/x"}}}}}
	steps = e.Plan(context.Background())
	if len(steps) != 1 || steps[0].Mode != result.FixManual || steps[0].Error == "" {
		t.Errorf("a step without a file to edit: %+v", steps)
	}
}

// testEngine is an engine over an empty catalog (the re-checks find nothing) writing its
// journals under dir/journal. Everything a fix may write is under dir: the home directory and
// the variables that move the go env file and the configuration and data directories; it refuses
// to start otherwise.
func testEngine(dir string) *Engine {
	h := host.NewReal(append(os.Environ(), "HOME="+filepath.Join(dir, "home"), "GOENV="+filepath.Join(dir, "home", ".config", "go", "env"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "home", ".config"), "XDG_DATA_HOME="+filepath.Join(dir, "home", ".local", "share"), "ZDOTDIR="))
	if home := h.HomeDir(); !strings.HasPrefix(home, dir+string(filepath.Separator)) {
		panic("a fix test must run with HOME inside its temporary directory " + dir + ", not " + home)
	}
	return New(Options{
		Host:     h,
		NewHost:  func(env []string) host.Host { return host.NewReal(env) },
		NewFacts: func(ctx context.Context, h host.Host) *facts.Facts { return facts.New(ctx, h, dir, 5*time.Second) },
		Catalog:  doctor.NewCatalog(),
		Root:     filepath.Join(dir, "journal"),
		Timeout:  5 * time.Second,
	})
}
