package settings

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

const userDir = "/home/ana/.config/Code/User"

// build builds the document of the workspace /w on a Linux fake whose user settings are user and
// whose folder settings are folder ("" for no file).
func build(t *testing.T, user, folder string) *result.Settings {
	t.Helper()
	return Build(facts.New(context.Background(), workspaceHost(user, folder), "/w", time.Second))
}

// workspaceHost is a Linux fake with Go and gopls installed, whose user settings are user and
// whose folder /w has the settings folder ("" for no file).
func workspaceHost(user, folder string) *host.Fake {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/ana"
	h.Environ = []string{"PATH=/usr/local/go/bin:/usr/bin", "HOME=/home/ana"}
	h.AddFile("/usr/local/go/bin/go", []byte("x"), 0o755)
	h.AddFile("/home/ana/go/bin/gopls", []byte("x"), 0o755)
	h.AddDir("/w")
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": func(c host.Cmd) *host.Result {
		data, _ := json.Marshal(map[string]string{"GOROOT": "/usr/local/go", "GOPATH": "/home/ana/go", "GOVERSION": "go1.26.8"})
		return &host.Result{Stdout: data}
	}}
	if user != "" {
		h.AddFile(userDir+"/settings.json", []byte(user), 0o644)
	}
	if folder != "" {
		h.AddFile("/w/.vscode/settings.json", []byte(folder), 0o644)
	}
	return h
}

func tool(t *testing.T, d *result.Settings, role string) result.ToolView {
	t.Helper()
	for _, tv := range d.Tools {
		if tv.Role == role {
			return tv
		}
	}
	t.Fatalf("no %s tool in %+v", role, d.Tools)
	return result.ToolView{}
}

func TestBuildRoles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, user        string
		role, tool, note  string
		setting, language string
	}{
		{"format default", `{}`, "format", "gopls", `go.formatTool is not set ("default"): the language server formats`, "", ""},
		{"format named", `{"go.formatTool": "gofumpt"}`, "format", "gofumpt", "", "go.formatTool (" + userDir + "/settings.json:1)", ""},
		{"format custom", `{"go.formatTool": "custom"}`, "format", "customFormatter", `go.formatTool is "custom": the extension runs go.alternateTools.customFormatter`, "go.formatTool", ""},
		{"lint default", `{}`, "lint", "staticcheck", "go.lintTool is not set: the extension lints with staticcheck", "", ""},
		{"lint by gopls, off on save", `{"gopls": {"ui.diagnostic.staticcheck": true}, "go.lintOnSave": "off"}`, "lint", "staticcheck",
			`go.lintTool is not set: the extension lints with staticcheck; gopls runs staticcheck ("ui.diagnostic.staticcheck": true), so the extension does not run it on save; go.lintOnSave is "off": it runs only from the Go: Lint commands`, "", ""},
		{"lint named", `{"go.lintTool": "golangci-lint"}`, "lint", "golangci-lint", "", "go.lintTool", ""},
		{"no language server", "{\n\"go.useLanguageServer\": false}", "language server", "gopls",
			"go.useLanguageServer is false (" + userDir + "/settings.json:2): the extension does not start gopls", "", ""},
		{"format named by 2 MB", `{"go.formatTool": "` + strings.Repeat("x", 2<<20) + `"}`, "format", strings.Repeat("x", 64) + "…",
			"a name of 2097152 bytes, longer than any file name: it names no tool", "go.formatTool", ""},
	}
	for _, tt := range tests {
		tv := tool(t, build(t, tt.user, ""), tt.role)
		if tv.Tool != tt.tool || tv.Note != tt.note || !strings.HasPrefix(tv.Setting, tt.setting) {
			t.Errorf("%s: %s is %q (%q) note %q, want %q (%q) note %q", tt.name, tt.role, tv.Tool, tv.Setting, tv.Note, tt.tool, tt.setting, tt.note)
		}
	}
}

func TestBuildDocument(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 1001) + strings.Repeat("]", 1001)
	d := build(t, `{"go.gopath": "~/elsewhere", "[go]": {"go.buildTags": "x"}, "go.testFlags": `+deep+`}`,
		"{\n  \"go.gopath\": \"${workspaceFolder}/gopath\",\n  \"go.lintTool\": \n")
	if d.Schema != result.SettingsSchema || d.Workspace != "/w" || d.Editors == nil || len(d.Tools) != 5 {
		t.Fatalf("document %+v", d)
	}
	var folderErr *result.FileError
	for _, f := range d.Files {
		if f.Path == "/w/.vscode/settings.json" {
			folderErr = f.Error
		}
	}
	if folderErr == nil || folderErr.Line == 0 || folderErr.Column == 0 {
		t.Errorf("the folder file that does not parse: %+v (files %+v)", folderErr, d.Files)
	}
	byKey := map[string]result.SettingView{}
	for _, v := range d.Settings {
		byKey[v.Key] = v
	}
	if v := byKey["go.buildTags"]; v.Language != "go" || !strings.HasPrefix(v.Ignored, `in a "[go]" block`) {
		t.Errorf("a key only in a [go] block: %+v", v)
	}
	if v := byKey["go.testFlags"]; string(v.Value) != `"(a value nested 1001 levels deep, not shown)"` {
		t.Errorf("a value too deep: %.80s", v.Value)
	}
	huge := build(t, `{"go.buildFlags": ["`+strings.Repeat("x", 2<<20)+`"]}`, "")
	for _, v := range huge.Settings {
		if v.Key == "go.buildFlags" && string(v.Value) != `"(a value of 2097156 bytes, not shown)"` {
			t.Errorf("a value too large: %.80s", v.Value)
		}
	}
	if v := byKey["go.gopath"]; string(v.Value) != `"~/elsewhere"` || v.Scope != "user" {
		t.Errorf("go.gopath (the folder file does not parse, so the user's applies): %+v", v)
	}
}
