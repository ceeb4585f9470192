// Package golang holds the checks of the `go` layer (ids go.*): the Go installation itself. The
// package is not named for the layer because go is a keyword.
package golang

import (
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
)

// Checks returns the go layer's checks.
func Checks() []*doctor.Check {
	return []*doctor.Check{
		{ID: "go.found", Layer: finding.LayerGo, Run: found,
			Repair: finding.RepairAuto, RepairNote: "a Go installation found on disk is put on PATH (path_add, as env.gobin_on_path); with none, installing Go is a download fix never makes: manual",
			Looks: "a go command on PATH (with PATHEXT on Windows)",
			Fails: "F: none; the detail lists the Go installations found on disk but not on PATH, and the fix adds one to PATH"},
		{ID: "go.goroot", Layer: finding.LayerGo, Run: goroot, Needs: []string{"go.found"},
			Repair: finding.RepairAuto, RepairNote: "go env -u GOROOT for a go env -w value; the start-up file line that sets it is removed; a GOROOT/go.env value or a line gomedic cannot find waits for a confirmation",
			Looks: "GOROOT set in the environment or with go env -w; unset, the tree of the go on PATH",
			Fails: "F: it does not hold bin/go, holds a different Go than the go on PATH, or has no pkg/tool/GOOS_GOARCH/compile (unset: the go on PATH's own tree lacks it, an incomplete installation). W: set but redundant"},
		{ID: "go.runs", Layer: finding.LayerGo, Run: runs,
			Repair: finding.RepairManual, RepairNote: "a go command that fails on its own is a broken installation, and reinstalling Go is a download; the causes other checks judge (GOROOT, GOTMPDIR, GOOS/GOARCH, the caches) are repaired there",
			Needs: []string{"go.found"}, Causes: []string{"go.goroot", "env.gopath", "env.go111module", "env.gotoolchain", "env.caches", "env.goflags", "env.gotmpdir", "env.target", "ws.go_directive", "ws.gowork"},
			Looks: "go env -json finishes, exits 0 and parses; then a go build of a one-file package of gomedic's own succeeds, which needs the compiler of GOROOT, a work directory and a valid GOOS/GOARCH as every build and gopls load does",
			Fails: "F: otherwise, with the go command's own error, blamed on the check that judges its cause (GOROOT, GOTMPDIR, GOOS/GOARCH, the caches, GOFLAGS, GOTOOLCHAIN, a relative GOWORK, ...). I: the build did not finish in time"},
		{ID: "go.version", Layer: finding.LayerGo, Run: version, Needs: []string{"go.runs"},
			Repair: finding.RepairManual, RepairNote: "upgrading Go is a download of Go itself, or a package manager's job",
			Looks: "the Go release",
			Fails: "F: older than go1.21. W: not one of the two newest major releases (gopls supports only those)"},
		{ID: "go.multiple", Layer: finding.LayerGo, Run: multiple, Needs: []string{"go.found"},
			Repair: finding.RepairManual, RepairNote: "which Go to keep is the user's choice, and the other entries often come from system files or package managers",
			Looks: "distinct Go installations reachable through PATH",
			Fails: "W: more than one, listed in PATH order with versions"},
		{ID: "go.origin", Layer: finding.LayerGo, Run: origin, Needs: []string{"go.found"},
			Repair: finding.RepairNone,
			Looks:  "where the go on PATH came from: official archive, Homebrew, distribution package, snap, golang.org/dl, a version manager's shim, a downloaded toolchain; a GOROOT set to another tree is named beside it",
			Fails:  "info only"},
	}
}
