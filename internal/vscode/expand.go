package vscode

import (
	"path/filepath"
	"regexp"
	"strings"
)

// Vars are what variables in settings expand to.
type Vars struct {
	WorkspaceFolder string
	UserHome        string
	Env             func(string) string
}

var variable = regexp.MustCompile(`\$\{([A-Za-z]+)(?::([^}]*))?\}`)

// Expand replaces the variables the Go extension substitutes in path settings — ${workspaceFolder}
// (and its old name ${workspaceRoot}), ${workspaceFolderBasename}, ${userHome}, ${env:NAME} — and a
// leading ~. Unknown variables are left as written.
func Expand(s string, v Vars) string {
	s = variable.ReplaceAllStringFunc(s, func(m string) string {
		sub := variable.FindStringSubmatch(m)
		switch sub[1] {
		case "workspaceFolder", "workspaceRoot":
			return v.WorkspaceFolder
		case "workspaceFolderBasename":
			return filepath.Base(v.WorkspaceFolder)
		case "userHome":
			return v.UserHome
		case "env":
			if v.Env != nil {
				return v.Env(sub[2])
			}
			return ""
		}
		return m
	})
	if v.UserHome != "" && (s == "~" || strings.HasPrefix(s, "~/") || strings.HasPrefix(s, `~\`)) {
		s = v.UserHome + s[1:]
	}
	return s
}
