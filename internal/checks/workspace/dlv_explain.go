package workspace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/dap"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/toolset"
)

// What VS Code shows when a debug session fails at each point, as the Go extension words it.
const (
	// dlvNotStartedSymptom: the extension waits 30 s for "DAP server listening at:" and gives up
	// (spawnDlvDapServerProcess in src/goDebugFactory.ts).
	dlvNotStartedSymptom = "In the editor no debug session starts: VS Code waits 30 s and shows \"Couldn't start dlv dap: Error: timed out while waiting for DAP server to start\"; dlv's own messages are in the DEBUG CONSOLE."
	// dlvLaunchSymptom: dlv refuses the launch request, and VS Code shows its message.
	dlvLaunchSymptom = "Every debug session in the editor fails the same way: VS Code shows \"Failed to launch: ...\" with this message, and the program never runs."
)

// dlvExplain is the finding of a session that did not stop at the breakpoint: what failed, why in
// the user's terms, and what to do.
func dlvExplain(f *facts.Facts, s *dlvSession) finding.Finding {
	fd := dlvFailure(f, s)
	fd.Evidence = append(dlvEvidence(s), fd.Evidence...)
	if s.leftover != 0 {
		fd.Detail += fmt.Sprintf(" dlv left the debugged program (pid %d) running; gomedic killed it.", s.leftover)
	}
	return fd
}

// dlvFailure says what went wrong, by how far the session got.
func dlvFailure(f *facts.Facts, s *dlvSession) finding.Finding {
	printed := dlvPrinted(s)
	if errors.Is(s.err, context.Canceled) {
		return finding.Finding{Status: finding.Error, Title: "the debug session was interrupted", Detail: fmt.Sprint(s.err)}
	}
	switch s.stage {
	case dlvAtScratch:
		return finding.Finding{Status: finding.Error, Title: "could not write the scratch program to debug", Detail: s.err.Error()}
	case dlvAtStart:
		return dlvFail(fmt.Sprintf("dlv cannot be started: %v", s.err),
			fmt.Sprintf("Starting %s fails: %v. %s", s.dlv, s.err, dlvNotStartedSymptom), dlvReinstall(f))
	case dlvAtListen:
		return dlvNotListening(f, s, printed)
	case dlvAtConnect:
		if errors.Is(s.err, errDlvBadAddr) {
			return dlvFail("dlv dap does not name a loopback address to connect to",
				fmt.Sprintf("%v. `dlv dap --listen=127.0.0.1:0` says where it listens on a line \"%s127.0.0.1:PORT\"; this one printed:\n%s\n%s",
					s.err, dlvListenPrefix, printed, dlvNotStartedSymptom), dlvReinstall(f))
		}
		return dlvFail(fmt.Sprintf("cannot connect to dlv at %s", s.addr),
			fmt.Sprintf("dlv said it listens at %s, but connecting there fails: %v. The editor connects the same way and fails with \"connection timeout\" or \"connect ECONNREFUSED\". "+
				"A firewall or security program that blocks loopback connections is the usual cause.", s.addr, s.err), nil)
	}
	se := dlvStepError(s.err)
	if se == nil {
		return dlvFail("the debug session failed", fmt.Sprint(s.err), nil)
	}
	return dlvStepFailure(f, s, se, printed)
}

func dlvFail(title, detail string, fix *finding.Fix) finding.Finding {
	return finding.Finding{Status: finding.Fail, Title: title, Detail: detail, Fix: fix}
}

// dlvNotListening explains a dlv that exited, or stayed silent, before it said where it listens.
func dlvNotListening(f *facts.Facts, s *dlvSession, printed string) finding.Finding {
	out := dlvOutput(s)
	if errors.Is(s.err, errDlvExited) {
		switch {
		case strings.Contains(out, `unknown command "dap"`):
			return dlvFail("this dlv is too old to debug for VS Code: it has no dap command",
				fmt.Sprintf("%s answers `dlv dap` with:\n%s\nThe Go extension debugs through `dlv dap`, which Delve has had since v1.4.1 (2020). %s", s.dlv, printed, dlvNotStartedSymptom),
				dlvUpdate(f, "Install a current dlv."))
		case dlvCrash(out, s) != "":
			return dlvFail(fmt.Sprintf("dlv dap crashes as it starts (%s)", dlvCrash(out, s)),
				fmt.Sprintf("`%s` %s before it listened:\n%s\n%s", s.cmd.String(), dlvEnded(s), printed, dlvNotStartedSymptom), dlvReinstall(f))
		}
		return dlvFail(fmt.Sprintf("dlv dap %s before it listened", dlvEnded(s)),
			fmt.Sprintf("`%s` should print \"%s127.0.0.1:PORT\" and wait for the editor; it %s, printing:\n%s\n%s", s.cmd.String(), dlvListenPrefix, dlvEnded(s), printed, dlvNotStartedSymptom),
			dlvReinstall(f))
	}
	if errors.Is(s.err, errDlvNoListen) {
		return dlvFail(fmt.Sprintf("dlv dap did not start listening within %s", s.wait),
			fmt.Sprintf("`%s` should print \"%s127.0.0.1:PORT\" at once and wait for the editor; within %s it printed:\n%s\nIt was killed. %s",
				s.cmd.String(), dlvListenPrefix, s.wait, printed, dlvNotStartedSymptom), dlvReinstall(f))
	}
	return finding.Finding{Status: finding.Error, Title: "the debug session was interrupted", Detail: fmt.Sprint(s.err)}
}

// dlvStepFailure explains a failure during the DAP exchange.
func dlvStepFailure(f *facts.Facts, s *dlvSession, se *dap.StepError, printed string) finding.Finding {
	var pe *dap.ProtocolError
	var re *dap.ResponseError
	var ns *dap.NotStoppedError
	switch {
	case errors.As(se.Err, &pe):
		return dlvFail("dlv does not speak the Debug Adapter Protocol",
			fmt.Sprintf("During %s: %v. dlv itself printed:\n%s\nThe editor cannot talk to it either: the debug session ends at once or never starts.", se.Step, pe, printed),
			dlvReinstall(f))
	case errors.Is(se.Err, context.DeadlineExceeded):
		return dlvTimedOut(f, s, se, printed)
	case errors.As(se.Err, &re) && se.Step == dap.StepLaunch:
		return dlvLaunchFailure(f, s, re)
	case errors.As(se.Err, &re):
		return dlvFail(fmt.Sprintf("dlv refuses the %s request: %s", se.Step, text.FirstLine(re.Text())),
			fmt.Sprintf("dlv answered %s with %q. The editor sends the same request in every debug session and shows this error.", se.Step, re.Text()), dlvReinstall(f))
	case errors.As(se.Err, &ns):
		return dlvNotStopped(f, s, ns)
	case se.Step == dap.StepBreakpoint:
		return dlvBreakpointFailure(f, s, se.Err)
	case errors.Is(se.Err, io.EOF) || s.res != nil && !s.killedByUs():
		return dlvFail(fmt.Sprintf("dlv %s during the debug session (at %s)", dlvEnded(s), se.Step),
			fmt.Sprintf("The connection ended while waiting for %s: %v. dlv printed:\n%s\nIn the editor the debug session ends as suddenly.", se.Step, se.Err, printed),
			dlvReinstall(f))
	}
	return dlvFail(fmt.Sprintf("the debug session failed at %s", se.Step), fmt.Sprintf("%v. dlv printed:\n%s", se.Err, printed), nil)
}

// dlvTimedOut explains a step dlv did not finish in time.
func dlvTimedOut(f *facts.Facts, s *dlvSession, se *dap.StepError, printed string) finding.Finding {
	wait := se.Timeout
	if wait == 0 {
		wait = s.wait
	}
	if se.Step == dap.StepStop {
		return dlvFail(fmt.Sprintf("the scratch program did not reach the breakpoint within %s", wait),
			fmt.Sprintf("dlv launched the program and accepted the breakpoint at main.go:%d, but no stop came within %s of configurationDone, for a program that reaches that line at once. "+
				"In the editor the program seems to run but breakpoints never hit. dlv printed:\n%s", s.line, wait, printed), dlvReinstall(f))
	}
	if se.Step == dap.StepLaunch && s.building {
		// Slowness, not a failure: the go command was still compiling, as ws.gopls judges a
		// load that does not finish in time.
		return finding.Finding{Status: finding.Warn, Title: "dlv was still building the scratch program when the check's time ran out",
			Detail: fmt.Sprintf("dlv builds the program (go build -gcflags all=-N -l) and starts it when the editor sends launch; the check's time ran out before that build had written %s, with no error from dlv. "+
				"A cold build cache (a new GOCACHE, a fresh HOME) or a loaded machine makes the first build slow: dlv compiles the runtime and the standard library packages the program needs without optimizations, once; "+
				"the editor waits for that build the same way, the first time. dlv printed:\n%s", dlvOutputName, printed),
			Fix: &finding.Fix{Summary: "Run the check again (the build cache is warm then), or give it longer: `gomedic check --deep --only ws.dlv --timeout 60s`."}}
	}
	if se.Step == dap.StepLaunch {
		return dlvFail("dlv built the scratch program but did not finish launching it in time",
			fmt.Sprintf("dlv builds the program (go build -gcflags all=-N -l) and starts it when the editor sends launch; it had built %s, but starting it under the debugger did not finish before the check's time ran out. "+
				"In the editor the debug session hangs the same way after \"Building\". dlv printed:\n%s", dlvOutputName, printed), nil)
	}
	return dlvFail(fmt.Sprintf("dlv did not answer the %s request within %s", se.Step, wait),
		fmt.Sprintf("dlv accepted the connection but did not answer %s within %s. The editor waits on it the same way: the debug session hangs. dlv printed:\n%s", se.Step, wait, printed),
		dlvReinstall(f))
}

// dlvNotStopped explains a program that ran past the breakpoint.
func dlvNotStopped(f *facts.Facts, s *dlvSession, ns *dap.NotStoppedError) finding.Finding {
	why := "Breakpoints are ignored in the editor too: programs run to the end under the debugger."
	if v := f.Value("GOFLAGS"); dlvHasFlag(v.Value, "trimpath") {
		why += fmt.Sprintf(" GOFLAGS=%s (from %s) has -trimpath, which replaces source paths in the debug information, so dlv cannot match breakpoints to files.", v.Value, v.Where())
	}
	return dlvFail("dlv ran the scratch program without stopping at the breakpoint",
		fmt.Sprintf("dlv accepted a breakpoint at main.go:%d, a line the program runs, but %v. %s", s.line, ns, why), nil)
}

// dlvBreakpointFailure explains a breakpoint dlv could not set.
func dlvBreakpointFailure(f *facts.Facts, s *dlvSession, err error) finding.Finding {
	msg := err.Error()
	if strings.Contains(msg, "stripped") || strings.Contains(msg, "could not find file") {
		if v := f.Value("GOFLAGS"); dlvStripsDebugInfo(v.Value) {
			return dlvFail("GOFLAGS strips debug information, so dlv cannot set breakpoints",
				fmt.Sprintf("GOFLAGS=%s (from %s) links every program without its DWARF debug information (-ldflags -w or -s), the programs dlv builds to debug too. dlv said: %s. "+
					"In the editor every breakpoint stays grey (unverified) and the program runs to the end.", v.Value, v.Where(), msg),
				advice.Unset(f, v, ", or drop -s and -w from its -ldflags"))
		}
		if v := f.Value("GOFLAGS"); strings.Contains(msg, "could not find file") && dlvHasFlag(v.Value, "trimpath") {
			return dlvFail("GOFLAGS=-trimpath hides the source files from dlv, so it cannot set breakpoints",
				fmt.Sprintf("GOFLAGS=%s (from %s) builds every program with -trimpath, the programs dlv builds to debug too: their debug information names files by module path, "+
					"not by where they are on disk, and dlv cannot match the editor's breakpoints to them. dlv said: %s. In the editor every breakpoint stays grey (unverified) and never hits.", v.Value, v.Where(), msg),
				advice.Unset(f, v, ", or drop -trimpath from it (or map the paths back with \"substitutePath\" in launch.json)"))
		}
		if note := dlvEnvNote(s, "GOFLAGS"); note != "" {
			return dlvFail("go.toolsEnvVars strips debug information, so dlv cannot set breakpoints",
				fmt.Sprintf("The editor's settings set %s for dlv's builds; with -ldflags -w or -s the program dlv builds has no DWARF debug information. dlv said: %s. "+
					"In the editor every breakpoint stays grey (unverified).", note, msg),
				&finding.Fix{Summary: "Remove -s and -w from the -ldflags of GOFLAGS in go.toolsEnvVars."})
		}
	}
	return dlvFail("dlv cannot set a breakpoint in the scratch program",
		fmt.Sprintf("dlv built and launched the program but answered setBreakpoints at main.go:%d with: %s. In the editor breakpoints stay grey (unverified) and never hit.", s.line, msg), nil)
}

// dlvStripsDebugInfo reports whether GOFLAGS passes -s or -w to the linker.
func dlvStripsDebugInfo(goflags string) bool {
	for _, fl := range strings.Fields(goflags) {
		if v, ok := strings.CutPrefix(strings.TrimLeft(fl, "-"), "ldflags="); ok {
			for _, l := range strings.FieldsFunc(strings.Trim(v, `'"`), func(r rune) bool { return r == ' ' || r == ',' }) {
				if l == "-s" || l == "-w" {
					return true
				}
			}
		}
	}
	return false
}

// dlvHasFlag reports whether GOFLAGS holds the boolean flag name (-name, --name, -name=true).
func dlvHasFlag(goflags, name string) bool {
	for _, fl := range strings.Fields(goflags) {
		fl = strings.TrimLeft(fl, "-")
		if fl == name || fl == name+"=true" {
			return true
		}
	}
	return false
}

// dlvEnvNote is how the editor's settings set name for dlv, or "".
func dlvEnvNote(s *dlvSession, name string) string {
	for _, n := range s.env {
		if strings.HasPrefix(n, name+"=") {
			return n
		}
	}
	return ""
}

// dlvLaunchFailure explains dlv's refusal of the launch request: it could not build the program,
// start it, or trace it.
func dlvLaunchFailure(f *facts.Facts, s *dlvSession, re *dap.ResponseError) finding.Finding {
	said := re.Text()
	if strings.Contains(said, "Build error") || strings.Contains(s.output, "Build Error:") {
		return dlvBuildFailure(f, s, said)
	}
	switch {
	case strings.Contains(said, "is too old for this version of Delve"):
		fd := dlvFail(fmt.Sprintf("this dlv does not debug programs built by %s", dlvOrGo(dlvBuilderGo(f, s))),
			fmt.Sprintf("dlv said: %s. The Go that builds programs here, %s, is older than the oldest Go this dlv supports. %s", said, dlvBuilderHow(s), dlvLaunchSymptom),
			&finding.Fix{Summary: "Upgrade Go to a release this dlv supports (see go.version), or install an older dlv release that supports your Go (ws.dlv_go names it).",
				Docs: advice.DocsInstall})
		fd.BlockedBy = "ws.dlv_go" // it decides the same from the versions, and names the release
		return fd
	case strings.Contains(said, "Version of Delve is too old"):
		fd := dlvFail("this dlv is too old for the Go that builds the programs",
			fmt.Sprintf("dlv said: %s. %s", said, dlvLaunchSymptom), dlvUpdate(f, "Update dlv to a release that supports your Go."))
		fd.BlockedBy = "ws.dlv_go"
		return fd
	case strings.Contains(said, "DWARF") || strings.Contains(said, "dwarf"):
		fd := dlvFail("dlv cannot read the debug information of the programs Go builds now",
			fmt.Sprintf("dlv said: %s. The dlv binary was built with a Go too old to read the DWARF the go on PATH writes (see tools.dlv.built_with). %s", said, dlvLaunchSymptom),
			dlvUpdate(f, "Rebuild dlv with the Go you use now."))
		fd.BlockedBy = "tools.dlv.built_with"
		return fd
	case strings.Contains(said, "exec format error") || strings.Contains(said, "not an executable file") || strings.Contains(said, "bad CPU type"):
		return dlvForeignBuild(f, said)
	}
	if p := dlvPlatformReason(f, said+"\n"+s.output); p != nil {
		fd := dlvFail("dlv cannot debug here: "+p.cause, p.why+" "+dlvLaunchSymptom, p.fix)
		fd.Evidence = p.evidence
		return fd
	}
	if strings.Contains(said, "permission denied") {
		return dlvFail("dlv cannot run the programs it builds: permission denied",
			fmt.Sprintf("dlv said: %s. It built the program into %s, and the system refuses to run it there: a file system mounted noexec or a security policy. "+
				"The editor builds into the workspace folder instead, where the same rule may apply. %s", said, s.dir, dlvLaunchSymptom), nil)
	}
	return dlvFail(fmt.Sprintf("dlv cannot launch a program: %s", text.FirstLine(said)),
		fmt.Sprintf("dlv answered the launch request with: %s. %s", said, dlvLaunchSymptom), nil)
}

// dlvBuildErrorLine is the line dlv prints before the go command's errors.
var dlvBuildErrorLine = regexp.MustCompile(`(?m)^Build Error: .*$`)

// dlvExitStatus is what dlv appends to the go command's last line.
var dlvExitStatus = regexp.MustCompile(` \(exit status \d+\)$`)

// dlvBuildFailure explains a scratch program dlv could not build: the go command fails, and the
// check that names the cause is blamed.
func dlvBuildFailure(f *facts.Facts, s *dlvSession, said string) finding.Finding {
	msg := s.output
	if loc := dlvBuildErrorLine.FindStringIndex(msg); loc != nil {
		msg = msg[loc[1]:]
	}
	msg = strings.TrimSpace(msg)
	if msg == "" {
		msg = said
	}
	fd := dlvFail(fmt.Sprintf("dlv cannot build a program to debug: %s", dlvExitStatus.ReplaceAllString(text.FirstLine(msg), "")),
		fmt.Sprintf("dlv builds the program it debugs with `go build -gcflags all=-N -l`; for a one-file program without dependencies the go command failed:\n%s\n"+
			"Every debug session fails the same way: VS Code shows \"Failed to launch: Build error: Check the debug console for details.\"", msg), nil)
	fd.BlockedBy = dlvBuildCause(dlvExitStatus.ReplaceAllString(msg, ""))
	return fd
}

// dlvBuildCause names the check that explains a failed build of the scratch program: out is the
// go command's output as dlv relays it (without the " (exit status N)" dlv appends), read by
// gocmd. The scratch program imports nothing, so cgo fails only where runtime/cgo is built.
func dlvBuildCause(out string) string {
	cs := gocmd.Parse(out)
	switch {
	case cs.Has(gocmd.BuildCache):
		return "env.caches"
	case cs.Has(gocmd.GOFLAGSInvalid):
		return "env.goflags"
	case cs.Has(gocmd.NoCCompiler, gocmd.NeedsCgo) || slices.ContainsFunc(cs.All(gocmd.BuildHeader), builtCgo):
		return "env.cgo"
	case cs.Has(gocmd.TooNew, gocmd.ToolchainSwitch, gocmd.ToolchainDownload, gocmd.ToolchainNotInPath, gocmd.ToolchainNotDownloaded):
		// The scratch module has the folder's go and toolchain lines: the toolchain they select.
		return "ws.go_directive"
	}
	return "go.runs"
}

// builtCgo reports whether a "# pkg" header is runtime/cgo's: the C side of the runtime failed.
func builtCgo(c gocmd.Cause) bool { return c.Package == "runtime/cgo" }

// dlvForeignBuild explains a program built for another system: GOOS or GOARCH set.
func dlvForeignBuild(f *facts.Facts, said string) finding.Finding {
	goos, goarch := f.GoVar("GOOS"), f.GoVar("GOARCH")
	target := goos + "/" + goarch
	machine := f.Host.OS() + "/" + f.Host.Arch()
	detail := fmt.Sprintf("dlv said: %s. The go command builds for %s, and this is a %s machine: dlv builds the program it debugs with the go command, so it cannot run it. %s",
		said, target, machine, dlvLaunchSymptom)
	var fix *finding.Fix
	for _, name := range []string{"GOOS", "GOARCH"} {
		if v := f.Value(name); v.Value != "" && v.Source != goenv.FromDefault && (name == "GOOS" && goos != f.Host.OS() || name == "GOARCH" && goarch != f.Host.Arch()) {
			detail += fmt.Sprintf(" %s=%s comes from %s.", name, v.Value, v.Where())
			if fix == nil {
				fix = advice.Unset(f, v, " so that the go command builds for this machine")
			}
		}
	}
	return dlvFail(fmt.Sprintf("dlv cannot run what it builds: the go command builds for %s", target), detail, fix)
}

// dlvPrinted is what dlv printed on stdout and stderr, or "(nothing)".
func dlvPrinted(s *dlvSession) string {
	out := strings.TrimSpace(dlvOutput(s))
	if out == "" {
		return "(nothing)"
	}
	return text.ClipNote(text.FirstLines(text.Printable(out), 12), 1500)
}

func dlvOutput(s *dlvSession) string {
	out := s.stdout
	if s.res != nil && len(s.res.Stderr) > 0 {
		out = strings.TrimSpace(out) + "\n" + string(s.res.Stderr)
	}
	return out
}

// dlvEnded says how dlv ended by itself: "exited with status 1", "was killed by signal ...".
func dlvEnded(s *dlvSession) string {
	switch {
	case s.res == nil:
		return "stopped"
	case s.res.Signal != "" && !s.killedByUs():
		return "was killed by signal " + s.res.Signal
	case s.res.Err == nil:
		return fmt.Sprintf("exited with status %d", s.res.ExitCode)
	}
	return "stopped"
}

// dlvPanic finds a Go panic or fatal error in dlv's output.
var dlvPanic = regexp.MustCompile(`(?m)^(panic: |fatal error: |SIGSEGV|unexpected fault address)`)

// dlvCrash says in a few words how dlv crashed, or "".
func dlvCrash(out string, s *dlvSession) string {
	if m := dlvPanic.FindString(out); m != "" {
		return strings.TrimSuffix(strings.TrimSpace(m), ":")
	}
	if s.res != nil && s.res.Signal != "" && !s.killedByUs() {
		return "signal " + s.res.Signal
	}
	return ""
}

// dlvReinstall is the fix for a dlv that does not work: install it again.
func dlvReinstall(f *facts.Facts) *finding.Fix {
	return dlvUpdate(f, "Reinstall dlv with the go command.")
}

// dlvUpdate installs the latest dlv.
func dlvUpdate(f *facts.Facts, what string) *finding.Fix {
	t := toolset.Lookup("dlv")
	return &finding.Fix{
		Summary:  what + " gomedic verifies the build before it replaces anything; without gomedic: " + t.InstallCommand("latest") + ".",
		Commands: []string{"gomedic tools install dlv"},
		Docs:     dlvDocsDebugging,
		Auto:     true,
		Actions:  []finding.Action{{Kind: finding.GoInstall, Package: t.Package, Version: "latest"}},
	}
}

func dlvStepError(err error) *dap.StepError {
	var se *dap.StepError
	if errors.As(err, &se) {
		return se
	}
	return nil
}

func dlvOrGo(v string) string {
	if v == "" {
		return "the go on PATH"
	}
	return v
}

// dlvBuilderGo is the Go release that built the scratch program: the one the go command selects
// for the folder (its go and toolchain lines are the scratch module's), else the local go's.
func dlvBuilderGo(f *facts.Facts, s *dlvSession) string {
	if s.builder.version != "" {
		return "go" + s.builder.version
	}
	return f.GoVar("GOVERSION")
}

// dlvBuilderHow says how the go command came to run that Go.
func dlvBuilderHow(s *dlvSession) string {
	if s.builder.how != "" {
		return s.builder.how
	}
	return "the go on PATH"
}
