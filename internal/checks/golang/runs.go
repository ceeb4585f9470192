package golang

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
)

// runs checks the run's one `go env -json`. Settings that make every go command fail (a bad
// GOROOT, GOPATH, GO111MODULE or GOTOOLCHAIN) have checks of their own, which decide from where
// the values are set; when the go command's message names one of them, the failure is blamed on
// that check (reported there, once). What is left is explained from the go command's own words.
func runs(_ context.Context, f *facts.Facts) finding.Finding {
	env := f.GoEnv()
	ev := []finding.Evidence{doctor.Ran(env.Result)}
	if env.OK() {
		return builds(f, ev)
	}
	goBin, _ := f.GoBin()
	fd := finding.Finding{Status: finding.Fail, Evidence: ev}
	res := env.Result
	out := res.Output()
	// The explanation below stands when the check a message names did not fail (a toolchain
	// switch forced by GOTOOLCHAIN=go1.X itself, say); when it did, the runner reports this finding
	// as blocked by it, keeping this detail.
	cs := gocmd.Parse(out)
	fd.BlockedBy = causeOf(cs)
	if fd.BlockedBy == "" && len(goenv.EnvCmdFlags(f.Value("GOFLAGS").Value)) > 0 {
		// GOFLAGS's -w, -u or -changed changes go env itself ("go: cannot use -json with -w").
		fd.BlockedBy = "env.goflags"
	}
	download, downloadFailed := cs.First(gocmd.ToolchainDownload)
	wrapper, notDownloaded := cs.First(gocmd.ToolchainNotDownloaded)
	invalid, invalidForced := cs.First(gocmd.InvalidToolchain)
	invalidForced = invalidForced && invalid.Path == "" && forcedBy(f, invalid.Toolchain)
	switch {
	case res.TimedOut:
		fd.Title = "go env did not finish"
		fd.Detail = fmt.Sprintf("%s ran for %s without finishing and was killed. gopls and the editor run go commands like it and will hang the same way: "+
			"a GOROOT or GOPATH on an unreachable network share, a shim that waits for input, or a go.mod toolchain download stuck on the network are the usual causes.", res.Cmd.String(), res.Cmd.Timeout)
		fd.Fix = &finding.Fix{Summary: "Run the command yourself to see where it stops; if it is only slow, give gomedic more time with --timeout.", Commands: []string{res.Cmd.String()}}
	case res.Err != nil && !res.TimedOut && res.ExitCode == -1 && res.Signal == "":
		fd.Title = "the go command cannot be started"
		fd.Detail = fmt.Sprintf("Running %s failed: %v. %s", goBin, res.Err, execHint(res.Err.Error()))
		fd.Fix = reinstallFix(f)
	case downloadFailed && forcedBy(f, download.Toolchain):
		fd.Title = fmt.Sprintf("GOTOOLCHAIN makes the go command switch to %s, and it cannot get it", download.Toolchain)
		fd.Detail = fmt.Sprintf("GOTOOLCHAIN=%s, not the workspace, asks for %s, and the switch failed:\n%s\nEvery go command fails the same way.", f.Value("GOTOOLCHAIN").Value, download.Toolchain, out)
		fd.BlockedBy = "env.gotoolchain" // which says where it is set and how to remove it
		fd.Fix = toolchainAutoFix(f)
	case invalidForced:
		fd.Title = fmt.Sprintf("GOTOOLCHAIN makes the go command switch to %s, a language version, not a toolchain", invalid.Toolchain)
		fd.Detail = fmt.Sprintf("GOTOOLCHAIN=%s, not the workspace, asks for %s, and no toolchain has that name (its releases are %s.0, %s.1, ...):\n%s\nEvery go command fails the same way.",
			f.Value("GOTOOLCHAIN").Value, invalid.Toolchain, invalid.Toolchain, invalid.Toolchain, out)
		fd.BlockedBy = "env.gotoolchain"
		fd.Fix = toolchainAutoFix(f)
	case downloadFailed:
		fd.Title = fmt.Sprintf("the workspace needs %s and the go command cannot get it", download.Toolchain)
		gomodHint := "The go.mod or go.work of " + f.Dir
		fd.Detail = fmt.Sprintf("%s asks for %s (its go or toolchain line), so the go command tries to switch to that toolchain, and that failed:\n%s\n"+
			"Every go command in this workspace fails the same way, so gopls cannot load it and the editor shows errors on every import.", gomodHint, download.Toolchain, out)
		fd.Fix = &finding.Fix{
			Summary:  "Either install that release, or lower the go/toolchain line to a release you have, or allow the download (a reachable GOPROXY and GOTOOLCHAIN=auto).",
			Commands: []string{"go get go@" + strings.TrimPrefix(f.GoVar("GOVERSION"), "go") + "   # run with your own go, to lower the go line", "go env -w GOTOOLCHAIN=auto"},
			Docs:     advice.DocsToolchain,
		}
	case notDownloaded:
		// GOTOOLCHAIN names the release itself (a workspace's go line is ws.go_directive's).
		fd.Title = fmt.Sprintf("the go command runs %s, a golang.org/dl wrapper whose Go was never downloaded", wrapper.Toolchain)
		fd.Detail = fmt.Sprintf("GOTOOLCHAIN makes the go command switch to %s, and it runs the %s it finds on PATH rather than downloading that release itself; the wrapper prints:\n%s\nso every go command fails.", wrapper.Toolchain, wrapper.Toolchain, out)
		fd.Fix = &finding.Fix{Summary: fmt.Sprintf("Download the release into %s (needs the network), or remove the wrapper from PATH so that the go command downloads %s through GOPROXY.", wrapper.Path, wrapper.Toolchain),
			Commands: []string{wrapper.Toolchain + " download"}, Docs: advice.DocsToolchain}
	case cs.Has(gocmd.TooNew, gocmd.WorkTooOld, gocmd.Switching):
		fd.Title = "the workspace needs a newer Go than the one installed"
		fd.Detail = fmt.Sprintf("%s\nGOTOOLCHAIN forbids switching to a newer toolchain, so every go command in %s fails; gopls shows the same error.", out, f.Dir)
		fd.Fix = &finding.Fix{Summary: "Install the Go release the workspace needs, or let the go command fetch it.", Commands: []string{"go env -w GOTOOLCHAIN=auto"}, Docs: advice.DocsToolchain}
	case res.Signal != "":
		fd.Title = "the go command crashed"
		fd.Detail = fmt.Sprintf("%s was killed by signal %s:\n%s", res.Cmd.String(), res.Signal, out)
		fd.Fix = reinstallFix(f)
	default:
		fd.Title = "go env fails"
		msg := out
		if env.Err != nil && res.OK() {
			msg = env.Err.Error()
		}
		fd.Detail = fmt.Sprintf("%s\ngopls and the editor's tool installer run the go command the same way and fail with this message.", msg)
		fd.Fix = &finding.Fix{Summary: "Run the command yourself and fix what it reports.", Commands: []string{res.Cmd.String()}, Docs: advice.DocsGoEnv}
	}
	return fd
}

// causes maps the go command's complaints about a setting to the check that judges the setting.
var causes = []struct {
	kind  gocmd.Kind
	check string
	// workspace, when set, limits the kind to messages about a go.mod or go.work (its Path).
	workspace bool
}{
	{gocmd.GOROOTNotFound, "go.goroot", false},
	{gocmd.GOPATHInvalid, "env.gopath", false},
	{gocmd.GO111MODULEInvalid, "env.go111module", false},
	{gocmd.InvalidGOTOOLCHAIN, "env.gotoolchain", false},
	{gocmd.BuildCache, "env.caches", false},
	// What only a build shows (BuildProbe): its work directory, its target, its standard library.
	{gocmd.WorkDir, "env.gotmpdir", false},
	{gocmd.UnsupportedTarget, "env.target", false},
	{gocmd.InvalidISA, "env.target", false},
	{gocmd.CompilerMismatch, "go.goroot", false},
	{gocmd.MissingTool, "go.goroot", false},
	{gocmd.GOFLAGSInvalid, "env.goflags", false},
	// "go: invalid GOWORK: not an absolute path": go env too fails for a relative GOWORK.
	{gocmd.GOWORKInvalid, "ws.gowork", false},
	{gocmd.ModFlagInvalid, "env.goflags", false},
	{gocmd.NotInStd, "go.goroot", false},
	// The toolchain switch a go.mod or go.work asks for (its go or toolchain line) failing.
	{gocmd.ToolchainDownload, "ws.go_directive", false},
	{gocmd.ToolchainNotInPath, "ws.go_directive", false},
	{gocmd.ToolchainNotDownloaded, "ws.go_directive", false},
	{gocmd.InvalidToolchain, "ws.go_directive", true},
	{gocmd.TooNew, "ws.go_directive", true},
}

func causeOf(cs gocmd.Causes) string {
	for _, c := range causes {
		for _, m := range cs.All(c.kind) {
			if !c.workspace || isWorkspaceFile(m.Path) {
				return c.check
			}
		}
	}
	return ""
}

// forcedBy reports whether GOTOOLCHAIN itself names the release toolchain ("go1.99.0",
// "go1.99.0+auto"), so that a failed switch to it is GOTOOLCHAIN's doing, not a go line's.
func forcedBy(f *facts.Facts, toolchain string) bool {
	min, _, _ := strings.Cut(strings.TrimSpace(f.Value("GOTOOLCHAIN").Value), "+")
	return min == toolchain
}

// toolchainAutoFix sets GOTOOLCHAIN=auto where it is set; go env -w GOTOOLCHAIN=... is the one
// go env the installed go runs without switching first.
func toolchainAutoFix(f *facts.Facts) *finding.Fix {
	fix := advice.Set(f, "GOTOOLCHAIN", "auto", " so the go command runs the Go installed here and switches only when a module needs a newer one")
	fix.Docs = advice.DocsToolchain
	return fix
}

// isWorkspaceFile reports whether path names a go.mod or go.work file.
func isWorkspaceFile(path string) bool {
	return strings.HasSuffix(path, "go.mod") || strings.HasSuffix(path, "go.work")
}

// execHint explains an exec error in the user's words.
func execHint(msg string) string {
	switch {
	case strings.Contains(msg, "exec format error"):
		return "The file is not a program for this machine: a go built for another OS or architecture, or a truncated download."
	case strings.Contains(msg, "permission denied"):
		return "The file is not executable, or a directory on its path cannot be entered."
	case strings.Contains(msg, "no such file or directory"):
		return "The file exists but its interpreter or loader does not (a script whose #! line names a missing program, or a binary for another libc)."
	}
	return ""
}

func reinstallFix(f *facts.Facts) *finding.Fix {
	return &finding.Fix{Summary: "Reinstall Go from the official archive for this machine (" + f.Host.OS() + "/" + f.Host.Arch() + ").", Docs: advice.DocsInstall,
		Commands: []string{"# download the " + f.Host.OS() + "-" + f.Host.Arch() + " archive from https://go.dev/dl/"}}
}

// builds judges the build probe of a go command whose go env ran: go env and go list -m need no
// compiler, work directory or build target, so only a build proves the go command can do what
// the editor asks of it. A failure is blamed, like go env's, on the check that judges its cause.
func builds(f *facts.Facts, ev []finding.Evidence) finding.Finding {
	envMS := f.GoEnv().Result.Duration.Milliseconds()
	res := f.BuildProbe()
	if res == nil {
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("go env runs (%d ms)", envMS), Evidence: ev,
			Detail: "gomedic had no directory of its own to try a build in."}
	}
	ev = append(ev, doctor.Ran(res))
	switch {
	case res.OK():
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("go env runs (%d ms) and the go command builds (%d ms)", envMS, res.Duration.Milliseconds()), Evidence: ev}
	case res.TimedOut:
		return finding.Finding{Status: finding.Info, Title: "go env runs; a build of a one-file package did not finish in time", Evidence: ev,
			Detail: fmt.Sprintf("%s in %s ran for %s and was killed: a first build for a new target compiles the standard library, which can take longer. Run it again with a longer --timeout to be sure the go command builds.", res.Cmd.String(), res.Cmd.Dir, res.Cmd.Timeout)}
	}
	out := strings.TrimSpace(res.Output())
	cs := gocmd.Parse(out)
	return finding.Finding{
		Status: finding.Fail,
		Title:  "go env runs, but the go command cannot build",
		Detail: fmt.Sprintf("Building a one-file package of gomedic's own (%s, which imports nothing) fails:\n%s\n"+
			"go env and go list -m need no compiler, so they still work; every build, test, run, tool install and gopls package load fails like this.", res.Cmd.Dir, out),
		Evidence:  ev,
		BlockedBy: causeOf(cs),
		Fix:       &finding.Fix{Summary: "Run the build yourself in that directory and fix what it reports; if the message names nothing you set, reinstall Go.", Commands: []string{"cd " + f.Shell().Quote(res.Cmd.Dir) + " && go build ."}, Docs: advice.DocsInstall},
	}
}
