package toolset

import (
	"testing"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		tool, output string
		shown, mod   string
		ok           bool
	}{
		{"gopls", "golang.org/x/tools/gopls v0.21.1\n", "v0.21.1", "v0.21.1", true},
		{"gopls", "golang.org/x/tools/gopls v0.14.2\n    golang.org/x/tools/gopls@v0.14.2 h1:sIw6vjZiuQ9S7s0auUUkHlWgsCkKZFWDHmrge8LYsnc=\n", "v0.14.2", "v0.14.2", true},
		{"gopls", "golang.org/x/tools/gopls (devel)\n", "(devel)", "", true},
		{"gopls", "Build info\n----------\ngolang.org/x/tools/gopls v0.22.0-pre.1\n", "v0.22.0-pre.1", "v0.22.0-pre.1", true},
		{"dlv", "Delve Debugger\nVersion: 1.27.2\nBuild: $Id: 360e7b2181d3da54115aaee4f569954bca95cfe3 $\n", "1.27.2", "v1.27.2", true},
		{"dlv", "Delve Debugger\nVersion: 1.20.0-dev\nBuild: $Id$\n", "1.20.0-dev", "v1.20.0-dev", true},
		{"staticcheck", "staticcheck 2025.1 (0.6.0)\n", "2025.1 (0.6.0)", "v0.6.0", true},
		{"staticcheck", "staticcheck 2026.2.2 (0.8.2)\n", "2026.2.2 (0.8.2)", "v0.8.2", true},
		{"staticcheck", "staticcheck (devel, v0.7.0-0.dev.0.20251022135355-8273271481d0)\n", "(devel, v0.7.0-0.dev.0.20251022135355-8273271481d0)", "v0.7.0-0.dev.0.20251022135355-8273271481d0", true},
		{"staticcheck", "staticcheck (no version)\n", "(no version)", "", true},
		{"gofumpt", "v0.8.0 (go1.24.2)\n", "v0.8.0", "v0.8.0", true},
		{"gofumpt", "(devel) (go1.24.2)\n", "(devel)", "", true},
		{"golangci-lint", "golangci-lint has version 2.1.6 built with go1.24.2 from eabc2638 on 2025-05-04T15:41:06Z\n", "2.1.6", "v2.1.6", true},
		{"golangci-lint", "golangci-lint has version v2.1.6 built with go1.24.3 from (unknown, modified: ?, mod sum: \"h1:x\") on (unknown)\n", "v2.1.6", "v2.1.6", true},
		{"revive", "version 1.9.0\n", "1.9.0", "v1.9.0", true},
		{"revive", "Version:\t1.3.4\nCommit:\t\tabc\nBuilt\t\t2023 by goreleaser\n", "1.3.4", "v1.3.4", true},
		{"gopls", "something else entirely\n", "", "", false},
		{"dlv", "", "", "", false},
	}
	for _, tt := range tests {
		tool := Lookup(tt.tool)
		p, ok := tool.ParseVersion(tt.output)
		if ok != tt.ok || p.Shown != tt.shown || p.Module != tt.mod {
			t.Errorf("%s: ParseVersion(%q) = %+v, %v; want {%s %s}, %v", tt.tool, tt.output, p, ok, tt.shown, tt.mod, tt.ok)
		}
	}
}

func TestGoplsGoLine(t *testing.T) {
	tests := map[string]string{
		"v0.21.1":       "1.25",
		"v0.20.0":       "1.24.2",
		"v0.22.0-pre.1": "1.26.0",
		"v0.24.0":       "1.27.0",
		"v0.99.0":       "",
		"(devel)":       "",
	}
	for v, want := range tests {
		if got := GoplsGoLine(v); got != want {
			t.Errorf("GoplsGoLine(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestToolTable(t *testing.T) {
	seen := map[string]bool{}
	for _, tool := range Tools {
		if seen[tool.IDPrefix()] {
			t.Errorf("two tools share the ids %s*", tool.IDPrefix())
		}
		seen[tool.IDPrefix()] = true
		if tool.TypeChecks != (tool.TooNew != nil) {
			t.Errorf("%s: TypeChecks and TooNew disagree", tool.Name)
		}
		if !tool.HelpOnly() && len(tool.VersionPatterns) == 0 {
			t.Errorf("%s has a version command but no pattern to read it", tool.Name)
		}
	}
	if got := Lookup("staticcheck").TooNew("1.26.0", "go1.24.2"); got != "module requires at least go1.26.0, but Staticcheck was built with go1.24.2" {
		t.Errorf("staticcheck TooNew = %q", got)
	}
	if got := Lookup("golangci-lint").TooNew("1.26.0", "go1.25.5"); got != "can't load config: the Go language version (go1.25) used to build golangci-lint is lower than the targeted Go version (1.26.0)" {
		t.Errorf("golangci-lint TooNew = %q", got)
	}
}
