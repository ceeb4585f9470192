// Package fix is `gomedic fix`: it turns the findings of the checks into a plan (root causes
// first, one step per distinct fix, symptoms a root cause clears left out), shows what each step
// changes, applies the steps with a write-ahead journal, re-checks, and undoes a run from its
// journal. Tools are installed through an Installer the caller passes in.
package fix

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// Installer installs a tool and puts back the version active before: the tools installer, passed
// in by the command line so that fix does not depend on it.
type Installer interface {
	// Install installs pkg at version (a query: "latest", "v0.20.0") and returns the tool's name and
	// the version that was active before ("" when none).
	Install(ctx context.Context, pkg, version string) (tool, previous string, err error)
	// Undo makes previous the active version of tool again, or removes tool when previous is "".
	Undo(ctx context.Context, tool, previous string) error
}

// Options configure an Engine.
type Options struct {
	Host host.Host
	// NewHost is a host like Host with another environment: the re-checks after a start-up file
	// edit run with the environment a new shell gets.
	NewHost func(environ []string) host.Host
	// NewFacts gathers fresh facts through h, for the first run of the checks and each re-check.
	NewFacts  func(ctx context.Context, h host.Host) *facts.Facts
	Catalog   *doctor.Catalog
	Doctor    doctor.Options
	Workspace string
	// Root is the journals' directory: gomedic's data directory + /fix.
	Root      string
	Timeout   time.Duration
	Installer Installer
	// Watch, when set, is the findings of `gomedic watch` (ids watch.*) the run plans too: one
	// look of the census, scoped and selected by the caller. It is called again to re-check a
	// step of the watch layer.
	Watch func(ctx context.Context) []finding.Finding
	// NoChecks leaves the checks out: the run plans watch's findings alone (--layer watch).
	NoChecks bool
	// Pause, when set, is called at each point where a crash must leave things whole: "journaled"
	// (a change is in the journal, not yet made), "written" (in the middle of a file's write: the
	// new content is in a temporary file beside it, not yet renamed over it), "changed" (one
	// action done) and "step" (a step done and re-checked). Tests kill the process there.
	Pause func(point string)
}

// Engine plans and applies the fixes of one run.
type Engine struct {
	o        Options
	findings []finding.Finding
	goBin    string
	goEnv    string // the go env file
	journal  *Journal
}

// pause calls Options.Pause.
func (e *Engine) pause(point string) {
	if e.o.Pause != nil {
		e.o.Pause(point)
	}
}

// New returns an Engine.
func New(o Options) *Engine { return &Engine{o: o} }

// Check runs the checks as `gomedic check` would and keeps what the fixes need (the go command,
// the go env file), then takes watch's look when Options.Watch is set.
func (e *Engine) Check(ctx context.Context) []finding.Finding {
	e.findings = nil
	if !e.o.NoChecks {
		e.runChecks(ctx)
	}
	if e.o.Watch != nil {
		e.findings = append(e.findings, e.o.Watch(ctx)...)
	}
	return e.findings
}

// runChecks runs the checks and keeps what their fixes need.
func (e *Engine) runChecks(ctx context.Context) {
	f := e.o.NewFacts(ctx, e.o.Host)
	defer f.Close()
	e.findings = doctor.Run(ctx, e.o.Catalog, f, e.o.Doctor)
	e.goBin, _ = f.GoBin()
	e.goEnv = f.GoVar("GOENV")
	if e.goEnv == "" { // go env did not run (a toolchain it cannot switch to): where the go command would look
		e.goEnv = f.Sources().UserFile
	}
}

// Step is one step of the plan, with what the engine needs to apply it.
type Step struct {
	result.FixStep
	blocked []string // checks skipped because of this step's checks
	layer   finding.Layer
}

// Plan turns the findings into steps: the fixes of failures, of warnings with an automatic fix
// and of watch's warnings with actions (a kill, which asks first), layer by layer along the chain and in the findings' order within a layer (root causes first); findings skipped as blocked are left out (their
// cause's step re-checks them); one step per distinct list of actions.
func (e *Engine) Plan(ctx context.Context) []*Step {
	var steps []*Step
	byKey := map[string]*Step{}
	for _, fd := range e.findings {
		if !wanted(fd) {
			continue
		}
		key := fd.Fix.Summary
		if len(fd.Fix.Actions) > 0 {
			b, _ := json.Marshal(fd.Fix.Actions)
			key = string(b)
		}
		if s := byKey[key]; s != nil {
			s.Checks = append(s.Checks, fd.ID)
			continue
		}
		s := &Step{layer: fd.Layer, FixStep: result.FixStep{N: len(steps) + 1, Checks: []string{fd.ID}, Title: fd.Title, Summary: fd.Fix.Summary,
			Mode: mode(fd.Fix), Actions: fd.Fix.Actions, Commands: fd.Fix.Commands, Outcome: result.FixPlanned}}
		if s.Mode == result.FixManual {
			s.Outcome = result.FixManualOnly
		}
		byKey[key] = s
		steps = append(steps, s)
	}
	// The chain's order: a fix of an earlier link (GOTOOLCHAIN, PATH) changes what a later one
	// (a tool's install) runs with, whatever the severity that placed its finding first.
	slices.SortStableFunc(steps, func(a, b *Step) int { return cmp.Compare(a.layer.Index(), b.layer.Index()) })
	for i, s := range steps {
		s.N = i + 1
		s.blocked = e.blockedBy(s.Checks)
		e.Refresh(ctx, s)
	}
	return steps
}

// wanted reports whether fd's fix belongs in the plan.
func wanted(fd finding.Finding) bool {
	if fd.Fix == nil || fd.BlockedBy != "" && fd.Status == finding.Skip {
		return false
	}
	if fd.Layer == finding.LayerWatch {
		// Only what fix can do: end a leftover process, after a yes. A crash in the logs or a
		// memory peak is evidence watch reports; fix has nothing to apply for it, and a plan
		// that lists it would fail `fix --dry-run` for a day after the cause is gone.
		return fd.Status != finding.OK && len(fd.Fix.Actions) > 0
	}
	return fd.Status == finding.Fail || fd.Status == finding.Warn && fd.Fix.Auto
}

// mode is how a fix is applied: manual without actions; a command (run) only with a confirmation.
func mode(fx *finding.Fix) result.FixMode {
	if len(fx.Actions) == 0 {
		return result.FixManual
	}
	for _, a := range fx.Actions {
		if a.Kind == finding.RunCommand {
			return result.FixConfirm
		}
	}
	if fx.Auto {
		return result.FixAuto
	}
	return result.FixConfirm
}

// blockedBy lists the findings skipped because one of ids failed.
func (e *Engine) blockedBy(ids []string) []string {
	var out []string
	for _, fd := range e.findings {
		if fd.Status == finding.Skip && slices.Contains(ids, fd.BlockedBy) {
			out = append(out, fd.ID)
		}
	}
	return out
}

// Refresh shows the changes of s again from the files as they are now, after the steps before it.
// A step with an action gomedic cannot apply (no start-up file is known for the shell, a file
// that is not a regular file) becomes manual: its commands are for the user.
func (e *Engine) Refresh(ctx context.Context, s *Step) {
	if s.Mode == result.FixManual {
		return
	}
	s.Changes = e.preview(ctx, s)
	for _, c := range s.Changes {
		if c.Error != "" {
			s.Mode, s.Outcome, s.Error = result.FixManual, result.FixManualOnly, "gomedic cannot apply this: "+c.Error
			return
		}
	}
}

// Pending reports whether step s would change something.
func Pending(s *Step) bool {
	if s.Mode == result.FixManual {
		return false
	}
	for _, c := range s.Changes {
		if !c.Noop {
			return true
		}
	}
	return len(s.Changes) == 0
}

// Workspace is the workspace directory the checks ran on.
func (e *Engine) Workspace() string { return e.o.Workspace }
