package host

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRealReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ten := writeFile(t, filepath.Join(dir, "ten"), "0123456789", 0o644)
	empty := writeFile(t, filepath.Join(dir, "empty"), "", 0o644)
	tests := []struct {
		name    string
		path    string
		limit   int64
		want    string
		tooBig  bool
		missing bool
		fails   bool
	}{
		{name: "under the limit", path: ten, limit: 100, want: "0123456789"},
		{name: "at the limit", path: ten, limit: 10, want: "0123456789"},
		{name: "over the limit", path: ten, limit: 9, tooBig: true},
		{name: "empty", path: empty, limit: 0, want: ""},
		{name: "missing", path: filepath.Join(dir, "missing"), limit: 10, missing: true},
		{name: "a directory", path: dir, limit: 1 << 20, fails: true},
		{name: "under a regular file", path: filepath.Join(ten, "x"), limit: 10, fails: true},
	}
	h := NewReal(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := h.ReadFile(tt.path, tt.limit)
			switch {
			case tt.tooBig:
				if !errors.Is(err, ErrTooLarge) {
					t.Errorf("err = %v, want ErrTooLarge", err)
				}
			case tt.missing:
				if !IsNotExist(err) {
					t.Errorf("err = %v, want a missing file", err)
				}
			case tt.fails:
				if err == nil {
					t.Errorf("ReadFile succeeded with %q", data)
				}
			default:
				if err != nil || string(data) != tt.want {
					t.Errorf("ReadFile = %q, %v; want %q", data, err, tt.want)
				}
			}
		})
	}
}

// TestRealReadFileProc reads a file of the /proc kind, whose size Stat reports as 0.
func TestRealReadFileProc(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("/proc/self/status is Linux only")
	}
	h := NewReal(nil)
	data, err := h.ReadFile("/proc/self/status", 1<<20)
	if err != nil || !strings.Contains(string(data), "Pid:") {
		t.Errorf("ReadFile(/proc/self/status) = %.40q, %v", data, err)
	}
	if _, err := h.ReadFile("/proc/self/status", 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFile(/proc/self/status, 10): err = %v, want ErrTooLarge although Stat says 0 bytes", err)
	}
}

// TestRealFIFO checks that reading or opening a named pipe fails at once rather than waiting for
// a writer that never comes.
func TestRealFIFO(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	mkfifo(t, fifo)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	h := NewReal(nil)
	for _, name := range []string{fifo, link} {
		done := make(chan error, 2)
		go func() {
			_, err := h.ReadFile(name, 1<<20)
			done <- err
		}()
		go func() {
			f, err := h.Open(name)
			if err == nil {
				f.Close()
			}
			done <- err
		}()
		for range 2 {
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("%s: err = %v, want \"not a regular file\"", name, err)
				}
			case <-time.After(10 * time.Second):
				// Unblock the reader so the test binary can exit.
				if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
					w.Close()
				}
				t.Fatalf("%s: reading a FIFO blocked", name)
			}
		}
	}
}

func TestRealOpen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := writeFile(t, filepath.Join(dir, "bin"), "\x7fELF0123456789", 0o755)
	h := NewReal(nil)
	f, err := h.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Size() != 14 {
		t.Errorf("Size() = %d, want 14", f.Size())
	}
	buf := make([]byte, 4)
	if n, err := f.ReadAt(buf, 4); n != 4 || err != nil || string(buf) != "0123" {
		t.Errorf("ReadAt(4) = %d, %v, %q", n, err, buf)
	}
	if _, err := f.ReadAt(buf, 12); err != io.EOF {
		t.Errorf("ReadAt past the end: err = %v, want io.EOF", err)
	}
	if _, err := h.Open(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Open(a directory): err = %v, want \"not a regular file\"", err)
	}
	if _, err := h.Open(filepath.Join(dir, "missing")); !IsNotExist(err) {
		t.Errorf("Open(missing): err = %v", err)
	}
}

func TestRealFileSystem(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "real", "bin", "go"), "#!/bin/sh\n", 0o755)
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Skipf("symlinks: %v", err)
	}
	h := NewReal(nil)
	if fi, err := h.Lstat(filepath.Join(dir, "link")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat(link) = %v, %v; want a symlink", fi, err)
	}
	if fi, err := h.Stat(filepath.Join(dir, "link")); err != nil || !fi.IsDir() {
		t.Errorf("Stat(link) = %v, %v; want a directory", fi, err)
	}
	if target, err := h.Readlink(filepath.Join(dir, "link")); err != nil || target != "real" {
		t.Errorf("Readlink = %q, %v", target, err)
	}
	want, _ := filepath.EvalSymlinks(filepath.Join(dir, "real", "bin", "go"))
	if got, err := h.EvalSymlinks(filepath.Join(dir, "link", "bin", "go")); err != nil || got != want {
		t.Errorf("EvalSymlinks = %q, %v; want %q", got, err, want)
	}
	if entries, err := h.ReadDir(filepath.Join(dir, "link", "bin")); err != nil || len(entries) != 1 || entries[0].Name() != "go" {
		t.Errorf("ReadDir = %v, %v", entries, err)
	}
}

func TestRealHost(t *testing.T) {
	t.Parallel()
	h := NewReal([]string{"HOME=/home/ana", "USERPROFILE=C:\\Users\\ana", "home=/usr/ana"})
	want := map[string]string{"windows": `C:\Users\ana`, "plan9": "/usr/ana"}[runtime.GOOS]
	if want == "" {
		want = "/home/ana"
	}
	if got := h.HomeDir(); got != want {
		t.Errorf("HomeDir() = %q, want %q", got, want)
	}
	if h.OS() != runtime.GOOS || h.Arch() == "" {
		t.Errorf("OS %q, Arch %q", h.OS(), h.Arch())
	}
	if runtime.GOOS == "linux" && (h.Translated() || h.Arch() != runtime.GOARCH) {
		t.Errorf("Linux: Arch %q, Translated %v; want %q, false", h.Arch(), h.Translated(), runtime.GOARCH)
	}
	if got := NewReal(nil).HomeDir(); got != "" {
		t.Errorf("HomeDir() with no environment = %q, want \"\"", got)
	}
	if h.Env().Get("HOME") != "/home/ana" {
		t.Errorf("Env() does not hold the environment given")
	}
}
