package host

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// ErrTooLarge is wrapped by ReadFile's error when a file is longer than the limit asked for.
var ErrTooLarge = errors.New("file too large")

// Real is the machine gomedic runs on.
type Real struct {
	env *Env
}

// NewReal returns the real host with the given process environment (os.Environ() in main).
func NewReal(environ []string) *Real {
	return &Real{env: NewEnv(environ, runtime.GOOS == "windows")}
}

// OS implements Host.
func (*Real) OS() string { return runtime.GOOS }

// Arch implements Host.
func (*Real) Arch() string { return nativeArch() }

// Translated implements Host.
func (*Real) Translated() bool { return translated() }

// Env implements Host.
func (r *Real) Env() *Env { return r.env }

// HomeDir implements Host. It reads the environment gomedic was given, as os.UserHomeDir reads the
// process's.
func (r *Real) HomeDir() string {
	switch runtime.GOOS {
	case "windows":
		return r.env.Get("USERPROFILE")
	case "plan9":
		return r.env.Get("home")
	}
	return r.env.Get("HOME")
}

// Stat implements Host.
func (*Real) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// Lstat implements Host.
func (*Real) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }

// ReadDir implements Host.
func (*Real) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

// Readlink implements Host.
func (*Real) Readlink(name string) (string, error) { return os.Readlink(name) }

// EvalSymlinks implements Host.
func (*Real) EvalSymlinks(name string) (string, error) { return filepath.EvalSymlinks(name) }

// ReadFile implements Host.
func (*Real) ReadFile(name string, limit int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("reading %s: not a regular file", name)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("reading %s: %w (%d bytes, limit %d)", name, ErrTooLarge, fi.Size(), limit)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Sized from the stat, as os.ReadFile does: io.ReadAll would grow the buffer by doubling, and
	// hold up to twice the file while copying it.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("reading %s: %w (limit %d)", name, ErrTooLarge, limit)
	}
	return data, nil
}

// Open implements Host.
func (*Real) Open(name string) (File, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("opening %s: not a regular file", name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return &osFile{f, fi.Size()}, nil
}

type osFile struct {
	*os.File
	size int64
}

func (f *osFile) Size() int64 { return f.size }

// Run implements Host.
func (r *Real) Run(ctx context.Context, c Cmd) *Result {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.OutputLimit <= 0 {
		c.OutputLimit = DefaultOutputLimit
	}
	res := &Result{Cmd: c, ExitCode: -1}
	env := c.Env
	if env == nil {
		env = r.env.Environ()
	}
	path, err := r.lookPath(c.Path, env)
	if err != nil {
		res.Err = &StartError{Err: err}
		return res
	}
	ctx, cancel := context.WithTimeoutCause(ctx, c.Timeout, errCmdTimeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = env
	if c.Stdin != nil {
		cmd.Stdin = bytes.NewReader(c.Stdin)
	}
	stdout := &capWriter{limit: c.OutputLimit}
	stderr := &capWriter{limit: c.OutputLimit}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if c.Stream != nil {
		cmd.Stdout, cmd.Stderr = io.MultiWriter(stdout, c.Stream), io.MultiWriter(stderr, c.Stream)
	}
	setProcessGroup(cmd, c.Detached)
	cmd.Cancel = func() error { return killProcessGroup(cmd) }
	// A grandchild that keeps the output pipes open must not keep us waiting.
	cmd.WaitDelay = waitDelay
	if c.Grace > 0 {
		cmd.Cancel = func() error { return stopProcessGroup(cmd) }
		cmd.WaitDelay = max(waitDelay, c.Grace)
	}

	start := time.Now()
	if err := family.start(cmd); err != nil {
		res.Err = &StartError{Err: err}
		return res
	}
	err = cmd.Wait()
	family.done(cmd)
	res.Duration = time.Since(start)
	// Whatever the command started and left behind in its process group (a background child, one
	// that held the output open past WaitDelay) ends with it rather than outlive gomedic.
	left := endGroup(cmd)
	res.Stdout, res.Stderr = stdout.buf.Bytes(), stderr.buf.Bytes()
	res.Truncated = stdout.dropped > 0 || stderr.dropped > 0
	ended(res, err, ctx, ctx, left)
	return res
}

// stopProcessGroup asks the command's process group to end (SIGTERM), or kills it where it cannot
// be asked; exec.Cmd kills the command WaitDelay later if it is still running, and endGroup what
// remains of its group.
func stopProcessGroup(cmd *exec.Cmd) error {
	if runtime.GOOS == "windows" || signalProcessGroup(cmd, syscall.SIGTERM) != nil {
		return killProcessGroup(cmd)
	}
	return nil
}

// ended fills in how a started command ended: waitErr is cmd.Wait's error, ctx the command's own
// context (with its timeout), parent the caller's, and left what endGroup killed after it.
// Leftovers are kept only when the command exited by itself: a command that was killed took
// its group with it.
func ended(res *Result, waitErr error, ctx, parent context.Context, left []Leftover) {
	res.ExitCode = -1
	switch {
	case waitErr == nil:
		res.ExitCode, res.Leftovers = 0, left
	case context.Cause(ctx) == errCmdTimeout:
		res.TimedOut = true
		res.Err = fmt.Errorf("%w after %s", ErrTimeout, res.Cmd.Timeout)
	case ctx.Err() != nil && parent.Err() != nil:
		// The caller's context ended first (cancelled, or its own deadline passed).
		res.Err = parent.Err()
	case errors.Is(waitErr, exec.ErrWaitDelay):
		// It exited with status 0; a process it started kept its output open, and was killed.
		// (After a non-zero exit Wait reports the exit alone: the leftovers still say it.)
		res.ExitCode, res.HeldOutput, res.Leftovers = 0, true, left
	default:
		exitStatus(res, waitErr)
		if res.Signal == "" && res.Err == nil {
			res.Leftovers = left
		}
	}
}

// waitDelay is how long Run waits, after the command exits or is killed, for the processes it
// started to close its output.
const waitDelay = time.Second

// errCmdTimeout is the cause of a command's context when the command's own timeout passed.
var errCmdTimeout = errors.New("command timeout")

// lookPath resolves a program name against the PATH of the command's environment, not gomedic's.
func (r *Real) lookPath(name string, env []string) (string, error) {
	if strings.ContainsRune(name, filepath.Separator) || strings.ContainsRune(name, '/') {
		return name, nil
	}
	e := NewEnv(env, runtime.GOOS == "windows")
	return LookPath(r, name, e.Get("PATH"), e.Get("PATHEXT"))
}
