package editor

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/text"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/vscode"
)

// editorsFound reports the editors found and what each has.
func editorsFound(_ context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	if len(s.Editors) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no VS Code-family editor has settings or extensions here",
			Detail: "gomedic looked for the user data, extensions and remote-server folders of Code, Code - Insiders, VSCodium, Cursor and Windsurf."}
	}
	var names, lines []string
	var ev []finding.Evidence
	for _, e := range s.Editors {
		name := e.Name
		if x := e.GoExtension(); x != nil {
			name += " (golang.go " + x.Version + ")"
		}
		names = append(names, name)
		lines = append(lines, e.Name+":")
		if e.UserDir != "" {
			lines = append(lines, "  user settings   "+e.UserSettings()+editorProfileNote(e))
		}
		if e.MachineDir != "" {
			lines = append(lines, "  remote machine  "+e.MachineDir+"/settings.json")
		}
		for _, dir := range []string{e.ExtensionsDir, e.RemoteExtensionsDir} {
			if dir != "" {
				lines = append(lines, "  extensions      "+dir+editorExtensionsNote(e, dir))
			}
		}
	}
	for _, sf := range s.Files {
		ev = append(ev, doctor.Read(sf.Path, settingsFileNote(sf)))
	}
	return finding.Finding{Status: finding.Info, Title: "editors: " + strings.Join(names, ", "), Detail: strings.Join(lines, "\n"), Evidence: ev}
}

// editorProfileNote says which profile an editor opens this workspace with, when the user has profiles.
func editorProfileNote(e vscode.Editor) string {
	for _, p := range e.Profiles {
		if p.Active {
			note := fmt.Sprintf(" (profile %q", p.Name)
			if p.Default {
				note += ", the default"
			}
			if p.UsesDefaultSettings {
				note += ", sharing the default profile's settings"
			}
			return note + fmt.Sprintf("; %d profiles)", len(e.Profiles))
		}
	}
	return ""
}

// editorExtensionsNote lists the Go extensions found in the extensions folder dir.
func editorExtensionsNote(e vscode.Editor, dir string) string {
	var found []string
	for _, x := range e.Extensions {
		if strings.HasPrefix(x.Dir, dir) {
			found = append(found, x.ID+" "+x.Version)
		}
	}
	if len(found) == 0 {
		return ": no Go extension"
	}
	return ": " + strings.Join(found, ", ")
}

// settingsFileNote is the evidence text of a settings file.
func settingsFileNote(sf *vscode.SettingsFile) string {
	note := string(sf.Scope)
	if sf.Editor != "" {
		note += ", " + sf.Editor
	}
	if sf.Profile != "" {
		note += ", profile " + sf.Profile
	}
	if why := sf.NotUsed(); why != "" {
		note += ", " + why
	}
	if sf.Err != nil {
		note += ": " + sf.Err.Error()
	}
	return note
}

// oldestSupportedExtension is the oldest golang.go release gomedic accepts. The Go team releases
// the extension from one line: fixes ship only in the next release (even minor versions are
// stable releases, odd ones pre-releases), never in a maintenance release of an older line, and
// it supports the Go releases Go itself supports, the two newest (golang/vscode-go#388). Its
// compatibility table (docs/compatibility.md) names v0.42.1 as the last release that still
// supports go1.19 and go1.20, which Go stopped supporting in 2023 and early 2024; v0.44.0, the
// next stable release, starts the line made only for Go releases the Go team supports. Anything
// older carries workarounds and pinned tool versions for unsupported Go releases and has had no
// fix since 2024. (Strictly, only the newest release is maintained; gomedic does not ask the
// marketplace which one that is.)
const oldestSupportedExtension = "0.44.0"

// extProblem is one editor's trouble with the Go extension.
type extProblem struct {
	status  finding.Status
	title   string
	text    string
	command string
	// argv is the command as a run action, when the editor's launcher is on PATH.
	argv []string
}

func extensionCheck(_ context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	if len(s.Editors) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no VS Code-family editor found"}
	}
	anyHas := false
	for _, e := range s.Editors {
		if e.GoExtension() != nil {
			anyHas = true
		}
	}
	ex := extensionsSeen{home: f.Host.HomeDir()}
	for _, e := range s.Editors {
		cli := e.CLI
		if e.ExtensionsDir == "" && e.UserDir == "" {
			cli = "" // a remote server only: extensions are installed from the editor connected to it
		}
		ex.launcher = ""
		if cli != "" {
			ex.launcher = f.ShellTool(cli)
		}
		ex.goExtension(s, e, cli, anyHas)
		ex.retired(e, cli)
	}
	return ex.finding()
}

// extensionsSeen is what extensionCheck found, editor by editor.
type extensionsSeen struct {
	problems   []extProblem
	notes, oks []string
	// home is the directory fix runs the launcher in, and launcher the editor's launcher
	// found on PATH for the editor being judged ("" when it is not there).
	home, launcher string
}

// launch is the launcher's argv with args, or nil when the launcher is not on PATH (fix cannot
// run it; the command is still shown).
func (ex *extensionsSeen) launch(args ...string) []string {
	if ex.launcher == "" || ex.home == "" {
		return nil
	}
	return append([]string{ex.launcher}, args...)
}

// goExtension judges editor e's golang.go: missing where Go is written, too old, or fine.
func (ex *extensionsSeen) goExtension(s *vscode.Settings, e vscode.Editor, cli string, anyHas bool) {
	x := e.GoExtension()
	switch {
	case x == nil && (!anyHas || editorHasGoSettings(s, e.Name)):
		why := "no editor here has it"
		if anyHas {
			why = "its user settings set go.* settings"
		}
		ex.problems = append(ex.problems, extProblem{finding.Warn, e.Name + " has no Go extension (golang.go)",
			fmt.Sprintf("%s has no Go extension (golang.go), and %s: Go files get no language server, debugging, tests or tool management in %s.", e.Name, why, e.Name),
			extInstallCommand(cli, "golang.go", false), ex.launch("--install-extension", "golang.go")})
	case x == nil:
		ex.notes = append(ex.notes, fmt.Sprintf("%s has no Go extension; if you write Go in %s, install golang.go there too.", e.Name, e.Name))
	case vscode.CompareVersions(x.Version, oldestSupportedExtension) < 0:
		ex.problems = append(ex.problems, extProblem{finding.Warn, fmt.Sprintf("%s runs golang.go %s, older than v%s", e.Name, x.Version, oldestSupportedExtension),
			fmt.Sprintf("%s runs golang.go %s (%s), older than v%s, the oldest release made for a Go the Go team still supports: it pins tool versions for Go releases out of support, and its fixes are only in newer releases.", e.Name, x.Version, x.Dir, oldestSupportedExtension),
			extInstallCommand(cli, "golang.go", true), ex.launch("--install-extension", "golang.go", "--force")})
	default:
		ok := fmt.Sprintf("%s: golang.go %s", e.Name, x.Version)
		if x.PreRelease {
			ok += " (a pre-release version)"
		}
		if x.Remote {
			ok += " on the remote server"
		}
		ex.oks = append(ex.oks, ok)
	}
}

// retired reports the retired Go extensions installed in editor e.
func (ex *extensionsSeen) retired(e vscode.Editor, cli string) {
	for _, r := range e.Extensions {
		if r.ID != vscode.RetiredGoExtensionID && r.ID != vscode.NightlyGoExtensionID {
			continue
		}
		what := "ms-vscode.go is the Go extension's id before the Go team took it over in 2020; it gets no updates, and alongside golang.go both register the same commands and language features"
		if r.ID == vscode.NightlyGoExtensionID {
			what = "Go Nightly was retired in 2022 for golang.go's pre-release versions; it cannot run alongside golang.go"
		}
		p := extProblem{finding.Warn, fmt.Sprintf("%s has the retired %s installed", e.Name, r.ID), fmt.Sprintf("%s has %s %s installed (%s): %s.", e.Name, r.ID, r.Version, r.Dir, what),
			extInstallCommand(cli, r.ID, false), nil}
		if cli != "" {
			p.command = cli + " --uninstall-extension " + r.ID
			p.argv = ex.launch("--uninstall-extension", r.ID)
		}
		ex.problems = append(ex.problems, p)
	}
}

func (ex *extensionsSeen) finding() finding.Finding {
	if len(ex.problems) == 0 {
		fd := finding.Finding{Status: finding.OK, Title: "the Go extension: " + strings.Join(ex.oks, "; ")}
		if len(ex.oks) == 0 {
			fd.Status, fd.Title = finding.Info, "no editor here has the Go extension"
		}
		fd.Detail = strings.Join(ex.notes, "\n")
		return fd
	}
	var lines, commands, titles []string
	var actions []finding.Action
	for _, p := range ex.problems {
		lines = append(lines, p.text)
		titles = append(titles, p.title)
		if p.command != "" {
			commands = append(commands, p.command)
		}
		if p.argv != nil {
			actions = append(actions, finding.Action{Kind: finding.RunCommand, Argv: p.argv, Dir: ex.home})
		}
	}
	lines = append(lines, ex.notes...)
	// The launcher downloads from the editor's marketplace into the editor: a step to confirm.
	return finding.Finding{Status: finding.Warn, Title: strings.Join(titles, "; "), Detail: strings.Join(lines, "\n"),
		Fix: &finding.Fix{Summary: "Install or update golang.go and uninstall the retired Go extensions, from the editor's Extensions view or its command line; for a remote server, from the editor connected to it.",
			Commands: commands, Actions: actions, Docs: "https://marketplace.visualstudio.com/items?itemName=golang.go"}}
}

// extInstallCommand is the editor command line that installs (or, with update, updates) an
// extension, or "" for a remote server.
func extInstallCommand(cli, id string, update bool) string {
	if cli == "" {
		return ""
	}
	c := cli + " --install-extension " + id
	if update {
		c += " --force"
	}
	return c
}

// editorHasGoSettings reports whether the editor's user settings set go.* or gopls settings.
func editorHasGoSettings(s *vscode.Settings, editor string) bool {
	for _, sf := range s.Files {
		if sf.Editor == editor && sf.Scope == vscode.ScopeUser && sf.HasGoSettings() {
			return true
		}
	}
	return false
}

// settingEvidence is the evidence of one setting: its file, line and value.
func settingEvidence(st vscode.Setting) finding.Evidence {
	return doctor.Read(st.File, fmt.Sprintf("line %d: %q: %s", st.Line, settingLastKey(st.Key), st.Value))
}

// settingLastKey is the key as written in its object: "gopls" for "go.alternateTools.gopls".
func settingLastKey(key string) string {
	for _, obj := range []string{vscode.KeyAlternateTools, vscode.KeyToolsEnvVars} {
		if k, ok := strings.CutPrefix(key, obj+"."); ok {
			return k
		}
	}
	return key
}

// settingJSON is s as a JSON string.
func settingJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// settingEditAction is the settings_edit action that sets (or, with value "", removes) a setting,
// addressed as settingPointer addresses it: inside a .code-workspace's "settings" and a language
// block when it is there, and one member of go.alternateTools or go.toolsEnvVars for their keys.
func settingEditAction(st vscode.Setting, value string) finding.Action {
	key, path := st.Key, []string(nil)
	for _, obj := range []string{vscode.KeyAlternateTools, vscode.KeyToolsEnvVars} {
		if k, ok := strings.CutPrefix(st.Key, obj+"."); ok {
			key, path = obj, []string{k}
		}
	}
	return finding.Action{Kind: finding.SettingsEdit, File: st.File, Key: settingPointer(st, key, path), Value: value}
}

// settingEditSummary says in words what settingEditAction does.
func settingEditSummary(st vscode.Setting, value string) string {
	where := fmt.Sprintf("In %s, line %d", st.File, st.Line)
	k := settingLastKey(st.Key)
	if value == "" {
		if k != st.Key {
			return fmt.Sprintf("%s: remove %q from %q.", where, k, strings.TrimSuffix(st.Key, "."+k))
		}
		return fmt.Sprintf("%s: remove %q.", where, k)
	}
	return fmt.Sprintf("%s: set %q: %s.", where, k, value)
}

// settingsFix joins fix summaries and actions in a stable order.
func settingsFix(summaries []string, actions []finding.Action, docs string) *finding.Fix {
	sort.Strings(summaries)
	return &finding.Fix{Summary: strings.Join(summaries, "\n"), Actions: actions, Auto: len(actions) == len(summaries) && len(actions) > 0, Docs: docs}
}

// countOf is "1 thing" or "n things".
func countOf(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, text.Plural(n, one, many))
}
