package host

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// startSleeper starts a shell running script (after which it loops), waits until it wrote its
// ready file, and returns what the process list says of it.
func startSleeper(t *testing.T, script string) (*exec.Cmd, ProcInfo) {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := exec.Command("/bin/sh", "-c", script+`; : > "$0"; while :; do sleep 0.05; done`, ready)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the shell never got ready")
		}
	}
	r := NewReal(nil)
	p, ok := r.Process(context.Background(), cmd.Process.Pid)
	if !ok {
		t.Fatalf("pid %d is not in /proc", cmd.Process.Pid)
	}
	return cmd, p
}

func TestEndProcess(t *testing.T) {
	ctx := context.Background()
	r := NewReal(nil)
	// The grace is long where the verdict does not wait for it to pass (a process that exits on
	// SIGTERM), and shorter where it does (one that ignores SIGTERM is killed after it).
	tests := []struct {
		name, script string
		grace        time.Duration
		change       func(p *ProcInfo)
		want         string
		wantErr      error
	}{
		{name: "SIGTERM ends it", script: ":", grace: time.Minute, want: "terminated"},
		{name: "SIGTERM ignored: SIGKILL", script: "trap '' TERM", grace: 2 * time.Second, want: "killed"},
		{name: "another start time: a reused pid", script: ":",
			change: func(p *ProcInfo) { p.Start = p.Start.Add(-time.Hour) }, wantErr: ErrNotSameProcess},
		{name: "another executable: a reused pid", script: ":",
			change: func(p *ProcInfo) { p.Exe = "/usr/local/bin/gopls" }, wantErr: ErrNotSameProcess},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, p := startSleeper(t, tt.script)
			if tt.change != nil {
				tt.change(&p)
			}
			got, err := r.EndProcess(ctx, p, max(tt.grace, time.Second))
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Fatalf("EndProcess = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
			_, alive := r.Process(ctx, cmd.Process.Pid)
			if alive != (tt.wantErr != nil) {
				t.Errorf("after EndProcess the process runs: %v, want %v", alive, tt.wantErr != nil)
			}
		})
	}
}
