package dap

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/testtools"
)

// These tests run the real pinned dlv (`dlv dap`, as the Go extension starts it) on small
// programs written by the test.

const scratchMain = `package main

import "os"

func main() {
	answer := 42
	report(answer)
	if len(os.Args) > 99 {
		println("never printed")
	}
}

//go:noinline
func report(n int) { _ = n }
`

// scratchLine is the line of report(answer) in scratchMain, and neverLine a line that never runs.
const (
	scratchLine = 7
	neverLine   = 9
)

// scratchDir writes a module with main.go holding src.
func scratchDir(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{"go.mod": "module example.com/scratch\n\ngo 1.18\n", "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// startDlv starts `dlv dap --listen=127.0.0.1:0` in dir, waits for the line the Go extension
// waits for, and returns a client connected to the address it names. dlv is killed at the end of
// the test if it is still running.
func startDlv(t *testing.T, dir string, env ...string) (*Client, *exec.Cmd) {
	t.Helper()
	dlv := testtools.Need(t, "dlv")
	cmd := exec.Command(dlv, "dap", "--listen=127.0.0.1:0")
	cmd.Dir = dir
	environ, err := testtools.BuildEnv(env...)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = environ
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(out)
	addr := ""
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "DAP server listening at: "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatalf("dlv did not say where it listens: %v", sc.Err())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	ctx, cancel := context.WithTimeout(context.Background(), testtools.Timeout(5*time.Second))
	defer cancel()
	c, err := Dial(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, cmd
}

func launchArgs(dir string) map[string]any {
	return map[string]any{"request": "launch", "mode": "debug", "program": dir, "cwd": dir,
		"output": filepath.Join(dir, "__debug_bin")}
}

func TestRunToBreakpointRealDlv(t *testing.T) {
	dir := scratchDir(t, scratchMain)
	c, cmd := startDlv(t, dir)
	ctx, cancel := context.WithTimeout(context.Background(), testtools.Timeout(60*time.Second))
	defer cancel()
	st, err := c.RunToBreakpoint(ctx, Target{Launch: launchArgs(dir), File: filepath.Join(dir, "main.go"), Line: scratchLine, Variable: "answer"})
	if err != nil {
		t.Fatalf("RunToBreakpoint: %v\noutput: %s", err, c.Output())
	}
	if st.Value != "42" || st.Type != "int" {
		t.Errorf("answer = %q (%s), want 42 (int)", st.Value, st.Type)
	}
	if st.Frame.Name != "main.main" || st.Frame.Line != scratchLine {
		t.Errorf("stopped in %s at line %d, want main.main at %d", st.Frame.Name, st.Frame.Line, scratchLine)
	}
	t.Logf("launch (build) %s, run to the breakpoint %s", st.Launched, st.Ran)
	if err := c.Disconnect(ctx, true); err != nil {
		t.Fatalf("Disconnect: %v", err)
	}
	// dlv dap serves one session: it exits after the disconnect.
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("dlv exited with %v after the disconnect", err)
		}
	case <-time.After(testtools.Timeout(10 * time.Second)):
		t.Errorf("dlv still runs %s after the disconnect", testtools.Timeout(10*time.Second))
	}
}

func TestBuildErrorRealDlv(t *testing.T) {
	dir := scratchDir(t, "package main\n\nfunc main() {\n\tundefinedThing()\n}\n")
	c, _ := startDlv(t, dir)
	ctx, cancel := context.WithTimeout(context.Background(), testtools.Timeout(60*time.Second))
	defer cancel()
	_, err := c.RunToBreakpoint(ctx, Target{Launch: launchArgs(dir), File: filepath.Join(dir, "main.go"), Line: 4, Variable: "x"})
	var se *StepError
	var re *ResponseError
	if !errors.As(err, &se) || se.Step != StepLaunch || !errors.As(err, &re) {
		t.Fatalf("err = %v, want a refused launch", err)
	}
	// dlv answers with a pointer to the debug console, where it wrote the compiler's errors.
	if want := "Failed to launch: Build error: Check the debug console for details."; re.Detail != want {
		t.Errorf("the launch error is %q, want %q", re.Detail, want)
	}
	if out := c.Output(); !strings.Contains(out, "Build Error: go build -o ") || !strings.Contains(out, "./main.go:4:2: undefined: undefinedThing") {
		t.Errorf("the output events do not quote the build: %q", out)
	}
}

func TestNotStoppedRealDlv(t *testing.T) {
	dir := scratchDir(t, scratchMain)
	c, _ := startDlv(t, dir)
	ctx, cancel := context.WithTimeout(context.Background(), testtools.Timeout(60*time.Second))
	defer cancel()
	_, err := c.RunToBreakpoint(ctx, Target{Launch: launchArgs(dir), File: filepath.Join(dir, "main.go"), Line: neverLine, Variable: "answer"})
	var ns *NotStoppedError
	if !errors.As(err, &ns) || ns.Event != "exited" || ns.ExitCode != 0 {
		t.Fatalf("err = %v, want the program to exit 0 without stopping", err)
	}
	t.Logf("%v", err)
}
