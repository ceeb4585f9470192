package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"
)

// ErrNotSameProcess is returned by EndProcess when the pid no longer runs the process the caller
// saw (it exited, or the pid was reused by another program): nothing was signalled.
var ErrNotSameProcess = errors.New("the process is no longer the one gomedic saw")

// ErrCannotEnd is returned by EndProcess on a host that cannot signal processes it did not start.
var ErrCannotEnd = errors.New("ending a process is not supported here")

// ProcessFinder is a Host that reads one process without listing them all (Real).
type ProcessFinder interface {
	Process(ctx context.Context, pid int) (ProcInfo, bool)
}

// FindProcess is the process pid as h shows it; false when it does not run (an exited process
// its parent has not reaped yet does not run).
func FindProcess(ctx context.Context, h Host, pid int) (ProcInfo, bool) {
	if f, ok := h.(ProcessFinder); ok {
		return f.Process(ctx, pid)
	}
	all, err := Processes(ctx, h)
	if err != nil {
		return ProcInfo{}, false
	}
	for _, p := range all {
		if p.Pid == pid {
			return p, true
		}
	}
	return ProcInfo{}, false
}

// SameProcess reports whether now is the process want: the same pid, executable and start time
// (when want's is known).
func SameProcess(want, now ProcInfo) bool {
	return now.Pid == want.Pid && now.Exe == want.Exe && (want.Start.IsZero() || now.Start.Equal(want.Start))
}

// ProcessEnder is a Host that can end a process it did not start (Real).
type ProcessEnder interface {
	EndProcess(ctx context.Context, want ProcInfo, grace time.Duration) (string, error)
}

// EndProcess ends the process want.Pid if it still is want — the same executable (want.Exe) started
// at the same time (want.Start), so that a reused pid is never signalled: SIGTERM, up to grace
// for it to exit, then SIGKILL and up to grace again. It says how the process ended: "terminated"
// (by SIGTERM), "killed" (by SIGKILL) or "already gone". A process that is not want any more is
// ErrNotSameProcess.
func EndProcess(ctx context.Context, h Host, want ProcInfo, grace time.Duration) (string, error) {
	if e, ok := h.(ProcessEnder); ok {
		return e.EndProcess(ctx, want, grace)
	}
	return "", ErrCannotEnd
}

// EndProcess is EndProcess on the real machine. The process is held by a handle from before the
// check of its identity to the last signal (a pidfd on Linux, a process handle on Windows), so
// that a pid reused after the check is not the one signalled.
func (r *Real) EndProcess(ctx context.Context, want ProcInfo, grace time.Duration) (string, error) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		return "", ErrCannotEnd // no process list to check the pid against
	}
	p, err := os.FindProcess(want.Pid)
	if err != nil {
		return "already gone", nil
	}
	defer p.Release()
	if err := r.sameProcess(ctx, want); err != nil {
		return "", err
	}
	if runtime.GOOS != "windows" { // Windows has no SIGTERM: TerminateProcess is the one way
		if err := p.Signal(syscall.SIGTERM); err != nil {
			return signalOutcome(err, "terminated")
		}
		if r.waitGone(ctx, want, grace) {
			return "terminated", nil
		}
	}
	if err := p.Kill(); err != nil {
		return signalOutcome(err, "killed")
	}
	if r.waitGone(ctx, want, grace) {
		return "killed", nil
	}
	return "", fmt.Errorf("pid %d still runs %s after SIGKILL (stuck in the kernel?)", want.Pid, want.Exe)
}

// signalOutcome reads a signal's error: a process that ended meanwhile is gone, not a failure.
func signalOutcome(err error, how string) (string, error) {
	if errors.Is(err, os.ErrProcessDone) {
		return "already gone", nil
	}
	return "", fmt.Errorf("signalling the process (%s): %w", how, err)
}

// sameProcess reports (nil) whether want.Pid still runs want.Exe started at want.Start.
func (r *Real) sameProcess(ctx context.Context, want ProcInfo) error {
	now, ok := FindProcess(ctx, r, want.Pid)
	switch {
	case !ok:
		return fmt.Errorf("pid %d: %w (it exited)", want.Pid, ErrNotSameProcess)
	case SameProcess(want, now):
		return nil
	case now.Exe != want.Exe:
		return fmt.Errorf("pid %d runs %s now, not %s: %w", want.Pid, now.Exe, want.Exe, ErrNotSameProcess)
	}
	return fmt.Errorf("pid %d started at %s, not %s: %w", want.Pid, now.Start.Format(time.RFC3339), want.Start.Format(time.RFC3339), ErrNotSameProcess)
}

// waitGone polls until want is gone (no process with its pid and start time: an exited process
// its parent has not reaped yet counts as gone) or grace passes.
func (r *Real) waitGone(ctx context.Context, want ProcInfo, grace time.Duration) bool {
	deadline := time.Now().Add(grace)
	for {
		if now, ok := FindProcess(ctx, r, want.Pid); !ok || !now.Start.Equal(want.Start) {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// FileLister is a Host that lists the files a process holds open (Real on Linux: /proc/PID/fd).
type FileLister interface {
	OpenFiles(pid int) []string
}

// OpenFiles lists the paths of the regular files process pid holds open, where h can read them
// (the user's own processes); nil elsewhere.
func OpenFiles(h Host, pid int) []string {
	if l, ok := h.(FileLister); ok {
		return l.OpenFiles(pid)
	}
	return nil
}
