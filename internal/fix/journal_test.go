package fix

import (
	"context"
	"errors"
	"testing"
)

// TestUndoRefusesWhatIsNoRun: --undo takes a run id, never a path that leads out of the
// journals' directory, and says how to find the runs when there is none.
func TestUndoRefusesWhatIsNoRun(t *testing.T) {
	root := t.TempDir()
	for _, id := range []string{"../../etc", "..", "a/b", `a\b`, "nosuchrun", ""} {
		if _, err := Undo(context.Background(), root, id, false, nil); !errors.Is(err, ErrNoRun) {
			t.Errorf("Undo(%q) = %v, want ErrNoRun", id, err)
		}
	}
}
