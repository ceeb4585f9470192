package host

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Process is a long-lived command started by Host.Start, which gomedic talks to through pipes to
// its standard input and output (a language server). Its standard error is kept as Run keeps it.
// The process runs in a process group of its own: Kill, the end of the context Start was given,
// and the Cmd's timeout each kill the process with every child it started.
type Process struct {
	// Cmd is the command as started.
	Cmd Cmd
	// Pid is the process id (a made-up one for a Fake's process).
	Pid int
	// Stdin writes to the process's standard input; closing it sends end of file.
	Stdin io.WriteCloser
	// Stdout reads the process's standard output. It reaches end of file when the process and
	// every child holding its output have exited (or were killed).
	Stdout io.ReadCloser

	done   chan struct{} // closed when the process has exited and its Result is filled in
	result *Result
	kill   func()
	signal func(os.Signal) error
	once   sync.Once
}

// Done is closed when the process has exited (by itself, or killed).
func (p *Process) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has exited.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Wait waits for the process to exit and returns how it ended: its exit code or signal, its
// standard error (Stdout is empty: it went through the pipe), how long it ran, and whether its
// timeout killed it. It never returns nil.
func (p *Process) Wait() *Result {
	<-p.done
	return p.result
}

// Kill kills the process and every process in its group, and returns once it has exited.
func (p *Process) Kill() *Result {
	if !p.Exited() {
		p.once.Do(p.kill)
	}
	return p.Wait()
}

// Signal sends sig to the process and, on Unix, to every process in its group: a SIGQUIT that
// makes a Go program print every goroutine before it is killed, an interrupt passed on. It returns
// os.ErrProcessDone once the process has exited. On Windows only os.Kill can be sent.
func (p *Process) Signal(sig os.Signal) error {
	if p.Exited() || (p.Pid > 0 && exitedUnreaped(p.Pid)) {
		return os.ErrProcessDone
	}
	return p.signal(sig)
}

// Start implements Host: it starts c with pipes to its standard input and output. c.Stdin is
// ignored; c.Timeout (DefaultTimeout when zero) bounds the whole life of the process.
func (r *Real) Start(ctx context.Context, c Cmd) (*Process, error) {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.OutputLimit <= 0 {
		c.OutputLimit = DefaultOutputLimit
	}
	env := c.Env
	if env == nil {
		env = r.env.Environ()
	}
	path, err := r.lookPath(c.Path, env)
	if err != nil {
		return nil, &StartError{Err: err}
	}
	parent := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, c.Timeout, errCmdTimeout)
	cmd := exec.CommandContext(ctx, path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = env
	pipes, err := newProcessPipes(c)
	if err != nil {
		cancel()
		return nil, err
	}
	cmd.Stdin, cmd.Stdout = pipes.inR, pipes.outW
	stderr := &capWriter{limit: c.OutputLimit}
	cmd.Stderr = stderr
	if c.Stream != nil {
		cmd.Stderr = io.MultiWriter(stderr, c.Stream)
	}
	setProcessGroup(cmd, c.Detached)
	cmd.Cancel = func() error { return killProcessGroup(cmd) }
	cmd.WaitDelay = waitDelay

	start := time.Now()
	err = family.start(cmd)
	pipes.started(err)
	if err != nil {
		cancel()
		return nil, &StartError{Err: err}
	}
	p := &Process{Cmd: c, Pid: cmd.Process.Pid, Stdin: pipes.inW, Stdout: pipes.outR, done: make(chan struct{})}
	p.kill = func() { _ = killProcessGroup(cmd) }
	p.signal = func(sig os.Signal) error { return signalProcessGroup(cmd, sig) }
	go func() {
		defer cancel()
		err := cmd.Wait()
		family.done(cmd)
		d := time.Since(start)
		// Whatever the process left behind in its group ends with it.
		left := endGroup(cmd)
		p.result = &Result{Cmd: c, Duration: d, Stderr: stderr.buf.Bytes(), Truncated: stderr.dropped > 0}
		ended(p.result, err, ctx, parent, left)
		close(p.done)
	}()
	return p, nil
}

// processPipes are a started process's standard input and output. They are made here rather
// than with cmd.StdinPipe and cmd.StdoutPipe: Wait closes those, and the process's last words on
// stdout must stay readable after it exits.
type processPipes struct {
	inR, inW, outR, outW *os.File
}

func newProcessPipes(c Cmd) (*processPipes, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", c.String(), err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, fmt.Errorf("starting %s: %w", c.String(), err)
	}
	growPipe(outW)
	return &processPipes{inR: inR, inW: inW, outR: outR, outW: outW}, nil
}

// started closes the ends the child has its own copies of now, and, when it failed to start
// (err), the parent's ends too.
func (p *processPipes) started(err error) {
	p.inR.Close()
	p.outW.Close()
	if err != nil {
		p.inW.Close()
		p.outR.Close()
	}
}
