package host

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// DefaultTimeout is how long a command may run when its Cmd sets no timeout.
const DefaultTimeout = 5 * time.Second

// DefaultOutputLimit is how many bytes of each output stream a Result keeps when its Cmd sets no limit.
const DefaultOutputLimit = 1 << 20

// Cmd is a command to run.
type Cmd struct {
	Path    string   // program: an absolute path, or a name looked up in the PATH of Env
	Args    []string // arguments, not including the program
	Dir     string   // working directory; "" is the current one
	Env     []string // the whole environment; nil means the host's environment
	Stdin   []byte   // standard input; nil means an empty one
	Timeout time.Duration
	// OutputLimit caps the bytes kept of each of stdout and stderr; the rest is counted and dropped.
	OutputLimit int
	// Stream, when set, also receives stdout and stderr as they arrive, interleaved in the order
	// they were written (for live progress and logs); it must be safe for concurrent writes.
	Stream io.Writer
	// Detached starts the command in a new session without a controlling terminal (setsid on
	// Unix), as a program started from the desktop runs: nothing it does can read from or stop on
	// the terminal gomedic runs in. Ignored on Windows.
	Detached bool
	// Grace, when set, makes the timeout gentle: the command's process group is sent SIGTERM, and
	// what is still running Grace later is killed. Shell scripts get to run their exit traps (a
	// lock file removed: pyenv's rehash lock, left behind by a SIGKILL, makes every later shell
	// wait 60 s for it), as when the editor stops the shell it started. Without it, and on
	// Windows, the group is killed at once.
	Grace time.Duration
}

// String is the command line as a user would type it, for evidence and messages.
func (c Cmd) String() string {
	return shell.Join(append([]string{c.Path}, c.Args...))
}

// Result is how a command ended.
type Result struct {
	Cmd      Cmd
	Stdout   []byte
	Stderr   []byte
	ExitCode int // -1 when the command did not exit by itself (start failure, signal, timeout)
	Signal   string
	Duration time.Duration
	// Err is set when the command could not be started (a *StartError), was killed, or timed out;
	// a plain non-zero exit leaves it nil (see ExitCode), and so does an exit that left processes
	// behind (see Leftovers).
	Err       error
	TimedOut  bool
	Truncated bool // an output stream passed OutputLimit
	// Leftovers are the processes the command started that were still running after it exited by
	// itself (the background child of a wrapper script, a daemon it spawned into its process
	// group), which were then killed. HeldOutput reports that one of them kept the command's
	// output open after an exit with status 0, so that reading it was given up after a second:
	// what the command printed itself was read whole.
	Leftovers  []Leftover
	HeldOutput bool
	// CachedAt is set when the result was not produced now but replayed from an earlier run's
	// cache (see facts.Probe).
	CachedAt time.Time
}

// OK reports whether the command started and exited with status 0.
func (r *Result) OK() bool { return r.Err == nil && r.ExitCode == 0 }

// NotStarted reports whether the command could not be started at all (Err is a *StartError).
func (r *Result) NotStarted() bool {
	var se *StartError
	return errors.As(r.Err, &se)
}

// Output is stdout followed by stderr, trimmed, for evidence.
func (r *Result) Output() string {
	var b strings.Builder
	b.Write(bytes.TrimSpace(r.Stdout))
	if e := bytes.TrimSpace(r.Stderr); len(e) > 0 {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.Write(e)
	}
	return b.String()
}

// Failure describes in one line why the command did not succeed, or returns "" when it did.
func (r *Result) Failure() string {
	switch {
	case r.TimedOut:
		return fmt.Sprintf("%s did not finish within %s and was killed", r.Cmd.String(), r.Cmd.Timeout)
	case r.Err != nil:
		return fmt.Sprintf("running %s: %v", r.Cmd.String(), r.Err)
	case r.ExitCode != 0:
		msg := text.FirstLine(string(r.Stderr))
		if msg == "" {
			msg = text.FirstLine(string(r.Stdout))
		}
		if msg == "" {
			return fmt.Sprintf("%s exited with status %d", r.Cmd.String(), r.ExitCode)
		}
		return fmt.Sprintf("%s exited with status %d: %s", r.Cmd.String(), r.ExitCode, msg)
	}
	return ""
}

// ErrTimeout is wrapped by Result.Err when a command passes its timeout.
var ErrTimeout = errors.New("timed out")

// capWriter keeps the first limit bytes written to it and counts the rest.
type capWriter struct {
	buf     bytes.Buffer
	limit   int
	dropped int
}

func (w *capWriter) Write(p []byte) (int, error) {
	room := w.limit - w.buf.Len()
	if room >= len(p) {
		w.buf.Write(p)
		return len(p), nil
	}
	if room > 0 {
		w.buf.Write(p[:room])
	}
	w.dropped += len(p) - max(room, 0)
	return len(p), nil
}

// exitStatus fills the exit code and signal of r from the error cmd.Wait returned.
func exitStatus(r *Result, err error) {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.ExitCode = ee.ExitCode()
		if sig := signalOf(ee); sig != "" {
			r.Signal = sig
			r.Err = fmt.Errorf("killed by signal %s", sig)
		}
		return
	}
	r.ExitCode = -1
	r.Err = err
}
