package facts

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// TestTreeKey: the key of a module's tree changes with every change of a file or of the names in a
// directory the go command could read, and not with what it ignores (a directory whose name starts
// with a dot); a symbolic link, whose target is outside the key, makes the tree unkeyable.
func TestTreeKey(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n")
	write("a/a.go", "package a\n")
	f := New(context.Background(), host.NewReal(os.Environ()), dir, time.Second)
	key := func() string {
		t.Helper()
		k, err := f.treeKey(dir)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	prev := key()
	for _, change := range []struct {
		name string
		do   func()
		same bool
	}{
		{"nothing", func() {}, true},
		{"a file's contents (size)", func() { write("a/a.go", "package a // edited\n") }, false},
		{"a file's modification time", func() {
			_ = os.Chtimes(filepath.Join(dir, "a/a.go"), time.Now().Add(time.Hour), time.Now().Add(time.Hour))
		}, false},
		{"a file added", func() { write("a/b.go", "package a\n") }, false},
		{"an empty directory added", func() { _ = os.Mkdir(filepath.Join(dir, "c"), 0o755) }, false},
		{"a file removed", func() { _ = os.Remove(filepath.Join(dir, "a/b.go")) }, false},
		{"go.sum added", func() { write("go.sum", "") }, false},
		{"a dot directory", func() { write(".git/HEAD", "ref: main\n") }, true},
	} {
		change.do()
		k := key()
		if (k == prev) != change.same {
			t.Errorf("%s: key changed = %v, want %v", change.name, k != prev, !change.same)
		}
		prev = k
	}
	if err := os.Symlink(filepath.Join(dir, "a"), filepath.Join(dir, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, err := f.treeKey(dir); err == nil {
		t.Error("treeKey of a tree with a symbolic link succeeded")
	}
}
