package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/vscode"
)

// TestMachineScopedFollowsTheTable holds vscode.MachineScoped (which vscode cannot read from this
// package, which imports it) to the scopes of the built-in table of the Go extension's settings.
func TestMachineScopedFollowsTheTable(t *testing.T) {
	var want []string
	for key, spec := range Builtin().Settings {
		if strings.HasPrefix(spec.Scope, "machine") {
			want = append(want, key)
		}
	}
	slices.Sort(want)
	got := slices.Sorted(slices.Values(vscode.MachineScoped))
	if !slices.Equal(got, want) {
		t.Errorf("vscode.MachineScoped = %q, but the extension's machine-scoped settings are %q", got, want)
	}
}
