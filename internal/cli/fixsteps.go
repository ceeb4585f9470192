package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/fix"
	"github.com/gomedic/gomedic/internal/install"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
)

// fixApplier walks the plan: it asks for each step (unless --yes or an earlier "all"), applies
// it and prints how it ended.
type fixApplier struct {
	io   *IO
	o    *fixOptions
	e    *fix.Engine
	in   *bufio.Reader
	all  bool
	quit bool
}

func (a *fixApplier) step(ctx context.Context, s *fix.Step) {
	text := !a.o.check.json
	a.e.Refresh(ctx, s)
	if text {
		report.FixStepText(a.io.Out, &s.FixStep)
	}
	switch {
	case s.Mode == result.FixManual:
		return
	case a.quit:
		s.Outcome, s.Error = result.FixDeclined, "the run was stopped (quit)"
	case !fix.Pending(s):
		s.Outcome, s.Error = result.FixDeclined, "already in place, yet the check still fails: a change to a start-up file takes effect in a new shell (and an editor started from it); otherwise see gomedic check"
	case a.o.yes && !a.all:
		if s.Mode == result.FixConfirm && !a.o.confirm {
			s.Outcome, s.Error = result.FixDeclined, "this step asks first: answer yes at the prompt, or run gomedic fix --yes --confirm"
		} else {
			a.e.Apply(ctx, s)
		}
	case a.all || a.ask(s):
		a.e.Apply(ctx, s)
	default:
		s.Outcome = result.FixDeclined
	}
	if text {
		report.FixOutcomeText(a.io.Out, &s.FixStep)
	}
}

// ask asks for step s on standard input: yes, no, all (this and every later step) or quit. The
// end of the input is a quit.
func (a *fixApplier) ask(s *fix.Step) bool {
	for {
		w := a.io.Out
		if a.o.check.json {
			w = a.io.Err // stdout holds the one JSON document
		}
		fmt.Fprintf(w, "Apply step %d? [y]es, [n]o, [a]ll, [q]uit: ", s.N)
		line, err := a.in.ReadString('\n')
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes":
			return true
		case "n", "no":
			return false
		case "a", "all":
			a.all = true
			return true
		case "q", "quit":
			a.quit = true
			s.Error = "the run was stopped (quit)"
			return false
		}
		if err != nil {
			a.quit = true
			s.Error = "no answer (end of input)"
			return false
		}
	}
}

// fixInstaller is the tools installer as fix sees it, opened on first use.
type fixInstaller struct {
	cmd     *cobra.Command
	io      *IO
	timeout time.Duration
	in      *install.Installer
}

func (f *fixInstaller) installer() (*install.Installer, error) {
	if f.in != nil {
		return f.in, nil
	}
	in, _, err := newInstaller(f.cmd, f.io, &toolsOptions{timeout: f.timeout, jobs: 1, buildTimeout: 10 * time.Minute}, nil)
	f.in = in
	return in, err
}

// Install installs pkg@version and returns the tool and the version active before; a tool that
// was already current is no change (tool "").
func (f *fixInstaller) Install(ctx context.Context, pkg, version string) (string, string, error) {
	in, err := f.installer()
	if err != nil {
		return "", "", err
	}
	arg := pkg
	if version != "" {
		arg += "@" + version
	}
	t, q, err := in.Target(arg)
	if err != nil {
		return "", "", err
	}
	r := in.Install(ctx, []install.Request{{Target: t, Query: q}})[0]
	switch r.Status {
	case result.ToolFailed:
		msg := "installing " + t.Name + " failed"
		if r.Failure != nil {
			msg += ": " + r.Failure.Summary
		}
		return "", "", errors.New(msg)
	case result.ToolCurrent:
		return "", "", nil
	}
	return r.Tool, r.Previous, nil
}

// Undo rolls tool back to the version before, or removes it when there was none.
func (f *fixInstaller) Undo(_ context.Context, tool, previous string) error {
	in, err := f.installer()
	if err != nil {
		return err
	}
	t, _, err := in.Target(tool)
	if err != nil {
		return err
	}
	if previous == "" {
		_, err = in.Remove(t)
	} else {
		_, err = in.Rollback(t)
	}
	return err
}

func runFixHistory(io *IO, o *fixOptions) error {
	root, err := fixRoot(io)
	if err != nil {
		return err
	}
	h, err := fix.History(root)
	if err != nil {
		return &exitError{code: ExitInternal, err: err}
	}
	if o.check.json {
		return report.FixHistoryJSON(io.Out, h)
	}
	report.FixHistoryText(io.Out, h)
	return nil
}

func runFixUndo(cmd *cobra.Command, io *IO, o *fixOptions, id string) error {
	root, err := fixRoot(io)
	if err != nil {
		return err
	}
	unlock, err := fix.Lock(root, 2*time.Second)
	if err != nil {
		return &exitError{code: ExitInternal, err: err}
	}
	defer unlock()
	in := &fixInstaller{cmd: cmd, io: io, timeout: o.check.timeout}
	u, err := fix.Undo(cmd.Context(), root, id, o.force, in)
	if o.check.json {
		if u == nil {
			u = &result.FixUndo{Schema: result.FixUndoSchema, RunID: id, Restored: []string{}}
		}
		if jerr := report.FixUndoJSON(io.Out, u); jerr != nil && err == nil {
			err = jerr
		}
	} else if u != nil && len(u.Restored) > 0 {
		report.FixUndoText(io.Out, u)
	}
	if err != nil {
		var ce *fix.ConflictError
		if errors.As(err, &ce) {
			return &exitError{code: ExitProblems, err: err}
		}
		if errors.Is(err, fix.ErrNoRun) {
			return usageError("%v", err)
		}
		return &exitError{code: ExitInternal, err: err}
	}
	if !o.check.json && len(u.Restored) == 0 {
		report.FixUndoText(io.Out, u)
	}
	return nil
}
