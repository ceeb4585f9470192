package classify

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// The go command's module errors: no go.mod, no module providing an import, go.sum, vendor/,
// GOPATH mode, the environment stopping a download, files left out by build constraints.

var (
	noModuleRE    = regexp.MustCompile(`no required module provides package (\S+?)[;:]`)
	goSumRE       = regexp.MustCompile(`missing go\.sum entry for module providing package (\S+)`)
	notStdRE      = regexp.MustCompile(`package (\S+) is not in std`)
	goVersionRE   = regexp.MustCompile(`go: (?:go\.mod|go\.work|module \S+) requires go >= (\S+) \(running go (\S+); GOTOOLCHAIN=(\S+)\)`)
	foundPkgsRE   = regexp.MustCompile(`^found packages (\S+) \((\S+)\) and (\S+) \((\S+)\) in (.+)$`)
	cgoCompilerRE = regexp.MustCompile(`cgo: C compiler "([^"]+)" not found`)
)

// moduleResult classifies module and go.mod errors: the first line one of moduleErrors reads.
func moduleResult(f *facts) (Result, bool) {
	for i, l := range f.lines {
		if !strings.Contains(l, "go") && !strings.Contains(l, "package") && !strings.Contains(l, "module") {
			continue // every message below names go, go.mod, go.sum, a package or a module
		}
		for _, read := range moduleErrors {
			if res, ok := read(f, i, l); ok {
				return res, true
			}
		}
	}
	return Result{}, false
}

// moduleErrors read the go command's module and go.mod errors, one line each (l, at index i of
// f.lines), tried in order on each line.
var moduleErrors = []func(f *facts, i int, l string) (Result, bool){
	func(f *facts, _ int, l string) (Result, bool) {
		if !strings.Contains(l, "go.mod file not found in current directory or any parent directory") {
			return Result{}, false
		}
		return noGoModResult(f, l), true
	},
	func(f *facts, i int, l string) (Result, bool) {
		if !strings.HasPrefix(l, "go: cannot find main module") {
			return Result{}, false
		}
		return noMainModuleResult(f, i), true
	},
	func(f *facts, _ int, l string) (Result, bool) {
		if m := gopathModeRE.FindStringSubmatch(l); m != nil {
			return gopathModeResult(f, l, m[1]), true
		}
		return Result{}, false
	},
	func(f *facts, _ int, l string) (Result, bool) {
		if !strings.Contains(l, "build constraints exclude all Go files in ") {
			return Result{}, false
		}
		return allExcludedResult(f, l), true
	},
	func(f *facts, i int, l string) (Result, bool) {
		if !strings.HasPrefix(l, "go: inconsistent vendoring in ") {
			return Result{}, false
		}
		return vendoringResult(f, i), true
	},
	func(f *facts, _ int, l string) (Result, bool) {
		if m := outsideMainRE.FindStringSubmatch(l); m != nil {
			return outsideModuleResult(f, l, m), true
		}
		return Result{}, false
	},
	noModuleLine,
	goSumLine,
	notStdLine,
	goVersionLine,
	foundPackagesLine,
	cgoCompilerLine,
}

// noModuleLine: an import no module of go.mod's requirements provides.
func noModuleLine(f *facts, _ int, l string) (Result, bool) {
	m := noModuleRE.FindStringSubmatch(l)
	if m == nil {
		return Result{}, false
	}
	res := buildResult(f, l, "the build failed: no module provides package "+m[1],
		fmt.Sprintf("The code imports %s, but no module in go.mod's requirements provides it, so the go command "+
			"cannot find its source.", m[1]))
	res.Fix = newFix(fmt.Sprintf("Add the module that provides %s to go.mod (go get downloads it and records the "+
		"version; go mod tidy does the same for every import). If the import path is misspelled, fix it instead.", m[1]),
		"cd "+shell.Quote(f.dir())+" && go get "+m[1])
	return res, true
}

// goSumLine: go.sum lacks a module's checksum.
func goSumLine(f *facts, _ int, l string) (Result, bool) {
	m := goSumRE.FindStringSubmatch(l)
	if m == nil {
		return Result{}, false
	}
	res := buildResult(f, l, "the build failed: missing go.sum entry for "+m[1],
		"go.sum lacks the checksum of the module providing "+m[1]+", so the go command refuses to use it "+
			"(go.mod was edited by hand, or go.sum was not committed).")
	res.Fix = newFix("Let the go command record the missing checksums.",
		"cd "+shell.Quote(f.dir())+" && go mod tidy")
	return res, true
}

// notStdLine: an import path without a dot that is no standard package.
func notStdLine(f *facts, _ int, l string) (Result, bool) {
	m := notStdRE.FindStringSubmatch(l)
	if m == nil {
		return Result{}, false
	}
	res := buildResult(f, l, "the build failed: package "+m[1]+" does not exist",
		fmt.Sprintf("The code imports %q, a path without a dot, which the go command looks for in the standard "+
			"library, and there is no such standard package.", m[1]))
	res.Fix = newFix(fmt.Sprintf("Check the spelling of the import %q (an editor's organize-imports, or goimports, "+
		"fixes most). A package of your own module is imported by its full path: <module path>/%s.", m[1], m[1]))
	return res, true
}

// goVersionLine: go.mod needs a newer Go, and GOTOOLCHAIN forbids fetching it.
func goVersionLine(f *facts, _ int, l string) (Result, bool) {
	m := goVersionRE.FindStringSubmatch(l)
	if m == nil {
		return Result{}, false
	}
	res := buildResult(f, l, "the build failed: go.mod needs go "+m[1]+", this is go "+m[2],
		fmt.Sprintf("go.mod says the module needs Go %s or newer, and the go command is %s with GOTOOLCHAIN=%s, "+
			"so it will not download the newer toolchain.", m[1], m[2], m[3]))
	res.Fix = newFix("Let the go command fetch the toolchain go.mod asks for (GOTOOLCHAIN=auto), install Go "+m[1]+
		", or, if the module does not need it, lower the go line.",
		"go env -w GOTOOLCHAIN=auto",
		"cd "+shell.Quote(f.dir())+" && go mod edit -go="+m[2])
	return res, true
}

// foundPackagesLine: two package clauses in one directory.
func foundPackagesLine(f *facts, _ int, l string) (Result, bool) {
	m := foundPkgsRE.FindStringSubmatch(l)
	if m == nil {
		return Result{}, false
	}
	res := buildResult(f, l, fmt.Sprintf("the build failed: two packages in one directory (%s and %s)", m[1], m[3]),
		fmt.Sprintf("Every .go file in a directory must belong to the same package; %s says package %s and %s "+
			"says package %s.", m[2], m[1], m[4], m[3]))
	res.Fix = newFix("Give all the files the same package clause, or move one of them to its own directory.")
	return res, true
}

// cgoCompilerLine: cgo's C compiler is missing.
func cgoCompilerLine(f *facts, _ int, l string) (Result, bool) {
	m := cgoCompilerRE.FindStringSubmatch(l)
	if m == nil {
		return Result{}, false
	}
	res := buildResult(f, l, "the build failed: the C compiler "+m[1]+" is not installed",
		"The package (or a dependency) uses cgo, which needs a C compiler, and "+m[1]+" was not found.")
	res.Fix = newFix("Install a C compiler (gcc or clang), or build without cgo when the code allows it (CGO_ENABLED=0).",
		"go env -w CGO_ENABLED=0")
	return res, true
}

func noGoModResult(f *facts, line string) Result {
	dir := f.dir()
	res := buildResult(f, line, "the build failed: there is no go.mod",
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
		return res
	}
	res.Fix = newFix("Create the module in the project's root directory, then let go mod tidy add the requirements of its imports.",
		"cd "+shell.Quote(dir)+" && go mod init "+moduleName(dir)+" && go mod tidy")
	return res
}

// outsideMainRE is the go command's refusal of a package or pattern outside the main module:
// "main module (example.com/root) does not contain package example.com/root/app", and "pattern
// ./app/...: directory prefix app does not contain main module or its selected dependencies".
var outsideMainRE = regexp.MustCompile(`main module \(([^)]+)\) does not contain package (\S+)|directory prefix (\S+) does not contain main module`)

func outsideModuleResult(f *facts, line string, m []string) Result {
	what := m[2]
	if what == "" {
		what = m[3]
	}
	res := buildResult(f, line, "the build failed: "+what+" is outside the main module",
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
		return res
	}
	res.Fix = newFix("Run the go command from the directory of the module that holds the package, or make a go.work that " +
		"uses both modules (go work init . ./sub).")
	return res
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

func noMainModuleResult(f *facts, i int) Result {
	res := buildResult(f, f.lines[i], "the build failed: no go.mod above the repository root",
		"The go command builds packages inside a module; it found a repository root but no go.mod.")
	res.Fix = newFix("Create the module at the repository's root, as the go command suggests.")
	for j := i + 1; j < len(f.lines) && j < i+4; j++ {
		if c := strings.TrimSpace(f.lines[j]); strings.Contains(c, "go mod init") {
			res.Details = append(res.Details, f.lines[j])
			root := f.dir()
			if k := strings.LastIndex(f.lines[i], " in "); k >= 0 {
				root = strings.TrimSpace(f.lines[i][k+4:]) // "... found .git/config in /src/repo"
			}
			res.Fix.Commands = []string{"cd " + shell.Quote(f.dir()) + " && " + c + " " + moduleName(root)}
		}
	}
	return res
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
	c, ok := envCauses[goReason(f.in)]
	if !ok {
		return Result{}, false
	}
	line := firstGoError(f.lines)
	res := Result{ID: BuildFailed, Title: "the build failed: " + c.title,
		Explanation: c.explanation + " The program was not built, so it never ran.",
		Fix: newFix(c.fix+" gomedic check names the setting, where it was made, and the exact fix.",
			"gomedic check --layer "+c.layers+" "+shell.Quote(f.dir()))}
	if line != "" {
		res.Details = []string{line}
		if m := diagRE.FindStringSubmatch(line); m != nil {
			res.Location = diagLocation(m)
		}
	}
	return res, true
}

// goReason is gocmd's reading of why a failed go command failed, from the end of its output
// (where the go command's verdict is; a test run's output before it can be megabytes).
func goReason(in Input) gocmd.Reason {
	if in.ExitCode == 0 {
		return ""
	}
	const end = 32 << 10
	r, _ := gocmd.Parse(strings.TrimSpace(string(text.Tail(in.Stdout, end)) + "\n" + string(text.Tail(in.Stderr, end)))).Reason()
	return r
}

// firstGoError is the go command's first line that says what failed: "go: ...", a diagnostic
// naming a file, or any other line that is not progress ("go: downloading ...").
func firstGoError(lines []string) string {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || isGoProgress(t) || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "FAIL") {
			continue
		}
		return t
	}
	return ""
}

// vendoringResult: vendor/modules.txt does not match go.mod, and the build uses vendor/ (the
// default when vendor/ exists and the go line is 1.14 or newer, or -mod=vendor in GOFLAGS).
func vendoringResult(f *facts, i int) Result {
	res := buildResult(f, f.lines[i], "the build failed: vendor/ does not match go.mod", "")
	for _, l := range f.lines[i+1 : min(len(f.lines), i+6)] {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "To ") {
			break
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
		return res
	}
	res.Explanation = "The module has a vendor directory and its go line is 1.14 or newer, so the go command builds " +
		"from vendor/ by default, and vendor/modules.txt does not match go.mod (go.mod was changed after the last go " +
		"mod vendor). The program was not built, so it never ran."
	res.Fix = newFix("Bring vendor/ in line with go.mod; or, if the module should not vendor, delete vendor/ (or build with "+
		"-mod=mod).", "cd "+shell.Quote(f.dir())+" && go mod vendor")
	return res
}

// gopathModeRE is the go command's import error in GOPATH mode (modules off): it looked in
// GOROOT/src and GOPATH/src only.
var gopathModeRE = regexp.MustCompile(`cannot find package "([^"]+)" in any of:`)

func gopathModeResult(f *facts, line, pkg string) Result {
	res := buildResult(f, line, "the build failed: modules are off, and "+pkg+" is not in GOPATH", "")
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
	return res
}

// allExcludedResult: every .go file of the package is left out by build constraints on this
// platform (//go:build windows, a _darwin.go name, import "C" with cgo off).
func allExcludedResult(f *facts, line string) Result {
	res := buildResult(f, line, "the build failed: build constraints leave out every file of the package", "")
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
	return res
}
