package editor

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// The check logic is tested here on hand-built settings, without reading any file; the real
// settings files, the real Load and the real gopls are in testdata/script/editor_unknown_*.txtar
// and editor_language_server_*.txtar, and the real gopls's api-json and usage in
// internal/vscode/schema.

// schemaTestAPI is a small api-json in the shape gopls v0.21.1 prints.
const schemaTestAPI = `{"Options": {"User": [
	{"Name": "usePlaceholders", "Type": "bool", "Default": "false", "Hierarchy": "ui.completion"},
	{"Name": "hoverKind", "Type": "enum", "EnumValues": [{"Value": "\"FullDocumentation\""}, {"Value": "\"NoDocumentation\""}], "Default": "\"FullDocumentation\"", "Hierarchy": "ui.documentation"},
	{"Name": "analyses", "Type": "map[string]bool", "EnumKeys": {"ValueType": "bool", "Keys": [{"Name": "\"unusedparams\""}, {"Name": "\"shadow\""}]}, "Default": "{}", "Hierarchy": "ui.diagnostic"}
]}}`

// schemaTestHelp is gopls's usage, trimmed: `gopls help` and `gopls help serve`.
const (
	schemaTestHelp = `Command:

Main
  serve             run a server for Go code using the Language Server Protocol
  version           print the gopls version information

flags:
  -debug=string
    	serve debug information on the supplied address
  -logfile=string
    	filename to log to
  -mode=string
    	no effect
  -port=int
    	port on which to run gopls for debugging purposes
  -remote=string
    	forward all commands to a remote lsp
  -rpc.trace
    	print the full rpc trace in lsp inspector format
  -v,-verbose
    	verbose output
`
	schemaTestServeHelp = `server-flags:
  -debug=string
    	serve debug information on the supplied address
  -logfile=string
    	filename to log to
  -mode=string
    	no effect
  -port=int
    	port on which to run gopls for debugging purposes
  -rpc.trace
    	print the full rpc trace in lsp inspector format
`
)

const (
	userFile   = "/home/u/.config/Code/User/settings.json"
	folderFile = "/w/.vscode/settings.json"
)

func schemaTestGopls(t *testing.T) goplsSchema {
	t.Helper()
	api, err := schema.ParseAPI([]byte(schemaTestAPI))
	if err != nil {
		t.Fatal(err)
	}
	return goplsSchema{path: "/home/u/go/bin/gopls", version: "gopls v0.21.1", api: api}
}

func userSetting(key, value string, line int) vscode.Setting {
	return vscode.Setting{Key: key, Value: json.RawMessage(value), File: userFile, Line: line, Scope: vscode.ScopeUser, Editor: "Code"}
}

func folderSetting(key, value string, line int) vscode.Setting {
	return vscode.Setting{Key: key, Value: json.RawMessage(value), File: folderFile, Line: line, Scope: vscode.ScopeFolder, Folder: "/w"}
}

// schemaWant checks a finding's status and that its title and detail hold each text.
func schemaWant(t *testing.T, fd finding.Finding, status finding.Status, texts ...string) {
	t.Helper()
	if fd.Status != status {
		t.Errorf("status %s, want %s: %s\n%s", fd.Status, status, fd.Title, fd.Detail)
	}
	for _, s := range texts {
		if !strings.Contains(fd.Title+"\n"+fd.Detail, s) {
			t.Errorf("finding lacks %q:\n%s\n%s", s, fd.Title, fd.Detail)
		}
	}
}

// actionsOf lists a finding's actions as "file pointer=value".
func actionsOf(fd finding.Finding) []string {
	if fd.Fix == nil {
		return nil
	}
	var out []string
	for _, a := range fd.Fix.Actions {
		if a.Kind != finding.SettingsEdit {
			out = append(out, "wrong kind "+string(a.Kind))
		}
		out = append(out, a.File+" "+a.Key+"="+a.Value)
	}
	return out
}

func wantActions(t *testing.T, fd finding.Finding, want ...string) {
	t.Helper()
	got := actionsOf(fd)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("actions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func builtinTables() settingsTables {
	return settingsTables{byEditor: map[string]schema.Table{}, newest: schema.Builtin()}
}

func TestSettingsUnknownNoSettings(t *testing.T) {
	fd := settingsUnknownFinding(&vscode.Settings{}, builtinTables(), goplsSchema{})
	schemaWant(t, fd, finding.Skip, "no go.* or gopls settings")
}

func TestSettingsUnknownClean(t *testing.T) {
	s := vscode.SettingsOf([]vscode.Setting{
		userSetting("go.lintOnSave", `"package"`, 2),
		userSetting("gopls", `{"ui.completion.usePlaceholders": true, "analyses": {"shadow": true}}`, 3),
	}...)
	fd := settingsUnknownFinding(s, builtinTables(), schemaTestGopls(t))
	schemaWant(t, fd, finding.OK, "2 Go settings checked", "the Go extension and gopls", "gomedic's built-in table", "gopls v0.21.1's own list")
	if fd.Fix != nil {
		t.Errorf("a fix for nothing: %+v", fd.Fix)
	}
}

func TestSettingsUnknownProblems(t *testing.T) {
	s := vscode.SettingsOf([]vscode.Setting{
		userSetting("go.goplsArgs", `["-rpc.trace"]`, 2),
		userSetting("go.toolsManagement.checkForUpdates", `false`, 3),
		userSetting("gopls", `{"usePlaceholder": true, "analyses": {"unusedparam": true}}`, 4),
		folderSetting("go.buildOnSave", `"off"`, 2),
		folderSetting("gopls.hoverKind", `"NoDocumentation"`, 3),
		{Key: "go.formatTool", Value: json.RawMessage(`"gofmtt"`), File: folderFile, Line: 5, Scope: vscode.ScopeFolder, Language: "go"},
	}...)
	fd := settingsUnknownFinding(s, builtinTables(), schemaTestGopls(t))
	schemaWant(t, fd, finding.Warn, "7 settings problems",
		userFile+":2: go.goplsArgs is not a setting: the flags gopls is started with are go.languageServerFlags",
		userFile+`:3: the value false is a boolean, but go.toolsManagement.checkForUpdates takes a string: one of "proxy", "local", "off"`,
		userFile+`:4: setting option "usePlaceholder": unexpected setting; did you mean "usePlaceholders"?`,
		userFile+`:4: gopls has no analyzer "unusedparam" and ignores it without a word; did you mean "unusedparams"?`,
		folderFile+":2: go.buildOnSave is deprecated: Enable the Go language server (go.useLanguageServer)",
		folderFile+`:3: gopls options go inside the "gopls" object`,
		folderFile+`:5: the value "gofmtt" is not one of the values go.formatTool takes`)
	wantActions(t, fd,
		userFile+" /go.goplsArgs=",
		userFile+` /go.languageServerFlags=["-rpc.trace"]`,
		userFile+` /go.toolsManagement.checkForUpdates="off"`,
		userFile+" /gopls/analyses/unusedparam=",
		userFile+" /gopls/analyses/unusedparams=true",
		userFile+" /gopls/usePlaceholder=",
		userFile+" /gopls/usePlaceholders=true",
		folderFile+" /go.buildOnSave=",
		folderFile+" /gopls.hoverKind=",
		folderFile+` /gopls={"hoverKind":"NoDocumentation"}`,
		folderFile+` /[go]/go.formatTool="gofmt"`)
	if fd.Fix.Auto {
		t.Error("a fix with guesses is automatic")
	}
	if !strings.Contains(fd.Fix.Summary, `set go.toolsManagement.checkForUpdates to "off"`) {
		t.Errorf("fix summary:\n%s", fd.Fix.Summary)
	}
}

// TestSettingsUnknownRenameConflict: the replacement is already set in the file, so the old key is
// only removed (a value), or its members merged (an object).
func TestSettingsUnknownRenameConflict(t *testing.T) {
	s := vscode.SettingsOf([]vscode.Setting{
		userSetting("go.goplsArgs", `["-rpc.trace"]`, 2),
		userSetting("go.languageServerFlags", `["-logfile=auto"]`, 3),
		userSetting("go.goplsPath", `"/opt/gopls"`, 4),
		userSetting("go.alternateTools", `{"dlv": "/opt/dlv"}`, 5),
	}...)
	fd := settingsUnknownFinding(s, builtinTables(), goplsSchema{})
	wantActions(t, fd,
		userFile+" /go.goplsArgs=",
		userFile+" /go.goplsPath=",
		userFile+` /go.alternateTools/gopls="/opt/gopls"`)
	if !strings.Contains(fd.Fix.Summary, `already sets "go.languageServerFlags" on line 3`) {
		t.Errorf("fix summary:\n%s", fd.Fix.Summary)
	}
}

func TestSettingsUnknownGoplsMissing(t *testing.T) {
	s := vscode.SettingsOf([]vscode.Setting{
		userSetting("go.lintOnSave", `"package"`, 2),
		userSetting("gopls", `{"bogus": true}`, 3),
	}...)
	fd := settingsUnknownFinding(s, builtinTables(), goplsSchema{})
	schemaWant(t, fd, finding.Info, "1 gopls setting not checked", "the editor finds no gopls (see tools.gopls.found)")
	s = vscode.SettingsOf(append(slices.Collect(s.All()), userSetting("go.lintOnsave", `"file"`, 4))...)
	fd = settingsUnknownFinding(s, builtinTables(), goplsSchema{})
	schemaWant(t, fd, finding.Warn, "go.lintOnsave is not a setting (did you mean go.lintOnSave?)", "were not checked")
}

// TestSettingsUnknownTables: a user file is checked against its editor's extension, a folder
// file against the newest one; an option of a newer gopls is explained.
func TestSettingsUnknownTables(t *testing.T) {
	old, err := schema.FromManifest([]byte(`{"name": "go", "publisher": "golang", "version": "0.30.0", "contributes": {"configuration": {"properties": {
		"go.useGoProxyToCheckForToolUpdates": {"type": "boolean", "deprecationMessage": "Use 'go.toolsManagement.checkForUpdates' instead."},
		"go.toolsManagement.checkForUpdates": {"type": "string", "enum": ["proxy", "local", "off"]}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	old.Source = "/home/u/.cursor/extensions/golang.go-0.30.0/package.json"
	ts := settingsTables{byEditor: map[string]schema.Table{"Cursor": old}, newest: schema.Builtin()}
	s := vscode.SettingsOf([]vscode.Setting{
		{Key: "go.useGoProxyToCheckForToolUpdates", Value: json.RawMessage(`false`), File: "/home/u/.config/Cursor/User/settings.json", Line: 2, Scope: vscode.ScopeUser, Editor: "Cursor"},
		folderSetting("go.useGoProxyToCheckForToolUpdates", `false`, 2),
		folderSetting("gopls", `{"ui.navigation.symbolScope": "all"}`, 3),
	}...)
	fd := settingsUnknownFinding(s, ts, schemaTestGopls(t))
	schemaWant(t, fd, finding.Warn,
		"/home/u/.config/Cursor/User/settings.json:2: go.useGoProxyToCheckForToolUpdates is deprecated: Use go.toolsManagement.checkForUpdates instead.",
		folderFile+":2: go.useGoProxyToCheckForToolUpdates was replaced by go.toolsManagement.checkForUpdates",
		`setting option "symbolScope": unexpected setting (golang.go 0.58.0-dev lists "ui.navigation.symbolScope" among gopls's settings: it comes from a newer gopls than gopls v0.21.1`,
		"golang.go 0.30.0 (the installed extension's own manifest)")
	var files []string
	for _, e := range fd.Evidence {
		files = append(files, e.File)
	}
	if !strings.Contains(strings.Join(files, " "), old.Source) {
		t.Errorf("evidence does not name the manifest used: %q", files)
	}
}

// TestSettingsUnknownWorkspaceFilePointer: a .code-workspace keeps its settings under "settings".
func TestSettingsUnknownWorkspaceFilePointer(t *testing.T) {
	s := vscode.SettingsOf([]vscode.Setting{
		{Key: "go.lintOnsave", Value: json.RawMessage(`"off"`), File: "/w/app.code-workspace", Line: 7, Scope: vscode.ScopeWorkspace},
	}...)
	fd := settingsUnknownFinding(s, builtinTables(), goplsSchema{})
	wantActions(t, fd, "/w/app.code-workspace /settings/go.lintOnsave=", `/w/app.code-workspace /settings/go.lintOnSave="off"`)
}

// TestLoadSettingsTables reads the manifest of the extension each editor runs, and falls back
// to the built-in table for one that cannot be read.
func TestLoadSettingsTables(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	code := "/home/u/.vscode/extensions/golang.go-0.50.0/package.json"
	h.AddFile(code, []byte(`{"name": "go", "publisher": "golang", "version": "0.50.0", "contributes": {"configuration": {"properties": {"go.a": {"type": "string"}}}}}`), 0o644)
	broken := "/home/u/.cursor/extensions/golang.go-0.60.0/package.json"
	h.AddFile(broken, []byte(`{"name": `), 0o644)
	s := &vscode.Settings{Editors: []vscode.Editor{
		{Name: "Code", Extensions: []vscode.Extension{{ID: vscode.GoExtensionID, Version: "0.50.0", Manifest: code}}},
		{Name: "Cursor", Extensions: []vscode.Extension{{ID: vscode.GoExtensionID, Version: "0.60.0", Manifest: broken}}},
		{Name: "VSCodium"},
	}}
	f := facts.New(context.Background(), h, "/w", time.Second)
	ts := loadSettingsTables(f, s)
	if got := ts.forSetting(vscode.Setting{Editor: "Code", Scope: vscode.ScopeUser}); got.Version != "0.50.0" || got.Source != code {
		t.Errorf("Code's table: %s from %s", got.Version, got.Source)
	}
	if got := ts.forSetting(vscode.Setting{Editor: "Cursor", Scope: vscode.ScopeUser}); got.Version != schema.Builtin().Version {
		t.Errorf("Cursor's table: %s, want the built-in one", got.Version)
	}
	if got := ts.forSetting(vscode.Setting{Scope: vscode.ScopeFolder}); got.Version != "0.50.0" {
		t.Errorf("a folder's table: %s, want the newest installed", got.Version)
	}
	if len(ts.notes) != 1 || !strings.Contains(ts.notes[0], broken) {
		t.Errorf("notes: %q", ts.notes)
	}
}

func schemaTestCLI(t *testing.T) goplsCLI {
	t.Helper()
	u, err := schema.ParseUsage(schemaTestHelp, schemaTestServeHelp)
	if err != nil {
		t.Fatal(err)
	}
	return goplsCLI{path: "/home/u/go/bin/gopls", version: "gopls v0.21.1", usage: u}
}

func TestLanguageServerOff(t *testing.T) {
	s := vscode.SettingsOf([]vscode.Setting{
		folderSetting("go.useLanguageServer", `true`, 2),
		userSetting("go.languageServerFlags", `["-bogus"]`, 3),
		userSetting("go.useLanguageServer", `false`, 4),
	}...)
	fd := languageServerFinding(s, schemaTestCLI(t))
	schemaWant(t, fd, finding.Warn, "gopls is turned off", userFile+`:4 sets "go.useLanguageServer": false`, "no completion",
		folderFile+":2 also sets it (to true), but is overridden", "not used, nor checked")
	wantActions(t, fd, userFile+" /go.useLanguageServer=true")
}

func TestLanguageServerFlags(t *testing.T) {
	g := schemaTestCLI(t)
	for _, tc := range []struct {
		value  string
		status finding.Status
		texts  []string
		fix    string // the action's value; "-" for none
	}{
		{`[]`, finding.OK, []string{"gopls is on: the Go extension starts /home/u/go/bin/gopls -mode=stdio"}, "-"},
		{`["-rpc.trace", "-logfile", "/tmp/g.log"]`, finding.OK, []string{"gopls v0.21.1 accepts its flags: -rpc.trace -logfile /tmp/g.log"}, "-"},
		{`["-rpc.trace", "-foo"]`, finding.Fail, []string{
			`gopls exits at start: flag provided but not defined: -foo (argument 2, "-foo")`,
			"/home/u/go/bin/gopls -mode=stdio -rpc.trace -foo",
			"gopls (server)"}, `["-rpc.trace"]`},
		{`["-rpc-trace"]`, finding.Fail, []string{"flag provided but not defined: -rpc-trace"}, `["-rpc.trace"]`},
		{`["serve", "-v", "-port=x"]`, finding.Fail, []string{
			`flag provided but not defined: -v (argument 2, "-v")`,
			`put it before "serve"`,
			`With that fixed, gopls would reject these next:`,
			`argument 3, "-port=x": invalid value "x" for flag -port: parse error`}, `["serve"]`},
		{`["-foo", "version"]`, finding.Fail, []string{"-foo", `"version" is a gopls command`}, ""},
		{`"-rpc.trace"`, finding.Fail, []string{"spreads a string into one argument per character", "-mode=stdio - r p c . t r a c e", "Unknown command -"}, `["-rpc.trace"]`},
		{`{"rpc.trace": true}`, finding.Warn, []string{"not a list of flags"}, ""},
	} {
		t.Run(tc.value, func(t *testing.T) {
			s := vscode.SettingsOf([]vscode.Setting{userSetting("go.languageServerFlags", tc.value, 7)}...)
			fd := languageServerFinding(s, g)
			schemaWant(t, fd, tc.status, tc.texts...)
			switch {
			case tc.fix == "-" && fd.Fix != nil:
				t.Errorf("unexpected fix %+v", fd.Fix)
			case tc.fix != "-":
				wantActions(t, fd, userFile+" /go.languageServerFlags="+tc.fix)
			}
		})
	}
}

func TestLanguageServerFlagsNotChecked(t *testing.T) {
	s := vscode.SettingsOf([]vscode.Setting{userSetting("go.languageServerFlags", `["-rpc.trace"]`, 7)}...)
	schemaWant(t, languageServerFinding(s, goplsCLI{}), finding.Skip, "the editor finds no gopls", "tools.gopls.found")
	g := goplsCLI{path: "/x/gopls", version: "gopls", err: errString("gopls help exited with status 2")}
	schemaWant(t, languageServerFinding(s, g), finding.Skip, "gopls does not list its flags", "tools.gopls.runs")
}

type errString string

func (e errString) Error() string { return string(e) }
