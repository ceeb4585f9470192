package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestBuiltinTableIsCurrent fails when builtin_table.go is not what the generator makes of the
// manifest fixture: regenerate it with `go generate ./internal/vscode/schema`. It runs wherever
// ../shared exists, and always in CI.
func TestBuiltinTableIsCurrent(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(Fixture)))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Go extension manifest fixture is missing in CI: %v", err)
		}
		t.Skipf("the Go extension manifest fixture (../shared) is absent: %v", err)
	}
	want, err := Generate(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "builtin_table.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/vscode/schema/builtin_table.go is stale: run go generate ./internal/vscode/schema")
	}
}

// TestGenerateKeepsOnlyFacts checks that no description text of the manifest reaches the table.
func TestGenerateKeepsOnlyFacts(t *testing.T) {
	manifest := `{"name": "go", "publisher": "golang", "version": "1.0.0", "contributes": {"configuration": {"properties": {
		"go.x": {"type": "string", "enum": ["a", "b"], "default": "a", "description": "SECRET-DESCRIPTION",
			"markdownDescription": "SECRET-MARKDOWN", "enumDescriptions": ["SECRET-ENUM"], "deprecationMessage": "Use go.y instead."},
		"go.y": {"type": "object", "properties": {"z": {"type": "boolean", "description": "SECRET-MEMBER"}}, "additionalProperties": false}}}}}`
	src, err := Generate([]byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(src, []byte("SECRET")) {
		t.Errorf("a description reached the generated table:\n%s", src)
	}
	for _, want := range []string{`"go.x"`, `Deprecated: "Use go.y instead."`, "Closed: true", `json.RawMessage(` + "`\"b\"`" + `)`} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("generated table lacks %s:\n%s", want, src)
		}
	}
}
