package vscode

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/tailscale/hujson"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// FuzzLoad: whatever a settings file holds, Load never panics and reads it with work (bytes
// allocated) that follows its size; when it parses, every setting read has a valid JSON value and
// a line in the file, and what the extension reads of each key is valid JSON.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"{\n  // c\n  \"go.gopath\": \"/x\", /* c */\n  \"gopls\": {\"ui.semanticTokens\": true,},\n}\n",
		`{"go.alternateTools": {"gopls": "~/bin/gopls"}, "go.toolsEnvVars": {"GOFLAGS": "-mod=mod"}, "go.toolsEnvVars": {"A": 1}}`,
		`{"[go]": {"go.buildTags": "x"}, "[go][gomod]": {"go.lintTool": "staticcheck"}, "go.goroot": null}`,
		`{"gopls": {"a": {"b": {"c": [1, 2, {"d": "e"}]}}}, "go.gopath": "${workspaceFolder}/gp:${env:HOME}/go"}`,
		"\uFEFF// only a comment", "", "[]", "null", `{"go.x": "\u00e9\ud83d\ude00"}`, "{\"go.x\": 1} // end",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h := userSettingsHost(data)
		var s *Settings
		testtools.LinearAlloc(t, len(data), func() { s = loadAndRead(h) })
		if len(s.Files) != 1 {
			t.Fatalf("%d files read, want 1", len(s.Files))
		}
		sf := s.Files[0]
		if sf.Err != nil {
			var pe *ParseError
			if s.Len() > 0 || !errors.As(sf.Err, &pe) {
				t.Fatalf("error %v with %d settings read", sf.Err, s.Len())
			}
			return
		}
		lines := 1 + bytes.Count(sf.Doc.Data, newline)
		for st := range s.All() {
			if !json.Valid(st.Value) {
				t.Fatalf("%s = %q: not valid JSON", st.Key, st.Value)
			}
			if st.Line < 1 || st.Line > lines {
				t.Fatalf("%s on line %d of %d", st.Key, st.Line, lines)
			}
			if l := st.MemberLine([]string{"a", "b"}); l < st.Line || l > lines {
				t.Fatalf("a member of %s on line %d (the setting is on %d, the file has %d)", st.Key, l, st.Line, lines)
			}
			if v, ok := s.ExtensionValue(st.Key); ok && !json.Valid(v.Value) {
				t.Fatalf("the extension reads %s = %q: not valid JSON", st.Key, v.Value)
			}
			for _, m := range s.Merged(st.Key) {
				if !json.Valid(m.Value) {
					t.Fatalf("member %s = %q: not valid JSON", m.Key, m.Value)
				}
			}
		}
		if !json.Valid(sf.Doc.Standard()) {
			t.Fatalf("Standard() = %q: not valid JSON", sf.Doc.Standard())
		}
	})
}

// loadAndRead loads the settings of h and reads everything a check reads of them.
func loadAndRead(h *host.Fake) *Settings {
	s := Load(h, "/w")
	for st := range s.All() {
		s.ExtensionValue(st.Key)
		s.Merged(st.Key)
		st.MemberLine([]string{"a", "b"})
	}
	s.ToolSettings()
	s.ChosenTools()
	if len(s.Files) == 1 && s.Files[0].Doc != nil {
		s.Files[0].Doc.Standard()
	}
	return s
}

// FuzzScanAgreesWithHujson: the scanner gomedic parses with accepts what hujson (the library it
// edits files with) accepts, finds the same top-level value and the same members, and makes the
// same standard JSON of it.
func FuzzScanAgreesWithHujson(f *testing.F) {
	for _, seed := range []string{
		"{\n  // c\n  \"go.gopath\": \"/x\", /* c */\n  \"gopls\": {\"ui.semanticTokens\": true,},\n}\n",
		`{"a": [1, 2,], "b": {"c": null,}, "d": -1.5e3, "e": "\u00e9\n"}`, "[,]", "{,}", `{"a" 1}`, `{"a": 01}`,
		"{\"a\": \"\x01\"}", "/* x */ {} // y\n", "{} x", `{"a": tru}`, "{\"a\": 1 /* \xff */}", `{{}: 1}`, `[}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if tooDeep(data, 64) >= 0 {
			return
		}
		root, serr := scanDocument(data)
		want, herr := hujson.Parse(data)
		if (serr == nil) != (herr == nil) {
			t.Fatalf("scanner: %v; hujson: %v", serr, herr)
		}
		if serr != nil {
			return
		}
		if root.Start != want.StartOffset || root.End != want.EndOffset || root.Kind != byte(want.Value.Kind()) {
			t.Fatalf("root %+v; hujson %d-%d %c", root, want.StartOffset, want.EndOffset, want.Value.Kind())
		}
		doc := &Doc{Data: data, Root: root, lines: newLineIndex(data)}
		if obj, ok := want.Value.(*hujson.Object); ok {
			ms := doc.Members(root)
			if len(ms) != len(obj.Members) {
				t.Fatalf("%d members; hujson %d", len(ms), len(obj.Members))
			}
			for i, m := range ms {
				if m.Key != obj.Members[i].Name.Value.(hujson.Literal).String() || m.Node.Start != obj.Members[i].Value.StartOffset {
					t.Fatalf("member %d: %q at %d", i, m.Key, m.Node.Start)
				}
			}
		}
		std, err := hujson.Standardize(bytes.Clone(data))
		if got := doc.Standard(); err != nil || !bytes.Equal(got, std) {
			t.Fatalf("Standard() = %q; hujson %q", got, std)
		}
	})
}
