package schema

import (
	"encoding/json"
	"testing"

	"github.com/gomedic/gomedic/internal/testtools"
)

// checkProblems fails t when a problem names no setting or offers a value that is not JSON, or
// when its edits cannot be made.
func checkProblems(t *testing.T, value []byte, probs []Problem) {
	t.Helper()
	for _, p := range probs {
		if p.Key == "" && len(p.Path) == 0 || p.Message == "" {
			t.Fatalf("a problem with no place or no message: %+v", p)
		}
		if p.Fix.Value != nil && !json.Valid(p.Fix.Value) {
			t.Fatalf("fix value %q is not JSON (%+v)", p.Fix.Value, p)
		}
		for _, e := range p.Edits(value) {
			if e.Value != nil && !json.Valid(e.Value) {
				t.Fatalf("edit value %q is not JSON (%+v)", e.Value, p)
			}
		}
	}
}

// FuzzTableCheck: any key with any value is checked against the built-in table without a panic,
// with work (bytes allocated) that follows the value's size; invalid JSON yields no problem and
// every problem is one gomedic can show and repair.
func FuzzTableCheck(f *testing.F) {
	for _, seed := range []struct{ key, value string }{
		{"go.formatTool", `"gofmtt"`}, {"go.lintTool", `"GolangCI"`}, {"go.toolsManagement", `{"checkForUpdates": "of"}`},
		{"go.goplsArgs", `["-rpc.trace"]`}, {"go.useLanguageServer", `"true"`}, {"go.testTimeout", `30`},
		{"gopls.ui.semanticTokens", `true`}, {"go.buildFlags", `"-tags=x -race"`}, {"go.toolsEnvVars", `{"GOFLAGS": 1}`},
		{"go.inferGopath", `null`}, {"go.enableCodeLens", `{"runtest": "yes", "x": []}`}, {"go.x.y.z", `{"a": {"b": 1}}`},
	} {
		f.Add(seed.key, []byte(seed.value))
	}
	table := Builtin()
	f.Fuzz(func(t *testing.T, key string, value []byte) {
		var probs []Problem
		testtools.LinearAlloc(t, len(key)+len(value), func() { probs = table.Check(key, value) })
		if !json.Valid(value) {
			if len(probs) > 0 {
				t.Fatalf("invalid JSON %q yields problems: %+v", value, probs)
			}
			return
		}
		checkProblems(t, value, probs)
	})
}

// FuzzGoplsCheck: any "gopls" object is checked against the pinned gopls's own list of its
// settings (api-json) without a panic, with work (bytes allocated) that follows its size, and
// every problem is one gomedic can show and repair.
func FuzzGoplsCheck(f *testing.F) {
	for _, seed := range []string{
		`{"usePlaceholders": "true", "ui.completion.usePlaceholders": true, "hoverKind": "Full"}`,
		`{"analyses": {"unusedparam": true, "shadow": "yes"}, "codelenses": {"generate": false, "x": true}}`,
		`{"annotations": {"nobounds": true}, "completionBudget": "100", "buildFlags": "-tags=x", "env": {"A": 1}}`,
		`{"ui": {"semanticTokens": true, "diagnostic": {"staticcheck": 1}}, "memoryMode": "DegradeClosed"}`,
		`{"hints": {"parameterNames": true, "nope": true}, "directoryFilters": ["-node_modules", 3]}`,
		`[]`, `null`, `{"": {}}`,
	} {
		f.Add([]byte(seed))
	}
	api := realAPI(f)
	f.Fuzz(func(t *testing.T, value []byte) {
		if !json.Valid(value) {
			return
		}
		var probs []Problem
		testtools.LinearAlloc(t, len(value), func() { probs = api.CheckObject(value) })
		checkProblems(t, value, probs)
		var obj map[string]json.RawMessage
		if json.Unmarshal(value, &obj) == nil {
			for name, v := range obj {
				checkProblems(t, v, api.Check(name, v))
			}
		}
	})
}
