package host

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestRunTellsHowACommandEnded checks the four ways a command ends, which callers tell apart: it
// could not be started; it exited with a status; it exited but left a process holding its output
// (the version it printed is read whole, the leftover is named and killed); it timed out.
func TestRunTellsHowACommandEnded(t *testing.T) {
	needUnix(t)
	t.Parallel()
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	h := realHost(t)

	res := run(t, h, Cmd{Path: filepath.Join(dir, "missing")})
	if !res.NotStarted() || res.TimedOut || res.HeldOutput || res.ExitCode != -1 {
		t.Errorf("a missing program: NotStarted %v, Err %v", res.NotStarted(), res.Err)
	}
	text := writeFile(t, filepath.Join(dir, "text"), "not a program\n", 0o755)
	if res := run(t, h, Cmd{Path: text}); runtime.GOOS == "linux" && !res.NotStarted() {
		t.Errorf("a text file without #!: NotStarted false, Err %v", res.Err)
	}

	res = run(t, h, Cmd{Path: "sh", Args: []string{"-c", "echo v1; exit 3"}})
	if res.NotStarted() || res.Err != nil || res.ExitCode != 3 || res.HeldOutput || len(res.Leftovers) != 0 {
		t.Errorf("exit 3: %+v", res)
	}

	// A wrapper that prints a version and exits 0, leaving a background child with its stdout.
	script := `sleep 100 & echo $! > "$1"; echo "tool version v1.2.3"; exit 0`
	res = run(t, h, Cmd{Path: "sh", Args: []string{"-c", script, "sh", pidFile}, Timeout: time.Minute})
	if res.NotStarted() || res.Err != nil || !res.OK() || res.TimedOut {
		t.Errorf("a leftover holding the output: OK %v, NotStarted %v, Err %v; want an exit with status 0", res.OK(), res.NotStarted(), res.Err)
	}
	if !res.HeldOutput || string(res.Stdout) != "tool version v1.2.3\n" {
		t.Errorf("HeldOutput %v, stdout %q; want the version read whole and the leftover noticed", res.HeldOutput, res.Stdout)
	}
	if runtime.GOOS == "linux" && (len(res.Leftovers) != 1 || res.Leftovers[0].Name != "sleep") {
		t.Errorf("Leftovers = %v, want the sleep named", res.Leftovers)
	}
	if res.Failure() != "" {
		t.Errorf("Failure() = %q for an exit with status 0", res.Failure())
	}
	waitGone(t, pidFile)

	res = run(t, h, Cmd{Path: "sleep", Args: []string{"100"}, Timeout: 100 * time.Millisecond})
	if !res.TimedOut || !errors.Is(res.Err, ErrTimeout) || res.NotStarted() || len(res.Leftovers) != 0 {
		t.Errorf("a timeout: %+v", res)
	}
}

// TestStartNamesLeftovers checks that a long-lived process that exits and leaves a child behind
// in its group says so, as Run does.
func TestStartNamesLeftovers(t *testing.T) {
	needUnix(t)
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	p := start(t, realHost(t), context.Background(), Cmd{Path: "sh", Args: []string{"-c", `sleep 100 >/dev/null 2>&1 & echo $! > "$1"; exit 0`, "sh", pidFile}, Timeout: time.Minute})
	res := p.Wait()
	if !res.OK() || res.HeldOutput {
		t.Errorf("OK %v, HeldOutput %v, Err %v", res.OK(), res.HeldOutput, res.Err)
	}
	if runtime.GOOS == "linux" && Leftovers(res.Leftovers) == "a process it started" {
		t.Errorf("Leftovers = %v, want the sleep named", res.Leftovers)
	}
	waitGone(t, pidFile)
}

func TestLeftoversText(t *testing.T) {
	t.Parallel()
	if got := Leftovers(nil); got != "a process it started" {
		t.Errorf("Leftovers(nil) = %q", got)
	}
	if got := Leftovers([]Leftover{{Pid: 7, Name: "sleep"}, {Pid: 8}}); got != "sleep (pid 7), pid 8" {
		t.Errorf("Leftovers = %q", got)
	}
	if !strings.Contains((&StartError{Err: ErrNotFound}).Error(), "not found") {
		t.Errorf("StartError hides what it wraps")
	}
}
