package fix

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// JournalKill is a process a step ended (or found gone): a kill cannot be undone, and undo says so.
type JournalKill struct {
	Pid     int    `json:"pid"`
	Path    string `json:"path"`
	Started string `json:"started"`
	// Ended is how it ended: "terminated" (SIGTERM), "killed" (SIGKILL), "already gone", or
	// "" when the run stopped before the signal.
	Ended string `json:"ended,omitempty"`
}

// happened reports whether k's signal ended the process (rather than finding it gone).
func (k JournalKill) happened() bool { return k.Ended == "terminated" || k.Ended == "killed" }

// killTarget is the process a kill action names, as the census saw it.
func killTarget(a finding.Action) (host.ProcInfo, error) {
	started, err := time.Parse(time.RFC3339Nano, a.Started)
	if err != nil {
		return host.ProcInfo{}, fmt.Errorf("the kill of pid %d does not say when the process started, so a reused pid cannot be told apart: run gomedic watch --once again", a.Pid)
	}
	return host.ProcInfo{Pid: a.Pid, Exe: a.Path, Start: started}, nil
}

// describeKill is the change of a kill: the signals it sends, or nothing when the process is
// gone (or its pid runs another process now, which is never signalled).
func (e *Engine) describeKill(ctx context.Context, a finding.Action) (command string, noop bool, err error) {
	want, err := killTarget(a)
	if err != nil {
		return "", false, err
	}
	now, ok := host.FindProcess(ctx, e.o.Host, a.Pid)
	command = fmt.Sprintf("kill %d  (%s, started %s; SIGTERM, then SIGKILL if it still runs after %s; cannot be undone)",
		a.Pid, e.tilde(a.Path), want.Start.Local().Format(time.DateTime), e.o.Timeout)
	return command, !ok || !host.SameProcess(want, now), nil
}

// kill ends the process of a, recording it in the journal first. A pid that no longer runs
// that process (it exited, or the pid was reused) is left alone: what the step was for is done.
func (e *Engine) kill(ctx context.Context, js *JournalStep, a finding.Action) error {
	want, err := killTarget(a)
	if err != nil {
		return err
	}
	js.Kills = append(js.Kills, JournalKill{Pid: a.Pid, Path: a.Path, Started: a.Started})
	if err := e.journal.save(); err != nil {
		return err
	}
	e.pause("journaled")
	how, err := host.EndProcess(ctx, e.o.Host, want, e.o.Timeout)
	if errors.Is(err, host.ErrNotSameProcess) {
		how, err = "already gone", nil
	}
	js.Kills[len(js.Kills)-1].Ended = how
	if serr := e.journal.save(); serr != nil && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("ending pid %d (%s): %w; end it by hand: kill %d", a.Pid, a.Path, err, a.Pid)
	}
	return nil
}

// killsNote is what undo says of a step's kills: they cannot be undone.
func killsNote(k JournalKill) string {
	return fmt.Sprintf("pid %d (%s) was ended (%s): a kill cannot be undone; the editor starts a new language server when it needs one",
		k.Pid, k.Path, k.Ended)
}
