package install_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/testtools"
)

// TestInterruptedInstallLeavesNothingRunning interrupts `gomedic tools install` with SIGINT (a
// terminal's Ctrl-C reaches gomedic alone: its commands run in process groups of their own) and
// with SIGTERM while go install waits on the C compiler, and checks that gomedic exits by itself
// after killing every process of the install — no go command, no compiler — and removes the
// build directory.
func TestInterruptedInstallLeavesNothingRunning(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gomedic")
	}
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			s := newSandbox(t)
			dir := t.TempDir()
			marker := filepath.Join(dir, "cc.pid")
			// The C compiler says it runs, then never finishes.
			cc := filepath.Join(dir, "cc.sh")
			script := "#!/bin/sh\necho $$ > " + marker + ".tmp && mv " + marker + ".tmp " + marker + "\nexec sleep 1000\n"
			if err := os.WriteFile(cc, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			owner := "GOMEDIC_TEST_OWNER=" + randomToken(t)
			t.Cleanup(func() { killAll(owner) })
			cmd := s.command("tools", "install", "example.com/cgohello@v1.0.0")
			cmd.Env = append(cmd.Env, "CGO_ENABLED=1", "CC="+cc, owner)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			started := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			waitFor(t, marker, exited, &out)
			t.Logf("compiler started after %s", time.Since(started))
			sent := time.Now()
			if err := syscall.Kill(cmd.Process.Pid, sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(testtools.Timeout(30 * time.Second)):
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				t.Fatalf("gomedic did not exit after %v:\n%s", sig, out.String())
			}
			t.Logf("exited %s after the signal", time.Since(sent))
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() {
				t.Errorf("gomedic died of %v instead of ending the install and exiting", ee.Sys().(syscall.WaitStatus).Signal())
			}
			if left := processesWith(owner); len(left) > 0 {
				t.Errorf("after %v, processes of the install still run: %s", sig, strings.Join(left, ", "))
			}
			if dirs, _ := filepath.Glob(filepath.Join(s.home, "store", "cgohello", ".build-*")); len(dirs) > 0 {
				t.Errorf("after %v, the build directory is left: %v", sig, dirs)
			}
		})
	}
}

// waitFor waits until the file exists, failing when the command exits or a minute (stretched)
// passes first.
func waitFor(t *testing.T, file string, exited <-chan error, out *bytes.Buffer) {
	t.Helper()
	deadline := time.After(testtools.Timeout(time.Minute))
	for {
		if _, err := os.Stat(file); err == nil {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("gomedic exited (%v) before the compiler started:\n%s", err, out.String())
		case <-deadline:
			t.Fatalf("the compiler did not start:\n%s", out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func randomToken(t *testing.T) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// processesWith lists the live processes whose environment holds the variable kv, as "pid name".
func processesWith(kv string) []string {
	dirs, _ := os.ReadDir("/proc")
	var out []string
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile("/proc/" + d.Name() + "/environ")
		if err != nil || !bytes.Contains(append([]byte{0}, env...), []byte("\x00"+kv+"\x00")) {
			continue
		}
		stat, _ := os.ReadFile("/proc/" + d.Name() + "/stat")
		if i := bytes.LastIndexByte(stat, ')'); i > 0 && i+2 < len(stat) && (stat[i+2] == 'Z' || stat[i+2] == 'X') {
			continue // ended
		}
		name, _ := os.ReadFile("/proc/" + d.Name() + "/comm")
		out = append(out, strconv.Itoa(pid)+" "+strings.TrimSpace(string(name)))
	}
	return out
}

// killAll kills the processes whose environment holds kv, so that a failing test leaves nothing.
func killAll(kv string) {
	for _, p := range processesWith(kv) {
		pid, _ := strconv.Atoi(strings.Fields(p)[0])
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}
