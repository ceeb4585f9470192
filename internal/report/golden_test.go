package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the renderers' output")

// normaliser replaces a part of the output that comes from the machine the test runs on.
type normaliser struct {
	re   *regexp.Regexp
	with string
}

// machine normalises what the documents below take from this machine: its temporary directory
// and times measured while the test ran.
func machine(t *testing.T, tmp string) []normaliser {
	t.Helper()
	return []normaliser{
		{regexp.MustCompile(regexp.QuoteMeta(filepath.ToSlash(tmp))), "$TMP"},
		{regexp.MustCompile(`"duration_ms": \d+`), `"duration_ms": $MS`},
		{regexp.MustCompile(`(?m)\d+\.\d s$`), "$SECONDS s"},
	}
}

// goRelease normalises the Go release the test was built with, which the tools documents below
// give as the release tools were built with (their fixed releases are older than any Go that
// can build this test).
var goRelease = normaliser{regexp.MustCompile(`\b` + regexp.QuoteMeta(runtime.Version()) + `\b`), "$GOVERSION"}

// golden compares got, normalised, with testdata/golden/name; -update rewrites the file.
func golden(t *testing.T, name string, got []byte, norm []normaliser) {
	t.Helper()
	for _, n := range norm {
		got = n.re.ReplaceAllLiteral(got, []byte(n.with))
	}
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/report -run Golden -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what the renderer writes now (go test ./internal/report -run Golden -update rewrites it after a deliberate change):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// renderTo runs a renderer into a buffer.
func renderTo(t *testing.T, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// measuredCheck is sample() with the time it took measured, as gomedic check measures it.
func measuredCheck() *Report {
	start := time.Now()
	r := sample()
	r.DurationMS = time.Since(start).Milliseconds() + 1234
	return r
}

func TestGoldenCheck(t *testing.T) {
	t.Parallel()
	norm := machine(t, t.TempDir())
	r := measuredCheck()
	golden(t, "check.txt", renderTo(t, func(b *bytes.Buffer) error { return Text(b, r, TextOptions{Home: "/home/ana"}) }), norm)
	golden(t, "check-verbose.txt", renderTo(t, func(b *bytes.Buffer) error { return Text(b, r, TextOptions{Home: "/home/ana", Verbose: true}) }), norm)
	golden(t, "check.md", renderTo(t, func(b *bytes.Buffer) error { return Markdown(b, r) }), norm)
}

// toolsDir is a tools directory (GOBIN) and a gomedic home under tmp.
func toolsDirs(tmp string) (gobin, home string) {
	return filepath.ToSlash(filepath.Join(tmp, "go", "bin")), filepath.ToSlash(filepath.Join(tmp, "gomedic"))
}

// installDoc is what gomedic tools install found: a current tool, an upgrade with an override of
// the build environment and a note, and (with failed) a tool whose version does not exist.
func installDoc(tmp string, failed bool) *result.ToolsInstall {
	gobin, home := toolsDirs(tmp)
	rs := []result.ToolResult{
		{Tool: "gopls", Package: "golang.org/x/tools/gopls", Module: "golang.org/x/tools/gopls", Query: "latest", Version: "v0.21.1",
			GoVersion: runtime.Version(), Status: result.ToolCurrent, Path: gobin + "/gopls", Managed: true, DurationMS: 3},
		{Tool: "dlv", Package: "github.com/go-delve/delve/cmd/dlv", Module: "github.com/go-delve/delve", Query: "latest", Version: "v1.26.0",
			GoVersion: runtime.Version(), Status: result.ToolInstalled, Previous: "v1.25.2", Path: gobin + "/dlv",
			Store: home + "/store/dlv/v1.26.0", Managed: true,
			Overrides: []string{"GOFLAGS=-mod=vendor is not used: go install of a tool ignores the workspace's vendor directory"},
			Notes:     []string{gobin + " is not on PATH: shells and terminal tasks will not find the tools installed there."},
			Log:       home + "/logs/dlv.log", DurationMS: 41000},
	}
	if failed {
		rs = append(rs, result.ToolResult{Tool: "staticcheck", Package: "honnef.co/go/tools/cmd/staticcheck", Module: "honnef.co/go/tools",
			Query: "v9.9.9", Status: result.ToolFailed, Path: gobin + "/staticcheck",
			Failure: &result.ToolFailure{Cause: "unknown_version", Summary: "honnef.co/go/tools has no version v9.9.9",
				Detail: "The module proxy https://ana:s3cret@proxy.example.com (GOPROXY, from the environment) does not know version v9.9.9.\nThe version is misspelt, or not published yet.",
				Tail:   "go: honnef.co/go/tools/cmd/staticcheck@v9.9.9: reading https://ana:s3cret@proxy.example.com/honnef.co/go/tools/@v/v9.9.9.info: 404 Not Found\n",
				Fix: &finding.Fix{Summary: "List the versions GOPROXY has, then install one of them (or the newest).",
					Commands: []string{"go list -m -versions honnef.co/go/tools", "gomedic tools install staticcheck@latest"}, Docs: "https://go.dev/ref/mod#goproxy-protocol"}},
			Log: home + "/logs/staticcheck.log", DurationMS: 800})
	}
	return result.NewToolsInstall(rs)
}

func TestGoldenToolsInstall(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	norm := machine(t, tmp)
	norm = append(norm, goRelease)
	ok, failed := installDoc(tmp, false), installDoc(tmp, true)
	golden(t, "tools-install.txt", renderTo(t, func(b *bytes.Buffer) error { return ToolsInstallText(b, ok, ToolsOptions{}) }), norm)
	golden(t, "tools-install-failed.txt", renderTo(t, func(b *bytes.Buffer) error { return ToolsInstallText(b, failed, ToolsOptions{}) }), norm)
	golden(t, "tools-install-failed.json", renderTo(t, func(b *bytes.Buffer) error { return ToolsInstallJSON(b, failed) }), norm)
}

// listDoc is what gomedic tools list found: managed, pinned, unmanaged, missing and extra tools.
func listDoc(tmp string) *result.ToolsList {
	gobin, _ := toolsDirs(tmp)
	return result.NewToolsList([]result.ListedTool{
		{Name: "gopls", Package: "golang.org/x/tools/gopls", Module: "golang.org/x/tools/gopls", Need: "required", Version: "v0.21.1",
			GoVersion: runtime.Version(), Path: gobin + "/gopls", Managed: true, Previous: []string{"v0.20.0", "v0.19.1", "v0.18.0"}, Latest: "v0.21.1",
			Store: []result.StoredVersion{{Version: "v0.21.1", Keep: "active"}, {Version: "v0.20.0", Keep: "previous"}, {Version: "v0.19.1", Keep: "recent"}, {Version: "v0.18.0"}}},
		{Name: "dlv", Package: "github.com/go-delve/delve/cmd/dlv", Module: "github.com/go-delve/delve", Need: "required", Version: "v1.25.2",
			GoVersion: runtime.Version(), Path: gobin + "/dlv", Managed: true, Pinned: "v1.25.2", Previous: []string{}, Latest: "v1.26.0",
			Store: []result.StoredVersion{{Version: "v1.25.2", Keep: "active"}}},
		{Name: "staticcheck", Package: "honnef.co/go/tools/cmd/staticcheck", Module: "honnef.co/go/tools", Need: "recommended",
			Version: "v0.6.1", GoVersion: "go1.18", Path: "/usr/local/bin/staticcheck", Previous: []string{}, Store: []result.StoredVersion{}},
		{Name: "impl", Package: "github.com/josharian/impl", Module: "github.com/josharian/impl", Need: "recommended", Previous: []string{}, Store: []result.StoredVersion{}},
		{Name: "hello", Package: "example.com/hello", Module: "example.com/hello", Version: "v1.1.0", GoVersion: runtime.Version(),
			Path: gobin + "/hello", Managed: true, Previous: []string{"v1.0.0"},
			Store: []result.StoredVersion{{Version: "v1.1.0", Keep: "active"}, {Version: "v1.0.0", Keep: "previous"}}},
	})
}

func TestGoldenToolsList(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	norm := append(machine(t, tmp), goRelease)
	d := listDoc(tmp)
	golden(t, "tools-list.txt", renderTo(t, func(b *bytes.Buffer) error { return ToolsListText(b, d) }), norm)
	golden(t, "tools-list.json", renderTo(t, func(b *bytes.Buffer) error { return ToolsListJSON(b, d) }), norm)
}

func TestGoldenSettings(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	norm := machine(t, tmp)
	d := settingsDoc(tmp)
	golden(t, "settings.txt", renderTo(t, func(b *bytes.Buffer) error { return SettingsText(b, d) }), norm)
	golden(t, "settings.md", renderTo(t, func(b *bytes.Buffer) error { return SettingsMarkdown(b, d) }), norm)
	golden(t, "settings.json", renderTo(t, func(b *bytes.Buffer) error { return SettingsJSON(b, d) }), norm)
	empty := &result.Settings{Schema: result.SettingsSchema, Workspace: "/w", Folders: []string{"/w"}, Editors: []result.Editor{},
		Files: []result.SettingsFile{}, Settings: []result.SettingView{}, Tools: []result.ToolView{}}
	golden(t, "settings-none.txt", renderTo(t, func(b *bytes.Buffer) error { return SettingsText(b, empty) }), norm)
	golden(t, "settings-none.md", renderTo(t, func(b *bytes.Buffer) error { return SettingsMarkdown(b, empty) }), norm)
}

// raw is a JSON value for a setting.
func raw(s string) json.RawMessage { return json.RawMessage(s) }

// runDoc is a run that panicked, with an environment change from the settings, input from a file,
// a trace and a launch configuration: every part of the run document that text shows.
func runDoc() *result.Run {
	return &result.Run{
		Schema: result.RunSchema, Mode: result.RunModeProgram, Path: "./cmd/solve", Phase: result.RunPhaseRun,
		Build: &result.RunStep{Command: []string{"go", "build", "-o", "/home/ana/.cache/gomedic/run/1f2e/solve", "."},
			Line: "go build -o /home/ana/.cache/gomedic/run/1f2e/solve .", Cwd: "/home/ana/src/app/cmd/solve", DurationMS: 212},
		Command: []string{"/tmp/gomedic-run-1/solve", "--token=s3cr3t-value", "in.txt"}, Line: "/tmp/gomedic-run-1/solve --token=s3cr3t-value in.txt",
		Cwd: "/home/ana/src/app/cmd/solve", CwdReason: "the package directory: the Go extension's Run and Debug start a program there when the launch configuration sets no cwd",
		Env: []result.RunEnvChange{
			{Name: "GOFLAGS", Value: "-tags=extra", Shell: "", ShellSet: false, Setting: "go.toolsEnvVars", File: "/home/ana/src/app/.vscode/settings.json", Line: 4},
			{Name: "API_TOKEN", Value: "abc123", Shell: "zzz", ShellSet: true, Setting: "launch.json solve", File: "/home/ana/src/app/.vscode/launch.json", Line: 9},
		},
		Stdin: result.RunStdin{Kind: result.RunStdinFile, File: "in.txt", Bytes: 12, MaxLine: 5},
		Ran:   true, ExitCode: 2, DurationMS: 31, Status: 2,
		Result: result.RunClassification{ID: "run.panic", Title: "the program panicked: index out of range [3] with length 3",
			Explanation: "main.sum indexed past the end of a slice.", Location: "/home/ana/src/app/cmd/solve/main.go:9",
			Details: []string{"goroutine 1 [running]:", "main.sum(...)"},
			Fix:     &finding.Fix{Summary: "Check the index against len(xs) before using it.", Commands: []string{"gomedic run ./cmd/solve"}, Docs: "https://go.dev/ref/spec#Index_expressions"}},
		Trace: &result.RunTrace{Tool: "strace -f -qq", Available: true, Failed: 1,
			Calls: []result.RunTraceCall{{Pid: 7, Comm: "solve", Name: "openat", Path: "in.txt", Errno: "ENOENT", Line: `openat(AT_FDCWD, "in.txt", O_RDONLY|O_CLOEXEC) = -1 ENOENT`}}},
		Stdout: result.RunStream{Bytes: 6, Tail: "start\n"},
		Stderr: result.RunStream{Bytes: 80, Tail: "panic: runtime error: index out of range [3] with length 3\n"},
		Notes:  []string{"launch.json has a configuration for this program: solve"},
		Launch: &result.RunLaunch{Name: "solve", File: "/home/ana/src/app/.vscode/launch.json", Line: 5, Mode: "auto",
			Program: "/home/ana/src/app/cmd/solve", Args: []string{"--token=s3cr3t-value", "in.txt"}},
	}
}

func TestGoldenRun(t *testing.T) {
	var text, js bytes.Buffer
	RunText(&text, runDoc(), false)
	golden(t, "run.txt", text.Bytes(), nil)
	if err := RunJSON(&js, runDoc()); err != nil {
		t.Fatal(err)
	}
	golden(t, "run.json", js.Bytes(), nil)
	for _, out := range [][]byte{text.Bytes(), js.Bytes()} {
		if bytes.Contains(out, []byte("s3cr3t-value")) || bytes.Contains(out, []byte("abc123")) {
			t.Errorf("a secret reached the run report:\n%s", out)
		}
	}
}
