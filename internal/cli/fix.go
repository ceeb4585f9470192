package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/gomedic/gomedic/internal/checks"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/fix"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/install"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/toolstore"
)

type fixOptions struct {
	check       checkOptions
	dryRun, yes bool
	confirm     bool
	interactive bool
	undo, force bool
	history     bool
	watchUnder  string
}

func newFixCmd(io *IO) *cobra.Command {
	o := &fixOptions{}
	cmd := &cobra.Command{
		Use:   "fix [dir] | fix --undo [RUN-ID] | fix --history",
		Short: "Repair what check finds: plan, show, apply root cause first, re-check, undo",
		Long: `Run the checks, then plan their fixes: root causes first, one step per fix, the symptoms a
root cause clears left out. Each step shows the diff of every file it edits, the command it
runs or the tool it installs. On a terminal each step is asked for (yes, no, all, quit);
--yes applies the automatic steps without asking, --yes --confirm also the steps that change
your module files or run a command. Without a terminal, or with --dry-run, the plan is printed
and nothing changes. Manual steps (root, a package manager, a new Go) are printed, never run.

Fix also takes one look as gomedic watch --once does: a gopls or dlv whose editor is gone
(watch.gopls.orphaned) is a last step that always asks first; it is ended (SIGTERM, then
SIGKILL) only while its pid still runs the same executable started at the same time.
--layer watch (or --only 'watch.*') plans only that; --watch-under DIR keeps the processes
working in DIR or below it.

Every applied step is re-checked, and recorded with backups in a journal under gomedic's data
directory: --undo restores the last run (or RUN-ID) byte for byte, --history lists runs.

Exit status: 0 when nothing needs fixing (or every step was fixed), 1 when something would
change (--dry-run) or is still broken, 2 for a usage error, 3 when gomedic itself failed.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			arg := ""
			if len(args) == 1 {
				arg = args[0]
			}
			switch {
			case o.history:
				return runFixHistory(io, o)
			case o.undo:
				return runFixUndo(cmd, io, o, arg)
			}
			return runFix(cmd, io, o, arg)
		},
	}
	fl := cmd.Flags()
	c := &o.check
	fl.BoolVar(&o.dryRun, "dry-run", false, "print the plan and change nothing (exit 1 when something would change)")
	fl.BoolVar(&o.yes, "yes", false, "apply the automatic steps without asking")
	fl.BoolVar(&o.confirm, "confirm", false, "with --yes: also apply the steps that ask first (go mod tidy, commands)")
	fl.BoolVar(&o.interactive, "interactive", false, "ask for each step on standard input even when it is not a terminal")
	fl.BoolVar(&o.undo, "undo", false, "undo the last run, or RUN-ID")
	fl.BoolVar(&o.force, "force", false, "with --undo: restore files that changed since the fix wrote them")
	fl.BoolVar(&o.history, "history", false, "list the runs of gomedic fix")
	fl.BoolVar(&c.json, "json", false, "print one "+result.FixSchema+" document (docs/json.md)")
	fl.BoolVar(&c.offline, "offline", false, "do not reach the network (skips the net layer and update checks)")
	fl.StringArrayVar(&c.only, "only", nil, "fix only checks with this id; a trailing * matches a prefix (repeatable)")
	fl.StringArrayVar(&c.skip, "skip", nil, "do not fix checks with this id; a trailing * matches a prefix (repeatable)")
	fl.StringSliceVar(&c.layers, "layer", nil, "fix only the checks of these layers (watch: the leftover gopls and dlv)")
	fl.StringVar(&o.watchUnder, "watch-under", "", "end only the leftover gopls and dlv working in this folder or below it (as watch --workspace)")
	fl.BoolVar(&c.noCache, "no-cache", false, "run every tool's version command now")
	fl.DurationVar(&c.timeout, "timeout", 5*time.Second, "how long any one command gomedic runs may take")
	editorFlag(fl, &c.editor)
	_ = fl.MarkHidden("interactive")
	return cmd
}

// fixRoot is the directory of fix's journals and lock: gomedic's data directory + /fix.
func fixRoot(io *IO) (string, error) {
	home := toolstore.DefaultHome(io.Env.Get, io.Host.OS(), io.Host.HomeDir())
	if home == "" {
		return "", &exitError{code: ExitInternal, err: errors.New("finding gomedic's data directory: set GOMEDIC_HOME")}
	}
	return filepath.Join(home, "fix"), nil
}

// asking reports whether fix asks for each step: stdin is a terminal, or --interactive.
func (o *fixOptions) asking(io *IO) bool {
	if o.interactive {
		return true
	}
	f, ok := io.In.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func runFix(cmd *cobra.Command, io *IO, o *fixOptions, dir string) error {
	if dir == "" {
		dir = "."
	}
	root, err := fixRoot(io)
	if err != nil {
		return err
	}
	e, err := newFixEngine(cmd, io, o, dir, root)
	if err != nil {
		return err
	}
	apply := !o.dryRun && (o.yes || o.asking(io))
	if apply {
		unlock, err := fix.Lock(root, host.ScaleTimeout(io.Env, 2*time.Second))
		if err != nil {
			return &exitError{code: ExitInternal, err: err}
		}
		defer unlock()
	}
	e.Check(cmd.Context())
	steps := e.Plan(cmd.Context())
	doc := &result.Fix{Schema: result.FixSchema, Workspace: e.Workspace(), DryRun: !apply}
	if !apply {
		return fixPlanOnly(io, o, doc, steps)
	}
	a := &fixApplier{io: io, o: o, e: e, in: bufio.NewReader(io.In)}
	for _, s := range steps {
		a.step(cmd.Context(), s)
		doc.Steps = append(doc.Steps, s.FixStep)
	}
	if err := e.Finish(); err != nil {
		return &exitError{code: ExitInternal, err: err}
	}
	if j := e.Journal(); j != nil {
		doc.RunID, doc.Journal = j.RunID, j.Dir()
	}
	doc.Message = fixMessage(doc)
	return fixDone(io, o, doc, false)
}

// newFixEngine wires the engine: the catalog, the facts as check gathers them, the installer.
func newFixEngine(cmd *cobra.Command, io *IO, o *fixOptions, dir, root string) (*fix.Engine, error) {
	c := &o.check
	raw := c.timeout
	c.timeout = host.ScaleTimeout(io.Env, c.timeout)
	cat := checks.Catalog()
	sel := splitWatchSelection(c, cat)
	opts, err := c.doctorOptions(cat)
	if err != nil {
		return nil, err
	}
	abs, err := workspaceDir(dir)
	if err != nil {
		return nil, usageError("%v", err)
	}
	var watchFindings func(context.Context) []finding.Finding
	if sel.on {
		under, err := watchScope(o.watchUnder)
		if err != nil {
			return nil, err
		}
		watchFindings = fixWatchFindings(io, sel, under)
	}
	if c.editor != "" {
		f := c.newFacts(cmd.Context(), io, io.Host, abs)
		err := checkEditor(f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return fix.New(fix.Options{
		Watch:     watchFindings,
		NoChecks:  sel.checksOff,
		Host:      io.Host,
		NewHost:   func(env []string) host.Host { return host.NewReal(env) },
		NewFacts:  func(ctx context.Context, h host.Host) *facts.Facts { return c.newFacts(ctx, io, h, abs) },
		Catalog:   cat,
		Doctor:    opts,
		Workspace: abs,
		Root:      root,
		Timeout:   c.timeout,
		Installer: &fixInstaller{cmd: cmd, io: io, timeout: raw},
		Pause:     fixPause(io),
	}), nil
}

// fixPause is the pause a test asks for with install.PauseVar, at fix's points prefixed "fix:".
func fixPause(io *IO) func(point string) {
	p := install.Pauser(io.Env)
	if p == nil {
		return nil
	}
	return func(point string) { p("fix:" + point) }
}

// fixPlanOnly prints the plan without applying it: exit 1 when a step would change something.
func fixPlanOnly(io *IO, o *fixOptions, doc *result.Fix, steps []*fix.Step) error {
	pending := 0
	for _, s := range steps {
		doc.Steps = append(doc.Steps, s.FixStep)
		if fix.Pending(s) {
			pending++
		}
	}
	switch {
	case len(steps) == 0:
		doc.Message = "Nothing to fix."
	case pending == 0:
		doc.Message = "Nothing gomedic can apply; the manual steps above are for you."
	default:
		doc.Message = fmt.Sprintf("Dry run: %d step(s) would change something; nothing was changed. Run gomedic fix --yes to apply them.", pending)
		if !o.dryRun {
			doc.Message = fmt.Sprintf("Not a terminal: %d step(s) would change something; nothing was changed. Run gomedic fix --yes to apply them.", pending)
		}
	}
	return fixDone(io, o, doc, pending > 0 || len(steps) > 0)
}

// fixDone prints doc and maps it to the exit status.
func fixDone(io *IO, o *fixOptions, doc *result.Fix, problems bool) error {
	if o.check.json {
		if err := report.FixJSON(io.Out, doc); err != nil {
			return &exitError{code: ExitInternal, err: fmt.Errorf("writing the fix document: %w", err)}
		}
	} else if doc.DryRun {
		report.FixText(io.Out, doc)
	} else {
		report.FixText(io.Out, &result.Fix{Message: doc.Message, RunID: doc.RunID, Journal: doc.Journal})
	}
	for _, s := range doc.Steps {
		if s.Outcome != result.FixFixed {
			problems = true
		}
	}
	if problems {
		return &exitError{code: ExitProblems}
	}
	return nil
}

// fixMessage sums up an applied run.
func fixMessage(doc *result.Fix) string {
	if len(doc.Steps) == 0 {
		return "Nothing to fix: no check fails with a fix gomedic can apply. Nothing was changed."
	}
	n := map[result.FixOutcome]int{}
	for _, s := range doc.Steps {
		n[s.Outcome]++
	}
	parts := []string{fmt.Sprintf("%d fixed", n[result.FixFixed])}
	for _, k := range []result.FixOutcome{result.FixNotCleared, result.FixFailed, result.FixDeclined, result.FixManualOnly} {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], strings.ReplaceAll(string(k), "_", " ")))
		}
	}
	msg := strings.Join(parts, ", ") + "."
	if doc.RunID == "" {
		msg += " Nothing was changed."
	}
	return msg
}
