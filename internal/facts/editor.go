package facts

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/vscode"
)

// Settings are the editor settings that apply to the workspace, read once per run.
func (f *Facts) Settings() *vscode.Settings {
	return f.settings.get(func() *vscode.Settings { return vscode.LoadFor(f.Host, f.Dir, f.Editor) })
}

// ToolVar is a variable the editor settings add to the environment of the tools the Go extension
// starts, with the setting that adds it.
type ToolVar struct {
	Name, Value string
	Setting     string // vscode.KeyToolsEnvVars, vscode.KeyGopath or vscode.KeyGoroot
	File        string
	Line        int
}

// String says the variable and where it came from: "GOFLAGS=-mod=mod (go.toolsEnvVars,
// /x/.vscode/settings.json:3)".
func (v ToolVar) String() string {
	return fmt.Sprintf("%s=%s (%s, %s:%d)", v.Name, v.Value, v.Setting, v.File, v.Line)
}

// ToolVars are the variables the Go extension puts on top of the user's environment for the tools
// it starts (toolExecutionEnvironment in its src/goEnv.ts): go.toolsEnvVars, expanded; GOPATH from
// go.gopath; GOROOT from go.goroot when that directory exists.
func (f *Facts) ToolVars() []ToolVar {
	s := f.Settings()
	var out []ToolVar
	for _, m := range s.Merged(vscode.KeyToolsEnvVars) {
		var raw string
		if json.Unmarshal(m.Value, &raw) != nil {
			continue
		}
		folder := m.Folder
		if folder == "" {
			folder = s.Dir
		}
		out = append(out, ToolVar{Name: strings.TrimPrefix(m.Key, vscode.KeyToolsEnvVars+"."), Value: s.Var(raw, folder).Expanded,
			Setting: vscode.KeyToolsEnvVars, File: m.File, Line: m.Line})
	}
	if pv, set, ok := s.PathSetting(vscode.KeyGopath); ok && pv.Expanded != "" {
		out = append(out, ToolVar{Name: "GOPATH", Value: pv.Expanded, Setting: vscode.KeyGopath, File: set.File, Line: set.Line})
	}
	if pv, set, ok := s.PathSetting(vscode.KeyGoroot); ok && pv.Expanded != "" {
		if fi, err := f.Host.Stat(pv.Expanded); err == nil && fi.IsDir() {
			out = append(out, ToolVar{Name: "GOROOT", Value: pv.Expanded, Setting: vscode.KeyGoroot, File: set.File, Line: set.Line})
		}
	}
	return out
}
