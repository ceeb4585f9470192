package run

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/run/classify"
)

// realRun runs PATH in dir with the real go command and the build cache in cache.
func realRun(t *testing.T, dir, path string, test bool, cache string) *result.Run {
	t.Helper()
	h := host.NewReal(append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off"))
	o := Options{
		Host: h, Facts: wsfacts.New(context.Background(), h, dir, 5*time.Second), Dir: dir, Path: path, Test: test,
		TempDir: t.TempDir(), BuildCache: cache, Classify: classify.Classify, ReadSource: ReadSource,
		Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Timeout: time.Minute,
	}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestBuildCacheKeepsUpToDateBinary: the second run of an unchanged program finds the binary up to
// date (go build does not rewrite it), a change rebuilds it, and the test binary of a package whose
// tests were removed is not run from the cache.
func TestBuildCacheKeepsUpToDateBinary(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir, cache := t.TempDir(), t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/app\n\ngo 1.22\n")
	write("main.go", "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }\n")
	write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n")

	r := realRun(t, dir, ".", false, cache)
	if r.Result.ID != classify.ExitCode || r.Status != 3 {
		t.Fatalf("first run: %s, status %d", r.Result.ID, r.Status)
	}
	built := r.Build.Command[len(r.Build.Command)-2] // go build -o OUT .
	if !filepath.IsAbs(built) || filepath.Dir(filepath.Dir(built)) != filepath.Join(cache, "run") {
		t.Fatalf("built %s, not in the cache %s", built, cache)
	}
	// A link of our own holds the file: a rewrite (go build removes the old file first) would give
	// the path another inode. go build only touches the mtime of an up-to-date target.
	held := filepath.Join(t.TempDir(), "held")
	if err := os.Link(built, held); err != nil {
		t.Skipf("cannot hard-link into the test's temporary directory: %v", err)
	}
	sameAsHeld := func() bool {
		a, err1 := os.Stat(built)
		b, err2 := os.Stat(held)
		return err1 == nil && err2 == nil && os.SameFile(a, b)
	}

	r = realRun(t, dir, ".", false, cache)
	if r.Status != 3 || !sameAsHeld() {
		t.Errorf("second run: status %d; the cached binary was rewritten: %v", r.Status, !sameAsHeld())
	}

	write("main.go", "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(4) }\n")
	if r = realRun(t, dir, ".", false, cache); r.Status != 4 || sameAsHeld() {
		t.Errorf("after a change: status %d, want 4; rebuilt: %v", r.Status, !sameAsHeld())
	}

	if r = realRun(t, dir, ".", true, cache); r.Result.ID != classify.OK || !r.Ran {
		t.Fatalf("tests: %s, ran %v", r.Result.ID, r.Ran)
	}
	if err := os.Remove(filepath.Join(dir, "main_test.go")); err != nil {
		t.Fatal(err)
	}
	if r = realRun(t, dir, ".", true, cache); r.Result.ID != classify.NoTestFiles || r.Ran {
		t.Errorf("tests removed: %s, ran %v (a cached test binary ran)", r.Result.ID, r.Ran)
	}
}

// TestBuildCacheUnusable: a cache directory that cannot be made (a file where it must be) falls
// back to building in the temporary directory, with a note.
func TestBuildCacheUnusable(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(t.TempDir(), "cache")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := realRun(t, dir, ".", false, blocker)
	if r.Result.ID != classify.OK || r.Status != 0 {
		t.Fatalf("%s, status %d", r.Result.ID, r.Status)
	}
	if len(r.Notes) == 0 || !bytes.Contains([]byte(r.Notes[0]), []byte("without the build output cache")) {
		t.Errorf("notes %q", r.Notes)
	}
}

// TestSweepBuildCache removes the directories not used for a week, and only those.
func TestSweepBuildCache(t *testing.T) {
	root := t.TempDir()
	old, fresh, keep := filepath.Join(root, "old"), filepath.Join(root, "fresh"), filepath.Join(root, "keep")
	for _, d := range []string{old, fresh, keep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "prog"), []byte("x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-buildCacheMaxAge - time.Hour)
	for _, d := range []string{old, keep} {
		if err := os.Chtimes(d, long, long); err != nil {
			t.Fatal(err)
		}
	}
	sweepBuildCache(root, keep)
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("old directory kept: %v", err)
	}
	for _, d := range []string{fresh, keep} {
		if _, err := os.Stat(filepath.Join(d, "prog")); err != nil {
			t.Errorf("%s removed: %v", d, err)
		}
	}
	// Once a day: a second sweep right away does nothing, even to an old directory.
	if err := os.MkdirAll(old, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}
	sweepBuildCache(root, keep)
	if _, err := os.Stat(old); err != nil {
		t.Errorf("the second sweep of the day removed %s", old)
	}
}

// TestRunOutputReaderGone: when the reader of gomedic's output goes away (gomedic run ... | head),
// the program meets a closed pipe as under a shell (an endless writer ends with SIGPIPE) instead
// of running on with its output dropped.
func TestRunOutputReaderGone(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close()
	defer pw.Close()
	dir := t.TempDir()
	h := host.NewReal(os.Environ())
	o := Options{
		Host: h, Facts: wsfacts.New(context.Background(), h, dir, 5*time.Second), Dir: dir,
		Command: []string{"sh", "-c", "while :; do echo y; done"},
		TempDir: t.TempDir(), Classify: classify.Classify, ReadSource: ReadSource,
		Stdout: pw, Stderr: &bytes.Buffer{}, Timeout: time.Minute,
	}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r.TimedOut || r.Result.ID != classify.Signal || !strings.Contains(r.Result.Title, "SIGPIPE") {
		t.Errorf("%s (%s), timed out %v; want the program stopped by SIGPIPE", r.Result.ID, r.Result.Title, r.TimedOut)
	}
}
