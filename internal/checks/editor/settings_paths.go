package editor

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

// settingPathProblem is one path setting that points nowhere, or at the wrong kind of file.
type settingPathProblem struct {
	st     vscode.Setting
	detail string
	exists bool // its path exists, as something other than what the setting needs
	// name is the program name a relative go.alternateTools entry makes the extension look for
	// instead of the tool's, when no place holds it; "" otherwise.
	name string
	// value is the JSON to set instead ("" to remove the setting).
	value string
	why   string // what the fix achieves
}

// pathsCheck checks every path setting the Go extension reads, after expanding it as the
// extension does.
func pathsCheck(_ context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	pc := &settingPathChecker{f: f, s: s, ts: s.ToolSettings()}
	for _, key := range []string{vscode.KeyGoroot, vscode.KeyGopath, vscode.KeyToolsGopath, vscode.KeyToolsGo} {
		if pv, st, ok := s.PathSetting(key); ok {
			pc.check(st, pv)
		}
	}
	for _, m := range s.Merged(vscode.KeyAlternateTools) {
		if len(m.Paths) == 1 {
			pc.check(m, m.Paths[0])
		}
	}
	if pc.checked == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no path setting is set (go.goroot, go.gopath, go.toolsGopath, go.alternateTools, go.toolsManagement.go)"}
	}
	if len(pc.problems) == 0 {
		return finding.Finding{Status: finding.OK, Title: countOf(pc.checked, "path setting points where it should", "path settings point where they should"),
			Detail: strings.Join(pc.oks, "\n"), Evidence: pc.ev}
	}
	var details, summaries []string
	var actions []finding.Action
	for _, p := range pc.problems {
		details = append(details, p.detail)
		summaries = append(summaries, settingEditSummary(p.st, p.value)+" "+p.why)
		actions = append(actions, settingEditAction(p.st, p.value))
	}
	title := fmt.Sprintf("%d path settings point nowhere", len(pc.problems))
	if pc.someExist() {
		title = fmt.Sprintf("%d path settings do not point where they should", len(pc.problems))
	}
	if len(pc.problems) == 1 {
		p := pc.problems[0]
		title = fmt.Sprintf("%s points nowhere (%s:%d)", p.st.Key, p.st.File, p.st.Line)
		switch {
		case p.name != "":
			title = fmt.Sprintf("%s names %s, which is nowhere (%s:%d)", p.st.Key, p.name, p.st.File, p.st.Line)
		case p.exists:
			title = fmt.Sprintf("%s does not point where it should (%s:%d)", p.st.Key, p.st.File, p.st.Line)
		}
	}
	fd := finding.Finding{Status: finding.Fail, Title: title, Detail: strings.Join(details, "\n"), Evidence: pc.ev,
		Fix: settingsFix(summaries, actions, "https://github.com/golang/vscode-go/wiki/settings")}
	if pc.allForeign() {
		fd.BlockedBy = remoteCheckID // every path is another machine's: editor.remote says why
	}
	return fd
}

// someExist reports whether a problem's path exists, only not as what the setting needs (a file
// where a directory must be): such a setting does not point nowhere.
func (pc *settingPathChecker) someExist() bool {
	for _, p := range pc.problems {
		if p.exists {
			return true
		}
	}
	return false
}

// allForeign reports whether every problem is a path of another machine (foreignPaths).
func (pc *settingPathChecker) allForeign() bool {
	for _, p := range pc.problems {
		if len(p.st.Paths) == 0 || pathShape(pc.f.Host, p.st.Paths[0].Expanded) == "" {
			return false
		}
	}
	return true
}

// settingPathChecker collects what pathsCheck finds.
type settingPathChecker struct {
	f        *facts.Facts
	s        *vscode.Settings
	ts       vscode.ToolSettings
	checked  int
	problems []settingPathProblem
	oks      []string
	ev       []finding.Evidence
}

// settingPathKind is what a setting's path must be.
type settingPathKind int

const (
	pathWantDir  settingPathKind = iota // a directory (go.goroot, each GOPATH entry)
	pathWantExec                        // an executable file (go.toolsManagement.go, an absolute alternateTools entry)
	pathWantTool                        // a tool name the extension searches for (a relative alternateTools entry)
)

func (pc *settingPathChecker) check(st vscode.Setting, pv vscode.PathValue) {
	pc.checked++
	pc.ev = append(pc.ev, settingEvidence(st))
	h := pc.f.Host
	name := fmt.Sprintf("%q (%s:%d) is %s", st.Key, st.File, st.Line, settingJSON(pv.Raw))
	if pv.Expanded != pv.Raw {
		name += fmt.Sprintf(", which the extension expands to %q", pv.Expanded)
	}
	if len(pv.Unexpanded) > 0 {
		pc.unexpanded(st, pv, name)
		return
	}
	var entries []string
	kind := pathWantDir
	switch {
	case st.Key == vscode.KeyGopath || st.Key == vscode.KeyToolsGopath:
		for _, e := range host.SplitList(h, pv.Expanded) {
			if e != "" {
				entries = append(entries, e)
			}
		}
	case st.Key == vscode.KeyToolsGo:
		entries, kind = []string{pv.Expanded}, pathWantExec
		if !host.IsAbs(h, pv.Expanded) && !strings.ContainsAny(pv.Expanded, `/\`) {
			kind = pathWantTool
		}
	case strings.HasPrefix(st.Key, vscode.KeyAlternateTools+"."):
		entries, kind = []string{pv.Expanded}, pathWantExec
		if !host.IsAbs(h, pv.Expanded) {
			kind = pathWantTool
		}
	default:
		entries = []string{pv.Expanded}
	}
	for _, e := range entries {
		if msg := pc.problem(st, e, kind); msg != "" {
			detail := name + ": " + msg + settingEmptyEnvNote(pv)
			pc.add(st, pv, detail)
			pc.problems[len(pc.problems)-1].exists = exists(h, e)
			if kind == pathWantTool && st.Key != vscode.KeyToolsGo {
				pc.problems[len(pc.problems)-1].name = e
			}
			return
		}
	}
	pc.oks = append(pc.oks, fmt.Sprintf("%s = %s (%s:%d)", st.Key, pv.Expanded, st.File, st.Line))
}

// problem says what is wrong with one path of a setting, or "".
func (pc *settingPathChecker) problem(st vscode.Setting, p string, kind settingPathKind) string {
	h := pc.f.Host
	tool := strings.TrimPrefix(st.Key, vscode.KeyAlternateTools+".")
	switch {
	case kind == pathWantTool && st.Key == vscode.KeyToolsGo:
		env := h.Env()
		if _, err := host.LookPath(h, p, env.Get("PATH"), env.Get("PATHEXT")); err != nil {
			return fmt.Sprintf("no PATH entry holds %s, so installing or updating tools fails (the extension reports \"failed to run \\\"%s version\\\"\").", p, p)
		}
		return ""
	case kind == pathWantTool:
		res := vscode.Resolve(h, tool, pc.ts, pc.f.GoPaths())
		if res.Path != "" {
			return ""
		}
		return fmt.Sprintf("the extension looks for a program named %s instead of %s, and no place it searches holds one (%s).", p, tool, resolutionDirs(res))
	case !host.IsAbs(h, p) && (st.Key == vscode.KeyGopath || st.Key == vscode.KeyToolsGopath):
		return fmt.Sprintf("%s is a relative path: the extension gives it to the go command as GOPATH, which refuses it (go: GOPATH entry is relative; must be absolute path: %q.); write a full path or start it with ${workspaceFolder}.", p, p)
	case !host.IsAbs(h, p):
		return fmt.Sprintf("%s is a relative path: the extension resolves it against the directory the editor was started in, not the workspace; write a full path or start it with ${workspaceFolder}.", p)
	}
	fi, err := h.Stat(p)
	switch {
	case err != nil && kind == pathWantExec && strings.HasPrefix(st.Key, vscode.KeyAlternateTools+"."):
		return fmt.Sprintf("%s does not exist. The extension passes it over and looks for %s itself: %s.", p, tool, toolFallbackNote(pc, tool))
	case err != nil && st.Key == vscode.KeyGoroot:
		return fmt.Sprintf("%s does not exist; the extension ignores the setting and says \"go.goroot setting is ignored. %s is not a valid GOROOT directory.\"", p, p)
	case err != nil && st.Key == vscode.KeyGopath:
		return p + " does not exist. The extension gives it to the go command, gopls and every tool as GOPATH, so modules are downloaded again into a new cache there and tools installed in another GOPATH/bin are not found."
	case err != nil && st.Key == vscode.KeyToolsGopath:
		return p + " does not exist. The extension installs tools there (GOPATH=" + p + ", GOBIN unset) and looks for them in its bin first, so tools installed elsewhere before are shadowed by new copies."
	case err != nil:
		return p + " does not exist."
	case kind == pathWantDir && !fi.IsDir():
		return p + " is not a directory."
	case kind == pathWantDir && st.Key == vscode.KeyGoroot:
		goBin := filepath.Join(p, "bin", "go")
		if h.OS() == "windows" {
			goBin += ".exe"
		}
		if !runnableByExtension(h, goBin) {
			return fmt.Sprintf("%s holds no Go installation (no %s): the extension sets GOROOT=%s for the go command and every tool it runs, which then find no standard library.", p, goBin, p)
		}
	case kind == pathWantExec && (fi.IsDir() || !runnableByExtension(h, p)):
		what := "not an executable file"
		if fi.IsDir() {
			what = "a directory"
		}
		if strings.HasPrefix(st.Key, vscode.KeyAlternateTools+".") {
			return fmt.Sprintf("%s is %s. The extension passes it over and looks for %s itself: %s.", p, what, tool, toolFallbackNote(pc, tool))
		}
		return fmt.Sprintf("%s is %s, so the extension cannot run it to install tools.", p, what)
	}
	return ""
}

// unexpanded reports a setting that keeps a variable or ~ the extension does not expand.
func (pc *settingPathChecker) unexpanded(st vscode.Setting, pv vscode.PathValue, name string) {
	var detail string
	if st.Key == vscode.KeyToolsGo {
		detail = fmt.Sprintf("%s: the extension runs this setting as written, without expanding %s, so it looks for a file literally named %q.", name, strings.Join(pv.Unexpanded, " or "), pv.Raw)
	} else {
		detail = fmt.Sprintf("%s: the extension expands only ${env:NAME}, ${workspaceFolder}, ${workspaceRoot}, ${workspaceFolderBasename} and a leading ~ in settings, so %s stays as written and the path names nothing.",
			name, strings.Join(pv.Unexpanded, " and "))
	}
	if strings.HasPrefix(st.Key, vscode.KeyAlternateTools+".") {
		tool := strings.TrimPrefix(st.Key, vscode.KeyAlternateTools+".")
		detail += fmt.Sprintf(" It then looks for %s itself: %s.", tool, toolFallbackNote(pc, tool))
	}
	pc.add(st, pv, detail+settingEmptyEnvNote(pv))
}

// add records a problem and the fix: the fully expanded path when that one exists, else removing
// the setting.
func (pc *settingPathChecker) add(st vscode.Setting, pv vscode.PathValue, detail string) {
	p := settingPathProblem{st: st, detail: detail}
	h := pc.f.Host
	full := vscode.Expand(pv.Raw, vscode.Vars{WorkspaceFolder: pc.s.Dir, UserHome: h.HomeDir(), Env: h.Env().Get})
	if full != pv.Expanded && full != "" && host.IsAbs(h, full) && !strings.Contains(full, "${") {
		if _, err := h.Stat(full); err == nil {
			p.value = settingJSON(full)
			p.why = "That is the path written out in full."
			pc.problems = append(pc.problems, p)
			return
		}
	}
	switch {
	case st.Key == vscode.KeyGoroot:
		p.why = "The extension then uses the go it finds on PATH and its GOROOT."
	case st.Key == vscode.KeyGopath:
		p.why = "The extension then uses GOPATH from the go command (go env GOPATH)."
	case st.Key == vscode.KeyToolsGopath:
		p.why = "The extension then installs tools where go install puts them (GOBIN, else GOPATH/bin)."
	case st.Key == vscode.KeyToolsGo:
		p.why = "The extension then installs tools with the go it runs for the workspace."
	default:
		tool := strings.TrimPrefix(st.Key, vscode.KeyAlternateTools+".")
		p.why = fmt.Sprintf("The extension then looks for %s itself, as it does now.", tool)
		if !strings.Contains(detail, "looks for "+tool+" itself") {
			p.why = fmt.Sprintf("The extension then looks for %s itself: %s.", tool, toolFallbackNote(pc, tool))
		}
	}
	pc.problems = append(pc.problems, p)
}

// toolFallbackNote says what the extension finds for tool without its alternateTools entry.
func toolFallbackNote(pc *settingPathChecker, tool string) string {
	ts := pc.ts
	alt := map[string]string{}
	for k, v := range ts.AlternateTools {
		if k != tool {
			alt[k] = v
		}
	}
	ts.AlternateTools = alt
	res := vscode.Resolve(pc.f.Host, tool, ts, pc.f.GoPaths())
	if res.Path == "" {
		return fmt.Sprintf("there is none (%s), so it reports %s missing", resolutionDirs(res), tool)
	}
	return fmt.Sprintf("it runs %s, found through %s", res.Path, res.Describe())
}

// resolutionDirs lists the places a resolution searched, a run of one rule's directories
// counted: "searched GOPATH /home/ana/go/bin, GOROOT/bin /usr/local/go/bin and 11 PATH
// directories".
func resolutionDirs(res vscode.Resolution) string {
	var parts []string
	for i := 0; i < len(res.Tried); i++ {
		pl := res.Tried[i]
		j := i
		for j+1 < len(res.Tried) && res.Tried[j+1].Rule == pl.Rule {
			j++
		}
		switch {
		case j > i:
			parts = append(parts, fmt.Sprintf("%d %s directories", j-i+1, pl.Rule))
			i = j
		case pl.File != "":
			parts = append(parts, fmt.Sprintf("%s %s", pl.Rule, pl.File))
		default:
			parts = append(parts, fmt.Sprintf("%s %s", pl.Rule, pl.Dir))
		}
	}
	switch len(parts) {
	case 0:
		return "nowhere to look"
	case 1:
		return "searched " + parts[0]
	}
	return "searched " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// settingEmptyEnvNote explains ${env:NAME} references that expanded to nothing.
func settingEmptyEnvNote(pv vscode.PathValue) string {
	if len(pv.EmptyEnv) == 0 {
		return ""
	}
	return fmt.Sprintf(" ${env:%s} is empty in gomedic's environment, so it expanded to nothing; an editor started from the desktop or the Dock may lack variables your shell sets, too.",
		strings.Join(pv.EmptyEnv, "}, ${env:"))
}

// runnableByExtension reports whether the extension would run the file at p: a regular file (after
// symlinks) with an execute bit, or any file on Windows.
func runnableByExtension(h host.Host, p string) bool {
	fi, err := h.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return h.OS() == "windows" || fi.Mode().Perm()&0o111 != 0
}
