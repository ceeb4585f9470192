package editor

import (
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
)

// envChecks returns editor.env_mismatch, editor.launch and editor.tasks.
func envChecks() []*doctor.Check {
	return []*doctor.Check{
		{ID: "editor.env_mismatch", Layer: finding.LayerEditor, Run: envMismatch,
			Looks: "the environment an editor started from the desktop gets: the desktop session's (macOS: launchctl getenv; Linux: systemctl --user show-environment) " +
				"and what the user's $SHELL prints when run as VS Code runs it at start-up (-i -l -c, detached, with VS Code's 10 s limit or twice --timeout if less), against a terminal's shell (-i)",
			Fails: "F: a terminal runs a go the editor cannot find. W: the lookup fails, times out or never prints the environment; the editor finds a different go; " +
				"the tools directory is on a terminal's PATH only; GOPATH, GOROOT, GOBIN, GOFLAGS, GO111MODULE, GOPROXY or GOTOOLCHAIN differ. info: start-up files print on stdout, or the lookup is slow"},
		{ID: "editor.launch", Layer: finding.LayerEditor, Run: launchCheck,
			Looks: "the \"type\": \"go\" configurations of each workspace folder's .vscode/launch.json",
			Fails: "F: the file does not parse; program or cwd does not exist; mode test with testing flags lacking their test. prefix (-v for -test.v) or go build flags in args. W: mode debug or auto on a package that is not main"},
		{ID: "editor.tasks", Layer: finding.LayerEditor, Run: tasksCheck,
			Looks: "the tasks of each workspace folder's .vscode/tasks.json that run go (shell and process tasks whose program is go, and the Go extension's \"go\" tasks)",
			Fails: "F: the file does not parse; options.cwd does not exist; go is not found where the task looks for it"},
	}
}
