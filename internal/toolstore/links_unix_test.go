//go:build unix

package toolstore

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestAdoptTheTargetOfAForeignLink(t *testing.T) {
	s, gobin := newStore(t)
	mine := filepath.Join(t.TempDir(), "mytiny")
	copyFile(bin(t, devel), mine)
	os.MkdirAll(gobin, 0o755)
	os.Symlink(mine, filepath.Join(gobin, tool))
	if p, ok := s.Unmanaged(tool, gobin); !ok || p != filepath.Join(gobin, tool) {
		t.Errorf("Unmanaged = %s, %v for a link out of the store", p, ok)
	}
	adopted := activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
	if adopted == nil || !adopted.Adopted || adopted.Version != devel {
		t.Fatalf("adopted %+v", adopted)
	}
	if _, err := os.Lstat(mine); err != nil {
		t.Errorf("the link's target was touched: %v", err)
	}
	if _, to, err := s.Rollback(tool, gobin); err != nil || to.Dir != adopted.Dir {
		t.Fatalf("Rollback to %+v, %v", to, err)
	}
	want, _ := os.ReadFile(mine)
	if got, _ := os.ReadFile(filepath.Join(gobin, tool)); !bytes.Equal(got, want) {
		t.Errorf("rolled back to different content")
	}
}

func TestDanglingLinks(t *testing.T) {
	s, gobin := newStore(t)
	os.MkdirAll(gobin, 0o755)
	os.Symlink(filepath.Join(t.TempDir(), "nothing"), filepath.Join(gobin, tool))
	if _, ok := s.Unmanaged(tool, gobin); !ok {
		t.Errorf("a dangling link out of the store is not reported unmanaged")
	}
	if err := s.Remove(tool, gobin); !errors.Is(err, ErrUnmanaged) {
		t.Errorf("Remove of a dangling link out of the store = %v", err)
	}
	v1 := commitVersion(t, s, "v1.0.0")
	if prev := activate(t, s, gobin, v1); prev != nil {
		t.Errorf("replacing a dangling link: previous %+v, want none (nothing to adopt)", prev)
	}
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("GOBIN/tiny prints %q", got)
	}
	// A link into the store whose version was removed by hand is gomedic's: replaced, removed.
	os.RemoveAll(v1.Dir)
	if e, err := s.Active(tool, gobin); e != nil || err != nil {
		t.Errorf("Active = %v, %v for a link to a removed version", e, err)
	}
	if _, ok := s.Unmanaged(tool, gobin); ok {
		t.Errorf("a link into the store is reported unmanaged")
	}
	if prev := activate(t, s, gobin, commitVersion(t, s, "v1.1.0")); prev != nil {
		t.Errorf("previous %+v, want none", prev)
	}
	if err := s.Remove(tool, gobin); err != nil {
		t.Fatal(err)
	}
}

func TestActivateThroughAHomeBehindALink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.MkdirAll(real, 0o755)
	os.Symlink(real, filepath.Join(dir, "link"))
	s, err := Open(filepath.Join(dir, "link"))
	if err != nil {
		t.Fatal(err)
	}
	gobin := filepath.Join(dir, "bin")
	v1 := commitVersion(t, s, "v1.0.0")
	activate(t, s, gobin, v1)
	// The same store opened by its real path recognises the link written through the other.
	s2, _ := Open(real)
	if e, err := s2.Active(tool, gobin); err != nil || e == nil || e.Version != "v1.0.0" {
		t.Errorf("Active through the real path = %+v, %v", e, err)
	}
}
