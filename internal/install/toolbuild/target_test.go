package toolbuild

import (
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		arg                   string
		name, pkg, mod, query string
		table                 bool
		err                   string // a part of the error; "" for none
	}{
		{arg: "gopls", name: "gopls", pkg: "golang.org/x/tools/gopls", mod: "golang.org/x/tools/gopls", table: true},
		{arg: "gopls@v0.21.1", name: "gopls", pkg: "golang.org/x/tools/gopls", mod: "golang.org/x/tools/gopls", query: "v0.21.1", table: true},
		{arg: "dlv@latest", name: "dlv", pkg: "github.com/go-delve/delve/cmd/dlv", mod: "github.com/go-delve/delve", query: "latest", table: true},
		{arg: "golangci-lint@v2.1.0", name: "golangci-lint", pkg: "github.com/golangci/golangci-lint/v2/cmd/golangci-lint", mod: "github.com/golangci/golangci-lint/v2", query: "v2.1.0", table: true},
		// The package path of a table tool is that tool.
		{arg: "honnef.co/go/tools/cmd/staticcheck@2025.1", name: "staticcheck", pkg: "honnef.co/go/tools/cmd/staticcheck", mod: "honnef.co/go/tools", query: "2025.1", table: true},
		{arg: "example.com/x/cmd/foo@latest", name: "foo", pkg: "example.com/x/cmd/foo", query: "latest"},
		{arg: "example.com/x/cmd/foo", name: "foo", pkg: "example.com/x/cmd/foo"},
		{arg: "example.com/tool/v2@v2.0.0", name: "tool", pkg: "example.com/tool/v2", query: "v2.0.0"},
		{arg: "example.com/tool/v2/cmd/x", name: "x", pkg: "example.com/tool/v2/cmd/x"},
		{arg: "example.com/x/v1", name: "v1", pkg: "example.com/x/v1"},      // v1 is not a major version suffix
		{arg: "example.com/x/v0", name: "v0", pkg: "example.com/x/v0"},      // nor v0
		{arg: "example.com/v2", name: "example.com", pkg: "example.com/v2"}, // as go install names it
		{arg: "example.com/x/v02", name: "v02", pkg: "example.com/x/v02"},   // nor a leading zero
		{arg: "example.com/hello@" + helloPseudo, name: "hello", pkg: "example.com/hello", query: helloPseudo},
		{arg: "", err: "no tool named"},
		{arg: "foo@", err: "empty version"},
		{arg: "gopls@", err: "empty version"},
		{arg: "@v1.0.0", err: "names no tool"},
		{arg: "gopls@v1@v2", err: "more than one @"},
		{arg: "gopls@v1 .0", err: "space"},
		{arg: "gopls@none", err: "@none"},
		{arg: "foo", err: "not a tool of the table"},
		{arg: "cmd/gofmt", err: "not a tool of the table"},
		{arg: "./cmd/foo", err: "is a directory"},
		{arg: "/abs/cmd/foo", err: "is a directory"},
		{arg: "example.com/x/...", err: "is a pattern"},
		{arg: "example.com/x y/cmd", err: "not a valid package path"},
	}
	for _, tt := range tests {
		got, query, err := ParseTarget(tt.arg)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseTarget(%q): error %v, want one saying %q", tt.arg, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", tt.arg, err)
			continue
		}
		if got.Name != tt.name || got.Package != tt.pkg || got.Module != tt.mod || query != tt.query || (got.Tool != nil) != tt.table {
			t.Errorf("ParseTarget(%q) = %+v, %q; want name %q, package %q, module %q, query %q, table %v", tt.arg, got, query, tt.name, tt.pkg, tt.mod, tt.query, tt.table)
		}
	}
}

func TestTargetArg(t *testing.T) {
	gopls, _, _ := ParseTarget("golang.org/x/tools/gopls")
	foo, _, _ := ParseTarget("example.com/x/cmd/foo")
	if gopls.Arg() != "gopls" || foo.Arg() != "example.com/x/cmd/foo" {
		t.Errorf("Arg() = %q, %q; want gopls, example.com/x/cmd/foo", gopls.Arg(), foo.Arg())
	}
}
