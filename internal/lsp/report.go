package lsp

import (
	"fmt"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// Phase is how far a session got.
type Phase string

// The phases of a session, in order.
const (
	PhaseStart      Phase = "start"      // starting the process
	PhaseInitialize Phase = "initialize" // the initialize request
	PhaseLoad       Phase = "load"       // waiting for the workspace to load
	PhaseOpen       Phase = "open"       // opening a Go file and waiting for its diagnostics
	PhaseStats      Phase = "stats"      // asking what loaded
	PhaseReady      Phase = "ready"      // the workspace loaded and the stats were read
)

// FailureKind says how a session failed.
type FailureKind string

// The ways a session fails.
const (
	FailStart    FailureKind = "start"    // the process could not be started
	FailExit     FailureKind = "exit"     // the process exited (or closed its output) before the session ended
	FailTimeout  FailureKind = "timeout"  // the server did not answer, or did not finish loading, in time
	FailProtocol FailureKind = "protocol" // the server printed something that is not LSP
	FailRefused  FailureKind = "refused"  // the server answered a request with an error
)

// Failure is why a session stopped before the workspace was ready.
type Failure struct {
	Phase Phase
	Kind  FailureKind
	Err   error
}

func (f *Failure) Error() string { return fmt.Sprintf("%s: %v", f.Phase, f.Err) }

// Message is a window/showMessage, window/showMessageRequest or window/logMessage the server sent.
type Message struct {
	Method string `json:"method"`
	Type   int    `json:"type"` // MessageError, MessageWarning, MessageInfo, MessageLog
	Text   string `json:"text"`
}

// TypeName is the message type in words.
func (m Message) TypeName() string {
	switch m.Type {
	case MessageError:
		return "error"
	case MessageWarning:
		return "warning"
	case MessageInfo:
		return "info"
	}
	return "log"
}

// Diagnostic is a diagnostic the server published for a go.mod, go.work or go.sum file: how it
// reports that the workspace cannot be loaded.
type Diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"` // 1-based
	Severity int    `json:"severity"`
	Source   string `json:"source,omitempty"`
	Message  string `json:"message"`
}

// Progress is a piece of work the server reported with $/progress ("Setting up workspace").
type Progress struct {
	Title string        `json:"title"`
	Begin string        `json:"begin,omitempty"` // the begin message ("Loading packages...")
	End   string        `json:"end,omitempty"`   // the end message ("Finished loading packages.")
	Began time.Duration `json:"began"`           // since the process started
	Ended time.Duration `json:"ended,omitempty"`
	Done  bool          `json:"done"`
}

// Report is what a session saw.
type Report struct {
	// Command is the command line the server was started with.
	Command string
	Pid     int
	// Phase is the last phase reached; Failure says why it stopped there (nil once ready).
	Phase   Phase
	Failure *Failure
	// Server is the server's name and version from its answer to initialize ("gopls v0.21.1").
	Server string
	// InitTime and ReadyTime are measured from the start of the process to the answer to
	// initialize and to the end of the workspace load.
	InitTime, ReadyTime time.Duration
	// Stats is the server's gopls.workspace_stats answer; Packages the workspace packages of
	// every view, -1 when unknown (StatsNote says why).
	Stats     *WorkspaceStats
	Packages  int
	StatsNote string
	// PeakMemory is the server's peak resident set size in bytes (Linux: VmHWM in
	// /proc/PID/status, read just before shutdown); 0 when unknown, and MemoryNote says why.
	PeakMemory int64
	MemoryNote string
	// Messages are the window/showMessage, window/showMessageRequest and window/logMessage
	// messages the server sent (log messages of type error and warning only).
	Messages []Message
	// Diagnostics are those published for go.mod, go.work and go.sum files; GoDiagnostics counts
	// the errors published for other files.
	Diagnostics   []Diagnostic
	GoDiagnostics int
	// Opened is the Go file the session opened (Config.Open) and its diagnostics; nil when none.
	Opened *Opened
	// Progress is the work the server reported, in the order it began.
	Progress []Progress
	// Exit is how the process ended (after shutdown and exit, or killed); its Stderr is what the
	// server printed there.
	Exit *host.Result
	// Stdout is what the server printed on its standard output, when that was not LSP.
	Stdout string
	// ProtocolError is the JSON-RPC layer's complaint about the server's output.
	ProtocolError string
	// ShutdownClean is set when the server answered shutdown and exited by itself after exit.
	ShutdownClean bool
	// Trace is the exchange, one line per message, for evidence.
	Trace []string
}

// Errors are the messages of type error and the go.mod/go.work/go.sum diagnostics of severity
// error, as lines: what the editor shows the user as load errors.
func (r *Report) Errors() []string {
	var out []string
	for _, m := range r.Messages {
		if m.Type == MessageError {
			out = append(out, m.Text)
		}
	}
	for _, d := range r.Diagnostics {
		if d.Severity == SeverityError {
			out = append(out, fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Message))
		}
	}
	for _, p := range r.Progress {
		if strings.HasPrefix(p.End, "Error loading") {
			out = append(out, p.End)
		}
	}
	return out
}

// Printed is what the server printed outside the protocol: its standard error and, when it was
// not LSP, its standard output.
func (r *Report) Printed() string {
	var parts []string
	if r.Stdout != "" {
		parts = append(parts, "stdout:\n"+r.Stdout)
	}
	if r.Exit != nil {
		if e := strings.TrimSpace(string(r.Exit.Stderr)); e != "" {
			parts = append(parts, "stderr:\n"+e)
		}
	}
	return strings.Join(parts, "\n")
}
