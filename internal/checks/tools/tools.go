// Package tools holds the checks of the `tools` layer: six per tool of the tool table
// (toolset.Tools) — where the editor finds it, whether it runs, whether it is built for this
// machine, with which Go, whether other copies shadow it, and whether a newer version exists.
package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/toolset"
)

// goproxyCheck is the net layer's check of GOPROXY. tools.T.latest needs it, so that an
// unreachable proxy is reported once, there, rather than once per tool.
const goproxyCheck = "net.goproxy"

// Checks returns the tools layer's checks: for each tool of the table, in this order, found,
// runs, arch, built_with, shadowed and latest.
func Checks() []*doctor.Check {
	var out []*doctor.Check
	for _, t := range toolset.Tools {
		out = append(out, toolChecks(t)...)
	}
	return out
}

// toolChecks are the six checks of one tool.
func toolChecks(t *toolset.Tool) []*doctor.Check {
	id := t.IDPrefix()
	found := id + "found"
	return []*doctor.Check{
		{ID: found, Layer: finding.LayerTools, Run: runFor(t, foundCheck), Needs: []string{"go.runs"}, Causes: []string{settingsPathsCheck},
			Repair: foundRepair(t), RepairNote: foundRepairNote(t),
			Looks: fmt.Sprintf("where the editor finds %s, in the Go extension's order: go.alternateTools, GOBIN, go.toolsGopath, each GOPATH/bin, GOROOT/bin, PATH", t.Name),
			Fails: foundFails(t)},
		{ID: id + "runs", Layer: finding.LayerTools, Run: runFor(t, blamed(runsCheck)), Needs: []string{found, id + "arch"},
			Repair: finding.RepairAuto, RepairNote: "go_install again, and the broken copy outside the tools directory removed (remove, with a backup); a program Windows refuses to run is manual (Smart App Control, an antivirus exclusion, a policy); a program go.alternateTools names is the user's: never moved, the fix is a settings_edit removing the entry, after a yes (runs, arch and built_with alike); a version it does not recognize, a reinstall after a yes",
			Looks: fmt.Sprintf("`%s %s`, run with the --timeout%s", t.Name, strings.Join(t.ProbeArgs(), " "), helpNote(t)),
			Fails: "F: exec error (wrong format, not executable, missing loader or interpreter), Windows refusing it (Smart App Control or App Control for Business, an antivirus, a group policy: by the error or the NTSTATUS exit before main), crash (signal, panic), non-zero exit, or no answer within the timeout. W: exit 0 without a version gomedic recognizes, for a tool with a version flag. Findings about a program a go.alternateTools entry names say so, with its file and line"},
		{ID: id + "arch", Layer: finding.LayerTools, Run: runFor(t, blamed(archCheck)), Needs: []string{found},
			Repair: finding.RepairAuto, RepairNote: "go_install, which builds it for this machine, and the foreign copy outside the tools directory removed",
			Looks: fmt.Sprintf("the OS/arch inside the %s binary (every slice of a universal Mach-O) against the machine's native OS/arch", t.Name),
			Fails: archFails(t)},
		{ID: id + "built_with", Layer: finding.LayerTools, Run: runFor(t, blamed(builtWithCheck)), Needs: []string{found},
			Repair: finding.RepairAuto, RepairNote: "go_install rebuilds it with the go on PATH; a confirmation when the build needs a newer Go the go command downloads (GOTOOLCHAIN)",
			Looks: fmt.Sprintf("the Go version in the %s binary's build info", t.Name),
			Fails: builtWithFails(t)},
		{ID: id + "shadowed", Layer: finding.LayerTools, Run: runFor(t, shadowedCheck), Needs: []string{found},
			Repair: finding.RepairConfirm, RepairNote: "remove of every copy but the one kept: which copy a package manager owns is the user's to judge",
			Looks: fmt.Sprintf("every copy of %s in GOBIN, each GOPATH/bin, GOROOT/bin and PATH (symlinks to one file are one copy); a program a go.alternateTools entry names is the user's choice, not a copy, and is never removed", t.Name),
			Fails: "W: copies differ (module version, Go version, target, or content); names the one a shell runs and the one the editor runs"},
		{ID: id + "latest", Layer: finding.LayerTools, Run: runFor(t, latestCheck), Needs: []string{found, goproxyCheck}, Online: true,
			Repair: finding.RepairNone,
			Looks:  fmt.Sprintf("the newest version of %s through GOPROXY (go list -m %s@latest), cached for a day", t.Module, t.Module),
			Fails:  "info: a newer version is available, with the command that installs it"},
	}
}

// runFor adapts a check of one tool to doctor.Check.Run.
func runFor(t *toolset.Tool, check func(*facts.Facts, *toolset.Tool) finding.Finding) func(context.Context, *facts.Facts) finding.Finding {
	return func(_ context.Context, f *facts.Facts) finding.Finding { return check(f, t) }
}

// blamed adapts a check of the binary the editor runs so that its failures and warnings name the
// go.alternateTools entry that makes the editor run that binary (blameAlternate).
func blamed(check func(*facts.Facts, *toolset.Tool) finding.Finding) func(*facts.Facts, *toolset.Tool) finding.Finding {
	return func(f *facts.Facts, t *toolset.Tool) finding.Finding { return blameAlternate(f, t, check(f, t)) }
}

// blameAlternate names, in a failure or warning about the binary the editor runs for t, the
// go.alternateTools entry that makes the editor run it, at its file and line: that program is the
// user's choice, and reinstalling t would not change what the editor runs.
func blameAlternate(f *facts.Facts, t *toolset.Tool, fd finding.Finding) finding.Finding {
	if fd.Status != finding.Fail && fd.Status != finding.Warn {
		return fd
	}
	st, ok := f.AlternateTool(t)
	if !ok {
		return fd
	}
	fd.Title = fmt.Sprintf("%s: %s (%s:%d)", st.Key, fd.Title, advice.HomeTilde(f, st.File), st.Line)
	fd.Detail = strings.TrimSpace(advice.AlternateToolNote(t, st, f.Tool(t).Resolution.Path) + "\n" + fd.Detail)
	return fd
}

func helpNote(t *toolset.Tool) string {
	if t.HelpOnly() {
		return " (it has no version flag: judged by its usage text, exit 0 or 2)"
	}
	return ", and the version it prints"
}

func foundFails(t *toolset.Tool) string {
	const alt = "; a go.alternateTools entry that names a program (not a path) found nowhere is blamed on editor.settings.paths, and nothing is installed"
	switch t.Need {
	case toolset.Required:
		return "F: not found (" + t.Feature + " stops working)" + alt
	case toolset.Recommended:
		return "W: not found (" + t.Feature + " is lost)" + alt
	}
	if strings.Contains(t.Feature, `"go.formatTool"`) || strings.Contains(t.Feature, `"go.lintTool"`) {
		return "W: not found while the setting chooses it (" + t.Feature + "); skip when it is not installed and nothing chooses it"
	}
	return "skip when not installed: only used when settings ask for it (" + t.Feature + ")"
}

// foundRepair is how fix repairs a missing t: an install, unless a missing t is no problem.
func foundRepair(t *toolset.Tool) finding.Repair {
	if f := foundFails(t); strings.Contains(f, "F:") || strings.Contains(f, "W:") {
		return finding.RepairAuto
	}
	return finding.RepairNone
}

func foundRepairNote(t *toolset.Tool) string {
	if foundRepair(t) == finding.RepairNone {
		return ""
	}
	return "go_install of the latest release through the tools installer (verified before it replaces anything); a confirmation when GOOS/GOARCH make go install build for another machine"
}

func archFails(t *toolset.Tool) string {
	s := "F: no slice runs on this machine (exec format error). W: runs only through emulation (Rosetta 2, x64 on Windows on Arm); a format gomedic cannot read"
	if t.Name == "dlv" {
		s = "F: no slice runs on this machine (exec format error), or it would run under Rosetta 2, which dlv refuses. W: runs only through x64 emulation on Windows on Arm; a format gomedic cannot read"
	}
	return s
}

func builtWithFails(t *toolset.Tool) string {
	switch {
	case t.Name == "gopls":
		return "F: built with a Go older than its release's go.mod go line, or whose language version is older than the workspace's go line. W: built with a Go two or more releases older than the go on PATH; no build info"
	case t.Name == "dlv":
		return "F: built with a Go older than go1.25 while the go command writes DWARF 5 (go1.25 and later). W: no build info"
	case t.TypeChecks:
		return "W: built with a Go whose language version is older than the workspace's go line, or two or more releases older than the go on PATH; no build info"
	}
	return "W: no build info (the Go that built it does not matter to this tool)"
}

// installed is the binary the editor runs for t, or a skip finding when it has none.
func installed(f *facts.Facts, t *toolset.Tool) (string, *finding.Finding) {
	if p := f.Tool(t).Resolution.Path; p != "" {
		return p, nil
	}
	return "", &finding.Finding{Status: finding.Skip, Title: fmt.Sprintf("%s is not installed (see %sfound)", t.Name, t.IDPrefix())}
}
