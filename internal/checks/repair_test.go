package checks_test

import (
	"slices"
	"testing"

	"github.com/gomedic/gomedic/internal/checks"
	"github.com/gomedic/gomedic/internal/finding"
)

// TestEveryCheckDeclaresARepair checks that every check of the catalog says how `gomedic fix`
// repairs it (docs/checks.md's fix column): a known Repair, with the reason for anything less than
// automatic, and "none" exactly for the checks that only inform.
func TestEveryCheckDeclaresARepair(t *testing.T) {
	for _, c := range checks.Catalog().Checks() {
		if !slices.Contains(finding.Repairs, c.Repair) {
			t.Errorf("%s declares repair %q; want one of %v (set Repair in the layer's list of checks)", c.ID, c.Repair, finding.Repairs)
			continue
		}
		if (c.Repair == finding.RepairConfirm || c.Repair == finding.RepairManual) && c.RepairNote == "" {
			t.Errorf("%s: repair %s needs a RepairNote saying why", c.ID, c.Repair)
		}
		informs := problemStatus(c) == ""
		if informs != (c.Repair == finding.RepairNone) {
			t.Errorf("%s: repair %s, while its catalog entry says %q: none is for the checks that only inform", c.ID, c.Repair, c.Fails)
		}
	}
}
