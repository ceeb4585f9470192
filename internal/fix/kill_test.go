//go:build linux

package fix

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// TestKillLeavesAReusedPid plans watch's orphan finding for a real process, whose start time
// the census saw differently (a pid given to another program since): the step asks first, and
// applying it signals nothing, records the pid as gone and re-checks through a fresh look.
func TestKillLeavesAReusedPid(t *testing.T) {
	dir := t.TempDir()
	e := testEngine(dir)
	cmd := exec.Command("sleep", "100")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ctx := context.Background()
	p, ok := host.FindProcess(ctx, e.o.Host, cmd.Process.Pid)
	if !ok {
		t.Fatal("the sleeper is not in /proc")
	}
	kill := finding.Action{Kind: finding.Kill, Pid: p.Pid, Path: p.Exe, Started: p.Start.Add(-time.Hour).UTC().Format(time.RFC3339Nano)}
	looks := 0
	e.o.Watch = func(context.Context) []finding.Finding {
		looks++
		return []finding.Finding{{ID: "watch.gopls.orphaned", Layer: finding.LayerWatch, Status: finding.Warn,
			Fix: &finding.Fix{Summary: "end it", Actions: []finding.Action{kill}}}}
	}
	e.o.NoChecks = true
	e.Check(ctx)
	steps := e.Plan(ctx)
	if len(steps) != 1 || steps[0].Mode != result.FixConfirm || len(steps[0].Changes) != 1 || !steps[0].Changes[0].Noop {
		t.Fatalf("plan %+v: want one confirm step whose kill is a no-op (not the process the census saw)", steps)
	}
	e.Apply(ctx, steps[0])
	if _, alive := host.FindProcess(ctx, e.o.Host, cmd.Process.Pid); !alive {
		t.Fatal("the process of a reused pid was signalled")
	}
	if k := e.journal.Steps[0].Kills; len(k) != 1 || k[0].Ended != "already gone" || k[0].happened() {
		t.Errorf("journal kills %+v", k)
	}
	if looks != 2 || len(steps[0].Recheck) != 1 {
		t.Errorf("%d looks, re-check %+v: want the census taken again", looks, steps[0].Recheck)
	}
	if e.journal.changed() {
		t.Error("a run that signalled nothing counts as a change to undo")
	}
}

// TestPlanLeavesWatchEvidence: of watch's findings the plan takes only what fix can do (a kill);
// a crash in the editor's logs and a memory peak are evidence with a manual repair, and planning
// them would make `fix --dry-run` exit 1 until the logs age out.
func TestPlanLeavesWatchEvidence(t *testing.T) {
	e := testEngine(t.TempDir())
	manual := &finding.Fix{Summary: "read the crash and raise the limit"}
	e.o.Watch = func(context.Context) []finding.Finding {
		return []finding.Finding{
			{ID: "watch.gopls.crashes", Layer: finding.LayerWatch, Status: finding.Fail, Fix: manual},
			{ID: "watch.gopls.memory", Layer: finding.LayerWatch, Status: finding.Warn, Fix: manual},
		}
	}
	e.o.NoChecks = true
	ctx := context.Background()
	e.Check(ctx)
	if steps := e.Plan(ctx); len(steps) != 0 {
		t.Fatalf("plan %+v: want no step for watch's evidence", steps)
	}
}
