// Package lsp is gomedic's Language Server Protocol client, the probe behind ws.gopls: it starts
// gopls the way the editor does, speaks JSON-RPC 2.0 with it over its standard input and output
// (github.com/sourcegraph/jsonrpc2, whose VSCodeObjectCodec does the Content-Length framing),
// lets it load the workspace, answers every request it makes, and reports what it saw: how long
// it took, how many packages loaded, its peak memory and every error it reported.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// Config says how to start the server and what to tell it.
type Config struct {
	Host host.Host
	// Path, Args, Env and Dir are the command: the binary, its arguments, its whole environment
	// (nil for the host's) and its working directory.
	Path string
	Args []string
	Env  []string
	Dir  string
	// Folders are the workspace folders, absolute paths.
	Folders []string
	// Settings is the JSON object the server is initialized with (initializationOptions); nil
	// means {}.
	Settings json.RawMessage
	// Configuration answers a workspace/configuration item of section "gopls" for the folder
	// scopeDir ("" for no scope); nil answers Settings for every item.
	Configuration func(scopeDir string) json.RawMessage
	// Timeout bounds the session up to a loaded workspace and its stats; shutting down has a
	// grace period of its own (ShutdownGrace).
	Timeout time.Duration
	// ClientName and ClientVersion are sent as the initialize request's clientInfo.
	ClientName, ClientVersion string
	// Open is a Go file the session opens once the workspace loaded, as the editor does when the
	// user opens it ("" for none): the probe then waits for its diagnostics, and the stats count
	// what opening it made the server load.
	Open string
	// OpenUnconstrained says that every package the go command builds from Open's directory holds
	// Open: its name has no GOOS or GOARCH suffix and it has no build constraint line and no import
	// "C". Once the workspace loaded, the probe then asks gopls which workspace packages its
	// directory holds (gopls.packages: the metadata gopls loaded, no type checking, no diagnosis),
	// and opens the file and waits for its full diagnosis only when none does.
	OpenUnconstrained bool
}

// ShutdownGrace is how long a server is given to answer shutdown and exit before it is killed.
const ShutdownGrace = 2 * time.Second

// stderrLimit bounds what is kept of the server's standard error.
const stderrLimit = 64 << 10

// Probe starts the server of cfg, initializes it on the workspace folders, waits for it to load
// them, asks what loaded, reads its peak memory, shuts it down and makes sure that it and its
// children are gone. It never returns nil.
func Probe(ctx context.Context, cfg Config) *Report {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	cmd := host.Cmd{Path: cfg.Path, Args: cfg.Args, Env: cfg.Env, Dir: cfg.Dir,
		Timeout: cfg.Timeout + ShutdownGrace + time.Second, OutputLimit: stderrLimit}
	r := &Report{Command: cmd.String(), Phase: PhaseStart, Packages: -1}
	start := time.Now()
	proc, err := cfg.Host.Start(ctx, cmd)
	if err != nil {
		r.Failure = &Failure{Phase: PhaseStart, Kind: FailStart, Err: err}
		return r
	}
	r.Pid = proc.Pid
	out := &serverOutput{r: proc.Stdout}
	s := &session{cfg: cfg, r: r, start: start, proc: proc, out: out,
		tokens: map[string]int{}, changed: make(chan struct{}, 1)}
	connCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.stream = &recordingStream{ObjectStream: jsonrpc2.NewBufferedStream(&pipes{out: out, in: proc.Stdin, c: []io.Closer{proc.Stdin, proc.Stdout}}, jsonrpc2.VSCodeObjectCodec{})}
	s.conn = jsonrpc2.NewConn(connCtx, s.stream, s, jsonrpc2.SetLogger(s))

	deadline := start.Add(cfg.Timeout)
	s.run(ctx, deadline)
	s.stop(ctx)
	// The connection's goroutines may still be winding down: nothing they do reaches the
	// report from now on.
	s.mu.Lock()
	s.frozen = true
	s.mu.Unlock()
	return r
}

// session is one conversation with the server.
type session struct {
	cfg    Config
	r      *Report
	start  time.Time
	proc   *host.Process
	out    *serverOutput
	stream *recordingStream
	conn   *jsonrpc2.Conn
	// commands are those the server says it executes.
	commands []string

	mu sync.Mutex
	// tokens maps a progress token to its index in r.Progress.
	tokens map[string]int
	open   int
	// iwl is the token of gopls's "diagnosing initial workspace load" work, "" until it begins.
	iwl string
	// openDiagnosed is set when gopls's "diagnosing opened files" work ended.
	openDiagnosed bool
	lastEvent     time.Time
	trace         int  // messages not traced once the trace is full
	frozen        bool // set when Probe returns the report
	changed       chan struct{}
}

// iwlTitle is the title of the progress gopls reports, when asked for verbose progress, around
// the initial workspace load and its first diagnostics; it ends once both are done.
const iwlTitle = "diagnosing initial workspace load"

// openedTitle is the title of the progress gopls reports, when asked for verbose progress, around
// the diagnosis a textDocument/didOpen sets off (server.DiagnosticWorkTitle(FromDidOpen)); it ends
// once that diagnosis, the diagnostics of files no package holds included, is published.
const openedTitle = "diagnosing opened files"

// setupTitle is the title of the progress gopls reports while it loads a workspace folder.
const setupTitle = "Setting up workspace"

// settleTime is how long the server must stay quiet, when it does not report iwlTitle, before
// its workspace is taken as loaded.
const settleTime = 200 * time.Millisecond

// run takes the session from initialize to the stats.
func (s *session) run(ctx context.Context, deadline time.Time) {
	s.r.Phase = PhaseInitialize
	if !s.initialize(ctx, deadline) {
		return
	}
	s.r.Phase = PhaseLoad
	if !s.awaitLoad(ctx, deadline) {
		return
	}
	s.r.ReadyTime = time.Since(s.start)
	if s.cfg.Open != "" {
		s.r.Phase = PhaseOpen
		s.openFile(ctx, deadline)
		if s.r.Failure != nil {
			return
		}
	}
	s.r.Phase = PhaseStats
	s.stats(ctx, deadline)
	s.r.Phase = PhaseReady
}

// initialize sends initialize and initialized.
func (s *session) initialize(ctx context.Context, deadline time.Time) bool {
	params := initializeParams{
		ClientInfo:            clientInfo{Name: s.cfg.ClientName, Version: s.cfg.ClientVersion},
		InitializationOptions: s.cfg.Settings,
	}
	if len(params.InitializationOptions) == 0 {
		params.InitializationOptions = json.RawMessage("{}")
	}
	if params.ClientInfo.Name == "" {
		params.ClientInfo.Name = "gomedic"
	}
	for _, f := range s.cfg.Folders {
		params.WorkspaceFolders = append(params.WorkspaceFolders, workspaceFolder{URI: fileURI(f), Name: filepath.Base(f)})
	}
	if len(params.WorkspaceFolders) > 0 {
		params.RootURI = params.WorkspaceFolders[0].URI
	}
	caps := &params.Capabilities
	caps.Workspace.Configuration = true
	caps.Workspace.WorkspaceFolders = true
	caps.Workspace.DidChangeConfiguration.DynamicRegistration = true
	caps.Workspace.DidChangeWatchedFiles.DynamicRegistration = true
	caps.Window.WorkDoneProgress = true
	caps.TextDocument.PublishDiagnostics.RelatedInformation = true

	s.tracef("→ initialize (%d workspace folders)", len(params.WorkspaceFolders))
	var res initializeResult
	if !s.call(ctx, deadline, "initialize", params, &res) {
		return false
	}
	s.r.InitTime = time.Since(s.start)
	s.r.Server = serverName(res)
	if p := res.Capabilities.ExecuteCommandProvider; p != nil {
		s.commands = p.Commands
	}
	s.tracef("← initialize: %s (%s)", s.r.Server, s.r.InitTime.Round(time.Millisecond))
	if err := s.conn.Notify(ctx, "initialized", struct{}{}); err != nil {
		s.fail(PhaseInitialize, err)
		return false
	}
	s.tracef("→ initialized")
	return true
}

// serverName is the server's name and version as it gives them: gopls puts its build info, as
// JSON, in serverInfo.version.
func serverName(res initializeResult) string {
	if res.ServerInfo == nil {
		return "the server"
	}
	name, version := res.ServerInfo.Name, res.ServerInfo.Version
	var info struct {
		Version string
		Main    struct{ Version string }
	}
	if json.Unmarshal([]byte(version), &info) == nil {
		version = info.Version
		if version == "" {
			version = info.Main.Version
		}
	}
	return strings.TrimSpace(name + " " + version)
}

// call makes a request and waits for its answer until the deadline, recording a failure.
func (s *session) call(ctx context.Context, deadline time.Time, method string, params, result any) bool {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	err := s.conn.Call(ctx, method, params, result)
	if err == nil {
		return true
	}
	var rpcErr *jsonrpc2.Error
	switch {
	case errors.As(err, &rpcErr):
		s.r.Failure = &Failure{Phase: s.r.Phase, Kind: FailRefused, Err: fmt.Errorf("%s answered %s with an error: %s", s.name(), method, rpcErr.Message)}
	case ctx.Err() != nil && !time.Now().Before(deadline):
		s.r.Failure = &Failure{Phase: s.r.Phase, Kind: FailTimeout, Err: fmt.Errorf("%s did not answer %s within %s", s.name(), method, s.cfg.Timeout)}
	case ctx.Err() != nil:
		// The caller's context ended first.
		s.r.Failure = &Failure{Phase: s.r.Phase, Kind: FailTimeout, Err: fmt.Errorf("interrupted while waiting for %s to answer %s: %w", s.name(), method, ctx.Err())}
	default:
		s.fail(s.r.Phase, err)
	}
	return false
}

// name is the server's name for messages.
func (s *session) name() string {
	if s.r.Server != "" && s.r.Server != "the server" {
		return strings.Fields(s.r.Server)[0]
	}
	return filepath.Base(s.cfg.Path)
}

// fail records that the connection ended during phase: the process exited, or its output was
// not LSP.
func (s *session) fail(phase Phase, err error) {
	if s.r.Failure != nil {
		return
	}
	if perr := s.stream.protocolError(); perr != nil {
		s.r.ProtocolError = perr.Error()
		s.r.Failure = &Failure{Phase: phase, Kind: FailProtocol, Err: fmt.Errorf("%s printed something that is not LSP on its standard output (%s)", s.name(), s.r.ProtocolError)}
		return
	}
	// The connection closes when the output ends; give the process a moment to be seen exiting.
	select {
	case <-s.proc.Done():
	case <-time.After(500 * time.Millisecond):
	}
	if s.proc.Exited() {
		s.r.Failure = &Failure{Phase: phase, Kind: FailExit, Err: fmt.Errorf("%s exited during %s", s.name(), phase)}
		return
	}
	s.r.Failure = &Failure{Phase: phase, Kind: FailExit, Err: fmt.Errorf("%s closed its output during %s (%v)", s.name(), phase, err)}
}

// awaitLoad waits until every piece of work the server began has ended — the workspace load and,
// when the server reports it, the diagnosis that follows — or the deadline.
func (s *session) awaitLoad(ctx context.Context, deadline time.Time) bool {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		ready, wait := s.loaded()
		if ready {
			return true
		}
		var settle <-chan time.Time
		if wait > 0 {
			settle = time.After(wait)
		}
		select {
		case <-s.changed:
		case <-settle:
		case <-s.conn.DisconnectNotify():
			s.fail(PhaseLoad, jsonrpc2.ErrClosed)
			return false
		case <-timer.C:
			s.r.Failure = &Failure{Phase: PhaseLoad, Kind: FailTimeout, Err: fmt.Errorf("%s did not finish loading the workspace within %s%s", s.name(), s.cfg.Timeout, s.pending())}
			return false
		case <-ctx.Done():
			s.r.Failure = &Failure{Phase: PhaseLoad, Kind: FailTimeout, Err: ctx.Err()}
			return false
		}
	}
}

// loaded reports whether the workspace is loaded, or else how long to wait before asking again
// (0: until something happens).
func (s *session) loaded() (bool, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.r.Progress) == 0 || s.open > 0 {
		return false, 0
	}
	if s.iwl != "" {
		return true, 0
	}
	// A server that does not report the diagnosis: every folder's load ended, and some quiet
	// for the diagnostics that follow.
	setups := 0
	for _, p := range s.r.Progress {
		if p.Title == setupTitle {
			setups++
		}
	}
	if setups < len(s.cfg.Folders) {
		return false, 0
	}
	if quiet := time.Since(s.lastEvent); quiet < settleTime {
		return false, settleTime - quiet
	}
	return true, 0
}

// pending names the work still under way, for a timeout's message.
func (s *session) pending() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var open []string
	for _, p := range s.r.Progress {
		if !p.Done {
			open = append(open, fmt.Sprintf("%q", p.Title))
		}
	}
	switch {
	case len(s.r.Progress) == 0:
		return " (it reported no progress at all)"
	case len(open) > 0:
		return " (still under way: " + strings.Join(open, ", ") + ")"
	}
	return ""
}

// statsCommand is gopls's command that says what each view loaded.
const statsCommand = "gopls.workspace_stats"

// stats asks the server what loaded.
func (s *session) stats(ctx context.Context, deadline time.Time) {
	if !contains(s.commands, statsCommand) {
		s.r.StatsNote = fmt.Sprintf("%s does not offer the %s command, so the packages it loaded cannot be counted", s.name(), statsCommand)
		return
	}
	s.tracef("→ workspace/executeCommand %s", statsCommand)
	var st WorkspaceStats
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	if err := s.conn.Call(ctx, "workspace/executeCommand", executeCommandParams{Command: statsCommand}, &st); err != nil {
		s.r.StatsNote = fmt.Sprintf("%s did not answer %s: %v", s.name(), statsCommand, err)
		return
	}
	s.r.Stats = &st
	s.r.Packages = 0
	for _, v := range st.Views {
		s.r.Packages += v.WorkspacePackages.Packages
	}
	s.tracef("← %s: %d views, %d workspace packages", statsCommand, len(st.Views), s.r.Packages)
}

// stop reads the server's peak memory, shuts it down (when the session went well; otherwise it is
// killed at once) and makes sure that it and its children are gone.
func (s *session) stop(ctx context.Context) {
	if !s.proc.Exited() {
		s.r.PeakMemory, s.r.MemoryNote = PeakMemory(s.cfg.Host, s.proc.Pid)
	}
	if !s.proc.Exited() && s.r.Failure == nil {
		s.tracef("→ shutdown")
		sctx, cancel := context.WithTimeout(ctx, ShutdownGrace)
		err := s.conn.Call(sctx, "shutdown", nil, nil)
		cancel()
		if err == nil {
			s.tracef("→ exit")
			_ = s.conn.Notify(ctx, "exit", nil)
			select {
			case <-s.proc.Done():
				s.r.ShutdownClean = true
				s.tracef("(%s exited)", s.name())
			case <-time.After(ShutdownGrace):
			case <-ctx.Done():
			}
		}
	}
	s.r.Exit = s.proc.Kill()
	_ = s.conn.Close()
	if s.r.ShutdownClean && s.r.Exit.ExitCode != 0 {
		s.r.ShutdownClean = false
	}
	// What the server printed on stdout matters when it broke the protocol, or never got as
	// far as answering initialize; otherwise it was LSP.
	if f := s.r.Failure; f != nil && (f.Kind == FailProtocol || f.Phase == PhaseInitialize) {
		s.r.Stdout = s.out.printed()
	}
}

// Handle implements jsonrpc2.Handler: it records the server's notifications and answers its
// requests, each at once, so that the server is never left waiting.
func (s *session) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	result := s.handle(req)
	if req.Notif {
		return
	}
	if err := conn.Reply(ctx, req.ID, result); err != nil {
		s.Printf("answering %s: %v", req.Method, err)
	}
}

// handle records a message from the server and returns the answer to a request: what the
// editor answers, or null.
func (s *session) handle(req *jsonrpc2.Request) any {
	var params json.RawMessage
	if req.Params != nil {
		params = *req.Params
	}
	switch req.Method {
	case "window/showMessage", "window/logMessage", "window/showMessageRequest":
		var m messageParams
		if json.Unmarshal(params, &m) == nil {
			s.message(req.Method, m)
		}
		return nil // showMessageRequest: no action chosen
	case "$/progress":
		var p progressParams
		if json.Unmarshal(params, &p) == nil {
			s.progress(p)
		}
		return nil
	case "textDocument/publishDiagnostics":
		var p publishDiagnosticsParams
		if json.Unmarshal(params, &p) == nil {
			s.diagnostics(p)
		}
		return nil
	case "workspace/configuration":
		var p configurationParams
		_ = json.Unmarshal(params, &p)
		answers := make([]json.RawMessage, len(p.Items))
		for i, it := range p.Items {
			answers[i] = json.RawMessage("null")
			if it.Section == "gopls" {
				answers[i] = s.configuration(it.ScopeURI)
			}
		}
		s.tracef("← workspace/configuration (%d items): answered the gopls settings", len(p.Items))
		return answers
	case "workspace/workspaceFolders":
		var folders []workspaceFolder
		for _, f := range s.cfg.Folders {
			folders = append(folders, workspaceFolder{URI: fileURI(f), Name: filepath.Base(f)})
		}
		s.tracef("← workspace/workspaceFolders")
		return folders
	}
	if !req.Notif {
		s.tracef("← %s: answered null", req.Method)
	}
	return nil
}

// configuration is the answer to a workspace/configuration item of section gopls.
func (s *session) configuration(scopeURI string) json.RawMessage {
	if s.cfg.Configuration != nil {
		dir := ""
		if scopeURI != "" {
			dir = uriPath(scopeURI)
		}
		if v := s.cfg.Configuration(dir); len(v) > 0 {
			return v
		}
	}
	if len(s.cfg.Settings) > 0 {
		return s.cfg.Settings
	}
	return json.RawMessage("{}")
}

func (s *session) message(method string, m messageParams) {
	if method == "window/logMessage" && m.Type != MessageError && m.Type != MessageWarning {
		return
	}
	s.mu.Lock()
	if !s.frozen {
		s.r.Messages = append(s.r.Messages, Message{Method: method, Type: m.Type, Text: strings.TrimSpace(m.Message)})
	}
	s.mu.Unlock()
	s.tracef("← %s (%s): %s", method, Message{Type: m.Type}.TypeName(), text.FirstLine(m.Message))
	s.event()
}

func (s *session) progress(p progressParams) {
	key := string(p.Token)
	now := time.Since(s.start)
	s.mu.Lock()
	if s.frozen {
		s.mu.Unlock()
		return
	}
	switch p.Value.Kind {
	case "begin":
		if _, seen := s.tokens[key]; !seen {
			s.tokens[key] = len(s.r.Progress)
			s.r.Progress = append(s.r.Progress, Progress{Title: p.Value.Title, Begin: p.Value.Message, Began: now})
			if p.Value.Title != loadFailureTitle {
				s.open++
			}
			if p.Value.Title == iwlTitle {
				s.iwl = key
			}
		}
	case "end":
		if i, ok := s.tokens[key]; ok && !s.r.Progress[i].Done {
			s.r.Progress[i].Done, s.r.Progress[i].Ended, s.r.Progress[i].End = true, now, p.Value.Message
			if s.r.Progress[i].Title != loadFailureTitle {
				s.open--
			}
			if s.r.Progress[i].Title == openedTitle {
				s.openDiagnosed = true
			}
		}
	}
	title := ""
	if i, ok := s.tokens[key]; ok {
		title = s.r.Progress[i].Title
	}
	s.mu.Unlock()
	if p.Value.Kind != "report" {
		s.tracef("← $/progress %s %q %s", p.Value.Kind, title, text.FirstLine(p.Value.Message))
	}
	s.event()
}

// loadFailureTitle is the title of the progress gopls begins when the workspace cannot be loaded
// and keeps open, as a status, until the error clears (gopls/internal/server/diagnostics.go,
// WorkspaceLoadFailure and showCriticalErrorStatus): it is not work under way, and waiting for
// it to end would wait out the session's time.
const loadFailureTitle = "Error loading workspace"

// modFiles are the files whose diagnostics say the workspace cannot be loaded.
var modFiles = map[string]bool{"go.mod": true, "go.work": true, "go.sum": true}

func (s *session) diagnostics(p publishDiagnosticsParams) {
	file := uriPath(p.URI)
	s.mu.Lock()
	if s.frozen {
		s.mu.Unlock()
		return
	}
	opened := s.openedDiagnostics(file, p) // the opened file's diagnostics are kept whole
	if !opened && modFiles[filepath.Base(file)] {
		// A new publication replaces the file's earlier one.
		kept := s.r.Diagnostics[:0]
		for _, d := range s.r.Diagnostics {
			if d.File != file {
				kept = append(kept, d)
			}
		}
		s.r.Diagnostics = kept
		for _, d := range p.Diagnostics {
			s.r.Diagnostics = append(s.r.Diagnostics, Diagnostic{File: file, Line: d.Range.Start.Line + 1,
				Severity: d.Severity, Source: d.Source, Message: strings.TrimSpace(d.Message)})
		}
	} else if !opened {
		for _, d := range p.Diagnostics {
			if d.Severity == SeverityError {
				s.r.GoDiagnostics++
			}
		}
	}
	s.mu.Unlock()
	if len(p.Diagnostics) > 0 {
		s.tracef("← textDocument/publishDiagnostics %s: %d", filepath.Base(file), len(p.Diagnostics))
	}
	s.event()
}

// event notes that something happened, for awaitLoad.
func (s *session) event() {
	s.mu.Lock()
	s.lastEvent = time.Now()
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// maxTrace bounds the lines of the trace.
const maxTrace = 60

func (s *session) tracef(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frozen {
		return
	}
	if len(s.r.Trace) >= maxTrace {
		s.trace++
		s.r.Trace[maxTrace-1] = fmt.Sprintf("… %d more messages", s.trace+1)
		return
	}
	s.r.Trace = append(s.r.Trace, fmt.Sprintf("%6.3fs %s", time.Since(s.start).Seconds(), fmt.Sprintf(format, args...)))
}

// Printf implements jsonrpc2.Logger: the JSON-RPC layer's complaints (an output that is not
// LSP, a response to no request) go to the trace rather than to gomedic's standard error.
func (s *session) Printf(format string, args ...any) {
	s.tracef("jsonrpc2: %s", trimLog(fmt.Sprintf(format, args...)))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
