//go:build unix

package host

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// longAgo is a modification time no directory gets by itself during a test.
var longAgo = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// untouched fails the test when dir's modification time is no longer longAgo or it holds
// entries: something was created (and perhaps removed) there.
func untouched(t *testing.T, dir string, entries int) {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.ModTime().Equal(longAgo) {
		t.Errorf("%s was modified at %s: something was created in it", dir, fi.ModTime())
	}
	if got, _ := os.ReadDir(dir); len(got) != entries {
		t.Errorf("%s holds %d entries, want %d", dir, len(got), entries)
	}
}

// TestRealWritable: the decision is the kernel's, and the directory decided on is left as it
// was: not even its modification time changes (creating and removing a probe file would change it).
func TestRealWritable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := writeFile(t, filepath.Join(dir, "file"), "x", 0o644)
	if err := os.Chtimes(dir, longAgo, longAgo); err != nil {
		t.Fatal(err)
	}
	h := NewReal(nil)
	if w := h.Writable(dir, nil); !w.OK() || w.Unknown || !strings.Contains(w.How, "access(2)") {
		t.Errorf("Writable(a writable directory) = %+v, want ok, decided by access(2)", w)
	}
	untouched(t, dir, 1)
	if w := h.Writable(filepath.Join(file, "sub"), nil); w.OK() {
		t.Error("Writable(a path under a regular file) is ok")
	}
	if w := h.Writable(file, nil); w.OK() {
		t.Error("Writable(a regular file) is ok")
	}
	if w := h.Writable(filepath.Join(dir, "missing"), nil); !IsNotExist(w.Err) {
		t.Errorf("Writable(a missing directory) = %v, want a missing-file error", w.Err)
	}
	if w := h.Writable("", nil); w.OK() {
		t.Error(`Writable("") is ok: it must not decide for the temporary directory instead`)
	}
}

// TestRealWritableImmutable: as root, access(2) says no for an immutable directory (chattr +i),
// which root cannot write either; where chattr cannot set the attribute the test is skipped.
func TestRealWritableImmutable(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "immutable")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("chattr +i: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", dir).Run() })
	if w := NewReal(nil).Writable(dir, nil); w.OK() || w.Unknown {
		t.Errorf("Writable(an immutable directory) = %+v, want a decided no", w)
	}
}

// TestWritableOnRemoteFileSystem: where the kernel's yes proves nothing (a network or FUSE file
// system), a file is created and removed in one of gomedic's own directories on the same file
// system, never in the directory decided on; with none there, it is undecided.
func TestWritableOnRemoteFileSystem(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "gobin")
	own := filepath.Join(base, "gomedic-cache", "tmp")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(dir, longAgo, longAgo); err != nil {
		t.Fatal(err)
	}
	nfs := func(string) string { return "NFS" }
	w := decideWritable(dir, []string{"", "relative", own}, nfs)
	if !w.OK() || w.Unknown || !strings.Contains(w.How, own) || !strings.Contains(w.How, "NFS") {
		t.Errorf("decideWritable(NFS, own dir on it) = %+v, want ok, decided in %s", w, own)
	}
	untouched(t, dir, 0)
	if entries, err := os.ReadDir(own); err != nil || len(entries) != 0 {
		t.Errorf("the probe in %s left %d entries (%v)", own, len(entries), err)
	}
	w = decideWritable(dir, nil, nfs)
	if w.OK() || !w.Unknown || !strings.Contains(w.Err.Error(), "NFS file system") {
		t.Errorf("decideWritable(NFS, no own dir on it) = %+v, want undecided", w)
	}
	untouched(t, dir, 0)
}

// BenchmarkWritable is the kernel's access check that decides now; BenchmarkProbeFile the
// probe file it replaced (created and removed in the directory).
func BenchmarkWritable(b *testing.B) {
	dir, h := b.TempDir(), NewReal(nil)
	for b.Loop() {
		if w := h.Writable(dir, nil); !w.OK() {
			b.Fatal(w.Err)
		}
	}
}

func BenchmarkProbeFile(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if err := probeIn(dir); err != nil {
			b.Fatal(err)
		}
	}
}
