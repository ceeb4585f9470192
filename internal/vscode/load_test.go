package vscode

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

// layout is where one OS keeps an editor's files, for the discovery tests.
type layout struct {
	goos, home, userDir, dotDir, server string
	environ                             []string
}

var layouts = []layout{
	{goos: "linux", home: "/home/ana", userDir: "/home/ana/.config/Code/User", dotDir: "/home/ana/.vscode",
		server: "/home/ana/.vscode-server", environ: []string{"HOME=/home/ana"}},
	{goos: "darwin", home: "/Users/ana", userDir: "/Users/ana/Library/Application Support/Code/User", dotDir: "/Users/ana/.vscode",
		server: "/Users/ana/.vscode-server", environ: []string{"HOME=/Users/ana"}},
	{goos: "windows", home: "C:/Users/ana", userDir: "C:/Users/ana/AppData/Roaming/Code/User", dotDir: "C:/Users/ana/.vscode",
		server: "C:/Users/ana/.vscode-server", environ: []string{"USERPROFILE=C:/Users/ana", "APPDATA=C:/Users/ana/AppData/Roaming"}},
}

func fakeFor(l layout) *host.Fake {
	h := host.NewFake(l.goos, "amd64")
	h.Home = l.home
	h.Environ = l.environ
	return h
}

func TestDiscoveryPerOS(t *testing.T) {
	for _, l := range layouts {
		t.Run(l.goos, func(t *testing.T) {
			h := fakeFor(l)
			h.AddFile(l.userDir+"/settings.json", []byte(`{"go.gopath": "/gp"}`), 0o644)
			h.AddFile(l.dotDir+"/extensions/golang.go-0.46.1/package.json", []byte(`{"name":"go","publisher":"golang","version":"0.46.1"}`), 0o644)
			h.AddFile(l.server+"/data/Machine/settings.json", []byte(`{"go.toolsGopath": "/tools"}`), 0o644)
			h.AddFile(l.server+"/extensions/golang.go-0.47.0-linux-x64/package.json", []byte(`{"version":"0.47.0"}`), 0o644)
			ws := l.home + "/src/app"
			h.AddFile(ws+"/.vscode/settings.json", []byte(`{"go.gopath": "/folder-gp"}`), 0o644)

			s := Load(h, ws)
			if len(s.Editors) != 1 || s.Editors[0].Name != "Code" {
				t.Fatalf("editors %+v, want Code", s.Editors)
			}
			e := s.Editors[0]
			if e.UserDir != l.userDir || e.ExtensionsDir != l.dotDir+"/extensions" || e.MachineDir != l.server+"/data/Machine" {
				t.Errorf("dirs %q %q %q", e.UserDir, e.ExtensionsDir, e.MachineDir)
			}
			if len(e.Extensions) != 2 {
				t.Fatalf("extensions %+v", e.Extensions)
			}
			if x := e.GoExtension(); x == nil || x.Version != "0.46.1" || x.Remote || x.Manifest != l.dotDir+"/extensions/golang.go-0.46.1/package.json" {
				t.Errorf("GoExtension() = %+v", x)
			}
			if x := e.Extensions[1]; !x.Remote || x.TargetPlatform != "linux-x64" || !x.PreRelease {
				t.Errorf("remote extension %+v: want remote, linux-x64, pre-release (odd minor)", x)
			}
			var scopes []string
			for _, f := range s.Files {
				scopes = append(scopes, string(f.Scope)+" "+f.Path)
			}
			want := []string{"user " + l.userDir + "/settings.json", "remote " + l.server + "/data/Machine/settings.json", "folder " + ws + "/.vscode/settings.json"}
			if !reflect.DeepEqual(scopes, want) {
				t.Errorf("files\n%s\nwant\n%s", strings.Join(scopes, "\n"), strings.Join(want, "\n"))
			}
			if st, ok := s.ExtensionValue(KeyGopath); !ok || string(st.Value) != `"/folder-gp"` || st.Scope != ScopeFolder || st.Line != 1 {
				t.Errorf("go.gopath = %+v, want the folder's", st)
			}
			if !reflect.DeepEqual(s.Folders, []string{ws}) {
				t.Errorf("folders %v", s.Folders)
			}
		})
	}
}

func TestDiscoveryAllEditorsAndXDG(t *testing.T) {
	h := fakeFor(layouts[0])
	h.Environ = append(h.Environ, "XDG_CONFIG_HOME=/home/ana/xdg")
	for _, app := range []string{"Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"} {
		h.AddFile("/home/ana/xdg/"+app+"/User/settings.json", []byte(`{"go.lintTool": "`+app+`"}`), 0o644)
	}
	h.AddDir("/home/ana/.cursor/extensions/golang.go-0.44.0-universal")
	h.AddDir("/home/ana/.vscode-oss/extensions/ms-vscode.go-0.14.4")
	h.AddDir("/home/ana/.windsurf-server/extensions")
	s := Load(h, "/w")
	var names []string
	for _, e := range s.Editors {
		names = append(names, e.Name)
	}
	if strings.Join(names, ",") != "Code,Code - Insiders,VSCodium,Cursor,Windsurf" {
		t.Fatalf("editors %v", names)
	}
	if x := s.Editors[3].GoExtension(); x == nil || x.Version != "0.44.0" || x.TargetPlatform != "universal" {
		t.Errorf("Cursor's extension %+v", x)
	}
	if x := s.Editors[2].Extensions; len(x) != 1 || x[0].ID != RetiredGoExtensionID {
		t.Errorf("VSCodium's extensions %+v, want the retired ms-vscode.go", x)
	}
	// Each editor has its own user settings: those of the editor judged apply, the first with the
	// Go extension (Cursor); the others' are read but not applied, not stacked under them.
	if st, _ := s.ExtensionValue(KeyLintTool); s.Editor != "Cursor" || string(st.Value) != `"Cursor"` || st.Editor != "Cursor" {
		t.Errorf("judged %s: go.lintTool = %s from %s, want Cursor's", s.Editor, st.Value, st.Editor)
	}
	if got := s.Overridden(KeyLintTool, func() Setting { st, _ := s.ExtensionValue(KeyLintTool); return st }()); len(got) != 0 {
		t.Errorf("Cursor's go.lintTool overrides %+v: another editor's settings are not beneath it", got)
	}
	for _, sf := range s.Files {
		if other := sf.Editor != "Cursor"; sf.Scope == ScopeUser && (sf.Inactive != other || sf.OtherEditor != other) {
			t.Errorf("%s: inactive %v, other editor %v", sf.Path, sf.Inactive, sf.OtherEditor)
		}
	}
	// Asked for by name or id, any case, another editor is judged; an unknown name falls back.
	for name, want := range map[string]string{"code": "Code", "Code - Insiders": "Code - Insiders", "WINDSURF": "Windsurf", "emacs": "Cursor"} {
		s := LoadFor(h, "/w", name)
		st, _ := s.ExtensionValue(KeyLintTool)
		if s.Editor != want || string(st.Value) != `"`+want+`"` || s.EditorNamed != (name != "emacs") {
			t.Errorf("LoadFor(%q): judged %s (named %v), go.lintTool %s", name, s.Editor, s.EditorNamed, st.Value)
		}
	}
	// No editor with the Go extension: the first found.
	h = fakeFor(layouts[0])
	h.Environ = append(h.Environ, "XDG_CONFIG_HOME=/home/ana/xdg")
	for _, app := range []string{"VSCodium", "Code"} {
		h.AddFile("/home/ana/xdg/"+app+"/User/settings.json", []byte(`{"go.lintTool": "`+app+`"}`), 0o644)
	}
	if s := Load(h, "/w"); s.Editor != "Code" {
		t.Errorf("without the Go extension anywhere, judged %s, want Code", s.Editor)
	}
}

func TestExtensionsJSONAndObsolete(t *testing.T) {
	h := fakeFor(layouts[0])
	ext := "/home/ana/.vscode/extensions"
	for _, v := range []string{"0.44.0", "0.46.1", "0.48.0"} {
		h.AddFile(ext+"/golang.go-"+v+"/package.json", []byte(`{"version":"`+v+`"}`), 0o644)
	}
	h.AddDir(ext + "/golang.go-nightly-2022.3.2923")
	h.AddDir(ext + "/golang.gopher-1.0.0") // another extension whose name starts the same
	h.AddFile(ext+"/.obsolete", []byte(`{"golang.go-0.48.0": true}`), 0o644)
	s := Load(h, "/w")
	var got []string
	for _, x := range s.Editors[0].Extensions {
		got = append(got, x.ID+"@"+x.Version)
	}
	if strings.Join(got, " ") != "golang.go@0.46.1 golang.go@0.44.0 golang.go-nightly@2022.3.2923" {
		t.Errorf("without extensions.json: %v (0.48.0 is obsolete)", got)
	}
	h.AddFile(ext+"/extensions.json", []byte(`[{"identifier":{"id":"golang.go"},"version":"0.44.0","relativeLocation":"golang.go-0.44.0"}]`), 0o644)
	s = Load(h, "/w")
	if x := s.Editors[0].Extensions; len(x) != 1 || x[0].Version != "0.44.0" {
		t.Errorf("with extensions.json: %+v, want only the listed 0.44.0", x)
	}
}

func TestProfiles(t *testing.T) {
	h := fakeFor(layouts[0])
	user := "/home/ana/.config/Code/User"
	h.AddFile(user+"/settings.json", []byte(`{"go.gopath": "/default"}`), 0o644)
	h.AddFile(user+"/profiles/-6f2a/settings.json", []byte(`{"go.gopath": "/go-profile"}`), 0o644)
	h.AddFile(user+"/profiles/5b1c/settings.json", []byte(`{"go.gopath": "/other"}`), 0o644)
	h.AddFile(user+"/globalStorage/storage.json", []byte(`{
		"userDataProfiles": [{"location": "-6f2a", "name": "Go"}, {"location": "file:///home/ana/.config/Code/User/profiles/5b1c", "name": "Web"}],
		"profileAssociations": {"workspaces": {"file:///home/ana/src/app": "-6f2a"}, "emptyWindow": "5b1c"}}`), 0o644)

	s := Load(h, "/home/ana/src/app")
	ps := s.Editors[0].Profiles
	if len(ps) != 3 || !ps[0].Default || ps[1].Name != "Go" || !ps[1].Active || ps[0].Active || ps[2].Name != "Web" {
		t.Fatalf("profiles %+v", ps)
	}
	if st, _ := s.ExtensionValue(KeyGopath); string(st.Value) != `"/go-profile"` || st.Profile != "Go" {
		t.Errorf("go.gopath = %s (profile %q), want the Go profile's", st.Value, st.Profile)
	}
	inactive := 0
	for _, f := range s.Files {
		if f.Inactive {
			inactive++
		}
	}
	if len(s.Files) != 3 || inactive != 2 {
		t.Errorf("%d files, %d inactive; want all 3 read and the 2 unused profiles inactive", len(s.Files), inactive)
	}
	// Another workspace opens with the default profile.
	s = Load(h, "/home/ana/src/other")
	if st, _ := s.ExtensionValue(KeyGopath); string(st.Value) != `"/default"` || !s.Editors[0].Profiles[0].Active {
		t.Errorf("go.gopath = %s, want the default profile's", st.Value)
	}
}

func TestPrecedence(t *testing.T) {
	h := fakeFor(layouts[0])
	h.AddFile("/home/ana/.config/Code/User/settings.json", []byte(`{
  "go.lintTool": "user",
  "go.formatTool": "user",
  "go.buildTags": "user",
  "go.vetOnSave": "off",
  "[go]": {"go.lintTool": "user-go", "editor.formatOnSave": true},
  "[go][gomod]": {"go.formatTool": "user-go-gomod"},
  "[python]": {"go.buildTags": "python"},
  "editor.fontSize": 12
}`), 0o644)
	h.AddFile("/home/ana/.vscode-server/data/Machine/settings.json", []byte(`{"go.lintTool": "remote", "go.buildTags": "remote"}`), 0o644)
	h.AddFile("/w/app.code-workspace", []byte(`{"folders": [{"path": "."}], "settings": {"go.lintTool": "workspace", "go.vetOnSave": "workspace"}}`), 0o644)
	h.AddFile("/w/.vscode/settings.json", []byte(`{"go.lintTool": "folder"}`), 0o644)
	s := Load(h, "/w")

	want := map[string]string{"go.lintTool": `"folder"`, "go.buildTags": `"remote"`, "go.vetOnSave": `"workspace"`, "go.formatTool": `"user"`}
	for key, v := range want {
		if st, ok := s.ExtensionValue(key); !ok || string(st.Value) != v {
			t.Errorf("ExtensionValue(%s) = %s, want %s", key, st.Value, v)
		}
	}
	// Effective lets a "[go]" block win over a plain setting of its scope.
	if st, _ := s.Effective("go.formatTool"); string(st.Value) != `"user-go-gomod"` || st.Language != "go" {
		t.Errorf("Effective(go.formatTool) = %s (%q)", st.Value, st.Language)
	}
	if st, _ := s.Effective("go.lintTool"); string(st.Value) != `"folder"` {
		t.Errorf("Effective(go.lintTool) = %s: a stronger scope still wins over a [go] block", st.Value)
	}
	if ig := s.Ignored("go.lintTool"); len(ig) != 1 || string(ig[0].Value) != `"user-go"` {
		t.Errorf("Ignored(go.lintTool) = %+v", ig)
	}
	for st := range s.All() {
		if string(st.Value) == `"python"` || st.Key == "editor.fontSize" || st.Key == "editor.formatOnSave" {
			t.Errorf("recorded %s = %s", st.Key, st.Value)
		}
	}
	var order []string
	for st := range s.All() {
		if st.Key == "go.lintTool" {
			order = append(order, string(st.Scope)+":"+st.Language)
		}
	}
	if strings.Join(order, " ") != "user: user:go remote: workspace: folder:" {
		t.Errorf("go.lintTool weakest first: %v", order)
	}
	if ov := s.Overridden("go.lintTool", mustValue(t, s, "go.lintTool")); len(ov) != 3 || ov[0].Scope != ScopeWorkspace {
		t.Errorf("Overridden = %+v, want workspace, remote, user", ov)
	}
}

func mustValue(t *testing.T, s *Settings, key string) Setting {
	t.Helper()
	st, ok := s.ExtensionValue(key)
	if !ok {
		t.Fatalf("%s not set", key)
	}
	return st
}

func TestMultiRootWorkspace(t *testing.T) {
	h := fakeFor(layouts[0])
	h.AddFile("/w/all.code-workspace", []byte(`{
	// a comment
	"folders": [{"path": "svc/a"}, {"name": "b", "path": "/elsewhere/b"}, {"uri": "file:///srv/c"}, {"uri": "vscode-remote://ssh-remote+box/x"}],
	"settings": {"go.toolsGopath": "${workspaceFolder}/tools",},
}`), 0o644)
	h.AddFile("/w/svc/a/.vscode/settings.json", []byte(`{"go.gopath": "a"}`), 0o644)
	h.AddFile("/elsewhere/b/.vscode/settings.json", []byte(`{"go.gopath": "${workspaceFolder}/gp"}`), 0o644)
	s := Load(h, "/w")
	if !reflect.DeepEqual(s.Folders, []string{"/w/svc/a", "/elsewhere/b", "/srv/c"}) {
		t.Errorf("folders %v", s.Folders)
	}
	st := mustValue(t, s, KeyGopath)
	if st.Folder != "/elsewhere/b" || st.Paths[0].Expanded != "/elsewhere/b/gp" {
		t.Errorf("go.gopath %+v: ${workspaceFolder} is the folder of a folder setting", st)
	}
	// In the .code-workspace's settings, ${workspaceFolder} is the Go extension's folder of the
	// file being edited, else the first folder (getWorkspaceFolderPath), not the file's directory.
	if ts := s.ToolSettings(); !reflect.DeepEqual(ts.ToolsGopath, []string{"/w/svc/a/tools"}) || !reflect.DeepEqual(ts.Gopath, []string{"/elsewhere/b/gp"}) {
		t.Errorf("ToolSettings() = %+v", ts)
	}
	var scopes []string
	for _, f := range s.Files {
		scopes = append(scopes, string(f.Scope))
	}
	if strings.Join(scopes, " ") != "workspace folder folder" {
		t.Errorf("files %v", scopes)
	}
}

func TestMergedObjectsAndToolSettings(t *testing.T) {
	h := fakeFor(layouts[0])
	h.Environ = append(h.Environ, "TOOLS=/opt/tools")
	h.AddFile("/home/ana/.config/Code/User/settings.json", []byte(`{
	"go.alternateTools": {"gopls": "~/bin/gopls", "dlv": "/usr/bin/dlv", "go": "${userHome}/sdk/go/bin/go"},
	"go.toolsEnvVars": {"GOFLAGS": "-tags=a", "CGO_ENABLED": "0"},
	"go.goroot": "${env:TOOLS}/go",
	"go.toolsManagement.go": "~/sdk/go1.26/bin/go"
}`), 0o644)
	h.AddFile("/w/.vscode/settings.json", []byte(`{
	"go.alternateTools": {"dlv": "${workspaceFolder}/bin/dlv", "customFormatter": "${env:MISSING}/fmt"},
	"go.toolsEnvVars": {"GOFLAGS": "-tags=b"}
}`), 0o644)
	s := Load(h, "/w")
	ts := s.ToolSettings()
	want := map[string]string{"gopls": "/home/ana/bin/gopls", "dlv": "/w/bin/dlv", "go": "${userHome}/sdk/go/bin/go", "customFormatter": "/fmt"}
	if !reflect.DeepEqual(ts.AlternateTools, want) {
		t.Errorf("AlternateTools = %v, want %v", ts.AlternateTools, want)
	}
	if ts.Goroot != "/opt/tools/go" {
		t.Errorf("Goroot = %q", ts.Goroot)
	}
	merged := s.Merged(KeyAlternateTools)
	var keys []string
	for _, m := range merged {
		keys = append(keys, m.Key+"@"+string(m.Scope))
	}
	if strings.Join(keys, " ") != "go.alternateTools.customFormatter@folder go.alternateTools.dlv@folder go.alternateTools.go@user go.alternateTools.gopls@user" {
		t.Errorf("merged %v", keys)
	}
	for _, m := range merged {
		switch m.Key {
		case "go.alternateTools.go":
			if m.Paths[0].Unexpanded[0] != "${userHome}" || m.Line != 2 {
				t.Errorf("go entry %+v: ${userHome} is not expanded by the extension", m)
			}
		case "go.alternateTools.customFormatter":
			if !reflect.DeepEqual(m.Paths[0].EmptyEnv, []string{"MISSING"}) {
				t.Errorf("customFormatter %+v: MISSING is empty", m.Paths[0])
			}
		}
	}
	env := mustValue(t, s, KeyToolsEnvVars)
	var got map[string]string
	if err := json.Unmarshal(env.Value, &got); err != nil || got["GOFLAGS"] != "-tags=b" || got["CGO_ENABLED"] != "0" {
		t.Errorf("go.toolsEnvVars merged = %s (%v)", env.Value, err)
	}
	pv, _, _ := s.PathSetting(KeyToolsGo)
	if pv.Expanded != "~/sdk/go1.26/bin/go" || len(pv.Unexpanded) != 1 || pv.Unexpanded[0] != "~" {
		t.Errorf("go.toolsManagement.go %+v: the extension runs it as written", pv)
	}
}

func TestNullAndWrongTypes(t *testing.T) {
	h := fakeFor(layouts[0])
	h.AddFile("/home/ana/.config/Code/User/settings.json", []byte(`{"go.alternateTools": {"gopls": "/x"}, "go.gopath": 7, "go.goroot": null}`), 0o644)
	h.AddFile("/w/.vscode/settings.json", []byte(`{"go.alternateTools": null}`), 0o644)
	ts := Load(h, "/w").ToolSettings()
	if !reflect.DeepEqual(ts, ToolSettings{}) {
		t.Errorf("ToolSettings() = %+v, want nothing: null replaces the object, 7 is no path", ts)
	}
}

// TestHostileFiles: each broken or extreme settings file is a clean result or a parse error with a
// position, quickly, never a crash.
func TestHostileFiles(t *testing.T) {
	deep := func(n int) string { return `{"go.x": ` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}` }
	for _, tc := range []struct {
		name, data string
		line, col  int    // of the error; 0 for a clean parse
		msg        string // in the error
		keys       int    // go.* settings found
	}{
		{name: "comments, trailing commas and a BOM", data: "\uFEFF{\n// c\n\"go.gopath\": \"/x\", /* c */\n\"gopls\": {\"a\": 1,},\n}\n", keys: 2},
		{name: "truncated", data: "{\n  \"go.gopath\": \"/x\",\n  \"go.goroot\": \"/us", line: 3, col: 20, msg: "unexpected EOF"},
		{name: "missing comma", data: "{\n  \"go.gopath\": \"/x\"\n  \"go.goroot\": \"/y\"\n}", line: 3, col: 3, msg: "after object value"},
		{name: "10,000 levels", data: deep(10000), keys: 1},
		{name: "a million levels", data: deep(1000000), line: 1, col: 9 + MaxDepth, msg: "nested more than"},
		{name: "a million levels in comments and strings", data: `{"go.x": "` + strings.Repeat("[", 1000000) + `" /* ` + strings.Repeat("{", 1000000) + ` */}`, keys: 1},
		{name: "20 MB", data: `{"go.gopath": "/x", "pad": "` + strings.Repeat("x", 20<<20) + `"}`, keys: 1},
		{name: "not an object", data: "\n  [1, 2]", line: 2, col: 3, msg: "not an object"},
		{name: "empty: VS Code reads {}", data: ""},
		{name: "only comments: VS Code reads {}", data: "// go settings go here\n/* later */\n"},
		{name: "binary", data: "\x00\x01\xff", line: 1, col: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := fakeFor(layouts[0])
			file := "/home/ana/.config/Code/User/settings.json"
			h.AddFile(file, []byte(tc.data), 0o644)
			s := Load(h, "/w")
			if len(s.Files) != 1 {
				t.Fatalf("files %+v", s.Files)
			}
			err := s.Files[0].Err
			if tc.line == 0 {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if s.Len() != tc.keys {
					t.Errorf("%d settings, want %d", s.Len(), tc.keys)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line != tc.line || pe.Col != tc.col || !strings.Contains(pe.Msg, tc.msg) || pe.File != file {
				t.Errorf("error %v (line %d col %d), want %d:%d %q", pe, pe.Line, pe.Col, tc.line, tc.col, tc.msg)
			}
			if s.Len() != 0 {
				t.Errorf("settings read from a broken file: %d", s.Len())
			}
		})
	}
}

func TestTooLargeAndUnreadable(t *testing.T) {
	h := fakeFor(layouts[0])
	h.AddFile("/home/ana/.config/Code/User/settings.json", make([]byte, MaxFile+1), 0o644)
	h.AddDir("/w/.vscode/settings.json") // a directory where the file should be
	s := Load(h, "/w")
	if len(s.Files) != 2 {
		t.Fatalf("files %+v", s.Files)
	}
	for _, f := range s.Files {
		var pe *ParseError
		if !errors.As(f.Err, &pe) || pe.Line != 0 {
			t.Errorf("%s: error %v, want a *ParseError without a position", f.Path, f.Err)
		}
	}
}

func TestExpandSetting(t *testing.T) {
	v := Vars{WorkspaceFolder: "/w/app", UserHome: "/home/ana", Env: func(k string) string { return map[string]string{"GOROOT_X": "/opt/go"}[k] }}
	for in, want := range map[string]string{
		"${env:GOROOT_X}/bin":                "/opt/go/bin",
		"${workspaceFolder}/tools":           "/w/app/tools",
		"${workspaceRoot}/tools":             "/w/app/tools",
		"/x/${workspaceFolderBasename}":      "/x/app",
		"~/go":                               "/home/ana/go",
		"${userHome}/go":                     "${userHome}/go",
		"${userHome}/~/go":                   "${userHome}/~/go",
		"${env:UNSET}/go":                    "/go",
		"${config:go.gopath}":                "${config:go.gopath}",
		"~/a:${workspaceFolder}/b":           "/home/ana/a:/w/app/b",
		"${workspaceFolder}/${userHome}/x/~": "/w/app/${userHome}/x/~",
	} {
		if got := ExpandSetting(in, v); got != want {
			t.Errorf("ExpandSetting(%q) = %q, want %q", in, got, want)
		}
	}
}

// VSCODE_AGENT_FOLDER moves a remote server's data (Remote-SSH hosts with a small home quota);
// the server exports it to the terminals it starts, where gomedic runs.
func TestDiscoveryAgentFolder(t *testing.T) {
	tests := []struct {
		name, agent, product, want string
	}{
		{"a folder named as VS Code's server", "/scratch/ana/.vscode-server", "", "Code"},
		{"a folder named as Cursor's server", "/scratch/ana/.cursor-server", "", "Cursor"},
		{"any name, with a VS Code server installed", "/scratch/ana/vs", "bin/0123abc/product.json", "Code"},
		{"any name, with a Cursor server the CLI installed", "/scratch/ana/cs", "cli/servers/Stable-0123abc/server/product.json", "Cursor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := host.NewFake("linux", "amd64")
			h.Home = "/home/ana"
			h.Environ = []string{"HOME=/home/ana", "VSCODE_AGENT_FOLDER=" + tt.agent}
			h.AddFile(tt.agent+"/data/Machine/settings.json", []byte(`{"go.toolsGopath": "/tools"}`), 0o644)
			if tt.want == "Code" {
				// VS Code's default folder is not read while the variable names another.
				h.AddFile("/home/ana/.vscode-server/data/Machine/settings.json", []byte(`{"go.toolsGopath": "/stale"}`), 0o644)
			}
			if tt.product != "" {
				folder := map[string]string{"Code": ".vscode-server", "Cursor": ".cursor-server"}[tt.want]
				h.AddFile(tt.agent+"/"+tt.product, []byte(`{"nameShort": "x", "serverDataFolderName": "`+folder+`"}`), 0o644)
			}
			s := Load(h, "/home/ana/src/app")
			var got *Editor
			for i := range s.Editors {
				if s.Editors[i].MachineDir == tt.agent+"/data/Machine" {
					got = &s.Editors[i]
				}
			}
			if got == nil || got.Name != tt.want {
				t.Fatalf("editors %+v: want %s with Machine settings in %s", s.Editors, tt.want, tt.agent)
			}
			if st, ok := s.ExtensionValue("go.toolsGopath"); !ok || string(st.Value) != `"/tools"` {
				t.Errorf("go.toolsGopath = %s, want the agent folder's", st.Value)
			}
		})
	}
}
