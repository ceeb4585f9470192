package tools_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/checks"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// These tests cover what cannot exist on a Linux test machine — a Mac with Apple silicon, Rosetta
// 2, universal binaries, Windows — with host.Fake. Everything else is tested for real in
// testdata/script/tools_*.txtar.

// Mach-O CPU types.
const (
	cpuAMD64 = 0x01000007
	cpuARM64 = 0x0100000c
)

// thinMachO is the header of a 64-bit Mach-O executable for cpu, without load commands.
func thinMachO(cpu uint32) []byte {
	b := make([]byte, 32)
	binary.LittleEndian.PutUint32(b[0:], 0xfeedfacf)
	binary.LittleEndian.PutUint32(b[4:], cpu)
	binary.LittleEndian.PutUint32(b[12:], 2) // MH_EXECUTE
	return b
}

// universalMachO is a universal binary with one slice per cpu, each 4096-aligned.
func universalMachO(cpus ...uint32) []byte {
	const align = 4096
	b := make([]byte, align*(len(cpus)+1))
	binary.BigEndian.PutUint32(b[0:], 0xcafebabe)
	binary.BigEndian.PutUint32(b[4:], uint32(len(cpus)))
	for i, cpu := range cpus {
		entry := b[8+20*i:]
		off := uint32(align * (i + 1))
		binary.BigEndian.PutUint32(entry[0:], cpu)
		binary.BigEndian.PutUint32(entry[8:], off)
		binary.BigEndian.PutUint32(entry[12:], 32)
		binary.BigEndian.PutUint32(entry[16:], 12)
		copy(b[off:], thinMachO(cpu))
	}
	return b
}

// fakeGo answers `go env -json ...` with vars, and `go list -m -json M@latest` with latest.
func fakeGo(vars map[string]string, latest string) func(host.Cmd) *host.Result {
	return func(c host.Cmd) *host.Result {
		switch {
		case len(c.Args) >= 2 && c.Args[0] == "env" && c.Args[1] == "-json":
			data, _ := json.Marshal(vars)
			return &host.Result{Stdout: data}
		case len(c.Args) >= 1 && c.Args[0] == "build":
			return &host.Result{} // go.runs's build probe
		case len(c.Args) >= 3 && c.Args[0] == "list" && latest != "":
			return &host.Result{Stdout: []byte(latest)}
		case len(c.Args) >= 3 && c.Args[0] == "list":
			return &host.Result{ExitCode: 1, Stderr: []byte("go: module lookup disabled by GOPROXY=off")}
		}
		return &host.Result{ExitCode: 2, Stderr: []byte("go: unexpected command " + strings.Join(c.Args, " "))}
	}
}

var (
	goplsVersion = host.Output("golang.org/x/tools/gopls v0.21.1\n", 0)
	dlvVersion   = host.Output("Delve Debugger\nVersion: 1.27.2\nBuild: $Id: 360e7b2181d3da54115aaee4f569954bca95cfe3 $\n", 0)
)

// appleSilicon is a Mac with Apple silicon, an arm64 Go in /usr/local/go, Rosetta 2 installed, and
// the tools directory on PATH.
func appleSilicon() *host.Fake {
	h := appleSiliconWithoutRosetta()
	h.AddFile("/Library/Apple/usr/libexec/oah/libRosettaRuntime", []byte("x"), 0o755)
	return h
}

// appleSiliconWithoutRosetta is appleSilicon before Rosetta 2 is installed.
func appleSiliconWithoutRosetta() *host.Fake {
	h := host.NewFake("darwin", "arm64")
	h.Home = "/Users/ana"
	h.Environ = []string{"PATH=/Users/ana/go/bin:/usr/local/go/bin:/usr/bin:/bin", "HOME=/Users/ana", "SHELL=/bin/zsh"}
	h.AddFile("/usr/local/go/bin/go", thinMachO(cpuARM64), 0o755)
	h.AddFile("/usr/local/go/VERSION", []byte("go1.26.8\n"), 0o644)
	h.Commands = map[string]func(host.Cmd) *host.Result{
		"go": fakeGo(map[string]string{
			"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPATH": "/Users/ana/go", "GOMODCACHE": "/Users/ana/go/pkg/mod",
			"GOOS": "darwin", "GOARCH": "arm64", "GOHOSTOS": "darwin", "GOHOSTARCH": "arm64", "GOPROXY": "https://proxy.golang.org,direct",
		}, ""),
		"gopls": goplsVersion,
		"dlv":   dlvVersion,
	}
	return h
}

// run runs the checks matching only on h and returns the findings by id.
func run(t *testing.T, h host.Host, offline bool, only ...string) map[string]finding.Finding {
	t.Helper()
	f := facts.New(context.Background(), h, "/work", time.Second)
	out := map[string]finding.Finding{}
	for _, fd := range doctor.Run(context.Background(), checks.Catalog(), f, doctor.Options{Only: only, Offline: offline, CheckTimeout: 5 * time.Second}) {
		out[fd.ID] = fd
	}
	return out
}

func want(t *testing.T, fd finding.Finding, status finding.Status, text string) {
	t.Helper()
	if fd.Status != status || !strings.Contains(fd.Title+"\n"+fd.Detail, text) {
		t.Errorf("%s = %s %q\n%s\nwant %s mentioning %q", fd.ID, fd.Status, fd.Title, fd.Detail, status, text)
	}
}

func TestIntelDlvOnAppleSiliconFails(t *testing.T) {
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/dlv", thinMachO(cpuAMD64), 0o755)
	got := run(t, h, true, "tools.dlv.*")
	want(t, got["tools.dlv.arch"], finding.Fail, "can not run under Rosetta, check that the installed build of Go is right for your CPU architecture")
	if fd := got["tools.dlv.runs"]; fd.Status != finding.Skip || fd.BlockedBy != "tools.dlv.arch" {
		t.Errorf("tools.dlv.runs = %s blocked by %q, want skip blocked by tools.dlv.arch", fd.Status, fd.BlockedBy)
	}
	fix := got["tools.dlv.arch"].Fix
	if fix == nil || fix.Commands[0] != "gomedic tools install dlv" || !fix.Auto {
		t.Errorf("fix = %+v, want an automatic go install (the go on PATH builds arm64)", fix)
	}
}

// An Intel dlv that go.alternateTools names is the entry's problem: the finding names the entry,
// and the fix removes it (after a yes), never installing dlv or moving the user's program aside.
func TestIntelAlternateDlvBlamesTheEntry(t *testing.T) {
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/dlv", thinMachO(cpuARM64), 0o755)
	h.AddFile("/Users/ana/tools/dlv-x86", thinMachO(cpuAMD64), 0o755)
	h.AddFile("/Users/ana/Library/Application Support/Code/User/settings.json", []byte(`{"go.alternateTools": {"dlv": "/Users/ana/tools/dlv-x86"}}`), 0o644)
	got := run(t, h, true, "tools.dlv.*")
	want(t, got["tools.dlv.arch"], finding.Fail, "go.alternateTools.dlv: dlv is an Intel")
	fix := got["tools.dlv.arch"].Fix
	if fix == nil || fix.Auto || len(fix.Actions) != 1 || fix.Actions[0].Kind != finding.SettingsEdit || fix.Actions[0].Key != "/go.alternateTools/dlv" {
		t.Fatalf("fix = %+v, want one settings_edit of /go.alternateTools/dlv, after a yes", fix)
	}
	if !strings.Contains(fix.Summary, "The extension then runs /Users/ana/go/bin/dlv") {
		t.Errorf("fix summary %q does not say what the extension runs without the entry", fix.Summary)
	}
	want(t, got["tools.dlv.shadowed"], finding.OK, "one copy of dlv")
}

func TestIntelGoplsOnAppleSiliconWarns(t *testing.T) {
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/gopls", thinMachO(cpuAMD64), 0o755)
	got := run(t, h, true, "tools.gopls.*")
	want(t, got["tools.gopls.arch"], finding.Warn, "only through emulation")
	want(t, got["tools.gopls.arch"], finding.Warn, "Rosetta 2")
	want(t, got["tools.gopls.runs"], finding.OK, "version v0.21.1")
	want(t, got["tools.gopls.found"], finding.OK, "/Users/ana/go/bin/gopls")
}

func TestIntelGoBuildsIntelTools(t *testing.T) {
	// An amd64 Go on Apple silicon (running under Rosetta) builds amd64 tools: reinstalling with it
	// does not help, and the fix says to install an arm64 Go first.
	h := appleSilicon()
	h.Commands["go"] = fakeGo(map[string]string{
		"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPATH": "/Users/ana/go",
		"GOOS": "darwin", "GOARCH": "amd64", "GOHOSTOS": "darwin", "GOHOSTARCH": "amd64",
	}, "")
	h.AddFile("/Users/ana/go/bin/dlv", thinMachO(cpuAMD64), 0o755)
	fd := run(t, h, true, "tools.dlv.arch")["tools.dlv.arch"]
	if fd.Fix == nil || fd.Fix.Auto || !strings.Contains(fd.Fix.Summary, "First install Go for darwin/arm64") {
		t.Errorf("fix = %+v, want to install an arm64 Go first", fd.Fix)
	}
}

func TestIntelToolWithoutRosettaFails(t *testing.T) {
	h := appleSiliconWithoutRosetta()
	h.AddFile("/Users/ana/go/bin/gopls", thinMachO(cpuAMD64), 0o755)
	fd := run(t, h, true, "tools.gopls.arch")["tools.gopls.arch"]
	want(t, fd, finding.Fail, "Bad CPU type in executable")
}

func TestUniversalBinaryWithArm64SliceIsNative(t *testing.T) {
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/gopls", universalMachO(cpuAMD64, cpuARM64), 0o755)
	h.AddFile("/Users/ana/go/bin/dlv", universalMachO(cpuAMD64, cpuARM64), 0o755)
	got := run(t, h, true, "tools.gopls.arch", "tools.dlv.arch")
	want(t, got["tools.gopls.arch"], finding.OK, "darwin/amd64 + darwin/arm64")
	want(t, got["tools.dlv.arch"], finding.OK, "darwin/arm64")
}

func TestLinuxBinaryOnMacFails(t *testing.T) {
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/gopls", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 57)...), 0o755)
	fd := run(t, h, true, "tools.gopls.arch")["tools.gopls.arch"]
	if fd.Status == finding.OK {
		t.Errorf("an ELF file on a Mac passed: %s %q", fd.Status, fd.Title)
	}
}

// windowsHost is Windows with Go in Program Files and the default GOPATH.
func windowsHost(path string) *host.Fake {
	h := host.NewFake("windows", "amd64")
	h.Home = "C:/Users/ana"
	h.Environ = []string{"Path=" + path, "PATHEXT=.COM;.EXE;.BAT;.CMD", "USERPROFILE=C:/Users/ana"}
	h.AddFile("C:/Program Files/Go/bin/go.exe", []byte("MZ"), 0o755)
	h.AddFile("C:/Program Files/Go/VERSION", []byte("go1.26.8\n"), 0o644)
	h.Commands = map[string]func(host.Cmd) *host.Result{
		"go": fakeGo(map[string]string{
			"GOROOT": "C:/Program Files/Go", "GOVERSION": "go1.26.8", "GOPATH": "C:/Users/ana/go", "GOMODCACHE": "C:/Users/ana/go/pkg/mod",
			"GOOS": "windows", "GOARCH": "amd64", "GOHOSTOS": "windows", "GOHOSTARCH": "amd64",
		}, ""),
		"gopls": goplsVersion,
	}
	return h
}

func TestWindowsGoplsExeFound(t *testing.T) {
	h := windowsHost(`C:\Program Files\Go\bin;C:\Users\ana\go\bin`)
	h.AddFile("C:/Users/ana/go/bin/gopls.exe", []byte("MZ"), 0o644)
	got := run(t, h, true, "tools.gopls.found", "tools.gopls.runs", "tools.gopls.shadowed")
	want(t, got["tools.gopls.found"], finding.OK, "C:/Users/ana/go/bin/gopls.exe (GOPATH)")
	want(t, got["tools.gopls.runs"], finding.OK, "version v0.21.1")
	want(t, got["tools.gopls.shadowed"], finding.OK, "one copy")
	if d := got["tools.gopls.found"].Detail; strings.Contains(d, "another file") {
		t.Errorf("the shell's PATHEXT lookup finds the same gopls.exe, but the detail says otherwise:\n%s", d)
	}
}

func TestWindowsCmdWrapperIsNotFoundByTheEditor(t *testing.T) {
	// cmd.exe runs gopls.cmd through PATHEXT; the Go extension looks only for gopls.exe.
	h := windowsHost(`C:\Program Files\Go\bin;C:\tools`)
	h.AddFile("C:/tools/gopls.cmd", []byte("@echo off\r\n"), 0o644)
	fd := run(t, h, true, "tools.gopls.found")["tools.gopls.found"]
	want(t, fd, finding.Fail, "gopls.cmd on PATH, but the Go extension looks only for gopls.exe")
}

func TestRunsExplainsExecErrors(t *testing.T) {
	tests := []struct {
		err  string
		want string
	}{
		{"fork/exec /Users/ana/go/bin/gopls: permission denied", "noexec"},
		{"fork/exec /Users/ana/go/bin/gopls: exec format error", "not an executable for darwin/arm64"},
		{"fork/exec /Users/ana/go/bin/gopls: text file busy", "install or update in progress"},
		{"fork/exec /Users/ana/go/bin/gopls: no such file or directory", "does not exist here"},
	}
	for _, tt := range tests {
		h := appleSilicon()
		h.AddFile("/Users/ana/go/bin/gopls", thinMachO(cpuARM64), 0o755)
		h.Commands["gopls"] = func(host.Cmd) *host.Result {
			return &host.Result{ExitCode: -1, Err: &host.StartError{Err: errorString(tt.err)}}
		}
		fd := run(t, h, true, "tools.gopls.runs")["tools.gopls.runs"]
		want(t, fd, finding.Fail, tt.want)
		want(t, fd, finding.Fail, "Couldn't start client gopls")
	}
}

// TestRunsTellsALeftoverFromAStartFailure checks the four ends of a version command apart: a
// tool that printed its version and exited 0 while a process it started kept its output open is
// judged by that version and warned about the leftover, never reported as one that cannot be
// started.
func TestRunsTellsALeftoverFromAStartFailure(t *testing.T) {
	tests := []struct {
		name   string
		res    host.Result
		status finding.Status
		text   string
	}{
		{"not started", host.Result{ExitCode: -1, Err: &host.StartError{Err: errorString("fork/exec /Users/ana/go/bin/gopls: exec format error")}},
			finding.Fail, "gopls is not a program this machine can run"},
		{"exit 3", host.Result{ExitCode: 3, Stderr: []byte("boom\n")}, finding.Fail, "exits with status 3"},
		{"exit 3, leftover", host.Result{ExitCode: 3, Stderr: []byte("boom\n"), Leftovers: []host.Leftover{{Pid: 9, Name: "sleep"}}},
			finding.Fail, "When gopls exited, sleep (pid 9) was still running; gomedic killed it"},
		{"leftover holding the output", host.Result{Stdout: []byte("golang.org/x/tools/gopls v0.21.1\n"), HeldOutput: true,
			Err: nil, Leftovers: []host.Leftover{{Pid: 7, Name: "sleep"}}}, finding.Warn,
			"but leaves sleep (pid 7) running\nAsked for its version, gopls exited with status 0. When gopls exited, sleep (pid 7) kept its output open"},
		{"leftover not holding the output", host.Result{Stdout: []byte("golang.org/x/tools/gopls v0.21.1\n"), Leftovers: []host.Leftover{{Pid: 8, Name: "gopls-helper"}}},
			finding.Warn, "When gopls exited, gopls-helper (pid 8) was still running; gomedic killed it"},
		{"timeout", host.Result{ExitCode: -1, TimedOut: true, Err: host.ErrTimeout}, finding.Fail, "did not answer within"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := appleSilicon()
			h.AddFile("/Users/ana/go/bin/gopls", thinMachO(cpuARM64), 0o755)
			h.Commands["gopls"] = func(c host.Cmd) *host.Result {
				r := tt.res
				r.Cmd = c
				return &r
			}
			fd := run(t, h, true, "tools.gopls.runs")["tools.gopls.runs"]
			want(t, fd, tt.status, tt.text)
			if strings.Contains(fd.Title, "cannot be started") && tt.name != "not started" {
				t.Errorf("%s reported as a start failure: %s", tt.name, fd.Title)
			}
		})
	}
}

func TestRunsTimeoutAndCrash(t *testing.T) {
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/dlv", thinMachO(cpuARM64), 0o755)
	h.Commands["dlv"] = func(c host.Cmd) *host.Result {
		c.Timeout = time.Second
		return &host.Result{Cmd: c, ExitCode: -1, TimedOut: true, Err: host.ErrTimeout}
	}
	want(t, run(t, h, true, "tools.dlv.runs")["tools.dlv.runs"], finding.Fail, "did not answer within")

	h.Commands["dlv"] = host.Output("panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV]\n\ngoroutine 1 [running]:\n", 2)
	want(t, run(t, h, true, "tools.dlv.runs")["tools.dlv.runs"], finding.Fail, "dlv crashes (panic)")
}

func TestLatestThroughTheGoCommand(t *testing.T) {
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/gopls", thinMachO(cpuARM64), 0o755)
	h.Commands["go"] = fakeGo(map[string]string{
		"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPATH": "/Users/ana/go", "GOOS": "darwin", "GOARCH": "arm64",
		"GOFLAGS": "-mod=vendor", "GOTOOLCHAIN": "auto", "GOPROXY": "off", // net.goproxy only warns about off
	}, `{"Path":"golang.org/x/tools/gopls","Version":"v0.24.0","Time":"2026-11-01T00:00:00Z","GoVersion":"1.27.0"}`)
	fd := run(t, h, false, "tools.gopls.latest")["tools.gopls.latest"]
	want(t, fd, finding.Info, "gopls v0.24.0 is available (installed: v0.21.1)")
	want(t, fd, finding.Info, "downloads that toolchain")
	if fd.Fix == nil || fd.Fix.Commands[0] != "gomedic tools install gopls@v0.24.0" || fd.Fix.Actions[0].Version != "v0.24.0" {
		t.Errorf("fix = %+v, want the exact version", fd.Fix)
	}
	var list host.Cmd
	for _, c := range h.Ran() {
		if len(c.Args) > 0 && c.Args[0] == "list" {
			list = c
		}
	}
	env := host.NewEnv(list.Env, false)
	if env.Get("GOFLAGS") != "-mod=readonly" || env.Get("GOWORK") != "off" || env.Get("GO111MODULE") != "on" {
		t.Errorf("go list ran with GOFLAGS=%q GOWORK=%q GO111MODULE=%q", env.Get("GOFLAGS"), env.Get("GOWORK"), env.Get("GO111MODULE"))
	}

	// The version the tool prints is used when build info has none; a proxy that cannot be
	// reached is not a verdict on the tool.
	h.Commands["go"] = fakeGo(map[string]string{"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPATH": "/Users/ana/go", "GOOS": "darwin", "GOARCH": "arm64", "GOPROXY": "off"}, "")
	fd = run(t, h, false, "tools.gopls.latest")["tools.gopls.latest"]
	want(t, fd, finding.Skip, "module lookup disabled by GOPROXY=off")
}

type errorString string

func (e errorString) Error() string { return string(e) }

func TestWindowsBlockedToolsAreNamed(t *testing.T) {
	blocked := func(err string, code int) func(host.Cmd) *host.Result {
		return func(host.Cmd) *host.Result {
			if err != "" {
				return &host.Result{ExitCode: -1, Err: &host.StartError{Err: errorString(err)}}
			}
			return &host.Result{ExitCode: code}
		}
	}
	const exe = "fork/exec C:/Users/ana/go/bin/gopls.exe: "
	for _, tc := range []struct {
		name string
		run  func(host.Cmd) *host.Result
		want []string
	}{
		{"smart app control", blocked(exe+"An Application Control policy has blocked this file.", 0),
			[]string{"Windows blocks gopls: Smart App Control or App Control for Business refused to run it", "0x800711C7"}},
		{"a DLL or the image refused before main", blocked("", 0xC0000428),
			[]string{"Smart App Control or App Control for Business refused", "exit status 3221226536 before the program's main ran (0xC0000428 STATUS_INVALID_IMAGE_HASH"}},
		{"defender", blocked(exe+"Operation did not complete successfully because the file contains a virus or potentially unwanted software.", 0),
			[]string{"Windows blocks gopls: an antivirus refused to run it", "ERROR_VIRUS_INFECTED"}},
		{"group policy", blocked(exe+"This program is blocked by group policy. For more information, contact your system administrator.", 0),
			[]string{"a group policy (AppLocker or Software Restriction Policies) refused", "ERROR_ACCESS_DISABLED_BY_POLICY"}},
		{"access denied is not a named block", blocked(exe+"Access is denied.", 0),
			[]string{"gopls cannot be executed: access is denied", "antivirus scanning or holding"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := windowsHost(`C:\Program Files\Go\bin;C:\Users\ana\go\bin`)
			h.AddFile("C:/Users/ana/go/bin/gopls.exe", []byte("MZ"), 0o644)
			h.Commands["gopls"] = tc.run
			fd := run(t, h, true, "tools.gopls.runs")["tools.gopls.runs"]
			for _, w := range tc.want {
				want(t, fd, finding.Fail, w)
			}
			if strings.HasPrefix(fd.Title, "Windows blocks") && (fd.Fix == nil || !strings.Contains(fd.Fix.Summary, map[bool]string{true: "no per-file exception", false: ""}[strings.Contains(fd.Title, "Smart App")])) {
				t.Errorf("fix %+v", fd.Fix)
			}
			if strings.Contains(fd.Title, "antivirus") && !strings.Contains(strings.Join(fd.Fix.Commands, "\n"), `Add-MpPreference -ExclusionPath 'C:/Users/ana/go/bin'`) {
				t.Errorf("antivirus fix commands %q", fd.Fix.Commands)
			}
		})
	}
	// The same exit status on Linux is a program's own exit status.
	h := appleSilicon()
	h.AddFile("/Users/ana/go/bin/gopls", thinMachO(cpuARM64), 0o755)
	h.Commands["gopls"] = blocked("", 0xC0000428)
	if fd := run(t, h, true, "tools.gopls.runs")["tools.gopls.runs"]; strings.Contains(fd.Title, "Windows blocks") {
		t.Errorf("a macOS tool's exit status was taken for a Windows block: %q", fd.Title)
	}
}
