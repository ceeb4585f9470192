package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	keys := Builtin().Keys()
	for _, tc := range []struct{ name, want string }{
		{"go.lintOnsave", "go.lintOnSave"},                                          // case
		{"go.toolsManagment.checkForUpdates", "go.toolsManagement.checkForUpdates"}, // a segment misspelt
		{"go.toolsManagement.checkForUpdate", "go.toolsManagement.checkForUpdates"},
		{"go.checkForUpdates", "go.toolsManagement.checkForUpdates"}, // a segment left out
		{"go.languageServerFlag", "go.languageServerFlags"},
		{"go.inferGoPath", "go.inferGopath"},
		{"go.alternateTool", "go.alternateTools"},
		{"go.somethingElseEntirely", ""},
		{"go.x", ""},
	} {
		if got := closest(tc.name, keys); got != tc.want {
			t.Errorf("closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// checkCase is one setting and what Check should say about it.
type checkCase struct {
	key, value string
	kind       Kind     // of the first problem; "" for none
	where      string   // Problem.Where() of the first problem
	suggest    string   // of the first problem
	edits      []Edit   // of the first problem
	message    []string // substrings of the first problem's message
	count      int      // number of problems, when more than one
}

func runCheckCases(t *testing.T, tb Table, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			probs := tb.Check(tc.key, json.RawMessage(tc.value))
			if tc.kind == "" {
				if len(probs) > 0 {
					t.Fatalf("unexpected problems: %+v", probs)
				}
				return
			}
			if len(probs) == 0 {
				t.Fatalf("no problem, want %s", tc.kind)
			}
			if tc.count > 0 && len(probs) != tc.count {
				t.Errorf("%d problems, want %d: %+v", len(probs), tc.count, probs)
			}
			p := probs[0]
			if p.Kind != tc.kind || p.Where() != tc.where || p.Suggest != tc.suggest {
				t.Errorf("got %s at %s suggesting %q, want %s at %s suggesting %q (%s)", p.Kind, p.Where(), p.Suggest, tc.kind, tc.where, tc.suggest, p.Message)
			}
			for _, m := range tc.message {
				if !strings.Contains(p.Message, m) {
					t.Errorf("message %q lacks %q", p.Message, m)
				}
			}
			if tc.edits != nil {
				if got := p.Edits(json.RawMessage(tc.value)); !reflect.DeepEqual(normEdits(got), normEdits(tc.edits)) {
					t.Errorf("edits %s, want %s", showEdits(got), showEdits(tc.edits))
				}
			}
		})
	}
}

func normEdits(es []Edit) []Edit {
	out := make([]Edit, len(es))
	for i, e := range es {
		if len(e.Path) == 0 {
			e.Path = nil
		}
		if e.Value != nil {
			e.Value = compact(e.Value)
		}
		out[i] = e
	}
	return out
}

func showEdits(es []Edit) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, Problem{Key: e.Key, Path: e.Path}.Where()+"="+string(e.Value))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

func TestCheckBuiltin(t *testing.T) {
	runCheckCases(t, Builtin(), []checkCase{
		// Settings that are right.
		{key: "go.lintOnSave", value: `"package"`},
		{key: "go.buildFlags", value: `["-tags=integration"]`},
		{key: "go.gopath", value: `null`},
		{key: "go.toolsEnvVars", value: `{"GOFLAGS": "-mod=mod"}`},
		{key: "go.alternateTools", value: `{"gopls": "/opt/gopls", "anything": "x"}`}, // additionalProperties: true
		{key: "go.delveConfig", value: `{"apiVersion": 2.0}`},                         // 2.0 is 2
		{key: "editor.formatOnSave", value: `true`},                                   // not the table's business

		// Unknown keys: the table of names users guess, removed settings, misspellings.
		{key: "go.goplsArgs", value: `["-rpc.trace"]`, kind: Unknown, where: "go.goplsArgs", suggest: "go.languageServerFlags",
			edits: []Edit{{Key: "go.goplsArgs"}, {Key: "go.languageServerFlags", Value: raw(`["-rpc.trace"]`)}}},
		{key: "go.goplsEnv", value: `{"GOFLAGS": "-tags=x"}`, kind: Unknown, where: "go.goplsEnv", suggest: "go.toolsEnvVars", message: []string{`"build.env"`}},
		{key: "go.goplsPath", value: `"/opt/gopls"`, kind: Unknown, where: "go.goplsPath", suggest: "go.alternateTools",
			edits: []Edit{{Key: "go.goplsPath"}, {Key: "go.alternateTools", Value: raw(`{"gopls":"/opt/gopls"}`)}}},
		{key: "go.useGoProxyToCheckForToolUpdates", value: `false`, kind: Unknown, where: "go.useGoProxyToCheckForToolUpdates", suggest: "go.toolsManagement.checkForUpdates",
			edits: []Edit{{Key: "go.useGoProxyToCheckForToolUpdates"}, {Key: "go.toolsManagement.checkForUpdates", Value: raw(`"local"`)}}},
		{key: "go.languageServerExperimentalFeatures", value: `{"diagnostics": false}`, kind: Unknown, where: "go.languageServerExperimentalFeatures",
			message: []string{"v0.39.0"}, edits: []Edit{{Key: "go.languageServerExperimentalFeatures"}}},
		{key: "go.lintOnsave", value: `"file"`, kind: Unknown, where: "go.lintOnsave", suggest: "go.lintOnSave",
			edits: []Edit{{Key: "go.lintOnsave"}, {Key: "go.lintOnSave", Value: raw(`"file"`)}}},
		{key: "go.toolsManagment.autoUpdate", value: `"true"`, kind: Unknown, where: "go.toolsManagment.autoUpdate", suggest: "go.toolsManagement.autoUpdate",
			edits: []Edit{{Key: "go.toolsManagment.autoUpdate"}, {Key: "go.toolsManagement.autoUpdate", Value: raw(`true`)}}}, // moved and converted
		{key: "go.noSuchThingAtAll", value: `1`, kind: Unknown, where: "go.noSuchThingAtAll", message: []string{"does not define"},
			edits: []Edit{{Key: "go.noSuchThingAtAll"}}},
		{key: "gopls.usePlaceholders", value: `true`, kind: Misplaced, where: "gopls.usePlaceholders", suggest: "usePlaceholders"},

		// Types and enums.
		{key: "go.toolsManagement.checkForUpdates", value: `false`, kind: WrongType, where: "go.toolsManagement.checkForUpdates",
			message: []string{`"proxy", "local", "off"`}, edits: []Edit{{Key: "go.toolsManagement.checkForUpdates", Value: raw(`"off"`)}}},
		{key: "go.toolsManagement.checkForUpdates", value: `"never"`, kind: NotAllowed, where: "go.toolsManagement.checkForUpdates",
			message: []string{`"proxy", "local", "off"`}, edits: []Edit{{Key: "go.toolsManagement.checkForUpdates"}}},
		{key: "go.formatTool", value: `"GoImports"`, kind: NotAllowed, where: "go.formatTool",
			edits: []Edit{{Key: "go.formatTool", Value: raw(`"goimports"`)}}},
		{key: "go.useLanguageServer", value: `"false"`, kind: WrongType, where: "go.useLanguageServer",
			edits: []Edit{{Key: "go.useLanguageServer", Value: raw(`false`)}}},
		{key: "go.buildFlags", value: `"-tags=a -race"`, kind: WrongType, where: "go.buildFlags",
			edits: []Edit{{Key: "go.buildFlags", Value: raw(`["-tags=a","-race"]`)}}},
		{key: "go.buildFlags", value: `["-race", 3]`, kind: WrongType, where: "go.buildFlags[1]",
			edits: []Edit{{Key: "go.buildFlags", Path: []string{"1"}, Value: raw(`"3"`)}}},
		{key: "go.delveConfig", value: `{"apiVersion": 3}`, kind: NotAllowed, where: "go.delveConfig.apiVersion", message: []string{"1, 2"}},
		{key: "go.addTags", value: `{"transform": "snake", "tag": "json"}`, kind: Unknown, where: "go.addTags.tag", suggest: "tags", count: 2,
			edits: []Edit{{Key: "go.addTags", Path: []string{"tag"}}, {Key: "go.addTags", Path: []string{"tags"}, Value: raw(`"json"`)}}},
		{key: "go.addTags", value: `{"transform": "snake"}`, kind: NotAllowed, where: "go.addTags.transform",
			edits: []Edit{{Key: "go.addTags", Path: []string{"transform"}, Value: raw(`"snakecase"`)}}},

		// A dotted prefix with an object value is read as its members.
		{key: "go.toolsManagement", value: `{"checkForUpdates": "of"}`, kind: NotAllowed, where: "go.toolsManagement.checkForUpdates",
			edits: []Edit{{Key: "go.toolsManagement", Path: []string{"checkForUpdates"}, Value: raw(`"off"`)}}},
		{key: "go.toolsManagement", value: `{"autoUpdat": true}`, kind: Unknown, where: "go.toolsManagement.autoUpdat", suggest: "go.toolsManagement.autoUpdate",
			edits: []Edit{{Key: "go.toolsManagement", Path: []string{"autoUpdat"}}, {Key: "go.toolsManagement", Path: []string{"autoUpdate"}, Value: raw(`true`)}}},
		{key: "go.toolsManagement", value: `{"go": "/usr/local/go/bin/go"}`},

		// Deprecated settings, with the replacement their message names.
		{key: "go.buildOnSave", value: `"off"`, kind: Deprecated, where: "go.buildOnSave", suggest: "go.useLanguageServer",
			message: []string{"Enable the Go language server (go.useLanguageServer)"}, edits: []Edit{{Key: "go.buildOnSave"}}},
		{key: "go.logging.level", value: `"verbose"`, kind: Deprecated, where: "go.logging.level", message: []string{"Developer: Set Log Level"}},
	})
}

// TestCheckManifestArray builds a table from a manifest whose contributes.configuration is an
// array of sections, with a deprecation that names its replacement.
func TestCheckManifestArray(t *testing.T) {
	manifest := `{"name": "go", "publisher": "golang", "version": "0.30.0", "contributes": {"configuration": [
		{"title": "A", "properties": {
			"go.useGoProxyToCheckForToolUpdates": {"type": "boolean", "default": true, "description": "text", "deprecationMessage": "Use 'go.toolsManagement.checkForUpdates' instead."},
			"go.lintTool": {"type": "string", "enum": ["golint", "staticcheck"], "default": "golint"}}},
		{"title": "B", "properties": {
			"go.toolsManagement.checkForUpdates": {"type": "string", "enum": ["proxy", "local", "off"], "default": "proxy"},
			"go.legacyFlag": {"type": "boolean", "markdownDeprecationMessage": "Use ` + "`#go.lintTool#`" + ` instead."}}}]}}`
	tb, err := FromManifest([]byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Extension != "golang.go" || tb.Version != "0.30.0" || len(tb.Settings) != 4 {
		t.Fatalf("table %s %s with %d settings", tb.Extension, tb.Version, len(tb.Settings))
	}
	runCheckCases(t, tb, []checkCase{
		// The installed (older) extension still defines it: deprecated, not unknown.
		{key: "go.useGoProxyToCheckForToolUpdates", value: `true`, kind: Deprecated, where: "go.useGoProxyToCheckForToolUpdates", suggest: "go.toolsManagement.checkForUpdates"},
		// The named replacement takes another type: removed, not moved.
		{key: "go.legacyFlag", value: `true`, kind: Deprecated, where: "go.legacyFlag", suggest: "go.lintTool", edits: []Edit{{Key: "go.legacyFlag"}}},
		{key: "go.lintTool", value: `"golint"`},
		{key: "go.buildOnSave", value: `"off"`, kind: Unknown, where: "go.buildOnSave"},
	})
}

func TestFromManifestErrors(t *testing.T) {
	for _, m := range []string{
		`not json`,
		`{"name": "go", "contributes": {}}`,
		`{"name": "go", "contributes": {"configuration": {"properties": {}}}}`,
		`{"name": "go", "contributes": {"configuration": {"properties": {"go.x": {"type": 3}}}}}`,
	} {
		if _, err := FromManifest([]byte(m)); err == nil {
			t.Errorf("FromManifest(%s) succeeded", m)
		}
	}
}

// fixture is the real manifest of the Go extension kept beside the repository; tests that read
// it skip when it is absent, except in CI, which always has it.
func fixture(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash("../../../../shared/testdata/vscode-go/package.json"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Go extension manifest fixture is missing in CI: %v", err)
		}
		t.Skipf("the Go extension manifest fixture (../shared) is absent: %v", err)
	}
	return data
}

// TestFromManifestFixture reads a real installed-extension manifest.
func TestFromManifestFixture(t *testing.T) {
	tb, err := FromManifest(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if tb.Extension != "golang.go" || tb.Version != "0.58.0-dev" {
		t.Errorf("table of %s %s, want golang.go 0.58.0-dev", tb.Extension, tb.Version)
	}
	s := tb.Lookup("go.toolsManagement.checkForUpdates")
	if s == nil || !reflect.DeepEqual(s.Types, []string{"string"}) || joinJSON(s.Enum) != `"proxy", "local", "off"` || string(s.Default) != `"proxy"` {
		t.Errorf("go.toolsManagement.checkForUpdates: %+v", s)
	}
	if s := tb.Lookup("go.gopath"); s == nil || !reflect.DeepEqual(s.Types, []string{"string", "null"}) || s.Scope != "machine-overridable" {
		t.Errorf("go.gopath: %+v", s)
	}
	if s := tb.Lookup("go.buildOnSave"); s == nil || !strings.Contains(s.Deprecated, "#go.useLanguageServer#") {
		t.Errorf("go.buildOnSave is not deprecated in favour of go.useLanguageServer: %+v", s)
	}
	if s := tb.Lookup("go.addTags"); s == nil || !s.Closed || s.Properties["transform"] == nil || len(s.Properties["transform"].Enum) != 5 {
		t.Errorf("go.addTags: %+v", s)
	}
	if s := tb.Lookup("go.alternateTools"); s == nil || s.Closed || s.Properties["gopls"] == nil {
		t.Errorf("go.alternateTools: %+v", s)
	}
	if s := tb.Lookup("gopls"); s == nil || s.Properties["ui.completion.usePlaceholders"] == nil || s.Properties["ui.noSemanticString"].Deprecated == "" {
		t.Errorf("gopls: %+v", s)
	}
	// The built-in table is this manifest, less nothing but its source.
	b := Builtin()
	tb.Source = b.Source
	if !reflect.DeepEqual(tb, b) {
		t.Errorf("the built-in table differs from the fixture's: run go generate ./internal/vscode/schema")
	}
}

func TestPlainText(t *testing.T) {
	got := PlainText("Enable the Go language server (`#go.useLanguageServer#`) to\ndiagnose `compile` errors.")
	if want := "Enable the Go language server (go.useLanguageServer) to diagnose compile errors."; got != want {
		t.Errorf("PlainText = %q, want %q", got, want)
	}
}

// TestDecodeTakesOneJSONValue: decode accepts what json.Valid accepts and nothing more: one
// value, with only JSON's white space around it.
func TestDecodeTakesOneJSONValue(t *testing.T) {
	for _, in := range []string{`1`, " \t\r\n1\n", `"a"`, ` "a" `, `{"a": [1, "b"]}`, `null`,
		`00`, `1 2`, `"a" "b"`, "\"\"\v", "\v1", "\f\"a\"", "1\u0085", `{"a": 1}}`, ``, ` `} {
		if _, ok := decode([]byte(in)); ok != json.Valid([]byte(in)) {
			t.Errorf("decode(%q) ok = %v, json.Valid = %v", in, ok, !ok)
		}
	}
}
