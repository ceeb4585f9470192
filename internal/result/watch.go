package result

import (
	"time"

	"github.com/gomedic/gomedic/internal/finding"
)

// WatchSchema is the schema of `gomedic watch --once --json` (docs/json.md).
const WatchSchema = "gomedic.watch/v1"

// Watch is the document of one look of `gomedic watch`: the census of the user's gopls and dlv
// processes and the findings about them (ids watch.*).
type Watch struct {
	Schema string    `json:"schema"`
	Time   time.Time `json:"time"`
	// Processes are the gopls and dlv processes of this user, oldest first ([] when none).
	Processes []WatchProcess `json:"processes"`
	// Findings are the watch.* findings, most severe first ([] when all is well).
	Findings []finding.Finding `json:"findings"`
	// Samples is how many samples of the history the memory trends were read from.
	Samples int `json:"samples"`
	// Note says what the census could not see (no process list on this system).
	Note string `json:"note,omitempty"`
}

// WatchProcess is one gopls or dlv process as the census sees it.
type WatchProcess struct {
	Pid  int    `json:"pid"`
	PPid int    `json:"ppid"`
	Tool string `json:"tool"` // "gopls" or "dlv"
	// Role is "server" (an editor's gopls), "forwarder" (gopls -remote=...), "daemon" (gopls
	// serve -listen=...), or "debugger" (dlv).
	Role string `json:"role"`
	// Editor is the editor whose process started it ("Code", "Cursor", ...), "terminal", or ""
	// when no editor or shell is among its ancestors.
	Editor    string `json:"editor"`
	Workspace string `json:"workspace,omitempty"`
	// WorkspaceFrom says where Workspace was read: "" for the working directory, else the
	// editor window's "gopls (server)" output channel log whose view lines named it (when the
	// working directory is the home or root directory, as the extension host passes it on).
	WorkspaceFrom string    `json:"workspace_from,omitempty"`
	Binary        string    `json:"binary"`
	Version       string    `json:"version,omitempty"`
	Args          []string  `json:"args,omitempty"`
	Started       time.Time `json:"started"`
	CPUMS         int64     `json:"cpu_ms"`
	RSS           int64     `json:"rss_bytes"`
	// Trend is the resident memory's change per hour over the samples kept, in bytes (0 with
	// fewer than two samples).
	TrendPerHour int64 `json:"rss_trend_per_hour"`
	// Orphaned is set when its parent is gone and it was re-parented.
	Orphaned bool `json:"orphaned"`
	// BinaryState is "" when the binary it runs is the file on disk, "deleted" when that file was
	// removed, "replaced" when another file now has its path.
	BinaryState string `json:"binary_state,omitempty"`
	// MemoryLimit is its GOMEMLIMIT in bytes, 0 when none is set.
	MemoryLimit int64 `json:"memory_limit,omitempty"`
}

// WatchEvent is one line of continuous `gomedic watch`: a finding that appeared, changed or
// cleared.
type WatchEvent struct {
	Time    time.Time        `json:"time"`
	Change  string           `json:"change"` // "appeared", "changed", "cleared"
	Finding *finding.Finding `json:"finding"`
}

// WatchService is the state of the per-user service that runs `gomedic watch` at login.
type WatchService struct {
	File      string `json:"file"` // the systemd unit, launchd plist or scheduled task's name
	Manager   string `json:"manager"`
	Installed bool   `json:"installed"`
	Running   bool   `json:"running"`
	Note      string `json:"note,omitempty"` // why the service manager could not answer
}

// DaemonEvent is a start, an end or a restart of the gopls that `gomedic watch --daemon`
// supervises.
type DaemonEvent struct {
	Time  time.Time `json:"time"`
	Event string    `json:"event"` // "started", "exited", "restarting", "stopped"
	Pid   int       `json:"pid,omitempty"`
	Cause string    `json:"cause,omitempty"` // "killed by SIGKILL", "exit status 2"
	Delay string    `json:"delay,omitempty"`
}
