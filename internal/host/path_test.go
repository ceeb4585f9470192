package host

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestSplitList(t *testing.T) {
	t.Parallel()
	linux, windows := NewFake("linux", "amd64"), NewFake("windows", "amd64")
	tests := []struct {
		h    Host
		list string
		want []string
	}{
		{linux, "", nil},
		{linux, "/usr/bin:/bin", []string{"/usr/bin", "/bin"}},
		{linux, "/usr/bin::/bin:", []string{"/usr/bin", "", "/bin", ""}},
		{linux, `"/a b":/c`, []string{`"/a b"`, "/c"}},
		{linux, `C:\Go\bin;C:\x`, []string{"C", `\Go\bin;C`, `\x`}},
		{windows, "", nil},
		{windows, `C:\Windows\system32;C:\Go\bin`, []string{`C:\Windows\system32`, `C:\Go\bin`}},
		{windows, `C:\a;;C:\b;`, []string{`C:\a`, "", `C:\b`, ""}},
		{windows, `C:\Windows;"C:/Program Files/Go/bin"`, []string{`C:\Windows`, "C:/Program Files/Go/bin"}},
		{windows, `"C:\odd;name\bin";C:\x`, []string{`C:\odd;name\bin`, `C:\x`}},
		{windows, `C:\Program" "Files\Go\bin`, []string{`C:\Program Files\Go\bin`}},
		{windows, `/usr/bin:/bin`, []string{"/usr/bin:/bin"}},
	}
	for _, tt := range tests {
		if got := SplitList(tt.h, tt.list); !slices.Equal(got, tt.want) {
			t.Errorf("%s: SplitList(%q) = %q, want %q", tt.h.OS(), tt.list, got, tt.want)
		}
	}
	if ListSeparator(linux) != ":" || ListSeparator(windows) != ";" {
		t.Errorf("ListSeparator: %q, %q", ListSeparator(linux), ListSeparator(windows))
	}
}

// TestSplitListMatchesFilepath compares SplitList on the real host with the standard library's.
func TestSplitListMatchesFilepath(t *testing.T) {
	t.Parallel()
	h := NewReal(nil)
	for _, list := range []string{"", "a", "a" + string(os.PathListSeparator) + "b", `"a` + string(os.PathListSeparator) + `b"` + string(os.PathListSeparator) + "c", string(os.PathListSeparator)} {
		want := filepath.SplitList(list)
		if len(want) == 0 {
			want = nil
		}
		if got := SplitList(h, list); !slices.Equal(got, want) {
			t.Errorf("SplitList(%q) = %q, filepath.SplitList = %q", list, got, want)
		}
	}
}

func TestExts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		goos, pathext string
		want          []string
	}{
		{"linux", ".EXE", nil},
		{"darwin", "", nil},
		{"windows", "", []string{".com", ".exe", ".bat", ".cmd"}},
		{"windows", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC;.PY;.PYW", []string{".com", ".exe", ".bat", ".cmd", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".msc", ".py", ".pyw"}},
		{"windows", "EXE;;.Cmd;", []string{".exe", ".cmd"}},
	}
	for _, tt := range tests {
		if got := Exts(NewFake(tt.goos, "amd64"), tt.pathext); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Exts(%q) = %q, want %q", tt.goos, tt.pathext, got, tt.want)
		}
	}
}

func windowsFake() *Fake {
	h := NewFake("windows", "amd64")
	h.Home = "C:/Users/ana"
	h.AddFile("C:/Program Files/Go/bin/go.exe", []byte("MZ"), 0o644)
	h.AddFile("C:/Program Files/Go/bin/gofmt.exe", []byte("MZ"), 0o644)
	h.AddFile("C:/Users/ana/go/bin/go", []byte("not a program"), 0o755) // no extension: Windows does not run it
	h.AddFile("C:/Users/ana/go/bin/gopls.exe", []byte("MZ"), 0o644)
	h.AddFile("C:/Users/ana/go/bin/tool.com", []byte("MZ"), 0o644)
	h.AddFile("C:/Users/ana/go/bin/tool.exe", []byte("MZ"), 0o644)
	h.AddFile("C:/Users/ana/go/bin/UPPER.EXE", []byte("MZ"), 0o644)
	h.AddFile("C:/tools/script.py", []byte("print()"), 0o644)
	h.AddFile("C:/tools/notes.txt", []byte(""), 0o644)
	h.AddDir("C:/tools/dir.exe")
	h.AddFile("//server/share/bin/remote.exe", []byte("MZ"), 0o644)
	return h
}

func TestLookPathWindows(t *testing.T) {
	t.Parallel()
	h := windowsFake()
	const pf = `"C:/Program Files/Go/bin"`
	tests := []struct {
		name, prog, path, pathext string
		want                      string
	}{
		{name: "PATHEXT default", prog: "go", path: "C:/Windows;" + pf, want: "C:/Program Files/Go/bin/go.exe"},
		{name: "with its extension", prog: "go.exe", path: pf, want: "C:/Program Files/Go/bin/go.exe"},
		{name: "an extension in capitals", prog: "go.EXE", path: pf, want: "C:/Program Files/Go/bin/go.EXE"},
		{name: "PATHEXT in capitals, file in lower case", prog: "gofmt", path: pf, pathext: ".EXE", want: "C:/Program Files/Go/bin/gofmt.exe"},
		{name: "a file without extension is not run", prog: "go", path: "C:/Users/ana/go/bin;" + pf, want: "C:/Program Files/Go/bin/go.exe"},
		{name: "PATHEXT order", prog: "tool", path: "C:/Users/ana/go/bin", want: "C:/Users/ana/go/bin/tool.com"},
		{name: "custom PATHEXT order", prog: "tool", path: "C:/Users/ana/go/bin", pathext: ".EXE;.COM", want: "C:/Users/ana/go/bin/tool.exe"},
		{name: "custom PATHEXT", prog: "script", path: "C:/tools", pathext: ".COM;.EXE;.PY", want: "C:/tools/script.py"},
		{name: "custom PATHEXT without that extension", prog: "script", path: "C:/tools", pathext: ".COM;.EXE"},
		{name: "an extension not in PATHEXT", prog: "notes.txt", path: "C:/tools"},
		{name: "a directory named like a program", prog: "dir", path: "C:/tools"},
		{name: "PATH order", prog: "gopls", path: pf + ";C:/Users/ana/go/bin", want: "C:/Users/ana/go/bin/gopls.exe"},
		{name: "backslashes", prog: "gopls", path: `C:\Users\ana\go\bin`, want: "C:/Users/ana/go/bin/gopls.exe"},
		{name: "UNC path", prog: "remote", path: `\\server\share\bin`, want: "//server/share/bin/remote.exe"},
		{name: "relative entries are skipped", prog: "gopls", path: `go\bin;.;Users/ana/go/bin`},
		{name: "a drive-relative entry is skipped", prog: "gopls", path: `C:Users\ana\go\bin`},
		{name: "empty entries are skipped", prog: "gopls", path: ";;C:/Users/ana/go/bin", want: "C:/Users/ana/go/bin/gopls.exe"},
		{name: "empty PATH", prog: "go", path: ""},
		{name: "not found", prog: "dlv", path: pf + ";C:/Users/ana/go/bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LookPath(h, tt.prog, tt.path, tt.pathext)
			// filepath.Join of a backslashed entry gives a mixed path off Windows.
			if got := strings.ReplaceAll(got, `\`, "/"); got != tt.want {
				t.Errorf("LookPath(%q, %q, %q) = %q, %v; want %q", tt.prog, tt.path, tt.pathext, got, err, tt.want)
			}
			if tt.want == "" && !errors.Is(err, ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
			if tt.want != "" && err != nil {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestLookPathUnixFakes(t *testing.T) {
	t.Parallel()
	for _, goos := range []string{"linux", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			t.Parallel()
			h := NewFake(goos, "arm64")
			h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
			h.AddSymlink("/usr/local/bin/go", "../go/bin/go")
			h.AddFile("/opt/homebrew/bin/gopls", []byte("x"), 0o644) // not executable
			h.AddFile("/home/ana/go/bin/gopls", []byte("x"), 0o700)
			h.AddFile("/home/ana/go/bin/go.exe", []byte("MZ"), 0o755)
			h.AddSymlink("/home/ana/bin/dangling", "/nowhere")
			h.AddDir("/home/ana/bin/adir")
			tests := []struct {
				prog, path, want string
			}{
				{"go", "/usr/local/bin:/usr/bin", "/usr/local/bin/go"},
				{"go", "/usr/bin:/usr/local/go/bin", "/usr/local/go/bin/go"},
				{"gopls", "/opt/homebrew/bin:/home/ana/go/bin", "/home/ana/go/bin/gopls"},
				{"go.exe", "/home/ana/go/bin", "/home/ana/go/bin/go.exe"},
				{"go", "/home/ana/go/bin", ""}, // no PATHEXT off Windows
				{"dangling", "/home/ana/bin", ""},
				{"adir", "/home/ana/bin", ""},
				{"gopls", ".:home/ana/go/bin::", ""},
				{"gopls", "", ""},
			}
			for _, tt := range tests {
				got, err := LookPath(h, tt.prog, tt.path, ".EXE")
				if filepath.ToSlash(got) != tt.want || (tt.want == "") != errors.Is(err, ErrNotFound) {
					t.Errorf("LookPath(%q, %q) = %q, %v; want %q", tt.prog, tt.path, got, err, tt.want)
				}
			}
		})
	}
}

func TestExecutableAndFindIn(t *testing.T) {
	t.Parallel()
	w := windowsFake()
	l := NewFake("linux", "amd64")
	l.AddFile("/bin/x", nil, 0o755)
	l.AddFile("/bin/ro", nil, 0o644)
	l.AddFile("/bin/group", nil, 0o010)
	tests := []struct {
		h    Host
		path string
		want bool
	}{
		{w, "C:/Program Files/Go/bin/go.exe", true},
		{w, "C:/Program Files/Go/bin/GO.exe", true}, // Windows file names are not case-sensitive
		{w, "c:/program files/go/bin/go.EXE", true},
		{w, "C:/Users/ana/go/bin/go", false},
		{w, "C:/tools/dir.exe", false},
		{w, "C:/tools/missing.exe", false},
		{l, "/bin/x", true},
		{l, "/bin/ro", false},
		{l, "/bin/group", true},
		{l, "/bin", false},
	}
	for _, tt := range tests {
		if got := Executable(tt.h, tt.path, Exts(tt.h, "")); got != tt.want {
			t.Errorf("%s: Executable(%q) = %v, want %v", tt.h.OS(), tt.path, got, tt.want)
		}
	}
	if got := FindIn(w, "C:/Users/ana/go/bin", "upper", Exts(w, "")); filepath.ToSlash(got) != "C:/Users/ana/go/bin/upper.exe" {
		t.Errorf("FindIn(upper) = %q; UPPER.EXE is upper.exe on Windows", got)
	}
	if got := FindIn(w, "C:/Users/ana/go/bin", "UPPER.EXE", Exts(w, "")); filepath.ToSlash(got) != "C:/Users/ana/go/bin/UPPER.EXE" {
		t.Errorf("FindIn(UPPER.EXE) = %q", got)
	}
	if got := FindIn(l, "/bin", "x", nil); filepath.ToSlash(got) != "/bin/x" {
		t.Errorf("FindIn(x) = %q", got)
	}
}

func TestIsAbs(t *testing.T) {
	t.Parallel()
	linux, darwin, windows := NewFake("linux", "amd64"), NewFake("darwin", "arm64"), NewFake("windows", "amd64")
	tests := []struct {
		h    Host
		path string
		want bool
	}{
		{linux, "/usr/bin", true},
		{linux, "usr/bin", false},
		{linux, "", false},
		{linux, "~/go/bin", false},
		{linux, `C:\Go\bin`, false},
		{darwin, "/opt/homebrew/bin", true},
		{darwin, "./bin", false},
		{windows, `C:\Go\bin`, true},
		{windows, "C:/Go/bin", true},
		{windows, "c:/go", true},
		{windows, `\\server\share\bin`, true},
		{windows, "//server/share", true},
		{windows, `C:Go\bin`, false},
		{windows, `\Go\bin`, false},
		{windows, "/usr/bin", false},
		{windows, `go\bin`, false},
		{windows, "1:/x", false},
		{windows, "", false},
		{windows, "%USERPROFILE%\\go\\bin", false},
	}
	for _, tt := range tests {
		if got := IsAbs(tt.h, tt.path); got != tt.want {
			t.Errorf("%s: IsAbs(%q) = %v, want %v", tt.h.OS(), tt.path, got, tt.want)
		}
	}
}

func TestExpandHome(t *testing.T) {
	t.Parallel()
	unix := NewFake("linux", "amd64")
	unix.Home = "/home/ana"
	win := NewFake("windows", "amd64")
	win.Home = `C:\Users\ana`
	homeless := NewFake("linux", "amd64")
	tests := []struct {
		h        Host
		in, want string
	}{
		{unix, "~", "/home/ana"},
		{unix, "~/go/bin", "/home/ana/go/bin"},
		{unix, "$HOME/go/bin", "/home/ana/go/bin"},
		{unix, "${HOME}/go/bin", "/home/ana/go/bin"},
		{unix, "$HOME", "/home/ana"},
		{unix, "~bob/go", ""},
		{unix, "$HOMEDIR/go", ""},
		{unix, "/abs/path", ""},
		{unix, "go/~/bin", ""},
		{unix, "", ""},
		{win, `~\go\bin`, `C:\Users\ana\go\bin`},
		{win, "~/go/bin", `C:\Users\ana/go/bin`},
		{homeless, "~/go", ""},
	}
	for _, tt := range tests {
		if got := ExpandHome(tt.h, tt.in); got != tt.want {
			t.Errorf("home %q: ExpandHome(%q) = %q, want %q", tt.h.HomeDir(), tt.in, got, tt.want)
		}
	}
}

// TestLookPathReal compares LookPath on the real host with os/exec.
func TestLookPathReal(t *testing.T) {
	t.Parallel()
	needUnix(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a", "tool"), "#!/bin/sh\n", 0o644)
	writeFile(t, filepath.Join(dir, "b", "tool"), "#!/bin/sh\n", 0o755)
	writeFile(t, filepath.Join(dir, "c", "tool"), "#!/bin/sh\n", 0o755)
	h := NewReal(nil)
	list := filepath.Join(dir, "a") + ":" + filepath.Join(dir, "b") + ":" + filepath.Join(dir, "c")
	got, err := LookPath(h, "tool", list, "")
	if err != nil || got != filepath.Join(dir, "b", "tool") {
		t.Errorf("LookPath = %q, %v; want the first executable, in b", got, err)
	}
	if _, err := LookPath(h, "tool", filepath.Join(dir, "a"), ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("LookPath(only a non-executable file) err = %v", err)
	}
	if sh, err := exec.LookPath("sh"); err == nil && runtime.GOOS != "windows" {
		got, err := LookPath(h, "sh", os.Getenv("PATH"), "")
		if err != nil || got != sh {
			t.Errorf("LookPath(sh) = %q, %v; os/exec says %q", got, err, sh)
		}
	}
}

// TestPathHelpersReal runs the path helpers against the real host and its file system.
func TestPathHelpersReal(t *testing.T) {
	t.Parallel()
	needUnix(t)
	dir := t.TempDir()
	exe := writeFile(t, filepath.Join(dir, "bin", "tool"), "#!/bin/sh\n", 0o755)
	plain := writeFile(t, filepath.Join(dir, "bin", "notes"), "", 0o644)
	h := NewReal([]string{"HOME=" + dir})
	if Exts(h, ".EXE") != nil {
		t.Errorf("Exts off Windows = %q", Exts(h, ".EXE"))
	}
	if !Executable(h, exe, nil) || Executable(h, plain, nil) || Executable(h, filepath.Join(dir, "bin"), nil) {
		t.Error("Executable on real files")
	}
	if got := FindIn(h, filepath.Join(dir, "bin"), "tool", nil); got != exe {
		t.Errorf("FindIn = %q, want %q", got, exe)
	}
	if !IsAbs(h, dir) || IsAbs(h, "bin") || IsAbs(h, "") {
		t.Error("IsAbs on the real host")
	}
	if got := ExpandHome(h, "~/bin/tool"); got != exe {
		t.Errorf("ExpandHome = %q, want %q", got, exe)
	}
}
