package host

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/shell"
)

// These tests run real processes: /bin/sh, sleep, head and the go command.

// needUnix skips tests that run /bin/sh scripts.
func needUnix(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("runs /bin/sh, sleep and head: Unix only")
	}
}

// realHost is the real machine with a small environment of the test's choosing.
func realHost(t *testing.T, extra ...string) *Real {
	t.Helper()
	return NewReal(append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, extra...))
}

// run runs c, retrying while the kernel says the program file is still open for writing: a test
// that writes a program and runs it races with forks in parallel tests (go.dev/issue/22315).
func run(t *testing.T, h *Real, c Cmd) *Result {
	t.Helper()
	for i := 0; ; i++ {
		res := h.Run(context.Background(), c)
		if !errors.Is(res.Err, errTextBusy) || i == 100 {
			return res
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// writeFile writes a file, failing the test on error.
func writeFile(t *testing.T, name, data string, perm os.FileMode) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestRunExits(t *testing.T) {
	needUnix(t)
	t.Parallel()
	dir := t.TempDir()
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		cmd      Cmd
		extraEnv []string
		stdout   string
		stderr   string
		code     int
		signal   string
		ok       bool
		failure  string // a substring of Failure(); "" means Failure() must be ""
	}{
		{
			name:   "success",
			cmd:    Cmd{Path: "sh", Args: []string{"-c", "echo out; echo err >&2"}},
			stdout: "out\n", stderr: "err\n", ok: true,
		},
		{
			name:   "absolute program path",
			cmd:    Cmd{Path: "/bin/sh", Args: []string{"-c", "printf %s \"$0\"", "x"}},
			stdout: "x", ok: true,
		},
		{
			name:   "non-zero exit is not an error",
			cmd:    Cmd{Path: "sh", Args: []string{"-c", "echo partial; echo 'go: broken' >&2; exit 3"}},
			stdout: "partial\n", stderr: "go: broken\n", code: 3,
			failure: "exited with status 3: go: broken",
		},
		{
			name:   "stdin",
			cmd:    Cmd{Path: "sh", Args: []string{"-c", "cat; echo; cat"}, Stdin: []byte("hello\nworld")},
			stdout: "hello\nworld\n", ok: true,
		},
		{
			name: "stdin the program does not read",
			cmd:  Cmd{Path: "sh", Args: []string{"-c", "exit 0"}, Stdin: []byte(strings.Repeat("x", 1<<20))},
			ok:   true,
		},
		{
			name:   "no stdin reads as empty",
			cmd:    Cmd{Path: "sh", Args: []string{"-c", "wc -c"}},
			stdout: "0\n", ok: true,
		},
		{
			name:   "dir",
			cmd:    Cmd{Path: "sh", Args: []string{"-c", "pwd -P"}, Dir: dir},
			stdout: realDir + "\n", ok: true,
		},
		{
			name:     "the host's environment by default",
			cmd:      Cmd{Path: "sh", Args: []string{"-c", `printf %s "$GOMEDIC_TEST"`}},
			extraEnv: []string{"GOMEDIC_TEST=from host"},
			stdout:   "from host", ok: true,
		},
		{
			name:     "the command's own environment replaces the host's",
			cmd:      Cmd{Path: "sh", Args: []string{"-c", `printf %s "${GOMEDIC_TEST-unset}:$OWN"`}, Env: []string{"PATH=" + os.Getenv("PATH"), "OWN=yes"}},
			extraEnv: []string{"GOMEDIC_TEST=from host"},
			stdout:   "unset:yes", ok: true,
		},
		{
			name:   "killed by a signal",
			cmd:    Cmd{Path: "sh", Args: []string{"-c", "echo before; kill -TERM $$"}},
			stdout: "before\n", code: -1, signal: "terminated",
			failure: "killed by signal terminated",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := realHost(t, tt.extraEnv...)
			res := h.Run(context.Background(), tt.cmd)
			if res == nil {
				t.Fatal("Run returned nil")
			}
			if string(res.Stdout) != tt.stdout || string(res.Stderr) != tt.stderr {
				t.Errorf("stdout %q, stderr %q; want %q, %q", res.Stdout, res.Stderr, tt.stdout, tt.stderr)
			}
			if res.ExitCode != tt.code || res.Signal != tt.signal {
				t.Errorf("exit code %d, signal %q; want %d, %q (err %v)", res.ExitCode, res.Signal, tt.code, tt.signal, res.Err)
			}
			if res.OK() != tt.ok {
				t.Errorf("OK() = %v, want %v (err %v)", res.OK(), tt.ok, res.Err)
			}
			if res.TimedOut || res.Truncated {
				t.Errorf("TimedOut %v, Truncated %v; want neither", res.TimedOut, res.Truncated)
			}
			if f := res.Failure(); tt.failure == "" && f != "" || !strings.Contains(f, tt.failure) {
				t.Errorf("Failure() = %q, want it to contain %q", f, tt.failure)
			}
			if res.Cmd.Timeout != DefaultTimeout || res.Cmd.OutputLimit != DefaultOutputLimit {
				t.Errorf("Result.Cmd has timeout %s, output limit %d; want the defaults filled in", res.Cmd.Timeout, res.Cmd.OutputLimit)
			}
			if res.Duration <= 0 {
				t.Errorf("Duration = %s, want it measured", res.Duration)
			}
		})
	}
}

func TestRunStartFailures(t *testing.T) {
	needUnix(t)
	t.Parallel()
	dir := t.TempDir()
	plain := writeFile(t, filepath.Join(dir, "plain"), "#!/bin/sh\necho hi\n", 0o644)
	text := writeFile(t, filepath.Join(dir, "text"), "echo this is a script without #!\n", 0o755)
	relBin := writeFile(t, filepath.Join(dir, "bin", "tool"), "#!/bin/sh\necho tool\n", 0o755)
	writeFile(t, filepath.Join(dir, "dotdir", "tool"), "#!/bin/sh\necho tool\n", 0o755)
	tests := []struct {
		name    string
		cmd     Cmd
		is      error  // errors.Is(res.Err, is), when set
		failure string // a substring of Failure()
	}{
		{name: "not on PATH", cmd: Cmd{Path: "gomedic-no-such-program"}, is: ErrNotFound, failure: "gomedic-no-such-program: executable file not found in PATH"},
		{name: "missing absolute path", cmd: Cmd{Path: filepath.Join(dir, "missing")}, is: fs.ErrNotExist},
		{name: "not executable", cmd: Cmd{Path: plain}, is: fs.ErrPermission, failure: "permission denied"},
		{name: "a text file without #!", cmd: Cmd{Path: text}, is: errExecFormat, failure: "exec format error"},
		{name: "a directory", cmd: Cmd{Path: dir}},
		{name: "a missing working directory", cmd: Cmd{Path: "sh", Args: []string{"-c", "true"}, Dir: filepath.Join(dir, "missing")}, is: fs.ErrNotExist},
		{name: "PATH of the command's environment", cmd: Cmd{Path: "sh", Env: []string{"PATH=" + filepath.Join(dir, "nothing")}}, is: ErrNotFound},
		{name: "relative PATH entries are skipped", cmd: Cmd{Path: "tool", Dir: dir, Env: []string{"PATH=bin:dotdir"}}, is: ErrNotFound},
		{name: "an empty PATH entry is not the current directory", cmd: Cmd{Path: "tool", Dir: filepath.Dir(relBin), Env: []string{"PATH=:"}}, is: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, realHost(t), tt.cmd)
			if res.Err == nil || res.OK() {
				t.Fatalf("Run(%s) succeeded: %+v", tt.cmd, res)
			}
			if tt.is != nil && !errors.Is(res.Err, tt.is) {
				t.Errorf("Err = %v, want it to wrap %v", res.Err, tt.is)
			}
			if res.ExitCode != -1 || res.TimedOut {
				t.Errorf("ExitCode %d, TimedOut %v; want -1 and false", res.ExitCode, res.TimedOut)
			}
			if f := res.Failure(); !strings.HasPrefix(f, "running ") || !strings.Contains(f, tt.failure) {
				t.Errorf("Failure() = %q, want it to start with \"running\" and contain %q", f, tt.failure)
			}
		})
	}
}

func TestRunOutputLimit(t *testing.T) {
	needUnix(t)
	t.Parallel()
	tests := []struct {
		name           string
		script         string
		limit          int
		stdout, stderr string
		truncated      bool
	}{
		{name: "under", script: "printf 12345", limit: 10, stdout: "12345"},
		{name: "exactly", script: "printf 1234567890", limit: 10, stdout: "1234567890"},
		{name: "over", script: "printf 12345678901", limit: 10, stdout: "1234567890", truncated: true},
		{name: "stderr over", script: "printf abc; printf 12345678901 >&2", limit: 10, stdout: "abc", stderr: "1234567890", truncated: true},
		{name: "each stream has its own limit", script: "printf 1234567890; printf abcdefghij >&2", limit: 10, stdout: "1234567890", stderr: "abcdefghij"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := realHost(t).Run(context.Background(), Cmd{Path: "sh", Args: []string{"-c", tt.script}, OutputLimit: tt.limit})
			if !res.OK() {
				t.Fatalf("Run: %s", res.Failure())
			}
			if string(res.Stdout) != tt.stdout || string(res.Stderr) != tt.stderr || res.Truncated != tt.truncated {
				t.Errorf("stdout %q, stderr %q, truncated %v; want %q, %q, %v", res.Stdout, res.Stderr, res.Truncated, tt.stdout, tt.stderr, tt.truncated)
			}
		})
	}
}

// TestRunOutputLimitMemory is not parallel: it measures the test binary's allocations while a
// child prints 50 MB.
func TestRunOutputLimitMemory(t *testing.T) {
	needUnix(t)
	h := realHost(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res := h.Run(context.Background(), Cmd{Path: "sh", Args: []string{"-c", "head -c 52428800 /dev/zero; head -c 52428800 /dev/zero >&2"}, OutputLimit: 4096, Timeout: time.Minute})
	runtime.ReadMemStats(&after)
	if !res.OK() {
		t.Fatalf("Run: %s", res.Failure())
	}
	if len(res.Stdout) != 4096 || len(res.Stderr) != 4096 || !res.Truncated {
		t.Errorf("kept %d + %d bytes, truncated %v; want 4096 + 4096, true", len(res.Stdout), len(res.Stderr), res.Truncated)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("running a command that prints 100 MB allocated %d MB; output must be dropped, not kept", alloc>>20)
	}
}

func TestRunTimeoutKillsProcessGroup(t *testing.T) {
	needUnix(t)
	t.Parallel()
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	// The shell starts a grandchild that holds stdout open, then waits for it.
	// The grandchild leaves a mark if it ever ends on its own: Run must return before.
	script := `(sleep 100; : > "$1.done") & echo $! > "$1"; echo started; wait`
	timeout := testTimeout(500 * time.Millisecond) // for the shell to start and print
	res := realHost(t).Run(context.Background(), Cmd{Path: "sh", Args: []string{"-c", script, "sh", pidFile}, Timeout: timeout})
	if _, err := os.Stat(pidFile + ".done"); err == nil {
		t.Errorf("Run returned only after the grandchild ended; a %s timeout must not wait for it", timeout)
	}
	if !res.TimedOut || !errors.Is(res.Err, ErrTimeout) || res.ExitCode != -1 || res.OK() {
		t.Errorf("TimedOut %v, Err %v, ExitCode %d; want a timeout", res.TimedOut, res.Err, res.ExitCode)
	}
	if want := "sh -c " + shell.Quote(script) + " sh " + shell.Quote(pidFile) + " did not finish within " + timeout.String() + " and was killed"; res.Failure() != want {
		t.Errorf("Failure() = %q, want %q", res.Failure(), want)
	}
	if string(res.Stdout) != "started\n" {
		t.Errorf("stdout %q: the output printed before the timeout must be kept", res.Stdout)
	}
	waitGone(t, pidFile)
}

func TestRunKillsWhatTheCommandLeavesBehind(t *testing.T) {
	needUnix(t)
	t.Parallel()
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	tests := []struct {
		name   string
		script string
		code   int
	}{
		// The shell exits at once; its background child keeps stdout open.
		{name: "holding stdout", script: `(sleep 100; : > "$1.done") & echo $! > "$1"; exit 0`},
		{name: "holding stdout, exit 4", script: `(sleep 100; : > "$1.done") & echo $! > "$1"; exit 4`, code: 4},
		// The child does not hold the output, but stays in the command's process group.
		{name: "detached from the output", script: `(sleep 100; : > "$1.done") >/dev/null 2>&1 & echo $! > "$1"`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pidFile := pidFile + strconv.Itoa(i)
			res := realHost(t).Run(context.Background(), Cmd{Path: "sh", Args: []string{"-c", tt.script, "sh", pidFile}, Timeout: time.Minute})
			if _, err := os.Stat(pidFile + ".done"); err == nil {
				t.Errorf("Run returned only after the grandchild ended; it must not wait for it")
			}
			if res.TimedOut || res.ExitCode != tt.code {
				t.Errorf("TimedOut %v, ExitCode %d (err %v); want exit code %d", res.TimedOut, res.ExitCode, res.Err, tt.code)
			}
			waitGone(t, pidFile)
		})
	}
}

// waitGone reads a pid from pidFile and waits up to 10 s (stretched: testTimeout) for that
// process to be gone.
func waitGone(t *testing.T, pidFile string) {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the script did not write the grandchild's pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		t.Fatalf("bad pid %q", data)
	}
	t.Cleanup(func() {
		if p, err := os.FindProcess(pid); err == nil && alive(pid) {
			_ = p.Kill()
		}
	})
	for deadline := time.Now().Add(testTimeout(10 * time.Second)); alive(pid); {
		if time.Now().After(deadline) {
			t.Fatalf("the grandchild %d is still running", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRunParentContext(t *testing.T) {
	needUnix(t)
	t.Parallel()
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		mark := filepath.Join(t.TempDir(), "done")
		res := realHost(t).Run(ctx, Cmd{Path: "sh", Args: []string{"-c", `sleep 100; : > "$1"`, "sh", mark}, Timeout: time.Minute})
		if _, err := os.Stat(mark); err == nil {
			t.Errorf("Run returned only after the command ended, not when its context was cancelled")
		}
		if !errors.Is(res.Err, context.Canceled) || res.TimedOut || res.ExitCode != -1 {
			t.Errorf("Err %v, TimedOut %v, ExitCode %d; want context.Canceled, not a timeout", res.Err, res.TimedOut, res.ExitCode)
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		res := realHost(t).Run(ctx, Cmd{Path: "sh", Args: []string{"-c", "sleep 100"}, Timeout: time.Minute})
		if res.OK() || res.Err == nil || res.TimedOut {
			t.Errorf("Err %v, TimedOut %v; want an error that is not the command's timeout", res.Err, res.TimedOut)
		}
	})
	t.Run("the caller's deadline is not the command's timeout", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		res := realHost(t).Run(ctx, Cmd{Path: "sh", Args: []string{"-c", "sleep 100"}, Timeout: time.Minute})
		if !errors.Is(res.Err, context.DeadlineExceeded) || res.TimedOut {
			t.Errorf("Err %v, TimedOut %v; want context.DeadlineExceeded and no claim that the 1m timeout passed", res.Err, res.TimedOut)
		}
		if f := res.Failure(); strings.Contains(f, "within 1m") {
			t.Errorf("Failure() = %q", f)
		}
	})
}

func TestRunGoCommand(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	h := NewReal(os.Environ())
	res := h.Run(context.Background(), Cmd{Path: goBin, Args: []string{"version"}, Timeout: time.Minute})
	if !res.OK() || !strings.HasPrefix(string(res.Stdout), "go version go") {
		t.Fatalf("go version: %s\n%s", res.Failure(), res.Output())
	}
	res = h.Run(context.Background(), Cmd{Path: goBin, Args: []string{"no-such-subcommand"}, Timeout: time.Minute})
	if res.ExitCode != 2 || res.Err != nil || !strings.Contains(res.Failure(), "exited with status 2: go no-such-subcommand: unknown command") {
		t.Errorf("go no-such-subcommand: ExitCode %d, Err %v, Failure %q", res.ExitCode, res.Err, res.Failure())
	}
	// Looked up by name in the host's PATH, with the extension on Windows.
	h = NewReal(NewEnv(os.Environ(), runtime.GOOS == "windows").With("PATH="+filepath.Dir(goBin), "PATHEXT=.exe").Environ())
	res = h.Run(context.Background(), Cmd{Path: "go", Args: []string{"env", "GOROOT"}, Timeout: time.Minute})
	if !res.OK() || strings.TrimSpace(string(res.Stdout)) == "" {
		t.Errorf("go env GOROOT through PATH: %s", res.Failure())
	}
}
