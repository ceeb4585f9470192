package host

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"
)

func fakeFS() *Fake {
	h := NewFake("linux", "amd64")
	h.Home = "/home/ana"
	h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
	h.AddFile("/usr/local/go/VERSION", []byte("go1.26.8\n"), 0o644)
	h.AddSymlink("/usr/local/bin/go", "../go/bin/go") // relative
	h.AddSymlink("/usr/bin/go", "/usr/local/bin/go")  // absolute, to a link
	h.AddSymlink("/opt/go", "/usr/local/go")          // a directory
	h.AddSymlink("/loop/a", "b")                      // a -> b -> a
	h.AddSymlink("/loop/b", "/loop/a")                //
	h.AddSymlink("/loop/self", "self")                // self -> self
	h.AddSymlink("/loop/deeper", "deeper/x")          // grows on every hop
	h.AddSymlink("/dangling", "/nowhere")             //
	h.AddSymlink("/home/ana/sdk/current", "go1.26.8") // relative, in the same directory
	h.AddFile("/home/ana/sdk/go1.26.8/bin/go", nil, 0o755)
	h.AddFile("/ro/file", []byte("x"), 0o644)
	h.AddDir("/ro")
	return h
}

func TestFakeStatAndLstat(t *testing.T) {
	t.Parallel()
	h := fakeFS()
	tests := []struct {
		name      string
		statMode  fs.FileMode // type bits; 0 is a regular file
		statErr   bool
		lstatMode fs.FileMode
		lstatErr  bool
	}{
		{name: "/usr/local/go/bin/go", statMode: 0, lstatMode: 0},
		{name: "/usr/local/bin/go", statMode: 0, lstatMode: fs.ModeSymlink},
		{name: "/usr/bin/go", statMode: 0, lstatMode: fs.ModeSymlink},
		{name: "/opt/go", statMode: fs.ModeDir, lstatMode: fs.ModeSymlink},
		{name: "/opt/go/bin/go", statMode: 0, lstatMode: 0},
		{name: "/opt/go/bin", statMode: fs.ModeDir, lstatMode: fs.ModeDir},
		{name: "/home/ana/sdk/current/bin/go", statMode: 0, lstatMode: 0},
		{name: "/dangling", statErr: true, lstatMode: fs.ModeSymlink},
		{name: "/loop/a", statErr: true, lstatMode: fs.ModeSymlink},
		{name: "/loop/self", statErr: true, lstatMode: fs.ModeSymlink},
		{name: "/loop/deeper", statErr: true, lstatMode: fs.ModeSymlink},
		{name: "/loop/a/x", statErr: true, lstatErr: true},
		{name: "/missing", statErr: true, lstatErr: true},
		{name: "/ro/file/x", statErr: true, lstatErr: true},
		{name: "/", statMode: fs.ModeDir, lstatMode: fs.ModeDir},
		{name: "//usr/./local/../local/go/", statMode: fs.ModeDir, lstatMode: fs.ModeDir},
		{name: `\usr\local\go\bin\go`, statMode: 0, lstatMode: 0},
	}
	for _, tt := range tests {
		done := make(chan struct{})
		go func() {
			defer close(done)
			fi, err := h.Stat(tt.name)
			if tt.statErr != (err != nil) || err == nil && fi.Mode().Type() != tt.statMode {
				t.Errorf("Stat(%q) = %v, %v; want type %v, error %v", tt.name, fi, err, tt.statMode, tt.statErr)
			}
			fi, err = h.Lstat(tt.name)
			if tt.lstatErr != (err != nil) || err == nil && fi.Mode().Type() != tt.lstatMode {
				t.Errorf("Lstat(%q) = %v, %v; want type %v, error %v", tt.name, fi, err, tt.lstatMode, tt.lstatErr)
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Stat(%q) hangs", tt.name)
		}
	}
	if fi, err := h.Stat("/usr/local/go/VERSION"); err != nil || fi.Size() != 9 || fi.Name() != "VERSION" || fi.IsDir() {
		t.Errorf("Stat(VERSION) = %v, %v", fi, err)
	}
	if _, err := h.Stat("/loop/a"); err == nil || !strings.Contains(err.Error(), "too many levels of symbolic links") {
		t.Errorf("Stat of a loop: %v", err)
	}
	if _, err := h.Stat("/missing"); !IsNotExist(err) {
		t.Errorf("Stat(/missing): %v is not a missing-file error", err)
	}
}

func TestFakeEvalSymlinksAndReadlink(t *testing.T) {
	t.Parallel()
	h := fakeFS()
	evals := map[string]string{
		"/usr/bin/go":                  "/usr/local/go/bin/go",
		"/usr/local/bin/go":            "/usr/local/go/bin/go",
		"/opt/go/bin/go":               "/usr/local/go/bin/go",
		"/opt/go":                      "/usr/local/go",
		"/home/ana/sdk/current/bin/go": "/home/ana/sdk/go1.26.8/bin/go",
		"/usr/local/go":                "/usr/local/go",
	}
	for in, want := range evals {
		if got, err := h.EvalSymlinks(in); got != want || err != nil {
			t.Errorf("EvalSymlinks(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"/loop/a", "/dangling", "/missing"} {
		if got, err := h.EvalSymlinks(in); err == nil {
			t.Errorf("EvalSymlinks(%q) = %q, want an error", in, got)
		}
	}
	links := map[string]string{
		"/usr/local/bin/go": "../go/bin/go",
		"/usr/bin/go":       "/usr/local/bin/go",
		"/loop/a":           "b",
		"/dangling":         "/nowhere",
	}
	for in, want := range links {
		if got, err := h.Readlink(in); got != want || err != nil {
			t.Errorf("Readlink(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := h.Readlink("/usr/local/go/bin/go"); err == nil {
		t.Error("Readlink of a regular file succeeded")
	}
	if got, err := h.Readlink("/opt/go/bin"); err == nil {
		t.Errorf("Readlink(/opt/go/bin) = %q; the last element is a directory, not a link", got)
	}
}

func TestFakeReadDir(t *testing.T) {
	t.Parallel()
	h := fakeFS()
	names := func(dir string) ([]string, error) {
		entries, err := h.ReadDir(dir)
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out, err
	}
	tests := []struct {
		dir  string
		want []string
	}{
		{"/usr/local", []string{"bin", "go"}},
		{"/opt/go", []string{"VERSION", "bin"}}, // through a link
		{"/", []string{"dangling", "home", "loop", "opt", "ro", "usr"}},
		{"/home/ana/sdk", []string{"current", "go1.26.8"}},
	}
	for _, tt := range tests {
		if got, err := names(tt.dir); err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ReadDir(%q) = %q, %v; want %q", tt.dir, got, err, tt.want)
		}
	}
	entries, _ := h.ReadDir("/usr/local/bin")
	if len(entries) != 1 || entries[0].Type() != fs.ModeSymlink {
		t.Errorf("ReadDir lists a link as %v, want a symlink entry", entries)
	}
	for _, dir := range []string{"/usr/local/go/VERSION", "/missing", "/loop/a"} {
		if got, err := names(dir); err == nil {
			t.Errorf("ReadDir(%q) = %q, want an error", dir, got)
		}
	}
}

func TestFakeReadFileAndOpen(t *testing.T) {
	t.Parallel()
	h := fakeFS()
	if data, err := h.ReadFile("/opt/go/VERSION", 9); err != nil || string(data) != "go1.26.8\n" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if _, err := h.ReadFile("/opt/go/VERSION", 8); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFile over the limit: %v", err)
	}
	if _, err := h.ReadFile("/opt/go", 100); err == nil {
		t.Error("ReadFile of a directory succeeded")
	}
	data, _ := h.ReadFile("/opt/go/VERSION", 100)
	data[0] = 'X'
	if again, _ := h.ReadFile("/opt/go/VERSION", 100); string(again) != "go1.26.8\n" {
		t.Error("ReadFile returns the fake's own bytes: a caller can change the file")
	}
	f, err := h.Open("/usr/bin/go")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 3)
	if n, err := f.ReadAt(buf, 1); n != 3 || err != nil || string(buf) != "ELF" || f.Size() != 4 {
		t.Errorf("ReadAt = %d, %v, %q; Size %d", n, err, buf, f.Size())
	}
	if _, err := f.ReadAt(buf, 4); err != io.EOF {
		t.Errorf("ReadAt at the end: %v", err)
	}
	f.Close()
	if _, err := h.Open("/usr/local"); err == nil {
		t.Error("Open of a directory succeeded")
	}
}

func TestFakeWritable(t *testing.T) {
	t.Parallel()
	h := fakeFS()
	h.AddDir("/readonly")
	h.files["/readonly"].mode = fs.ModeDir | 0o555
	h.AddSymlink("/link-to-readonly", "/readonly")
	h.AddDir("/nfs/home")
	h.Undecided = []string{"/nfs/home"}
	tests := []struct {
		dir     string
		perm    bool // fails with fs.ErrPermission
		ok      bool
		unknown bool
	}{
		{dir: "/usr/local", ok: true},
		{dir: "/opt/go", ok: true},
		{dir: "/readonly", perm: true},
		{dir: "/link-to-readonly", perm: true},
		{dir: "/ro/file"},
		{dir: "/ro/file/sub"},
		{dir: "/missing"},
		{dir: ""},
		{dir: "/nfs/home", unknown: true},
	}
	for _, tt := range tests {
		w := h.Writable(tt.dir, nil)
		if tt.ok != w.OK() || tt.perm != errors.Is(w.Err, fs.ErrPermission) || tt.unknown != w.Unknown {
			t.Errorf("Writable(%q) = %+v; want ok %v, permission error %v, unknown %v", tt.dir, w, tt.ok, tt.perm, tt.unknown)
		}
	}
}

func TestFakeWindowsPaths(t *testing.T) {
	t.Parallel()
	h := NewFake("windows", "arm64")
	h.AddFile(`C:\Program Files\Go\bin\go.exe`, []byte("MZ"), 0o644)
	h.AddFile("D:/sdk/go1.26.8/bin/go.exe", []byte("MZ"), 0o644)
	h.AddSymlink("C:/Go", "D:/sdk/go1.26.8")     // another drive
	h.AddSymlink("C:/Users/ana/go1", `..\..\Go`) // relative, with backslashes
	h.AddSymlink("C:/Users/ana/abs", `C:\Program Files\Go`)
	tests := map[string]string{
		"C:/Program Files/Go/bin/go.exe": "C:/Program Files/Go/bin/go.exe",
		`c:\program files\go\BIN\GO.EXE`: "C:/Program Files/Go/bin/go.exe",
		"C:/Go/bin/go.exe":               "D:/sdk/go1.26.8/bin/go.exe",
		"C:/Users/ana/go1/bin/go.exe":    "D:/sdk/go1.26.8/bin/go.exe",
		"C:/Users/ana/abs/bin/go.exe":    "C:/Program Files/Go/bin/go.exe",
		"c:/users/ANA/ABS/bin":           "C:/Program Files/Go/bin",
	}
	for in, want := range tests {
		if got, err := h.EvalSymlinks(in); got != want || err != nil {
			t.Errorf("EvalSymlinks(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	entries, err := h.ReadDir("c:/PROGRAM FILES")
	if err != nil || len(entries) != 1 || entries[0].Name() != "Go" {
		t.Errorf("ReadDir keeps the spelling first given: %v, %v", entries, err)
	}
	// A Linux fake's names are case-sensitive.
	l := NewFake("linux", "amd64").AddFile("/usr/local/go/bin/go", nil, 0o755)
	if _, err := l.Stat("/usr/local/Go/bin/go"); err == nil {
		t.Error("a Linux fake found /usr/local/Go")
	}
}

func TestFakeRunAndEnv(t *testing.T) {
	t.Parallel()
	h := NewFake("windows", "amd64")
	h.Environ = []string{"Path=C:/Go/bin", "GOFLAGS=-v"}
	h.Commands = map[string]func(Cmd) *Result{"go": Output("go version go1.26.8 windows/amd64\n", 0), "fail": Output("", 3)}
	if got := h.Env().Get("PATH"); got != "C:/Go/bin" {
		t.Errorf("a Windows fake's Env folds case: PATH = %q", got)
	}
	res := h.Run(context.Background(), Cmd{Path: "C:/Go/bin/go.exe", Args: []string{"version"}})
	if !res.OK() || !strings.HasPrefix(string(res.Stdout), "go version") || res.Cmd.Path != "C:/Go/bin/go.exe" {
		t.Errorf("Run(go.exe) = %+v", res)
	}
	if res := h.Run(context.Background(), Cmd{Path: "fail"}); res.ExitCode != 3 || res.OK() {
		t.Errorf("Run(fail) = %+v", res)
	}
	if res := h.Run(context.Background(), Cmd{Path: "gopls"}); !errors.Is(res.Err, ErrNotFound) || res.ExitCode != -1 {
		t.Errorf("Run(an unknown program) = %+v", res)
	}
	if ran := h.Ran(); len(ran) != 3 || ran[0].Args[0] != "version" {
		t.Errorf("Ran() = %v", ran)
	}
	if h.OS() != "windows" || h.Arch() != "amd64" || h.Translated() {
		t.Errorf("OS %q, Arch %q, Translated %v", h.OS(), h.Arch(), h.Translated())
	}
}
