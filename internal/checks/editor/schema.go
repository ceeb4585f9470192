package editor

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/vscode"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// Docs pages the settings fixes link to.
const (
	docsExtensionSettings = "https://github.com/golang/vscode-go/wiki/settings"
	docsGoplsSettings     = "https://go.dev/gopls/settings"
)

// goplsPath is the gopls the editor runs, "" when it finds none.
func goplsPath(f *facts.Facts) string {
	t := toolset.Lookup("gopls")
	if t == nil {
		return ""
	}
	return f.Tool(t).Resolution.Path
}

// goplsVersion names the gopls at path for messages: "gopls v0.21.1", or "gopls" when its
// version is unknown.
func goplsVersion(f *facts.Facts, path string) string {
	if bi := f.BinInfo(path); bi.Info != nil && bi.Info.Version != "" && bi.Info.Version != "(devel)" {
		return "gopls " + bi.Info.Version
	}
	return "gopls"
}

// settingsTables are the extension settings tables a run checks against.
type settingsTables struct {
	// byEditor is the table of the Go extension each editor runs, by editor name.
	byEditor map[string]schema.Table
	// newest is for workspace and folder files, which any editor may open: the newest installed
	// extension's table, else the built-in one.
	newest schema.Table
	// notes say why an installed extension's manifest was not used.
	notes []string
}

// forSetting is the table that applies to a setting: its editor's for user and remote files.
func (ts settingsTables) forSetting(st vscode.Setting) schema.Table {
	if t, ok := ts.byEditor[st.Editor]; ok && st.Editor != "" {
		return t
	}
	return ts.newest
}

// maxManifest bounds the package.json read (the Go extension's is about 270 KB).
const maxManifest = 16 << 20

// loadSettingsTables reads the manifest of the Go extension each editor runs; an editor without
// one, or whose manifest cannot be read, gets the built-in table.
func loadSettingsTables(f *facts.Facts, s *vscode.Settings) settingsTables {
	ts := settingsTables{byEditor: map[string]schema.Table{}, newest: schema.Builtin()}
	byManifest := map[string]*schema.Table{}
	newestVersion := ""
	for i := range s.Editors {
		e := &s.Editors[i]
		x := e.GoExtension()
		if x == nil || x.Manifest == "" {
			continue
		}
		t, seen := byManifest[x.Manifest]
		if !seen {
			data, err := f.Host.ReadFile(x.Manifest, maxManifest)
			if err == nil {
				var tb schema.Table
				if tb, err = schema.FromManifest(data); err == nil {
					tb.Source = x.Manifest
					t = &tb
				}
			}
			if err != nil {
				ts.notes = append(ts.notes, fmt.Sprintf("The manifest of %s's Go extension, %s, could not be used (%v); its settings were checked against gomedic's built-in table of golang.go %s instead.", e.Name, x.Manifest, err, schema.Builtin().Version))
			}
			byManifest[x.Manifest] = t
		}
		if t == nil {
			ts.byEditor[e.Name] = schema.Builtin()
			continue
		}
		ts.byEditor[e.Name] = *t
		if newestVersion == "" || vscode.CompareVersions(t.Version, newestVersion) > 0 {
			ts.newest, newestVersion = *t, t.Version
		}
	}
	return ts
}

// goplsSchema is what the gopls the editor runs says about its settings.
type goplsSchema struct {
	path    string // "" when the editor finds no gopls
	version string // "gopls v0.21.1"
	api     *schema.API
	res     *host.Result // the api-json command
	err     error
}

// settingsUnknownCheck checks every go.* and gopls setting of every settings file that applies.
func settingsUnknownCheck(ctx context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	ts := loadSettingsTables(f, s)
	g := goplsSchema{path: goplsPath(f)}
	if g.path != "" && hasGoplsSettings(s) {
		g.version = goplsVersion(f, g.path)
		g.api, g.res, g.err = f.GoplsAPI(ctx, g.path)
	}
	return settingsUnknownFinding(s, ts, g)
}

// hasGoplsSettings reports whether some file sets "gopls" or a gopls.* key.
func hasGoplsSettings(s *vscode.Settings) bool {
	for st := range s.All() {
		if isGoplsKey(st.Key) {
			return true
		}
	}
	return false
}

func isGoplsKey(key string) bool { return key == "gopls" || strings.HasPrefix(key, "gopls.") }

// foundProblem is a problem found in one setting, with its repair.
type foundProblem struct {
	st      vscode.Setting
	p       schema.Problem
	line    int    // of the member the problem is about
	text    string // the line of the detail
	actions []finding.Action
	summary string // the repair in words; "" when there is none
	guess   bool   // the repair guesses what was meant
}

// settingsUnknownFinding judges the settings against the tables and gopls's own list.
func settingsUnknownFinding(s *vscode.Settings, ts settingsTables, g goplsSchema) finding.Finding {
	sc := scanSettings(s, ts, g)
	if sc.goKeys+sc.goplsKeys == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no go.* or gopls settings to check",
			Detail: "None of the settings files that apply here sets a go.* or gopls setting."}
	}
	ev := tableEvidence(sc.tables)
	if g.res != nil {
		e := doctor.Ran(g.res)
		if g.api != nil {
			e.Output = fmt.Sprintf("(%d options: gopls's own list of the settings it takes)", len(g.api.Options))
		}
		ev = append(ev, e)
	}
	notes := append([]string(nil), ts.notes...)
	if sc.goplsSkipped > 0 {
		notes = append(notes, goplsNotChecked(g, sc.goplsSkipped))
	}
	against := tablesUsed(sc.tables)
	if g.api != nil {
		against += " and " + g.version + "'s own list of its settings (gopls api-json)"
	}
	if len(sc.found) == 0 {
		return settingsAllKnown(sc, g, against, notes, ev)
	}
	if sc.unlisted > 0 {
		notes = append([]string{fmt.Sprintf("… and %d more problem%s, not listed: gomedic lists the first %d. Fix these and run it again.",
			sc.unlisted, pluralS(sc.unlisted), maxProblemsListed)}, notes...)
	}
	fd := settingsProblems(sc.found, against, notes, ev)
	fd.Title = unknownTitle(sc.found, sc.unlisted, len(sc.files))
	return fd
}

// maxProblemsListed is how many settings problems one finding lists, with their repairs: a file
// of generated or hostile keys may hold hundreds of thousands, which no one reads, and listing
// each would make the report many times the size of the file. The rest are counted.
const maxProblemsListed = 100

// settingsScan is what checking every go.* and gopls setting found.
type settingsScan struct {
	found                           []foundProblem // the first maxProblemsListed
	unlisted                        int            // the problems found after those
	files                           map[string]bool
	tables                          map[string]schema.Table // the tables used, by description
	goKeys, goplsKeys, goplsSkipped int
}

// scanSettings checks every setting against its table (and gopls's own list for gopls keys).
func scanSettings(s *vscode.Settings, ts settingsTables, g goplsSchema) settingsScan {
	sc := settingsScan{tables: map[string]schema.Table{}, files: map[string]bool{}}
	for st := range s.All() {
		if isGoplsKey(st.Key) {
			sc.goplsKeys++
			if g.api == nil {
				sc.goplsSkipped++
			}
		} else {
			sc.goKeys++
		}
		t := ts.forSetting(st)
		sc.tables[t.Describe()] = t
		for _, p := range settingProblems(st, t, g) {
			sc.files[st.File] = true
			if len(sc.found) == maxProblemsListed {
				sc.unlisted++
				continue
			}
			sc.found = append(sc.found, describeProblem(s, st, t, g, p))
		}
	}
	return sc
}

// settingsAllKnown is the finding when every setting checked is known, with a value it takes.
func settingsAllKnown(sc settingsScan, g goplsSchema, against string, notes []string, ev []finding.Evidence) finding.Finding {
	known := "the Go extension"
	if g.api != nil {
		known += " and gopls"
	}
	fd := finding.Finding{Status: finding.OK,
		Title:    fmt.Sprintf("%s checked: all known to %s, with values they take", countSettings(sc.goKeys+sc.goplsKeys-sc.goplsSkipped), known),
		Detail:   strings.Join(append([]string{"Checked against " + against + "."}, notes...), "\n"),
		Evidence: ev}
	if sc.goplsSkipped > 0 {
		fd.Status = finding.Info
		fd.Title = fmt.Sprintf("go.* settings match the Go extension's; %d gopls setting%s not checked", sc.goplsSkipped, pluralS(sc.goplsSkipped))
		if sc.goKeys == 0 {
			fd.Title = fmt.Sprintf("%d gopls setting%s not checked", sc.goplsSkipped, pluralS(sc.goplsSkipped))
		}
	}
	return fd
}

// settingsIgnored says what the editor and gopls do with a setting they do not know.
const settingsIgnored = "The Go extension ignores a setting it does not define and uses a wrong value as it is; VS Code marks them only in its editor, while the file is open. gopls reports the options it rejects in an \"Invalid settings\" message at each start, and ignores unknown analyzer, code lens and hint names without a word."

// settingsProblems is the warning for the problems found, file by file and line by line, with
// the repairs they have as one fix.
func settingsProblems(found []foundProblem, against string, notes []string, ev []finding.Evidence) finding.Finding {
	sortByFileAndLine(found)
	lines := []string{"Checked against " + against + ":"}
	var summaries []string
	var actions []finding.Action
	auto := true
	for _, fp := range found {
		lines = append(lines, fp.text)
		if fp.summary != "" {
			summaries = append(summaries, fp.summary)
			actions = append(actions, fp.actions...)
		}
		auto = auto && fp.summary != "" && !fp.guess
	}
	lines = append(append(lines, notes...), settingsIgnored)
	docs := docsExtensionSettings
	if isGoplsKey(found[0].st.Key) {
		docs = docsGoplsSettings
	}
	fd := finding.Finding{Status: finding.Warn, Detail: strings.Join(lines, "\n"),
		Evidence: append(problemFileEvidence(found), ev...)}
	if len(summaries) > 0 {
		fd.Fix = &finding.Fix{Summary: strings.Join(summaries, "\n"), Actions: actions, Auto: auto && len(actions) > 0, Docs: docs}
	}
	return fd
}

// sortByFileAndLine orders problems by the file they are in (files in the order first met), then
// by line.
func sortByFileAndLine(found []foundProblem) {
	fileIndex := map[string]int{}
	for _, fp := range found {
		if _, ok := fileIndex[fp.st.File]; !ok {
			fileIndex[fp.st.File] = len(fileIndex)
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		if a, b := fileIndex[found[i].st.File], fileIndex[found[j].st.File]; a != b {
			return a < b
		}
		return found[i].line < found[j].line
	})
}

// problemFileEvidence is the evidence of each file with a problem: its settings at fault, once
// each, with their lines.
func problemFileEvidence(found []foundProblem) []finding.Evidence {
	files := map[string][]string{}
	var order []string
	seen := map[string]bool{}
	for _, fp := range found {
		k := fmt.Sprintf("%s:%d", fp.st.File, fp.st.Line)
		if seen[k] {
			continue
		}
		seen[k] = true
		if files[fp.st.File] == nil {
			order = append(order, fp.st.File)
		}
		files[fp.st.File] = append(files[fp.st.File], fmt.Sprintf("line %d: %q: %s", fp.st.Line, fp.st.Key, text.ClipJSON(fp.st.Value, maxValueShown)))
	}
	var ev []finding.Evidence
	for _, file := range order {
		ev = append(ev, doctor.Read(file, strings.Join(files[file], "\n")))
	}
	return ev
}

// settingProblems are the problems of one setting: against the table, and for gopls settings
// against gopls's own list.
func settingProblems(st vscode.Setting, t schema.Table, g goplsSchema) []schema.Problem {
	var probs []schema.Problem
	switch {
	case st.Key == "gopls":
		if g.api == nil {
			return nil
		}
		probs = g.api.CheckObject(st.Value)
	case strings.HasPrefix(st.Key, "gopls."):
		probs = t.Check(st.Key, st.Value)
		if g.api != nil {
			opt := strings.TrimPrefix(st.Key, "gopls.")
			for _, p := range g.api.Check(opt, st.Value) {
				p.Key, p.Path = st.Key, p.Path[1:]
				probs = append(probs, p)
			}
		}
	default:
		probs = t.Check(st.Key, st.Value)
	}
	if st.Key == "go.languageServerFlags" {
		// editor.settings.language_server reports what gopls makes of a wrong type.
		probs = slices.DeleteFunc(probs, func(p schema.Problem) bool { return p.Kind == schema.WrongType })
	}
	return probs
}

// describeProblem is a problem of one setting in words, with its repair.
func describeProblem(s *vscode.Settings, st vscode.Setting, t schema.Table, g goplsSchema, p schema.Problem) foundProblem {
	fp := foundProblem{st: st, p: p, line: st.MemberLine(p.Path)}
	msg := p.Message
	if p.Note != "" {
		msg += " (" + p.Note + ")"
	}
	if p.Kind == schema.Unknown && p.Suggest != "" && !strings.Contains(msg, p.Suggest) {
		msg += fmt.Sprintf("; did you mean %q?", p.Suggest)
	}
	if p.Kind == schema.Unknown && st.Key == "gopls" && len(p.Path) == 1 {
		msg += newerGoplsNote(t, p.Path[0], g.version)
	}
	if st.Language != "" {
		msg += fmt.Sprintf(" (in a \"[%s]\" block, which the Go extension does not read anyway)", st.Language)
	}
	fp.text = fmt.Sprintf("  %s:%d: %s", st.File, fp.line, msg)
	fp.actions, fp.summary, fp.guess = repairOf(s, st, p, fp.line)
	return fp
}

// newerGoplsNote explains a gopls option the user's gopls does not know but the extension's
// settings list: it belongs to a newer gopls.
func newerGoplsNote(t schema.Table, name, version string) string {
	spec := t.Lookup("gopls")
	if spec == nil {
		return ""
	}
	last := name[strings.LastIndex(name, ".")+1:]
	for prop := range spec.Properties {
		if prop[strings.LastIndex(prop, ".")+1:] == last {
			return fmt.Sprintf(" (golang.go %s lists %q among gopls's settings: it comes from a newer gopls than %s; update gopls, or remove it)", t.Version, prop, version)
		}
	}
	return ""
}

// repairOf turns a problem's fix into settings_edit actions on the setting's file, with the repair
// in words; no actions when the problem has no fix.
func repairOf(s *vscode.Settings, st vscode.Setting, p schema.Problem, line int) ([]finding.Action, string, bool) {
	var edits []schema.Edit
	guess := p.Fix.Guess
	note := ""
	switch {
	case p.Kind == schema.Misplaced:
		edits = []schema.Edit{{Key: st.Key}}
		opt := strings.TrimPrefix(st.Key, "gopls.")
		if other, ok := s.InFile(st, "gopls"); ok && isJSONObject(other.Value) {
			edits = append(edits, schema.Edit{Key: "gopls", Path: []string{opt}, Value: compactRaw(st.Value)})
		} else {
			obj, _ := json.Marshal(map[string]json.RawMessage{opt: compactRaw(st.Value)})
			edits = append(edits, schema.Edit{Key: "gopls", Value: obj})
		}
	case strings.HasPrefix(st.Key, "gopls.") && len(p.Path) == 0:
		return nil, "", false // the gopls option's own problems are fixed once it is moved
	default:
		edits = p.Edits(st.Value)
	}
	if len(edits) == 0 {
		return nil, "", false
	}
	// A rename to a setting the file already sets: merge an object member by member; otherwise
	// only remove the old key and leave the merge to the user.
	var kept []schema.Edit
	for _, e := range edits {
		if len(e.Path) > 0 || e.Value == nil || e.Key == st.Key {
			kept = append(kept, e)
			continue
		}
		other, ok := s.InFile(st, e.Key)
		if !ok {
			kept = append(kept, e)
			continue
		}
		var members map[string]json.RawMessage
		if isJSONObject(other.Value) && json.Unmarshal(e.Value, &members) == nil && len(members) > 0 {
			for _, m := range sortedRawKeys(members) {
				kept = append(kept, schema.Edit{Key: e.Key, Path: []string{m}, Value: members[m]})
			}
			continue
		}
		guess = true
		note = fmt.Sprintf(" %s already sets %q on line %d: move the value there by hand.", st.File, e.Key, other.Line)
	}
	var actions []finding.Action
	var words []string
	for _, e := range kept {
		a := finding.Action{Kind: finding.SettingsEdit, File: st.File, Key: settingPointer(st, e.Key, e.Path)}
		where := schema.Problem{Key: e.Key, Path: e.Path}.Where()
		if e.Value == nil {
			words = append(words, "remove "+where)
		} else {
			a.Value = string(e.Value)
			words = append(words, fmt.Sprintf("set %s to %s", where, e.Value))
		}
		actions = append(actions, a)
	}
	summary := fmt.Sprintf("In %s, line %d: %s.%s", st.File, line, strings.Join(words, ", then "), note)
	if guess {
		summary += " (a guess at what was meant: check it)"
	}
	return actions, summary, guess
}

// settingPointer is the JSON Pointer of key (and the member at path inside it) in st's file
// (vscode.Setting.Pointer).
func settingPointer(st vscode.Setting, key string, path []string) string {
	return st.Pointer(key, path...)
}

// goplsNotChecked says why the gopls options were not checked.
func goplsNotChecked(g goplsSchema, n int) string {
	what := fmt.Sprintf("%d gopls setting%s", n, pluralS(n))
	switch {
	case g.path == "":
		return fmt.Sprintf("The %s (the \"gopls\" object and gopls.* keys) were not checked: the editor finds no gopls (see tools.gopls.found), and gopls is what knows its settings.", what)
	case g.err != nil:
		return fmt.Sprintf("The %s were not checked: asking %s for its settings failed (%v).", what, g.path, g.err)
	}
	return fmt.Sprintf("The %s were not checked.", what)
}

// tableEvidence names the settings tables used.
func tableEvidence(used map[string]schema.Table) []finding.Evidence {
	var ev []finding.Evidence
	for _, name := range sortedTableNames(used) {
		t := used[name]
		file := ""
		if strings.HasSuffix(t.Source, "package.json") {
			file = t.Source
		}
		ev = append(ev, finding.Evidence{File: file,
			Output: fmt.Sprintf("settings table: %s %s, %d settings (%s)", t.Extension, t.Version, len(t.Settings), tableKind(t))})
	}
	return ev
}

func tableKind(t schema.Table) string {
	if strings.HasSuffix(t.Source, "package.json") {
		return "the installed extension's own manifest"
	}
	return "gomedic's built-in table"
}

// tablesUsed names the tables in a sentence.
func tablesUsed(used map[string]schema.Table) string {
	var parts []string
	for _, name := range sortedTableNames(used) {
		t := used[name]
		parts = append(parts, fmt.Sprintf("the settings of %s %s (%s)", t.Extension, t.Version, tableKind(t)))
	}
	if len(parts) == 0 {
		t := schema.Builtin()
		return fmt.Sprintf("the settings of %s %s (%s)", t.Extension, t.Version, tableKind(t))
	}
	return strings.Join(parts, " and ")
}

func sortedTableNames(used map[string]schema.Table) []string {
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// unknownTitle sums up the problems: the one problem, or how many there are.
func unknownTitle(found []foundProblem, unlisted, files int) string {
	if len(found) == 1 && unlisted == 0 {
		p := found[0].p
		where := p.Where()
		switch p.Kind {
		case schema.Unknown:
			if p.Suggest != "" {
				return fmt.Sprintf("%s is not a setting (did you mean %s?)", where, p.Suggest)
			}
			return where + " is not a setting"
		case schema.WrongType:
			return where + " has a value of the wrong type"
		case schema.NotAllowed:
			return where + " has a value that is not allowed"
		case schema.Deprecated:
			if p.Suggest != "" {
				return fmt.Sprintf("%s is deprecated (see %s)", where, p.Suggest)
			}
			return where + " is deprecated"
		case schema.Misplaced:
			return where + " belongs inside the \"gopls\" object"
		case schema.Duplicate:
			return where + " sets a gopls option twice"
		}
	}
	return fmt.Sprintf("%d settings problems (unknown, mistyped, not allowed or deprecated) in %d file%s", len(found)+unlisted, files, pluralS(files))
}

func countSettings(n int) string {
	if n == 1 {
		return "1 Go setting"
	}
	return fmt.Sprintf("%d Go settings", n)
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// maxValueShown is how many characters of a setting's value evidence and details show.
const maxValueShown = 200

func compactRaw(v json.RawMessage) json.RawMessage {
	var m any
	if json.Unmarshal(v, &m) != nil {
		return v
	}
	data, err := json.Marshal(m)
	if err != nil {
		return v
	}
	return data
}

func isJSONObject(v json.RawMessage) bool {
	s := strings.TrimSpace(string(v))
	return strings.HasPrefix(s, "{")
}

func sortedRawKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
