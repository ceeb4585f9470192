package vscode

import (
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

func linuxHost() *host.Fake {
	h := host.NewFake("linux", "amd64")
	h.Environ = []string{"PATH=/usr/local/bin:/usr/bin"}
	return h
}

var linuxPaths = GoPaths{GOBIN: "", GOPATH: []string{"/home/ana/go"}, GOROOT: "/usr/local/go", PATH: "/usr/local/bin:/usr/bin"}

func TestResolveOrder(t *testing.T) {
	h := linuxHost()
	h.AddFile("/usr/bin/gopls", []byte("x"), 0o755)
	h.AddFile("/home/ana/go/bin/gopls", []byte("x"), 0o755)
	h.AddFile("/home/ana/tools/bin/gopls", []byte("x"), 0o755)
	h.AddFile("/opt/gobin/gopls", []byte("x"), 0o755)

	res := Resolve(h, "gopls", ToolSettings{}, linuxPaths)
	if res.Path != "/home/ana/go/bin/gopls" || res.Rule != RuleGOPATH {
		t.Errorf("GOPATH before PATH: got %s (%s)", res.Path, res.Rule)
	}
	res = Resolve(h, "gopls", ToolSettings{ToolsGopath: []string{"/home/ana/tools"}}, linuxPaths)
	if res.Path != "/home/ana/tools/bin/gopls" || res.Rule != RuleToolsGopath {
		t.Errorf("go.toolsGopath before GOPATH: got %s (%s)", res.Path, res.Rule)
	}
	p := linuxPaths
	p.GOBIN = "/opt/gobin"
	res = Resolve(h, "gopls", ToolSettings{ToolsGopath: []string{"/home/ana/tools"}}, p)
	if res.Path != "/opt/gobin/gopls" || res.Rule != RuleGOBIN {
		t.Errorf("GOBIN first: got %s (%s)", res.Path, res.Rule)
	}
	res = Resolve(h, "dlv", ToolSettings{}, linuxPaths)
	if res.Path != "" || len(res.Tried) != 4 {
		t.Errorf("missing tool: got %q after %d places (%+v), want none after GOPATH, GOROOT and 2 PATH entries", res.Path, len(res.Tried), res.Tried)
	}
	if res.Describe() != "not found" {
		t.Errorf("Describe() = %q", res.Describe())
	}
}

func TestResolveAlternateTools(t *testing.T) {
	h := linuxHost()
	h.AddFile("/opt/gopls-nightly", []byte("x"), 0o755)
	h.AddFile("/usr/bin/gopls", []byte("x"), 0o755)
	h.AddFile("/usr/bin/gopls-wrapper", []byte("x"), 0o755)

	res := Resolve(h, "gopls", ToolSettings{AlternateTools: map[string]string{"gopls": "/opt/gopls-nightly"}}, linuxPaths)
	if res.Path != "/opt/gopls-nightly" || res.Rule != RuleAlternateTools || len(res.Tried) != 1 {
		t.Errorf("absolute alternate: got %s (%s) after %d places", res.Path, res.Rule, len(res.Tried))
	}
	// An absolute path that is not there is passed over: the extension goes on with the name.
	res = Resolve(h, "gopls", ToolSettings{AlternateTools: map[string]string{"gopls": "/opt/missing"}}, linuxPaths)
	if res.Path != "/usr/bin/gopls" || res.Rule != RulePATH {
		t.Errorf("missing absolute alternate: got %s (%s), want /usr/bin/gopls from PATH", res.Path, res.Rule)
	}
	// A relative alternate renames the tool.
	res = Resolve(h, "gopls", ToolSettings{AlternateTools: map[string]string{"gopls": "gopls-wrapper"}}, linuxPaths)
	if res.Path != "/usr/bin/gopls-wrapper" || res.Name != "gopls-wrapper" {
		t.Errorf("relative alternate: got %s named %s", res.Path, res.Name)
	}
}

func TestResolvePassesOverNonExecutables(t *testing.T) {
	h := linuxHost()
	h.AddFile("/home/ana/go/bin/gopls", []byte("x"), 0o644)
	h.AddDir("/usr/local/bin/gopls")
	h.AddFile("/usr/bin/gopls", []byte("x"), 0o755)
	res := Resolve(h, "gopls", ToolSettings{}, linuxPaths)
	if res.Path != "/usr/bin/gopls" {
		t.Fatalf("got %q, want /usr/bin/gopls", res.Path)
	}
	if pl := res.Tried[0]; pl.Passed != "not executable (mode -rw-r--r--)" || pl.PassedPath != "/home/ana/go/bin/gopls" {
		t.Errorf("GOPATH place = %+v, want the non-executable file noted", pl)
	}
	if pl := res.Tried[2]; pl.Passed != "a directory" {
		t.Errorf("PATH place = %+v, want the directory noted", pl)
	}
}

func TestResolveSearchesADirectoryOnce(t *testing.T) {
	h := linuxHost()
	p := GoPaths{GOPATH: []string{"/home/ana/go"}, GOROOT: "/usr/local/go", PATH: "/home/ana/go/bin:/usr/bin:/usr/bin:relative:"}
	res := Resolve(h, "gopls", ToolSettings{}, p)
	if len(res.Tried) != 3 {
		t.Errorf("tried %d places (%+v), want GOPATH, GOROOT and /usr/bin once each", len(res.Tried), res.Tried)
	}
}

func TestResolveWindowsLooksForExeOnly(t *testing.T) {
	h := host.NewFake("windows", "amd64")
	h.Environ = []string{"Path=C:/Windows;C:/Users/ana/go/bin;C:/tools", "PATHEXT=.COM;.EXE;.BAT;.CMD"}
	h.AddFile("C:/tools/gopls.cmd", []byte("@echo off"), 0o644)
	p := GoPaths{GOPATH: []string{"C:/Users/ana/go"}, GOROOT: "C:/Program Files/Go", PATH: "C:/Windows;C:/Users/ana/go/bin;C:/tools"}

	// cmd.exe would run C:/tools/gopls.cmd through PATHEXT; the extension looks for gopls.exe.
	if res := Resolve(h, "gopls", ToolSettings{}, p); res.Path != "" {
		t.Errorf("found %s, but the extension only looks for gopls.exe", res.Path)
	}
	h.AddFile("C:/Users/ana/go/bin/gopls.exe", []byte("MZ"), 0o644)
	res := Resolve(h, "gopls", ToolSettings{}, p)
	if res.Path != "C:/Users/ana/go/bin/gopls.exe" || res.Rule != RuleGOPATH {
		t.Errorf("got %s (%s), want gopls.exe in GOPATH/bin", res.Path, res.Rule)
	}
	if res := Resolve(h, "go", ToolSettings{}, GoPaths{}); res.Path != "" || len(res.Tried) != 2 {
		t.Errorf("go with nothing set: got %q after %+v, want the two Program Files locations tried", res.Path, res.Tried)
	}
}

func TestResolveGoDefaultsAndSnap(t *testing.T) {
	h := linuxHost()
	h.AddFile("/usr/local/go/bin/go", []byte("x"), 0o755)
	res := Resolve(h, "go", ToolSettings{}, GoPaths{PATH: "/usr/bin"})
	if res.Path != "/usr/local/go/bin/go" || res.Rule != RuleDefaultGo {
		t.Errorf("got %s (%s), want the default location", res.Path, res.Rule)
	}
	h.AddFile("/snap/bin/go", []byte("x"), 0o755)
	res = Resolve(h, "go", ToolSettings{}, GoPaths{PATH: "/snap/bin"})
	if res.Path != "/snap/go/current/bin/go" {
		t.Errorf("got %s, want the extension's snap workaround", res.Path)
	}
}

// TestResolveGoItself: the extension looks for go in neither go.toolsGopath nor GOPATH, and
// go.goroot replaces GOROOT in its search (getBinPathWithExplanation in extension/src/util.ts).
func TestResolveGoItself(t *testing.T) {
	h := linuxHost()
	h.AddFile("/home/ana/go/bin/go", []byte("x"), 0o755)
	h.AddFile("/home/ana/tools/bin/go", []byte("x"), 0o755)
	h.AddFile("/usr/bin/go", []byte("x"), 0o755)
	h.AddFile("/opt/go1.25/bin/go", []byte("x"), 0o755)
	h.AddFile("/opt/go1.25/bin/gofmt", []byte("x"), 0o755)
	p := GoPaths{GOPATH: []string{"/home/ana/go"}, GOROOT: "/usr/lib/go", PATH: "/usr/bin"}
	s := ToolSettings{ToolsGopath: []string{"/home/ana/tools"}}

	res := Resolve(h, "go", s, p)
	if res.Path != "/usr/bin/go" || len(res.Tried) != 2 {
		t.Errorf("go: %s after %+v, want /usr/bin/go after GOROOT and PATH only", res.Path, res.Tried)
	}
	s.Goroot = "/opt/go1.25"
	res = Resolve(h, "go", s, p)
	if res.Path != "/opt/go1.25/bin/go" || res.Rule != RuleGorootSetting || res.Describe() != "go.goroot (/opt/go1.25/bin)" {
		t.Errorf("go with go.goroot: %s (%s)", res.Path, res.Describe())
	}
	// Other tools search go.goroot's bin instead of GOROOT's, after GOPATH.
	res = Resolve(h, "gofmt", s, p)
	if res.Path != "/opt/go1.25/bin/gofmt" || res.Rule != RuleGorootSetting {
		t.Errorf("gofmt with go.goroot: %s (%s)", res.Path, res.Rule)
	}
	// A go.goroot that is not a directory: go still looks there (and moves on); other tools use GOROOT.
	s.Goroot = "/missing"
	res = Resolve(h, "go", s, p)
	if res.Path != "/usr/bin/go" || res.Tried[0].Rule != RuleGorootSetting || res.Tried[0].Dir != "/missing/bin" {
		t.Errorf("go with a missing go.goroot: %s after %+v", res.Path, res.Tried)
	}
	res = Resolve(h, "gopls", s, p)
	for _, pl := range res.Tried {
		if pl.Rule == RuleGorootSetting {
			t.Errorf("gopls searched a go.goroot that is not a directory: %+v", res.Tried)
		}
	}
}
