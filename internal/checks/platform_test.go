package checks

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// These tests cover what cannot exist on a Linux test machine — a Windows PATHEXT and Program
// Files, a Mac without the Command Line Tools — with host.Fake. Everything else is tested for
// real in testdata/script.

// fakeGo answers `go env -json` with vars.
func fakeGo(vars map[string]string) func(host.Cmd) *host.Result {
	return func(c host.Cmd) *host.Result {
		if len(c.Args) >= 2 && c.Args[0] == "env" && c.Args[1] == "-json" {
			data, _ := json.Marshal(vars)
			return &host.Result{Stdout: data}
		}
		if len(c.Args) >= 1 && c.Args[0] == "build" {
			return &host.Result{} // go.runs's build probe
		}
		return &host.Result{ExitCode: 2, Stderr: []byte("go: unexpected command " + strings.Join(c.Args, " "))}
	}
}

// runChecks runs the checks matching only on h and returns the findings by id.
func runChecks(t *testing.T, h host.Host, only ...string) map[string]finding.Finding {
	t.Helper()
	// Stretched by the test scale: some tests run the real go command with an empty build cache,
	// and a busy machine must not turn that into a finding.
	f := facts.New(context.Background(), h, "/work", testtools.Timeout(time.Second))
	out := map[string]finding.Finding{}
	for _, fd := range doctor.Run(context.Background(), Catalog(), f, doctor.Options{Only: only, Offline: true, CheckTimeout: testtools.Timeout(5 * time.Second)}) {
		out[fd.ID] = fd
	}
	return out
}

func windowsHost(path string) *host.Fake {
	h := host.NewFake("windows", "amd64")
	h.Home = "C:/Users/ana"
	h.Environ = []string{"Path=" + path, "PATHEXT=.COM;.EXE;.BAT;.CMD", "ProgramFiles=C:/Program Files", "USERPROFILE=C:/Users/ana", "PSModulePath=x"}
	h.AddFile("C:/Program Files/Go/bin/go.exe", []byte("MZ"), 0o755)
	h.AddFile("C:/Program Files/Go/VERSION", []byte("go1.26.8\ntime 2026-10-01\n"), 0o644)
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": fakeGo(map[string]string{
		"GOROOT": "C:/Program Files/Go", "GOVERSION": "go1.26.8", "GOPATH": "C:/Users/ana/go", "GOBIN": "",
		"GOMODCACHE": "C:/Users/ana/go/pkg/mod", "GOCACHE": "C:/Users/ana/AppData/Local/go-build",
	})}
	return h
}

func TestWindowsGoFoundThroughPATHEXT(t *testing.T) {
	h := windowsHost(`C:\Windows\system32;"C:\Program Files\Go\bin"`)
	got := runChecks(t, h, "go.found", "go.runs", "go.version")
	if fd := got["go.found"]; fd.Status != finding.OK || !strings.Contains(fd.Title, "go.exe") {
		t.Errorf("go.found = %s %q, want ok naming go.exe", fd.Status, fd.Title)
	}
	if fd := got["go.version"]; fd.Status != finding.OK {
		t.Errorf("go.version = %s %q, want ok", fd.Status, fd.Title)
	}
}

func TestWindowsGoMissingFromPathListsProgramFiles(t *testing.T) {
	h := windowsHost(`C:\Windows\system32`)
	fd := runChecks(t, h, "go.found")["go.found"]
	if fd.Status != finding.Fail {
		t.Fatalf("go.found = %s, want fail", fd.Status)
	}
	if !strings.Contains(fd.Detail, "C:/Program Files/Go") {
		t.Errorf("detail does not list the installation in Program Files:\n%s", fd.Detail)
	}
	if fd.Fix == nil || len(fd.Fix.Commands) == 0 || !strings.Contains(fd.Fix.Commands[0], `[Environment]::SetEnvironmentVariable("Path"`) {
		t.Errorf("fix is not a PowerShell PATH change: %+v", fd.Fix)
	}
}

func TestWindowsGOBINOnPathIgnoresCase(t *testing.T) {
	h := windowsHost(`C:\Program Files\Go\bin;c:\users\ANA\go\bin`)
	h.AddDir("C:/Users/ana/go/bin")
	fd := runChecks(t, h, "env.gobin_on_path")["env.gobin_on_path"]
	if fd.Status != finding.OK {
		t.Errorf("env.gobin_on_path = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
	}
}

func darwinHost() *host.Fake {
	h := host.NewFake("darwin", "arm64")
	h.Home = "/Users/ana"
	h.Environ = []string{"PATH=/opt/homebrew/bin:/usr/bin:/bin", "HOME=/Users/ana", "SHELL=/bin/zsh"}
	h.AddFile("/opt/homebrew/Cellar/go/1.26.8/libexec/bin/go", []byte("\xcf\xfa\xed\xfe"), 0o755)
	h.AddFile("/opt/homebrew/Cellar/go/1.26.8/libexec/VERSION", []byte("go1.26.8\n"), 0o644)
	h.AddSymlink("/opt/homebrew/bin/go", "../Cellar/go/1.26.8/libexec/bin/go")
	h.AddFile("/usr/bin/clang", []byte("stub"), 0o755)
	h.Commands = map[string]func(host.Cmd) *host.Result{
		"go": fakeGo(map[string]string{
			"GOROOT": "/opt/homebrew/Cellar/go/1.26.8/libexec", "GOVERSION": "go1.26.8", "GOPATH": "/Users/ana/go",
			"CGO_ENABLED": "1", "CC": "clang", "GOMODCACHE": "/Users/ana/go/pkg/mod", "GOCACHE": "/Users/ana/Library/Caches/go-build",
		}),
		"xcode-select": func(host.Cmd) *host.Result {
			return &host.Result{ExitCode: 2, Stderr: []byte("xcode-select: error: unable to get active developer directory, use `sudo xcode-select --switch path/to/Xcode.app` to toggle between Xcode and CommandLineTools")}
		},
	}
	return h
}

func TestDarwinCgoWithoutCommandLineTools(t *testing.T) {
	h := darwinHost()
	h.Environ = append(h.Environ, "CGO_ENABLED=1")
	fd := runChecks(t, h, "env.cgo")["env.cgo"]
	if fd.Status != finding.Warn || !strings.Contains(fd.Detail, "Command Line Tools") {
		t.Errorf("env.cgo = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
	}
	if fd.Fix == nil || len(fd.Fix.Commands) == 0 || fd.Fix.Commands[0] != "xcode-select --install" {
		t.Errorf("fix = %+v, want xcode-select --install", fd.Fix)
	}
}

func TestDarwinCgoWithCommandLineTools(t *testing.T) {
	h := darwinHost()
	h.Commands["xcode-select"] = host.Output("/Library/Developer/CommandLineTools\n", 0)
	fd := runChecks(t, h, "env.cgo")["env.cgo"]
	if fd.Status != finding.OK {
		t.Errorf("env.cgo = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
	}
}

func TestDarwinHomebrewOriginAndUpgrade(t *testing.T) {
	h := darwinHost()
	h.Commands["go"] = fakeGo(map[string]string{"GOROOT": "/opt/homebrew/Cellar/go/1.26.8/libexec", "GOVERSION": "go1.20.14", "GOPATH": "/Users/ana/go"})
	got := runChecks(t, h, "go.origin", "go.version")
	if fd := got["go.origin"]; !strings.Contains(fd.Title, "Homebrew") {
		t.Errorf("go.origin = %q, want Homebrew", fd.Title)
	}
	fd := got["go.version"]
	if fd.Status != finding.Fail {
		t.Fatalf("go.version for go1.20.14 = %s, want fail", fd.Status)
	}
	if fd.Fix == nil || len(fd.Fix.Commands) == 0 || fd.Fix.Commands[0] != "brew upgrade go" {
		t.Errorf("fix = %+v, want brew upgrade go", fd.Fix)
	}
}

func TestLocalToolchainWithTheNewestGoIsInformation(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/ana"
	h.Environ = []string{"PATH=/usr/local/go/bin", "HOME=/home/ana", "GOTOOLCHAIN=local"}
	h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
	h.AddFile("/usr/local/go/VERSION", []byte("go1.27.4\n"), 0o644)
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": fakeGo(map[string]string{
		"GOROOT": "/usr/local/go", "GOVERSION": "go1.27.4", "GOPATH": "/home/ana/go", "GOTOOLCHAIN": "local", "GOMOD": "/dev/null",
	})}
	fd := runChecks(t, h, "env.gotoolchain")["env.gotoolchain"]
	if fd.Status != finding.Info || !strings.Contains(fd.Title, "fine while go1.27 is the newest release") {
		t.Errorf("env.gotoolchain = %s %q, want info", fd.Status, fd.Title)
	}
}
