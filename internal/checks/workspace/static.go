package workspace

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
)

// part is what a check found in one workspace folder.
type part struct {
	folder string
	status finding.Status
	title  string
	detail string
	ev     []finding.Evidence
	fix    *finding.Fix
	// cause is the check that explains a failure (the finding's BlockedBy).
	cause string
}

// perFolder runs a check on each workspace folder and combines what it found into one finding.
func perFolder(check func(f *facts.Facts, folder string) part) func(context.Context, *facts.Facts) finding.Finding {
	return func(_ context.Context, f *facts.Facts) finding.Finding {
		var parts []part
		for _, folder := range f.WorkspaceFolders() {
			p := check(f, folder)
			p.folder = folder
			parts = append(parts, p)
		}
		return combine(f, parts)
	}
}

// combine makes one finding of the folders' parts: the worst status, its title (naming the
// folder when there are several), every folder's detail, all the evidence, and the fixes of the
// folders that need one. A failure is blamed on a cause only when every failing folder names it.
func combine(f *facts.Facts, parts []part) finding.Finding {
	switch len(parts) {
	case 0:
		return finding.Finding{Status: finding.Skip, Title: "no workspace folder"}
	case 1:
		p := parts[0]
		return finding.Finding{Status: p.status, Title: p.title, Detail: p.detail, Evidence: p.ev, Fix: p.fix, BlockedBy: p.cause}
	}
	sorted := append([]part(nil), parts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].status.Rank() < sorted[j].status.Rank() })
	worst := sorted[0]
	fd := finding.Finding{Status: worst.status, Title: label(f, worst.folder) + ": " + worst.title}
	same := 0
	for _, p := range sorted {
		if p.status == worst.status {
			same++
		}
	}
	if same > 1 {
		fd.Title += fmt.Sprintf(" (and %d more folder(s))", same-1)
	}
	var details []string
	var fixes []*finding.Fix
	cause, causes := "", 0
	for _, p := range sorted {
		d := label(f, p.folder) + ": " + string(p.status) + ": " + p.title
		if p.detail != "" {
			d += "\n" + p.detail
		}
		details = append(details, d)
		fd.Evidence = append(fd.Evidence, p.ev...)
		if p.fix != nil && p.status.Problem() {
			fixes = append(fixes, p.fix)
		}
		if p.status == finding.Fail {
			if p.cause != "" && (cause == "" || cause == p.cause) {
				cause = p.cause
				causes++
			} else {
				causes = -1000
			}
		}
	}
	fd.Detail = strings.Join(details, "\n\n")
	fd.Fix = mergeFixes(fixes)
	if worst.status == finding.Fail && causes > 0 {
		fd.BlockedBy = cause
	}
	return fd
}

func mergeFixes(fixes []*finding.Fix) *finding.Fix {
	if len(fixes) == 0 {
		return nil
	}
	if len(fixes) == 1 {
		return fixes[0]
	}
	out := &finding.Fix{Auto: true}
	var summaries []string
	for _, fx := range fixes {
		summaries = append(summaries, fx.Summary)
		out.Commands = append(out.Commands, fx.Commands...)
		out.Actions = append(out.Actions, fx.Actions...)
		out.Auto = out.Auto && fx.Auto
		if out.Docs == "" {
			out.Docs = fx.Docs
		}
	}
	out.Summary = strings.Join(summaries, " ")
	return out
}

// label names a folder for people: relative to the directory checked when inside it.
func label(f *facts.Facts, folder string) string {
	if rel, err := filepath.Rel(f.Dir, folder); err == nil && facts.Within(folder, f.Dir) {
		if rel == "." {
			return filepath.Base(folder)
		}
		return rel
	}
	return folder
}

// rel is path relative to dir when it is inside dir, else path.
func rel(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && facts.Within(path, dir) {
		return r
	}
	return path
}

// goIn is a go command run in dir, as a command line (`go -C DIR args`, which works in every
// shell) and as an action.
func goIn(dir string, args ...string) (string, finding.Action) {
	line := host.Cmd{Path: "go", Args: append([]string{"-C", dir}, args...)}.String()
	return line, finding.Action{Kind: finding.RunCommand, Argv: append([]string{"go"}, args...), Dir: dir}
}

// goFix is a fix made of go commands run in dir. It waits for the user's confirmation (Auto
// false): go mod tidy, download, edit, vendor and go work change the user's go.mod, go.sum, go.work
// or vendor/, or fetch modules the user has not asked for.
func goFix(summary, docs string, dir string, cmds ...[]string) *finding.Fix {
	fx := &finding.Fix{Summary: summary, Docs: docs}
	for _, c := range cmds {
		line, act := goIn(dir, c...)
		fx.Commands = append(fx.Commands, line)
		fx.Actions = append(fx.Actions, act)
	}
	return fx
}

// ran is the evidence of a go list run. Its output can be tens of megabytes; evidence keeps a
// few kilobytes, so only the start is handed on.
func ran(r *host.Result) finding.Evidence {
	const keep = 16 << 10
	brief := *r
	if len(brief.Stdout) > keep {
		brief.Stdout = brief.Stdout[:keep]
	}
	if len(brief.Stderr) > keep {
		brief.Stderr = brief.Stderr[:keep]
	}
	return doctor.Ran(&brief)
}

// goMessage is what the go command printed on stderr, without its progress lines (go:
// downloading, finding, found, extracting, ...).
func goMessage(r *host.Result) string {
	msg := gocmd.WithoutProgress(string(r.Stderr))
	if msg == "" {
		msg = r.Failure()
	}
	return msg
}

// loadCauses maps the go command's messages about a whole load to the check that owns their
// cause, most specific first. A ModFileParse counts for the check of its file only.
var loadCauses = []struct {
	check string
	kinds []gocmd.Kind
	file  string
}{
	{"env.go111module", []gocmd.Kind{gocmd.ModulesOff}, ""},
	{"env.goflags", []gocmd.Kind{gocmd.GOFLAGSInvalid}, ""},
	{"ws.go_directive", []gocmd.Kind{gocmd.TooNew, gocmd.Switching, gocmd.WorkTooOld, gocmd.ToolchainSwitch, gocmd.ToolchainDownload,
		gocmd.ToolchainNotInPath, gocmd.InvalidGoVersion, gocmd.InvalidToolchain}, ""},
	{"ws.gowork", []gocmd.Kind{gocmd.NotInWorkspace, gocmd.OutsideWorkspace, gocmd.WorkUse, gocmd.GoWorkUnreadable, gocmd.GOWORKInvalid,
		gocmd.WorkspaceModFlag}, ""},
	{"ws.gowork", []gocmd.Kind{gocmd.ModFileParse}, "go.work"},
	{"ws.module", []gocmd.Kind{gocmd.MissingModuleLine, gocmd.NoGoMod, gocmd.OutsideMainModule}, ""},
	{"ws.module", []gocmd.Kind{gocmd.ModFileParse}, "go.mod"},
	{"ws.deps", []gocmd.Kind{gocmd.InconsistentVendoring}, ""},
}

// loadCause is the check that owns a go command message about a whole load, or "".
func loadCause(msg string) string { return loadCauseOf(gocmd.Parse(msg)) }

func loadCauseOf(cs gocmd.Causes) string {
	for _, lc := range loadCauses {
		for _, c := range cs.All(lc.kinds...) {
			if lc.file == "" || isFile(c.Path, lc.file) {
				return lc.check
			}
		}
	}
	return ""
}

// isFile reports whether path, as the go command printed it (relative or absolute, / or \), names
// a file called name.
func isFile(path, name string) bool {
	return path == name || strings.HasSuffix(path, "/"+name) || strings.HasSuffix(path, `\`+name)
}

// dependencyNeedsGo is the message of a dependency whose go line the running go cannot satisfy,
// which is not the workspace's go line: "go: example.com/dep@v1.0.0 requires go >= 1.99 (...)".
func dependencyNeedsGo(cs gocmd.Causes) (gocmd.Cause, bool) {
	if cs.Has(gocmd.WorkTooOld, gocmd.NotInWorkspace, gocmd.OutsideWorkspace, gocmd.WorkUse) {
		return gocmd.Cause{}, false // a go.work message: ws.gowork's and ws.go_directive's
	}
	for _, c := range cs.All(gocmd.TooNew, gocmd.Switching) {
		if c.Version != "" {
			return c, true
		}
	}
	return gocmd.Cause{}, false
}

// loadFailure is the part of a check whose go command failed as a whole: its message, what it
// means for the editor, and the check that owns the cause.
func loadFailure(f *facts.Facts, res *host.Result, what string) part {
	msg := goMessage(res)
	ev := []finding.Evidence{ran(res)}
	if res.TimedOut {
		return part{status: finding.Error, ev: ev,
			title:  fmt.Sprintf("%s did not finish within %s", res.Cmd.String(), res.Cmd.Timeout),
			detail: fmt.Sprintf("gomedic cannot tell what the go command thinks of %s. gopls loads the workspace with the same command and will be as slow: a first download of many modules, or a very large workspace. Give gomedic more time with --timeout.", what)}
	}
	cs := gocmd.Parse(msg)
	p := part{status: finding.Fail, ev: ev, cause: loadCauseOf(cs)}
	if p.cause == "" {
		// A module problem: ws.deps reports it (and blames the network on net.goproxy).
		switch moduleProblemOf(cs) {
		case modNone, modNewerGo:
		default:
			p.cause = "ws.deps"
		}
	}
	if dep, ok := dependencyNeedsGo(cs); ok {
		p.cause = ""
		p.title = fmt.Sprintf("the dependency %s needs go %s", dep.ModuleVersion(), dep.GoVersion)
		p.detail = fmt.Sprintf("The go command fails on %s:\n%s\nA module the workspace requires declares a newer go line than the go that runs here; gopls shows the same error and loads nothing.", what, msg)
		p.fix = &finding.Fix{Summary: "Upgrade Go to that release (or let the go command download it: GOTOOLCHAIN=auto), or require an older version of that module.", Commands: []string{"go env -w GOTOOLCHAIN=auto"}, Docs: "https://go.dev/doc/toolchain"}
		return p
	}
	if cs.Has(gocmd.GoModUpdates) {
		// Often a toolchain line the go command wants to drop (ws.go_directive says so when it
		// is); else go.mod lacks requirements the code or the module graph implies.
		p.cause = "ws.go_directive"
		p.title = "go.mod is out of date: the go command wants to update it"
		p.detail = fmt.Sprintf("%s fails:\n%s\nWith -mod=readonly (the default, and what gopls runs) the go command does not edit go.mod by itself, so builds fail and gopls shows the error on go.mod.", res.Cmd.String(), msg)
		p.fix = goFix("Update go.mod.", docsModules, res.Cmd.Dir, []string{"mod", "tidy"})
		return p
	}
	p.title = "the go command cannot load " + what
	p.detail = fmt.Sprintf("%s fails:\n%s\ngopls runs the same go command and shows this error instead of loading the workspace: no completion, no diagnostics, \"No packages found\" on open files.", res.Cmd.String(), msg)
	if p.cause == "" {
		p.fix = &finding.Fix{Summary: "Run the command yourself in that directory and fix what it reports.", Commands: []string{res.Cmd.String()}}
	}
	return p
}
