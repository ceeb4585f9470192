// Package finding is gomedic's result model: the Finding a check produces, with its Status, Layer,
// Evidence and Fix (its Actions as data for `gomedic fix`). Every renderer and every command reads
// it. It imports nothing of the project, so that reading or rendering a finding needs nothing else.
package finding

import (
	"fmt"
	"strings"
)

// Status is the outcome of a check.
type Status string

// The statuses, from the most to the least severe as reports order them.
const (
	Fail  Status = "fail"  // a broken link: something the user will see fail
	Error Status = "error" // the check itself could not run (timeout, crash); never a verdict on the machine
	Warn  Status = "warn"  // works now, but is fragile or will fail in a common case
	Info  Status = "info"  // worth knowing; nothing to fix
	OK    Status = "ok"
	Skip  Status = "skip" // not applicable, turned off, or blocked by a failed prerequisite (BlockedBy)
)

// Statuses lists every status in report order.
var Statuses = []Status{Fail, Error, Warn, Info, OK, Skip}

// Rank orders statuses for reports: lower is more severe.
func (s Status) Rank() int {
	for i, t := range Statuses {
		if s == t {
			return i
		}
	}
	return len(Statuses)
}

// Problem reports whether s calls for the user's attention.
func (s Status) Problem() bool { return s == Fail || s == Error || s == Warn }

// Layer is a link of the chain an editor depends on. Checks are walked layer by layer.
type Layer string

// The layers, in the order of the chain.
const (
	LayerGo        Layer = "go"
	LayerEnv       Layer = "env"
	LayerNet       Layer = "net"
	LayerTools     Layer = "tools"
	LayerEditor    Layer = "editor"
	LayerWorkspace Layer = "workspace"
)

// LayerWatch is the layer of `gomedic watch`'s findings (ids watch.*): what happens to gopls
// and dlv over time. It is not a layer of `gomedic check`, so it is not in Layers.
const LayerWatch Layer = "watch"

// Layers lists the layers in chain order.
var Layers = []Layer{LayerGo, LayerEnv, LayerNet, LayerTools, LayerEditor, LayerWorkspace}

// Index is the position of l in the chain, or len(Layers) for an unknown layer.
func (l Layer) Index() int {
	for i, m := range Layers {
		if l == m {
			return i
		}
	}
	return len(Layers)
}

// ParseLayer returns the layer named s.
func ParseLayer(s string) (Layer, error) {
	for _, l := range Layers {
		if string(l) == s {
			return l, nil
		}
	}
	names := make([]string, len(Layers))
	for i, l := range Layers {
		names[i] = string(l)
	}
	return "", fmt.Errorf("unknown layer %q (the layers are %s)", s, strings.Join(names, ", "))
}

// Finding is the result of one check: the one result model every renderer and `gomedic fix` read.
type Finding struct {
	ID         string     `json:"id"`
	Layer      Layer      `json:"layer"`
	Status     Status     `json:"status"`
	Title      string     `json:"title"`
	Detail     string     `json:"detail,omitempty"`
	Evidence   []Evidence `json:"evidence,omitempty"`
	Fix        *Fix       `json:"fix,omitempty"`
	BlockedBy  string     `json:"blocked_by,omitempty"`
	DurationMS int64      `json:"duration_ms"`
}

// Evidence is what a check looked at: a command it ran and what it printed, or a file it read.
type Evidence struct {
	Command    string `json:"command,omitempty"`
	ExitCode   *int   `json:"exit_code,omitempty"`
	Output     string `json:"output,omitempty"`
	File       string `json:"file,omitempty"`
	DurationMS int64  `json:"duration_ms,omitempty"`
	// CachedAt is when the command ran, when its result was replayed from an earlier run's cache
	// rather than run now (RFC 3339); empty for a command run now.
	CachedAt string `json:"cached_at,omitempty"`
}

// Fix is how to repair what a finding reports: words and commands for people, Actions for `gomedic fix`.
type Fix struct {
	Summary  string   `json:"summary"`
	Commands []string `json:"commands,omitempty"`
	Docs     string   `json:"docs,omitempty"`
	// Auto is set when every step is in Actions and `gomedic fix` can apply them without asking
	// anything more than a yes.
	Auto    bool     `json:"auto"`
	Actions []Action `json:"actions,omitempty"`
}

// ActionKind names a repair `gomedic fix` knows how to apply.
type ActionKind string

// The actions fixes are made of.
const (
	// GoEnvUnset runs `go env -u Key`.
	GoEnvUnset ActionKind = "go_env_unset"
	// GoEnvSet runs `go env -w Key=Value`.
	GoEnvSet ActionKind = "go_env_set"
	// PathAdd puts Path on PATH in the shell's start-up file File.
	PathAdd ActionKind = "path_add"
	// EnvUnset removes the variable Key from the shell start-up file File (or says where it is set).
	EnvUnset ActionKind = "env_unset"
	// Mkdir creates the directory Path.
	Mkdir ActionKind = "mkdir"
	// GoInstall installs the tool Package at Version with gomedic's installer.
	GoInstall ActionKind = "go_install"
	// Remove moves the file Path aside (with a backup).
	Remove ActionKind = "remove"
	// SettingsEdit edits the editor file File (JSON with comments: settings.json, a
	// .code-workspace, launch.json, tasks.json), keeping its comments and a backup: it sets the
	// value at Key, a JSON Pointer (RFC 6901: "/go.alternateTools", "/[go]/go.goroot",
	// "/configurations/0/args"), to Value, a JSON value as it goes in the file ("\"/usr/local/go\"",
	// "{\"gopls\": \"/x\"}", "30"), or removes it when Value is empty.
	SettingsEdit ActionKind = "settings_edit"
	// RunCommand runs the command Argv (its first word the program: "go") in the directory Dir, as the
	// user would type it there: `go mod tidy`, `go work use ./b`.
	RunCommand ActionKind = "run"
	// Kill ends the process Pid, whose executable is Path and which started at Started, after
	// asking the user (never with Auto set): a leftover gopls or dlv that `gomedic watch` found.
	// Before signalling, the applier checks that Pid still runs Path and started at Started, so
	// that a reused pid is never killed.
	Kill ActionKind = "kill"
)

// Action is one step of a fix, as data.
type Action struct {
	Kind    ActionKind `json:"kind"`
	Key     string     `json:"key,omitempty"`
	Value   string     `json:"value,omitempty"`
	Path    string     `json:"path,omitempty"`
	File    string     `json:"file,omitempty"`
	Package string     `json:"package,omitempty"`
	Version string     `json:"version,omitempty"`
	Argv    []string   `json:"argv,omitempty"`
	Dir     string     `json:"dir,omitempty"`
	Pid     int        `json:"pid,omitempty"`
	// Started is when the process of a kill started (RFC 3339 with nanoseconds), as the census
	// saw it: with the executable, what tells it from a later process given the same pid.
	Started string `json:"started,omitempty"`
}
