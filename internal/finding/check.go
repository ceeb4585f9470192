package finding

// CheckInfo describes one check of the catalog as `gomedic checks` lists it and docs/checks.md
// documents it: what it looks at, what fails it, what it needs.
type CheckInfo struct {
	ID     string   `json:"id"`
	Layer  Layer    `json:"layer"`
	Looks  string   `json:"looks_at"`
	Fails  string   `json:"fails_when"`
	Needs  []string `json:"needs,omitempty"`
	Online bool     `json:"online,omitempty"`
	Deep   bool     `json:"deep,omitempty"`
	// Repair is how `gomedic fix` repairs what the check finds, and RepairNote why, or what it
	// does, in a sentence.
	Repair     Repair `json:"repair"`
	RepairNote string `json:"repair_note,omitempty"`
}

// Repair says how `gomedic fix` repairs a check's failures: the Fix.Auto and Fix.Actions its
// findings carry in the common case. A check whose findings differ by cause (a value from the go
// env file versus one from a system file) declares the most its common case gets, and its
// RepairNote names the cases that get less.
type Repair string

// The repairs, from the most to the least automatic.
const (
	// RepairAuto: the fix is actions `gomedic fix --yes` applies (Fix.Auto).
	RepairAuto Repair = "auto"
	// RepairConfirm: the fix is actions `gomedic fix` applies only after the user confirms the
	// step (Actions, Fix.Auto false): they change files the user owns (go.mod, go.sum, go.work, a
	// line the user wrote), or gomedic's choice of value is a guess.
	RepairConfirm Repair = "confirm"
	// RepairManual: the fix is words and commands for the user; `gomedic fix` lists them and runs
	// nothing (it needs root, a package manager, a download of Go itself, the editor's UI, or a
	// choice only the user can make).
	RepairManual Repair = "manual"
	// RepairNone: the check only informs; there is nothing to repair.
	RepairNone Repair = "none"
)

// Repairs lists every repair, from the most to the least automatic.
var Repairs = []Repair{RepairAuto, RepairConfirm, RepairManual, RepairNone}

// VariableInfo is one row of the decision table of the go command's variables that
// docs/checks.md ends with: what a bad value breaks, and the checks that read it ("" for none).
type VariableInfo struct {
	Name   string `json:"name"`
	Effect string `json:"bad_value"`
	Checks string `json:"read_by,omitempty"`
}
