package toolstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDefaultHome(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		goos string
		home string
		want string
	}{
		{"GOMEDIC_HOME wins", map[string]string{"GOMEDIC_HOME": "/data/gm", "XDG_DATA_HOME": "/x"}, "linux", "/home/a", "/data/gm"},
		{"XDG_DATA_HOME", map[string]string{"XDG_DATA_HOME": "/x/data/"}, "linux", "/home/a", "/x/data/gomedic"},
		{"relative XDG_DATA_HOME ignored", map[string]string{"XDG_DATA_HOME": "data"}, "linux", "/home/a", "/home/a/.local/share/gomedic"},
		{"linux default", nil, "linux", "/home/a", "/home/a/.local/share/gomedic"},
		{"freebsd default", nil, "freebsd", "/home/a", "/home/a/.local/share/gomedic"},
		{"darwin ignores XDG", map[string]string{"XDG_DATA_HOME": "/x"}, "darwin", "/Users/a", "/Users/a/Library/Application Support/gomedic"},
		{"windows LocalAppData", map[string]string{"LocalAppData": `C:\Users\a\AppData\Local`}, "windows", `C:\Users\a`, `C:\Users\a\AppData\Local\gomedic`},
		{"windows without LocalAppData", nil, "windows", `C:\Users\a`, `C:\Users\a\AppData\Local\gomedic`},
		{"no home", nil, "linux", "", ""},
		{"no home, XDG set", map[string]string{"XDG_DATA_HOME": "/x"}, "linux", "", "/x/gomedic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DefaultHome(func(k string) string { return tt.env[k] }, tt.goos, tt.home)
			if got != tt.want {
				t.Errorf("DefaultHome = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOpenCreatesTheLayout(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s, err := Open("home")
	if err != nil {
		t.Fatal(err)
	}
	if s.Home != filepath.Join(dir, "home") {
		t.Errorf("Home = %s, want it absolute", s.Home)
	}
	for _, d := range []string{storeDir, locksDir, logsDir} {
		if fi, err := os.Stat(filepath.Join(s.Home, d)); err != nil || !fi.IsDir() {
			t.Errorf("%s: %v", d, err)
		}
	}
	if _, err := Open(s.Home); err != nil {
		t.Errorf("opening again: %v", err)
	}
	locks, _ := os.ReadDir(filepath.Join(s.Home, locksDir))
	if len(locks) != 0 {
		t.Errorf("the write probe left %v", locks)
	}
}

func TestOpenUnusableHome(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	storeFile := filepath.Join(dir, "home")
	os.MkdirAll(storeFile, 0o755)
	os.WriteFile(filepath.Join(storeFile, storeDir), nil, 0o644)
	for _, home := range []string{"", file, filepath.Join(file, "home"), storeFile} {
		s, err := Open(home)
		if err == nil {
			t.Errorf("Open(%q) = %v, want an error", home, s)
			continue
		}
		if !strings.HasPrefix(err.Error(), "opening gomedic's home") {
			t.Errorf("Open(%q): %v", home, err)
		}
	}
}

func TestDirName(t *testing.T) {
	for version, want := range map[string]string{
		"v0.21.1":                            "v0.21.1",
		"v1.2.3-pre.1+incompatible":          "v1.2.3-pre.1+incompatible",
		"v0.0.0-20240101000000-abcdef123456": "v0.0.0-20240101000000-abcdef123456",
		"(devel)":                            "devel",
		"":                                   "unknown",
		"../../etc":                          "etc",
		".hidden":                            "hidden",
		"a/b\\c:d~e":                         "a_b_c_d_e",
		"con":                                "_con",
		"NUL.txt":                            "_NUL.txt",
		"active.json":                        "_active.json",
		strings.Repeat("v", 100):             strings.Repeat("v", 64),
	} {
		if got := dirName(version); got != want {
			t.Errorf("dirName(%q) = %q, want %q", version, got, want)
		}
	}
}

func TestInvalidToolNames(t *testing.T) {
	s, gobin := newStore(t)
	for _, name := range []string{"", ".hidden", "-x", "a/b", `a\b`, "..", "a b", "a:b", strings.Repeat("x", 200)} {
		if _, err := s.NewBuildDir(name); err == nil {
			t.Errorf("NewBuildDir(%q) succeeded", name)
		}
		if _, err := s.Lock(name); err == nil {
			t.Errorf("Lock(%q) succeeded", name)
		}
		if _, err := s.Entries(name); err == nil {
			t.Errorf("Entries(%q) succeeded", name)
		}
		if err := s.Remove(name, gobin); err == nil {
			t.Errorf("Remove(%q) succeeded", name)
		}
		if err := s.SetPin(name, "v1"); err == nil {
			t.Errorf("SetPin(%q) succeeded", name)
		}
		if err := s.Cleanup(name, gobin); err == nil {
			t.Errorf("Cleanup(%q) succeeded", name)
		}
		if _, _, err := s.NewLog(name); err == nil {
			t.Errorf("NewLog(%q) succeeded", name)
		}
	}
	for _, name := range []string{"gopls", "golangci-lint", "x_y", "a.b", "c++", "v~1"} {
		if err := checkTool(name); err != nil {
			t.Errorf("checkTool(%q): %v", name, err)
		}
	}
}

func TestCommit(t *testing.T) {
	s, _ := newStore(t)
	before := time.Now()
	dir, err := s.NewBuildDir(tool)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != s.toolDir(tool) || !strings.HasPrefix(filepath.Base(dir), buildPrefix) {
		t.Errorf("build directory %s", dir)
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("build directory holds %v", names)
	}
	copyFile(bin(t, "v1.0.0"), filepath.Join(dir, tool+exeSuffix))
	e, err := s.Commit(tool, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("the build directory is still there")
	}
	data, _ := os.ReadFile(bin(t, "v1.0.0"))
	got, _ := os.ReadFile(e.Binary)
	if !bytes.Equal(got, data) {
		t.Errorf("committed binary differs from the build")
	}
	if e.Tool != tool || e.Dir != filepath.Join(s.toolDir(tool), "v1.0.0") || e.Binary != filepath.Join(e.Dir, tool+exeSuffix) ||
		e.Version != "v1.0.0" || e.Module != "example.com/tiny" || e.Package != "example.com/tiny" ||
		!strings.HasPrefix(e.GoVersion, "go1.") || e.Adopted || e.Size != int64(len(data)) || len(e.SHA256) != 64 ||
		e.Installed.Before(before.Add(-time.Second)) || e.Installed.After(time.Now()) {
		t.Errorf("entry %+v", e)
	}

	again := commitVersion(t, s, "v1.0.0")
	if filepath.Base(again.Dir) != "v1.0.0~2" {
		t.Errorf("second build of v1.0.0 went to %s", again.Dir)
	}
	other := commitVersion(t, s, "v1.1.0")
	entries, err := s.Entries(tool)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, x := range entries {
		dirs = append(dirs, filepath.Base(x.Dir))
	}
	if want := []string{"v1.1.0", "v1.0.0~2", "v1.0.0"}; fmt.Sprint(dirs) != fmt.Sprint(want) {
		t.Errorf("entries %v, want %v", dirs, want)
	}
	if *entries[0] != *other {
		t.Errorf("Entries()[0] = %+v, Commit returned %+v", entries[0], other)
	}
}

func TestCommitErrors(t *testing.T) {
	s, _ := newStore(t)
	empty, _ := s.NewBuildDir(tool)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, tool+exeSuffix), []byte("x"), 0o755)
	otherTool, _ := s.NewBuildDir("other")
	for _, tt := range []struct{ dir, want string }{
		{empty, "the build left no program"},
		{outside, "is not a build directory"},
		{otherTool, "is not a build directory"},
		{filepath.Join(s.toolDir(tool), "v1.0.0"), "is not a build directory"},
	} {
		_, err := s.Commit(tool, tt.dir)
		if err == nil || !strings.HasPrefix(err.Error(), "committing tiny: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Commit(%s) = %v, want %q", tt.dir, err, tt.want)
		}
	}
	if entries, _ := s.Entries(tool); len(entries) != 0 {
		t.Errorf("failed commits left entries %v", entries)
	}
}

func TestEntriesCorruptMetadata(t *testing.T) {
	s, _ := newStore(t)
	e := commitVersion(t, s, "v1.0.0")
	os.WriteFile(filepath.Join(e.Dir, entryFile), []byte("{"), 0o644)
	_, err := s.Entries(tool)
	if err == nil || !strings.Contains(err.Error(), "remove "+e.Dir) {
		t.Errorf("Entries with corrupt metadata: %v", err)
	}
}

func TestActivate(t *testing.T) {
	s, gobin := newStore(t)
	v1, v2 := commitVersion(t, s, "v1.0.0"), commitVersion(t, s, "v1.1.0")
	if prev := activate(t, s, gobin, v1); prev != nil {
		t.Errorf("first activation: previous %+v", prev)
	}
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("GOBIN/tiny prints %q", got)
	}
	if runtime.GOOS != "windows" {
		if target, err := os.Readlink(filepath.Join(gobin, tool)); err != nil || target != v1.Binary {
			t.Errorf("GOBIN/tiny links to %q, %v; want %s", target, err, v1.Binary)
		}
	}
	if active, err := s.Active(tool, gobin); err != nil || active == nil || active.Dir != v1.Dir {
		t.Errorf("Active = %+v, %v; want v1.0.0", active, err)
	}
	if p, ok := s.Unmanaged(tool, gobin); ok {
		t.Errorf("Unmanaged = %s after activation", p)
	}
	if prev := activate(t, s, gobin, v2); prev == nil || prev.Dir != v1.Dir {
		t.Errorf("second activation: previous %+v, want v1.0.0", prev)
	}
	if got := runTool(t, gobin); got != "v1.1.0" {
		t.Errorf("GOBIN/tiny prints %q", got)
	}
	if prev := activate(t, s, gobin, v2); prev == nil || prev.Dir != v2.Dir {
		t.Errorf("activating the active version: previous %+v, want v1.1.0", prev)
	}
	previous, err := s.Previous(tool, gobin)
	if err != nil || len(previous) != 1 || previous[0].Dir != v1.Dir {
		t.Errorf("Previous = %v, %v; want v1.0.0", previous, err)
	}
	checkClean(t, s, gobin)
}

func TestActiveWithoutAnything(t *testing.T) {
	s, gobin := newStore(t)
	if e, err := s.Active(tool, gobin); e != nil || err != nil {
		t.Errorf("Active in a missing GOBIN = %v, %v", e, err)
	}
	if e, err := s.Active(tool, ""); e != nil || err != nil {
		t.Errorf("Active in no GOBIN = %v, %v", e, err)
	}
	if p, ok := s.Unmanaged(tool, gobin); ok {
		t.Errorf("Unmanaged = %s in a missing GOBIN", p)
	}
	if prev, err := s.Previous(tool, gobin); prev != nil || err != nil {
		t.Errorf("Previous = %v, %v", prev, err)
	}
}

func TestActivateErrors(t *testing.T) {
	s, gobin := newStore(t)
	e := commitVersion(t, s, "v1.0.0")
	other, _ := newStore(t)
	foreign := commitVersion(t, other, "v1.0.0")
	lost := commitVersion(t, s, "v1.1.0")
	os.Remove(lost.Binary)

	dirAt := t.TempDir()
	os.MkdirAll(filepath.Join(dirAt, tool+exeSuffix), 0o755)
	for _, tt := range []struct {
		name  string
		gobin string
		e     *Entry
		want  string
	}{
		{"nil entry", gobin, nil, "no store entry"},
		{"relative GOBIN", "bin", e, "not an absolute path"},
		{"entry of another store", gobin, foreign, "is not a version in tiny's store"},
		{"binary lost", gobin, lost, "the store has lost"},
		{"a directory in the way", dirAt, e, "move it out of the way"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Activate(tt.gobin, tt.e)
			if err == nil || !strings.HasPrefix(err.Error(), "activating") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Activate = %v, want %q", err, tt.want)
			}
		})
	}
	if fi, err := os.Stat(filepath.Join(dirAt, tool+exeSuffix)); err != nil || !fi.IsDir() {
		t.Errorf("the directory in the way was touched: %v", err)
	}
}

func TestGobinThatCannotBeCreated(t *testing.T) {
	s, _ := newStore(t)
	e := commitVersion(t, s, "v1.0.0")
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	gobin := filepath.Join(file, "bin")
	before := tree(t, s.Home)
	_, err := s.Activate(gobin, e)
	if err == nil || !strings.HasPrefix(err.Error(), "activating tiny: creating GOBIN: ") || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Activate = %v", err)
	}
	if after := tree(t, s.Home); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed:\n%s\nwas\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	if e, err := s.Active(tool, gobin); e != nil || err != nil {
		t.Errorf("Active = %v, %v", e, err)
	}
}

func TestAdoptThenRollback(t *testing.T) {
	s, gobin := newStore(t)
	user := putUser(t, gobin)
	if p, ok := s.Unmanaged(tool, gobin); !ok || p != filepath.Join(gobin, tool+exeSuffix) {
		t.Errorf("Unmanaged = %s, %v", p, ok)
	}
	if e, err := s.Active(tool, gobin); e != nil || err != nil {
		t.Errorf("Active = %v, %v for a binary gomedic did not install", e, err)
	}
	v1 := commitVersion(t, s, "v1.0.0")
	adopted := activate(t, s, gobin, v1)
	if adopted == nil || !adopted.Adopted || adopted.Version != devel || adopted.Module != "example.com/tiny" ||
		filepath.Base(adopted.Dir) != "devel" || adopted.Size != int64(len(user)) {
		t.Fatalf("adopted entry %+v", adopted)
	}
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("GOBIN/tiny prints %q", got)
	}
	if p, ok := s.Unmanaged(tool, gobin); ok {
		t.Errorf("Unmanaged = %s after activation", p)
	}
	prev, err := s.Previous(tool, gobin)
	if err != nil || len(prev) != 1 || prev[0].Dir != adopted.Dir {
		t.Fatalf("Previous = %v, %v; want the adopted binary", prev, err)
	}
	from, to, err := s.Rollback(tool, gobin)
	if err != nil || from == nil || from.Dir != v1.Dir || to == nil || to.Dir != adopted.Dir {
		t.Fatalf("Rollback = %+v, %+v, %v", from, to, err)
	}
	got, err := os.ReadFile(filepath.Join(gobin, tool+exeSuffix))
	if err != nil || !bytes.Equal(got, user) {
		t.Errorf("after the rollback GOBIN/tiny is not the user's binary byte for byte (%v)", err)
	}
	if got := runTool(t, gobin); got != devel {
		t.Errorf("GOBIN/tiny prints %q", got)
	}
	// Back and forth: the adopted binary is adopted once.
	activate(t, s, gobin, v1)
	if _, _, err := s.Rollback(tool, gobin); err != nil {
		t.Fatal(err)
	}
	entries, _ := s.Entries(tool)
	if len(entries) != 2 {
		t.Errorf("%d entries, want v1.0.0 and the adopted one", len(entries))
	}
	checkClean(t, s, gobin)
}

func TestAdoptWithoutBuildInfo(t *testing.T) {
	s, gobin := newStore(t)
	os.MkdirAll(gobin, 0o755)
	content := []byte("#!/bin/sh\necho mine\n")
	path := filepath.Join(gobin, tool+exeSuffix)
	os.WriteFile(path, content, 0o750)
	os.Chmod(path, 0o750)
	adopted := activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
	if adopted == nil || !adopted.Adopted || adopted.Version != "unknown" || adopted.Module != "" || adopted.GoVersion != "" {
		t.Fatalf("adopted %+v", adopted)
	}
	got, _ := os.ReadFile(adopted.Binary)
	if !bytes.Equal(got, content) {
		t.Errorf("adopted content %q", got)
	}
	if fi, _ := os.Stat(adopted.Binary); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o550 {
		t.Errorf("adopted mode %v, want 0550: the user's, read-only", fi.Mode())
	}
}

func TestAdoptACopyOfAStoreVersion(t *testing.T) {
	s, gobin := newStore(t)
	v1, v2 := commitVersion(t, s, "v1.0.0"), commitVersion(t, s, "v1.1.0")
	os.MkdirAll(gobin, 0o755)
	copyFile(v1.Binary, filepath.Join(gobin, tool+exeSuffix+".copy"))
	os.Rename(filepath.Join(gobin, tool+exeSuffix+".copy"), filepath.Join(gobin, tool+exeSuffix))
	prev := activate(t, s, gobin, v2)
	if runtime.GOOS == "windows" {
		// A copy of an entry is that entry on Windows: it is managed.
		if prev == nil || prev.Dir != v1.Dir {
			t.Errorf("previous %+v, want v1.0.0", prev)
		}
	} else if prev == nil || prev.Dir != v1.Dir || prev.Adopted {
		t.Errorf("previous %+v, want the store's v1.0.0, not a second copy", prev)
	}
	if entries, _ := s.Entries(tool); len(entries) != 2 {
		t.Errorf("%d entries, want 2", len(entries))
	}
}

func TestRollback(t *testing.T) {
	s, gobin := newStore(t)
	_, _, err := s.Rollback(tool, gobin)
	if !errors.Is(err, ErrNotInstalled) || !strings.HasPrefix(err.Error(), "rolling back tiny: ") {
		t.Errorf("Rollback with nothing installed: %v", err)
	}
	v1 := commitVersion(t, s, "v1.0.0")
	activate(t, s, gobin, v1)
	_, _, err = s.Rollback(tool, gobin)
	if !errors.Is(err, ErrNoPrevious) || !strings.Contains(err.Error(), "v1.0.0 is the only version") {
		t.Errorf("Rollback with one version: %v", err)
	}
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("after a failed rollback GOBIN/tiny prints %q", got)
	}
	v2 := commitVersion(t, s, "v1.1.0")
	activate(t, s, gobin, v2)
	for _, want := range []string{"v1.0.0", "v1.1.0", "v1.0.0"} {
		from, to, err := s.Rollback(tool, gobin)
		if err != nil || to.Version != want || from.Version == want {
			t.Fatalf("Rollback = %+v, %+v, %v; want to %s", from, to, err, want)
		}
		if got := runTool(t, gobin); got != want {
			t.Errorf("GOBIN/tiny prints %q, want %s", got, want)
		}
	}
}

func TestRemove(t *testing.T) {
	s, gobin := newStore(t)
	activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
	commitVersion(t, s, "v1.1.0")
	if err := s.Remove(tool, gobin); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(gobin, tool+exeSuffix)); err == nil {
		t.Errorf("GOBIN/tiny is still there")
	}
	if _, err := os.Lstat(s.toolDir(tool)); err == nil {
		t.Errorf("the tool's store is still there")
	}
	if tools, _ := s.Tools(); len(tools) != 0 {
		t.Errorf("Tools = %v", tools)
	}
	err := s.Remove(tool, gobin)
	if !errors.Is(err, ErrNotInstalled) || !strings.HasPrefix(err.Error(), "removing tiny: ") {
		t.Errorf("removing again: %v", err)
	}
	checkClean(t, s, gobin)
}

func TestRemoveStoreOnly(t *testing.T) {
	s, gobin := newStore(t)
	commitVersion(t, s, "v1.0.0")
	if err := s.Remove(tool, gobin); err != nil {
		t.Fatal(err)
	}
	if entries, _ := s.Entries(tool); len(entries) != 0 {
		t.Errorf("entries %v", entries)
	}
}

func TestRemoveRefusesAnUnmanagedBinary(t *testing.T) {
	s, gobin := newStore(t)
	commitVersion(t, s, "v1.0.0")
	user := putUser(t, gobin)
	before := tree(t, s.Home)
	err := s.Remove(tool, gobin)
	if !errors.Is(err, ErrUnmanaged) || !strings.Contains(err.Error(), filepath.Join(gobin, tool+exeSuffix)+" is not installed by gomedic") {
		t.Errorf("Remove = %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(gobin, tool+exeSuffix)); !bytes.Equal(got, user) {
		t.Errorf("the user's binary changed")
	}
	if after := tree(t, s.Home); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the store changed")
	}
}

func TestPins(t *testing.T) {
	s, _ := newStore(t)
	if v, err := s.Pin("gopls"); v != "" || err != nil {
		t.Errorf("Pin before any = %q, %v", v, err)
	}
	for tool, v := range map[string]string{"gopls": "v0.21.1", "dlv": "v1.27.2", "staticcheck": "v0.0.0-2024"} {
		if err := s.SetPin(tool, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPin("gopls", "v0.20.0"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPin("dlv", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPin("never-pinned", ""); err != nil {
		t.Fatal(err)
	}
	reopened, _ := Open(s.Home)
	pins, err := reopened.Pins()
	if err != nil || fmt.Sprint(pins) != "map[gopls:v0.20.0 staticcheck:v0.0.0-2024]" {
		t.Errorf("Pins = %v, %v", pins, err)
	}
	if v, _ := reopened.Pin("gopls"); v != "v0.20.0" {
		t.Errorf("Pin(gopls) = %q", v)
	}
	data, _ := os.ReadFile(filepath.Join(s.Home, pinsFile))
	var doc map[string]map[string]string
	if err := json.Unmarshal(data, &doc); err != nil || doc["pins"]["staticcheck"] != "v0.0.0-2024" {
		t.Errorf("pins.json = %s (%v)", data, err)
	}
	if err := s.SetPin("gopls", "v1\nv2"); err == nil {
		t.Errorf("a version with a newline was accepted")
	}
	names, _ := os.ReadDir(s.Home)
	for _, d := range names {
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("home holds %s", d.Name())
		}
	}
}

func TestPinsConcurrent(t *testing.T) {
	s, _ := newStore(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.SetPin(fmt.Sprintf("tool%d", i), "v1.0.0"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if pins, _ := s.Pins(); len(pins) != 8 {
		t.Errorf("%d pins kept of 8: %v", len(pins), pins)
	}
}

func TestPinsCorrupt(t *testing.T) {
	s, _ := newStore(t)
	os.WriteFile(filepath.Join(s.Home, pinsFile), []byte("{"), 0o644)
	if _, err := s.Pin("gopls"); err == nil || !strings.Contains(err.Error(), "fix or remove the file") {
		t.Errorf("Pin = %v", err)
	}
	if err := s.SetPin("gopls", "v1"); err == nil || !strings.HasPrefix(err.Error(), "pinning gopls: ") {
		t.Errorf("SetPin = %v", err)
	}
}

func TestTools(t *testing.T) {
	s, _ := newStore(t)
	if tools, err := s.Tools(); len(tools) != 0 || err != nil {
		t.Errorf("Tools = %v, %v", tools, err)
	}
	commitVersion(t, s, "v1.0.0")
	if _, err := commitCopy(s, "other", bin(t, "v1.1.0")); err != nil {
		t.Fatal(err)
	}
	s.NewBuildDir("building") // a build that never committed
	os.MkdirAll(filepath.Join(s.Home, storeDir, ".removed-x.0123456789abcdef"), 0o755)
	tools, err := s.Tools()
	if err != nil || fmt.Sprint(tools) != "[other tiny]" {
		t.Errorf("Tools = %v, %v", tools, err)
	}
}

func TestLock(t *testing.T) {
	s, _ := newStore(t)
	unlock, err := s.Lock(tool)
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Lock("other") // another tool's lock is free
	if err != nil {
		t.Fatal(err)
	}
	other()
	locked := make(chan func())
	go func() {
		u, err := s.Lock(tool)
		if err != nil {
			t.Error(err)
		}
		locked <- u
	}()
	select {
	case <-locked:
		t.Fatal("a second Lock of the tool did not wait")
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	select {
	case u := <-locked:
		u()
	case <-time.After(10 * time.Second):
		t.Fatal("the second Lock was not granted after the first was released")
	}
}

func TestNewLog(t *testing.T) {
	s, _ := newStore(t)
	otherLog, _, err := s.NewLog("tiny-x") // a tool whose name starts like tiny's
	if err != nil {
		t.Fatal(err)
	}
	otherLog.Close()
	var made []string
	for range keepLogs + 5 {
		f, name, err := s.NewLog(tool)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("go install ...\n"); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if filepath.Dir(name) != filepath.Join(s.Home, logsDir) || !strings.HasPrefix(filepath.Base(name), "tiny-") || !strings.HasSuffix(name, ".log") {
			t.Errorf("log %s", name)
		}
		made = append(made, name)
	}
	names, _ := os.ReadDir(filepath.Join(s.Home, logsDir))
	var kept []string
	for _, d := range names {
		if strings.HasPrefix(d.Name(), "tiny-x-") {
			continue
		}
		kept = append(kept, filepath.Join(s.Home, logsDir, d.Name()))
	}
	if want := made[len(made)-keepLogs:]; fmt.Sprint(kept) != fmt.Sprint(want) {
		t.Errorf("kept %v,\nwant the newest %d: %v", kept, keepLogs, want)
	}
	if len(names)-len(kept) != 1 {
		t.Errorf("tiny-x's log was removed")
	}
}

func TestCleanup(t *testing.T) {
	s, gobin := newStore(t)
	e := commitVersion(t, s, "v1.0.0")
	activate(t, s, gobin, e)
	v2 := commitVersion(t, s, "v1.1.0")
	build, _ := s.NewBuildDir(tool)
	os.WriteFile(filepath.Join(build, tool+exeSuffix), []byte("half"), 0o755)
	adopt, _ := os.MkdirTemp(s.toolDir(tool), adoptPrefix+"*")
	os.WriteFile(filepath.Join(adopt, tool+exeSuffix), []byte("half"), 0o755)
	half := filepath.Join(s.toolDir(tool), "v1.2.0")
	os.MkdirAll(half, 0o755)
	os.WriteFile(filepath.Join(half, tool+exeSuffix), []byte("whole but uncommitted"), 0o755)
	os.WriteFile(filepath.Join(v2.Dir, tmpPrefix+"123"), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(s.toolDir(tool), tmpPrefix+"456"), []byte("{"), 0o644)
	removed := filepath.Join(s.Home, storeDir, removePrefix+tool+".0123456789abcdef")
	os.MkdirAll(filepath.Join(removed, "v1"), 0o755)
	othersRemoved := filepath.Join(s.Home, storeDir, removePrefix+"tiny-x.0123456789abcdef")
	os.MkdirAll(othersRemoved, 0o755)
	var litter, kept []string
	if runtime.GOOS == "windows" {
		litter = []string{tool + ".exe.new", tool + ".exe.old-0123456789abcdef"}
		kept = []string{tool + ".exe.old-x", "tiny-x.exe.new"}
	} else {
		litter = []string{".gomedic-tiny.0123456789abcdef.tmp"}
		kept = []string{".gomedic-tiny-x.0123456789abcdef.tmp", ".gomedic-tiny.notes", ".gomedic-tiny.0123456789abcdef.tmp.keep"}
	}
	for i, name := range append(litter, kept...) {
		if i%2 == 0 {
			os.Symlink(e.Binary, filepath.Join(gobin, name))
		} else {
			os.WriteFile(filepath.Join(gobin, name), []byte("x"), 0o644)
		}
	}

	if err := s.Cleanup(tool, gobin); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{build, adopt, half, removed, filepath.Join(v2.Dir, tmpPrefix+"123"), filepath.Join(s.toolDir(tool), tmpPrefix+"456")} {
		if _, err := os.Lstat(gone); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
	for _, name := range litter {
		if _, err := os.Lstat(filepath.Join(gobin, name)); err == nil {
			t.Errorf("GOBIN/%s is still there", name)
		}
	}
	for _, name := range kept {
		if _, err := os.Lstat(filepath.Join(gobin, name)); err != nil {
			t.Errorf("GOBIN/%s was removed", name)
		}
		os.Remove(filepath.Join(gobin, name))
	}
	if _, err := os.Lstat(othersRemoved); err != nil {
		t.Errorf("another tool's removal was cleaned up")
	}
	os.Remove(othersRemoved)
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("GOBIN/tiny prints %q", got)
	}
	checkClean(t, s, gobin)
	if err := s.Cleanup(tool, ""); err != nil {
		t.Errorf("Cleanup without GOBIN: %v", err)
	}
	if err := s.Cleanup("never-installed", gobin); err != nil {
		t.Errorf("Cleanup of a tool never installed: %v", err)
	}
}

func TestCleanupKeepsWhatGobinLeadsTo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("GOBIN holds copies on Windows")
	}
	s, gobin := newStore(t)
	half := filepath.Join(s.toolDir(tool), "v9")
	os.MkdirAll(half, 0o755)
	copyFile(bin(t, "v1.0.0"), filepath.Join(half, tool))
	os.MkdirAll(gobin, 0o755)
	os.Symlink(filepath.Join(half, tool), filepath.Join(gobin, tool))
	if err := s.Cleanup(tool, gobin); err != nil {
		t.Fatal(err)
	}
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("GOBIN/tiny prints %q after Cleanup", got)
	}
}

func TestStoreBinariesAreReadOnlyAndVerified(t *testing.T) {
	s, gobin := newStore(t)
	e := commitVersion(t, s, "v1.0.0")
	if err := e.Verify(); err != nil {
		t.Errorf("Verify of a fresh entry: %v", err)
	}
	if fi, err := os.Stat(e.Binary); runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm()&0o222 != 0) {
		t.Errorf("store binary mode %v, %v; want read-only", fi.Mode(), err)
	}
	activate(t, s, gobin, e)
	// Root (the tests' user) writes through the link anyway, as cp or a copying go install would.
	if err := os.WriteFile(filepath.Join(gobin, tool+exeSuffix), []byte("changed"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := e.Verify(); err == nil || !strings.Contains(err.Error(), "changed after gomedic installed it") {
		t.Errorf("Verify of a changed binary: %v", err)
	}
}
