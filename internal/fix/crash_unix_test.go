//go:build unix

package fix

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

// The child process of the crash tests: it applies two steps to the sandbox $FIX_SANDBOX and, at
// the N-th pause at point $FIX_KILL_POINT, says so in a file and waits to be killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("FIX_SANDBOX"); dir != "" {
		crashChild(dir, os.Getenv("FIX_KILL_POINT"), os.Getenv("FIX_KILL_AT"))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// sandboxSteps are the steps the child applies: start-up file and settings edits, a new
// directory and a file moved aside.
func sandboxSteps(dir string) []*Step {
	return []*Step{
		{FixStep: result.FixStep{N: 1, Checks: []string{"a"}, Actions: []finding.Action{
			{Kind: finding.PathAdd, Path: filepath.Join(dir, "home", "go", "bin"), File: filepath.Join(dir, "home", ".bashrc")},
			{Kind: finding.SettingsEdit, File: filepath.Join(dir, "settings.json"), Key: "/go.goroot", Value: `"/usr/local/go"`},
		}}},
		{FixStep: result.FixStep{N: 2, Checks: []string{"b"}, Actions: []finding.Action{
			{Kind: finding.Mkdir, Path: filepath.Join(dir, "new", "deeper")},
			{Kind: finding.Remove, Path: filepath.Join(dir, "stray")},
		}}},
		// The same file as step 1 again: undo must see the later write, then the earlier.
		{FixStep: result.FixStep{N: 3, Checks: []string{"c"}, Actions: []finding.Action{
			{Kind: finding.PathAdd, Path: filepath.Join(dir, "tools"), File: filepath.Join(dir, "home", ".bashrc")},
		}}},
	}
}

func crashChild(dir, point, at string) {
	n, _ := strconv.Atoi(at)
	seen := 0
	e := testEngine(dir)
	e.o.Pause = func(p string) {
		if p != point {
			return
		}
		if seen++; seen == n {
			_ = os.WriteFile(filepath.Join(dir, "paused"), nil, 0o644)
			time.Sleep(time.Hour)
		}
	}
	for _, s := range sandboxSteps(dir) {
		e.Apply(context.Background(), s)
		if s.Outcome == result.FixFailed {
			fmt.Fprintln(os.Stderr, s.Error)
			os.Exit(2)
		}
	}
	_ = e.Finish()
}

// originals are the sandbox's files before any fix.
var originals = map[string]string{
	"home/.bashrc":  "# mine\nalias ll='ls -l'\n",
	"settings.json": "{\r\n  // keep me\r\n  \"a\": 1,\r\n}\r\n",
	"stray":         "a stray binary\n",
}

func newCrashSandbox(t *testing.T) string {
	dir := t.TempDir()
	for name, content := range originals {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkRestored checks that the sandbox is as it was before the fix.
func checkRestored(t *testing.T, dir, when string) {
	t.Helper()
	for name, want := range originals {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %s is %q (%v), want %q", when, name, got, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Errorf("%s: the directory the fix created is still there", when)
	}
}

// TestKillAnywhereThenUndo kills a fix at every point where it pauses, then undoes it: every file
// is whole (old or new) and the undo restores the sandbox exactly.
func TestKillAnywhereThenUndo(t *testing.T) {
	// journaled: 5 changes (3 file writes, a directory, a move); written: in each of the 3 file
	// writes; changed: 5 actions; step: 3 steps.
	for _, k := range []struct {
		point string
		count int
	}{{"journaled", 5}, {"written", 3}, {"changed", 5}, {"step", 3}} {
		for n := 1; n <= k.count; n++ {
			t.Run(fmt.Sprintf("%s-%d", k.point, n), func(t *testing.T) {
				dir := newCrashSandbox(t)
				killChildAt(t, dir, k.point, n)
				root := filepath.Join(dir, "journal")
				if _, err := History(root); err != nil {
					t.Fatalf("the journal is not readable after the kill: %v", err)
				}
				checkWhole(t, root)
				if _, err := Undo(context.Background(), root, "", false, nil); err != nil {
					t.Fatalf("undo after a kill at %s #%d: %v", k.point, n, err)
				}
				checkRestored(t, dir, "after undo")
			})
		}
	}
}

// checkWhole checks that every file the journal under root names is whole: its content before
// the fix or the content the fix wrote, nothing in between.
func checkWhole(t *testing.T, root string) {
	t.Helper()
	ids, err := runIDs(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		j, err := loadJournal(root, id)
		if err != nil {
			t.Fatal(err)
		}
		// A file two steps wrote may hold either step's content, or what it was before both.
		whole := map[string]map[string]bool{}
		for _, s := range j.Steps {
			for _, f := range s.Files {
				if whole[f.Path] == nil {
					whole[f.Path] = map[string]bool{}
				}
				whole[f.Path][f.HashBefore], whole[f.Path][f.HashAfter] = true, true
			}
		}
		for path, hashes := range whole {
			if cur, _ := fileHash(path); !hashes[cur] {
				t.Errorf("%s is neither its old content nor one the fix wrote, after the kill", path)
			}
		}
	}
}

// killChildAt runs the child until its n-th pause at point and kills it with SIGKILL.
func killChildAt(t *testing.T, dir, point string, n int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FIX_SANDBOX="+dir, "FIX_KILL_POINT="+point, "FIX_KILL_AT="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		if _, err := os.Stat(filepath.Join(dir, "paused")); err == nil {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the child ended before pausing at %s #%d: %v", point, n, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-exited
}

// TestApplyThenUndo applies both steps to the end, then undoes them; a second undo refuses.
func TestApplyThenUndo(t *testing.T) {
	dir := newCrashSandbox(t)
	e := testEngine(dir)
	for _, s := range sandboxSteps(dir) {
		e.Apply(context.Background(), s)
		if s.Outcome != result.FixFixed {
			t.Fatalf("step %d: %s %s", s.N, s.Outcome, s.Error)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new", "deeper")); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "journal")
	if _, err := Undo(context.Background(), root, "", false, nil); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, dir, "after undo")
	if _, err := Undo(context.Background(), root, "", false, nil); err == nil {
		t.Error("a second undo found a run to undo")
	}
}

// TestUndoRefusesAChangedFile: a file edited after the fix is named, and restored only with force.
func TestUndoRefusesAChangedFile(t *testing.T) {
	dir := newCrashSandbox(t)
	e := testEngine(dir)
	e.Apply(context.Background(), sandboxSteps(dir)[0])
	bashrc := filepath.Join(dir, "home", ".bashrc")
	if err := os.WriteFile(bashrc, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "journal")
	_, err := Undo(context.Background(), root, "", false, nil)
	if ce, ok := err.(*ConflictError); !ok || ce.Path != bashrc {
		t.Fatalf("undo over a changed file: %v, want a conflict naming %s", err, bashrc)
	}
	if got, _ := os.ReadFile(bashrc); string(got) != "edited by hand\n" {
		t.Errorf("the refused undo changed %s", bashrc)
	}
	if _, err := Undo(context.Background(), root, "", true, nil); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, dir, "after a forced undo")
}

// TestLockRefusesASecondRun: while one run holds the lock, another waits, then refuses naming it.
func TestLockRefusesASecondRun(t *testing.T) {
	root := t.TempDir()
	unlock, err := Lock(root, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockChild$")
	cmd.Env = append(os.Environ(), "FIX_LOCK_ROOT="+root)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("a second run took the lock:\n%s", out)
	}
	if want := fmt.Sprintf("pid %d", os.Getpid()); !strings.Contains(string(out), want) {
		t.Errorf("the refusal does not name the holder (%s):\n%s", want, out)
	}
	unlock()
	if u, err := Lock(root, time.Second); err != nil {
		t.Errorf("the lock is not free after unlock: %v", err)
	} else {
		u()
	}
}

// TestLockChild is the second run of TestLockRefusesASecondRun.
func TestLockChild(t *testing.T) {
	root := os.Getenv("FIX_LOCK_ROOT")
	if root == "" {
		t.Skip("run by TestLockRefusesASecondRun")
	}
	if _, err := Lock(root, 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
}

// TestRemoveAcrossFileSystems moves a file aside from another file system (/dev/shm, a tmpfs)
// into the journal, and undo moves it back with its content and mode.
func TestRemoveAcrossFileSystems(t *testing.T) {
	shm, err := os.MkdirTemp("/dev/shm", "gomedic-fix-")
	if err != nil {
		t.Skip("no /dev/shm here:", err)
	}
	defer os.RemoveAll(shm)
	dir := newCrashSandbox(t)
	stray := filepath.Join(shm, "go")
	if err := os.WriteFile(stray, []byte("a copied go\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	e := testEngine(dir)
	s := &Step{FixStep: result.FixStep{N: 1, Checks: []string{"a"}, Actions: []finding.Action{{Kind: finding.Remove, Path: stray}}}}
	e.Apply(context.Background(), s)
	if s.Outcome != result.FixFixed {
		t.Fatalf("%s: %s", s.Outcome, s.Error)
	}
	if _, err := os.Lstat(stray); err == nil {
		t.Fatal("the file is still there")
	}
	if _, err := Undo(context.Background(), filepath.Join(dir, "journal"), "", false, nil); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(stray)
	if data, _ := os.ReadFile(stray); err != nil || string(data) != "a copied go\n" || fi.Mode().Perm() != 0o755 {
		t.Errorf("after undo: %v %q", err, data)
	}
}
