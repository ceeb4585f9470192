package result

import "github.com/gomedic/gomedic/internal/finding"

// Schemas of the documents of `gomedic tools` (README.md documents them).
const (
	ToolsListSchema    = "gomedic.tools/v1"
	ToolsInstallSchema = "gomedic.tools.install/v1"
)

// ToolsInstall is the document of `gomedic tools install` and `gomedic tools update`: how the
// install of each tool ended, in the order the tools were asked for.
type ToolsInstall struct {
	Schema  string       `json:"schema"`
	Results []ToolResult `json:"results"`
}

// NewToolsInstall is the document over results ([] rather than null when there are none).
func NewToolsInstall(results []ToolResult) *ToolsInstall {
	if results == nil {
		results = []ToolResult{}
	}
	return &ToolsInstall{Schema: ToolsInstallSchema, Results: results}
}

// Failed counts the tools that failed to install.
func (d *ToolsInstall) Failed() int {
	n := 0
	for _, r := range d.Results {
		if r.Status == ToolFailed {
			n++
		}
	}
	return n
}

// ToolStatus is how the install of one tool ended.
type ToolStatus string

// The statuses of a ToolResult.
const (
	ToolInstalled ToolStatus = "installed" // built (or taken from the store) and activated
	ToolCurrent   ToolStatus = "current"   // the version asked for was already active: nothing done
	ToolFailed    ToolStatus = "failed"    // see Failure; the version active before stays active
)

// ToolResult is how the install of one tool ended.
type ToolResult struct {
	Tool      string     `json:"tool"`
	Package   string     `json:"package"`
	Module    string     `json:"module,omitempty"`
	Query     string     `json:"query"`
	Version   string     `json:"version,omitempty"`
	GoVersion string     `json:"go_version,omitempty"`
	Status    ToolStatus `json:"status"`
	// Previous is the version that was active before ("" when none, or nothing changed).
	Previous string `json:"previous,omitempty"`
	// Path is the binary in the tools directory (GOBIN); Store the store directory it links to.
	Path    string `json:"path,omitempty"`
	Store   string `json:"store,omitempty"`
	Managed bool   `json:"managed"`
	// Overrides are the changes made to the build environment ("GOFLAGS=-mod=vendor is ignored ...").
	Overrides []string `json:"overrides,omitempty"`
	// Notes are what the user should know after the install (a tools directory not on PATH).
	Notes   []string     `json:"notes,omitempty"`
	Failure *ToolFailure `json:"failure,omitempty"`
	// Log is the file that holds the go command's whole output.
	Log string `json:"log,omitempty"`
	// DurationMS is the time the tool took.
	DurationMS int64 `json:"duration_ms"`
}

// ToolFailure is why a tool could not be installed, with the fix.
type ToolFailure struct {
	Cause   string       `json:"cause"`            // stable id (toolbuild's Cause constants)
	Summary string       `json:"summary"`          // one line
	Detail  string       `json:"detail,omitempty"` // plain words: what went wrong and what the user sees
	Tail    string       `json:"tail,omitempty"`   // the last lines of the go command's (or the tool's) own output
	Fix     *finding.Fix `json:"fix,omitempty"`    // exact commands; nil when there is none to give
}

// ToolsList is the document of `gomedic tools list`.
type ToolsList struct {
	Schema string       `json:"schema"`
	Tools  []ListedTool `json:"tools"`
}

// NewToolsList is the document over tools.
func NewToolsList(tools []ListedTool) *ToolsList {
	return &ToolsList{Schema: ToolsListSchema, Tools: tools}
}

// ListedTool is one tool as `gomedic tools list` shows it.
type ListedTool struct {
	Name      string `json:"name"`
	Package   string `json:"package"`
	Module    string `json:"module"`
	Need      string `json:"need,omitempty"`
	Version   string `json:"version"`    // of the binary the editor runs; "" when not installed
	GoVersion string `json:"go_version"` // that binary was built with
	Path      string `json:"path"`       // the binary the editor runs; "" when not installed
	Managed   bool   `json:"managed"`    // path is a version gomedic installed (or adopted)
	Pinned    string `json:"pinned,omitempty"`
	// Previous are the stored versions other than the active one: the one `gomedic tools
	// rollback` restores first, then the others, most recently used first.
	Previous []string `json:"previous"`
	Latest   string   `json:"latest"` // newest version through GOPROXY; "" offline or unknown
	// Store is every version of the tool in gomedic's store, the active one first, with why it is
	// kept there.
	Store []StoredVersion `json:"store"`
}

// StoredVersion is a version of a tool in gomedic's store and why it is kept there.
type StoredVersion struct {
	Version string `json:"version"`
	// Keep is why pruning keeps it: "active", "previous" (what rollback restores), "pinned",
	// "adopted" (a binary gomedic did not build), "recent" (one of the most recently used others,
	// ToolsKeepOthers of them); "" for a version the next install removes.
	Keep string `json:"keep"`
}

// ToolsKeepOthers is how many versions of a tool the store keeps besides the active one, the one
// rollback restores, the pinned one and adopted ones (toolstore.KeepOthers, said here for the
// renderers).
const ToolsKeepOthers = 3

// ToolAction is what `gomedic tools pin`, `rollback` or `remove` did.
type ToolAction string

// The actions of a ToolChange.
const (
	ToolPinned     ToolAction = "pin"
	ToolUnpinned   ToolAction = "unpin"
	ToolRolledBack ToolAction = "rollback"
	ToolRemoved    ToolAction = "remove"
)

// ToolChange is the outcome of `gomedic tools pin`, `rollback` or `remove`.
type ToolChange struct {
	Action ToolAction `json:"action"`
	Tool   string     `json:"tool"`
	// Version is the version pinned, or active again after a rollback.
	Version string `json:"version,omitempty"`
	// Was is the version a rollback replaced ("" when none was active).
	Was string `json:"was,omitempty"`
}

// ToolPhase is where the install of one tool is.
type ToolPhase string

// The phases, in order; an install ends in ToolPhaseCurrent, ToolPhaseDone or ToolPhaseFailed.
const (
	ToolPhaseResolving   ToolPhase = "resolving"
	ToolPhaseDownloading ToolPhase = "downloading"
	ToolPhaseBuilding    ToolPhase = "building"
	ToolPhaseVerifying   ToolPhase = "verifying"
	ToolPhaseActivating  ToolPhase = "activating"
	ToolPhaseCurrent     ToolPhase = "current"
	ToolPhaseDone        ToolPhase = "done"
	ToolPhaseFailed      ToolPhase = "failed"
)

// ToolEvent is a step of one tool's install, for progress display. Events of different tools
// arrive concurrently.
type ToolEvent struct {
	Tool   string
	Phase  ToolPhase
	Detail string
}
