// Package toolset knows the editor tools: which programs the Go extension runs, where they come
// from, how to ask each its version, and which the editor cannot work without.
package toolset

import (
	"regexp"
	"strings"
)

// Need says how much the editor depends on a tool.
type Need string

// The needs. A missing required tool breaks the editor; a missing recommended one disables a
// feature the extension turns on by default; an optional one is used only when settings ask for it.
const (
	Required    Need = "required"
	Recommended Need = "recommended"
	Optional    Need = "optional"
)

// Tool is one entry of the tool table.
type Tool struct {
	Name    string // the binary's name
	Package string // the main package `go install` builds
	Module  string // the module that holds Package
	// VersionArgs ask the tool its version. Empty means the tool has no version flag: it is run
	// with -h and judged by its usage text (HelpOnly).
	VersionArgs []string
	// VersionPatterns find the version in what VersionArgs print, tried in order: group 1 is the
	// version as the tool shows it, group 2 (when present) the module version inside it.
	VersionPatterns []*regexp.Regexp
	Need            Need
	// Feature is what the editor loses without the tool.
	Feature string
	// MinGo is the oldest Go release that builds the tool's latest version ("go1.24"); "" if unknown.
	MinGo string
	// TypeChecks is set for tools that type-check the user's code with the go/types of the Go
	// that built them: they cannot check code written for a newer Go.
	TypeChecks bool
	// TooNew is what the tool says when the code's Go version (a go line, "1.26.0") is newer than
	// the Go that built it (a runtime version, "go1.24.2"); nil for tools that do not check.
	TooNew func(codeGo, builtWith string) string
	// Symptoms are what the editor shows when the tool is missing or broken, where it says more
	// than the generic text (see the Symptom methods).
	Symptoms Symptoms
}

// Symptoms are the editor's own words for a tool that is missing, cannot start, hangs or crashes.
type Symptoms struct {
	Missing, Start, Hang, Crash string
}

// MissingSymptom is what the editor says when it needs t and cannot find it.
func (t *Tool) MissingSymptom() string {
	if t.Symptoms.Missing != "" {
		return t.Symptoms.Missing
	}
	return `the editor prompts "The "` + t.Name + `" command is not available. Run "go install -v ` + t.Package + `@latest" to install."`
}

// StartSymptom is what the editor shows when it cannot start t.
func (t *Tool) StartSymptom() string {
	if t.Symptoms.Start != "" {
		return t.Symptoms.Start
	}
	return "The editor's " + t.Feature + " fails the same way."
}

// HangSymptom is what the user sees when t hangs.
func (t *Tool) HangSymptom() string {
	if t.Symptoms.Hang != "" {
		return t.Symptoms.Hang
	}
	return t.Feature + " never finishes"
}

// CrashSymptom is what the user sees when t crashes.
func (t *Tool) CrashSymptom() string {
	if t.Symptoms.Crash != "" {
		return t.Symptoms.Crash
	}
	return "In the editor, " + t.Feature + " fails the same way."
}

// HelpOnly reports whether the tool is judged by its -h output.
func (t *Tool) HelpOnly() bool { return len(t.VersionArgs) == 0 }

// ProbeArgs are the arguments that ask the tool who it is: its version command, else -h.
func (t *Tool) ProbeArgs() []string {
	if t.HelpOnly() {
		return []string{"-h"}
	}
	return t.VersionArgs
}

// patterns compiles version patterns.
func patterns(res ...string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(res))
	for i, re := range res {
		out[i] = regexp.MustCompile(re)
	}
	return out
}

// Tools is the tool table: what the Go extension for VS Code installs with "Go: Install/Update
// Tools" and runs, with gopls and dlv required and the tools its default settings use
// recommended (staticcheck is the default lint tool; impl and goplay back commands shown in the
// command palette).
var Tools = []*Tool{
	{Name: "gopls", Package: "golang.org/x/tools/gopls", Module: "golang.org/x/tools/gopls", VersionArgs: []string{"version"}, Need: Required,
		VersionPatterns: patterns(`golang\.org/x/tools/gopls (\S+)`),
		Feature:         "completion, navigation, diagnostics and formatting (the language server)", MinGo: "go1.24",
		TypeChecks: true,
		TooNew: func(codeGo, builtWith string) string {
			return "file requires newer Go version " + langOf(codeGo) + " (application built with " + langOf(builtWith) + ")"
		},
		Symptoms: Symptoms{
			Start: "The editor cannot start the language server either (\"Couldn't start client gopls\"): no completion, navigation or diagnostics.",
			Hang:  "the language server never finishes starting and no completions or diagnostics appear",
			Crash: "In the editor the language server crashes the same way; VS Code restarts it, and after five crashes gives up (\"The gopls server crashed 5 times in the last 3 minutes. The server will not be restarted.\").",
		}},
	{Name: "dlv", Package: "github.com/go-delve/delve/cmd/dlv", Module: "github.com/go-delve/delve", VersionArgs: []string{"version"}, Need: Required,
		VersionPatterns: patterns(`(?m)^Version: (\S+)`),
		Feature:         "debugging (Run and Debug, debug test)", MinGo: "go1.22",
		Symptoms: Symptoms{
			Missing: `starting a debug session fails with "Cannot find Delve debugger. Install from https://github.com/go-delve/delve/ & ensure it is in your Go tools path, "GOPATH/bin" or "PATH"."`,
			Start:   "Debug sessions cannot start either (\"Couldn't start dlv dap\").",
			Hang:    "debug sessions never start",
			Crash:   "Debug sessions end the same way before they start.",
		}},
	{Name: "staticcheck", Package: "honnef.co/go/tools/cmd/staticcheck", Module: "honnef.co/go/tools", VersionArgs: []string{"-version"}, Need: Recommended,
		VersionPatterns: patterns(`(?m)^\S+ (\d\S* \((\d[^)\s]*)\))`, `(?m)^\S+ (\(devel, (v[^)\s]+)\))`, `(?m)^\S+ (\(no version\))`),
		Feature:         "lint on save (go.lintTool defaults to staticcheck)",
		TypeChecks:      true,
		TooNew: func(codeGo, builtWith string) string {
			return "module requires at least go" + codeGo + ", but Staticcheck was built with " + builtWith
		}},
	{Name: "impl", Package: "github.com/josharian/impl", Module: "github.com/josharian/impl", Need: Recommended,
		Feature: "the Go: Generate Interface Stubs command"},
	{Name: "goplay", Package: "github.com/haya14busa/goplay/cmd/goplay", Module: "github.com/haya14busa/goplay", Need: Recommended,
		Feature: "the Go: Run on Go Playground command"},
	{Name: "goimports", Package: "golang.org/x/tools/cmd/goimports", Module: "golang.org/x/tools", Need: Optional,
		Feature: `formatting with "go.formatTool": "goimports"`},
	{Name: "gofumpt", Package: "mvdan.cc/gofumpt", Module: "mvdan.cc/gofumpt", VersionArgs: []string{"-version"}, Need: Optional,
		VersionPatterns: patterns(`(?m)^(v\S+|\(devel\)) \(go`),
		Feature:         `formatting with "go.formatTool": "gofumpt"`},
	{Name: "golangci-lint", Package: "github.com/golangci/golangci-lint/v2/cmd/golangci-lint", Module: "github.com/golangci/golangci-lint/v2", VersionArgs: []string{"version"}, Need: Optional,
		VersionPatterns: patterns(`has version (\S+)`),
		Feature:         `linting with "go.lintTool": "golangci-lint"`,
		TypeChecks:      true,
		TooNew: func(codeGo, builtWith string) string {
			return "can't load config: the Go language version (" + langOf(builtWith) + ") used to build golangci-lint is lower than the targeted Go version (" + codeGo + ")"
		}},
	{Name: "revive", Package: "github.com/mgechev/revive", Module: "github.com/mgechev/revive", VersionArgs: []string{"-version"}, Need: Optional,
		VersionPatterns: patterns(`(?mi)^version:?\s+(\S+)`),
		Feature:         `linting with "go.lintTool": "revive"`},
	{Name: "gotests", Package: "github.com/cweill/gotests/gotests", Module: "github.com/cweill/gotests", Need: Optional,
		Feature: "the Go: Generate Unit Tests commands"},
	{Name: "gomodifytags", Package: "github.com/fatih/gomodifytags", Module: "github.com/fatih/gomodifytags", Need: Optional,
		Feature: "the Go: Add/Remove Tags commands"},
}

// Lookup returns the table entry for a tool name, or nil.
func Lookup(name string) *Tool {
	for _, t := range Tools {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// InstallCommand is the command that installs t at version ("latest" when empty).
func (t *Tool) InstallCommand(version string) string {
	if version == "" {
		version = "latest"
	}
	return "go install " + t.Package + "@" + version
}

// IDPrefix is the prefix of the ids of t's checks: "tools.gopls.".
func (t *Tool) IDPrefix() string { return "tools." + strings.ToLower(t.Name) + "." }
