package result

import (
	"encoding/json"

	"github.com/gomedic/gomedic/internal/finding"
)

// RunSchema is the schema of the run document (docs/json.md).
const RunSchema = "gomedic.run/v1"

// The modes of a run (Run.Mode).
const (
	RunModeProgram = "program" // PATH: build the program, run the binary
	RunModeTest    = "test"    // PATH with --test or only _test.go files: build the test binary, run it
	RunModeCommand = "command" // -- COMMAND: run it as given
)

// RunPhase is what produced the outcome classified.
type RunPhase string

// The phases.
const (
	RunPhaseBuild RunPhase = "build" // go build / go vet (before the program ran)
	RunPhaseRun   RunPhase = "run"   // the program itself
	RunPhaseTest  RunPhase = "test"  // go test, or a test binary
	RunPhaseExec  RunPhase = "exec"  // any other command (-- COMMAND)
)

// What the program gets as standard input (RunStdin.Kind).
const (
	RunStdinNone     = "none"     // nothing: it reads end of file at once (as under the editor's Run)
	RunStdinFile     = "file"     // --stdin FILE
	RunStdinText     = "text"     // --input TEXT
	RunStdinTerminal = "terminal" // gomedic's own standard input, a terminal
)

// Run is the outcome of gomedic run: the gomedic.run/v1 document. Its strings are as the runner
// found them; a renderer removes credentials from them (report.RunJSON, report.RunText).
type Run struct {
	Schema string `json:"schema"`
	Mode   string `json:"mode"`           // program, test, command
	Path   string `json:"path,omitempty"` // PATH as given
	// Phase is what produced the outcome classified: build (the program did not build, or was
	// not built), run, test, exec.
	Phase RunPhase `json:"phase"`
	// Build is the go build or go test -c that built the program, when one ran.
	Build *RunStep `json:"build,omitempty"`
	// Command and Cwd are what ran last (the build, when it failed) and where.
	Command   []string       `json:"command"`
	Line      string         `json:"command_line"`
	Cwd       string         `json:"cwd"`
	CwdReason string         `json:"cwd_reason"`
	Env       []RunEnvChange `json:"env"`
	Stdin     RunStdin       `json:"stdin"`
	// Ran is true when the program (or command) was started.
	Ran        bool   `json:"ran"`
	ExitCode   int    `json:"exit_code"`        // -1 when killed by a signal or not started
	Signal     string `json:"signal,omitempty"` // "killed", "aborted", ...
	TimedOut   bool   `json:"timed_out"`
	TimeoutMS  int64  `json:"timeout_ms"`
	Interrupt  bool   `json:"interrupted,omitempty"` // gomedic was interrupted (Ctrl-C) and passed it on
	StartError string `json:"start_error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
	// Status is gomedic run's own exit status (README): the program's.
	Status int               `json:"status"`
	Result RunClassification `json:"result"`
	Trace  *RunTrace         `json:"trace,omitempty"`
	Stdout RunStream         `json:"stdout"`
	Stderr RunStream         `json:"stderr"`
	Notes  []string          `json:"notes,omitempty"`
	// Launch is the launch.json configuration applied with --config.
	Launch *RunLaunch `json:"launch,omitempty"`
}

// RunStep is one command of a run.
type RunStep struct {
	Command    []string `json:"command"`
	Line       string   `json:"command_line"` // the command as a shell would take it
	Cwd        string   `json:"cwd"`
	ExitCode   int      `json:"exit_code"`
	DurationMS int64    `json:"duration_ms"`
}

// RunClassification says why the program, test or command exited as it did (the classifier's
// result, package run/classify): one id of CHECKS.md's run section, a plain-words explanation,
// the location in the user's code when there is one, and the fix.
type RunClassification struct {
	ID          string
	Title       string
	Explanation string
	Location    string   // the first frame in the user's code, or the compiler's file:line:col
	Details     []string // each failing test, each compile error, ...
	Fix         *finding.Fix
}

// runClassificationJSON is a classification as the document has it since v1: the fix's summary,
// commands and docs as members of their own.
type runClassificationJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Explanation string   `json:"explanation"`
	Location    string   `json:"location,omitempty"`
	Details     []string `json:"details,omitempty"`
	Fix         string   `json:"fix,omitempty"`
	Commands    []string `json:"commands,omitempty"`
	Docs        string   `json:"docs,omitempty"`
}

// MarshalJSON writes c as docs/json.md has it: "fix" is the fix's summary, beside "commands".
func (c RunClassification) MarshalJSON() ([]byte, error) {
	j := runClassificationJSON{ID: c.ID, Title: c.Title, Explanation: c.Explanation, Location: c.Location, Details: c.Details}
	if c.Fix != nil {
		j.Fix, j.Commands, j.Docs = c.Fix.Summary, c.Fix.Commands, c.Fix.Docs
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *RunClassification) UnmarshalJSON(data []byte) error {
	var j runClassificationJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*c = RunClassification{ID: j.ID, Title: j.Title, Explanation: j.Explanation, Location: j.Location, Details: j.Details}
	if j.Fix != "" || len(j.Commands) > 0 || j.Docs != "" {
		c.Fix = &finding.Fix{Summary: j.Fix, Commands: j.Commands, Docs: j.Docs}
	}
	return nil
}

// RunEnvChange is a variable the program gets with another value than gomedic's own environment
// (the user's shell) has: the editor settings (or a launch configuration) put it there.
type RunEnvChange struct {
	Name  string `json:"name"`
	Value string `json:"value"` // what the program gets
	// Shell is the value in the shell gomedic runs in; ShellSet is false when unset.
	Shell    string `json:"shell"`
	ShellSet bool   `json:"shell_set"`
	Setting  string `json:"setting"` // go.toolsEnvVars, go.gopath, go.goroot, launch.json NAME
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// RunStdin is what the program got as standard input.
type RunStdin struct {
	Kind string `json:"kind"`           // none, file, text, terminal
	File string `json:"file,omitempty"` // the --stdin file ("-": gomedic's standard input)
	// Bytes is the input's size and MaxLine its longest line in bytes (without the newline), when
	// known before the run (a file, a text) or once passed on (--stdin -); 0 for a terminal.
	Bytes   int64 `json:"bytes"`
	MaxLine int   `json:"max_line"`
}

// RunStream is the end of one of the program's output streams.
type RunStream struct {
	Bytes int64 `json:"bytes"` // how many bytes the program wrote to the stream
	// Tail is the end of the stream (at most 64 KiB, starting at a line when cut), with bytes that
	// are not UTF-8 replaced.
	Tail      string `json:"tail"`
	Truncated bool   `json:"truncated"` // Tail is not the whole stream
}

// RunTrace is what --trace saw.
type RunTrace struct {
	Tool      string `json:"tool,omitempty"` // the tracer's command line, as run
	Available bool   `json:"available"`
	// Note says why tracing was not available and what to run instead, or what was left out.
	Note  string         `json:"note,omitempty"`
	Calls []RunTraceCall `json:"calls"` // the failing calls kept, in order
	// Failed is how many failing calls the tracer saw (the others were the dynamic loader's and
	// the go command's own look-ups, repeats, or older than the last ones kept).
	Failed int `json:"failed"`
}

// RunTraceCall is one failing system call.
type RunTraceCall struct {
	Pid   int    `json:"pid,omitempty"`
	Comm  string `json:"comm,omitempty"` // the process's command name
	Name  string `json:"name"`
	Path  string `json:"path"`
	Errno string `json:"errno"`
	Line  string `json:"line"`
}

// RunLaunch is the launch configuration of a workspace folder's .vscode/launch.json that
// gomedic run --config NAME applied (its env is in Run.Env, each variable with its file and line).
type RunLaunch struct {
	Name string `json:"name"`
	File string `json:"file"` // the launch.json
	Line int    `json:"line"`
	// Mode is the configuration's mode: "auto" or "debug" build and run the program, "test" runs
	// its tests, "exec" starts a binary that is already built.
	Mode       string   `json:"mode"`
	Program    string   `json:"program"` // expanded
	Cwd        string   `json:"cwd,omitempty"`
	Args       []string `json:"args,omitempty"`
	EnvFile    string   `json:"env_file,omitempty"`
	BuildFlags []string `json:"build_flags,omitempty"`
}
