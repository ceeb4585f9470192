package run

import (
	"fmt"
	"sort"
	"strings"

	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/report"
)

// EnvChange is a variable the program gets with another value than gomedic's own environment (the
// user's shell) has: the editor settings put it there.
type EnvChange struct {
	Name  string `json:"name"`
	Value string `json:"value"` // what the program gets (redacted)
	// Shell is the value in the shell gomedic runs in (redacted); ShellSet is false when unset.
	Shell    string `json:"shell"`
	ShellSet bool   `json:"shell_set"`
	Setting  string `json:"setting"` // go.toolsEnvVars, go.gopath, go.goroot
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// String says the change in one line: "GOFLAGS=-mod=mod (go.toolsEnvVars,
// /w/.vscode/settings.json:3; your shell: unset)".
func (c EnvChange) String() string {
	shell := "unset"
	if c.ShellSet {
		shell = fmt.Sprintf("%q", c.Shell)
	}
	return fmt.Sprintf("%s=%s (%s, %s:%d; your shell: %s)", c.Name, c.Value, c.Setting, c.File, c.Line, shell)
}

// editorEnv is the environment the Go extension gives the programs and tools it starts: the
// user's, with the variables of the editor settings on top (go.toolsEnvVars, go.gopath,
// go.goroot; facts.ToolVars), and the variables that differ from the user's.
func editorEnv(base *host.Env, vars []wsfacts.ToolVar) (*host.Env, []EnvChange) {
	env := base
	last := map[string]int{} // a later setting of the same variable wins, as in the editor
	for i, v := range vars {
		env = env.With(v.Name + "=" + v.Value)
		last[v.Name] = i
	}
	var changes []EnvChange
	for i, v := range vars {
		shell, set := base.Lookup(v.Name)
		if last[v.Name] != i || set && shell == v.Value {
			continue
		}
		changes = append(changes, EnvChange{Name: v.Name, Value: redactValue(v.Name, v.Value),
			Shell: redactValue(v.Name, shell), ShellSet: set, Setting: v.Setting, File: v.File, Line: v.Line})
	}
	return env, changes
}

// redactValue is a variable's value as a report may show it.
func redactValue(name, value string) string {
	if value == "" {
		return ""
	}
	_, v, _ := strings.Cut(report.Redact(name+"="+value), "=")
	return v
}

// launchEnv adds a launch configuration's env (and envFile) to what the program gets, with the
// variables that differ from the user's shell.
func launchEnv(env, shell *host.Env, lc *LaunchConfig) (*host.Env, []EnvChange) {
	names := make([]string, 0, len(lc.Env))
	for k := range lc.Env {
		names = append(names, k)
	}
	sort.Strings(names)
	var changes []EnvChange
	for _, k := range names {
		v := lc.Env[k]
		env = env.With(k + "=" + v)
		old, set := shell.Lookup(k)
		if set && old == v {
			continue
		}
		changes = append(changes, EnvChange{Name: k, Value: redactValue(k, v), Shell: redactValue(k, old), ShellSet: set,
			Setting: "launch.json " + lc.Name, File: lc.File, Line: lc.Line})
	}
	return env, changes
}
