package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/dap"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// These tests judge recorded dlv answers on fake machines: the ptrace restrictions, macOS
// debugserver and Developer Mode, and Rosetta 2 cannot be set up on the test machine. The
// answers marked "real" were recorded from the pinned dlv v1.27.2 (see the ws_dlv_* scripts for
// the same cases end to end); the others are dlv's messages as its source writes them.

// launchRefused is a session whose launch request dlv refused with text.
func launchRefused(text string) *dlvSession {
	return &dlvSession{
		dlv: "/home/ana/go/bin/dlv", cmd: host.Cmd{Path: "/home/ana/go/bin/dlv", Args: []string{"dap", "--listen=127.0.0.1:0"}},
		dir: "/home/ana/.cache/gomedic/dlv-probe-1", file: "/home/ana/.cache/gomedic/dlv-probe-1/main.go", line: dlvScratchLine(),
		stage: dlvAtDAP, addr: "127.0.0.1:40000",
		err: &dap.StepError{Step: dap.StepLaunch, Err: &dap.ResponseError{Command: "launch", Message: "Failed to launch", Detail: text}},
		res: &host.Result{ExitCode: 0}, exited: true, disconnected: true,
		stdout: dlvListenPrefix + "127.0.0.1:40000\n",
	}
}

// Recorded launch errors.
const (
	// real: the pinned dlv under a seccomp filter that denies ptrace (testdata/script/ws_dlv_ptrace.txtar).
	eperm = "Failed to launch /home/ana/.cache/gomedic/dlv-probe-1: could not launch process: fork/exec /home/ana/.cache/gomedic/dlv-probe-1/__debug_bin: operation not permitted"
	// real: GOARCH=arm64 on an amd64 machine.
	foreign = "Failed to launch /p: could not launch process: fork/exec /p/__debug_bin: exec format error"
	// real: go1.24.0 on PATH.
	goTooOld = "Failed to launch /p: Go version go1.24.0 is too old for this version of Delve (minimum supported version 1.25, suppress this error with --check-go-version=false)"
	// pkg/goversion/compat.go.
	dlvTooOld = "Failed to launch /p: Version of Delve is too old for Go version go1.28.0 (maximum supported version 1.27, suppress this error with --check-go-version=false)"
	dwarf5    = "Failed to launch /p: To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later"
	// service/debugger/debugger.go and pkg/proc/gdbserial/gdbserver.go.
	noDebugserver = "Failed to launch /p: could not launch process: debugserver or lldb-server not found: install Xcode's command line tools or lldb-server"
	stubExited    = "Failed to launch /p: could not launch process: stub exited while waiting for connection: exit status 0"
	rosettaShell  = "Failed to launch /p: could not launch process: can not run under Rosetta, check that the terminal/shell in use is right for your CPU architecture"
)

// linuxHost is a Linux machine with the given Yama scope ("" for none), /proc/self/status and
// container marker.
func linuxHost(scope, status string, docker bool) *host.Fake {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/ana"
	h.Environ = []string{"HOME=/home/ana", "PATH=/usr/bin"}
	if scope != "" {
		h.AddFile(dlvYamaScopeFile, []byte(scope+"\n"), 0o644)
	}
	if status != "" {
		h.AddFile(dlvProcStatus, []byte(status), 0o444)
	}
	if docker {
		h.AddFile("/.dockerenv", nil, 0o755)
	}
	h.AddFile(dlvInitCgroup, []byte("0::/\n"), 0o444)
	return h
}

// Capabilities of /proc/self/status: everything (root on a host), and Docker's default set, which
// lacks CAP_SYS_PTRACE.
const (
	statusRoot   = "Name:\tgomedic\nCapEff:\t000001ffffffffff\nNoNewPrivs:\t0\nSeccomp:\t0\n"
	statusUser   = "Name:\tgomedic\nCapEff:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n"
	statusDocker = "Name:\tgomedic\nCapEff:\t00000000a80425fb\nNoNewPrivs:\t0\nSeccomp:\t2\n"
	statusSnap   = "Name:\tgomedic\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\n"
)

func newTestFacts(h *host.Fake) *facts.Facts {
	return facts.New(context.Background(), h, "/home/ana/src/app", time.Second)
}

func TestDlvLaunchFailures(t *testing.T) {
	darwin := func(xcode func(host.Cmd) *host.Result, devtools string, translated bool) *host.Fake {
		h := host.NewFake("darwin", "arm64")
		h.Home = "/Users/ana"
		h.IsTranslated = translated
		h.Commands = map[string]func(host.Cmd) *host.Result{
			"xcode-select":     xcode,
			"DevToolsSecurity": host.Output(devtools, 0),
		}
		return h
	}
	noCLT := func(host.Cmd) *host.Result {
		return &host.Result{Stderr: []byte("xcode-select: error: unable to get active developer directory, use `sudo xcode-select --switch path/to/Xcode.app` to toggle between command line tools and Xcode"), ExitCode: 2}
	}
	clt := host.Output("/Library/Developer/CommandLineTools\n", 0)
	for _, tc := range []struct {
		name  string
		h     *host.Fake
		text  string
		title string // regexp on the title
		more  string // regexp on the detail
		fix   string // regexp on the fix summary and commands, "" for no fix
		cause string // the cause named in BlockedBy
	}{
		{name: "yama 3", h: linuxHost("3", statusRoot, false), text: eperm,
			title: `ptrace is disabled \(kernel\.yama\.ptrace_scope = 3\)`, more: `cannot be lowered until the machine restarts`, fix: `ptrace_scope = 1.*sysctl\.d.*reboot`},
		{name: "yama 2 as a user", h: linuxHost("2", statusUser, false), text: eperm,
			title: `ptrace is for root only`, more: `only programs with CAP_SYS_PTRACE`, fix: `sysctl -w kernel\.yama\.ptrace_scope=1`},
		{name: "yama 2 with the message of another refusal", h: linuxHost("2", statusUser, false), text: "Failed to launch /p: could not launch process: waiting for target execve failed: no such process",
			title: `ptrace is for root only`},
		{name: "yama 1 allows tracing children: a container without CAP_SYS_PTRACE", h: linuxHost("1", statusDocker, true), text: eperm,
			title: `the container does not allow ptrace`, more: `/\.dockerenv exists\) without the CAP_SYS_PTRACE capability and with a seccomp filter`, fix: `--cap-add=SYS_PTRACE --security-opt seccomp=unconfined`},
		{name: "a sandbox", h: linuxHost("1", statusSnap, false), text: eperm,
			title: `a sandbox forbids ptrace`, more: `Seccomp: 2`, fix: `outside the sandbox`},
		{name: "nothing explains it", h: linuxHost("", statusRoot, true), text: eperm,
			title: `ptrace is not allowed`, more: `in a container, /\.dockerenv exists, that allows ptrace\): a security module`, fix: `audit log`},
		{name: "no debugserver, no command line tools", h: darwin(noCLT, "", false), text: noDebugserver,
			title: `the Xcode Command Line Tools are not installed`, more: `unable to get active developer directory`, fix: `xcode-select --install`},
		{name: "no debugserver in the selected tools", h: darwin(clt, "", false), text: noDebugserver,
			title: `debugserver is missing`, more: `neither .*CommandLineTools/Library/PrivateFrameworks/LLDB\.framework/Versions/A/Resources/debugserver nor`, fix: `xcode-select --reset`},
		{name: "developer mode off", h: darwin(clt, "Developer mode is currently disabled.\n", false), text: stubExited,
			title: `Developer Mode is off`, more: `administrator's password`, fix: `DevToolsSecurity -enable.*_developer`},
		{name: "developer mode on", h: darwin(clt, "Developer mode is currently enabled.\n", false), text: stubExited,
			title: `debugserver exits at once`, more: `_developer group.*/etc/hosts`, fix: `dseditgroup`},
		{name: "rosetta shell", h: darwin(clt, "", false), text: rosettaShell,
			title: `it runs under Rosetta 2`, more: `uname -m says x86_64`, fix: `native \(Apple silicon\) terminal`},
		{name: "gomedic under rosetta", h: darwin(clt, "", true), text: rosettaShell,
			title: `it runs under Rosetta 2`, more: `gomedic itself runs under Rosetta 2`},
		{name: "go too old", h: linuxHost("1", statusRoot, false), text: goTooOld,
			title: `this dlv does not debug programs built by the go on PATH`, more: `here, the go on PATH, is older than the oldest Go this dlv supports`, fix: `Upgrade Go`, cause: "ws.dlv_go"},
		{name: "dlv too old", h: linuxHost("1", statusRoot, false), text: dlvTooOld,
			title: `this dlv is too old for the Go`, fix: `gomedic tools install dlv`, cause: "ws.dlv_go"},
		{name: "dwarf 5", h: linuxHost("1", statusRoot, false), text: dwarf5,
			title: `cannot read the debug information`, cause: "tools.dlv.built_with", fix: `Rebuild dlv`},
		{name: "foreign build", h: linuxHost("1", statusRoot, false), text: foreign,
			title: `dlv cannot run what it builds: the go command builds for /`, more: `this is a linux/amd64 machine`},
		{name: "noexec", h: linuxHost("1", statusRoot, false), text: "Failed to launch /p: could not launch process: fork/exec /p/__debug_bin: permission denied",
			title: `permission denied`, more: `noexec`},
		{name: "anything else", h: linuxHost("1", statusRoot, false), text: "Failed to launch /p: could not launch process: something new",
			title: `dlv cannot launch a program: Failed to launch /p: could not launch process: something new`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd := dlvExplain(newTestFacts(tc.h), launchRefused(tc.text))
			checkFinding(t, fd, finding.Fail, tc.title, tc.more, tc.fix)
			if fd.BlockedBy != tc.cause {
				t.Errorf("BlockedBy = %q, want %q", fd.BlockedBy, tc.cause)
			}
			if !strings.Contains(fd.Detail, tc.text[strings.Index(tc.text, ": ")+2:]) && !strings.Contains(fd.Detail, tc.text) {
				t.Errorf("the detail does not quote dlv:\n%s", fd.Detail)
			}
		})
	}
}

// checkFinding checks a finding's status, and its title, detail and fix against regexps.
func checkFinding(t *testing.T, fd finding.Finding, status finding.Status, title, detail, fix string) {
	t.Helper()
	if fd.Status != status {
		t.Errorf("status %s, want %s: %s\n%s", fd.Status, status, fd.Title, fd.Detail)
	}
	if !regexp.MustCompile(title).MatchString(fd.Title) {
		t.Errorf("title %q does not match %q", fd.Title, title)
	}
	if detail != "" && !regexp.MustCompile(detail).MatchString(fd.Detail) {
		t.Errorf("detail does not match %q:\n%s", detail, fd.Detail)
	}
	if fix == "" {
		return
	}
	if fd.Fix == nil {
		t.Errorf("no fix, want one matching %q", fix)
		return
	}
	text := fd.Fix.Summary + "\n" + strings.Join(fd.Fix.Commands, "\n")
	if !regexp.MustCompile(`(?s)` + fix).MatchString(text) {
		t.Errorf("fix does not match %q:\n%s", fix, text)
	}
}

func TestDlvPtraceEvidence(t *testing.T) {
	fd := dlvExplain(newTestFacts(linuxHost("3", statusRoot, false)), launchRefused(eperm))
	var files []string
	for _, ev := range fd.Evidence {
		if ev.File != "" {
			files = append(files, ev.File+": "+ev.Output)
		}
	}
	got := strings.Join(files, "\n")
	for _, want := range []string{dlvYamaScopeFile + ": 3", dlvProcStatus + ": CapEff:\t000001ffffffffff\nNoNewPrivs:\t0\nSeccomp:\t0"} {
		if !strings.Contains(got, want) {
			t.Errorf("evidence lacks %q:\n%s", want, got)
		}
	}
}

func TestDlvBuildFailureNamesItsCause(t *testing.T) {
	for _, tc := range []struct{ output, cause, title string }{
		// real: GOCACHE=off, GOFLAGS=-bogus.
		{"build cache is disabled by GOCACHE=off, but required as of Go 1.12 (exit status 1)", "env.caches", "build cache is disabled by GOCACHE=off, but required as of Go 1.12$"},
		{"go: parsing $GOFLAGS: unknown flag -bogus (exit status 1)", "env.goflags", "unknown flag -bogus$"},
		{"# runtime/cgo\ncgo: C compiler \"gcc\" not found: exec: \"gcc\": executable file not found in $PATH (exit status 1)", "env.cgo", "runtime/cgo$"},
		{"go: cannot find GOROOT directory: /nowhere (exit status 2)", "go.runs", "cannot find GOROOT directory: /nowhere$"},
		// real: GOCACHE=rel, GOFLAGS=-race with CGO_ENABLED=0, a C compiler that fails.
		{"build cache is required, but could not be located: GOCACHE is not an absolute path (exit status 1)", "env.caches", "GOCACHE is not an absolute path$"},
		{"go: -race requires cgo; enable cgo by setting CGO_ENABLED=1 (exit status 2)", "env.cgo", "-race requires cgo; enable cgo by setting CGO_ENABLED=1$"},
		{"# runtime/cgo\ngcc: error: unrecognized command-line option '-m64' (exit status 1)", "env.cgo", "runtime/cgo$"},
		{"# example.com/app\n./main.go:3:2: undefined: cgoThing (exit status 1)", "go.runs", "example.com/app$"},
	} {
		s := launchRefused("Failed to launch: Build error: Check the debug console for details.")
		s.output = "Building /p\nBuild Error: go build -o /p/__debug_bin -gcflags all=-N -l /p\n" + tc.output + "\n"
		fd := dlvExplain(newTestFacts(linuxHost("1", statusRoot, false)), s)
		checkFinding(t, fd, finding.Fail, "dlv cannot build a program to debug: .*"+tc.title, `go build -gcflags all=-N -l`, "")
		if fd.BlockedBy != tc.cause {
			t.Errorf("%s: BlockedBy = %q, want %q", tc.output, fd.BlockedBy, tc.cause)
		}
		if strings.Contains(fd.Detail, "Build Error:") {
			t.Errorf("the detail repeats dlv's header line:\n%s", fd.Detail)
		}
	}
}

func TestDlvStripsDebugInfo(t *testing.T) {
	for flags, want := range map[string]bool{
		"-ldflags=-w":             true,
		"-ldflags=-s":             true,
		"-mod=mod -ldflags=-s,-w": true,
		"--ldflags=-w":            true,
		"-ldflags=-X=main.v=1":    false,
		"-trimpath":               false,
		"":                        false,
	} {
		if got := dlvStripsDebugInfo(flags); got != want {
			t.Errorf("dlvStripsDebugInfo(%q) = %v", flags, got)
		}
	}
}

// TestDlvSessionFailures judges sessions that end short of the launch: a dlv that exits, hangs,
// speaks garbage or drops the connection.
func TestDlvSessionFailures(t *testing.T) {
	base := func(s *dlvSession) *dlvSession {
		s.dlv, s.cmd, s.line, s.wait = "/x/dlv", host.Cmd{Path: "/x/dlv", Args: []string{"dap", "--listen=127.0.0.1:0"}}, dlvScratchLine(), time.Second
		return s
	}
	killedRes := &host.Result{ExitCode: -1, Signal: "killed", Err: errors.New("killed by signal killed")}
	for _, tc := range []struct {
		name        string
		s           *dlvSession
		status      finding.Status
		title, more string
	}{
		{"panic", base(&dlvSession{stage: dlvAtListen, err: errDlvExited, res: &host.Result{ExitCode: 2, Stderr: []byte("panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation]\n\ngoroutine 1 [running]:\n")}}),
			finding.Fail, `dlv dap crashes as it starts \(panic\)`, `exited with status 2 before it listened:\npanic: runtime error`},
		{"no dap command", base(&dlvSession{stage: dlvAtListen, err: errDlvExited, res: &host.Result{ExitCode: 1, Stderr: []byte("Error: unknown command \"dap\" for \"dlv\"\nRun 'dlv --help' for usage.\n")}}),
			finding.Fail, `too old to debug for VS Code: it has no dap command`, `since v1\.4\.1`},
		{"exits", base(&dlvSession{stage: dlvAtListen, err: errDlvExited, res: &host.Result{ExitCode: 3}, stdout: "bye\n"}),
			finding.Fail, `dlv dap exited with status 3 before it listened`, `bye`},
		{"silent", base(&dlvSession{stage: dlvAtListen, err: fmt.Errorf("%w within 1s", errDlvNoListen), res: killedRes, killed: true, stdout: "\x00\x01garbage\n"}),
			finding.Fail, `did not start listening within 1s`, "\uFFFD\uFFFDgarbage\nIt was killed. In the editor no debug session starts"},
		{"bad address", base(&dlvSession{stage: dlvAtConnect, err: dlvLoopback("0.0.0.0:1234"), addr: "0.0.0.0:1234", res: killedRes, killed: true}),
			finding.Fail, `does not name a loopback address`, `0\.0\.0\.0:1234 is not a loopback address`},
		{"garbage on the connection", base(&dlvSession{stage: dlvAtDAP, res: killedRes, killed: true, err: &dap.StepError{Step: dap.StepInitialize, Err: &dap.ProtocolError{Err: errors.New(`header format is not "^Content-Length: ([0-9]+)$"`), Received: "HELLO\r\n"}}}),
			finding.Fail, `dlv does not speak the Debug Adapter Protocol`, `During initialize: the debug adapter does not speak DAP`},
		{"no answer", base(&dlvSession{stage: dlvAtDAP, res: killedRes, killed: true, err: &dap.StepError{Step: dap.StepInitialize, Err: fmt.Errorf("waiting: %w", context.DeadlineExceeded), Timeout: time.Second}}),
			finding.Fail, `dlv did not answer the initialize request within 1s`, `the debug session hangs`},
		{"no stop", base(&dlvSession{stage: dlvAtDAP, res: killedRes, killed: true, err: &dap.StepError{Step: dap.StepStop, Err: context.DeadlineExceeded, Timeout: 2 * time.Second}}),
			finding.Fail, `did not reach the breakpoint within 2s`, `breakpoints never hit`},
		{"dropped", base(&dlvSession{stage: dlvAtDAP, res: &host.Result{ExitCode: 7, Stderr: []byte("fatal: lost the target\n")}, exited: false,
			err: &dap.StepError{Step: dap.StepLaunch, Err: fmt.Errorf("closed: %w", io.EOF)}}),
			finding.Fail, `dlv exited with status 7 during the debug session \(at launch\)`, `fatal: lost the target`},
		{"still building", base(&dlvSession{stage: dlvAtDAP, res: killedRes, killed: true, building: true, output: "Building /c/dlv-probe-1\n",
			err: &dap.StepError{Step: dap.StepLaunch, Err: fmt.Errorf("waiting for the launch response: %w", context.DeadlineExceeded)}}),
			finding.Warn, `dlv was still building the scratch program when the check's time ran out`, `A cold build cache`},
		{"launch hangs after the build", base(&dlvSession{stage: dlvAtDAP, res: killedRes, killed: true,
			err: &dap.StepError{Step: dap.StepLaunch, Err: fmt.Errorf("waiting for the launch response: %w", context.DeadlineExceeded)}}),
			finding.Fail, `dlv built the scratch program but did not finish launching it in time`, `the debug session hangs`},
		{"ran through", base(&dlvSession{stage: dlvAtDAP, res: &host.Result{}, err: &dap.StepError{Step: dap.StepStop, Err: &dap.NotStoppedError{Event: "exited"}}}),
			finding.Fail, `without stopping at the breakpoint`, `exited with status 0 without stopping`},
		{"stripped", base(&dlvSession{stage: dlvAtDAP, res: &host.Result{}, env: []string{"GOFLAGS=-ldflags=-w (go.toolsEnvVars, /s.json:2)"},
			err: &dap.StepError{Step: dap.StepBreakpoint, Err: errors.New("the breakpoint at main.go:12 was not set: could not find file /p/main.go, binary is stripped")}}),
			finding.Fail, `go\.toolsEnvVars strips debug information`, `GOFLAGS=-ldflags=-w \(go\.toolsEnvVars`},
		{"scratch", &dlvSession{stage: dlvAtScratch, err: errors.New("creating /c: read-only file system")},
			finding.Error, `could not write the scratch program`, `read-only`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd := dlvExplain(newTestFacts(linuxHost("1", statusRoot, false)), tc.s)
			checkFinding(t, fd, tc.status, tc.title, tc.more, "")
		})
	}
}

func TestDlvOKFinding(t *testing.T) {
	s := &dlvSession{dlv: "/x/dlv", cmd: host.Cmd{Path: "/x/dlv", Args: []string{"dap", "--listen=127.0.0.1:0"}}, stage: dlvAtDone, line: 12,
		file: "/p/main.go", dir: "/p", addr: "127.0.0.1:1", res: &host.Result{}, exited: true, disconnected: true,
		listened: 4 * time.Millisecond, stopped: 1234 * time.Millisecond,
		stop: &dap.Stop{Value: "42", Type: "int", Launched: 1200 * time.Millisecond, Ran: 5 * time.Millisecond}}
	s.stop.Frame.Line, s.stop.Frame.Name = 12, "main.main"
	fd := dlvOK(newTestFacts(linuxHost("1", statusRoot, false)), s)
	checkFinding(t, fd, finding.OK, `^dlv stopped at the breakpoint and read x = 42 in 1\.2 s$`, `built and launched the program in 1200 ms`, "")
	if len(fd.Evidence) != 2 || !strings.Contains(fd.Evidence[1].Output, "variables: x = 42 (int)") {
		t.Errorf("evidence: %+v", fd.Evidence)
	}
	s.stop.Value = "17"
	checkFinding(t, dlvOK(newTestFacts(linuxHost("1", statusRoot, false)), s), finding.Fail, `reads x = 17, not 42`, "", "")
}

func TestDlvKillCmd(t *testing.T) {
	if got := dlvKillCmd("linux", 4242).String(); got != `/bin/sh -c 'kill -KILL -- -"$1" 2>/dev/null; kill -KILL "$1" 2>/dev/null; exit 0' sh 4242` {
		t.Errorf("unix: %s", got)
	}
	if got := dlvKillCmd("windows", 4242).String(); got != "taskkill /F /T /PID 4242" {
		t.Errorf("windows: %s", got)
	}
}

func TestDlvScratchLine(t *testing.T) {
	lines := strings.Split(dlvScratchSource, "\n")
	if l := lines[dlvScratchLine()-1]; !strings.Contains(l, "use("+dlvScratchVar+")") {
		t.Errorf("the breakpoint's line is %q", l)
	}
}

func TestDlvLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:4": true, "[::1]:4": true, "127.9.9.9:1": true, "0.0.0.0:4": false, "10.0.0.1:4": false, "localhost:4": false, "junk": false} {
		if err := dlvLoopback(addr); (err == nil) != ok {
			t.Errorf("dlvLoopback(%q) = %v", addr, err)
		}
	}
}

func TestDlvStdoutWatch(t *testing.T) {
	r, w := io.Pipe()
	watch := newDlvStdoutWatch(r)
	go func() {
		fmt.Fprintf(w, "%s\nnoise\n%s127.0.0.1:5555\nmore\n", strings.Repeat("x", 10000), dlvListenPrefix)
		w.Close()
	}()
	select {
	case addr := <-watch.ready:
		if addr != "127.0.0.1:5555" {
			t.Errorf("addr %q", addr)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no address")
	}
	<-watch.done
	if !strings.HasSuffix(watch.text(), "more\n") {
		t.Errorf("kept %q", watch.text()[len(watch.text())-20:])
	}
}

func TestDlvHasFlag(t *testing.T) {
	for flags, want := range map[string]bool{
		"-trimpath":            true,
		"-mod=mod --trimpath":  true,
		"-trimpath=true":       true,
		"-trimpath=false":      false,
		"-ldflags=-trimpath":   false,
		"-gcflags=-trimpath=x": false,
		"":                     false,
	} {
		if got := dlvHasFlag(flags, "trimpath"); got != want {
			t.Errorf("dlvHasFlag(%q) = %v", flags, got)
		}
	}
}
