// Package settings builds the document of `gomedic settings` (result.Settings) from the run's
// facts: the editors and settings files found, every go.* and gopls setting in effect with its
// provenance, and for go, gopls, dlv and the format and lint tools the binary the Go extension
// runs. It belongs to the commands tier, not to facts: it reads facts (facts.Facts, vscode) and
// decides what the settings command shows and says about them (which tool plays the format and
// lint roles, the notes on go.formatTool, go.lintOnSave and gopls's staticcheck, why a "[go]"
// block is ignored, values too deep to show), which is the command's policy, not a fact of the
// machine; and facts stays free of a command's document. Package report renders the document.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/vscode"
)

// ignoredLanguage is why the extension does not read a setting in a "[go]" block.
const ignoredLanguage = `in a "[go]" block: the Go extension reads its settings without a language, so VS Code does not apply language blocks to them`

// Build is the settings document of the workspace f.Dir.
func Build(f *facts.Facts) *result.Settings {
	d := Lazy(f)
	d.Settings = slices.Collect(d.Lazy)
	if d.Settings == nil {
		d.Settings = []result.SettingView{}
	}
	d.Lazy = nil
	return d
}

// Lazy is the settings document of the workspace f.Dir with the settings in effect made one at a
// time as a renderer reads them (result.Settings.Lazy), for `gomedic settings`: with tens of
// thousands of settings, the document is never held whole.
func Lazy(f *facts.Facts) *result.Settings {
	s := f.Settings()
	return &result.Settings{
		Schema:    result.SettingsSchema,
		Workspace: f.Dir,
		Folders:   s.Folders,
		Editors:   editors(s.Editors),
		Editor:    s.Editor,
		Files:     files(s.Files),
		Lazy:      func(yield func(result.SettingView) bool) { views(s, yield) },
		Tools:     tools(f, s),
	}
}

// files are the settings files read, with the place a file does not parse at.
func files(sfs []*vscode.SettingsFile) []result.SettingsFile {
	out := []result.SettingsFile{}
	for _, sf := range sfs {
		v := result.SettingsFile{Path: sf.Path, Scope: string(sf.Scope), Editor: sf.Editor, Profile: sf.Profile, Folder: sf.Folder, Inactive: sf.Inactive,
			OtherEditor: sf.OtherEditor, NotUsed: sf.NotUsed()}
		if sf.Err != nil {
			v.Error = &result.FileError{Message: sf.Err.Error()}
			var pe *vscode.ParseError
			if errors.As(sf.Err, &pe) {
				v.Error = &result.FileError{Message: pe.Msg, Line: pe.Line, Column: pe.Col}
			}
		}
		out = append(out, v)
	}
	return out
}

// views are the settings in effect, one per key, sorted by key: the value the extension reads
// with what it overrides and its members, or (for a key set only in "[go]" blocks) the settings
// it ignores.
func views(s *vscode.Settings, yield func(result.SettingView) bool) {
	for key := range s.Keys() {
		win, ok := s.ExtensionValue(key)
		if !ok {
			for _, ig := range s.Ignored(key) {
				if !yield(result.SettingView{Setting: setting(ig), Ignored: ignoredWhy(ig)}) {
					return
				}
			}
			continue
		}
		v := result.SettingView{Setting: setting(win)}
		for _, o := range append(s.Overridden(key, win), s.Ignored(key)...) {
			v.Overrides = append(v.Overrides, setting(o))
		}
		for _, m := range s.Merged(key) {
			v.Members = append(v.Members, result.SettingView{Setting: setting(m)})
		}
		if !yield(v) {
			return
		}
	}
}

// ignoredWhy says why the extension does not read st: VS Code does not apply it, or it is in a
// "[go]" block.
func ignoredWhy(st vscode.Setting) string {
	if st.NotApplied != "" {
		return st.NotApplied
	}
	return ignoredLanguage
}

// maxValueDepth is how deeply a setting's value may nest in the JSON document: encoding/json
// refuses values nested more than 10,000 levels, and no real setting nests more than a few.
const maxValueDepth = 1000

// maxValueShown is the largest value the document shows: no real setting comes near it, and a
// hostile one would be copied into every output mode (and through redaction) whole.
const maxValueShown = 1 << 20

// showable is v, or a string saying why it is not shown when it nests too deeply to encode or is
// larger than maxValueShown.
func showable(v json.RawMessage) json.RawMessage {
	if len(v) > maxValueShown {
		return json.RawMessage(fmt.Sprintf(`"(a value of %d bytes, not shown)"`, len(v)))
	}
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
