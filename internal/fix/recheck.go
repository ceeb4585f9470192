package fix

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/shellenv"
)

// recheck runs the checks of s and those it blocked again, with fresh facts. After an edit of a
// start-up file the checks see the environment a new shell gets from it: the shell that reads the
// file is run and its environment read, as an editor started from it would.
func (e *Engine) recheck(ctx context.Context, s *Step) []result.FixRecheck {
	if s.layer == finding.LayerWatch {
		return e.recheckWatch(ctx, s)
	}
	h := e.o.Host
	if env := e.shellEnv(ctx, s); env != nil && e.o.NewHost != nil {
		h = e.o.NewHost(env)
	}
	opts := e.o.Doctor
	opts.Only = append(append([]string(nil), s.Checks...), s.blocked...)
	opts.Skip, opts.Layers = nil, nil
	f := e.o.NewFacts(ctx, h)
	defer f.Close()
	var out []result.FixRecheck
	for _, fd := range doctor.Run(ctx, e.o.Catalog, f, opts) {
		out = append(out, result.FixRecheck{ID: fd.ID, Status: fd.Status, Title: fd.Title, BlockedBy: fd.BlockedBy})
	}
	return out
}

// recheckWatch takes a fresh look of watch for a step of its layer (a process that was ended
// is gone from the census) and keeps the step's findings.
func (e *Engine) recheckWatch(ctx context.Context, s *Step) []result.FixRecheck {
	var out []result.FixRecheck
	if e.o.Watch == nil {
		return out
	}
	for _, fd := range e.o.Watch(ctx) {
		if slices.Contains(s.Checks, fd.ID) {
			out = append(out, result.FixRecheck{ID: fd.ID, Status: fd.Status, Title: fd.Title})
		}
	}
	return out
}

// shellEnv is the environment after the start-up file edits of s, or nil when s edits none. It is
// read from the shell that reads an edited file when that shell is installed here — a step that
// also writes the desktop session's file (environment.d) is judged by the terminal's shell, whose
// environment is the one the checks read; otherwise (PowerShell on Linux, environment.d alone) it
// is gomedic's own environment with the edits applied.
func (e *Engine) shellEnv(ctx context.Context, s *Step) []string {
	var edits []finding.Action
	for _, a := range s.Actions {
		if a.Kind == finding.PathAdd || a.Kind == finding.EnvUnset {
			edits = append(edits, a)
		}
	}
	if len(edits) == 0 {
		return nil
	}
	base := e.o.Host.Env()
	for _, a := range edits {
		prog, mode, ok := shellFor(e.expand(a.File))
		if !ok {
			continue
		}
		l := shellenv.Run(ctx, e.o.Host, prog, mode, base.Environ(), e.o.Workspace, 3*e.o.Timeout)
		switch {
		case l.OK():
			return l.Env.Environ()
		case !l.Result.NotStarted():
			// The shell is here and did not give its environment (a start-up file that execs
			// another shell, exits early, hangs): nothing shows the edit works, so the checks
			// see the environment as it was rather than a guess.
			return base.Environ()
		}
	}
	env := base
	for _, a := range edits {
		if a.Kind == finding.EnvUnset {
			env = env.Without(a.Key)
		} else {
			env = env.With("PATH=" + a.Path + string(filepath.ListSeparator) + env.Get("PATH"))
		}
	}
	return env.Environ()
}

// shellFor is the shell that reads the start-up file file, and how it must be started to read it.
func shellFor(file string) (prog string, mode shellenv.Mode, ok bool) {
	base := filepath.Base(file)
	switch shell.SyntaxOf(file) {
	case shell.SyntaxFish:
		return "fish", shellenv.Interactive, true
	case shell.SyntaxPowerShell:
		return "pwsh", shellenv.Interactive, true
	case shell.SyntaxEnvironmentD:
		return "", 0, false
	}
	switch {
	case base == ".bashrc":
		return "bash", shellenv.Interactive, true
	case base == ".bash_profile" || base == ".bash_login":
		return "bash", shellenv.Login, true
	case base == ".zshrc" || base == ".zshenv":
		return "zsh", shellenv.Interactive, true
	case strings.HasPrefix(base, ".z"):
		return "zsh", shellenv.Login, true
	case base == ".profile":
		return "sh", shellenv.Login, true
	}
	return "", 0, false
}
