package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

// secretRun is a run whose every part holds a credential: the program's output, its command line,
// the editor's environment, a launch configuration, the classification, the trace, the notes.
func secretRun() *result.Run {
	argv := []string{"/tmp/app", "GITHUB_TOKEN=abc123"}
	return &result.Run{
		Schema: result.RunSchema, Mode: result.RunModeProgram, Path: "./app", Phase: result.RunPhaseRun,
		Build:   &result.RunStep{Command: []string{"go", "build", "-ldflags=-X main.key=API_KEY=k1"}, Line: "go build -ldflags=-X main.key=API_KEY=k1"},
		Command: argv, Line: "/tmp/app GITHUB_TOKEN=abc123", Cwd: "/w/app", CwdReason: "the package directory",
		Env: []result.RunEnvChange{
			{Name: "GOPROXY", Value: "https://ana:s3cret@proxy.corp/", Setting: "go.toolsEnvVars", File: "/w/.vscode/settings.json", Line: 2},
			{Name: "MY_TOKEN", Value: "zzz", Shell: "yyy", ShellSet: true, Setting: "go.toolsEnvVars", File: "/w/.vscode/settings.json", Line: 3},
		},
		Stdin: result.RunStdin{Kind: result.RunStdinNone}, Ran: true, ExitCode: 1, Status: 1,
		StartError: "",
		Result: result.RunClassification{ID: "run.exit_code", Title: "exited with status 1",
			Explanation: "It printed https://ana:s3cret@proxy.corp/mod.", Details: []string{"GITHUB_TOKEN=abc123"},
			Fix: &finding.Fix{Summary: "Check https://ana:s3cret@proxy.corp/.", Commands: []string{"curl https://ana:s3cret@proxy.corp/"}}},
		Trace: &result.RunTrace{Available: true, Tool: "strace -o f -- /tmp/app GITHUB_TOKEN=abc123", Failed: 1,
			Calls: []result.RunTraceCall{{Comm: "app", Name: "openat", Path: "https://ana:s3cret@x/y", Errno: "ENOENT", Line: "openat(\"https://ana:s3cret@x/y\")"}}},
		Stdout: result.RunStream{Bytes: 40, Tail: "fetching https://ana:s3cret@proxy.corp/mod\n"},
		Stderr: result.RunStream{Bytes: 20, Tail: "Authorization: Bearer xyz123\n"},
		Notes:  []string{"GITHUB_TOKEN=abc123"},
		Launch: &result.RunLaunch{Name: "dbg", File: "/w/.vscode/launch.json", Line: 3, Mode: "auto", Program: "/w/app",
			Args: []string{"GITHUB_TOKEN=abc123"}, BuildFlags: []string{"-ldflags=-X main.key=API_KEY=k1"}},
	}
}

var secrets = []string{"s3cret", "abc123", "zzz", "yyy", "xyz123", "k1"}

// TestRunRedacts: neither renderer shows a credential, and the document itself is left as it is
// (the runner and the classifier saw the output as it was).
func TestRunRedacts(t *testing.T) {
	doc := secretRun()
	before, _ := json.Marshal(doc)
	var js, text bytes.Buffer
	if err := RunJSON(&js, doc); err != nil {
		t.Fatal(err)
	}
	RunText(&text, doc, false)
	for name, out := range map[string]string{"json": js.String(), "text": text.String()} {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s shows %q:\n%s", name, s, out)
			}
		}
		if !strings.Contains(out, "REDACTED@proxy.corp") {
			t.Errorf("%s: no REDACTED@proxy.corp:\n%s", name, out)
		}
	}
	if after, _ := json.Marshal(doc); !bytes.Equal(before, after) {
		t.Error("rendering changed the document")
	}
	var progress bytes.Buffer
	RunProgress(&progress, "running", doc.Command, doc.Cwd)
	if got, want := progress.String(), "gomedic run: running: /tmp/app GITHUB_TOKEN=REDACTED  (in /w/app)\n"; got != want {
		t.Errorf("progress %q, want %q", got, want)
	}
}

// TestRunJSONShape: the document keeps the members of gomedic.run/v1: the fix's summary is
// "fix" and its commands "commands" in "result"; the lists without a value are there, empty.
func TestRunJSONShape(t *testing.T) {
	doc := &result.Run{Schema: result.RunSchema, Mode: result.RunModeCommand, Phase: result.RunPhaseExec, Command: []string{},
		Env: []result.RunEnvChange{}, Stdin: result.RunStdin{Kind: result.RunStdinNone},
		Result: result.RunClassification{ID: "run.ok", Title: "ok", Explanation: "It exited 0.",
			Fix: &finding.Fix{Summary: "Nothing.", Commands: []string{"go vet ./..."}}}}
	var b bytes.Buffer
	if err := RunJSON(&b, doc); err != nil {
		t.Fatal(err)
	}
	want := `  "result": {
    "id": "run.ok",
    "title": "ok",
    "explanation": "It exited 0.",
    "fix": "Nothing.",
    "commands": [
      "go vet ./..."
    ]
  },`
	for _, s := range []string{want, `"command": [],`, `"env": [],`, `"stdout": {`, `"timed_out": false,`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("no %s in\n%s", s, b.String())
		}
	}
	var back result.Run
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Result.Fix == nil || back.Result.Fix.Commands[0] != "go vet ./..." {
		t.Errorf("read back: %+v, %v", back.Result, err)
	}
}

// TestRunText: the diagnosis, field by field.
func TestRunText(t *testing.T) {
	doc := secretRun()
	doc.Trace, doc.Launch, doc.Build = nil, nil, nil
	var b bytes.Buffer
	RunText(&b, doc, true)
	want := `
✗  run    exited with status 1  [run.exit_code]
          It printed https://REDACTED@proxy.corp/mod.
            GITHUB_TOKEN=REDACTED
          fix: Check https://REDACTED@proxy.corp/.
            curl https://REDACTED@proxy.corp/

          command  /tmp/app GITHUB_TOKEN=REDACTED
          cwd      /w/app — the package directory
          env      GOPROXY=https://REDACTED@proxy.corp/ (go.toolsEnvVars, /w/.vscode/settings.json:2; your shell: unset)
                   MY_TOKEN=REDACTED (go.toolsEnvVars, /w/.vscode/settings.json:3; your shell: "REDACTED")
          stdin    empty: no --stdin or --input, and gomedic's standard input is not a terminal (the editor's Run gives a program no input either)
          exit     status 1 after 0 ms; gomedic run exits 1
          note     GITHUB_TOKEN=REDACTED
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestRunStdinText(t *testing.T) {
	for _, tc := range []struct {
		in   result.RunStdin
		want string
	}{
		{result.RunStdin{Kind: result.RunStdinNone}, "empty: no --stdin or --input"},
		{result.RunStdin{Kind: result.RunStdinFile, File: "/w/in.txt", Bytes: 8, MaxLine: 5}, "/w/in.txt (8 bytes, longest line 5 bytes)"},
		{result.RunStdin{Kind: result.RunStdinText, Bytes: 1}, "the --input text (1 bytes, longest line 0 bytes)"},
		{result.RunStdin{Kind: result.RunStdinTerminal}, "this terminal"},
		{result.RunStdin{Kind: result.RunStdinFile, File: "-", Bytes: 3 << 20, MaxLine: 1536}, "gomedic's standard input (3.0 MiB, longest line 1.5 KiB)"},
	} {
		if got := runStdin(tc.in); !strings.Contains(got, tc.want) {
			t.Errorf("%+v: %q, want it to contain %q", tc.in, got, tc.want)
		}
	}
}

func TestRunExitText(t *testing.T) {
	for _, tc := range []struct {
		d    result.Run
		want string
	}{
		{result.Run{Phase: result.RunPhaseBuild, Status: 1}, "not built: the package is not a program; gomedic run exits 1"},
		{result.Run{StartError: "exec format error", Status: 126}, "not started: exec format error; gomedic run exits 126"},
		{result.Run{TimedOut: true, TimeoutMS: 2000, ExitCode: 2, Ran: true, DurationMS: 2100, Status: 124},
			"stopped at --timeout 2s (SIGQUIT, then killed), exit status 2 after 2.1 s; gomedic run exits 124"},
		{result.Run{Signal: "killed", Ran: true, DurationMS: 5, Status: 137}, "killed by signal killed after 5 ms; gomedic run exits 137"},
		{result.Run{Interrupt: true, Signal: "interrupt", Status: 130}, "killed by signal interrupt (interrupted: gomedic passed Ctrl-C on); gomedic run exits 130"},
	} {
		if got := runExit(&tc.d); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.d, got, tc.want)
		}
	}
}
