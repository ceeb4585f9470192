package editor

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// settingsGo answers the go command for the settings checks: go env -json with vars, and go list
// -m (the GOFLAGS probe) failing when GOFLAGS holds -bogus.
func settingsGo(vars map[string]string) func(host.Cmd) *host.Result {
	return func(c host.Cmd) *host.Result {
		switch {
		case len(c.Args) >= 2 && c.Args[0] == "env" && c.Args[1] == "-json":
			data, _ := json.Marshal(vars)
			return &host.Result{Stdout: data}
		case len(c.Args) > 0 && c.Args[0] == "list":
			for _, kv := range c.Env {
				if strings.HasPrefix(kv, "GOFLAGS=") && strings.Contains(kv, "-bogus") {
					return &host.Result{ExitCode: 1, Stderr: []byte("go: parsing $GOFLAGS: unknown flag -bogus\n")}
				}
			}
			return &host.Result{Stdout: []byte("std\n")}
		}
		return &host.Result{ExitCode: 2}
	}
}

// settingsHost is a Linux, macOS or Windows fake with a working go.
func settingsHost(goos string) (*host.Fake, string) {
	h := host.NewFake(goos, "arm64")
	switch goos {
	case "windows":
		h.Home = "C:/Users/ana"
		h.Environ = []string{"Path=C:/Program Files/Go/bin", "PATHEXT=.COM;.EXE", "USERPROFILE=C:/Users/ana", "APPDATA=C:/Users/ana/AppData/Roaming"}
		h.AddFile("C:/Program Files/Go/bin/go.exe", []byte("MZ"), 0o755)
		h.Commands = map[string]func(host.Cmd) *host.Result{"go": settingsGo(map[string]string{
			"GOROOT": "C:/Program Files/Go", "GOPATH": "C:/Users/ana/go", "GOVERSION": "go1.26.8", "GOPROXY": "https://proxy.golang.org,direct"})}
		return h, "C:/Users/ana/AppData/Roaming/Code/User"
	case "darwin":
		h.Home = "/Users/ana"
	default:
		h.Home = "/home/ana"
	}
	h.Environ = []string{"PATH=/usr/local/go/bin:/usr/bin", "HOME=" + h.Home}
	h.AddFile("/usr/local/go/bin/go", []byte("x"), 0o755)
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": settingsGo(map[string]string{
		"GOROOT": "/usr/local/go", "GOPATH": h.Home + "/go", "GOVERSION": "go1.26.8", "GOPROXY": "https://proxy.golang.org,direct"})}
	if goos == "darwin" {
		return h, "/Users/ana/Library/Application Support/Code/User"
	}
	return h, "/home/ana/.config/Code/User"
}

// runSettingsCheck runs one check of the layer on h in the workspace dir.
func runSettingsCheck(t *testing.T, h host.Host, dir, id string) finding.Finding {
	t.Helper()
	f := facts.New(context.Background(), h, dir, time.Second)
	for _, c := range Checks() {
		if c.ID == id {
			return c.Run(context.Background(), f)
		}
	}
	t.Fatalf("no check %s", id)
	return finding.Finding{}
}

func wantFinding(t *testing.T, fd finding.Finding, status finding.Status, texts ...string) {
	t.Helper()
	if fd.Status != status {
		t.Errorf("status %s, want %s: %s\n%s", fd.Status, status, fd.Title, fd.Detail)
	}
	all := fd.Title + "\n" + fd.Detail
	if fd.Fix != nil {
		all += "\n" + fd.Fix.Summary + "\n" + strings.Join(fd.Fix.Commands, "\n")
		for _, a := range fd.Fix.Actions {
			all += "\n" + string(a.Kind) + " " + a.File + " " + a.Key + " " + a.Value
		}
	}
	for _, text := range texts {
		if !strings.Contains(all, text) {
			t.Errorf("finding lacks %q:\n%s", text, all)
		}
	}
}

func TestEditorFoundAndExtension(t *testing.T) {
	h, _ := settingsHost("linux")
	if fd := runSettingsCheck(t, h, "/w", "editor.found"); fd.Status != finding.Skip {
		t.Errorf("no editor: %s %q", fd.Status, fd.Title)
	}
	if fd := runSettingsCheck(t, h, "/w", "editor.extension"); fd.Status != finding.Skip {
		t.Errorf("no editor: extension %s", fd.Status)
	}

	h.AddFile("/home/ana/.vscode/extensions/golang.go-0.46.1-universal/package.json", []byte(`{"version":"0.46.1"}`), 0o644)
	h.AddDir("/home/ana/.config/Cursor/User")
	fd := runSettingsCheck(t, h, "/w", "editor.found")
	wantFinding(t, fd, finding.Info, "Code (golang.go 0.46.1), Cursor")
	// Cursor has neither the extension nor Go settings: a note, not a warning.
	wantFinding(t, runSettingsCheck(t, h, "/w", "editor.extension"), finding.OK, "Code: golang.go 0.46.1", "Cursor has no Go extension")

	h.AddFile("/home/ana/.config/Cursor/User/settings.json", []byte(`{"go.lintTool": "staticcheck"}`), 0o644)
	h.AddDir("/home/ana/.vscode/extensions/ms-vscode.go-0.14.4")
	fd = runSettingsCheck(t, h, "/w", "editor.extension")
	wantFinding(t, fd, finding.Warn, "Cursor has no Go extension (golang.go)", "its user settings set go.*", "cursor --install-extension golang.go",
		"Code has the retired ms-vscode.go installed", "code --uninstall-extension ms-vscode.go")
	if fd.Fix == nil || len(fd.Fix.Actions) != 0 || fd.Fix.Auto {
		t.Errorf("no launcher on PATH, yet actions: %+v", fd.Fix)
	}
	// With Cursor's launcher on PATH, fix runs it, once confirmed; Code's is still not there.
	h.AddFile("/usr/bin/cursor", []byte("#!/bin/sh\n"), 0o755)
	fd = runSettingsCheck(t, h, "/w", "editor.extension")
	want := []finding.Action{{Kind: finding.RunCommand, Argv: []string{"/usr/bin/cursor", "--install-extension", "golang.go"}, Dir: "/home/ana"}}
	if fd.Fix == nil || !reflect.DeepEqual(fd.Fix.Actions, want) || fd.Fix.Auto {
		t.Errorf("fix %+v, want %+v, to confirm", fd.Fix, want)
	}

	h2, _ := settingsHost("linux")
	h2.AddFile("/home/ana/.vscode/extensions/golang.go-0.40.3/package.json", []byte(`{"version":"0.40.3"}`), 0o644)
	wantFinding(t, runSettingsCheck(t, h2, "/w", "editor.extension"), finding.Warn, "Code runs golang.go 0.40.3, older than v0.44.0", "code --install-extension golang.go --force")
}

func TestSettingsParseCheck(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		t.Run(goos, func(t *testing.T) {
			h, user := settingsHost(goos)
			ws := h.Home + "/src/app"
			h.AddFile(user+"/settings.json", []byte("{\n  \"go.gopath\": \"/x\"\n  \"go.goroot\": \"/y\"\n}\n"), 0o644)
			h.AddFile(ws+"/.vscode/settings.json", []byte("{\n  \"go.lintTool\": {\"a\": [1,\n"), 0o644)
			fd := runSettingsCheck(t, h, ws, "editor.settings.parse")
			wantFinding(t, fd, finding.Fail, "2 settings files do not parse",
				user+"/settings.json:3:3: invalid character", "(user settings of Code)",
				ws+"/.vscode/settings.json:3:1: parsing value: unexpected EOF", "(folder settings)",
				"a comma is missing", "the end of the file needs ]}}", "Unable to write into user settings")
			if len(fd.Evidence) != 2 || !strings.Contains(fd.Evidence[0].Output, "   3 |   \"go.goroot\": \"/y\"\n     |   ^") {
				t.Errorf("evidence %+v", fd.Evidence)
			}
		})
	}
	h, _ := settingsHost("linux")
	h.AddFile("/w/.vscode/settings.json", []byte(`{"go.gopath": "/x",}`), 0o644)
	wantFinding(t, runSettingsCheck(t, h, "/w", "editor.settings.parse"), finding.OK, "1 settings file parses")
}

func TestSettingsPathsCheck(t *testing.T) {
	h, user := settingsHost("linux")
	h.Environ = append(h.Environ, "SDK=/home/ana/sdk")
	h.AddFile("/home/ana/sdk/go1.25/bin/go", []byte("x"), 0o755)
	h.AddFile("/usr/bin/gopls", []byte("x"), 0o755)
	h.AddFile("/home/ana/bin/dlv-wrapper", []byte("x"), 0o644) // not executable
	h.AddFile(user+"/settings.json", []byte(`{
  "go.goroot": "${env:SDK}/go1.25",
  "go.toolsManagement.go": "${userHome}/sdk/go1.25/bin/go",
  "go.alternateTools": {"gopls": "/opt/gopls-nightly", "dlv": "~/bin/dlv-wrapper", "staticcheck": "sc-wrapper"},
  "go.gopath": "${env:NOPE}/gp"
}`), 0o644)
	fd := runSettingsCheck(t, h, "/w", "editor.settings.paths")
	wantFinding(t, fd, finding.Fail, "5 path settings do not point where they should", // dlv-wrapper exists: not "nowhere"
		// an absolute alternate that is missing: the extension falls back to the tool it finds
		`"go.alternateTools.gopls" (`+user+`/settings.json:4) is "/opt/gopls-nightly": /opt/gopls-nightly does not exist. The extension passes it over and looks for gopls itself: it runs /usr/bin/gopls, found through PATH (/usr/bin)`,
		"/home/ana/bin/dlv-wrapper is not an executable file",
		"the extension looks for a program named sc-wrapper instead of staticcheck",
		// ${userHome} is not expanded; the fix writes the path out in full because it exists
		"without expanding ${userHome}", `settings_edit `+user+`/settings.json /go.toolsManagement.go "/home/ana/sdk/go1.25/bin/go"`,
		"${env:NOPE} is empty in gomedic's environment", `remove "go.gopath"`,
		`settings_edit `+user+`/settings.json /go.alternateTools/gopls `)
	if strings.Contains(fd.Detail, `"go.goroot" (`) {
		t.Errorf("go.goroot ${env:SDK}/go1.25 holds bin/go and should pass:\n%s", fd.Detail)
	}

	h2, user2 := settingsHost("linux")
	h2.AddFile(user2+"/settings.json", []byte(`{"go.goroot": "/opt/go-gone"}`), 0o644)
	wantFinding(t, runSettingsCheck(t, h2, "/w", "editor.settings.paths"), finding.Fail,
		`go.goroot setting is ignored. /opt/go-gone is not a valid GOROOT directory.`, `settings_edit `+user2+`/settings.json /go.goroot `)
	h2.AddDir("/opt/go-gone")
	wantFinding(t, runSettingsCheck(t, h2, "/w", "editor.settings.paths"), finding.Fail, "holds no Go installation (no /opt/go-gone/bin/go)")

	h3, _ := settingsHost("linux")
	wantFinding(t, runSettingsCheck(t, h3, "/w", "editor.settings.paths"), finding.Skip, "no path setting")
}

func TestSettingsPathsWindows(t *testing.T) {
	h, user := settingsHost("windows")
	h.AddFile("C:/tools/gopls.exe", []byte("MZ"), 0o644)
	h.AddFile(user+"/settings.json", []byte(`{"go.alternateTools": {"gopls": "C:\\tools\\gopls.exe"}, "go.toolsGopath": "~\\tools"}`), 0o644)
	h.AddDir("C:/Users/ana/tools")
	fd := runSettingsCheck(t, h, "C:/w", "editor.settings.paths")
	wantFinding(t, fd, finding.OK, "2 path settings point where they should", `go.toolsGopath = C:/Users/ana\tools`)
}

func TestSettingsToolsEnvCheck(t *testing.T) {
	h, user := settingsHost("linux")
	if fd := runSettingsCheck(t, h, "/w", "editor.settings.tools_env"); fd.Status != finding.Skip {
		t.Errorf("unset: %s", fd.Status)
	}
	h.AddFile(user+"/settings.json", []byte(`{"go.toolsEnvVars": {"GO111MODULE": "off", "GOFLAGS": "-bogus", "CGO_ENABLED": "0"}}`), 0o644)
	h.AddFile("/w/.vscode/settings.json", []byte(`{"go.toolsEnvVars": {"GOPROXY": "off", "GOTOOLCHAIN": "banana"}}`), 0o644)
	fd := runSettingsCheck(t, h, "/w", "editor.settings.tools_env")
	wantFinding(t, fd, finding.Fail, "4 variables",
		"GO111MODULE=off ("+user+"/settings.json:1): modules are off",
		"GOFLAGS=-bogus", "unknown flag -bogus",
		"GOPROXY=off (/w/.vscode/settings.json:1)", "module lookup disabled by GOPROXY=off",
		`GOTOOLCHAIN=banana`, `invalid GOTOOLCHAIN "banana"`,
		"settings_edit "+user+"/settings.json /go.toolsEnvVars/GO111MODULE ", "settings_edit /w/.vscode/settings.json /go.toolsEnvVars/GOPROXY ")
	if strings.Contains(fd.Detail, "CGO_ENABLED") {
		t.Errorf("CGO_ENABLED reported:\n%s", fd.Detail)
	}

	h2, user2 := settingsHost("linux")
	h2.AddFile(user2+"/settings.json", []byte(`{"go.toolsEnvVars": {"GOFLAGS": "-mod=vendor", "GOTOOLCHAIN": "auto", "GOPROXY": "off"}}`), 0o644)
	wantFinding(t, runSettingsCheck(t, h2, "/w", "editor.settings.tools_env"), finding.Warn, "inconsistent vendoring", "toolchain not available")

	h3, user3 := settingsHost("linux")
	h3.AddFile(user3+"/settings.json", []byte(`{"go.toolsEnvVars": {"GO111MODULE": "on", "GOFLAGS": "-mod=mod"}}`), 0o644)
	wantFinding(t, runSettingsCheck(t, h3, "/w", "editor.settings.tools_env"), finding.OK, "(GO111MODULE, GOFLAGS) breaks nothing", "may rewrite go.mod")
}

func TestSettingsPathsRelative(t *testing.T) {
	h, user := settingsHost("linux")
	h.AddFile(user+"/settings.json", []byte(`{"go.gopath": "gopath", "go.toolsManagement.go": "go1.25rc1"}`), 0o644)
	wantFinding(t, runSettingsCheck(t, h, "/w", "editor.settings.paths"), finding.Fail,
		`must be absolute path: "gopath".`, "no PATH entry holds go1.25rc1")
	h.AddFile("/usr/bin/go1.25rc1", []byte("x"), 0o755)
	h.AddFile(user+"/settings.json", []byte(`{"go.toolsManagement.go": "go1.25rc1"}`), 0o644)
	wantFinding(t, runSettingsCheck(t, h, "/w", "editor.settings.paths"), finding.OK, "1 path setting points")
}
