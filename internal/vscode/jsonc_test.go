package vscode

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestParseJSONC(t *testing.T) {
	doc, err := ParseJSONC("settings.json", []byte("\xEF\xBB\xBF{\n  // a comment\n  \"go.gopath\": \"/x\", /* block */\n  \"gopls\": {\"ui.semanticTokens\": true,},\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	ms := doc.Members(doc.Root)
	if len(ms) != 2 || ms[0].Key != "go.gopath" || ms[0].Line != 3 || string(ms[0].Value) != `"/x"` || ms[1].Key != "gopls" || ms[1].Line != 4 {
		t.Fatalf("members %+v", ms)
	}
	var gopls map[string]bool
	if err := json.Unmarshal(ms[1].Value, &gopls); err != nil || !gopls["ui.semanticTokens"] {
		t.Fatalf("nested value %s: %v", ms[1].Value, err)
	}
	if inner := doc.Members(ms[1].Node); len(inner) != 1 || inner[0].Key != "ui.semanticTokens" || inner[0].Line != 4 {
		t.Fatalf("inner members %+v", inner)
	}
}

func TestParseJSONCErrorHasPosition(t *testing.T) {
	for _, tc := range []struct {
		data      string
		line, col int
	}{
		{"{\n  \"a\": 1,\n  \"b\": \n}", 4, 1},
		{"{\n  \"a\": [1, 2\n", 3, 1},
		{"// only a comment\n,", 2, 1},
	} {
		_, err := ParseJSONC("f.json", []byte(tc.data))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: error %v is not a *ParseError", tc.data, err)
		}
		if pe.Line != tc.line || pe.Col != tc.col || !strings.HasPrefix(pe.Error(), "f.json:") {
			t.Errorf("%q: %v (line %d col %d), want line %d col %d", tc.data, pe, pe.Line, pe.Col, tc.line, tc.col)
		}
	}
}

func TestParseJSONCDeepNesting(t *testing.T) {
	data := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	if _, err := ParseJSONC("deep.json", []byte(`{"a": `+data+`}`)); err != nil {
		t.Fatalf("10,000 levels: %v", err)
	}
}

// TestParseJSONCNoValue: a file that holds no value is an empty object, as VS Code reads it (its
// ConfigurationModelParser parses nothing and keeps {}), not a syntax error.
func TestParseJSONCNoValue(t *testing.T) {
	for name, data := range map[string]string{
		"empty":             "",
		"a byte order mark": "\uFEFF",
		"whitespace":        " \n\t\r\n",
		"line comments":     "// settings\n// go here\n",
		"a block comment":   "/* nothing */",
		"comments and BOM":  "\uFEFF  /* a */ // b",
	} {
		doc, err := ParseJSONC("f.json", []byte(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if doc.Root.Kind != '{' || len(doc.Members(doc.Root)) != 0 || string(doc.Standard()) != "{}" {
			t.Errorf("%s: root %s, want an empty object", name, doc.Standard())
		}
	}
}

// TestParseJSONCLineCommentAtEnd: a line comment that ends the file without a newline ends there,
// as in VS Code.
func TestParseJSONCLineCommentAtEnd(t *testing.T) {
	doc, err := ParseJSONC("f.json", []byte(`{"go.gopath": "http://x"} // the end`))
	if err != nil {
		t.Fatal(err)
	}
	if ms := doc.Members(doc.Root); len(ms) != 1 || string(ms[0].Value) != `"http://x"` {
		t.Errorf("members %+v", ms)
	}
}
