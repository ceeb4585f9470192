//go:build unix

package host

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunGrace checks that a command with a Grace is asked to end at its timeout, so that a shell
// script's exit trap removes its lock file (as pyenv's rehash does), while one without a Grace is
// killed and leaves the lock behind.
func TestRunGrace(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script := `echo > "$1"; trap 'rm -f "$1"' EXIT; echo started; sleep 60`
	for _, grace := range []time.Duration{0, testTimeout(10 * time.Second)} {
		lock := filepath.Join(t.TempDir(), "lock")
		res := realHost(t).Run(context.Background(), Cmd{Path: "bash", Args: []string{"-c", script, "bash", lock}, Timeout: testTimeout(300 * time.Millisecond), Grace: grace})
		if !strings.Contains(string(res.Stdout), "started") {
			t.Skipf("the script had not started within its timeout: %q", res.Stdout)
		}
		if !res.TimedOut {
			t.Errorf("grace %s: TimedOut %v, err %v", grace, res.TimedOut, res.Err)
		}
		_, err := os.Stat(lock)
		if left := err == nil; left != (grace == 0) {
			t.Errorf("grace %s: the lock file is left behind: %v, want %v", grace, left, grace == 0)
		}
	}
}
