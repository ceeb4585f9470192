package tools

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/vscode"
)

// foundCheck reports where the editor finds t, resolving it as the Go extension does, and what a
// shell would run instead.
func foundCheck(f *facts.Facts, t *toolset.Tool) finding.Finding {
	res := f.Tool(t).Resolution
	if res.Path != "" {
		return foundAt(f, t, res)
	}
	if st, ok := f.AlternateTool(t); ok {
		return alternateNowhere(f, t, res, st)
	}
	return notFound(f, t, res)
}

// settingsPathsCheck is the editor layer's check of path settings, which judges each
// go.alternateTools entry: a name found nowhere is its failure, the root of tools.T.found's.
const settingsPathsCheck = "editor.settings.paths"

// alternateNowhere is the finding of a tool whose go.alternateTools entry is a name (not an
// absolute path) that no place the extension searches holds. The extension looks for that name
// instead of t's in every place, so an installed t is never found and installing one changes
// nothing: the entry is the cause, and editor.settings.paths reports it (this failure is blamed on
// that one when it failed too).
func alternateNowhere(f *facts.Facts, t *toolset.Tool, res vscode.Resolution, st vscode.Setting) finding.Finding {
	fd := finding.Finding{Status: finding.Fail, BlockedBy: settingsPathsCheck, Evidence: []finding.Evidence{resolutionInputs(f)},
		Title: fmt.Sprintf("%s names %s, which is nowhere (%s:%d)", st.Key, res.Name, advice.HomeTilde(f, st.File), st.Line)}
	if t.Need != toolset.Required {
		fd.Status = finding.Warn
	}
	lines := []string{fmt.Sprintf("%q (%s:%d) is %q, not an absolute path, so the Go extension looks for a program named %s instead of %s, in these places, in order, and finds it in none:\n%s",
		st.Key, st.File, st.Line, res.Name, res.Name, t.Name, placesLooked(res))}
	if shell := f.ShellTool(t.Name); shell != "" {
		lines = append(lines, fmt.Sprintf("A shell finds %s on PATH, but the editor does not look for %s while the entry is there: installing %s changes nothing.", shell, t.Name, t.Name))
	}
	if t.Name == "gopls" {
		lines = append(lines, fmt.Sprintf("The extension says \"Cannot find the alternate tool %s configured for gopls. Please install it and reload this VS Code window.\" and starts no language server: no completion, navigation or diagnostics.", res.Name))
	} else {
		lines = append(lines, fmt.Sprintf("When the editor needs it, it reports %s missing and offers to install it, which does not help: it goes on looking for %s.", t.Name, res.Name))
	}
	fd.Detail = strings.Join(lines, "\n")
	fd.Fix = advice.AlternateTool(f, t, st, fmt.Sprintf("Install the program the entry names as %s in one of those places, or write its absolute path in the entry.", res.Name))
	return fd
}

// foundAt is the finding of a tool the editor finds.
func foundAt(f *facts.Facts, t *toolset.Tool, res vscode.Resolution) finding.Finding {
	detail := fmt.Sprintf("The Go extension looks for %s in these places, in order, and runs the first it finds:\n%s", res.Name, placesLooked(res))
	if shell := shellNote(f, t, res.Path); shell != "" {
		detail += "\n" + shell
	}
	title := fmt.Sprintf("%s is %s (%s)", t.Name, res.Path, res.Rule)
	if m := managedNote(f, t, res.Path); m != "" {
		title += "; managed by gomedic"
		detail += "\n" + m
	}
	return finding.Finding{Status: finding.OK, Title: title, Detail: detail,
		Evidence: []finding.Evidence{resolutionInputs(f)}}
}

// managedNote says, for a tool the editor runs from gomedic's store, which version it is and what
// a rollback would restore; "" when the binary at path is not managed.
func managedNote(f *facts.Facts, t *toolset.Tool, path string) string {
	m := f.ManagedTool(t.Name)
	dir := f.InstallDir()
	if m.Active == nil || dir == "" || facts.SamePathKey(f.Host, dirOf(path)) != facts.SamePathKey(f.Host, dir) {
		return ""
	}
	note := fmt.Sprintf("It is managed by gomedic: %s %s, from its store (%s).", t.Name, m.Active.Version, m.Active.Dir)
	if len(m.Previous) > 0 {
		note += fmt.Sprintf(" `gomedic tools rollback %s` restores %s.", t.Name, m.Previous[0].Version)
	}
	return note
}

// notFound is the finding of a tool the editor does not find: a failure for a required tool, a
// warning for a recommended one, a skip for an optional one.
func notFound(f *facts.Facts, t *toolset.Tool, res vscode.Resolution) finding.Finding {
	fd := finding.Finding{Title: fmt.Sprintf("%s is not installed", t.Name), Evidence: []finding.Evidence{resolutionInputs(f)},
		Fix: installFix(f, t, "latest", fmt.Sprintf("Install %s with the go command.", t.Name))}
	var effect string
	need := t.Need
	if st, ok := f.Settings().ChosenTools()[t.Name]; ok && need == toolset.Optional {
		// The settings choose it as the format or lint tool: the editor runs it on every save.
		need = toolset.Recommended
		fd.Detail = fmt.Sprintf("%s chooses %s (%s:%d). ", st.Key, t.Name, st.File, st.Line)
	}
	switch need {
	case toolset.Required:
		fd.Status, effect = finding.Fail, fmt.Sprintf("Without it there is no %s: %s", t.Feature, t.MissingSymptom())
	case toolset.Recommended:
		fd.Status, effect = finding.Warn, fmt.Sprintf("The editor uses it by default for %s; when it needs it, %s", t.Feature, t.MissingSymptom())
	default:
		fd.Status, effect = finding.Skip, fmt.Sprintf("The editor runs it only for %s.", t.Feature)
		fd.Title += "; only used when settings ask for it"
	}
	lines := []string{fmt.Sprintf("The Go extension looks for %s in these places, in order, and finds it in none:\n%s", res.Name, placesLooked(res))}
	for _, pl := range res.Tried {
		if pl.Passed != "" {
			lines = append(lines, fmt.Sprintf("%s exists but the editor passes it over: %s.", pl.PassedPath, pl.Passed))
		}
	}
	if shell := shellNote(f, t, ""); shell != "" {
		lines = append(lines, shell)
	}
	fd.Detail += strings.Join(append(lines, effect), "\n")
	return fd
}

// resolutionInputs is the evidence of resolution: the values it read.
func resolutionInputs(f *facts.Facts) finding.Evidence {
	p := f.GoPaths()
	return finding.Evidence{Command: "go env GOBIN GOPATH GOROOT; echo $PATH",
		Output: fmt.Sprintf("GOBIN=%s\nGOPATH=%s\nGOROOT=%s\nPATH=%s", p.GOBIN, strings.Join(p.GOPATH, string(host.ListSeparator(f.Host))), p.GOROOT, p.PATH)}
}

// placesLooked lists the places resolution tried, one a line; a run of three or more directories
// of one rule without the tool (the usual PATH) is one line, and -v shows the whole PATH.
func placesLooked(res vscode.Resolution) string {
	var lines []string
	tried := res.Tried
	for i := 0; i < len(tried); i++ {
		pl := tried[i]
		where := pl.Dir
		if where == "" {
			where = pl.PassedPath
		}
		if where == "" {
			where = pl.File // a rule that names one file: an absolute go.alternateTools path
		}
		switch {
		case pl.Path != "":
			lines = append(lines, fmt.Sprintf("  %-18s %s  <- the editor runs this", pl.Rule, pl.Path))
		case pl.Passed != "":
			lines = append(lines, fmt.Sprintf("  %-18s %s: %s", pl.Rule, where, pl.Passed))
		case pl.Dir == "" && pl.File != "":
			lines = append(lines, fmt.Sprintf("  %-18s %s: does not exist", pl.Rule, pl.File))
		default:
			j := i
			for j+1 < len(tried) && tried[j+1].Rule == pl.Rule && tried[j+1].Path == "" && tried[j+1].Passed == "" {
				j++
			}
			if j-i >= 2 {
				lines = append(lines, fmt.Sprintf("  %-18s %d directories, %s ... %s: no %s", pl.Rule, j-i+1, where, tried[j].Dir, res.Name))
				i = j
				continue
			}
			lines = append(lines, fmt.Sprintf("  %-18s %s: no %s", pl.Rule, where, res.Name))
		}
	}
	return strings.Join(lines, "\n")
}

// shellNote says what a shell runs for t when that is not the editor's binary: another copy, or
// nothing (then also whether a ~ in PATH, which only bash expands, or a PATHEXT extension the
// extension does not try, explains the difference). It is "" when both run the same file.
func shellNote(f *facts.Facts, t *toolset.Tool, editor string) string {
	shell := f.ShellTool(t.Name)
	switch {
	case shell != "" && editor != "" && sameFile(f, shell, editor):
		return ""
	case shell != "" && editor != "":
		return fmt.Sprintf("A shell runs another file, %s (the first on PATH); %sshadowed compares them.", shell, t.IDPrefix())
	case shell != "":
		return fmt.Sprintf("A shell finds %s on PATH, but the Go extension looks only for %s, so the editor does not use it.", shell, editorFileName(f, t))
	}
	var notes []string
	if editor != "" {
		notes = append(notes, fmt.Sprintf("No PATH entry holds %s, so a shell does not find it (\"%s: command not found\"), nor do terminal tasks and editors that look only on PATH.", t.Name, t.Name))
	}
	for _, e := range f.PathEntries() {
		if e.Problem != facts.PathTilde {
			continue
		}
		dir := host.ExpandHome(f.Host, e.Raw)
		if dir == "" {
			continue
		}
		if p := host.FindIn(f.Host, dir, t.Name, host.Exts(f.Host, f.Host.Env().Get("PATHEXT"))); p != "" {
			notes = append(notes, fmt.Sprintf("PATH holds %q, which would reach %s: bash expands a ~ in PATH when it searches, but zsh, sh, the editor and the programs it starts use the entry as written. Write the full path, %s.", e.Raw, p, dir))
		}
	}
	return strings.Join(notes, "\n")
}

// editorFileName is the file name the Go extension looks for.
func editorFileName(f *facts.Facts, t *toolset.Tool) string {
	if f.Host.OS() == "windows" {
		return t.Name + ".exe"
	}
	return t.Name
}

// sameFile reports whether two paths name one file (through symlinks).
func sameFile(f *facts.Facts, a, b string) bool {
	return realPath(f, a) == realPath(f, b)
}

// realPath is path with symlinks resolved, in the form paths compare in on the host.
func realPath(f *facts.Facts, path string) string {
	return facts.SamePathKey(f.Host, path)
}
