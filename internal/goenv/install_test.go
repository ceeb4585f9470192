package goenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

// addGo puts a Go tree at root on h: bin/go (bin/go.exe on Windows) and VERSION.
func addGo(h *host.Fake, root, version string) {
	bin := root + "/bin/go"
	if h.GOOS == "windows" {
		bin += ".exe"
	}
	h.AddFile(bin, []byte("binary"), 0o755)
	if version != "" {
		h.AddFile(root+"/VERSION", []byte(version+"\ntime 2026-10-01T00:00:00Z\n"), 0o644)
	}
}

type inst struct{ root, version, origin string }

func checkInstalls(t *testing.T, h *host.Fake, gomodcache string, want []inst) {
	t.Helper()
	got := Installations(h, gomodcache)
	if len(got) != len(want) {
		for _, in := range got {
			t.Logf("found %+v", in)
		}
		t.Fatalf("found %d installations, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if slash(g.Root) != w.root || g.Version != w.version || g.Origin != w.origin {
			t.Errorf("installation %d = %s %q (%s), want %s %q (%s)", i, g.Root, g.Version, g.Origin, w.root, w.version, w.origin)
		}
		if dir := slash(filepath.Dir(filepath.Dir(g.Go))); dir != w.root {
			if resolved, err := h.EvalSymlinks(dir); err != nil || slash(resolved) != w.root {
				t.Errorf("installation %d: Go = %s is not inside %s", i, g.Go, w.root)
			}
		}
	}
}

func TestInstallationsLinux(t *testing.T) {
	t.Parallel()
	h := fake("linux")
	addGo(h, "/usr/local/go1.26.8", "go1.26.8")
	h.AddSymlink("/usr/local/go", "go1.26.8") // the same tree twice: listed once
	addGo(h, "/usr/lib/go-1.22", "go1.22.2")
	h.AddSymlink("/usr/lib/golang", "go-1.22") // distribution alias, same tree
	addGo(h, "/snap/go/10943", "go1.26.7")
	h.AddSymlink("/snap/go/current", "10943")
	addGo(h, "/home/ana/sdk/go1.25.3", "go1.25.3")
	h.AddDir("/home/ana/sdk/gotip") // no bin/go: not an installation
	addGo(h, "/home/ana/.asdf/installs/golang/1.24.1/go", "go1.24.1")
	h.AddDir("/home/ana/.asdf/installs/golang/1.23.0") // an asdf install without its go directory
	addGo(h, "/home/ana/.goenv/versions/1.23.4", "go1.23.4")
	addGo(h, "/home/ana/.local/share/mise/installs/go/1.26.0", "go1.26.0")
	addGo(h, "/home/ana/.gvm/gos/go1.21.13", "go1.21.13")
	addGo(h, "/home/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.linux-amd64", "go1.27.1")
	addGo(h, "/home/linuxbrew/.linuxbrew/Cellar/go/1.26.8/libexec", "go1.26.8")
	h.AddSymlink("/home/linuxbrew/.linuxbrew/opt/go", "../Cellar/go/1.26.8")
	addGo(h, "/opt/go", "") // no VERSION
	h.AddFile("/opt/go-noexec/bin/go", []byte("x"), 0o644)
	h.AddFile("/usr/local/gopls/README", nil, 0o644) // matches /usr/local/go* but holds no Go
	checkInstalls(t, h, "/home/ana/go/pkg/mod", []inst{
		{"/home/ana/.asdf/installs/golang/1.24.1/go", "go1.24.1", OriginAsdf},
		{"/home/ana/.goenv/versions/1.23.4", "go1.23.4", OriginGoenv},
		{"/home/ana/.gvm/gos/go1.21.13", "go1.21.13", OriginGVM},
		{"/home/ana/.local/share/mise/installs/go/1.26.0", "go1.26.0", OriginMise},
		{"/home/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.linux-amd64", "go1.27.1", OriginToolchain},
		{"/home/ana/sdk/go1.25.3", "go1.25.3", OriginDL},
		{"/home/linuxbrew/.linuxbrew/Cellar/go/1.26.8/libexec", "go1.26.8", OriginHomebrew},
		{"/opt/go", "", OriginUnknown},
		{"/snap/go/10943", "go1.26.7", OriginSnap},
		{"/usr/lib/go-1.22", "go1.22.2", OriginDistro},
		{"/usr/local/go1.26.8", "go1.26.8", OriginOfficial},
	})
	// Without GOMODCACHE the toolchains are not looked for.
	for _, in := range Installations(h, "") {
		if in.Origin == OriginToolchain {
			t.Errorf("found %s without a GOMODCACHE", in.Root)
		}
	}
}

func TestInstallationsDarwin(t *testing.T) {
	t.Parallel()
	h := fake("darwin")
	addGo(h, "/opt/homebrew/Cellar/go/1.26.8/libexec", "go1.26.8")
	addGo(h, "/opt/homebrew/Cellar/go/1.26.7/libexec", "go1.26.7") // an older keg not yet cleaned up
	h.AddSymlink("/opt/homebrew/opt/go", "../Cellar/go/1.26.8")
	addGo(h, "/opt/homebrew/Cellar/go@1.24/1.24.5/libexec", "go1.24.5")
	addGo(h, "/usr/local/Cellar/go/1.25.1/libexec", "go1.25.1")
	h.AddSymlink("/usr/local/opt/go", "../Cellar/go/1.25.1")
	addGo(h, "/opt/local/lib/go", "go1.23.2")
	addGo(h, "/usr/local/go", "go1.26.6")
	addGo(h, "/Users/ana/sdk/go1.22.12", "go1.22.12")
	addGo(h, "/Users/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.darwin-arm64", "go1.27.1")
	addGo(h, "/usr/lib/go", "go1.0") // a Linux place: not looked at on macOS
	checkInstalls(t, h, "/Users/ana/go/pkg/mod", []inst{
		{"/Users/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.darwin-arm64", "go1.27.1", OriginToolchain},
		{"/Users/ana/sdk/go1.22.12", "go1.22.12", OriginDL},
		{"/opt/homebrew/Cellar/go/1.26.7/libexec", "go1.26.7", OriginHomebrew},
		{"/opt/homebrew/Cellar/go/1.26.8/libexec", "go1.26.8", OriginHomebrew},
		{"/opt/homebrew/Cellar/go@1.24/1.24.5/libexec", "go1.24.5", OriginHomebrew},
		{"/opt/local/lib/go", "go1.23.2", OriginMacPorts},
		{"/usr/local/Cellar/go/1.25.1/libexec", "go1.25.1", OriginHomebrew},
		{"/usr/local/go", "go1.26.6", OriginOfficial},
	})
}

func TestInstallationsWindows(t *testing.T) {
	t.Parallel()
	h := fake("windows", `ProgramFiles=C:\Program Files`, `ProgramFiles(x86)=C:\Program Files (x86)`)
	addGo(h, "C:/Program Files/Go", "go1.26.8")
	addGo(h, "C:/Program Files (x86)/Go", "go1.20.14")
	addGo(h, "C:/Go", "go1.19.13")
	addGo(h, "C:/Users/ana/scoop/apps/go/1.26.7", "go1.26.7")
	h.AddSymlink("C:/Users/ana/scoop/apps/go/current", "1.26.7")
	addGo(h, "C:/Users/ana/sdk/go1.25.3", "go1.25.3")
	addGo(h, "C:/Users/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.windows-amd64", "go1.27.1")
	h.AddFile("C:/Users/ana/sdk/go1.24.0/bin/go", []byte("no .exe"), 0o755) // not a Windows program
	checkInstalls(t, h, "C:/Users/ana/go/pkg/mod", []inst{
		{"C:/Go", "go1.19.13", OriginOfficial},
		{"C:/Program Files (x86)/Go", "go1.20.14", OriginOfficial},
		{"C:/Program Files/Go", "go1.26.8", OriginOfficial},
		{"C:/Users/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.windows-amd64", "go1.27.1", OriginToolchain},
		{"C:/Users/ana/scoop/apps/go/1.26.7", "go1.26.7", OriginScoop},
		{"C:/Users/ana/sdk/go1.25.3", "go1.25.3", OriginDL},
	})
}

func TestInstallAtAndReadVersion(t *testing.T) {
	t.Parallel()
	h := fake("linux")
	addGo(h, "/usr/local/go", "go1.26.8")
	h.AddFile("/devel/bin/go", nil, 0o755)
	h.AddFile("/devel/VERSION", []byte("devel go1.27-abcdef Mon Oct 5 2026\n"), 0o644)
	h.AddFile("/junk/bin/go", nil, 0o755)
	h.AddFile("/junk/VERSION", []byte("not a version\n"), 0o644)
	h.AddFile("/crlf/VERSION", []byte("go1.26.8\r\ntime x\r\n"), 0o644)
	tests := map[string]string{"/usr/local/go": "go1.26.8", "/devel": "devel go1.27-abcdef Mon Oct 5 2026", "/junk": "", "/crlf": "go1.26.8", "/missing": ""}
	for root, want := range tests {
		if got := ReadVersion(h, root); got != want {
			t.Errorf("ReadVersion(%s) = %q, want %q", root, got, want)
		}
	}
	if in, ok := InstallAt(h, "/usr/local/go", ""); !ok || in.Root != "/usr/local/go" || in.Go != "/usr/local/go/bin/go" || in.Version != "go1.26.8" || in.Origin != OriginOfficial {
		t.Errorf("InstallAt(/usr/local/go) = %+v, %v", in, ok)
	}
	if in, ok := InstallAt(h, "/crlf", ""); ok {
		t.Errorf("InstallAt(a tree without bin/go) = %+v", in)
	}
	if got := BinGo(fake("windows"), "C:/Go"); slash(got) != "C:/Go/bin/go.exe" {
		t.Errorf("BinGo on Windows = %q", got)
	}
}

func TestOrigin(t *testing.T) {
	t.Parallel()
	linux := fake("linux")
	linux.AddFile("/usr/local/go/VERSION", []byte("go1.26.8\n"), 0o644)
	linux.AddFile("/opt/mygo/VERSION", []byte("go1.26.8\n"), 0o644)
	win := fake("windows")
	win.AddFile("C:/Program Files/Go/VERSION", []byte("go1.26.8\n"), 0o644)
	tests := []struct {
		h          host.Host
		root       string
		gomodcache string
		want       string
	}{
		{linux, "/home/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.linux-amd64", "/home/ana/go/pkg/mod", OriginToolchain},
		{linux, "/home/ana/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.1.linux-amd64", "", OriginToolchain},
		{linux, "/cache/mod/golang.org/x/toolchain-like", "/cache/mod", OriginToolchain},
		{linux, "/home/ana/sdk/go1.25.3", "", OriginDL},
		{linux, "/home/ana/sdkx/go1.25.3", "", OriginUnknown},
		{linux, "/opt/homebrew/Cellar/go/1.26.8/libexec", "", OriginHomebrew},
		{linux, "/opt/homebrew/Cellar/go@1.24/1.24.5/libexec", "", OriginHomebrew},
		{linux, "/home/linuxbrew/.linuxbrew/Cellar/go/1.26.8/libexec", "", OriginHomebrew},
		{linux, "/usr/local/opt/go/libexec", "", OriginHomebrew},
		{linux, "/opt/local/lib/go", "", OriginMacPorts},
		{linux, "/usr/lib/go-1.22", "", OriginDistro},
		{linux, "/usr/lib/golang", "", OriginDistro},
		{linux, "/usr/share/go-1.21", "", OriginDistro},
		{linux, "/usr/lib64/go/1.22", "", OriginDistro},
		{linux, "/snap/go/10943", "", OriginSnap},
		{linux, "/home/ana/.goenv/versions/1.23.4", "", OriginGoenv},
		{linux, "/home/ana/.asdf/installs/golang/1.24.1/go", "", OriginAsdf},
		{linux, "/home/ana/.local/share/mise/installs/go/1.26.0", "", OriginMise},
		{linux, "/home/ana/.gvm/gos/go1.21.13", "", OriginGVM},
		{linux, "/usr/local/go", "", OriginOfficial},
		{linux, "/opt/mygo", "", OriginOfficial},
		{linux, "/opt/nothing", "", OriginUnknown},
		{win, "C:/Users/ana/scoop/apps/go/1.26.7", "", OriginScoop},
		{win, `C:\Users\ana\scoop\apps\go\1.26.7`, "", OriginScoop},
		{win, "C:/Users/ana/sdk/go1.25.3", "", OriginDL},
		{win, `C:\Users\ana\sdk\go1.25.3`, "", OriginDL},
		{win, `C:\Users\ana\go\pkg\mod\golang.org\toolchain@v0.0.1-go1.27.1.windows-amd64`, `C:\Users\ana\go\pkg\mod`, OriginToolchain},
		{win, "C:/Program Files/Go", "", OriginOfficial},
	}
	for _, tt := range tests {
		if got := Origin(tt.h, tt.root, tt.gomodcache); got != tt.want {
			t.Errorf("Origin(%s) = %q, want %q", tt.root, got, tt.want)
		}
	}
}

func TestShim(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"/home/ana/.goenv/shims/go":                     OriginGoenv,
		"/home/ana/.asdf/shims/go":                      OriginAsdf,
		"/home/ana/.local/share/mise/shims/go":          OriginMise,
		`C:\Users\ana\scoop\shims\go.exe`:               OriginScoop,
		"C:/Users/ana/scoop/shims/go.exe":               OriginScoop,
		"/home/ana/.gvm/gos/go1.21.13/bin/go":           "", // gvm puts the real bin directory on PATH
		"/home/ana/.asdf/installs/golang/1.24.1/go/bin": "",
		"/usr/local/go/bin/go":                          "",
		"/home/ana/.goenv/versions/1.23.4/bin/go":       "",
		"": "",
	}
	for in, want := range tests {
		if got := Shim(in); got != want {
			t.Errorf("Shim(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRootOf builds Go-shaped trees in a temporary directory and resolves real symlinks.
func TestRootOf(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mk := func(rel string, data string, perm os.FileMode) string {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), perm); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(target, rel string) string {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symlinks: %v", err)
		}
		return p
	}
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	mk("go1.26.8/bin/go"+exe, "bin", 0o755)
	mk("go1.26.8/VERSION", "go1.26.8\n", 0o644)
	mk("srconly/bin/go"+exe, "bin", 0o755)
	mk("srconly/src/runtime/extern.go", "package runtime\n", 0o644)
	mk("toolonly/bin/go"+exe, "bin", 0o755)
	if err := os.MkdirAll(filepath.Join(dir, "toolonly", "pkg", "tool"), 0o755); err != nil {
		t.Fatal(err)
	}
	mk("gopath/bin/go"+exe, "not in a Go tree", 0o755)
	mk("shims/go"+exe, "#!/bin/sh\nexec asdf exec go \"$@\"\n", 0o755)
	link(filepath.Join(dir, "go1.26.8"), "go")                                     // a versioned root behind a link
	link(filepath.Join("..", "..", "go1.26.8", "bin", "go"+exe), "usr/bin/go"+exe) // relative link to the binary
	link(filepath.Join(dir, "usr", "bin", "go"+exe), "links/go"+exe)               // a link to a link
	link(filepath.Join(dir, "shims", "go"+exe), "shimlink/bin/go"+exe)             // a bin/go that is a link to a shim
	link(filepath.Join(dir, "missing", "bin", "go"+exe), "dangling/bin/go"+exe)    // nowhere

	real := func(rel string) string {
		p, err := filepath.EvalSymlinks(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	h := host.NewReal(nil)
	tests := map[string]string{
		"go1.26.8/bin/go": real("go1.26.8"),
		"go/bin/go":       real("go1.26.8"),
		"usr/bin/go":      real("go1.26.8"),
		"links/go":        real("go1.26.8"),
		"srconly/bin/go":  real("srconly"),
		"toolonly/bin/go": real("toolonly"),
		"gopath/bin/go":   "",
		"shims/go":        "",
		"shimlink/bin/go": "",
		"dangling/bin/go": "",
		"missing/bin/go":  "",
	}
	for rel, want := range tests {
		if got := RootOf(h, filepath.Join(dir, filepath.FromSlash(rel))+exe); got != want {
			t.Errorf("RootOf(%s) = %q, want %q", rel, got, want)
		}
	}
}
