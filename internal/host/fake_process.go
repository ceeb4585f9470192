package host

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"time"
)

// Program is a fake program for Fake.Start: it reads stdin, writes stdout and stderr, and returns
// its exit code; it must return soon after ctx ends (the process was killed, or sent a signal:
// then context.Cause(ctx) is a *Signaled, and what the program returns is how it exited).
type Program func(ctx context.Context, c Cmd, stdin io.Reader, stdout, stderr io.Writer) int

// Signaled is the cause of a fake program's context when Process.Signal sent it a signal.
type Signaled struct{ Sig os.Signal }

func (s *Signaled) Error() string { return "signal " + s.Sig.String() }

// fakePidBase is the first pid a Fake hands out.
const fakePidBase = 4000

// Start implements Host: it runs the Program registered for the command's base name.
func (f *Fake) Start(ctx context.Context, c Cmd) (*Process, error) {
	f.mu.Lock()
	f.ran = append(f.ran, c)
	f.pids++
	pid := fakePidBase + f.pids
	f.mu.Unlock()
	base := strings.TrimSuffix(path.Base(clean(c.Path)), ".exe")
	prog := f.Programs[base]
	if prog == nil {
		return nil, &StartError{Err: fmt.Errorf("exec: %q: %w", c.Path, ErrNotFound)}
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.OutputLimit <= 0 {
		c.OutputLimit = DefaultOutputLimit
	}
	parent := ctx
	ctx, cancelTimeout := context.WithTimeoutCause(ctx, c.Timeout, errCmdTimeout)
	ctx, cancelCause := context.WithCancelCause(ctx)
	cancel := func() { cancelCause(nil); cancelTimeout() }
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	stderr := &capWriter{limit: c.OutputLimit}
	var errW io.Writer = &lockedWriter{w: stderr}
	if c.Stream != nil {
		errW = &lockedWriter{w: io.MultiWriter(stderr, c.Stream)}
	}
	p := &Process{Cmd: c, Pid: pid, Stdin: inW, Stdout: outR, done: make(chan struct{})}
	killed := make(chan struct{})
	p.kill = func() { close(killed); cancel() }
	p.signal = func(sig os.Signal) error {
		f.mu.Lock()
		f.signals = append(f.signals, sig)
		f.mu.Unlock()
		cancelCause(&Signaled{sig})
		return nil
	}
	go func() {
		// A killed process's pipes close at once, whatever it was doing; a signalled one
		// closes them when it returns.
		<-ctx.Done()
		var sig *Signaled
		if errors.As(context.Cause(ctx), &sig) {
			return
		}
		outW.Close()
		inR.CloseWithError(io.ErrClosedPipe)
	}()
	start := time.Now()
	go func() {
		code := prog(ctx, c, inR, outW, errW)
		// As the kernel does for a process that exits: its ends of the pipes close.
		outW.Close()
		inR.CloseWithError(io.ErrClosedPipe)
		res := &Result{Cmd: c, ExitCode: code, Duration: time.Since(start)}
		select {
		case <-killed:
			res.ExitCode, res.Signal, res.Err = -1, "killed", fmt.Errorf("killed by signal killed")
		default:
			switch {
			case context.Cause(ctx) == errCmdTimeout:
				res.ExitCode, res.TimedOut, res.Err = -1, true, fmt.Errorf("%w after %s", ErrTimeout, c.Timeout)
			case parent.Err() != nil:
				res.ExitCode, res.Err = -1, parent.Err()
			}
		}
		cancel()
		res.Stderr = stderr.buf.Bytes()
		res.Truncated = stderr.dropped > 0
		p.result = res
		close(p.done)
	}()
	return p, nil
}

// lockedWriter serialises writes to w (a fake program may write stderr from several goroutines).
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// Signals returns the signals sent so far with Process.Signal to the fake's processes.
func (f *Fake) Signals() []os.Signal {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]os.Signal(nil), f.signals...)
}
