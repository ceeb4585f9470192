package vscode

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// PathValue is one path a path setting holds, as written and as the Go extension expands it.
type PathValue struct {
	Key      string `json:"key"` // "go.gopath", "go.alternateTools.gopls"
	Raw      string `json:"raw"`
	Expanded string `json:"expanded"`
	// Unexpanded lists what the extension leaves as written in this setting: a variable it does
	// not know ("${userHome}"), or any variable and ~ in go.toolsManagement.go, which it does not
	// expand at all.
	Unexpanded []string `json:"unexpanded,omitempty"`
	// EmptyEnv lists the variables of ${env:NAME} references that are empty or unset in
	// gomedic's environment, so they expanded to nothing.
	EmptyEnv []string `json:"empty_env,omitempty"`
}

// The path settings: the settings the Go extension reads as paths, and expands.
const (
	KeyGoroot         = "go.goroot"
	KeyGopath         = "go.gopath"
	KeyToolsGopath    = "go.toolsGopath"
	KeyAlternateTools = "go.alternateTools"
	KeyToolsGo        = "go.toolsManagement.go"
	KeyToolsEnvVars   = "go.toolsEnvVars"
	KeyFormatTool     = "go.formatTool"
	KeyLintTool       = "go.lintTool"
)

// PathKeys are the settings whose values are paths (go.alternateTools holds one per tool).
var PathKeys = []string{KeyGoroot, KeyGopath, KeyToolsGopath, KeyAlternateTools, KeyToolsGo}

var (
	anyVariable = regexp.MustCompile(`\$\{[^}]*\}`)
	envVariable = regexp.MustCompile(`\$\{env:([^}]+)\}`)
)

// pathValues are the paths a setting holds: one for a string path setting, one per string entry
// of go.alternateTools; none for other settings or values that are not strings.
func pathValues(key string, value json.RawMessage, folder string, v Vars) []PathValue {
	switch key {
	case KeyGoroot, KeyGopath, KeyToolsGopath, KeyToolsGo:
		var s string
		if json.Unmarshal(value, &s) != nil || s == "" {
			return nil
		}
		return []PathValue{expandPath(key, s, folder, v)}
	case KeyAlternateTools:
		var m map[string]json.RawMessage
		if json.Unmarshal(value, &m) != nil {
			return nil
		}
		names := make([]string, 0, len(m))
		for name := range m {
			names = append(names, name)
		}
		sort.Strings(names)
		var out []PathValue
		for _, name := range names {
			var s string
			if json.Unmarshal(m[name], &s) == nil && s != "" {
				out = append(out, expandPath(key+"."+name, s, folder, v))
			}
		}
		return out
	}
	return nil
}

// expandPath expands a path setting the way the Go extension does (resolvePath(substituteEnv(x))
// in its src/util.ts): ${env:NAME}, then ${workspaceFolder}, ${workspaceRoot} and
// ${workspaceFolderBasename}, then a leading ~. It does not know ${userHome}, and it expands
// nothing in go.toolsManagement.go, which it runs as written.
func expandPath(key, raw, folder string, v Vars) PathValue {
	pv := PathValue{Key: key, Raw: raw, Expanded: raw}
	if key == KeyToolsGo {
		pv.Unexpanded = anyVariable.FindAllString(raw, -1)
		if strings.HasPrefix(raw, "~") {
			pv.Unexpanded = append(pv.Unexpanded, "~")
		}
		return pv
	}
	for _, m := range envVariable.FindAllStringSubmatch(raw, -1) {
		if name := strings.TrimSpace(m[1]); v.Env == nil || v.Env(name) == "" {
			pv.EmptyEnv = append(pv.EmptyEnv, name)
		}
	}
	if folder != "" {
		v.WorkspaceFolder = folder
	}
	pv.Expanded = ExpandSetting(raw, v)
	pv.Unexpanded = append(pv.Unexpanded, anyVariable.FindAllString(pv.Expanded, -1)...)
	return pv
}

// ExpandSetting expands a value of a path setting as the Go extension does: like Expand, except
// that ${userHome}, which VS Code expands in launch.json and tasks.json but the extension does
// not in its settings, is left as written.
func ExpandSetting(s string, v Vars) string {
	const userHome = "${userHome}"
	parts := strings.Split(s, userHome)
	for i := range parts {
		pv := v
		if i > 0 {
			pv.UserHome = "" // a ~ after ${userHome} is not at the start of the value
		}
		parts[i] = Expand(parts[i], pv)
	}
	return strings.Join(parts, userHome)
}
