package internal_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
	"time"
)

// module is the import path every package of the project starts with.
const module = "github.com/gomedic/gomedic/"

// A tier is a band of the package graph (ARCHITECTURE.md, "Packages"): a package imports packages
// of the tiers its own tier may use, never a tier above it or beside it.
type tier string

const (
	tierMain     tier = "main"     // cmd/gomedic: one call into cli
	tierCLI      tier = "cli"      // flags, wiring, exit codes
	tierCommands tier = "commands" // what run, tools, fix and watch do
	tierReport   tier = "report"   // every renderer: findings and documents in, text out
	tierEngine   tier = "engine"   // checks, the catalog, the runner, shared advice
	tierFacts    tier = "facts"    // the machine as data, read once
	tierLeaves   tier = "leaves"   // the result model, processes and files, quoting, text
	tierDevTool  tier = "devtool"  // generators run by hand (go generate)
	tierTestOnly tier = "testonly" // helpers only tests import
)

// tiers places every package: a directory, or a directory and everything below it ("/...").
// A package the table does not place fails the test: a new package takes a decision.
var tiers = []struct {
	tier tier
	pkgs []string
}{
	{tierMain, []string{"cmd/gomedic"}},
	{tierCLI, []string{"internal/cli"}},
	{tierCommands, []string{"internal/run/...", "internal/install/...", "internal/settings", "internal/install/toolbuild", "internal/fix/...", "internal/watch/...", "internal/bugreport"}},
	{tierReport, []string{"internal/report/..."}},
	{tierEngine, []string{"internal/doctor", "internal/checks/...", "internal/advice"}},
	{tierFacts, []string{"internal/facts", "internal/goenv", "internal/vscode", "internal/vscode/schema", "internal/shellenv",
		"internal/toolset", "internal/toolstore", "internal/binfo", "internal/lsp", "internal/dap", "internal/gocmd"}},
	{tierLeaves, []string{"internal/finding", "internal/result", "internal/host", "internal/shell", "internal/text",
		"internal/spell", "internal/atomicfile", "internal/redact"}},
	{tierDevTool, []string{"internal/vscode/schema/gen"}},
	{tierTestOnly, []string{"internal/testtools", "internal/testproxy"}},
}

// uses says which tiers each tier may import: arrows point down only. report sees the leaves
// alone (a renderer needs findings and documents, not the engine or a command); the commands and
// the engine never see report or cli.
var uses = map[tier][]tier{
	tierMain:     {tierCLI},
	tierCLI:      {tierCommands, tierReport, tierEngine, tierFacts, tierLeaves},
	tierCommands: {tierEngine, tierFacts, tierLeaves},
	tierReport:   {tierLeaves},
	tierEngine:   {tierFacts, tierLeaves},
	tierFacts:    {tierLeaves},
	tierLeaves:   {},
	tierDevTool:  {tierFacts, tierLeaves},
	tierTestOnly: {tierLeaves},
}

// within says which imports inside one tier are allowed, package by package (a trailing /...
// matches below). Anything else beside a package in its own tier is a sideways arrow.
var within = map[string][]string{
	// A command's own sub-packages (run/classify under run) belong to it.
	"internal/run":     {"internal/run/..."},
	"internal/install": {"internal/install/..."},
	"internal/fix":     {"internal/fix/..."},
	"internal/watch":   {"internal/watch/..."},
	// The catalog assembles the layers; a layer sees the runner's Check and the shared advice,
	// never another layer.
	"internal/checks":   {"internal/checks/*", "internal/doctor"},
	"internal/checks/*": {"internal/doctor", "internal/advice"},
	// facts gathers the fact packages; they know nothing of it.
	"internal/facts":         {"internal/goenv", "internal/vscode", "internal/vscode/schema", "internal/shellenv", "internal/toolset", "internal/toolstore", "internal/binfo", "internal/gocmd"},
	"internal/toolset":       {"internal/goenv"},
	"internal/toolstore":     {"internal/binfo"},
	"internal/vscode/schema": {"internal/vscode"},
	// The host runs commands and names them in its errors: quoted and clipped by the leaves for that.
	"internal/host":   {"internal/shell", "internal/text"},
	"internal/result": {"internal/finding"},
}

// matches reports whether pkg (relative to the module) is pattern: equal, "dir/..." for dir and
// below it, "dir/*" for the directories right below dir.
func matches(pattern, pkg string) bool {
	if dir, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == dir || strings.HasPrefix(pkg, dir+"/")
	}
	if dir, ok := strings.CutSuffix(pattern, "/*"); ok {
		return path.Dir(pkg) == dir
	}
	return pattern == pkg
}

func tierOf(pkg string) (tier, bool) {
	for _, t := range tiers {
		for _, p := range t.pkgs {
			if matches(p, pkg) {
				return t.tier, true
			}
		}
	}
	return "", false
}

// allowedWithin reports whether from may import to, both in one tier.
func allowedWithin(from, to string) bool {
	for pattern, targets := range within {
		if !matches(pattern, from) {
			continue
		}
		for _, t := range targets {
			if matches(t, to) && to != from {
				return true
			}
		}
	}
	return false
}

// imports lists each package of the module with the project packages it imports (not its tests'),
// from the go command itself.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{end}}", "github.com/gomedic/gomedic/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	graph := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || !strings.HasPrefix(fields[0], module) {
			continue
		}
		pkg := strings.TrimPrefix(fields[0], module)
		if pkg == "internal" {
			continue // this test's own package
		}
		graph[pkg] = nil
		for _, imp := range fields[1:] {
			if rel, ok := strings.CutPrefix(imp, module); ok {
				graph[pkg] = append(graph[pkg], rel)
			}
		}
	}
	return graph
}

// TestArchitecture keeps the package graph to ARCHITECTURE.md's tiers: every arrow points down.
func TestArchitecture(t *testing.T) {
	graph := imports(t)
	if len(graph) < 10 {
		t.Fatalf("go list found %d packages: %v", len(graph), graph)
	}
	var problems []string
	for pkg, deps := range graph {
		from, ok := tierOf(pkg)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s is in no tier: add it to the table in internal/architecture_test.go (and ARCHITECTURE.md)", pkg))
			continue
		}
		for _, dep := range deps {
			to, ok := tierOf(dep)
			switch {
			case !ok:
				continue // reported as a package of its own
			case to == from && allowedWithin(pkg, dep):
			case to == from:
				problems = append(problems, fmt.Sprintf("%s imports %s beside it in the %s tier", pkg, dep, from))
			case !slices.Contains(uses[from], to):
				problems = append(problems, fmt.Sprintf("%s (%s) imports %s (%s)", pkg, from, dep, to))
			}
		}
	}
	slices.Sort(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// TestArchitectureTable checks the checker: the rules it must catch, on made-up arrows.
func TestArchitectureTable(t *testing.T) {
	tests := []struct {
		from, to string
		ok       bool
	}{
		{"internal/checks/workspace", "internal/checks/editor", false},
		{"internal/checks/workspace", "internal/doctor", true},
		{"internal/checks", "internal/checks/env", true},
		{"internal/vscode/schema", "internal/facts", false},
		{"internal/facts", "internal/vscode/schema", true},
		{"internal/report", "internal/doctor", false},
		{"internal/report", "internal/finding", true},
		{"internal/run", "internal/report", false},
		{"internal/run", "internal/run/classify", true},
		{"internal/run", "internal/install", false},
		{"internal/finding", "internal/host", false},
		{"internal/host", "internal/shell", true},
		{"internal/shell", "internal/host", false},
		{"internal/doctor", "internal/run", false},
		{"internal/cli", "internal/report", true},
	}
	for _, tt := range tests {
		from, _ := tierOf(tt.from)
		to, _ := tierOf(tt.to)
		ok := slices.Contains(uses[from], to) || from == to && allowedWithin(tt.from, tt.to)
		if ok != tt.ok {
			t.Errorf("%s -> %s allowed = %v, want %v", tt.from, tt.to, ok, tt.ok)
		}
	}
}
