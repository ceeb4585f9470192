package schema

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/testtools"
)

// goplsCmd runs the pinned gopls with args, without its telemetry sidecar.
func goplsCmd(t testing.TB, gopls string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(gopls, args...)
	cmd.Env = append(os.Environ(), "GO_TELEMETRY_CHILD=2")
	cmd.Dir = t.TempDir()
	return cmd
}

// realAPI is the pinned gopls's api-json, parsed.
func realAPI(t testing.TB) *API {
	t.Helper()
	gopls := testtools.Need(t, "gopls")
	out, err := goplsCmd(t, gopls, "api-json").Output()
	if err != nil {
		t.Fatalf("gopls api-json: %v", err)
	}
	api, err := ParseAPI(out)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func TestParseAPIRealGopls(t *testing.T) {
	api := realAPI(t)
	o := api.Options["usePlaceholders"]
	if o == nil || o.Type != "bool" || o.Hierarchy != "ui.completion" || o.FullName() != "ui.completion.usePlaceholders" || string(o.Default) != "false" {
		t.Errorf("usePlaceholders: %+v", o)
	}
	if o := api.Options["hoverKind"]; o == nil || o.Type != "enum" || !strings.Contains(joinJSON(o.EnumValues), `"FullDocumentation"`) {
		t.Errorf("hoverKind: %+v", o)
	}
	if o := api.Options["analyses"]; o == nil || !contains(o.EnumKeys, "unusedparams") {
		t.Errorf("analyses does not list unusedparams: %+v", o)
	}
	if o := api.Options["noSemanticString"]; o == nil || o.Deprecated == "" {
		t.Errorf("noSemanticString is not deprecated: %+v", o)
	}
	if o := api.Options["completionBudget"]; o == nil || o.Status != "debug" || o.Type != "time.Duration" {
		t.Errorf("completionBudget: %+v", o)
	}
	if !contains(api.Analyzers, "unusedparams") || !contains(api.Lenses, "generate") || !contains(api.Hints, "parameterNames") {
		t.Errorf("analyzers, lenses or hints missing: %d %d %d", len(api.Analyzers), len(api.Lenses), len(api.Hints))
	}
	// Every option the hidden table lists is really missing from api-json (else it is documented
	// now and the entry is stale), and every deprecated name is unknown to it but memoryMode.
	for n := range goplsHidden {
		if api.Options[n] != nil {
			t.Errorf("goplsHidden lists %s, which api-json documents", n)
		}
	}
	for n := range goplsDeprecated {
		if api.Options[n] != nil && n != "memoryMode" {
			t.Errorf("goplsDeprecated lists %s, which api-json documents", n)
		}
	}
}

func TestParseAPIOldShape(t *testing.T) {
	// gopls v0.6 to v0.16 split options into categories and had no DeprecationMessage.
	old := `{"Options": {"User": [{"Name": "buildFlags", "Type": "[]string", "Default": "[]", "Hierarchy": "build"}],
		"Experimental": [{"Name": "semanticTokens", "Type": "bool", "Default": "false"}]}, "Commands": []}`
	api, err := ParseAPI([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if api.Options["buildFlags"] == nil || api.Options["semanticTokens"] == nil {
		t.Errorf("options: %v", api.Options)
	}
	if _, err := ParseAPI([]byte(`{"Options": {}}`)); err == nil {
		t.Error("an api-json without options parsed")
	}
}

func TestGoplsCheckRealGopls(t *testing.T) {
	api := realAPI(t)
	for _, tc := range []struct {
		name, value string
		kind        Kind
		where       string
		suggest     string
		message     string
		fix         Fix
	}{
		{name: "usePlaceholders", value: `true`},
		{name: "ui.completion.usePlaceholders", value: `true`},
		{name: "hoverKind", value: `"synopsisdocumentation"`}, // gopls compares enums without case
		{name: "deepCompletion", value: `false`},              // undocumented, but gopls sets it
		{name: "allExperiments", value: `true`},               // a no-op gopls accepts
		{name: "analyses", value: `{"unusedparams": true, "shadow": false}`},
		{name: "env", value: `{"GOFLAGS": "-tags=x"}`},
		{name: "directoryFilters", value: `["-**/node_modules", "+vendor"]`},
		{name: "linksInHover", value: `"gopls"`},

		{name: "ui.completion.usePlaceholder", value: `true`, kind: Unknown, where: `gopls."ui.completion.usePlaceholder"`, suggest: "usePlaceholders",
			message: `setting option "usePlaceholder": unexpected setting`, fix: Fix{Rename: "ui.completion.usePlaceholders", Guess: true}},
		{name: "UsePlaceholders", value: `true`, kind: Unknown, where: "gopls.UsePlaceholders", suggest: "usePlaceholders", fix: Fix{Rename: "usePlaceholders", Guess: true}},
		{name: "fileWatcher", value: `"off"`, kind: Unknown, where: "gopls.fileWatcher", message: "unexpected setting", fix: Fix{Drop: true}}, // a newer gopls's
		{name: "staticcheckProvided", value: `true`, kind: Unknown, where: "gopls.staticcheckProvided", message: "unexpected setting", fix: Fix{Drop: true}},
		{name: "usePlaceholders", value: `"yes"`, kind: WrongType, where: "gopls.usePlaceholders",
			message: `setting option "usePlaceholders": invalid type string (want bool)`, fix: Fix{Drop: true}},
		{name: "staticcheck", value: `"true"`, kind: WrongType, where: "gopls.staticcheck", fix: Fix{Value: raw(`true`)}},
		{name: "buildFlags", value: `"-tags=x"`, kind: WrongType, where: "gopls.buildFlags", message: "invalid type string (want JSON array of string)", fix: Fix{Drop: true}},
		{name: "env", value: `{"CGO_ENABLED": 1}`, kind: WrongType, where: "gopls.env.CGO_ENABLED", message: "invalid map value float64 (want string)", fix: Fix{Value: raw(`"1"`)}},
		{name: "completionBudget", value: `"100"`, kind: NotAllowed, where: "gopls.completionBudget", message: `missing unit in duration "100"`, fix: Fix{Value: raw(`"100ms"`), Guess: true}},
		{name: "symbolStyle", value: `"Dynamik"`, kind: NotAllowed, where: "gopls.symbolStyle", message: `invalid option "Dynamik" for enum`, fix: Fix{Value: raw(`"Dynamic"`), Guess: true}},
		{name: "linksInHover", value: `"Gopls"`, kind: NotAllowed, where: "gopls.linksInHover", message: `invalid value "Gopls"; expect false, true, "gopls"`, fix: Fix{Value: raw(`"gopls"`), Guess: true}},
		{name: "directoryFilters", value: `["node_modules"]`, kind: NotAllowed, where: "gopls.directoryFilters[0]", message: "invalid filter node_modules, must start with + or -", fix: Fix{Drop: true}},
		{name: "analyses", value: `{"unusedparam": true}`, kind: Unknown, where: "gopls.analyses.unusedparam", suggest: "unusedparams",
			message: `gopls has no analyzer "unusedparam" and ignores it`, fix: Fix{Rename: "unusedparams", Guess: true}},
		{name: "analyses", value: `{"fieldalignment": true}`, kind: Unknown, where: "gopls.analyses.fieldalignment", message: "removed in gopls/v0.17.0", fix: Fix{Drop: true}},
		{name: "analyses", value: `{"shadow": 1}`, kind: WrongType, where: "gopls.analyses.shadow", message: `invalid type float64 for object field "shadow"`, fix: Fix{Drop: true}},
		{name: "codelenses", value: `{"gc_detail": true}`, kind: Unknown, where: "gopls.codelenses.gc_detail", message: `no code lens "gc_detail"`, fix: Fix{Drop: true}},
		{name: "annotations", value: `{"noEscape": true}`, kind: Deprecated, where: "gopls.annotations.noEscape", suggest: "escape",
			message: `"noEscape" is deprecated, set "escape: false" instead`, fix: Fix{Rename: "escape", Value: raw(`false`)}},
		{name: "annotations", value: `{"bogus": true}`, kind: Unknown, where: "gopls.annotations.bogus", message: `invalid option "bogus" for enum`, fix: Fix{Drop: true}},
		{name: "build.memoryMode", value: `"DegradeClosed"`, kind: Deprecated, where: `gopls."build.memoryMode"`, message: `setting option "memoryMode": this setting is deprecated`, fix: Fix{Drop: true}},
		{name: "experimentalWorkspaceModule", value: `true`, kind: Deprecated, where: "gopls.experimentalWorkspaceModule", message: "this setting is deprecated", fix: Fix{Drop: true}},
		{name: "codelens", value: `{"generate": false}`, kind: Deprecated, where: "gopls.codelens", suggest: "codelenses",
			message: `this setting is deprecated, use "codelenses" instead`, fix: Fix{Rename: "codelenses"}},
		{name: "fuzzyMatching", value: `true`, kind: Deprecated, where: "gopls.fuzzyMatching", suggest: "matcher", fix: Fix{Drop: true}}, // a bool is no matcher
		{name: "noSemanticString", value: `true`, kind: Deprecated, where: "gopls.noSemanticString", message: "SemanticTokenTypes"},      // still applied: no fix
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			probs := api.Check(tc.name, raw(tc.value))
			if tc.kind == "" {
				if len(probs) > 0 {
					t.Fatalf("unexpected problems: %+v", probs)
				}
				return
			}
			if len(probs) == 0 {
				t.Fatalf("no problem, want %s", tc.kind)
			}
			p := probs[0]
			if p.Kind != tc.kind || p.Where() != tc.where || p.Suggest != tc.suggest || !strings.Contains(p.Message, tc.message) {
				t.Errorf("got %s at %s suggesting %q: %s\nwant %s at %s suggesting %q: %s", p.Kind, p.Where(), p.Suggest, p.Message, tc.kind, tc.where, tc.suggest, tc.message)
			}
			if p.Fix.Drop != tc.fix.Drop || p.Fix.Rename != tc.fix.Rename || !bytes.Equal(p.Fix.Value, tc.fix.Value) || p.Fix.Guess != tc.fix.Guess {
				t.Errorf("fix %+v, want %+v", p.Fix, tc.fix)
			}
		})
	}
}

func TestGoplsCheckObject(t *testing.T) {
	api := realAPI(t)
	probs := api.CheckObject(raw(`{"ui.semanticTokens": true, "semanticTokens": false, "usePlaceholders": true}`))
	if len(probs) != 1 || probs[0].Kind != Duplicate || probs[0].Where() != `gopls."ui.semanticTokens"` || !strings.Contains(probs[0].Message, "duplicate value for semanticTokens") {
		t.Errorf("duplicate: %+v", probs)
	}
	probs = api.CheckObject(raw(`["usePlaceholders"]`))
	if len(probs) != 1 || probs[0].Kind != WrongType || probs[0].Message != "invalid options type []interface {} (want JSON null or object)" {
		t.Errorf("not an object: %+v", probs)
	}
	if probs := api.CheckObject(raw(`null`)); len(probs) != 0 {
		t.Errorf("null: %+v", probs)
	}
}
