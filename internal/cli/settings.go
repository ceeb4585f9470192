package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

// settingsSchema is the schema of `gomedic settings --json` (docs/json.md).
const settingsSchema = "gomedic.settings/v1"

func newSettingsCmd(io *IO) *cobra.Command {
	var asJSON bool
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "settings [dir]",
		Short: "Show the editor settings in effect for the workspace dir (default .), where each comes from, and which binary each tool resolves to",
		Long: `Show what the Go extension for VS Code (and Cursor, VSCodium, Windsurf) sees in the workspace
dir (default .): the editors and Go extensions found, the settings files read (and any that do not
parse, with file:line:column), every go.* and gopls setting in effect with the file and line it
came from and what it overrides, and for go, gopls, dlv and the format and lint tools the binary
the extension runs and the rule that chose it.

The exit status is 0 whatever the settings say; gomedic check judges them.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			abs, err := workspaceDir(dir)
			if err != nil {
				return usageError("%v", err)
			}
			if timeout <= 0 {
				return usageError("--timeout must be positive")
			}
			f := facts.New(cmd.Context(), io.Host, abs, host.ScaleTimeout(io.Env, timeout))
			f.CacheDir = cacheDir(io)
			doc := buildSettingsDoc(f)
			if asJSON {
				err = writeSettingsJSON(io.Out, doc)
			} else {
				err = writeSettingsText(io.Out, doc)
			}
			if err != nil {
				return &exitError{code: ExitInternal, err: fmt.Errorf("writing the settings: %w", err)}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the settings as JSON (schema "+settingsSchema+", docs/json.md)")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Second, "how long go env may take")
	return cmd
}

// settingsDoc is the `gomedic settings --json` document.
type settingsDoc struct {
	Schema    string          `json:"schema"`
	Workspace string          `json:"workspace"`
	Folders   []string        `json:"folders"`
	Editors   []vscode.Editor `json:"editors"`
	Files     []settingsFile  `json:"files"`
	Settings  []settingView   `json:"settings"`
	Tools     []toolView      `json:"tools"`
}

// settingsFile is a settings file read, and its error.
type settingsFile struct {
	Path     string        `json:"path"`
	Scope    vscode.Scope  `json:"scope"`
	Editor   string        `json:"editor,omitempty"`
	Profile  string        `json:"profile,omitempty"`
	Folder   string        `json:"folder,omitempty"`
	Inactive bool          `json:"inactive,omitempty"`
	Error    *settingsFail `json:"error,omitempty"`
}

// settingsFail is why a settings file did not parse or could not be read.
type settingsFail struct {
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

// settingView is a setting in effect: where it comes from, what it overrides, and for an object
// its members as VS Code merges them across files.
type settingView struct {
	vscode.Setting
	Overrides []vscode.Setting `json:"overrides,omitempty"`
	Members   []settingView    `json:"members,omitempty"`
	// Ignored says why the extension does not read the setting (a "[go]" block).
	Ignored string `json:"ignored,omitempty"`
}

// toolView is where the extension finds one tool.
type toolView struct {
	Role     string      `json:"role"`              // "go", "language server", "debugger", "format", "lint"
	Tool     string      `json:"tool"`              // the tool the extension asks for
	Setting  string      `json:"setting,omitempty"` // the setting that named it
	Name     string      `json:"name"`              // the program name looked for (go.alternateTools may rename it)
	Path     string      `json:"path"`              // the binary it runs; "" when none is found
	Rule     string      `json:"rule"`
	Describe string      `json:"describe"`
	Tried    []placeView `json:"tried"`
	Note     string      `json:"note,omitempty"`
}

// placeView is one place the extension looked.
type placeView struct {
	Rule       string `json:"rule"`
	Dir        string `json:"dir,omitempty"`
	Path       string `json:"path,omitempty"`
	Passed     string `json:"passed,omitempty"`
	PassedPath string `json:"passed_path,omitempty"`
	File       string `json:"file,omitempty"`
}

const ignoredLanguage = `in a "[go]" block: the Go extension reads its settings without a language, so VS Code does not apply language blocks to them`

func buildSettingsDoc(f *facts.Facts) *settingsDoc {
	s := f.Settings()
	doc := &settingsDoc{Schema: settingsSchema, Workspace: f.Dir, Folders: s.Folders, Editors: s.Editors,
		Files: []settingsFile{}, Settings: []settingView{}, Tools: []toolView{}}
	if doc.Editors == nil {
		doc.Editors = []vscode.Editor{}
	}
	for _, sf := range s.Files {
		v := settingsFile{Path: sf.Path, Scope: sf.Scope, Editor: sf.Editor, Profile: sf.Profile, Folder: sf.Folder, Inactive: sf.Inactive}
		if sf.Err != nil {
			v.Error = &settingsFail{Message: sf.Err.Error()}
			var pe *vscode.ParseError
			if errors.As(sf.Err, &pe) {
				v.Error = &settingsFail{Message: pe.Msg, Line: pe.Line, Column: pe.Col}
			}
		}
		doc.Files = append(doc.Files, v)
	}
	var keys []string
	seen := map[string]bool{}
	for _, st := range s.All {
		if !seen[st.Key] {
			seen[st.Key] = true
			keys = append(keys, st.Key)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		win, ok := s.ExtensionValue(key)
		if !ok {
			for _, ig := range s.Ignored(key) {
				doc.Settings = append(doc.Settings, settingView{Setting: showableSetting(ig), Ignored: ignoredLanguage})
			}
			continue
		}
		v := settingView{Setting: showableSetting(win)}
		for _, o := range append(s.Overridden(key, win), s.Ignored(key)...) {
			v.Overrides = append(v.Overrides, showableSetting(o))
		}
		for _, m := range s.Merged(key) {
			v.Members = append(v.Members, settingView{Setting: showableSetting(m)})
		}
		doc.Settings = append(doc.Settings, v)
	}
	doc.Tools = toolViews(f, s)
	return doc
}

// toolViews resolves go, gopls, dlv and the format and lint tools as the extension does.
func toolViews(f *facts.Facts, s *vscode.Settings) []toolView {
	ts := f.ToolSettings()
	paths := f.GoPaths()
	view := func(role, tool, setting, note string) toolView {
		res := vscode.Resolve(f.Host, tool, ts, paths)
		tv := toolView{Role: role, Tool: tool, Setting: setting, Name: res.Name, Path: res.Path, Rule: string(res.Rule), Describe: res.Describe(), Note: note, Tried: []placeView{}}
		for _, pl := range res.Tried {
			tv.Tried = append(tv.Tried, placeView{Rule: string(pl.Rule), Dir: pl.Dir, Path: pl.Path, Passed: pl.Passed, PassedPath: pl.PassedPath, File: pl.File})
		}
		return tv
	}
	out := []toolView{
		view("go", "go", "", ""),
		view("language server", "gopls", "", languageServerNote(s)),
	}
	out = append(out, view("debugger", "dlv", "", ""))
	format, formatSetting := stringSetting(s, vscode.KeyFormatTool)
	switch format {
	case "":
		out = append(out, view("format", "gopls", formatSetting, "go.formatTool is not set (\"default\"): the language server formats"))
	case "default":
		out = append(out, view("format", "gopls", formatSetting, "go.formatTool is \"default\": the language server formats"))
	case "custom":
		out = append(out, view("format", "customFormatter", formatSetting, "go.formatTool is \"custom\": the extension runs go.alternateTools.customFormatter"))
	default:
		out = append(out, view("format", format, formatSetting, ""))
	}
	lint, lintSetting := stringSetting(s, vscode.KeyLintTool)
	note := ""
	if lint == "" {
		lint, note = "staticcheck", "go.lintTool is not set: the extension lints with staticcheck"
	}
	if lint == "staticcheck" && goplsStaticcheck(s) {
		note = strings.TrimPrefix(note+"; ", "; ") + "gopls runs staticcheck (\"ui.diagnostic.staticcheck\": true), so the extension does not run it on save"
	}
	if on, _ := stringSetting(s, "go.lintOnSave"); on == "off" {
		note = strings.TrimPrefix(note+"; ", "; ") + "go.lintOnSave is \"off\": it runs only from the Go: Lint commands"
	}
	out = append(out, view("lint", lint, lintSetting, note))
	return out
}

// stringSetting is the string value the extension reads for key, and where it was set ("" when
// it is not set or not a string).
func stringSetting(s *vscode.Settings, key string) (value, where string) {
	value, st, ok := s.StringValue(key)
	if !ok {
		return "", ""
	}
	return value, fmt.Sprintf("%s (%s:%d)", key, st.File, st.Line)
}

// goplsStaticcheck reports whether the gopls settings turn on gopls's own staticcheck analyses.
func goplsStaticcheck(s *vscode.Settings) bool {
	for _, m := range s.Merged("gopls") {
		if m.Key == "gopls.ui.diagnostic.staticcheck" && strings.TrimSpace(string(m.Value)) == "true" {
			return true
		}
	}
	return false
}

// languageServerNote says when the language server is turned off.
func languageServerNote(s *vscode.Settings) string {
	if st, ok := s.ExtensionValue("go.useLanguageServer"); ok && strings.TrimSpace(string(st.Value)) == "false" {
		return fmt.Sprintf("go.useLanguageServer is false (%s:%d): the extension does not start gopls", st.File, st.Line)
	}
	return ""
}

// maxValueDepth is how deeply a setting's value may nest in the JSON document: encoding/json
// refuses values nested more than 10,000 levels, and no real setting nests more than a few.
const maxValueDepth = 1000

// showable is v, or a string saying why it is not shown when it nests too deeply to encode.
func showable(v json.RawMessage) json.RawMessage {
	depth, deepest := 0, 0
	inString := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case inString && c == '\\':
			i++
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	if deepest <= maxValueDepth {
		return v
	}
	return json.RawMessage(fmt.Sprintf(`"(a value nested %d levels deep, not shown)"`, deepest))
}

// showableSetting is st with its value showable.
func showableSetting(st vscode.Setting) vscode.Setting {
	st.Value = showable(st.Value)
	return st
}

func writeSettingsJSON(w io.Writer, doc *settingsDoc) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// writeSettingsText prints doc for people, plain text.
func writeSettingsText(w io.Writer, doc *settingsDoc) error {
	p := &textOut{w: w}
	p.printf("Workspace %s\n", doc.Workspace)
	if len(doc.Folders) > 1 || len(doc.Folders) == 1 && doc.Folders[0] != doc.Workspace {
		p.printf("Folders   %s\n", strings.Join(doc.Folders, ", "))
	}

	p.printf("\nEditors\n")
	if len(doc.Editors) == 0 {
		p.printf("  none found (Code, Code - Insiders, VSCodium, Cursor, Windsurf)\n")
	}
	for _, e := range doc.Editors {
		p.printf("  %s\n", e.Name)
		if e.UserDir != "" {
			p.printf("    user settings     %s%s\n", e.UserSettings(), profileText(e))
		}
		if e.MachineDir != "" {
			p.printf("    remote machine    %s\n", e.MachineDir)
		}
		for _, dir := range []string{e.ExtensionsDir, e.RemoteExtensionsDir} {
			if dir == "" {
				continue
			}
			var exts []string
			for _, x := range e.Extensions {
				if strings.HasPrefix(x.Dir, dir) {
					exts = append(exts, x.ID+" "+x.Version)
				}
			}
			if len(exts) == 0 {
				exts = []string{"no Go extension"}
			}
			p.printf("    extensions        %s: %s\n", dir, strings.Join(exts, ", "))
		}
	}

	p.printf("\nSettings files, weakest first\n")
	if len(doc.Files) == 0 {
		p.printf("  none\n")
	}
	for _, sf := range doc.Files {
		who := sf.Editor
		if sf.Profile != "" {
			who += ", profile " + sf.Profile
		}
		line := fmt.Sprintf("  %-9s %s", sf.Scope, sf.Path)
		if who != "" {
			line += " (" + who + ")"
		}
		if sf.Inactive {
			line += " [not used for this workspace]"
		}
		if sf.Error != nil {
			if sf.Error.Line > 0 {
				line += fmt.Sprintf("\n            DOES NOT PARSE: %s:%d:%d: %s", sf.Path, sf.Error.Line, sf.Error.Column, sf.Error.Message)
			} else {
				line += "\n            NOT READ: " + sf.Error.Message
			}
		}
		p.printf("%s\n", line)
	}

	p.printf("\nSettings in effect\n")
	if len(doc.Settings) == 0 {
		p.printf("  no go.* or gopls setting is set: the extension's defaults apply\n")
	}
	for _, v := range doc.Settings {
		p.setting(v, "  ")
	}

	p.printf("\nTools: the binary the Go extension runs\n")
	shown := map[string]bool{}
	for _, t := range doc.Tools {
		where := t.Path
		if where == "" {
			where = "NOT FOUND"
		}
		name := t.Tool
		if t.Name != t.Tool {
			name += " (as " + t.Name + ")"
		}
		p.printf("  %-16s %-22s %s", t.Role, name, where)
		if t.Path != "" {
			p.printf("  [%s]", t.Describe)
		}
		p.printf("\n")
		if t.Setting != "" {
			p.printf("      chosen by %s\n", t.Setting)
		}
		if t.Note != "" {
			p.printf("      %s\n", t.Note)
		}
		if shown[t.Tool] {
			continue
		}
		shown[t.Tool] = true
		for _, line := range placeLines(t) {
			p.printf("      %s\n", line)
		}
	}
	return p.err
}

// placeLines lists the places the extension looked for a tool, one a line; a run of three or
// more directories of one rule without the tool (the usual PATH) is one line.
func placeLines(t toolView) []string {
	var lines []string
	tried := t.Tried
	for i := 0; i < len(tried); i++ {
		pl := tried[i]
		switch {
		case pl.Path != "":
			lines = append(lines, fmt.Sprintf("%-18s %s  <- runs this", pl.Rule, pl.Path))
			continue
		case pl.Passed != "":
			lines = append(lines, fmt.Sprintf("%-18s %s: %s", pl.Rule, pl.PassedPath, pl.Passed))
			continue
		case pl.File != "":
			lines = append(lines, fmt.Sprintf("%-18s %s: does not exist", pl.Rule, pl.File))
			continue
		}
		j := i
		for j+1 < len(tried) && tried[j+1].Rule == pl.Rule && tried[j+1].Path == "" && tried[j+1].Passed == "" && tried[j+1].File == "" {
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

// profileText names the profile an editor opens the workspace with, when the user has profiles.
func profileText(e vscode.Editor) string {
	for _, pr := range e.Profiles {
		if pr.Active {
			return fmt.Sprintf(" (profile %q of %d)", pr.Name, len(e.Profiles))
		}
	}
	return ""
}

// textOut prints and remembers the first write error.
type textOut struct {
	w   io.Writer
	err error
}

func (p *textOut) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// setting prints one setting with its provenance, what it overrides and its members.
func (p *textOut) setting(v settingView, indent string) {
	p.printf("%s%s = %s\n", indent, v.Key, clipJSON(v.Value))
	p.printf("%s    %s\n", indent, origin(v.Setting))
	for _, pv := range v.Paths {
		if pv.Key == v.Key && pv.Expanded != pv.Raw {
			p.printf("%s    expands to %s\n", indent, pv.Expanded)
		}
		for _, u := range pv.Unexpanded {
			p.printf("%s    %s is not expanded by the Go extension\n", indent, u)
		}
		for _, e := range pv.EmptyEnv {
			p.printf("%s    ${env:%s} is empty here\n", indent, e)
		}
	}
	if v.Ignored != "" {
		p.printf("%s    ignored: %s\n", indent, v.Ignored)
	}
	for _, o := range v.Overrides {
		what := "overrides"
		if o.Language != "" {
			what = "ignored "
		}
		p.printf("%s    %s %s = %s\n", indent, what, origin(o), clipJSON(o.Value))
	}
	for _, m := range v.Members {
		p.setting(m, indent+"    ")
	}
}

// origin says where a setting is set: "folder /w/.vscode/settings.json:3".
func origin(st vscode.Setting) string {
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

// clipJSON is a JSON value on one line, cut when long.
func clipJSON(v json.RawMessage) string {
	var b bytes.Buffer
	s := string(v)
	if json.Compact(&b, v) == nil {
		s = b.String()
	}
	if r := []rune(s); len(r) > 100 {
		s = string(r[:97]) + "..."
	}
	return s
}
