package workspace

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/shell"
)

// bazelWorkspace is the Bazel workspace a folder is in.
type bazelWorkspace struct {
	root string
	file string // MODULE.bazel, WORKSPACE.bazel or WORKSPACE
	// rulesGo is the repository name rules_go is known by there ("rules_go" with Bzlmod,
	// "io_bazel_rules_go" in a WORKSPACE); "" when the workspace does not use rules_go.
	rulesGo string
	goMod   bool // the folder has a go.mod of its own at or above it (inside the workspace)
	folder  string
}

// maxBazelFile bounds how much of a MODULE.bazel or WORKSPACE file is read.
const maxBazelFile = 4 << 20

// bazelFiles mark a Bazel workspace's root, in the order Bazel prefers them.
var bazelFiles = []string{"MODULE.bazel", "WORKSPACE.bazel", "WORKSPACE"}

// findBazel finds the Bazel workspace at or above folder, or returns nil.
func findBazel(f *facts.Facts, folder string) *bazelWorkspace {
	for dir := folder; ; dir = filepath.Dir(dir) {
		for _, name := range bazelFiles {
			p := filepath.Join(dir, name)
			if fi, err := f.Host.Stat(p); err == nil && !fi.IsDir() {
				bz := &bazelWorkspace{root: dir, file: p, rulesGo: rulesGoName(f, dir), folder: folder}
				bz.goMod = hasGoModBetween(f, folder, dir)
				return bz
			}
		}
		if filepath.Dir(dir) == dir {
			return nil
		}
	}
}

// rulesGoName is how the workspace at root names rules_go: a bazel_dep in MODULE.bazel is
// "rules_go"; a WORKSPACE (or WORKSPACE.bazel) repository is "io_bazel_rules_go".
func rulesGoName(f *facts.Facts, root string) string {
	if data, err := f.Host.ReadFile(filepath.Join(root, "MODULE.bazel"), maxBazelFile); err == nil && strings.Contains(string(data), `"rules_go"`) {
		return "rules_go"
	}
	for _, name := range []string{"WORKSPACE.bazel", "WORKSPACE"} {
		if data, err := f.Host.ReadFile(filepath.Join(root, name), maxBazelFile); err == nil && strings.Contains(string(data), "io_bazel_rules_go") {
			return "io_bazel_rules_go"
		}
	}
	return ""
}

// hasGoModBetween reports whether a go.mod is at folder or in a directory between it and root.
func hasGoModBetween(f *facts.Facts, folder, root string) bool {
	for dir := folder; ; dir = filepath.Dir(dir) {
		if _, err := f.Host.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return true
		}
		if dir == root || filepath.Dir(dir) == dir {
			return false
		}
	}
}

// bazelNote mentions the Bazel workspace in a detail, when there is one.
func bazelNote(bz *bazelWorkspace) string {
	if bz == nil || bz.rulesGo == "" {
		return ""
	}
	return fmt.Sprintf("This folder is in a Bazel workspace that uses rules_go (%s): packages that only Bazel builds (generated code, go_proto_library) are invisible to the go command.", bz.file)
}

// bazelWithoutDriver is the verdict on a rules_go workspace whose gopls has no package driver.
func bazelWithoutDriver(bz *bazelWorkspace, c driverChoice) part {
	if bz.rulesGo == "" {
		return part{status: finding.Skip, title: fmt.Sprintf("no GOPACKAGESDRIVER: gopls loads packages with the go command (%s does not use rules_go)", bz.file)}
	}
	detail := fmt.Sprintf("%s uses rules_go, and nothing sets GOPACKAGESDRIVER for gopls (not in the environment, go.toolsEnvVars or the gopls build.env setting, and no gopackagesdriver on PATH). ", bz.file)
	if bz.goMod {
		detail += "gopls loads the folder with the go command from go.mod instead, so packages that only Bazel builds (generated code such as go_proto_library, cgo rules, external repositories) are missing: their imports show as errors and have no completion."
	} else {
		detail += "There is no go.mod either, so gopls cannot load the workspace at all: \"No packages found for open file\", no completion, no diagnostics."
	}
	return part{status: finding.Warn, title: "a Bazel workspace (rules_go) without GOPACKAGESDRIVER: gopls does not see what Bazel builds",
		detail: detail, fix: bazelDriverFix(bz)}
}

// bazelDriverFix is rules_go's editor setup: a launcher script that runs its gopackagesdriver,
// named in go.toolsEnvVars, and directory filters that keep gopls out of Bazel's output trees.
func bazelDriverFix(bz *bazelWorkspace) *finding.Fix {
	script := filepath.Join(bz.root, "tools", "gopackagesdriver.sh")
	name := filepath.Base(bz.root)
	value := "${workspaceFolder}/tools/gopackagesdriver.sh"
	if bz.folder != bz.root {
		// The folder opened is below the Bazel workspace: ${workspaceFolder} is not its root.
		value = script
	}
	return &finding.Fix{
		Summary: fmt.Sprintf("Set up rules_go's package driver: the script %s runs `bazel run -- @%s//go/tools/gopackagesdriver`; point GOPACKAGESDRIVER at it in go.toolsEnvVars "+
			"(\"go.toolsEnvVars\": {\"GOPACKAGESDRIVER\": %q}) and keep gopls out of Bazel's output trees "+
			"(\"gopls\": {\"build.directoryFilters\": [\"-bazel-bin\", \"-bazel-out\", \"-bazel-testlogs\", \"-bazel-%s\"]}) in the folder's .vscode/settings.json.", script, bz.rulesGo, value, name),
		Commands: []string{
			"mkdir -p " + shell.Quote(filepath.Join(bz.root, "tools")),
			fmt.Sprintf(`printf '#!/usr/bin/env bash\nexec bazel run -- @%s//go/tools/gopackagesdriver "${@}"\n' > %s`, bz.rulesGo, shell.Quote(script)),
			"chmod +x " + shell.Quote(script),
		},
		Docs: docsDriver,
	}
}
