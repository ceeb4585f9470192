package run

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

func writeLaunch(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".vscode"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".vscode", "launch.json"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const launchText = `{
  // JSON with comments and trailing commas, as VS Code reads it
  "version": "0.2.0",
  "configurations": [
    {"name": "attach", "type": "go", "request": "attach", "mode": "local", "processId": 0},
    {"name": "node", "type": "node", "request": "launch", "program": "x.js"},
    {
      "name": "server",
      "type": "go",
      "request": "launch",
      "program": "${workspaceFolder}/cmd/server",
      "cwd": "${workspaceFolder}/data",
      "args": ["-port", "${env:PORT}"],
      "env": {"MODE": "dev", "FROMFILE": "env wins"},
      "envFile": "${workspaceFolder}/.env",
      "buildFlags": "-tags=dev -race",
    },
    {"name": "tests", "type": "go", "request": "launch", "mode": "test", "program": "./pkg", "buildFlags": ["-tags", "integration"]},
    {"name": "file", "type": "go", "request": "launch", "program": "${file}"},
    {"name": "input", "type": "go", "request": "launch", "program": "${input:pickProgram}"},
    {"name": "remote", "type": "go", "request": "launch", "mode": "remote", "program": "."},
    {"name": "numenv", "type": "go", "request": "launch", "program": ".", "env": {"N": 5}},
    {"name": "nocwd", "type": "go", "request": "launch", "program": ".", "cwd": "${workspaceFolder}/nope"},
    {"name": "other folder", "type": "go", "request": "launch", "program": "${workspaceFolder:zzz}/x"},
    {"name": "quoted", "type": "go", "request": "launch", "program": ".", "args": "a 'b c'", "buildFlags": ["-ldflags", "-X main.v=one"]},
  ],
}`

func TestLoadLaunchConfig(t *testing.T) {
	dir := writeLaunch(t, launchText)
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("# comment\nexport TOKEN='s3'\nFROMFILE=file\r\nbad line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	h := host.NewReal(append(os.Environ(), "PORT=8080"))
	lc, err := LoadLaunchConfig(h, []string{dir}, nil, "server", "")
	if err != nil {
		t.Fatal(err)
	}
	if lc.Program != filepath.Join(dir, "cmd", "server") || lc.Cwd != filepath.Join(dir, "data") || lc.Mode != "auto" {
		t.Errorf("program %s, cwd %s, mode %s", lc.Program, lc.Cwd, lc.Mode)
	}
	if strings.Join(lc.Args, " ") != "-port 8080" || strings.Join(lc.BuildFlags, " ") != "-tags=dev -race" {
		t.Errorf("args %q, build flags %q", lc.Args, lc.BuildFlags)
	}
	if lc.Env["MODE"] != "dev" || lc.Env["TOKEN"] != "s3" || lc.Env["FROMFILE"] != "env wins" || len(lc.Env) != 3 {
		t.Errorf("env %v", lc.Env)
	}
	if lc.Line != 7 || lc.File != filepath.Join(dir, ".vscode", "launch.json") {
		t.Errorf("at %s:%d", lc.File, lc.Line)
	}

	tests, err := LoadLaunchConfig(h, []string{dir}, nil, "tests", "")
	if err != nil || tests.Mode != "test" || tests.Program != filepath.Join(dir, "pkg") || strings.Join(tests.BuildFlags, " ") != "-tags integration" {
		t.Errorf("tests: %+v, %v", tests, err)
	}
	quoted, err := LoadLaunchConfig(h, []string{dir}, nil, "quoted", "")
	if err != nil || strings.Join(quoted.Args, "|") != "a|b c" || strings.Join(quoted.BuildFlags, "|") != "-ldflags|-X main.v=one" {
		t.Errorf("quoted: %+v, %v", quoted, err)
	}
	file, err := LoadLaunchConfig(h, []string{dir}, nil, "file", filepath.Join(dir, "main.go"))
	if err != nil || file.Program != filepath.Join(dir, "main.go") {
		t.Errorf("${file}: %+v, %v", file, err)
	}

	for name, want := range map[string]string{
		"attach":       "attaches to a running process",
		"node":         `of type "node", not go`,
		"file":         "give that file as PATH",
		"input":        "${input:pickProgram}, which gomedic cannot know",
		"remote":       `mode "remote"`,
		"missing":      "there are: attach, file, input, nocwd, node, numenv, other folder, quoted, remote, server, tests",
		"numenv":       "cannot be read",
		"nocwd":        "which is not a directory",
		"other folder": `uses ${workspaceFolder:zzz}, and no workspace folder has that name`,
	} {
		if _, err := LoadLaunchConfig(h, []string{dir}, nil, name, ""); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
	if _, err := LoadLaunchConfig(h, []string{t.TempDir()}, nil, "x", ""); err == nil || !strings.Contains(err.Error(), "no launch configurations") {
		t.Errorf("no launch.json: %v", err)
	}
	bad := writeLaunch(t, `{"configurations": [ {"name": "x",, } ]}`)
	if _, err := LoadLaunchConfig(h, []string{bad}, nil, "x", ""); err == nil || !strings.Contains(err.Error(), "launch.json") {
		t.Errorf("malformed: %v", err)
	}
}

func TestLaunchConfigsFor(t *testing.T) {
	dir := writeLaunch(t, launchText)
	h := host.NewReal(os.Environ())
	// "server" sets cwd, args and env; "file" starts whatever file is open but sets nothing of
	// its own, so it is no news; "quoted" (program ".") is the folder itself.
	got := LaunchConfigsFor(h, []string{dir}, nil, filepath.Join(dir, "cmd", "server"))
	if len(got) != 1 || !strings.Contains(got[0], `"server"`) {
		t.Errorf("configs %q", got)
	}
	if got := LaunchConfigsFor(h, []string{dir}, nil, filepath.Join(dir, "other")); len(got) != 0 {
		t.Errorf("another program: %q", got)
	}
	if got := LaunchConfigsFor(h, []string{dir}, nil, dir); len(got) != 3 || !strings.Contains(strings.Join(got, " "), `"quoted"`) {
		t.Errorf("the folder's own package: %q", got) // numenv (env), nocwd (cwd), quoted (args)
	}
}

func TestSplitQuoted(t *testing.T) {
	for _, tc := range []struct {
		in, quotes string
		want       []string
	}{
		{`-ldflags='-X main.v=one -X "main.w=two words"' -race`, `'`, []string{`-ldflags=-X main.v=one -X "main.w=two words"`, "-race"}},
		{`one 'two three' "four five"`, `'"`, []string{"one", "two three", "four five"}},
		{`  a   b  `, `'`, []string{"a", "b"}},
		{`'' x`, `'`, []string{"", "x"}},
		{`"a \" b"`, `'"`, []string{`a " b`}},
		{``, `'`, nil},
	} {
		if got := splitQuoted(tc.in, tc.quotes); strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("splitQuoted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestParseEnvFile follows the Go extension's parseEnvFile.
func TestParseEnvFile(t *testing.T) {
	env := map[string]string{"HOME": "/home/ana"}
	got := vscode.ParseEnvFile("\uFEFFE_BOM=1\n# comment\nexport E_SUB=${HOME}/x\nE_PREV=${E_SUB}/y\nE_UNSET=${NOPE}z\n"+
		"E_NL=\"a\\nb\"\nE_ESC=\\${HOME}\nE_DOLLAR=a\\$b\nE_Q='single'\r\nbad line\n1BAD=x\n", func(k string) string { return env[k] })
	want := map[string]string{"E_BOM": "1", "E_SUB": "/home/ana/x", "E_PREV": "/home/ana/x/y", "E_UNSET": "z",
		"E_NL": "a\nb", "E_ESC": "${HOME}", "E_DOLLAR": "a$b", "E_Q": "single"}
	if len(got) != len(want) {
		t.Errorf("got %q", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// TestLaunchConfigInWorkspaceFile: a .code-workspace file's "launch" section holds configurations
// too; its ${workspaceFolder} is the file's directory.
func TestLaunchConfigInWorkspaceFile(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "proj.code-workspace")
	text := `{
  "folders": [{"path": "a"}, {"path": "b"}],
  "launch": {
    "version": "0.2.0",
    "configurations": [
      {"name": "WS B", "type": "go", "request": "launch", "program": "${workspaceFolder:b}", "args": ["x"]},
    ],
  },
}`
	if err := os.WriteFile(ws, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	h := host.NewReal(os.Environ())
	folders := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}
	lc, err := LoadLaunchConfig(h, folders, []string{ws}, "WS B", "")
	if err != nil {
		t.Fatal(err)
	}
	if lc.Program != filepath.Join(dir, "b") || lc.File != ws || lc.Line != 6 || strings.Join(lc.Args, " ") != "x" {
		t.Errorf("%+v", lc)
	}
	if got := LaunchConfigsFor(h, folders, []string{ws}, filepath.Join(dir, "b")); len(got) != 1 {
		t.Errorf("configs for b: %q", got)
	}
}

// TestLaunchConfigInUserSettings: the user's settings.json "launch" member (VS Code's global
// launch configuration) holds configurations for every workspace; its ${workspaceFolder} is the
// folder debugged, and a folder's own launch.json comes first.
func TestLaunchConfigInUserSettings(t *testing.T) {
	dir := t.TempDir()
	user := filepath.Join(dir, "User", "settings.json")
	folder := filepath.Join(dir, "proj")
	for p, text := range map[string]string{
		user: `{
  // shared by every workspace
  "launch": {"configurations": [
    {"name": "Global", "type": "go", "request": "launch", "program": "${workspaceFolder}/cmd", "args": ["g"]},
    {"name": "Both", "type": "go", "request": "launch", "program": "${workspaceFolder}", "args": ["user"]},
  ]},
}`,
		filepath.Join(folder, ".vscode", "launch.json"): `{"configurations": [
  {"name": "Both", "type": "go", "request": "launch", "program": "${workspaceFolder}", "args": ["folder"]}]}`,
	} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := host.NewReal(os.Environ())
	lc, err := LoadLaunchConfig(h, []string{folder}, []string{user}, "Global", "")
	if err != nil {
		t.Fatal(err)
	}
	if lc.Program != filepath.Join(folder, "cmd") || lc.File != user || lc.Line != 4 || strings.Join(lc.Args, " ") != "g" {
		t.Errorf("Global: %+v", lc)
	}
	if lc, err := LoadLaunchConfig(h, []string{folder}, []string{user}, "Both", ""); err != nil || strings.Join(lc.Args, " ") != "folder" {
		t.Errorf("Both: %+v, %v: want the folder's launch.json first", lc, err)
	}
	if got := LaunchConfigsFor(h, []string{folder}, []string{user}, filepath.Join(folder, "cmd")); len(got) != 1 || !strings.Contains(got[0], "Global") {
		t.Errorf("configs for cmd: %q", got)
	}
}
