package advice

import (
	"fmt"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/vscode"
)

// DocsVSCodeSettings is the Go extension's page of settings.
const DocsVSCodeSettings = "https://github.com/golang/vscode-go/wiki/settings"

// AlternateTool is the fix of a tool the editor runs, or looks for, because the go.alternateTools
// entry st names it (facts.AlternateTool): installing or reinstalling t changes nothing the
// editor runs while the entry is there, and the program the entry names is the user's, never
// moved or deleted. So the fix is to correct that program (correct says how, as a sentence; ""
// when there is none to correct) or to remove the entry, a settings_edit applied after a yes; the
// summary says what the extension runs once the entry is gone.
func AlternateTool(f *facts.Facts, t *toolset.Tool, st vscode.Setting, correct string) *finding.Fix {
	ts := f.ToolSettings()
	others := map[string]string{}
	for k, v := range ts.AlternateTools {
		if k != t.Name {
			others[k] = v
		}
	}
	ts.AlternateTools = others
	without := vscode.Resolve(f.Host, t.Name, ts, f.GoPaths())
	fix := &finding.Fix{Docs: DocsVSCodeSettings,
		Actions: []finding.Action{{Kind: finding.SettingsEdit, File: st.File, Key: st.Pointer(vscode.KeyAlternateTools, t.Name)}}}
	remove := fmt.Sprintf("In %s, line %d: remove %q from %q.", st.File, st.Line, t.Name, vscode.KeyAlternateTools)
	then := fmt.Sprintf("The extension then runs %s, found through %s.", without.Path, without.Describe())
	if without.Path == "" {
		then = fmt.Sprintf("The extension then looks for %s itself and finds none: install it too.", t.Name)
		fix.Commands = []string{"gomedic tools install " + t.Name}
	}
	fix.Summary = remove + " " + then
	if correct != "" {
		fix.Summary = correct + " Or, to stop using it: " + fix.Summary
	}
	return fix
}

// AlternateToolNote says why the editor runs path for t: the go.alternateTools entry st names
// it, so installing or reinstalling t does not change what the editor runs.
func AlternateToolNote(t *toolset.Tool, st vscode.Setting, path string) string {
	return fmt.Sprintf("The editor runs %s because %q names it (%s:%d): installing or reinstalling %s does not change that.", path, st.Key, st.File, st.Line, t.Name)
}
