//go:build unix

package lsp

import (
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

// TestMisbehavingServers runs real programs that crash, hang or print garbage, each with a child
// of its own, and checks that each fails in its own way, within the timeout, with what it printed,
// and leaves no process behind.
func TestMisbehavingServers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, script string
		kind         FailureKind
		printed      string
	}{
		{"crash", `sleep 100 & echo $! > "$PIDFILE"; echo 'panic: runtime error: index out of range [3] with length 3' >&2; exit 2`, FailExit, "panic: runtime error"},
		{"hang", `sleep 100 & echo $! > "$PIDFILE"; echo 'starting...' >&2; sleep 100`, FailTimeout, "starting..."},
		{"garbage", `sleep 100 & echo $! > "$PIDFILE"; echo 'gopls: this is not LSP'; sleep 100`, FailProtocol, "gopls: this is not LSP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bin := filepath.Join(dir, tt.name, "gopls")
			writeTree(t, filepath.Dir(bin), map[string]string{"gopls": "#!/bin/sh\n" + tt.script + "\n"})
			if err := os.Chmod(bin, 0o755); err != nil {
				t.Fatal(err)
			}
			pidFile := filepath.Join(dir, tt.name, "pid")
			var rep *Report
			for i := 0; i < 50; i++ { // a freshly written script can be "text file busy" (go.dev/issue/22315)
				rep = realProbe(t, goplsHost(t, "PIDFILE="+pidFile), Config{Path: bin, Args: []string{"-mode=stdio"}, Folders: []string{dir}, Timeout: testtools.Timeout(2 * time.Second)})
				if rep.Failure == nil || rep.Failure.Kind != FailStart {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if rep.Failure == nil || rep.Failure.Kind != tt.kind {
				t.Fatalf("failure %+v, want kind %s", rep.Failure, tt.kind)
			}
			if !strings.Contains(rep.Printed(), tt.printed) {
				t.Errorf("printed %q, want %q in it", rep.Printed(), tt.printed)
			}
			data, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatalf("the fake did not start its child: %v", err)
			}
			pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
			for deadline := time.Now().Add(testtools.Timeout(5 * time.Second)); processAlive(pid); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					_ = syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("the fake's child %d outlived the probe", pid)
				}
			}
		})
	}
}

// processAlive reports whether pid runs (a zombie does not count).
func processAlive(pid int) bool {
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return false
	}
	out, err := exec.Command("ps", "-o", "stat=", "-p", strconv.Itoa(pid)).Output()
	return err == nil && !strings.HasPrefix(strings.TrimSpace(string(out)), "Z")
}
