package report

import (
	"path/filepath"

	"github.com/gomedic/gomedic/internal/result"
)

// settingsDoc is a settings document as gomedic settings builds it for a workspace under tmp: two
// editors (one with profiles and a remote server), a folder file that does not parse, a workspace
// file that cannot be read, settings with paths, overrides, members, secrets and a "[go]" block,
// and the five tools found, missing and passed over.
func settingsDoc(tmp string) *result.Settings {
	root := filepath.ToSlash(tmp)
	home, ws := root+"/home/ana", root+"/src/app"
	user := home + "/.config/Code/User"
	work := user + "/profiles/5e1f/settings.json"
	folder := ws + "/.vscode/settings.json"
	return &result.Settings{
		Schema: result.SettingsSchema, Workspace: ws, Editor: "Code", Folders: []string{ws, root + "/src/lib"},
		Editors: []result.Editor{
			{Name: "Code", ID: "code", UserDir: user, ExtensionsDir: home + "/.vscode/extensions", MachineDir: home + "/.vscode-server/data/Machine",
				RemoteExtensionsDir: home + "/.vscode-server/extensions", CLI: "code",
				Extensions: []result.EditorExtension{{ID: "golang.go", Version: "0.46.1", Dir: home + "/.vscode/extensions/golang.go-0.46.1-universal",
					Manifest: home + "/.vscode/extensions/golang.go-0.46.1-universal/package.json", TargetPlatform: "universal"}},
				Profiles: []result.EditorProfile{{Name: "Default", Settings: user + "/settings.json", Default: true},
					{ID: "5e1f", Name: "Work", Settings: work, Active: true}}},
			{Name: "Cursor", ID: "cursor", UserDir: home + "/.config/Cursor/User", CLI: "cursor"},
		},
		Files: []result.SettingsFile{
			{Path: user + "/settings.json", Scope: "user", Editor: "Code", Inactive: true, NotUsed: "not used for this workspace"},
			{Path: work, Scope: "user", Editor: "Code", Profile: "Work"},
			{Path: ws + "/app.code-workspace", Scope: "workspace", Error: &result.FileError{Message: "open " + ws + "/app.code-workspace: permission denied"}},
			{Path: folder, Scope: "folder", Folder: ws, Error: &result.FileError{Message: "unexpected end of input", Line: 3, Column: 1}},
		},
		Settings: settingViews(work, folder),
		Tools:    toolViews(root, home, ws, work),
	}
}

func settingViews(work, folder string) []result.SettingView {
	at := func(key, value, file string, line int) result.Setting {
		st := result.Setting{Key: key, Value: raw(value), File: file, Line: line, Scope: "user", Editor: "Code", Profile: "Work"}
		if file == folder {
			st.Scope, st.Editor, st.Profile = "folder", "", ""
		}
		return st
	}
	gopath := at("go.gopath", `"${workspaceFolder}/gopath"`, folder, 2)
	gopath.Paths = []result.SettingPath{{Key: "go.gopath", Raw: "${workspaceFolder}/gopath", Expanded: "/src/app/gopath"}}
	alt := at("go.alternateTools", `{"dlv": "/opt/dlv-${env:DLV_VERSION}", "gopls": "${userHome}/bin/gopls"}`, work, 4)
	alt.Paths = []result.SettingPath{
		{Key: "go.alternateTools.dlv", Raw: "/opt/dlv-${env:DLV_VERSION}", Expanded: "/opt/dlv-", EmptyEnv: []string{"DLV_VERSION"}},
		{Key: "go.alternateTools.gopls", Raw: "${userHome}/bin/gopls", Expanded: "${userHome}/bin/gopls", Unexpanded: []string{"${userHome}"}},
	}
	format := at("go.formatTool", `"gofumpt"`, work, 9)
	format.Language = "go"
	env := at("go.toolsEnvVars", `{"GOPROXY": "https://ana:s3cret@proxy.example.com", "GITHUB_TOKEN": "ghx_not_a_known_format", "GOFLAGS": "-tags=integration"}`, work, 6)
	return []result.SettingView{
		{Setting: alt, Members: []result.SettingView{{Setting: at("go.alternateTools.dlv", `"/opt/dlv-${env:DLV_VERSION}"`, work, 4)}}},
		{Setting: at("go.buildFlags", `["-ldflags=-X main.version=v1.2.3-0.20240101000000-abcdefabcdef -X main.commit=abcdefabcdefabcdefabcdefabcdefabcdefabcd"]`, work, 3)},
		{Setting: format, Ignored: `in a "[go]" block: the Go extension reads its settings without a language, so VS Code does not apply language blocks to them`},
		{Setting: gopath, Overrides: []result.Setting{at("go.gopath", `"~/elsewhere"`, work, 2)}},
		{Setting: env, Members: []result.SettingView{
			{Setting: at("go.toolsEnvVars.GITHUB_TOKEN", `"ghx_not_a_known_format"`, work, 6)},
			{Setting: at("go.toolsEnvVars.GOPROXY", `"https://ana:s3cret@proxy.example.com"`, work, 6)},
		}},
		{Setting: at("gopls", `{"ui.semanticTokens": true}`, work, 7), Overrides: []result.Setting{format}},
	}
}

func toolViews(root, home, ws, work string) []result.ToolView {
	gobin := home + "/go/bin"
	path := []result.ToolPlace{{Rule: "PATH", Dir: gobin}, {Rule: "PATH", Dir: "/usr/local/go/bin"}, {Rule: "PATH", Dir: "/usr/bin"}, {Rule: "PATH", Dir: "/bin"}}
	gopls := []result.ToolPlace{{Rule: "go.alternateTools", File: "${userHome}/bin/gopls"}}
	return []result.ToolView{
		{Role: "go", Tool: "go", Name: "go", Path: "/usr/local/go/bin/go", Rule: "GOROOT/bin", Describe: "GOROOT/bin (/usr/local/go/bin)",
			Tried: []result.ToolPlace{{Rule: "GOROOT/bin", Dir: "/usr/local/go/bin", Path: "/usr/local/go/bin/go"}}},
		{Role: "language server", Tool: "gopls", Name: "${userHome}/bin/gopls", Rule: "", Tried: gopls},
		{Role: "debugger", Tool: "dlv", Name: "/opt/dlv-", Tried: append([]result.ToolPlace{{Rule: "go.alternateTools", File: "/opt/dlv-"},
			{Rule: "GOPATH", Dir: ws + "/gopath/bin"}}, path...)},
		{Role: "format", Tool: "gopls", Name: "${userHome}/bin/gopls", Tried: gopls,
			Note: `go.formatTool is not set ("default"): the language server formats`},
		{Role: "lint", Tool: "staticcheck", Setting: "go.lintTool (" + work + ":5)", Name: "staticcheck", Path: root + "/usr/bin/staticcheck",
			Rule: "PATH", Describe: "PATH (" + root + "/usr/bin)",
			Tried: []result.ToolPlace{{Rule: "GOPATH", Dir: ws + "/gopath/bin", Passed: "not executable", PassedPath: ws + "/gopath/bin/staticcheck"},
				{Rule: "PATH", Dir: gobin}, {Rule: "PATH", Dir: root + "/usr/bin", Path: root + "/usr/bin/staticcheck"}},
			Note: `gopls runs staticcheck ("ui.diagnostic.staticcheck": true), so the extension does not run it on save`},
	}
}
