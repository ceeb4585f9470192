package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/lsp"
)

// goplsFakeHost is a fake machine with a go command, a gopls in GOPATH/bin and the editor
// settings given (path → content).
func goplsFakeHost(goos string, files map[string]string) *host.Fake {
	h := host.NewFake(goos, "amd64")
	h.Home = "/home/ana"
	h.Environ = []string{"PATH=/usr/local/go/bin:/usr/bin", "HOME=/home/ana", "GOFLAGS=-mod=mod"}
	h.AddFile("/usr/local/go/bin/go", []byte("x"), 0o755)
	h.AddFile("/home/ana/go/bin/gopls", []byte("x"), 0o755)
	h.AddDir("/work/app")
	for name, data := range files {
		h.AddFile(name, []byte(data), 0o644)
	}
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": func(c host.Cmd) *host.Result {
		if len(c.Args) >= 2 && c.Args[0] == "env" && c.Args[1] == "-json" {
			data, _ := json.Marshal(map[string]string{"GOROOT": "/usr/local/go", "GOPATH": "/home/ana/go", "GOVERSION": "go1.26.8"})
			return &host.Result{Stdout: data}
		}
		return &host.Result{ExitCode: 2}
	}}
	return h
}

const goplsFolderSettings = `{
  "go.languageServerFlags": ["-rpc.trace"],
  "go.toolsEnvVars": {"GOFLAGS": "-tags=${env:HOME}"},
  "go.buildTags": "integration",
  "gopls": {"ui.semanticTokens": true, "build.directoryFilters": ["-node_modules"]},
}`

func TestGoplsStart(t *testing.T) {
	t.Parallel()
	h := goplsFakeHost("linux", map[string]string{"/work/app/.vscode/settings.json": goplsFolderSettings})
	f := facts.New(context.Background(), h, "/work/app", 5*time.Second)
	st := goplsStart(f, "/home/ana/go/bin/gopls", 15*time.Second)
	cfg := st.cfg
	if cfg.Path != "/home/ana/go/bin/gopls" || strings.Join(cfg.Args, " ") != "-mode=stdio -rpc.trace" {
		t.Errorf("command %s %q", cfg.Path, cfg.Args)
	}
	if cfg.Dir != "/work/app" || !slices.Equal(cfg.Folders, []string{"/work/app"}) || cfg.Timeout != 15*time.Second {
		t.Errorf("dir %s, folders %q, timeout %s", cfg.Dir, cfg.Folders, cfg.Timeout)
	}
	env := strings.Join(cfg.Env, "\n")
	for _, want := range []string{"GOFLAGS=-tags=/home/ana", "GO_TELEMETRY_CHILD=2", "HOME=/home/ana", "PATH=/usr/local/go/bin:/usr/bin"} {
		if !slices.Contains(cfg.Env, want) {
			t.Errorf("environment lacks %s:\n%s", want, env)
		}
	}
	if !st.toolsEnv["GOFLAGS"] || len(st.envNotes) != 1 || !strings.HasPrefix(st.envNotes[0], "GOFLAGS=-tags=/home/ana (go.toolsEnvVars, /work/app/.vscode/settings.json:3)") {
		t.Errorf("tools env %v, notes %q", st.toolsEnv, st.envNotes)
	}
	var init, answer map[string]any
	if err := json.Unmarshal(cfg.Settings, &init); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(cfg.Configuration("/work/app"), &answer); err != nil {
		t.Fatal(err)
	}
	if init["verboseWorkDoneProgress"] != true || answer["verboseWorkDoneProgress"] != nil {
		t.Errorf("verboseWorkDoneProgress goes in initializationOptions only: %v / %v", init, answer)
	}
	delete(init, "verboseWorkDoneProgress")
	want := `{"build.buildFlags":["-tags","integration"],"build.directoryFilters":["-node_modules"],"ui.semanticTokens":true}`
	for _, got := range []map[string]any{init, answer} {
		if data, _ := json.Marshal(got); string(data) != want {
			t.Errorf("settings %s, want %s", data, want)
		}
	}
	if st.settingsNote != "gopls settings from /work/app/.vscode/settings.json, go.buildFlags/go.buildTags" {
		t.Errorf("settings note %q", st.settingsNote)
	}
}

func TestGoplsSettingsFromTheExtension(t *testing.T) {
	t.Parallel()
	h := goplsFakeHost("linux", map[string]string{"/work/app/.vscode/settings.json": `{
  "go.buildFlags": ["-tags", "a,b", "-race"],
  "go.buildTags": "ignored",
  "go.diagnostic.vulncheck": "Imports",
  "gopls": {"build.buildFlags": ["-tags=mine"]}
}`})
	s := facts.New(context.Background(), h, "/work/app", time.Second).Settings()
	got, _ := goplsSettings(s, "v0.21.1")
	// gopls's own build.buildFlags wins over go.buildFlags; vulncheck and linkifyShowMessage are
	// passed as the extension passes them.
	if want := `{"build.buildFlags":["-tags=mine"],"linkifyShowMessage":true,"ui.vulncheck":"Imports"}`; string(got) != want {
		t.Errorf("settings %s, want %s", got, want)
	}
	got, _ = goplsSettings(s, "v0.13.0")
	if strings.Contains(string(got), "linkify") {
		t.Errorf("gopls v0.13 does not know linkifyShowMessage: %s", got)
	}
}

func TestGoplsCause(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text     string
		toolsEnv string
		want     string
	}{
		{"go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)", "", "ws.go_directive"},
		{"go: downloading go1.99.0 (linux/amd64): toolchain not available", "", "ws.go_directive"},
		{"go: go.work requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)", "", "ws.go_directive"},
		{"go: cannot load module b listed in go.work file: open b/go.mod: no such file or directory", "", "ws.gowork"},
		{"go: example.com/x@v1.0.0: missing go.sum entry for go.mod file", "", "ws.deps"},
		{"go: inconsistent vendoring in /w:", "", "ws.deps"},
		{"module lookup disabled by GOPROXY=off", "", "ws.deps"},
		{"go: parsing $GOFLAGS: unknown flag -bogus", "", "env.goflags"},
		{"go: parsing $GOFLAGS: unknown flag -bogus", "GOFLAGS", "editor.settings.tools_env"},
		{"go: modules disabled by GO111MODULE=off", "", "env.go111module"},
		{"go: modules disabled by GO111MODULE=off", "GO111MODULE", "editor.settings.tools_env"},
		{"go: go.mod file not found in current directory or any parent directory", "", "ws.module"},
		{"flag provided but not defined: -foo\n\ngopls is a Go language server.", "", "editor.settings.language_server"},
		{"panic: runtime error: invalid memory address", "", ""},
	}
	for _, tt := range tests {
		st := goplsSetup{toolsEnv: map[string]bool{tt.toolsEnv: tt.toolsEnv != ""}}
		if got := goplsCause([]string{tt.text}, st); got != tt.want {
			t.Errorf("goplsCause(%q, toolsEnv %q) = %q, want %q", tt.text, tt.toolsEnv, got, tt.want)
		}
	}
}

// TestGoplsCauseModFlag: the errors a -mod or -modfile in GOFLAGS causes are blamed on where
// GOFLAGS comes from (go.toolsEnvVars, else the environment), only when the flag they name is the
// one set; without it they are the workspace's own (ws.deps).
func TestGoplsCauseModFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, goflags string
		tools         bool
		want          string
	}{
		{"/w/go.mod:1: Inconsistent vendoring detected. Please re-run \"go mod vendor\".", "-mod=vendor", true, "editor.settings.tools_env"},
		{"go: inconsistent vendoring in /w:", "-mod=vendor", true, "editor.settings.tools_env"},
		{"go: inconsistent vendoring in /w:", "-mod=vendor", false, "env.goflags"},
		{"go: inconsistent vendoring in /w:", "-trimpath --mod=vendor", true, "editor.settings.tools_env"},
		{"go: can't compute 'all' using the vendor directory", "-mod=vendor", true, "editor.settings.tools_env"},
		{"main.go:3:8: cannot find module providing package example.com/x: import lookup disabled by -mod=vendor", "-mod=vendor", true, "editor.settings.tools_env"},
		{"go: updates to go.mod needed, disabled by -mod=readonly", "-mod=readonly", true, "editor.settings.tools_env"},
		{"go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \"mod\"", "-mod=mod", true, "editor.settings.tools_env"},
		{"go: -modfile cannot be used in workspace mode", "-modfile=alt.mod", true, "editor.settings.tools_env"},
		// Not the flag's doing: a vendor directory out of date with no -mod set, or another -mod.
		{"go: inconsistent vendoring in /w:", "", false, "ws.deps"},
		{"go: inconsistent vendoring in /w:", "-trimpath", true, "ws.deps"},
		{"go: inconsistent vendoring in /w:", "-mod=mod", true, "ws.deps"},
		{"main.go:3:8: cannot find module providing package example.com/x: import lookup disabled by -mod=vendor", "-mod=readonly", true, "ws.deps"},
	}
	for _, tt := range tests {
		st := goplsSetup{toolsEnv: map[string]bool{"GOFLAGS": tt.tools}}
		if tt.goflags != "" {
			st.cfg.Env = []string{"HOME=/h", "GOFLAGS=" + tt.goflags}
		}
		if got := goplsCause([]string{tt.text}, st); got != tt.want {
			t.Errorf("goplsCause(%q, GOFLAGS=%q, tools %v) = %q, want %q", tt.text, tt.goflags, tt.tools, got, tt.want)
		}
	}
}

// TestGoplsFixLoadErrors: a session that loaded nothing because of load errors is never told to
// run go mod init (the folder has its go.mod); errors a go.toolsEnvVars variable causes get the
// fix that removes it where it is set.
func TestGoplsFixLoadErrors(t *testing.T) {
	t.Parallel()
	rep := goplsReport()
	rep.Packages = 0
	rep.Diagnostics = []lsp.Diagnostic{{File: "/w/go.mod", Line: 1, Severity: lsp.SeverityError, Message: "Inconsistent vendoring detected. Please re-run \"go mod vendor\"."}}
	rep.Messages = []lsp.Message{{Method: "window/logMessage", Type: lsp.MessageError, Text: "2026/01/01 10:00:00 initial workspace load failed: packages.Load error: err: exit status 1: stderr: go: inconsistent vendoring in /w:"}}
	v := facts.ToolVar{Name: "GOFLAGS", Value: "-mod=vendor", Setting: "go.toolsEnvVars", File: "/w/.vscode/settings.json", Line: 2}
	st := goplsSetup{cfg: lsp.Config{Dir: "/w", Folders: []string{"/w"}, Timeout: 15 * time.Second, Env: []string{"GOFLAGS=-mod=vendor"}},
		toolsEnv: map[string]bool{"GOFLAGS": true}, toolVars: []facts.ToolVar{v}, hasGoFiles: true}
	fd := goplsFinding(rep, st)
	if fd.Status != finding.Fail || fd.BlockedBy != "editor.settings.tools_env" || fd.Fix == nil {
		t.Fatalf("finding %s blocked by %q, fix %v", fd.Status, fd.BlockedBy, fd.Fix)
	}
	for _, want := range []string{`In /w/.vscode/settings.json, line 2: remove "GOFLAGS" from "go.toolsEnvVars"`, "GOFLAGS=-mod=vendor", "run `go mod vendor` in /w"} {
		if !strings.Contains(fd.Fix.Summary, want) {
			t.Errorf("fix %q lacks %q", fd.Fix.Summary, want)
		}
	}
	if strings.Contains(fd.Fix.Summary+strings.Join(fd.Fix.Commands, "\n"), "go mod init") {
		t.Errorf("fix says go mod init: %+v", fd.Fix)
	}
	// Errors no setting explains: the generic fix, still not go mod init.
	st = goplsSetup{cfg: lsp.Config{Dir: "/w", Folders: []string{"/w"}, Timeout: 15 * time.Second}, toolsEnv: map[string]bool{}, hasGoFiles: true}
	fd = goplsFinding(rep, st)
	if fd.Fix == nil || strings.Contains(fd.Fix.Summary+strings.Join(fd.Fix.Commands, "\n"), "go mod init") || !strings.Contains(fd.Fix.Summary, "Fix the errors gopls reports") {
		t.Errorf("fix %+v", fd.Fix)
	}
}

func TestCleanGoplsMessage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2026/11/22 18:26:44 initial workspace load failed: packages.Load error: err: exit status 1: stderr: go: go.mod requires go >= 1.99\n\n\tview_id=1": "go: go.mod requires go >= 1.99",
		"packages.Load error: err: exit status 1: stderr: ":     "packages.Load error: err: exit status 1: stderr:",
		"Error loading workspace folders (expected 2, got 1)\n": "Error loading workspace folders (expected 2, got 1)",
	} {
		if got := cleanGoplsMessage(in); got != want {
			t.Errorf("cleanGoplsMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

// goplsReport is a session that loaded 12 packages.
func goplsReport() *lsp.Report {
	return &lsp.Report{Command: "/home/ana/go/bin/gopls -mode=stdio", Phase: lsp.PhaseReady, Server: "gopls v0.21.1",
		InitTime: 200 * time.Millisecond, ReadyTime: 1234 * time.Millisecond, Packages: 12, PeakMemory: 300 << 20,
		Stats:         &lsp.WorkspaceStats{Views: []lsp.ViewStats{{GoCommandVersion: "go1.26.8", AllPackages: lsp.PackageStats{Packages: 80}, WorkspacePackages: lsp.PackageStats{Packages: 12}}}},
		ShutdownClean: true, Exit: &host.Result{Stderr: []byte("")}, Trace: []string{" 0.000s → initialize (1 workspace folders)"}}
}

func TestGoplsVerdict(t *testing.T) {
	t.Parallel()
	st := goplsSetup{cfg: lsp.Config{Dir: "/w", Folders: []string{"/w"}, Timeout: 15 * time.Second, Path: "/home/ana/go/bin/gopls"}, toolsEnv: map[string]bool{}, settingsNote: "no gopls settings", hasGoFiles: true}
	exit := func(code int, stderr string) *host.Result {
		return &host.Result{ExitCode: code, Stderr: []byte(stderr)}
	}
	tests := []struct {
		name   string
		edit   func(r *lsp.Report)
		status finding.Status
		title  string // a prefix of the title
		detail string // in the detail
		cause  string
	}{
		{"healthy", func(r *lsp.Report) { r.GoDiagnostics = 2 }, finding.OK, "gopls loaded 12 packages in 1.2 s (peak memory 300 MB)",
			"gopls reports 2 errors in Go files", ""},
		{"no memory figure", func(r *lsp.Report) { r.PeakMemory, r.MemoryNote = 0, "peak memory is measured on Linux only" },
			finding.OK, "gopls loaded 12 packages in 1.2 s", "Peak memory is measured on Linux only.", ""},
		{"load error", func(r *lsp.Report) {
			r.Packages = 0
			r.Diagnostics = []lsp.Diagnostic{{File: "/w/go.mod", Line: 1, Severity: lsp.SeverityError, Message: "packages.Load error: err: exit status 1: stderr: go: go.mod requires go >= 1.99"}}
			r.Messages = []lsp.Message{{Method: "window/logMessage", Type: lsp.MessageError, Text: "2026/01/01 10:00:00 initial workspace load failed: go: go.mod requires go >= 1.99"}}
		}, finding.Fail, "gopls v0.21.1 cannot load the workspace: go: go.mod requires go >= 1.99", "It reported:\n  /w/go.mod:1: go: go.mod requires go >= 1.99\nThe editor", "ws.go_directive"},
		{"no package", func(r *lsp.Report) { r.Packages = 0 }, finding.Fail, "gopls v0.21.1 loaded no packages", "found no package", "ws.module"},
		{"internal log error", func(r *lsp.Report) {
			r.Messages = []lsp.Message{{Method: "window/logMessage", Type: lsp.MessageError, Text: "2026/01/01 10:00:00 unable to compute deps errors: stat : no such file or directory"}}
		}, finding.OK, "gopls loaded 12 packages", "gopls logged an error, which the editor only writes to the \"gopls (server)\" output channel: unable to compute deps errors", ""},
		{"crash", func(r *lsp.Report) {
			r.Phase, r.Server = lsp.PhaseInitialize, ""
			r.Failure = &lsp.Failure{Phase: lsp.PhaseInitialize, Kind: lsp.FailExit, Err: errors.New("gopls exited during initialize")}
			r.Exit = exit(2, "panic: boom\n\ngoroutine 1 [running]:")
		}, finding.Fail, "gopls exited at start, before answering initialize (exit status 2): panic: boom", "What it printed:\n  stderr:\n  panic: boom", ""},
		{"crash while loading", func(r *lsp.Report) {
			r.Failure = &lsp.Failure{Phase: lsp.PhaseLoad, Kind: lsp.FailExit, Err: errors.New("gopls exited during load")}
			r.Exit = &host.Result{ExitCode: -1, Signal: "segmentation fault"}
		}, finding.Fail, "gopls v0.21.1 exited while loading the workspace (killed by signal segmentation fault)", "It printed nothing else.", ""},
		{"garbage", func(r *lsp.Report) {
			r.Server = ""
			r.Failure = &lsp.Failure{Phase: lsp.PhaseInitialize, Kind: lsp.FailProtocol, Err: errors.New("gopls printed something that is not LSP")}
			r.Stdout = "hello\nworld"
		}, finding.Fail, `gopls does not speak LSP: it printed "hello" on its standard output`, "What it printed:\n  stdout:\n  hello\n  world", ""},
		{"hang", func(r *lsp.Report) {
			r.Server = ""
			r.Failure = &lsp.Failure{Phase: lsp.PhaseInitialize, Kind: lsp.FailTimeout, Err: errors.New("gopls did not answer initialize within 15s")}
		}, finding.Fail, "gopls did not answer initialize within 15s", "killed with its children", ""},
		{"slow load", func(r *lsp.Report) {
			r.Failure = &lsp.Failure{Phase: lsp.PhaseLoad, Kind: lsp.FailTimeout, Err: errors.New(`gopls did not finish loading the workspace within 15s (still under way: "Setting up workspace")`)}
		}, finding.Warn, "gopls v0.21.1 did not finish loading the workspace within 15s", "larger --timeout", ""},
		{"slow load with errors", func(r *lsp.Report) {
			r.Failure = &lsp.Failure{Phase: lsp.PhaseLoad, Kind: lsp.FailTimeout, Err: errors.New("gopls did not finish loading")}
			r.Messages = []lsp.Message{{Type: lsp.MessageError, Text: "go: example.com/x@v1.0.0: missing go.sum entry for go.mod file"}}
		}, finding.Fail, "gopls v0.21.1 cannot load the workspace: go: example.com/x@v1.0.0: missing go.sum entry", "", "ws.deps"},
		{"bad flag", func(r *lsp.Report) {
			r.Server = ""
			r.Failure = &lsp.Failure{Phase: lsp.PhaseInitialize, Kind: lsp.FailExit, Err: errors.New("gopls exited during initialize")}
			r.Exit = exit(2, "flag provided but not defined: -foo\nUsage: ...")
		}, finding.Fail, "gopls exited at start, before answering initialize (exit status 2): flag provided but not defined: -foo", "", "editor.settings.language_server"},
		{"log file it cannot create", func(r *lsp.Report) {
			r.Server = ""
			r.Failure = &lsp.Failure{Phase: lsp.PhaseInitialize, Kind: lsp.FailExit, Err: errors.New("gopls exited during initialize")}
			r.Exit = exit(2, "gopls: unable to create log file: open ~/logs/gopls.log: no such file or directory")
		}, finding.Fail, "gopls exited at start, before answering initialize (exit status 2): gopls: unable to create log file", "", "editor.settings.language_server"},
		{"cannot start", func(r *lsp.Report) {
			r.Failure = &lsp.Failure{Phase: lsp.PhaseStart, Kind: lsp.FailStart, Err: errors.New("fork/exec /x/gopls: exec format error")}
			r.Exit = nil
		}, finding.Fail, "gopls could not be started: fork/exec /x/gopls: exec format error", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := goplsReport()
			tt.edit(rep)
			fd := goplsFinding(rep, st)
			if fd.Status != tt.status || !strings.HasPrefix(fd.Title, tt.title) || !strings.Contains(fd.Detail, tt.detail) || fd.BlockedBy != tt.cause {
				t.Errorf("got %s %q (blocked by %q)\n%s\nwant %s %q… (blocked by %q), detail with %q", fd.Status, fd.Title, fd.BlockedBy, fd.Detail, tt.status, tt.title, tt.cause, tt.detail)
			}
			if fd.Status == finding.Fail && (fd.Fix == nil || fd.Fix.Summary == "") {
				t.Errorf("a failure without a fix")
			}
			if len(fd.Evidence) == 0 || fd.Evidence[0].Command != "GO_TELEMETRY_CHILD=2 "+rep.Command {
				t.Errorf("evidence %+v", fd.Evidence)
			}
		})
	}
}

// goplsProgram is a fake gopls for a Fake host: it answers its version, and as a language
// server loads nothing but answers like gopls with 5 workspace packages. It records the
// environment it was started with.
func goplsProgram(envSeen chan<- []string) host.Program {
	return func(ctx context.Context, c host.Cmd, stdin io.Reader, stdout, _ io.Writer) int {
		envSeen <- c.Env
		done := make(chan struct{})
		h := jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			switch req.Method {
			case "initialize":
				return json.RawMessage(`{"capabilities":{"executeCommandProvider":{"commands":["gopls.workspace_stats"]}},"serverInfo":{"name":"gopls","version":"{\"Version\":\"v0.21.1\"}"}}`), nil
			case "initialized":
				go func() {
					for _, kind := range []string{"begin", "end"} {
						_ = conn.Notify(ctx, "$/progress", map[string]any{"token": 1, "value": map[string]any{"kind": kind, "title": "diagnosing initial workspace load"}})
					}
				}()
			case "workspace/executeCommand":
				return json.RawMessage(`{"Views":[{"WorkspacePackages":{"Packages":5}}]}`), nil
			case "exit":
				close(done)
			}
			return nil, nil
		})
		conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(goplsPipes{stdin, stdout}, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.AsyncHandler(h),
			jsonrpc2.SetLogger(log.New(io.Discard, "", 0)))
		defer conn.Close()
		select {
		case <-done:
			return 0
		case <-ctx.Done():
			return -1
		}
	}
}

type goplsPipes struct {
	io.Reader
	io.Writer
}

func (goplsPipes) Close() error { return nil }

// TestGoplsCheck runs the check on fake Linux and macOS machines with a fake gopls.
func TestGoplsCheck(t *testing.T) {
	t.Parallel()
	for _, goos := range []string{"linux", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			h := goplsFakeHost(goos, map[string]string{"/work/app/.vscode/settings.json": goplsFolderSettings,
				"/proc/4001/status": "VmHWM:\t  204800 kB\n"})
			envSeen := make(chan []string, 1)
			h.Programs = map[string]host.Program{"gopls": goplsProgram(envSeen)}
			f := facts.New(context.Background(), h, "/work/app", 5*time.Second)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			fd := goplsCheck(ctx, f)
			want := "gopls loaded 5 packages in "
			if fd.Status != finding.OK || !strings.HasPrefix(fd.Title, want) {
				t.Fatalf("got %s %q\n%s", fd.Status, fd.Title, fd.Detail)
			}
			mem := strings.HasSuffix(fd.Title, "(peak memory 200 MB)")
			if mem != (goos == "linux") {
				t.Errorf("title %q on %s", fd.Title, goos)
			}
			if goos == "darwin" && !strings.Contains(fd.Detail, "Peak memory is measured on Linux only") {
				t.Errorf("detail %s", fd.Detail)
			}
			env := <-envSeen
			if !slices.Contains(env, "GOFLAGS=-tags=/home/ana") || !slices.Contains(env, "GO_TELEMETRY_CHILD=2") {
				t.Errorf("gopls started with %q", env)
			}
			ran := h.Ran()
			last := ran[len(ran)-1]
			if got := fmt.Sprintf("%s %v", last.Path, last.Args); got != "/home/ana/go/bin/gopls [-mode=stdio -rpc.trace]" || last.Dir != "/work/app" {
				t.Errorf("started %s in %s", got, last.Dir)
			}
		})
	}
}

func TestGoplsCheckTurnedOff(t *testing.T) {
	t.Parallel()
	h := goplsFakeHost("linux", map[string]string{"/work/app/.vscode/settings.json": `{"go.useLanguageServer": false}`})
	fd := goplsCheck(context.Background(), facts.New(context.Background(), h, "/work/app", time.Second))
	if fd.Status != finding.Skip || !strings.Contains(fd.Title, "turned off") || !strings.Contains(fd.Detail, "/work/app/.vscode/settings.json:1") {
		t.Errorf("got %s %q %q", fd.Status, fd.Title, fd.Detail)
	}
}

func TestGoplsNoGoFiles(t *testing.T) {
	t.Parallel()
	h := host.NewFake("linux", "amd64").AddFile("/w/go.mod", nil, 0o644).AddFile("/w/.git/x.go", nil, 0o644).
		AddFile("/w/testdata/y.go", nil, 0o644).AddFile("/w/docs/README", nil, 0o644)
	if p, _ := goplsGoFile(h, []string{"/w"}); p != "" {
		t.Errorf("found Go file %s where the go command sees none", p)
	}
	h.AddFile("/w/b/c/z.go", nil, 0o644)
	if p, _ := goplsGoFile(h, []string{"/elsewhere", "/w"}); p != "/w/b/c/z.go" {
		t.Errorf("found %q, want /w/b/c/z.go", p)
	}
	// A folder's own files come before its subdirectories'.
	h.AddFile("/w/a.go", nil, 0o644)
	if p, _ := goplsGoFile(h, []string{"/w"}); p != "/w/a.go" {
		t.Errorf("found %q, want /w/a.go", p)
	}
	rep := goplsReport()
	rep.Packages = 0
	fd := goplsFinding(rep, goplsSetup{cfg: lsp.Config{Folders: []string{"/w"}}})
	if fd.Status != finding.Info || !strings.Contains(fd.Title, "no Go files") {
		t.Errorf("got %s %q", fd.Status, fd.Title)
	}
}

func TestGoplsTimeout(t *testing.T) {
	t.Parallel()
	if got := goplsTimeout(context.Background(), 5*time.Second); got != 15*time.Second {
		t.Errorf("no deadline: %s", got)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		left, want time.Duration
	}{
		{time.Minute, 15 * time.Second},     // three times the timeout
		{10 * time.Second, 7 * time.Second}, // what is left, less the shutdown and a second
		{time.Second, time.Second},          // never less than a second
		{lsp.ShutdownGrace + 4*time.Second, 3 * time.Second},
	}
	for _, tt := range tests {
		if got := goplsBudget(5*time.Second, now.Add(tt.left), true, now); got != tt.want {
			t.Errorf("%s left: %s, want %s", tt.left, got, tt.want)
		}
	}
}

func TestGoplsOpenedVerdict(t *testing.T) {
	t.Parallel()
	h := host.NewFake("linux", "amd64").
		AddFile("/w/svc/main.go", []byte("//go:build tools && linux\n\npackage main\n"), 0o644).
		AddFile("/w/svc/plain.go", []byte("package main\n"), 0o644)
	st := goplsSetup{cfg: lsp.Config{Host: h, Dir: "/w", Folders: []string{"/w"}, Path: "/p/gopls"}, toolsEnv: map[string]bool{}, hasGoFiles: true}
	opened := func(file, msg string) *lsp.Opened {
		o := &lsp.Opened{File: file, Published: true}
		if msg != "" {
			o.Diagnostics = []lsp.Diagnostic{{File: file, Line: 1, Severity: lsp.SeverityWarning, Message: msg}}
		}
		return o
	}
	tests := []struct {
		name     string
		opened   *lsp.Opened
		packages int
		status   finding.Status
		title    string
		fix      string
		cause    string
	}{
		{"loaded", opened("/w/svc/plain.go", ""), 1, finding.OK, "gopls loaded 1 package", "", ""},
		{"a diagnostic that is no orphan's", opened("/w/svc/plain.go", "unusedvariable: x declared and not used"), 1, finding.OK, "gopls loaded", "", ""},
		{"no package, tagged", opened("/w/svc/main.go", "No packages found for open file /w/svc/main.go."), 0, finding.Fail,
			"gopls v0.21.1 loads no package for svc/main.go: No packages found", `"go.buildTags": "tools"`, ""},
		{"left out of go.work, other packages", opened("/w/svc/plain.go", "This file is within module \"svc\", which is not included in your workspace.\nTo fix this problem, you can add a go.work file that uses this directory."), 3, finding.Warn,
			"gopls v0.21.1 loads no package for svc/plain.go: This file is within module", "go work use", "ws.gowork"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := goplsReport()
			rep.Packages, rep.Opened = tt.packages, tt.opened
			fd := goplsFinding(rep, st)
			if fd.Status != tt.status || !strings.HasPrefix(fd.Title, tt.title) || fd.BlockedBy != tt.cause {
				t.Fatalf("got %s %q (blocked by %q), want %s %q (%q)\n%s", fd.Status, fd.Title, fd.BlockedBy, tt.status, tt.title, tt.cause, fd.Detail)
			}
			if tt.fix != "" && (fd.Fix == nil || !strings.Contains(fd.Fix.Summary, tt.fix)) {
				t.Errorf("fix %+v, want %q", fd.Fix, tt.fix)
			}
		})
	}
}

func TestGoplsBuildTags(t *testing.T) {
	t.Parallel()
	h := host.NewFake("linux", "amd64")
	for _, tt := range []struct{ src, want string }{
		{"//go:build tools\n\npackage main\n", "tools"},
		{"// Copyright\n\n//go:build integration && !windows\n\npackage x\n", "integration"},
		{"//go:build (e2e || smoke) && go1.22 && cgo\n\npackage x\n", "e2e,smoke"},
		{"//go:build linux\n\npackage x\n", ""},
		{"package x\n\n//go:build tools\n", ""},
		{"package x\n", ""},
	} {
		h.AddFile("/f.go", []byte(tt.src), 0o644)
		if got := goplsBuildTags(h, "/f.go"); got != tt.want {
			t.Errorf("goplsBuildTags(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestGoplsInitOptions: gomedic adds verboseWorkDoneProgress, and diagnosticsDelay "0s" for a gopls
// that knows the option by that name, unless the user's settings set them, in either spelling
// (gopls reads the last segment of a dotted key, and rejects a value given twice).
func TestGoplsInitOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, settings, version, want string
	}{
		{"current gopls", `{}`, "v0.21.1", `{"diagnosticsDelay":"0s","verboseWorkDoneProgress":true}`},
		{"before the option's name", `{}`, "v0.7.0", `{"verboseWorkDoneProgress":true}`},
		{"unknown version", `{}`, "", `{"verboseWorkDoneProgress":true}`},
		{"the user's delay", `{"diagnosticsDelay":"500ms"}`, "v0.21.1", `{"diagnosticsDelay":"500ms","verboseWorkDoneProgress":true}`},
		{"the user's delay, dotted", `{"ui.diagnostic.diagnosticsDelay":"2s"}`, "v0.21.1", `{"ui.diagnostic.diagnosticsDelay":"2s","verboseWorkDoneProgress":true}`},
		{"the user's verbose", `{"verboseWorkDoneProgress":false}`, "v0.21.1", `{"diagnosticsDelay":"0s","verboseWorkDoneProgress":false}`},
	} {
		if got := string(goplsInitOptions(json.RawMessage(tc.settings), tc.version)); got != tc.want {
			t.Errorf("%s: goplsInitOptions(%s, %q) = %s, want %s", tc.name, tc.settings, tc.version, got, tc.want)
		}
	}
}

// TestGoplsUnconstrained holds the files that gopls.packages's directory answer may stand for
// (every package of their directory holds them) apart from those a build constraint, their name or
// cgo can leave out, which the probe opens and judges by gopls's diagnostics.
func TestGoplsUnconstrained(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      bool
	}{
		{"main.go", "package main\n\nfunc main() {}\n", true},
		{"doc.go", "// Package p is a package.\n//\n// It has a doc comment.\npackage p\n", true},
		{"p_test.go", "package p_test\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n", true},
		{"linux.go", "package p\n", true},                     // the first element of a name is not a GOOS
		{"net_test.go", "package p\n", true},                  // nor a word that is neither
		{"gen_linux_foo.go", "package p\n", true},             // only the last elements count
		{"late.go", "package p\n\n//go:build ignore\n", true}, // a constraint after the package clause is a comment
		{"tagged.go", "//go:build tools\n\npackage p\n", false},
		{"old.go", "// Copyright 2014\n\n// +build ignore\n\npackage p\n", false},
		{"p_windows.go", "package p\n", false},
		{"p_arm64.go", "package p\n", false},
		{"p_linux_amd64_test.go", "package p\n", false},
		{"p_plan9_test.go", "package p\n", false},
		{"cgo.go", "package p\n\n// #include <stdio.h>\nimport \"C\"\n", false},
		{"cgo2.go", "package p\n\nimport (\n\t\"fmt\"\n\t\"C\"\n)\n", false},
		{"broken.go", "packag p\n", false},
		{"missing.go", "", false},
	} {
		h := host.NewFake("linux", "amd64")
		if tt.name != "missing.go" {
			h.AddFile("/w/"+tt.name, []byte(tt.src), 0o644)
		}
		if got := goplsUnconstrained(h, "/w/"+tt.name); got != tt.want {
			t.Errorf("goplsUnconstrained(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
