package run

import (
	"sort"

	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// editorEnv is the environment the Go extension gives the programs and tools it starts: the
// user's, with the variables of the editor settings on top (go.toolsEnvVars, go.gopath,
// go.goroot; facts.ToolVars), and the variables that differ from the user's (as they are: a
// renderer redacts secrets).
func editorEnv(base *host.Env, vars []wsfacts.ToolVar) (*host.Env, []result.RunEnvChange) {
	env := base
	last := map[string]int{} // a later setting of the same variable wins, as in the editor
	for i, v := range vars {
		env = env.With(v.Name + "=" + v.Value)
		last[v.Name] = i
	}
	var changes []result.RunEnvChange
	for i, v := range vars {
		shell, set := base.Lookup(v.Name)
		if last[v.Name] != i || set && shell == v.Value {
			continue
		}
		changes = append(changes, result.RunEnvChange{Name: v.Name, Value: v.Value, Shell: shell, ShellSet: set,
			Setting: v.Setting, File: v.File, Line: v.Line})
	}
	return env, changes
}

// launchEnv adds a launch configuration's env (and envFile) to what the program gets, with the
// variables that differ from the user's shell.
func launchEnv(env, shell *host.Env, lc *LaunchConfig) (*host.Env, []result.RunEnvChange) {
	names := make([]string, 0, len(lc.Env))
	for k := range lc.Env {
		names = append(names, k)
	}
	sort.Strings(names)
	var changes []result.RunEnvChange
	for _, k := range names {
		v := lc.Env[k]
		env = env.With(k + "=" + v)
		old, set := shell.Lookup(k)
		if set && old == v {
			continue
		}
		changes = append(changes, result.RunEnvChange{Name: k, Value: v, Shell: old, ShellSet: set,
			Setting: "launch.json " + lc.Name, File: lc.File, Line: lc.Line})
	}
	return env, changes
}
