package result

import "github.com/gomedic/gomedic/internal/finding"

// FixSchema is the schema of `gomedic fix --json` (docs/json.md).
const FixSchema = "gomedic.fix/v1"

// FixMode says how `gomedic fix` applies a step.
type FixMode string

// The modes of a step.
const (
	// FixAuto steps are applied by --yes (or a yes at the prompt).
	FixAuto FixMode = "auto"
	// FixConfirm steps change what the user owns beyond their environment (a go mod tidy, a
	// command): applied only on a yes at the prompt, or with --yes --confirm.
	FixConfirm FixMode = "confirm"
	// FixManual steps need what gomedic must not do (root, a package manager, a download of Go,
	// restarting the editor): their commands are printed, never run.
	FixManual FixMode = "manual"
)

// FixOutcome is how a step ended.
type FixOutcome string

// The outcomes of a step.
const (
	FixPlanned    FixOutcome = "planned"     // --dry-run, or not reached
	FixFixed      FixOutcome = "fixed"       // applied, and the re-check passes
	FixNotCleared FixOutcome = "not_cleared" // applied, and the re-check still does not pass
	FixFailed     FixOutcome = "failed"      // applying it failed; what it had changed is undone
	FixDeclined   FixOutcome = "declined"    // the user said no, or it needs a confirmation not given
	FixManualOnly FixOutcome = "manual"      // listed for the user to do
)

// Fix is the document of `gomedic fix`: the plan, each step's outcome, and the journal that can
// undo it.
type Fix struct {
	Schema    string `json:"schema"`
	Workspace string `json:"workspace,omitempty"`
	DryRun    bool   `json:"dry_run"`
	// RunID names the journal (`gomedic fix --undo RUN-ID`); "" when nothing was changed.
	RunID   string    `json:"run_id,omitempty"`
	Journal string    `json:"journal,omitempty"`
	Steps   []FixStep `json:"steps"`
	// Message is what the run has to say as a whole ("nothing to fix").
	Message string `json:"message,omitempty"`
}

// FixStep is one step of the plan: the actions of one fix (merged when several findings share
// them), what they change, and how applying them ended.
type FixStep struct {
	N        int              `json:"n"`
	Checks   []string         `json:"checks"`
	Title    string           `json:"title"`
	Summary  string           `json:"summary"`
	Mode     FixMode          `json:"mode"`
	Actions  []finding.Action `json:"actions,omitempty"`
	Changes  []FixChange      `json:"changes,omitempty"`
	Commands []string         `json:"commands,omitempty"`
	Outcome  FixOutcome       `json:"outcome"`
	Error    string           `json:"error,omitempty"`
	// Recheck is what the checks of the step (and those it blocked) say after it was applied.
	Recheck []FixRecheck `json:"recheck,omitempty"`
}

// FixChange is what one action of a step changes: a unified diff of a file, a command, an install.
type FixChange struct {
	Kind    finding.ActionKind `json:"kind"`
	File    string             `json:"file,omitempty"`
	Diff    string             `json:"diff,omitempty"`
	Command string             `json:"command,omitempty"`
	Tool    string             `json:"tool,omitempty"`
	Version string             `json:"version,omitempty"`
	// Noop is set when the action would change nothing (the file already says so).
	Noop bool `json:"noop,omitempty"`
	// Error says why gomedic cannot apply the action (the step is then manual).
	Error string `json:"error,omitempty"`
}

// FixRecheck is one check's verdict after a step.
type FixRecheck struct {
	ID        string         `json:"id"`
	Status    finding.Status `json:"status"`
	Title     string         `json:"title"`
	BlockedBy string         `json:"blocked_by,omitempty"`
}

// FixRun is one run in `gomedic fix --history`.
type FixRun struct {
	RunID    string `json:"run_id"`
	Started  string `json:"started"`
	Steps    int    `json:"steps"`
	Applied  int    `json:"applied"`
	Undone   bool   `json:"undone"`
	Journal  string `json:"journal"`
	Complete bool   `json:"complete"`
}

// FixHistorySchema is the schema of `gomedic fix --history --json`.
const FixHistorySchema = "gomedic.fix.history/v1"

// FixHistory is the document of `gomedic fix --history`.
type FixHistory struct {
	Schema string   `json:"schema"`
	Runs   []FixRun `json:"runs"`
}

// FixUndoSchema is the schema of `gomedic fix --undo --json`.
const FixUndoSchema = "gomedic.fix.undo/v1"

// FixUndo is what `gomedic fix --undo` restored.
type FixUndo struct {
	Schema   string   `json:"schema"`
	RunID    string   `json:"run_id"`
	Restored []string `json:"restored"`
	Skipped  []string `json:"skipped,omitempty"`
}
