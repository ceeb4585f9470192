// Package workspace holds the checks of the `workspace` layer: the code being edited — modules,
// go.work, go and toolchain lines, dependencies, packages, cgo — and, with --deep, live gopls and
// dlv sessions that prove the editor works here.
package workspace

import "github.com/gomedic/gomedic/internal/doctor"

// Checks returns the workspace layer's checks.
func Checks() []*doctor.Check {
	var out []*doctor.Check
	for _, part := range [][]*doctor.Check{staticChecks(), goplsChecks(), dlvChecks()} {
		out = append(out, part...)
	}
	return out
}
