package host

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// spawner is a tool's wrapper script that leaves two processes no process group kill reaches,
// each writing its pid to a file in $1 before the wrapper prints its version: a child that
// called setsid, and a daemon that forked twice (its parent exited at once) and called setsid.
const spawner = `d=$1
setsid sh -c 'echo $$ > "$0/setsid.pid"; exec sleep 100' "$d" </dev/null >/dev/null 2>&1 &
( (setsid sh -c 'echo $$ > "$0/daemon.pid"; exec sleep 100' "$d" </dev/null >/dev/null 2>&1 &) & )
while [ ! -s "$d/setsid.pid" ] || [ ! -s "$d/daemon.pid" ]; do sleep 0.01; done
echo "tool version v1.2.3"
`

// helper plays a role in a process of its own (TestMain), in the directory $HELPER_DIR:
//
//	adopt      AdoptOrphans, run the spawner with Run, sweep, exit
//	adopt-start  the same with Start
//	hold       run a command that writes its pid and sleeps, until killed
func helper(role string) int {
	dir := os.Getenv("HELPER_DIR")
	h := NewReal(os.Environ())
	ctx := context.Background()
	switch role {
	case "adopt", "adopt-start":
		sweep, err := AdoptOrphans()
		if err != nil {
			return 3
		}
		var res *Result
		if role == "adopt" {
			res = h.Run(ctx, Cmd{Path: "sh", Args: []string{"-c", spawner, "sh", dir}, Timeout: time.Minute})
		} else {
			p, err := h.Start(ctx, Cmd{Path: "sh", Args: []string{"-c", spawner, "sh", dir}, Timeout: time.Minute})
			if err != nil {
				return 4
			}
			_, _ = p.Stdout.Read(make([]byte, 64))
			res = p.Wait()
		}
		if !res.OK() {
			return 5
		}
		sweep()
		return 0
	case "hold":
		h.Run(ctx, Cmd{Path: "sh", Args: []string{"-c", `echo $$ > "$1/hold.pid"; exec sleep 100`, "sh", dir}, Timeout: time.Minute})
		return 0
	}
	return 2
}

// runHelper runs the test binary as helper role in dir and returns its command, started.
func runHelper(t *testing.T, role, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperRole+"="+role, "HELPER_DIR="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// pidIn reads the pid a process wrote to dir/name.
func pidIn(t *testing.T, dir, name string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("no pid in %s: %v", name, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("bad pid %q in %s", data, name)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	return pid
}

// TestNothingOutlivesTheProcess runs a wrapper that leaves a setsid child and a double-forked
// daemon, in a process that adopts orphans (as gomedic does), and checks that neither is alive
// once that process has swept and exited: neither is in the command's process group, so only
// the subreaper can find them.
func TestNothingOutlivesTheProcess(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("no setsid program")
	}
	for _, role := range []string{"adopt", "adopt-start"} {
		t.Run(role, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			err := runHelper(t, role, dir).Wait()
			if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
				t.Skip("this system has no child subreaper")
			}
			if err != nil {
				t.Fatalf("the helper: %v", err)
			}
			for _, name := range []string{"setsid.pid", "daemon.pid"} {
				if pid := pidIn(t, dir, name); alive(pid) {
					t.Errorf("%s (pid %d) outlived the process that started it", strings.TrimSuffix(name, ".pid"), pid)
				}
			}
		})
	}
}

// TestCommandsDieWithGomedic kills a process running a command with SIGKILL, which no handler
// sees, and checks that the command dies with it.
func TestCommandsDieWithGomedic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmd := runHelper(t, "hold", dir)
	pidFile := filepath.Join(dir, "hold.pid")
	for deadline := time.Now().Add(testTimeout(10 * time.Second)); ; time.Sleep(10 * time.Millisecond) {
		if data, err := os.ReadFile(pidFile); err == nil && len(data) > 0 && data[len(data)-1] == '\n' {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the helper's command did not start")
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	pid := pidIn(t, dir, "hold.pid")
	for deadline := time.Now().Add(testTimeout(10 * time.Second)); alive(pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the command (pid %d) outlived the process that ran it", pid)
		}
	}
}

func TestParseStat(t *testing.T) {
	t.Parallel()
	st, ok := parseStat([]byte("42 (my (odd) prog) S 1 40 39 0 -1 4194560 ...\n"))
	if !ok || st.pid != 42 || st.name != "my (odd) prog" || st.state != 'S' || st.ppid != 1 || st.pgrp != 40 || st.session != 39 {
		t.Errorf("parseStat = %+v, %v", st, ok)
	}
	for _, bad := range []string{"", "42 prog S 1 2 3", "42 (p) S x 2 3", "42 (p)"} {
		if _, ok := parseStat([]byte(bad)); ok {
			t.Errorf("parseStat(%q) succeeded", bad)
		}
	}
}
