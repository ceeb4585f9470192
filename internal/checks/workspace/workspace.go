// Package workspace holds the checks of the `workspace` layer: the code being edited — modules,
// go.work, go and toolchain lines, dependencies, packages, cgo — and, with --deep, live gopls and
// dlv sessions that prove the editor works here. The layer is named workspace (--layer workspace);
// its ids are shortened to ws.*.
package workspace

import (
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
)

// Checks returns the workspace layer's checks: the whole list of the layer, in order.
func Checks() []*doctor.Check {
	loadCauses := []string{"env.go111module", "env.goflags", "ws.module", "ws.gowork", "ws.go_directive"}
	return []*doctor.Check{
		{ID: "ws.module", Layer: finding.LayerWorkspace, Run: perFolder(moduleFolder),
			Repair: finding.RepairConfirm, RepairNote: "go mod edit -module or go mod init as run actions in the folder: they write go.mod, and the module path is a guess; a go.mod that does not parse is manual",
			Looks: "the go.mod at or above each workspace folder (the directory checked, or a .code-workspace's folders), and go.mod files below it",
			Fails: "F: a go.mod the go command cannot parse (other than its go and toolchain lines) or without a module line. W: Go files and no module anywhere: gopls falls back to an ad-hoc view and imports of dependencies fail; the fix is `go mod init` with the module path the folder's own imports imply (an import P/D where D is a directory of the folder with Go files: P), else the folder's import path under GOPATH/src or its name. W: several modules below a folder that is not one, no go.work, and an editor gopls older than v0.15 (which does not load them). info: nested modules, or modules below a folder that is not one (gopls v0.15 and later load each when a file of it is opened)"},
		{ID: "ws.gowork", Layer: finding.LayerWorkspace, Run: perFolder(goworkFolder),
			Repair: finding.RepairConfirm, RepairNote: "go work use / go work edit -dropuse as run actions: they change the user's go.work; a GOWORK value is unset (go env -u); a duplicated module is manual",
			Looks: "the go.work the go command uses for each folder (GOWORK, else the nearest above), read with golang.org/x/mod, and the modules under its directory",
			Fails: "F: a go.work that does not parse, a `use` directory that does not exist or holds no go.mod, a module used twice, a folder whose module the go.work leaves out (or, in no module below the go.work's directory, that holds modules it leaves out: go build, test and run fail there; the fix is go work use in the go.work's directory). W: modules under the go.work's directory that it leaves out, when the editor's gopls is older than v0.15 (info for a later one, which loads each when a file of it is opened); GOWORK=off (or another file) hiding a go.work"},
		{ID: "ws.go_directive", Layer: finding.LayerWorkspace, Run: perFolder(directiveFolder), Needs: []string{"go.found", "env.gotoolchain"},
			Repair: finding.RepairConfirm, RepairNote: "go mod edit -go / -toolchain=none and go work use as run actions: they change go.mod or go.work; GOTOOLCHAIN=auto is a go env action; installing a Go release is manual",
			Looks: "the go and toolchain lines of the go.work or go.mod the go command reads, against the local go (its build info, not go env) and GOTOOLCHAIN, as the go command selects a toolchain; the toolchain it switches to is looked for where the go command looks: a goX.Y.Z on PATH (a golang.org/dl wrapper, a toolchain of one's own) and in the module cache (as downloaded: its zip hash present), and run (`goX.Y.Z version`, bounded) to prove it works; else it is asked of GOPROXY (when online). The run's go env, when it ran in the folder, shows the switch's result",
			Fails: "F: a go line newer than the go that GOTOOLCHAIN lets run (`go.mod requires go >= X (running go Y; GOTOOLCHAIN=local)`), a toolchain that cannot be found or downloaded, a golang.org/dl wrapper on PATH whose release was never downloaded (`goX.Y.Z: not downloaded`; fix: `goX.Y.Z download`), a toolchain on PATH or in the module cache that does not run or cannot be verified, a malformed go or toolchain line, a toolchain line the go command insists on rewriting, a go.work go line older than a module's. W: a toolchain to download that could not be confirmed. info: no go line (Go 1.16 semantics), a toolchain line older than the go line"},
		{ID: "ws.deps", Layer: finding.LayerWorkspace, Run: perFolder(depsFolder), Needs: []string{"go.runs"},
			Repair: finding.RepairConfirm, RepairNote: "go mod tidy, go mod download, go mod vendor as run actions in the module: they change go.mod, go.sum or vendor/; a checksum mismatch or a version that does not exist is manual",
			// Eager: its two go list runs (which ws.packages and ws.cgo read too) are the longest
			// part of a default run; they start as soon as go.runs passes, beside the short checks
			// queued for a slot and the causes they may be blamed on, rather than after them.
			Eager:  true,
			Causes: append(append([]string(nil), loadCauses...), "net.goproxy"),
			Looks:  "the module graph (`go list -m -e -json all`, with the user's GOFLAGS) and the module errors of the package load (`go list -e -json ./...`), once per folder with the --timeout; an error-free answer is replayed for a day while the go binary, every go env value and every file of the module stay the same",
			Fails:  "F: missing go.sum entries, modules that cannot be downloaded (GOPROXY=off and not in the module cache, not found, unreachable), checksum mismatches, inconsistent vendoring, a dependency that needs a newer Go; each with the go command's message and the fix (go mod tidy, go mod download, go mod vendor). W: go.mod not tidy (go list -m all wants to update it)"},
		{ID: "ws.packages", Layer: finding.LayerWorkspace, Run: perFolder(packagesFolder), Needs: []string{"go.runs"},
			Repair: finding.RepairManual, RepairNote: "errors in the code (import cycles, bad imports, syntax) are the user's to fix; a build-tag setting for gopls is a settings_edit applied after a confirmation",
			Causes: append(append([]string(nil), loadCauses...), "ws.deps", "ws.cgo"),
			Looks:  "`go list -e -json ./...` (only the fields read; output and errors bounded), and the directories with Go files that it does not list",
			Fails:  "F: package errors with file:line (import cycles, imports that no module provides or that are not in std, syntax and package-clause errors). W: a directory whose every .go file needs a build tag that is not set (gopls: \"No packages found for open file\"), with gopls buildFlags as the fix (keeping the tags gopls has); not when gopls builds with that tag (the -tags of gopls's build.buildFlags, or of go.buildFlags/go.buildTags, which the Go extension passes as build.buildFlags; else of GOFLAGS in gopls's build.env or go.toolsEnvVars), which the ok finding notes. info: directories built only for another GOOS/GOARCH, or only with GOEXPERIMENT or -race"},
		{ID: "ws.packagesdriver", Layer: finding.LayerWorkspace, Run: perFolder(driverFolder),
			Repair: finding.RepairManual, RepairNote: "a GOPACKAGESDRIVER that fails is the build system's to fix, or the user's choice to turn off",
			Looks: "the go/packages driver gopls uses instead of the go command: GOPACKAGESDRIVER from the gopls build.env setting, else go.toolsEnvVars, else the environment, " +
				"else a gopackagesdriver on PATH; run as go/packages runs it (a JSON request on stdin, ./... as argument, in the folder, within 3 × --timeout); and a Bazel workspace (MODULE.bazel, WORKSPACE) using rules_go",
			Fails: "F: the driver cannot be started (not found, ${workspaceFolder} in the gopls settings, which nothing expands, a literal ~), exits non-zero, or prints something that is not a go/packages answer. " +
				"W: it does not answer in time, answers with no package or with package errors; a rules_go workspace without a driver (with rules_go's gopackagesdriver.sh setup as the fix). info: GOPACKAGESDRIVER=off, a driver that declines (NotHandled)"},
		{ID: "ws.cgo", Layer: finding.LayerWorkspace, Run: perFolder(cgoFolder), Needs: []string{"go.runs"},
			Repair: finding.RepairManual, RepairNote: "installing a C compiler needs a package manager (root); a CGO_ENABLED=0 from go env -w or a start-up file is unset automatically",
			Causes: append(append([]string(nil), loadCauses...), "ws.deps"),
			Looks:  "packages with cgo files (CgoFiles; with CGO_ENABLED=0, the ignored files that import \"C\" and would build with cgo on), the effective CGO_ENABLED and the C compiler",
			Fails:  "F: CGO_ENABLED=0 (set, or because no C compiler was found) while a package has nothing but cgo files; cgo on and no C compiler. W: cgo files left out of a package without a !cgo alternative. info: cgo packages and the compiler that builds them"},
		{ID: "ws.dlv_go", Layer: finding.LayerWorkspace, Run: perFolder(dlvGoFolder), Needs: []string{"tools.dlv.found", "ws.go_directive"},
			Repair: finding.RepairAuto, RepairNote: "go_install of the Delve release that supports the Go release building the folder, through the tools installer",
			Looks: "the Delve release of the dlv the editor finds (its build info) against the Go release that builds programs in each folder: the toolchain the go command selects there (go.work/go.mod go and toolchain lines, GOTOOLCHAIN), else the local go; decided from Delve's own table of supported Go releases (pkg/goversion/compat.go of each release), without running dlv",
			Fails: "F: a Go release outside the dlv's range (\"Version of Delve is too old for Go version X\", \"Go version X is too old for this version of Delve\"), with the first Delve release that debugs that Go (or the newest that still does), naming the Go launch configurations that fail when others pass --check-go-version=false. W instead of F: every session passes --check-go-version=false (two dashes, after =, the last repeated flag wins) — go.delveConfig.dlvFlags for sessions without dlvFlags of their own (debug test, F5 without launch.json), and each Go launch configuration's own dlvFlags, which replace the setting's. info: a dlv release newer than gomedic's table, or not a release"},
		{
			ID: "ws.gopls", Layer: finding.LayerWorkspace, Deep: true, Eager: true, Early: true, Run: goplsCheck,
			Repair:     finding.RepairManual,
			RepairNote: "what a live gopls reports (a crash, a workspace that does not load) is fixed in the code, the workspace layout or upstream; a gopls to reinstall is repaired by the tools checks",
			Looks: "(--deep) a live gopls session on the workspace over LSP, started as the Go extension starts it: the gopls it resolves, " +
				"with -mode=stdio and go.languageServerFlags, the go.toolsEnvVars environment, every workspace folder and the gopls settings; " +
				"initialize, the workspace load (started while the go command and gopls's version are still being checked), " +
				"then the Go file the editor would show: gopls.packages (v0.17.0 and later) is asked which workspace package holds it, and when none does " +
				"(or its name, a build constraint or an import of \"C\" can leave it out of its directory's package, or gopls lacks the command) it is opened as the editor opens it (textDocument/didOpen) and its diagnostics awaited; " +
				"gopls.workspace_stats, shutdown",
			Fails: "F: gopls cannot start, exits, does not answer initialize, prints something that is not LSP, or reports a load error " +
				"(a window/showMessage error or a logged load error, an error on go.mod or go.work, no workspace package where there are Go files), " +
				"or no package for the file opened (\"No packages found for open file\", with the build tags it needs as the fix; W when other packages loaded); " +
				"a folder whose modules are only in subdirectories is judged by what gopls loads once the file is open (v0.15 and later load its module), not by the packages at the root; " +
				"each blamed on the check that names its cause. W: the load does not finish within 3 × --timeout. Reports time to ready, packages loaded and peak memory",
			Needs:  []string{"tools.gopls.runs"},
			Causes: goplsCauses,
		},
		{
			ID: "ws.dlv", Layer: finding.LayerWorkspace, Deep: true, Run: dlvCheck,
			Repair:     finding.RepairManual,
			RepairNote: "ptrace, Developer Mode and Rosetta settings need root or a restart; a dlv to reinstall is a go_install the tools checks and ws.dlv_go apply",
			Needs:      dlvNeeds, Causes: dlvCauses,
			Looks: "(--deep) a live debug session as the Go extension runs one: the dlv the editor finds, started as `dlv dap --listen=127.0.0.1:<port>`, " +
				"builds and launches a scratch program (with the go and toolchain lines of the folder's go.work or go.mod, so that the go command builds it with the toolchain ws.dlv_go judges), stops at a breakpoint, reads a variable and disconnects; reports the time to the stop",
			Fails: "F: dlv cannot build the scratch program, start, launch it, set the breakpoint or stop there (ptrace forbidden, Rosetta 2, no debugserver or " +
				"Developer Mode on macOS, GOFLAGS that strip debug information or set -trimpath, GOOS/GOARCH for another machine, a Go this dlv does not support), " +
				"or it crashes, hangs or does not speak DAP. W: the check's time runs out while dlv is still building the program (it has not written the executable: a cold build cache, a loaded machine). A Go this dlv does not support is reported at ws.dlv_go, which decides it statically and names the release (ws.dlv is blocked by it); a toolchain the folder's go lines cannot get, at ws.go_directive",
		},
	}
}
