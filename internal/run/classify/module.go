package classify

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// The go command's module errors: no go.mod, no module providing an import, go.sum, vendor/,
// GOPATH mode, the environment stopping a download, files left out by build constraints.

// moduleResult classifies module and go.mod errors: the first line one of moduleReaders reads.
func moduleResult(f *facts) (Result, bool) {
	return f.readFirst(moduleReaders)
}

// moduleReaders read the go command's module and go.mod errors, tried in order on each line.
var moduleReaders = []causeReader{
	{gocmd.NoGoMod, noGoModResult},
	{gocmd.NoMainModule, noMainModuleResult},
	{gocmd.GOPATHNotFound, gopathModeResult},
	{gocmd.ExcludedAll, allExcludedResult},
	{gocmd.InconsistentVendoring, vendoringResult},
	{gocmd.OutsideMainModule, outsideModuleResult},
	{gocmd.NoRequiredModule, noModuleResult},
	{gocmd.MissingGoSum, goSumResult},
	{gocmd.NotInStd, notStdResult},
	{gocmd.TooNew, goVersionResult},
	{gocmd.FoundPackages, foundPackagesResult},
	{gocmd.NoCCompiler, cgoCompilerResult},
}

// noModuleResult: an import no module of go.mod's requirements provides.
func noModuleResult(f *facts, c gocmd.Cause) (Result, bool) {
	pkg := c.Package
	res := buildResult(f, c.N, "the build failed: no module provides package "+pkg,
		fmt.Sprintf("The code imports %s, but no module in go.mod's requirements provides it, so the go command "+
			"cannot find its source.", pkg))
	res.Fix = newFix(fmt.Sprintf("Add the module that provides %s to go.mod (go get downloads it and records the "+
		"version; go mod tidy does the same for every import). If the import path is misspelled, fix it instead.", pkg),
		"cd "+shell.Quote(f.dir())+" && go get "+pkg)
	return res, true
}

// goSumResult: go.sum lacks the checksum of the module providing a package.
func goSumResult(f *facts, c gocmd.Cause) (Result, bool) {
	if c.Package == "" {
		return Result{}, false // a module's go.mod: the go command's own message says what to run
	}
	res := buildResult(f, c.N, "the build failed: missing go.sum entry for "+c.Package,
		"go.sum lacks the checksum of the module providing "+c.Package+", so the go command refuses to use it "+
			"(go.mod was edited by hand, or go.sum was not committed).")
	res.Fix = newFix("Let the go command record the missing checksums.",
		"cd "+shell.Quote(f.dir())+" && go mod tidy")
	return res, true
}

// notStdResult: an import path without a dot that is no standard package.
func notStdResult(f *facts, c gocmd.Cause) (Result, bool) {
	pkg := c.Package
	res := buildResult(f, c.N, "the build failed: package "+pkg+" does not exist",
		fmt.Sprintf("The code imports %q, a path without a dot, which the go command looks for in the standard "+
			"library, and there is no such standard package.", pkg))
	res.Fix = newFix(fmt.Sprintf("Check the spelling of the import %q (an editor's organize-imports, or goimports, "+
		"fixes most). A package of your own module is imported by its full path: <module path>/%s.", pkg, pkg))
	return res, true
}

// goVersionResult: go.mod (or go.work) needs a newer Go, and GOTOOLCHAIN forbids fetching it.
func goVersionResult(f *facts, c gocmd.Cause) (Result, bool) {
	file := path.Base(toSlash(c.Path))
	if c.Toolchain == "" || (file != "go.mod" && file != "go.work" && !strings.HasPrefix(c.What, "module ")) {
		return Result{}, false // a dependency's requirement, or no GOTOOLCHAIN to name
	}
	res := buildResult(f, c.N, "the build failed: go.mod needs go "+c.GoVersion+", this is go "+c.Running,
		fmt.Sprintf("go.mod says the module needs Go %s or newer, and the go command is %s with GOTOOLCHAIN=%s, "+
			"so it will not download the newer toolchain.", c.GoVersion, c.Running, c.Toolchain))
	res.Fix = newFix("Let the go command fetch the toolchain go.mod asks for (GOTOOLCHAIN=auto), install Go "+c.GoVersion+
		", or, if the module does not need it, lower the go line.",
		"go env -w GOTOOLCHAIN=auto",
		"cd "+shell.Quote(f.dir())+" && go mod edit -go="+c.Running)
	return res, true
}

// foundPackagesResult: two package clauses in one directory.
func foundPackagesResult(f *facts, c gocmd.Cause) (Result, bool) {
	res := buildResult(f, c.N, fmt.Sprintf("the build failed: two packages in one directory (%s and %s)", c.Package, c.Value),
		fmt.Sprintf("Every .go file in a directory must belong to the same package; %s says package %s and %s "+
			"says package %s.", c.Pos.File, c.Package, c.Other.File, c.Value))
	res.Fix = newFix("Give all the files the same package clause, or move one of them to its own directory.")
	return res, true
}

// cgoCompilerResult: cgo's C compiler is missing.
func cgoCompilerResult(f *facts, c gocmd.Cause) (Result, bool) {
	cc := c.Value
	if cc == "" {
		return Result{}, false // no compiler named (xcrun's own message)
	}
	res := buildResult(f, c.N, "the build failed: the C compiler "+cc+" is not installed",
		"The package (or a dependency) uses cgo, which needs a C compiler, and "+cc+" was not found.")
	res.Fix = newFix("Install a C compiler (gcc or clang), or build without cgo when the code allows it (CGO_ENABLED=0).",
		"go env -w CGO_ENABLED=0")
	return res, true
}

// noGoModResult: there is no go.mod where the go command ran, or above.
func noGoModResult(f *facts, c gocmd.Cause) (Result, bool) {
	dir := f.dir()
	res := buildResult(f, c.N, "the build failed: there is no go.mod",
		"The go command builds packages inside a module, and there is no go.mod in "+dir+" or any directory above "+
			"it. (go run main.go works without one as long as the file imports only the standard library; a "+
			"package directory, or any import from outside the standard library, needs a module.)")
	if mods := f.in.ArgModules; len(mods) > 0 {
		m := mods[0]
		res.Title = "the build failed: " + m.Arg + " is in another module, and the go command was run outside it"
		res.Explanation = "The go command takes the main module from its working directory (" + dir + "), never from " +
			"the path of the package it is given, and there is no go.mod in " + dir + " or above it. " + m.Arg +
			" belongs to the module in " + m.Root + " (its go.mod is not seen from here)."
		nestedFix(f, &res, m)
		return res, true
	}
	res.Fix = newFix("Create the module in the project's root directory, then let go mod tidy add the requirements of its imports.",
		"cd "+shell.Quote(dir)+" && go mod init "+moduleName(dir)+" && go mod tidy")
	return res, true
}

// outsideModuleResult: the go command refused a package or pattern outside the main module:
// "main module (example.com/root) does not contain package example.com/root/app", "pattern
// ./app/...: directory prefix app does not contain main module or its selected dependencies".
func outsideModuleResult(f *facts, c gocmd.Cause) (Result, bool) {
	what := c.Package
	if what == "" {
		what = c.Path
	}
	res := buildResult(f, c.N, "the build failed: "+what+" is outside the main module",
		"The go command takes the main module from its working directory ("+f.dir()+"), never from the path of "+
			"the package it is given, and "+what+" is not part of that module: it is in a directory the go command "+
			"does not treat as the module's: it does not exist, there is no main module at all, or (most often) it has a go.mod of its own, which makes it another module.")
	if mods := f.in.ArgModules; len(mods) > 0 {
		am := mods[0]
		res.Title = "the build failed: " + am.Arg + " is in another module (" + am.Root + ")"
		res.Explanation = "The go command takes the main module from its working directory (" + f.dir() + "), never " +
			"from the path of the package it is given. " + am.Arg + " has a go.mod of its own in " + am.Root +
			", which makes it a separate module that the main module does not contain."
		nestedFix(f, &res, am)
		return res, true
	}
	res.Fix = newFix("Run the go command from the directory of the module that holds the package, or make a go.work that " +
		"uses both modules (go work init . ./sub).")
	return res, true
}

// nestedFix is the fix for a package argument in a module below the working directory: run from
// there, or use a go.work.
func nestedFix(f *facts, res *Result, m ArgModule) {
	res.Explanation += " The program was not built, so it never ran."
	res.Fix = newFix("Run the go command from the module's directory (what an editor does when it opens that folder), " +
		"or create a go.work in " + f.dir() + " that uses both (go work init, then go work use " + shell.Quote(m.Root) + ").")
	if len(f.in.Args) > 1 {
		line := []string{"go"}
		for _, a := range f.in.Args[1:] {
			if a == m.Arg {
				a = m.Rel
			}
			line = append(line, a)
		}
		res.Fix.Commands = []string{"cd " + shell.Quote(m.Root) + " && " + shell.Join(line)}
	}
}

// noMainModuleResult: no go.mod, in a repository whose root the go command found (c.Path); it
// says how to create the module there.
func noMainModuleResult(f *facts, c gocmd.Cause) (Result, bool) {
	res := buildResult(f, c.N, "the build failed: no go.mod above the repository root",
		"The go command builds packages inside a module; it found a repository root but no go.mod.")
	res.Fix = newFix("Create the module at the repository's root, as the go command suggests.")
	root := c.Path // "... found .git/config in /src/repo"
	if root == "" {
		root = f.dir()
	}
	for _, m := range c.More[:min(len(c.More), 3)] {
		if strings.Contains(m, "go mod init") {
			res.Details = append(res.Details, m)
			res.Fix.Commands = []string{"cd " + shell.Quote(f.dir()) + " && " + m + " " + moduleName(root)}
		}
	}
	return res, true
}

// moduleName proposes a module path for go mod init from a directory's name.
func moduleName(dir string) string {
	base := path.Base(toSlash(filepath.Clean(dir)))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || base == "." || base == "/" {
		return "example.com/app"
	}
	return "example.com/" + strings.Trim(b.String(), ".")
}

// envCause is a build failure whose cause is the environment, not the code: the go command could
// not download a module, is told not to, or cannot use its caches. The words here say what
// happened to the build; gomedic check names the setting and where it was made, with its fix.
type envCause struct {
	title, explanation, fix string
	layers                  string // gomedic check --layer ...
}

// envCauses are the reasons a go command failed (gocmd's reading of its messages, the same as
// gomedic tools install's) that mean the environment stopped the build.
var envCauses = map[gocmd.Reason]envCause{
	gocmd.ReasonProxyUnreachable: {"a module could not be downloaded: the module proxy did not answer",
		"The build needs a module that is not in the module cache, and the GOPROXY server (or the network on the way) did not answer.",
		"Check the network, GOPROXY and the HTTP(S)_PROXY variables.", "net"},
	gocmd.ReasonConnectionRefused: {"a module could not be downloaded: connection refused",
		"The build needs a module that is not in the module cache, and nothing listens at the address of the GOPROXY server (or the proxy on the way).",
		"Point GOPROXY (or HTTPS_PROXY) at a server that runs, or start it.", "net"},
	gocmd.ReasonDNS: {"a module could not be downloaded: a server's name cannot be looked up",
		"The build needs a module that is not in the module cache, and the name of the GOPROXY server (or of the module's repository) could not be resolved.",
		"Check the network and DNS, and the spelling of GOPROXY.", "net"},
	gocmd.ReasonProxyConnect: {"a module could not be downloaded: the HTTP proxy failed",
		"The build needs a module that is not in the module cache, and the HTTP(S)_PROXY the go command goes through refused or failed the connection.",
		"Fix or unset HTTPS_PROXY / HTTP_PROXY (or add the server to NO_PROXY).", "net"},
	gocmd.ReasonTLS: {"a module could not be downloaded: the server's certificate is not trusted",
		"The build needs a module that is not in the module cache, and the TLS certificate of the server was not trusted (a corporate proxy that re-signs traffic, a missing CA bundle).",
		"Install the CA certificate the network uses into the system's store (or set SSL_CERT_FILE).", "net"},
	gocmd.ReasonHTTP403: {"a module could not be downloaded: access refused (403)",
		"The build needs a module that is not in the module cache, and the server refused access to it: a private module fetched through the public proxy, or missing credentials.",
		"For a private module, set GOPRIVATE to its path prefix (it is then fetched directly, with your git credentials).", "net"},
	gocmd.ReasonHTTP404: {"a module could not be downloaded: not found (404)",
		"The build needs a module the proxy does not have: a misspelt import path, a private module fetched through the public proxy, or a version that does not exist.",
		"Check the import path and the version in go.mod; for a private module set GOPRIVATE to its path prefix.", "net"},
	gocmd.ReasonHTTP410: {"a module could not be downloaded: gone (410)",
		"The build needs a module the proxy says is gone (a version withdrawn from the proxy, or a private module the public proxy refuses).",
		"For a private module set GOPRIVATE to its path prefix; otherwise require another version.", "net"},
	gocmd.ReasonGoproxyOff: {"a module is not in the module cache, and GOPROXY=off forbids downloading it",
		"The build needs a module that is not in the module cache, and GOPROXY=off tells the go command never to download.",
		"Download the modules once with a working GOPROXY (go mod download), or unset GOPROXY=off.", "env,net"},
	gocmd.ReasonModulesOff: {"modules are turned off (GO111MODULE=off)",
		"GO111MODULE=off makes the go command ignore go.mod and look for imports in GOPATH/src, where this code's dependencies are not.",
		"Unset GO111MODULE (from the environment, or with go env -u GO111MODULE when it was set with go env -w).", "env"},
	gocmd.ReasonModVendor: {"the build is told to use a vendor directory (-mod=vendor) that does not match go.mod",
		"With -mod=vendor (from GOFLAGS, or the default when a vendor directory exists and the go line is 1.14 or newer) the go command builds only from vendor/, which lacks modules go.mod requires or does not match it.",
		"Run go mod vendor to bring vendor/ in line with go.mod, or, if you do not vendor, remove -mod=vendor from GOFLAGS (or delete vendor/).", "env"},
	gocmd.ReasonToolchainUnavailable: {"the Go toolchain go.mod asks for could not be had",
		"go.mod's go or toolchain line asks for a newer Go than this one, and the go command could not download it: " +
			"the release does not exist (\"not available\": a typo, or a version from the future), the module proxy " +
			"cannot be reached, or GOTOOLCHAIN forbids switching.",
		"If the release exists, let the go command download it (a reachable GOPROXY, GOTOOLCHAIN=auto) or install " +
			"it; if it does not, lower the lines to a release you have: go mod edit -go=<your version> " +
			"-toolchain=none.", "go,env,net,workspace"},
	gocmd.ReasonBuildCache: {"the go command cannot use its build cache",
		"The go command needs its build cache (GOCACHE) to build, and it is off, not absolute, or cannot be written.",
		"Point GOCACHE at a writable absolute directory (or unset it).", "env"},
	gocmd.ReasonModuleCache: {"the go command cannot use its module cache",
		"The go command keeps downloaded modules in GOMODCACHE, and it cannot be created or is not an absolute path.",
		"Point GOMODCACHE (or GOPATH) at a writable absolute directory.", "env"},
	gocmd.ReasonChecksumMismatch: {"a module's download does not match its checksum",
		"The module the go command downloaded is not the one go.sum (or the checksum database) records: the proxy serves other content, a tag was moved, or go.sum was edited.",
		"Find out which is right before anything else; if go.sum is wrong, remove its lines for that module and run go mod tidy.", "net"},
}

// envCauseResult is a build that failed because of the environment (envCauses).
func envCauseResult(f *facts) (Result, bool) {
	if f.in.Phase != PhaseBuild && f.in.Phase != PhaseTest && f.goCmd == "" {
		return Result{}, false
	}
	c, ok := envCauses[f.goReason()]
	if !ok {
		return Result{}, false
	}
	res := Result{ID: BuildFailed, Title: "the build failed: " + c.title,
		Explanation: c.explanation + " The program was not built, so it never ran.",
		Fix: newFix(c.fix+" gomedic check names the setting, where it was made, and the exact fix.",
			"gomedic check --layer "+c.layers+" "+shell.Quote(f.dir()))}
	if line, n := f.firstGoError(f.lines); line != "" {
		res.Details = []string{line}
		if d, ok := f.at(n, gocmd.CompileError, gocmd.VetReport); ok {
			res.Location = d.Pos.String()
		}
	}
	return res, true
}

// reasonTail is how much of the end of each stream goReason reads.
const reasonTail = 32 << 10

// goReason is gocmd's reading of why a failed go command failed, from the end of its output
// (where the go command's verdict is; a test run's output before it can be megabytes): the
// messages of the last reasonTail bytes of stdout, then of stderr.
func (f *facts) goReason() gocmd.Reason {
	if f.in.ExitCode == 0 {
		return ""
	}
	nErr := len(f.errLns)
	errFrom := tailStart(f.errLns, reasonTail)
	outFrom := nErr + tailStart(f.lines[nErr:], reasonTail)
	var cs gocmd.Causes
	for _, c := range f.causes() {
		if c.N >= outFrom {
			cs = append(cs, c)
		}
	}
	for _, c := range f.causes() {
		if c.N >= errFrom && c.N < nErr {
			cs = append(cs, c)
		}
	}
	r, _ := cs.Reason()
	return r
}

// tailStart is the index of the first of lines wholly within their last n bytes.
func tailStart(lines []string, n int) int {
	i, size := len(lines), 0
	for i > 0 && size+len(lines[i-1])+1 <= n {
		size += len(lines[i-1]) + 1
		i--
	}
	return i
}

// firstGoError is the go command's first line (of lines, a prefix of f.lines) that says what
// failed: "go: ...", a diagnostic naming a file, or any other line that is not progress ("go:
// downloading ..."), trimmed, and its index; "", -1 when there is none.
func (f *facts) firstGoError(lines []string) (string, int) {
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || f.isProgress(i) || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "FAIL") {
			continue
		}
		return t, i
	}
	return "", -1
}

// vendoringResult: vendor/modules.txt does not match go.mod, and the build uses vendor/ (the
// default when vendor/ exists and the go line is 1.14 or newer, or -mod=vendor in GOFLAGS).
func vendoringResult(f *facts, c gocmd.Cause) (Result, bool) {
	res := buildResult(f, c.N, "the build failed: vendor/ does not match go.mod", "")
	for _, t := range c.More[:min(len(c.More), 5)] {
		if strings.HasPrefix(t, "To ") {
			break // the go command's advice, not a detail
		}
		res.Details = append(res.Details, t)
	}
	fromFlags := false
	for _, fl := range strings.Fields(f.in.GoFlags) {
		if fl == "-mod=vendor" || fl == "--mod=vendor" {
			fromFlags = true
		}
	}
	if fromFlags {
		res.Title = "the build failed: GOFLAGS has -mod=vendor, and vendor/ does not match go.mod"
		res.Explanation = "GOFLAGS holds -mod=vendor, so the go command builds only from the module's vendor directory, " +
			"and vendor/modules.txt does not list what go.mod requires (or there is no vendor directory at all). The " +
			"program was not built, so it never ran."
		res.Fix = newFix("If this module does not vendor its dependencies, remove -mod=vendor from GOFLAGS (it applies to "+
			"every module, and breaks go install too); if it does, bring vendor/ in line with go.mod.",
			"gomedic check --only env.goflags",
			"cd "+shell.Quote(f.dir())+" && go mod vendor")
		return res, true
	}
	res.Explanation = "The module has a vendor directory and its go line is 1.14 or newer, so the go command builds " +
		"from vendor/ by default, and vendor/modules.txt does not match go.mod (go.mod was changed after the last go " +
		"mod vendor). The program was not built, so it never ran."
	res.Fix = newFix("Bring vendor/ in line with go.mod; or, if the module should not vendor, delete vendor/ (or build with "+
		"-mod=mod).", "cd "+shell.Quote(f.dir())+" && go mod vendor")
	return res, true
}

// gopathModeResult: the go command's import error in GOPATH mode (modules off): it looked in
// GOROOT/src and GOPATH/src only.
func gopathModeResult(f *facts, c gocmd.Cause) (Result, bool) {
	pkg := c.Package
	res := buildResult(f, c.N, "the build failed: modules are off, and "+pkg+" is not in GOPATH", "")
	why := "GO111MODULE=off"
	switch strings.ToLower(f.in.GO111MODULE) {
	case "off":
	case "auto":
		why = "GO111MODULE=auto with no go.mod in this directory or above it"
	default:
		why = "GOPATH mode (GO111MODULE=off, or no go.mod with GO111MODULE=auto)"
	}
	res.Explanation = fmt.Sprintf("The go command ran in GOPATH mode (%s): it ignores go.mod and looks for imports "+
		"only in GOROOT/src and GOPATH/src, and %s is in neither. The program was not built, so it never ran.", why, pkg)
	if strings.EqualFold(f.in.GO111MODULE, "off") {
		res.Fix = newFix("Turn modules back on: unset GO111MODULE (go env -u GO111MODULE when it was saved with go env -w; "+
			"remove it from your shell's startup file when it is exported there). gomedic check says where it was set.",
			"gomedic check --only env.go111module")
	} else {
		res.Fix = newFix("Create the module (go mod init, then go mod tidy) so that the go command works in module mode.",
			"cd "+shell.Quote(f.dir())+" && go mod init "+moduleName(f.dir())+" && go mod tidy")
	}
	return res, true
}

// allExcludedResult: every .go file of the package is left out by build constraints on this
// platform (//go:build windows, a _darwin.go name, import "C" with cgo off).
func allExcludedResult(f *facts, c gocmd.Cause) (Result, bool) {
	res := buildResult(f, c.N, "the build failed: build constraints leave out every file of the package", "")
	src := f.in.Source
	var reasons, names []string
	cgoOff := false
	if src != nil {
		for n := range src.Excluded {
			names = append(names, n)
			if !strings.HasSuffix(n, "_test.go") {
				reasons = append(reasons, n+": "+src.Excluded[n])
			}
		}
		sort.Strings(names)
		sort.Strings(reasons)
		if f.in.CgoEnabled == "0" {
			for _, n := range src.CgoFiles {
				if !strings.HasSuffix(n, "_test.go") {
					cgoOff = true
					reasons = append(reasons, n+`: import "C", and cgo is off (CGO_ENABLED=0, set so or because no C compiler was found)`)
				}
			}
		}
	}
	res.Explanation = "Each .go file of the package has a build constraint that this build does not meet, so " +
		"there is nothing to build"
	if len(reasons) > 0 {
		res.Explanation += ": " + strings.Join(text.CapList(reasons, 5), "; ")
		res.Details = append(res.Details, reasons...)
	}
	res.Explanation += ". The program was not built, so it never ran."
	var tags []string
	if src != nil {
		tags = buildTags(src.Excluded, names)
	}
	switch {
	case cgoOff:
		res.Fix = newFix("The package uses cgo (import \"C\") and cgo is off: turn it on (CGO_ENABLED=1) with a C compiler "+
			"installed; gomedic check says why it is off.", "gomedic check --only env.cgo")
	case len(tags) > 0:
		res.Fix = newFix("Build with the tags the files ask for.",
			"cd "+shell.Quote(f.dir())+" && go run -tags "+strings.Join(tags, ",")+" "+f.target())
	default:
		res.Fix = newFix("The files are written for another platform: build them there (or cross-compile with GOOS and " +
			"GOARCH, without running), or add a file for this platform.")
	}
	return res, true
}
