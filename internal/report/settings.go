package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/text"
)

// maxValueText is how many characters of a setting's value the text and Markdown show.
const maxValueText = 100

// SettingsJSON writes the document of `gomedic settings --json` (docs/json.md), redacted. The
// settings in effect are encoded and written one at a time, as writeJSON would indent them, so
// neither a redacted copy of the document nor its whole encoding is ever held.
func SettingsJSON(w io.Writer, d *result.Settings) error {
	views := d.Views()
	head := redactSettingsButViews(d)
	head.Settings = []result.SettingView{}
	var b bytes.Buffer
	if err := writeJSON(&b, head); err != nil {
		return err
	}
	const slot = "\n  \"settings\": []" // the one member of the top level named settings
	before, after, ok := bytes.Cut(b.Bytes(), []byte(slot))
	if !ok {
		return fmt.Errorf("encoding the settings: no %q in the document", slot)
	}
	bw := bufio.NewWriter(w)
	bw.Write(before)
	bw.WriteString(slot[:len(slot)-1])
	var one bytes.Buffer // one encoder and buffer for every setting: no garbage per setting
	enc := json.NewEncoder(&one)
	enc.SetIndent("    ", "  ")
	t, n := texts{}, 0
	for v := range views {
		one.Reset()
		if err := enc.Encode(redactView(v, t)); err != nil {
			return fmt.Errorf("encoding setting %s: %w", v.Key, err)
		}
		if n++; n > 1 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteByte(']')
	bw.Write(after)
	return bw.Flush()
}

// SettingsText writes the settings document for people: the editors, the settings files, the
// settings in effect with where each comes from, and the binary each tool resolves to.
func SettingsText(w io.Writer, d *result.Settings) error {
	views := d.Views()
	d = redactSettingsButViews(d)
	p := &printer{w: w}
	p.linef("Workspace %s", d.Workspace)
	if len(d.Folders) > 1 || len(d.Folders) == 1 && d.Folders[0] != d.Workspace {
		p.linef("Folders   %s", strings.Join(d.Folders, ", "))
	}
	editorsText(p, d.Editors, d.Editor)
	settingsFilesText(p, d.Files)
	p.line("")
	p.line("Settings in effect")
	t, n := texts{}, 0
	for v := range views {
		settingText(p, redactView(v, t), "  ")
		n++
	}
	if n == 0 {
		p.line("  no go.* or gopls setting is set: the extension's defaults apply")
	}
	toolViewsText(p, d.Tools)
	return p.err
}

func editorsText(p *printer, editors []result.Editor, judged string) {
	p.line("")
	p.line("Editors")
	if len(editors) == 0 {
		p.line("  none found (Code, Code - Insiders, VSCodium, Cursor, Windsurf)")
	}
	for _, e := range editors {
		p.linef("  %s%s", e.Name, judgedNote(e.Name, judged, len(editors)))
		if e.UserDir != "" {
			p.linef("    user settings     %s%s", userSettings(e), profileText(e))
		}
		if e.MachineDir != "" {
			p.linef("    remote machine    %s", e.MachineDir)
		}
		for _, dir := range []string{e.ExtensionsDir, e.RemoteExtensionsDir} {
			if dir != "" {
				p.linef("    extensions        %s: %s", dir, strings.Join(extensionsIn(e, dir), ", "))
			}
		}
	}
}

// judgedNote marks the editor whose user and machine settings are in effect, when there are
// several: the others' apply only where the workspace is opened in them.
func judgedNote(name, judged string, editors int) string {
	if editors < 2 || name != judged {
		return ""
	}
	return " (its settings are the ones in effect below; --editor NAME for another's)"
}

// userSettings is the user settings file an editor reads for the workspace: its active profile's,
// else the default one in its user folder.
func userSettings(e result.Editor) string {
	for _, pr := range e.Profiles {
		if pr.Active && !pr.UsesDefaultSettings {
			return pr.Settings
		}
	}
	if e.UserDir == "" {
		return ""
	}
	return joinPath(e.UserDir, "settings.json")
}

// joinPath is dir/name with the separator dir is written with: the document may come from
// another system than the one rendering it.
func joinPath(dir, name string) string {
	sep := "/"
	if strings.Contains(dir, `\`) && !strings.Contains(dir, "/") {
		sep = `\`
	}
	return strings.TrimRight(dir, sep) + sep + name
}

// profileText names the profile an editor opens the workspace with, when the user has profiles.
func profileText(e result.Editor) string {
	for _, pr := range e.Profiles {
		if pr.Active {
			return fmt.Sprintf(" (profile %q of %d)", pr.Name, len(e.Profiles))
		}
	}
	return ""
}

// extensionsIn lists the Go extensions in the extensions folder dir: "golang.go 0.46.1".
func extensionsIn(e result.Editor, dir string) []string {
	var exts []string
	for _, x := range e.Extensions {
		if strings.HasPrefix(x.Dir, dir) {
			exts = append(exts, x.ID+" "+x.Version)
		}
	}
	if len(exts) == 0 {
		return []string{"no Go extension"}
	}
	return exts
}

func settingsFilesText(p *printer, files []result.SettingsFile) {
	p.line("")
	p.line("Settings files, weakest first")
	if len(files) == 0 {
		p.line("  none")
	}
	for _, sf := range files {
		line := fmt.Sprintf("  %-9s %s", sf.Scope, sf.Path)
		if who := fileOwner(sf); who != "" {
			line += " (" + who + ")"
		}
		if sf.NotUsed != "" {
			line += " [" + sf.NotUsed + "]"
		}
		p.linef("%s", line)
		switch {
		case sf.Error != nil && sf.Error.Line > 0:
			p.linef("            DOES NOT PARSE: %s:%d:%d: %s", sf.Path, sf.Error.Line, sf.Error.Column, sf.Error.Message)
		case sf.Error != nil:
			p.linef("            NOT READ: %s", sf.Error.Message)
		}
	}
}

// fileOwner is the editor and profile a settings file belongs to: "Code, profile Work".
func fileOwner(sf result.SettingsFile) string {
	who := sf.Editor
	if sf.Profile != "" {
		who += ", profile " + sf.Profile
	}
	return who
}

// settingText writes one setting with its provenance, what it overrides and its members.
func settingText(p *printer, v result.SettingView, indent string) {
	p.linef("%s%s = %s", indent, v.Key, text.ClipJSON(v.Value, maxValueText))
	p.linef("%s    %s", indent, origin(v.Setting))
	for _, pv := range v.Paths {
		if pv.Key == v.Key && pv.Expanded != pv.Raw {
			p.linef("%s    expands to %s", indent, pv.Expanded)
		}
		for _, u := range pv.Unexpanded {
			p.linef("%s    %s is not expanded by the Go extension", indent, u)
		}
		for _, e := range pv.EmptyEnv {
			p.linef("%s    ${env:%s} is empty here", indent, e)
		}
	}
	if v.Ignored != "" {
		p.linef("%s    ignored: %s", indent, v.Ignored)
	}
	for _, o := range v.Overrides {
		what := "overrides"
		if o.Language != "" {
			what = "ignored "
		}
		p.linef("%s    %s %s = %s", indent, what, origin(o), text.ClipJSON(o.Value, maxValueText))
	}
	for _, m := range v.Members {
		settingText(p, m, indent+"    ")
	}
}

// origin says where a setting is set: "folder /w/.vscode/settings.json:3".
func origin(st result.Setting) string {
	s := fmt.Sprintf("%s %s:%d", st.Scope, st.File, st.Line)
	var who []string
	if st.Editor != "" {
		who = append(who, st.Editor)
	}
	if st.Profile != "" {
		who = append(who, "profile "+st.Profile)
	}
	if st.Language != "" {
		who = append(who, "["+st.Language+"] block")
	}
	if len(who) > 0 {
		s += " (" + strings.Join(who, ", ") + ")"
	}
	return s
}

// toolViewsText writes the binary the Go extension runs for each tool, and where it looked (once
// per tool: the format tool is often gopls again).
func toolViewsText(p *printer, tools []result.ToolView) {
	p.line("")
	p.line("Tools: the binary the Go extension runs")
	shown := map[string]bool{}
	for _, t := range tools {
		line := fmt.Sprintf("  %-16s %-22s %s", t.Role, toolName(t), orNotFound(t.Path))
		if t.Path != "" {
			line += fmt.Sprintf("  [%s]", t.Describe)
		}
		p.linef("%s", line)
		if t.Setting != "" {
			p.linef("      chosen by %s", t.Setting)
		}
		if t.Note != "" {
			p.linef("      %s", t.Note)
		}
		if shown[t.Tool] {
			continue
		}
		shown[t.Tool] = true
		for _, line := range placeLines(t) {
			p.linef("      %s", line)
		}
	}
}

// toolName is the tool and, when go.alternateTools renames it, the name looked for.
func toolName(t result.ToolView) string {
	if t.Name != t.Tool {
		return t.Tool + " (as " + t.Name + ")"
	}
	return t.Tool
}

func orNotFound(path string) string {
	if path == "" {
		return "NOT FOUND"
	}
	return path
}

// placeLines lists the places the extension looked for a tool, one a line; a run of three or
// more directories of one rule without the tool (the usual PATH) is one line.
func placeLines(t result.ToolView) []string {
	var lines []string
	tried := t.Tried
	for i := 0; i < len(tried); i++ {
		pl := tried[i]
		if line := placeLine(pl); line != "" {
			lines = append(lines, line)
			continue
		}
		j := i
		for j+1 < len(tried) && tried[j+1].Rule == pl.Rule && placeLine(tried[j+1]) == "" {
			j++
		}
		if j-i >= 2 {
			lines = append(lines, fmt.Sprintf("%-18s %d directories, %s ... %s: no %s", pl.Rule, j-i+1, pl.Dir, tried[j].Dir, t.Name))
			i = j
			continue
		}
		lines = append(lines, fmt.Sprintf("%-18s %s: no %s", pl.Rule, pl.Dir, t.Name))
	}
	return lines
}

// placeLine is the line of a place where something was found, passed over or named; "" for a
// directory without the tool.
func placeLine(pl result.ToolPlace) string {
	switch {
	case pl.Path != "":
		return fmt.Sprintf("%-18s %s  <- runs this", pl.Rule, pl.Path)
	case pl.Passed != "":
		return fmt.Sprintf("%-18s %s: %s", pl.Rule, pl.PassedPath, pl.Passed)
	case pl.File != "":
		return fmt.Sprintf("%-18s %s: does not exist", pl.Rule, pl.File)
	}
	return ""
}
