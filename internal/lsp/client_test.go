package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// These tests run fake servers in-process through host.Fake: small LSP servers that behave well
// or badly on purpose, so that every branch of the client is exercised quickly and
// deterministically. gopls_test.go runs the real gopls.

// fakeServer is an LSP server for a Fake host's program: it answers initialize, then plays
// script, then answers the requests that follow.
type fakeServer struct {
	// script runs after the client's initialized notification.
	script func(ctx context.Context, c *jsonrpc2.Conn)
	// stats answers gopls.workspace_stats; nil answers a one-view workspace of 3 packages.
	stats any
	// noShutdown leaves shutdown unanswered.
	noShutdown bool
	// commands are the commands the server offers; nil offers gopls.workspace_stats alone.
	commands []string
	// packages answers gopls.packages (an error when it is an error).
	packages any
	// packagesArgs are the arguments gopls.packages was given.
	packagesArgs []json.RawMessage

	mu      sync.Mutex
	init    json.RawMessage // the initialize params
	methods []string        // every request and notification received, in order
}

func (s *fakeServer) program() host.Program {
	return func(ctx context.Context, _ host.Cmd, stdin io.Reader, stdout, _ io.Writer) int {
		exited := make(chan int, 1)
		h := jsonrpc2.HandlerWithError(func(ctx context.Context, c *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			s.mu.Lock()
			s.methods = append(s.methods, req.Method)
			s.mu.Unlock()
			switch req.Method {
			case "initialize":
				s.mu.Lock()
				s.init = *req.Params
				s.mu.Unlock()
				return s.initializeResult(), nil
			case "initialized":
				if s.script != nil {
					go s.script(ctx, c)
				}
			case "textDocument/didOpen":
				// As gopls does once it diagnosed an opened file: its diagnostics, none here.
				var p didOpenParams
				_ = json.Unmarshal(*req.Params, &p)
				go func() {
					_ = c.Notify(ctx, "textDocument/publishDiagnostics", map[string]any{"uri": p.TextDocument.URI, "diagnostics": []any{}})
				}()
			case "workspace/executeCommand":
				var p executeCommandParams
				_ = json.Unmarshal(*req.Params, &p)
				if p.Command == packagesCommand {
					s.mu.Lock()
					s.packagesArgs = p.Arguments
					s.mu.Unlock()
					if err, ok := s.packages.(error); ok {
						return nil, err
					}
					return s.packages, nil
				}
				if s.stats != nil {
					return s.stats, nil
				}
				return json.RawMessage(`{"Views":[{"GoCommandVersion":"go1.26.8","AllPackages":{"Packages":40},"WorkspacePackages":{"Packages":3}}]}`), nil
			case "shutdown":
				if s.noShutdown {
					<-ctx.Done()
				}
			case "exit":
				exited <- 0
			}
			return nil, nil
		})
		conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc{stdin, stdout}, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.AsyncHandler(h), quiet)
		defer conn.Close()
		select {
		case code := <-exited:
			return code
		case <-conn.DisconnectNotify():
			return 1
		case <-ctx.Done():
			return -1
		}
	}
}

// initializeResult is the server's answer to initialize: its commands and its name.
func (s *fakeServer) initializeResult() json.RawMessage {
	commands := s.commands
	if commands == nil {
		commands = []string{statsCommand}
	}
	data, _ := json.Marshal(map[string]any{
		"capabilities": map[string]any{"executeCommandProvider": map[string]any{"commands": commands}},
		"serverInfo":   map[string]any{"name": "gopls", "version": `{"Version":"v9.9.9"}`},
	})
	return data
}

func (s *fakeServer) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.methods...)
}

// quiet keeps a fake server's JSON-RPC complaints out of the test output.
var quiet = jsonrpc2.SetLogger(log.New(io.Discard, "", 0))

type rwc struct {
	io.Reader
	io.Writer
}

func (rwc) Close() error { return nil }

// progress sends a begin or end of token.
func progress(ctx context.Context, c *jsonrpc2.Conn, token any, kind, title, msg string) {
	if kind == "begin" {
		_ = c.Call(ctx, "window/workDoneProgress/create", map[string]any{"token": token}, nil)
	}
	_ = c.Notify(ctx, "$/progress", map[string]any{"token": token, "value": map[string]any{"kind": kind, "title": title, "message": msg}})
}

// load plays a healthy load of one folder with verbose progress, as gopls does.
func load(ctx context.Context, c *jsonrpc2.Conn) {
	progress(ctx, c, 1, "begin", iwlTitle, "Calculating diagnostics for initial workspace load...")
	progress(ctx, c, "2", "begin", setupTitle, "Loading packages...")
	progress(ctx, c, "2", "end", "", "Finished loading packages.")
	progress(ctx, c, 1, "end", "", "Done.")
}

// probe runs Probe against program on a fake Linux host.
func probe(t *testing.T, program host.Program, cfg Config) (*Report, *host.Fake) {
	t.Helper()
	h := host.NewFake("linux", "amd64")
	h.Programs = map[string]host.Program{"gopls": program}
	h.AddFile(fmt.Sprintf("/proc/%d/status", 4001), []byte("Name:\tgopls\nVmPeak:\t  900 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 1000 kB\n"), 0o444)
	if cfg.Open != "" {
		h.AddFile(cfg.Open, []byte("package main\n\nfunc main() {}\n"), 0o644)
	}
	cfg.Host = h
	if cfg.Path == "" {
		cfg.Path = "/go/bin/gopls"
		cfg.Args = []string{"-mode=stdio"}
	}
	if cfg.Folders == nil {
		cfg.Folders = []string{"/work/a"}
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	// Stretched like every time limit of the tests: a slow machine makes the test slower, never red.
	cfg.Timeout = testtools.Timeout(cfg.Timeout)
	return Probe(context.Background(), cfg), h
}

func TestProbeHealthy(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{script: func(ctx context.Context, c *jsonrpc2.Conn) {
		// The requests gopls makes of the editor, each of which must be answered.
		var cfg []json.RawMessage
		if err := c.Call(ctx, "workspace/configuration", map[string]any{"items": []map[string]any{
			{"scopeUri": "file:///work/a", "section": "gopls"}, {"section": "other"}}}, &cfg); err != nil {
			t.Errorf("workspace/configuration: %v", err)
		}
		if len(cfg) != 2 || string(cfg[0]) != `{"ui.semanticTokens":true}` || string(cfg[1]) != "null" {
			t.Errorf("workspace/configuration answered %s", cfg)
		}
		var null json.RawMessage
		for _, m := range []string{"client/registerCapability", "window/showMessageRequest", "some/unknownRequest"} {
			if err := c.Call(ctx, m, map[string]any{"type": 3, "message": "Hello?"}, &null); err != nil || string(null) != "null" {
				t.Errorf("%s answered %s, %v; want null", m, null, err)
			}
		}
		var folders []workspaceFolder
		if err := c.Call(ctx, "workspace/workspaceFolders", nil, &folders); err != nil || len(folders) != 2 {
			t.Errorf("workspace/workspaceFolders answered %v, %v", folders, err)
		}
		_ = c.Notify(ctx, "window/logMessage", map[string]any{"type": MessageInfo, "message": "chatter"})
		_ = c.Notify(ctx, "window/showMessage", map[string]any{"type": MessageWarning, "message": "Go 1.21 is old"})
		_ = c.Notify(ctx, "textDocument/publishDiagnostics", map[string]any{"uri": "file:///work/a/main.go", "diagnostics": []map[string]any{{"severity": 1, "message": "undefined: x"}}})
		load(ctx, c)
	}}
	var scopes []string
	var mu sync.Mutex
	rep, h := probe(t, srv.program(), Config{
		Folders:  []string{"/work/a", "/work/b"},
		Settings: json.RawMessage(`{"ui.semanticTokens":true,"verboseWorkDoneProgress":true}`),
		Configuration: func(dir string) json.RawMessage {
			mu.Lock()
			scopes = append(scopes, dir)
			mu.Unlock()
			return json.RawMessage(`{"ui.semanticTokens":true}`)
		},
	})
	if rep.Failure != nil {
		t.Fatalf("failure: %v\n%s", rep.Failure, strings.Join(rep.Trace, "\n"))
	}
	if rep.Phase != PhaseReady || rep.Packages != 3 || rep.Server != "gopls v9.9.9" {
		t.Errorf("phase %s, packages %d, server %q", rep.Phase, rep.Packages, rep.Server)
	}
	if rep.PeakMemory != 123456*1024 {
		t.Errorf("peak memory %d, note %q", rep.PeakMemory, rep.MemoryNote)
	}
	if !rep.ShutdownClean || rep.Exit == nil || rep.Exit.ExitCode != 0 {
		t.Errorf("shutdown clean %v, exit %+v", rep.ShutdownClean, rep.Exit)
	}
	if len(scopes) != 1 || scopes[0] != "/work/a" {
		t.Errorf("configuration asked for %q", scopes)
	}
	if len(rep.Messages) != 2 || rep.Messages[0].Text != "Hello?" || rep.Messages[1].Type != MessageWarning {
		t.Errorf("messages %+v (an info logMessage is not kept)", rep.Messages)
	}
	if rep.GoDiagnostics != 1 || len(rep.Diagnostics) != 0 || len(rep.Errors()) != 0 {
		t.Errorf("go diagnostics %d, mod diagnostics %+v, errors %q", rep.GoDiagnostics, rep.Diagnostics, rep.Errors())
	}
	if rep.ReadyTime <= 0 || rep.InitTime <= 0 || rep.ReadyTime < rep.InitTime {
		t.Errorf("init %s, ready %s", rep.InitTime, rep.ReadyTime)
	}
	got := strings.Join(srv.received(), " ")
	if want := "initialize initialized workspace/executeCommand shutdown exit"; got != want {
		t.Errorf("the server received %q, want %q", got, want)
	}

	// What initialize said.
	var init struct {
		RootURI          string
		WorkspaceFolders []workspaceFolder
		Capabilities     clientCapabilities
		ClientInfo       clientInfo
		Options          map[string]any `json:"initializationOptions"`
	}
	if err := json.Unmarshal(srv.init, &init); err != nil {
		t.Fatal(err)
	}
	if init.RootURI != "file:///work/a" || len(init.WorkspaceFolders) != 2 || init.WorkspaceFolders[1] != (workspaceFolder{URI: "file:///work/b", Name: "b"}) {
		t.Errorf("root %q, folders %+v", init.RootURI, init.WorkspaceFolders)
	}
	c := init.Capabilities
	if !c.Window.WorkDoneProgress || !c.Workspace.Configuration || !c.Workspace.WorkspaceFolders {
		t.Errorf("capabilities %+v", c)
	}
	if init.ClientInfo.Name != "gomedic" || init.Options["ui.semanticTokens"] != true {
		t.Errorf("client info %+v, options %v", init.ClientInfo, init.Options)
	}
	if cmd := h.Ran()[0]; cmd.Path != "/go/bin/gopls" || strings.Join(cmd.Args, " ") != "-mode=stdio" {
		t.Errorf("started %s", cmd)
	}
}

// TestProbeLoadErrors checks that the errors gopls reports while loading are kept: on go.mod (a
// later publication replacing an earlier one), as messages, and at the end of a folder's load.
func TestProbeLoadErrors(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{stats: json.RawMessage(`{"Views":[{"WorkspacePackages":{"Packages":0}}]}`), script: func(ctx context.Context, c *jsonrpc2.Conn) {
		progress(ctx, c, 1, "begin", iwlTitle, "")
		progress(ctx, c, 2, "begin", setupTitle, "Loading packages...")
		_ = c.Notify(ctx, "window/logMessage", map[string]any{"type": MessageError, "message": "2026/01/02 03:04:05 initial workspace load failed: go: go.mod requires go >= 1.99"})
		_ = c.Notify(ctx, "textDocument/publishDiagnostics", map[string]any{"uri": "file:///work/a/go.mod", "diagnostics": []map[string]any{{"severity": 2, "message": "stale"}}})
		_ = c.Notify(ctx, "textDocument/publishDiagnostics", map[string]any{"uri": "file:///work/a/go.mod", "diagnostics": []map[string]any{
			{"severity": 1, "message": "go: go.mod requires go >= 1.99", "source": "go list", "range": map[string]any{"start": map[string]any{"line": 2}}}}})
		progress(ctx, c, 2, "end", "", "Error loading packages: boom")
		progress(ctx, c, 1, "end", "", "Done.")
	}}
	rep, _ := probe(t, srv.program(), Config{})
	if rep.Failure != nil || rep.Packages != 0 {
		t.Fatalf("failure %v, packages %d", rep.Failure, rep.Packages)
	}
	want := []Diagnostic{{File: "/work/a/go.mod", Line: 3, Severity: SeverityError, Source: "go list", Message: "go: go.mod requires go >= 1.99"}}
	if fmt.Sprint(rep.Diagnostics) != fmt.Sprint(want) {
		t.Errorf("diagnostics %+v, want %+v", rep.Diagnostics, want)
	}
	if errs := rep.Errors(); len(errs) != 3 || !strings.Contains(errs[0], "initial workspace load failed") || errs[2] != "Error loading packages: boom" {
		t.Errorf("errors %q", errs)
	}
}

// TestProbeWaitsForEveryFolder checks the load is not taken as done while some work is under way,
// nor, for a server that does not report its diagnosis, before every folder loaded.
func TestProbeWaitsForEveryFolder(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{script: func(ctx context.Context, c *jsonrpc2.Conn) {
		progress(ctx, c, "a", "begin", setupTitle, "")
		progress(ctx, c, "a", "end", "", "")
		time.Sleep(300 * time.Millisecond) // longer than the settle time
		progress(ctx, c, "b", "begin", setupTitle, "")
		time.Sleep(100 * time.Millisecond)
		progress(ctx, c, "b", "end", "", "")
	}}
	rep, _ := probe(t, srv.program(), Config{Folders: []string{"/w/a", "/w/b"}})
	if rep.Failure != nil {
		t.Fatal(rep.Failure)
	}
	if n := len(rep.Progress); n != 2 || !rep.Progress[1].Done {
		t.Errorf("ready with progress %+v", rep.Progress)
	}
	if rep.ReadyTime < rep.Progress[1].Ended+settleTime {
		t.Errorf("ready at %s, before the settle time after the last load (%s)", rep.ReadyTime, rep.Progress[1].Ended)
	}
}

func TestProbeNoProgress(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{}
	rep, _ := probe(t, srv.program(), Config{Timeout: 300 * time.Millisecond})
	if rep.Failure == nil || rep.Failure.Kind != FailTimeout || rep.Failure.Phase != PhaseLoad {
		t.Fatalf("failure %+v", rep.Failure)
	}
	if !strings.Contains(rep.Failure.Err.Error(), "reported no progress at all") {
		t.Errorf("error %v", rep.Failure.Err)
	}
	// It was killed rather than asked to shut down: the time was up.
	if got := strings.Join(srv.received(), " "); got != "initialize initialized" {
		t.Errorf("received %q", got)
	}
	if rep.Exit == nil || rep.Exit.Signal != "killed" || rep.PeakMemory == 0 {
		t.Errorf("exit %+v, peak memory %d", rep.Exit, rep.PeakMemory)
	}
}

func TestProbeMisbehaving(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		program host.Program
		phase   Phase
		kind    FailureKind
		printed string // in Printed()
		fast    bool   // fails well before the timeout
	}{
		{
			name: "crash",
			program: func(ctx context.Context, _ host.Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
				fmt.Fprint(stderr, "panic: runtime error: invalid memory address\n\ngoroutine 1 [running]:\n")
				return 2
			},
			phase: PhaseInitialize, kind: FailExit, printed: "stderr:\npanic: runtime error", fast: true,
		},
		{
			name: "hang",
			program: func(ctx context.Context, _ host.Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
				fmt.Fprint(stderr, "waiting forever")
				<-ctx.Done()
				return 0
			},
			phase: PhaseInitialize, kind: FailTimeout, printed: "waiting forever",
		},
		{
			name: "garbage",
			program: func(ctx context.Context, _ host.Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
				fmt.Fprint(stdout, "hello, I am not a language server\n")
				<-ctx.Done()
				return 0
			},
			phase: PhaseInitialize, kind: FailProtocol, printed: "stdout:\nhello, I am not a language server", fast: true,
		},
		{
			// A header line that never ends (\n alone): the framing waits for \r until the timeout.
			name: "bad header",
			program: func(ctx context.Context, _ host.Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
				fmt.Fprint(stdout, "Content-Length: 5\n\nhello")
				<-ctx.Done()
				return 0
			},
			phase: PhaseInitialize, kind: FailTimeout, printed: "stdout:\nContent-Length: 5",
		},
		{
			name: "not JSON-RPC",
			program: func(ctx context.Context, _ host.Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
				fmt.Fprint(stdout, "Content-Length: 7\r\n\r\n{oops}\n")
				<-ctx.Done()
				return 0
			},
			phase: PhaseInitialize, kind: FailProtocol, fast: true,
		},
		{
			name: "refuses",
			program: func(ctx context.Context, _ host.Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
				h := jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) {
					return nil, &jsonrpc2.Error{Code: -32603, Message: "no thanks"}
				})
				conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc{stdin, stdout}, jsonrpc2.VSCodeObjectCodec{}), h, quiet)
				<-conn.DisconnectNotify()
				return 0
			},
			phase: PhaseInitialize, kind: FailRefused, fast: true,
		},
		{
			name: "crash while loading",
			program: (&fakeServer{script: func(ctx context.Context, c *jsonrpc2.Conn) {
				progress(ctx, c, 1, "begin", setupTitle, "Loading packages...")
				c.Close()
			}}).program(),
			phase: PhaseLoad, kind: FailExit, fast: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep, _ := probe(t, tt.program, Config{Timeout: 2 * time.Second})
			if rep.Failure == nil {
				t.Fatalf("no failure; trace:\n%s", strings.Join(rep.Trace, "\n"))
			}
			if rep.Failure.Phase != tt.phase || rep.Failure.Kind != tt.kind {
				t.Errorf("failure %s/%s (%v), want %s/%s", rep.Failure.Phase, rep.Failure.Kind, rep.Failure.Err, tt.phase, tt.kind)
			}
			if !strings.Contains(rep.Printed(), tt.printed) {
				t.Errorf("printed %q, want it to contain %q", rep.Printed(), tt.printed)
			}
			if tt.fast && rep.Failure.Kind == FailTimeout {
				t.Errorf("it waited for the timeout instead of failing at once")
			}
			if rep.Exit == nil {
				t.Error("no exit result: the process was not waited for")
			}
		})
	}
}

func TestProbeShutdownUnanswered(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{script: load, noShutdown: true}
	rep, _ := probe(t, srv.program(), Config{})
	if rep.Failure != nil {
		t.Fatal(rep.Failure)
	}
	if rep.ShutdownClean || rep.Exit.Signal != "killed" {
		t.Errorf("shutdown clean %v, exit %+v", rep.ShutdownClean, rep.Exit)
	}
}

func TestProbeStartFails(t *testing.T) {
	t.Parallel()
	rep, _ := probe(t, nil, Config{Path: "/nowhere/gopls"})
	rep2 := Probe(context.Background(), Config{Host: host.NewFake("linux", "amd64"), Path: "/nowhere/gopls"})
	for _, r := range []*Report{rep, rep2} {
		if r.Failure == nil || r.Failure.Kind != FailStart && r.Failure.Kind != FailExit {
			t.Errorf("failure %+v", r.Failure)
		}
	}
	if rep2.Failure.Kind != FailStart || !strings.Contains(rep2.Failure.Err.Error(), "not found") {
		t.Errorf("failure %v", rep2.Failure)
	}
}

func TestPeakMemory(t *testing.T) {
	t.Parallel()
	h := host.NewFake("linux", "amd64").AddFile("/proc/7/status", []byte("VmHWM:\t  2048 kB\n"), 0o444).AddFile("/proc/8/status", []byte("Name: x\n"), 0o444)
	if b, note := PeakMemory(h, 7); b != 2<<20 || note != "" {
		t.Errorf("got %d, %q", b, note)
	}
	if b, note := PeakMemory(h, 8); b != 0 || !strings.Contains(note, "no VmHWM") {
		t.Errorf("got %d, %q", b, note)
	}
	if b, note := PeakMemory(h, 9); b != 0 || !strings.Contains(note, "unknown") {
		t.Errorf("got %d, %q", b, note)
	}
	if b, note := PeakMemory(host.NewFake("darwin", "arm64"), 7); b != 0 || !strings.Contains(note, "Linux only") {
		t.Errorf("got %d, %q", b, note)
	}
}

func TestFileURI(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ path, uri string }{
		{"/home/a/x", "file:///home/a/x"},
		{"/home/a b/é", "file:///home/a%20b/%C3%A9"},
	} {
		if got := fileURI(tt.path); got != tt.uri {
			t.Errorf("fileURI(%q) = %q, want %q", tt.path, got, tt.uri)
		}
		if got := uriPath(tt.uri); got != tt.path {
			t.Errorf("uriPath(%q) = %q", tt.uri, got)
		}
	}
}

func TestServerOutputText(t *testing.T) {
	t.Parallel()
	out := &serverOutput{r: strings.NewReader("")}
	out.record([]byte("a\x00b\r\n\xffok"))
	if got := out.printed(); got != `a\x00b\r`+"\n"+`\xffok` {
		t.Errorf("printed %q", got)
	}
	long := &serverOutput{}
	long.record([]byte(strings.Repeat("x", 3*keepBytes)))
	if p := long.printed(); !strings.Contains(p, "… (2048 bytes) …") {
		t.Errorf("printed %q", p[:100])
	}
}

// TestProbeLoadFailureStatusIsNotWork checks that the progress gopls keeps open while the
// workspace cannot be loaded ("Error loading workspace", ended only when the error clears) is not
// waited for as work under way: the session used to wait out its whole time for it.
func TestProbeLoadFailureStatusIsNotWork(t *testing.T) {
	t.Parallel()
	srv := &fakeServer{stats: json.RawMessage(`{"Views":[{"WorkspacePackages":{"Packages":0}}]}`), script: func(ctx context.Context, c *jsonrpc2.Conn) {
		progress(ctx, c, 1, "begin", iwlTitle, "")
		progress(ctx, c, 2, "begin", setupTitle, "Loading packages...")
		progress(ctx, c, 2, "end", "", "Finished loading packages.")
		progress(ctx, c, 3, "begin", "Error loading workspace", "packages.Load error: go: go.mod requires go >= 1.99")
		progress(ctx, c, 1, "end", "", "Done.")
	}}
	rep, _ := probe(t, srv.program(), Config{})
	if rep.Failure != nil {
		t.Fatalf("failure %v: the load failure's status was waited for as work", rep.Failure)
	}
	if n := len(rep.Progress); n != 3 || rep.Progress[2].Title != "Error loading workspace" || rep.Progress[2].Done {
		t.Errorf("progress %+v", rep.Progress)
	}
}
