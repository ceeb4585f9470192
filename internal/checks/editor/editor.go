// Package editor holds the checks of the `editor` layer: the VS Code-family editors, the Go
// extension, its settings, the environment an editor started from the desktop gets, and the
// workspace's launch and tasks configurations.
package editor

import "github.com/gomedic/gomedic/internal/doctor"

// Checks returns the editor layer's checks.
func Checks() []*doctor.Check {
	var out []*doctor.Check
	for _, part := range [][]*doctor.Check{settingsChecks(), schemaChecks(), envChecks()} {
		out = append(out, part...)
	}
	return out
}
