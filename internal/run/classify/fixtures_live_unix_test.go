//go:build unix

package classify_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/run/classify"
)

// runFixture runs a case with the real go command, the way the runner does: build first (in the
// package directory), then run the command with the input, a timeout and, when asked, strace.
// It reports false when the case was skipped.
func runFixture(t *testing.T, fx *fixture, work string) (recording, bool) {
	t.Helper()
	if reason := missingNeed(fx.meta["needs"]); reason != "" {
		t.Skip(reason)
		return recording{}, false
	}
	dir := filepath.Join(work, filepath.FromSlash(fx.metaOr("dir", ".")))
	env := append(os.Environ(), "GOTOOLCHAIN=local", "GOPROXY=off")
	env = append(env, strings.Fields(fx.meta["env"])...)
	if b := fx.meta["build"]; b != "" {
		args := splitCommand(b)
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		cmd.Env = append(append([]string(nil), env...), strings.Fields(fx.meta["build-env"])...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if err != nil || fx.meta["outcome"] == "build" {
			r := recording{buildStep: true, phase: classify.Phase(fx.metaOr("build-phase", string(classify.PhaseBuild))), exit: cmd.ProcessState.ExitCode()}
			r.stdout = []byte(normalise(stdout.String(), work))
			r.stderr = []byte(normalise(stderr.String(), work))
			return r, true
		}
	}
	args := splitCommand(fx.meta["run"])
	if len(args) == 0 {
		t.Fatalf("%s: no run line", fx.path)
	}
	traceFile := ""
	if fx.meta["trace"] == "yes" {
		traceFile = filepath.Join(t.TempDir(), "trace")
		args = append([]string{"strace", "-f", "-Z", "-qq", "-o", traceFile, "-e", "trace=%file,execve", "--"}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = filepath.Join(work, filepath.FromSlash(fx.metaOr("cwd", fx.metaOr("dir", "."))))
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if fx.metaOr("stdin", "none") != "none" {
		cmd.Stdin = bytes.NewReader(fx.stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	r := recording{phase: defaultPhase(fx)}
	if err := cmd.Start(); err != nil {
		r.exit = -1
		r.startErr = normalise(err.Error(), work)
		return r, true
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var timeout <-chan time.Time
	if d := fx.meta["timeout"]; d != "" {
		dur, err := time.ParseDuration(d)
		if err != nil {
			t.Fatal(err)
		}
		r.timeout = dur
		timeout = time.After(dur)
	}
	var err error
	select {
	case err = <-done:
	case <-timeout:
		r.timedOut = true
		cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case err = <-done:
		case <-time.After(2 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			err = <-done
		}
	case <-time.After(2 * time.Minute):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("%s: still running after 2 minutes", fx.path)
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("%s: %v", fx.path, err)
	}
	r.exit = cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		r.signal = ws.Signal().String()
	}
	r.stdout = []byte(normalise(stdout.String(), work))
	r.stderr = []byte(normalise(stderr.String(), work))
	if traceFile != "" {
		data, err := os.ReadFile(traceFile)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if _, ok := parseStraceLine(l); ok {
				r.trace = append(r.trace, normalise(pidRE.ReplaceAllString(l, ""), work))
			}
		}
	}
	return r, true
}

func defaultPhase(fx *fixture) classify.Phase {
	if p := fx.meta["phase"]; p != "" {
		return classify.Phase(p)
	}
	if fx.meta["build"] == "" && strings.HasPrefix(fx.meta["run"], "go ") {
		return classify.PhaseExec // gomedic run -- go run ...
	}
	return classify.PhaseRun
}

// missingNeed says why a case cannot run here, "" when it can.
func missingNeed(needs string) string {
	for _, n := range strings.Fields(needs) {
		switch n {
		case "cgo":
			if _, err := exec.LookPath("gcc"); err != nil {
				return "needs a C compiler"
			}
		case "strace":
			if _, err := exec.LookPath("strace"); err != nil || runtime.GOOS != "linux" {
				return "needs strace"
			}
		case "ulimit":
			if runtime.GOOS != "linux" {
				return "needs ulimit -v (Linux)"
			}
		case "amd64":
			if runtime.GOARCH != "amd64" {
				return "needs an amd64 host (runs an arm64 binary)"
			}
		}
	}
	return ""
}
