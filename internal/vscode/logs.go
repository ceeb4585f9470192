package vscode

import (
	"path/filepath"

	"github.com/gomedic/gomedic/internal/host"
)

// LogRoot is a folder where a VS Code-family editor keeps its logs: one folder per session
// (named after its start, "20250102T030405"), holding window*/exthost/ with the extensions'
// output channels (output_logging_*/N-<channel>.log) and exthost.log.
type LogRoot struct {
	Editor string // "Code", "Cursor", ...
	Dir    string
}

// LogRoots lists the log folders the editors gomedic knows would use on h, whether or not they
// exist: <user data>/<Name>/logs for the desktop editors, and data/logs under a remote server's
// folder (~/.vscode-server/data/logs) for the windows served from this machine.
func LogRoots(h host.Host) []LogRoot {
	home := h.HomeDir()
	app := appDataDir(h, home)
	var roots []LogRoot
	for _, k := range editorKinds {
		if k.dataDir != "" {
			continue
		}
		if app != "" {
			roots = append(roots, LogRoot{Editor: k.name, Dir: filepath.Join(app, k.name, "logs")})
		}
		if home != "" && k.serverDir != "" {
			roots = append(roots, LogRoot{Editor: k.name, Dir: filepath.Join(home, k.serverDir, "data", "logs")})
		}
	}
	return roots
}
