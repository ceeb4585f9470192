package classify

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// The go command's own failures: the program never ran.

var (
	// diagRE is a compiler or vet diagnostic: "./main.go:5:2: undefined: x", "vet: ./x.go:6:14: ...",
	// "main.go:3:8: no required module provides package ...".
	diagRE        = regexp.MustCompile(`^(?:vet: )?([^\s:][^:]*\.go):(\d+)(?::(\d+))?: (.+)$`)
	notMainRE     = regexp.MustCompile(`^package (\S+) is not a main package$`)
	noModuleRE    = regexp.MustCompile(`no required module provides package (\S+?)[;:]`)
	goSumRE       = regexp.MustCompile(`missing go\.sum entry for module providing package (\S+)`)
	notStdRE      = regexp.MustCompile(`package (\S+) is not in std`)
	goVersionRE   = regexp.MustCompile(`go: (?:go\.mod|go\.work|module \S+) requires go >= (\S+) \(running go (\S+); GOTOOLCHAIN=(\S+)\)`)
	foundPkgsRE   = regexp.MustCompile(`^found packages (\S+) \((\S+)\) and (\S+) \((\S+)\) in (.+)$`)
	cgoCompilerRE = regexp.MustCompile(`cgo: C compiler "([^"]+)" not found`)
)

// vetChecks are the checks go test runs (go help test), and words that identify their messages.
var vetChecks = []struct {
	name, what string
	marks      []string
}{
	{"printf", "a Printf-style call whose format does not match its arguments", []string{"format %", "formatting directive", "Printf", "Sprintf", "Errorf", "Fprintf", "Logf", "Fatalf", "non-constant format string", "redundant newline", "needs 1 arg", "needs 2 args", "args but has"}},
	{"tests", "a test, benchmark, fuzz test or example with a malformed name or signature", []string{"malformed name", "malformed example suffix", "should have signature", "refers to unknown", "has malformed"}},
	{"errorsas", "errors.As given a second argument that is not a pointer to an error type", []string{"errors.As"}},
	{"ifaceassert", "a type assertion that can never succeed", []string{"impossible type assertion"}},
	{"nilfunc", "a function compared with nil (always false)", []string{"comparison of function"}},
	{"stringintconv", "string(int), which makes a one-rune string, not the number's digits", []string{"yields a string of one rune"}},
	{"bool", "a redundant or suspect boolean expression", []string{"redundant or:", "redundant and:", "suspect or:", "suspect and:"}},
	{"atomic", "x = atomic.AddT(&x, ...), which races", []string{"direct assignment to atomic value"}},
	{"buildtags", "a malformed or misplaced build constraint", []string{"+build", "//go:build"}},
	{"directive", "a malformed or misplaced //go: directive", []string{"//go:debug", "directive"}},
}

// goCmdBlock is the go command's output: compile or vet diagnostics under their "# pkg" headers,
// and the go command's own errors.
type goCmdBlock struct {
	compile []string // "./main.go:6:14: undefined: x"
	vet     []string // diagnostics under a "# [pkg]" header (go test's vet) or from go vet
	pkg     string   // the first "# pkg" header's package
	failed  bool     // "FAIL pkg [build failed]" / "[setup failed]"
}

func readGoCmdBlock(f *facts) goCmdBlock {
	var b goCmdBlock
	section := ""
	for _, l := range f.lines {
		switch {
		case strings.HasPrefix(l, "# ["):
			section = "vet"
		case strings.HasPrefix(l, "# "):
			section = "compile"
			if fields := strings.Fields(l[2:]); b.pkg == "" && len(fields) > 0 {
				b.pkg = fields[0]
			}
		case strings.HasPrefix(l, "FAIL\t") && (strings.HasSuffix(l, "[build failed]") || strings.HasSuffix(l, "[setup failed]")):
			b.failed = true
		case strings.Contains(l, ".go:") && diagRE.MatchString(l):
			switch {
			case strings.HasPrefix(l, "vet: "):
				b.compile = append(b.compile, strings.TrimPrefix(l, "vet: ")) // a type error found by vet
			case section == "vet" || (section == "" && f.goCmd == "vet"):
				b.vet = append(b.vet, l)
			case section == "compile" || f.in.Phase == PhaseBuild || f.goCmd == "build":
				b.compile = append(b.compile, l)
			}
		case l == "" || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, " "):
		default:
			section = ""
		}
	}
	return b
}

// recogniseGoCommand classifies the go command's own failures: the build (compile errors,
// modules, go.mod), go test's vet step, and a package that is not a program.
func recogniseGoCommand(f *facts) (Result, bool) {
	if f.in.ExitCode == 0 || f.in.StartErr != "" || f.in.TimedOut || f.in.Signal != "" {
		return Result{}, false // it succeeded, or never started, or was stopped: not the go command's verdict
	}
	for _, l := range f.lines {
		if !strings.Contains(l, "main") {
			continue
		}
		if m := notMainRE.FindStringSubmatch(l); m != nil {
			return notMainResult(f, m[1], l), true
		}
		if strings.Contains(l, "cannot run non-main package") {
			return notMainResult(f, "", l), true
		}
		if strings.Contains(l, "function main is undeclared in the main package") {
			return noMainResult(f, l), true
		}
	}
	if res, ok := goCmdSetupResult(f); ok {
		return alsoFailed(f, res), true
	}
	b := readGoCmdBlock(f)
	if len(b.vet) > 0 && len(b.compile) == 0 {
		return vetResult(f, b), true
	}
	if res, ok := moduleResult(f); ok {
		return alsoFailed(f, res), true
	}
	if res, ok := envCauseResult(f); ok {
		return alsoFailed(f, res), true
	}
	if len(b.compile) > 0 {
		return alsoFailed(f, compileResult(f, b)), true
	}
	if res, ok := goErrorResult(f, b); ok {
		return alsoFailed(f, res), true
	}
	return Result{}, false
}

// alsoFailed adds, to a build failure of go test over several packages, the tests that failed in
// the packages that did build: the build failure is reported first (nothing of that package ran),
// the rest are not lost.
func alsoFailed(f *facts, res Result) Result {
	if f.goCmd != "test" && f.in.Phase != PhaseTest {
		return res
	}
	fails := leaves(testFailures(f.lines))
	if len(fails) == 0 {
		return res
	}
	var names []string
	for _, t := range fails {
		name := t.name
		if t.loc != "" {
			name += " (" + t.loc + ")"
		}
		names = append(names, name)
	}
	res.Explanation = strings.Replace(res.Explanation, "so the program never ran", "so its tests never ran", 1)
	res.Explanation += fmt.Sprintf(" The packages that did build ran their tests, and %s failed: %s.",
		plural(len(fails), "test"), strings.Join(text.CapList(names, 8), ", "))
	for _, t := range fails[:min(len(fails), 8)] {
		res.Details = append(res.Details, "--- FAIL: "+t.name)
	}
	return res
}

func notMainResult(f *facts, pkg, line string) Result {
	src := f.in.Source
	name := ""
	if src != nil {
		name = src.PackageName
	}
	res := Result{ID: NotMainPackage}
	if line != "" {
		res.Details = []string{line}
	}
	if pkg == "" || pkg == "command-line-arguments" {
		pkg = name
	}
	if pkg == "" || pkg == "main" {
		res.Title = "this is not a main package: there is no program to run"
	} else {
		res.Title = fmt.Sprintf("package %s is not a main package: there is no program to run", pkg)
	}
	res.Explanation = "go run (and an editor's Run or Debug) builds and starts a program, and a program is a package " +
		"named main with a func main. "
	if name != "" && name != "main" {
		res.Explanation += fmt.Sprintf("This code says `package %s`: ", name)
	} else {
		res.Explanation += "This code's package clause is not `package main`: "
	}
	res.Explanation += "it is a library. A file like a LeetCode-style `package solution` is meant for a judge that " +
		"imports it and calls your function; on its own it has nothing to start."
	res.Fix = newFix("To run it as a program, change the first line to `package main` and add a `func main()` that calls "+
		"your function with an example input and prints the result. To keep it as it is, test it instead: write a "+
		"_test.go file in the same package with a func TestXxx(t *testing.T) that calls your function, and run go test.",
		f.inDir(f.dir(), ".")+"go test -v .")
	if src != nil && len(src.Files) > 0 {
		res.Location = sourceFile(src, src.Files[0]) + ":1:1"
	}
	return res
}

func noMainResult(f *facts, line string) Result {
	src := f.in.Source
	res := Result{
		ID:    NoMainFunc,
		Title: "package main has no func main",
		Explanation: "The package says `package main`, so go run builds it as a program, but none of its files " +
			"declares `func main()`, where a program starts; the linker stops with \"function main is undeclared " +
			"in the main package\".",
		Fix: newFix("Add `func main() { ... }` to one of the package's files (spelled main, lower case, no parameters " +
			"or results), calling your code. If the file is a library or a solution for a judge, give it another " +
			"package name and test it with go test instead."),
	}
	if line != "" {
		res.Details = []string{line}
	}
	if (f.goCmd == "run" || f.goCmd == "build") && hasGoFileArgs(f.in.Args) {
		res.Explanation += " The go command was given .go files (as in go run main.go, or an editor's Run Code), so " +
			"only those were built: if func main is in another file of the package, run the package instead."
		res.Fix.Commands = []string{f.inDir(f.dir(), ".") + "go run ."}
	}
	if src != nil && len(src.Files) > 0 {
		res.Location = sourceFile(src, src.Files[0]) + ":1:1"
	}
	return res
}

// sourceFile is a Source file's path as the user would open it.
func sourceFile(src *Source, name string) string {
	if filepath.IsAbs(name) || src.Dir == "" {
		return name
	}
	return filepath.Join(src.Dir, name)
}

func hasGoFileArgs(args []string) bool {
	for _, a := range args {
		if strings.HasSuffix(a, ".go") {
			return true
		}
	}
	return false
}

func vetResult(f *facts, b goCmdBlock) Result {
	first := b.vet[0]
	m := diagRE.FindStringSubmatch(first)
	check, what := vetCheck(m[4])
	res := Result{
		ID:       VetFailed,
		Details:  text.CapList(b.vet, 20),
		Location: diagLocation(m),
	}
	if check != "" {
		res.Title = fmt.Sprintf("go vet's %s check stopped the tests: %s", check, text.Clip(m[4], 160))
	} else {
		res.Title = "go vet stopped the tests: " + text.Clip(m[4], 160)
	}
	if f.goCmd == "vet" {
		res.Title = strings.Replace(res.Title, " stopped the tests", " found a problem", 1)
		res.Explanation = "go vet reports code that compiles but is very likely wrong."
	} else {
		res.Explanation = "Before it runs the tests, go test runs a high-confidence subset of go vet's checks (atomic, " +
			"bool, buildtags, directive, errorsas, ifaceassert, nilfunc, printf, stringintconv, tests) on the " +
			"package and its tests; when one reports a problem, go test prints FAIL [build failed] and runs no test."
	}
	if check != "" {
		res.Explanation += fmt.Sprintf(" The %s check found %s at %s.", check, what, res.Location)
	}
	res.Fix = newFix(fmt.Sprintf("Fix the code at %s (%s).", res.Location, text.Clip(m[4], 160)))
	if f.goCmd != "vet" {
		res.Fix.Summary += " go vet shows the same report; go test -vet=off would skip the step, but what it finds is almost always a real bug."
	}
	res.Fix.Commands = []string{"cd " + shell.Quote(f.dir()) + " && go vet " + f.diagPkg(m[1])}
	return res
}

// diagPkg is the package directory of a diagnostic's file, as a go command argument relative to
// the directory the command ran in: "." for "./main.go", "./sub" for "sub/s.go".
func (f *facts) diagPkg(file string) string {
	dir := path.Dir(toSlash(file))
	if filepath.IsAbs(file) {
		rel, err := filepath.Rel(f.dir(), filepath.Dir(file))
		if err != nil || rel == ".." || strings.HasPrefix(toSlash(rel), "../") {
			return shell.Quote(filepath.Dir(file))
		}
		dir = toSlash(rel)
	}
	if dir != "." && dir != ".." && !strings.HasPrefix(dir, "./") && !strings.HasPrefix(dir, "../") {
		dir = "./" + dir
	}
	return shell.Quote(dir)
}

func vetCheck(msg string) (name, what string) {
	for _, c := range vetChecks {
		for _, mark := range c.marks {
			if strings.Contains(msg, mark) {
				return c.name, c.what
			}
		}
	}
	return "", ""
}

func diagLocation(m []string) string {
	if m[3] != "" {
		return m[1] + ":" + m[2] + ":" + m[3]
	}
	return m[1] + ":" + m[2]
}

// compileResult: the compiler's errors, the first one first; several files that each declare
// func main; go run given .go files that use what other files of the package declare.
func compileResult(f *facts, b goCmdBlock) Result {
	// The compiler stops after 10 errors of a package and says "too many errors" at the last one's
	// position: that line is not an error of its own.
	var errs []string
	tooMany := false
	for _, l := range b.compile {
		if m := diagRE.FindStringSubmatch(l); m != nil && m[4] == "too many errors" {
			tooMany = true
			continue
		}
		errs = append(errs, l)
	}
	if len(errs) == 0 {
		errs = b.compile
	}
	m := diagRE.FindStringSubmatch(errs[0])
	if strings.HasPrefix(m[4], "main redeclared in this block") {
		return severalMainsResult(b, diagLocation(m))
	}
	res := Result{ID: BuildFailed, Location: diagLocation(m), Details: text.CapList(errs, 20),
		Title: compileTitle(errs, m[4], tooMany), Explanation: compileExplanation(f, b.pkg, tooMany)}
	if tooMany {
		res.Details = append(res.Details, "too many errors: the compiler stopped there")
	}
	res.Fix = newFix(fmt.Sprintf("Fix the error at %s: %s.", res.Location, m[4]))
	if strings.HasPrefix(m[4], "undefined: ") && (f.goCmd == "run" || f.goCmd == "build") && hasGoFileArgs(f.in.Args) {
		res.Explanation += fmt.Sprintf(" The go command was given .go files (as in go run main.go, or an editor's "+
			"Run Code), so it built only those: %s may be declared in another file of the package, which it did "+
			"not see.", strings.TrimPrefix(m[4], "undefined: "))
		res.Fix.Summary += " If it is declared in another file of the same package main, run the whole package (go run .), as " +
			"an editor's Run does."
		res.Fix.Commands = []string{f.inDir(f.dir(), ".") + "go run ."}
	} else {
		res.Fix.Commands = compileCommands(f, m[1], tooMany)
	}
	return res
}

// compileTitle counts the errors (errs) and quotes the first (msg).
func compileTitle(errs []string, msg string, tooMany bool) string {
	switch {
	case tooMany:
		return fmt.Sprintf("the build failed with more than %s (the compiler stops at 10), the first: %s",
			plural(len(errs), "error"), text.Clip(msg, 120))
	case len(errs) == 1:
		return "the build failed: " + text.Clip(msg, 160)
	}
	return fmt.Sprintf("the build failed with %s, the first: %s", plural(len(errs), "error"), text.Clip(msg, 120))
}

// compileExplanation says the package pkg did not compile, and how to see every error when the
// compiler stopped at 10.
func compileExplanation(f *facts, pkg string, tooMany bool) string {
	if pkg == "" || pkg == "command-line-arguments" {
		pkg = "the package"
	}
	s := fmt.Sprintf("The go command could not compile %s, so the program never ran. The compiler lists the "+
		"errors in the order it finds them (at most 10 per package); fix the first one first, since later ones often "+
		"follow from it.", pkg)
	if tooMany {
		all := "go build -gcflags=-e"
		if f.goCmd == "test" || f.in.Phase == PhaseTest {
			all = "go test -gcflags=-e"
		}
		s += " Here it stopped at 10 and printed \"too many errors\": there are more; " + all + " lists them all."
	}
	return s
}

// severalMainsResult: more than one file of the directory declares func main (a layout of
// exercises, one per file).
func severalMainsResult(b goCmdBlock, location string) Result {
	res := Result{ID: BuildFailed, Location: location,
		Title: "the build failed: several files of the directory each declare func main",
		Explanation: "More than one .go file in this directory declares func main. The files of a directory " +
			"form one package, so they are one program with one main, not one program per file (a common layout " +
			"for exercises, each in its own file).",
		Fix: newFix("Run one file on its own (go run FILE.go builds only that file), or give each program its own " +
			"directory (cmd/one/main.go, cmd/two/main.go) and run the directory.")}
	res.Details = text.CapList(b.compile, 20)
	return res
}

// compileCommands are the commands that show every compile error of the package of file: go
// build -gcflags=-e for a program (the compiler stops at 10 errors without it), go vet for a test
// build (go build does not compile tests; go vet type-checks them, and go test -gcflags=-e lists
// them all).
func compileCommands(f *facts, file string, tooMany bool) []string {
	pkg := f.diagPkg(file)
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		cmds := []string{"cd " + shell.Quote(f.dir()) + " && go vet " + pkg}
		if tooMany {
			cmds = append(cmds, "cd "+shell.Quote(f.dir())+" && go test -run '^$' -gcflags=-e "+pkg)
		}
		return cmds
	}
	target := pkg
	if pkg == "." {
		target = f.target() // the package, or the .go files the user ran
	}
	return []string{f.inDir(f.dir(), target) + "go build -gcflags=-e " + target}
}

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

func buildResult(f *facts, line, title, explanation string) Result {
	res := Result{ID: BuildFailed, Title: title, Details: []string{line},
		Explanation: explanation + " The program was not built, so it never ran."}
	if m := diagRE.FindStringSubmatch(line); m != nil {
		res.Location = diagLocation(m)
	}
	return res
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

// goErrorResult is the go command's other errors ("go: ..."), and a bare [build failed].
func goErrorResult(f *facts, b goCmdBlock) (Result, bool) {
	if f.in.Phase != PhaseBuild && f.goCmd == "" && !b.failed {
		return Result{}, false
	}
	if f.goCmd == "run" && programRan(f) {
		return Result{}, false // go run's "exit status N": the program ran, and its output may say "go: ..."
	}
	for i, l := range f.errLns {
		if !strings.HasPrefix(l, "go: ") || isGoProgress(l) {
			continue
		}
		msg := joinContinued(f.errLns, i)
		res := buildResult(f, l, "the go command failed: "+text.Clip(strings.TrimPrefix(msg, "go: "), 160),
			"The go command stopped before the program ran: "+text.Clip(msg, 300)+".")
		if msg != strings.TrimSpace(l) && i+1 < len(f.errLns) {
			res.Details = append(res.Details, strings.TrimSpace(f.errLns[i+1]))
		}
		res.Fix = newFix("Act on the go command's message above; `gomedic check` looks at the Go installation, the "+
			"environment and the module for the usual causes.", "gomedic check "+shell.Quote(f.dir()))
		return res, true
	}
	if res, ok := goCmdFailedResult(f); ok {
		return res, true
	}
	if b.failed || f.in.Phase == PhaseBuild {
		res := Result{ID: BuildFailed, Title: "the build failed",
			Explanation: "The go command could not build the package, so nothing ran; its output above says why.",
			Details:     text.CapList(text.LastLines(f.lines, 10), 10),
			Fix: newFix("Read the go command's output above; go build ./... shows the same errors.",
				"cd "+shell.Quote(f.dir())+" && go build ./..."),
		}
		return res, true
	}
	return Result{}, false
}

func isGoProgress(l string) bool {
	for _, p := range []string{"go: downloading ", "go: finding ", "go: extracting ", "go: added ", "go: upgraded ",
		"go: warning:", "go: found ", "go: creating new go.mod", "go: to add module requirements", "go: switching to"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// recogniseSource decides from the source alone that the package cannot run as a program: before
// it runs (the runner may call Classify with no output), or when the runner built first and got
// no program out of a library (go build -o on a non-main package writes an archive).
func recogniseSource(f *facts) (Result, bool) {
	src := f.in.Source
	if src == nil || f.in.Phase == PhaseTest || f.in.Phase == PhaseExec || f.goCmd == "test" || f.goCmd == "vet" {
		return Result{}, false
	}
	if f.in.TimedOut || len(f.gs) > 0 || (f.ran() && f.exit == 0 && len(bytes.TrimSpace(f.in.Stdout)) > 0) {
		return Result{}, false // it ran: the facts are not about what ran
	}
	return CheckSource(src, f.in.Phase, f.in.Args)
}

// CheckSource says, from the source alone, whether the package cannot be run as a program: not
// package main (run.not_main_package) or no func main (run.no_main_func). The runner calls it
// before running (phase PhaseRun or PhaseBuild); args is the command line it would run, or nil.
// Nothing is decided for tests, or when the files did not parse (the compiler will say better).
func CheckSource(src *Source, phase Phase, args []string) (Result, bool) {
	if src == nil || phase == PhaseTest || phase == PhaseExec {
		return Result{}, false
	}
	f := &facts{in: Input{Phase: phase, Source: src, Args: args}, goCmd: GoSubcommand(args)}
	switch {
	case src.PackageName != "" && src.PackageName != "main" && len(src.Files) > 0:
		return notMainResult(f, src.PackageName, ""), true
	case src.PackageName == "main" && !src.HasMain && len(src.Files) > 0 && len(src.ParseErrors) == 0:
		return noMainResult(f, ""), true
	}
	return Result{}, false
}

// envCause is a build failure whose cause is the environment, not the code: the go command could
// not download a module, is told not to, or cannot use its caches. The words here say what
// happened to the build; gomedic check names the setting and where it was made, with its fix.
type envCause struct {
	title, explanation, fix string
	layers                  string // gomedic check --layer ...
}

// envCauses are the causes, named as package toolbuild names them (toolbuild.Cause*, the same
// reading of the go command's messages as gomedic tools install's, given as Input.GoCause), that
// mean the environment stopped the build.
var envCauses = map[string]envCause{
	"proxy_unreachable": {"a module could not be downloaded: the module proxy did not answer",
		"The build needs a module that is not in the module cache, and the GOPROXY server (or the network on the way) did not answer.",
		"Check the network, GOPROXY and the HTTP(S)_PROXY variables.", "net"},
	"connection_refused": {"a module could not be downloaded: connection refused",
		"The build needs a module that is not in the module cache, and nothing listens at the address of the GOPROXY server (or the proxy on the way).",
		"Point GOPROXY (or HTTPS_PROXY) at a server that runs, or start it.", "net"},
	"dns": {"a module could not be downloaded: a server's name cannot be looked up",
		"The build needs a module that is not in the module cache, and the name of the GOPROXY server (or of the module's repository) could not be resolved.",
		"Check the network and DNS, and the spelling of GOPROXY.", "net"},
	"proxyconnect": {"a module could not be downloaded: the HTTP proxy failed",
		"The build needs a module that is not in the module cache, and the HTTP(S)_PROXY the go command goes through refused or failed the connection.",
		"Fix or unset HTTPS_PROXY / HTTP_PROXY (or add the server to NO_PROXY).", "net"},
	"tls": {"a module could not be downloaded: the server's certificate is not trusted",
		"The build needs a module that is not in the module cache, and the TLS certificate of the server was not trusted (a corporate proxy that re-signs traffic, a missing CA bundle).",
		"Install the CA certificate the network uses into the system's store (or set SSL_CERT_FILE).", "net"},
	"http_403": {"a module could not be downloaded: access refused (403)",
		"The build needs a module that is not in the module cache, and the server refused access to it: a private module fetched through the public proxy, or missing credentials.",
		"For a private module, set GOPRIVATE to its path prefix (it is then fetched directly, with your git credentials).", "net"},
	"http_404": {"a module could not be downloaded: not found (404)",
		"The build needs a module the proxy does not have: a misspelt import path, a private module fetched through the public proxy, or a version that does not exist.",
		"Check the import path and the version in go.mod; for a private module set GOPRIVATE to its path prefix.", "net"},
	"http_410": {"a module could not be downloaded: gone (410)",
		"The build needs a module the proxy says is gone (a version withdrawn from the proxy, or a private module the public proxy refuses).",
		"For a private module set GOPRIVATE to its path prefix; otherwise require another version.", "net"},
	"goproxy_off": {"a module is not in the module cache, and GOPROXY=off forbids downloading it",
		"The build needs a module that is not in the module cache, and GOPROXY=off tells the go command never to download.",
		"Download the modules once with a working GOPROXY (go mod download), or unset GOPROXY=off.", "env,net"},
	"modules_off": {"modules are turned off (GO111MODULE=off)",
		"GO111MODULE=off makes the go command ignore go.mod and look for imports in GOPATH/src, where this code's dependencies are not.",
		"Unset GO111MODULE (from the environment, or with go env -u GO111MODULE when it was set with go env -w).", "env"},
	"mod_vendor": {"the build is told to use a vendor directory (-mod=vendor) that does not match go.mod",
		"With -mod=vendor (from GOFLAGS, or the default when a vendor directory exists and the go line is 1.14 or newer) the go command builds only from vendor/, which lacks modules go.mod requires or does not match it.",
		"Run go mod vendor to bring vendor/ in line with go.mod, or, if you do not vendor, remove -mod=vendor from GOFLAGS (or delete vendor/).", "env"},
	"toolchain_unavailable": {"the Go toolchain go.mod asks for could not be had",
		"go.mod's go or toolchain line asks for a newer Go than this one, and the go command could not download it: " +
			"the release does not exist (\"not available\": a typo, or a version from the future), the module proxy " +
			"cannot be reached, or GOTOOLCHAIN forbids switching.",
		"If the release exists, let the go command download it (a reachable GOPROXY, GOTOOLCHAIN=auto) or install " +
			"it; if it does not, lower the lines to a release you have: go mod edit -go=<your version> " +
			"-toolchain=none.", "go,env,net,workspace"},
	"build_cache": {"the go command cannot use its build cache",
		"The go command needs its build cache (GOCACHE) to build, and it is off, not absolute, or cannot be written.",
		"Point GOCACHE at a writable absolute directory (or unset it).", "env"},
	"module_cache": {"the go command cannot use its module cache",
		"The go command keeps downloaded modules in GOMODCACHE, and it cannot be created or is not an absolute path.",
		"Point GOMODCACHE (or GOPATH) at a writable absolute directory.", "env"},
	"checksum_mismatch": {"a module's download does not match its checksum",
		"The module the go command downloaded is not the one go.sum (or the checksum database) records: the proxy serves other content, a tag was moved, or go.sum was edited.",
		"Find out which is right before anything else; if go.sum is wrong, remove its lines for that module and run go mod tidy.", "net"},
}

// envCauseResult is a build that failed because of the environment (envCauses).
func envCauseResult(f *facts) (Result, bool) {
	if f.in.Phase != PhaseBuild && f.in.Phase != PhaseTest && f.goCmd == "" {
		return Result{}, false
	}
	c, ok := envCauses[f.in.GoCause]
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

// The go command's failures before it built anything of the user's (go run, build, vet, install,
// mod, get, list, work, generate): an import cycle, a replace directive's missing directory, a
// module left out of go.work, a go.mod that does not parse, and the rest.

var (
	// replaceMissingRE: "main.go:3:8: example.com/dep@v0.0.0: replacement directory ../nope does not exist".
	replaceMissingRE = regexp.MustCompile(`(\S+)@\S+: replacement directory (.+) does not exist`)
	// replaceNoModRE: "go: example.com/dep@v0.0.0 (replaced by ../nope): reading ../nope/go.mod: open
	// /src/nope/go.mod: no such file or directory" (go list -m, go mod download, go get).
	replaceNoModRE = regexp.MustCompile(`(\S+)@\S+ \(replaced by ([^)]+)\): reading \S*go\.mod: (.+)$`)
	// goWorkRE: a directory or pattern outside the modules go.work lists.
	goWorkRE = regexp.MustCompile(`^(?:go: )?(?:(current directory)|directory (\S+)) is contained in a module that is not one of the workspace modules listed in go\.work|^(?:go: )?pattern \S+: directory prefix (\S+) does not contain modules listed in go\.work|^(?:go: )?directory (\S+) outside modules listed in go\.work`)
	// modFileLineRE is an error of go.mod or go.work: "go.mod:5: unknown directive: foo",
	// "../go.mod:6:2: usage: require module/path v1.2.3".
	modFileLineRE = regexp.MustCompile(`^(\S+):(\d+)(?::(\d+))?: (.+)$`)
)

// goCmdValueFlags are the go command's build flags that take a separate value.
var goCmdValueFlags = map[string]bool{"tags": true, "ldflags": true, "gcflags": true, "asmflags": true,
	"gccgoflags": true, "p": true, "mod": true, "modfile": true, "overlay": true, "pkgdir": true,
	"buildmode": true, "compiler": true, "installsuffix": true, "toolexec": true, "exec": true, "pgo": true,
	"covermode": true, "coverpkg": true, "C": true, "o": true, "run": true, "skip": true, "count": true,
	"timeout": true, "vet": true, "vettool": true}

// programRan reports whether go run started the program: it prints "exit status N" when the
// program exited N, "signal: ..." when a signal ended it. Neither means the go command failed
// before there was a program.
func programRan(f *facts) bool {
	if _, ok := wrappedExit(f.lines); ok {
		return true
	}
	for _, l := range f.errLns {
		if strings.HasPrefix(l, "signal: ") {
			return true
		}
	}
	return false
}

// goCmdNeverRan reports whether the output is a failure of the go command itself (go run, build,
// vet, install, mod, get, list, work, generate) before anything of the user's ran.
func goCmdNeverRan(f *facts) bool {
	if f.in.ExitCode == 0 || !f.ran() {
		return false
	}
	switch f.goCmd {
	case "run":
		for _, l := range f.errLns {
			if strings.HasPrefix(l, "fork/exec ") {
				return false // built, and the program could not be started: recogniseExec says why
			}
		}
		return !programRan(f)
	case "build", "vet", "install", "mod", "get", "list", "work", "generate":
		return true
	}
	return false
}

// goPkgArgs are the go command's arguments after its subcommand that are not flags (packages,
// patterns, files); for go run, up to the first that is not a .go file when files were given.
func goPkgArgs(args []string) []string {
	sub := GoSubcommand(args)
	i := 1
	for i < len(args) && args[i] != sub {
		i++
	}
	var out []string
	for i++; i < len(args); i++ {
		a := args[i]
		if a == "-args" || a == "--" {
			break
		}
		if sub == "run" && len(out) > 0 && (strings.HasPrefix(a, "-") || !strings.HasSuffix(a, ".go")) {
			break // the program's arguments
		}
		if strings.HasPrefix(a, "-") {
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && goCmdValueFlags[name] {
				i++
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// rootPkgDir is the directory of the package the go command was given, when there is one and it is
// known: the source read for go run, or the one local directory argument.
func (f *facts) rootPkgDir() string {
	if f.in.Source != nil && f.in.Source.Dir != "" {
		return f.in.Source.Dir
	}
	args := goPkgArgs(f.in.Args)
	switch {
	case len(args) == 0:
		return f.dir()
	case len(args) == 1 && (args[0] == "." || strings.HasPrefix(args[0], "./") || strings.HasPrefix(args[0], "../")) &&
		!strings.Contains(args[0], "..."):
		if filepath.IsAbs(args[0]) {
			return args[0]
		}
		return filepath.Join(f.dir(), filepath.FromSlash(args[0]))
	}
	return ""
}

// pkgFile is the path of file, a file of package pkg, when pkg is the go command's package root
// (in rootDir) or below it; file alone when that is not known.
func pkgFile(rootDir, root, pkg, file string) string {
	if rootDir == "" || file == "" {
		return file
	}
	if pkg == root {
		return filepath.Join(rootDir, file)
	}
	if rest, ok := strings.CutPrefix(pkg, root+"/"); ok && root != "command-line-arguments" {
		return filepath.Join(rootDir, filepath.FromSlash(rest), file)
	}
	return file
}

// joinContinued is line i of lines, with the next line appended when line i announces it (ends
// with ':' or "imports", as in "go: errors parsing go.mod:" or "go: example.com/app imports").
func joinContinued(lines []string, i int) string {
	l := strings.TrimSpace(lines[i])
	if (strings.HasSuffix(l, ":") || strings.HasSuffix(l, " imports")) && i+1 < len(lines) {
		if next := strings.TrimSpace(lines[i+1]); next != "" {
			return l + " " + next
		}
	}
	return l
}

// goCmdSetupResult is the go command's failure to load the packages or the module: an import
// cycle, a replace directive's missing directory, a module go.work does not list, a go.mod that
// does not parse. It comes before compile and vet diagnostics: the go command prints some of these
// with a file:line: prefix.
func goCmdSetupResult(f *facts) (Result, bool) {
	if f.goCmd == "" && f.in.Phase != PhaseBuild {
		return Result{}, false
	}
	if f.goCmd == "run" && programRan(f) {
		return Result{}, false // the program's own output
	}
	if res, ok := goModParseResult(f); ok {
		return res, true
	}
	for i, l := range f.lines {
		if strings.Contains(l, "import cycle not allowed") {
			if res, ok := importCycleResult(f, i); ok {
				return res, true
			}
		}
		if m := replaceMissingRE.FindStringSubmatch(l); m != nil {
			return replaceDirResult(f, l, m[1], m[2], ""), true
		}
		if m := replaceNoModRE.FindStringSubmatch(l); m != nil {
			return replaceDirResult(f, l, m[1], m[2], m[3]), true
		}
		if strings.Contains(l, "listed in go.work") {
			if m := goWorkRE.FindStringSubmatch(l); m != nil {
				return goWorkResult(f, i, m), true
			}
		}
	}
	return Result{}, false
}

// importCycleResult reads the go command's import cycle:
//
//	package example.com/x
//		imports example.com/x/p from main.go
//		imports example.com/x/q from p.go
//		imports example.com/x/p from q.go: import cycle not allowed
func importCycleResult(f *facts, idx int) (Result, bool) {
	c, ok := readImportChain(f.lines, idx)
	if !ok {
		return Result{}, false
	}
	// The cycle is from the first appearance of the last package to the end.
	pkgs, files, root := c.pkgs, c.files, c.pkgs[0]
	last, j := pkgs[len(pkgs)-1], len(pkgs)-1
	for k, p := range pkgs[:len(pkgs)-1] {
		if p == last {
			j = k
			break
		}
	}
	rootDir := f.rootPkgDir()
	var steps []string
	for k := j; k < len(pkgs)-1; k++ {
		step := pkgs[k] + " imports " + pkgs[k+1]
		if files[k] != "" {
			step = pkgFile(rootDir, root, pkgs[k], files[k]) + " (package " + pkgs[k] + ") imports " + pkgs[k+1]
		}
		steps = append(steps, step)
	}
	res := buildResult(f, f.lines[idx], "the build failed: import cycle "+text.Clip(strings.Join(pkgs[j:], " → "), 200),
		"Go does not allow packages to import each other, directly or through other packages, and these do: "+
			strings.Join(text.CapList(steps, 6), "; ")+". The go command builds none of them.")
	res.Details = text.CapList(f.lines[c.start:c.end+1], 20)
	if files[0] != "" {
		res.Location = pkgFile(rootDir, root, pkgs[0], files[0])
	}
	res.Fix = newFix("Break the cycle: move what the packages share into a new package that imports neither, merge them "+
		"into one, or turn one dependency around (declare an interface in the package that uses it, and have the "+
		"other satisfy it). One of the imports listed must go.",
		// Each package of the tree and its imports (-e: listed despite the cycle).
		"cd "+shell.Quote(f.dir())+" && go list -e -f '{{.ImportPath}}: {{join .Imports \" \"}}' ./...")
	return res, true
}

// importChain is the go command's chain of imports that ends in a cycle: the packages from the
// one built, and the file of each import (files[k] is where pkgs[k] imports pkgs[k+1]), on
// lines[start:end+1].
type importChain struct {
	start, end int
	pkgs       []string
	files      []string
}

// readImportChain reads the chain around the cycle's message at lines[idx].
func readImportChain(lines []string, idx int) (importChain, bool) {
	indented := func(l string) bool { return strings.HasPrefix(l, "\t") || strings.HasPrefix(l, " ") }
	c := importChain{start: idx, end: idx}
	if indented(lines[idx]) {
		for c.start > 0 && indented(lines[c.start]) {
			c.start--
		}
	} else if !strings.HasPrefix(lines[idx], "package ") {
		// An older go command printed the message first, then the chain.
		c.start = idx + 1
		for c.end = c.start; c.end+1 < len(lines) && strings.HasPrefix(lines[c.end+1], "\t"); c.end++ {
		}
	}
	if c.start >= len(lines) || c.end < c.start {
		return c, false
	}
	first := strings.TrimSuffix(strings.TrimSpace(lines[c.start]), ": import cycle not allowed")
	root, ok := strings.CutPrefix(first, "package ")
	if !ok {
		return c, false
	}
	c.pkgs, c.files = []string{root}, []string{}
	for _, l := range lines[c.start+1 : c.end+1] {
		t := strings.TrimSpace(l)
		t = strings.TrimSuffix(t, ": import cycle not allowed in test")
		t = strings.TrimSuffix(t, ": import cycle not allowed")
		rest, ok := strings.CutPrefix(t, "imports ")
		if !ok {
			continue
		}
		pkg, file, _ := strings.Cut(rest, " from ")
		c.pkgs = append(c.pkgs, pkg)
		c.files = append(c.files, file)
	}
	return c, len(c.pkgs) >= 2
}

// goModPath is where go.mod is: the module's root when the source was read, else the directory
// the go command ran in.
func (f *facts) goModPath() string {
	if src := f.in.Source; src != nil && src.Module != "" {
		return filepath.Join(src.Module, "go.mod")
	}
	return filepath.Join(f.dir(), "go.mod")
}

// replaceDirResult: a replace directive of go.mod points at a directory that does not exist (or
// holds no go.mod).
func replaceDirResult(f *facts, line, mod, dir, readErr string) Result {
	gomod := f.goModPath()
	what := "which does not exist"
	if readErr != "" {
		what = "where the go command cannot read a go.mod (" + text.Clip(readErr, 200) + ")"
	}
	res := buildResult(f, strings.TrimSpace(line), "",
		fmt.Sprintf("go.mod (%s) has a line `replace %s => %s`: the go command takes %s's source from the directory %s, "+
			"relative to go.mod's directory, %s. A replace to a local directory is often a leftover of development "+
			"on two modules at once, or a path that is right only on another machine.", gomod, mod, dir, mod, dir, what))
	if readErr == "" {
		res.Title = "the build failed: go.mod's replace of " + mod + " points at " + dir + ", which does not exist"
	} else {
		res.Title = "the build failed: go.mod's replace of " + mod + " points at " + dir + ", which has no go.mod"
		if strings.Contains(readErr, "no such file or directory") {
			res.Title = "the build failed: go.mod's replace of " + mod + " points at " + dir + ", which does not exist or has no go.mod"
		}
	}
	res.Location = gomod
	res.Fix = newFix(fmt.Sprintf("Edit the replace line of go.mod: point it at the directory that holds %s's source (with its "+
		"go.mod), or put the source at %s (clone it there); or, to use the published module, remove the line "+
		"(go mod edit -dropreplace=%s, then go mod tidy).", mod, dir, mod))
	return res
}

// goWorkResult: a go.work puts the go command in workspace mode, and the package is in a module
// (or directory) that go.work does not list.
func goWorkResult(f *facts, i int, m []string) Result {
	dir := "."
	switch {
	case m[2] != "":
		dir = m[2]
	case m[3] != "":
		dir = m[3]
	case m[4] != "":
		dir = m[4]
	}
	use := ""
	if i+1 < len(f.lines) {
		if c := strings.TrimSpace(f.lines[i+1]); strings.HasPrefix(c, "go work use") {
			use = c
		}
	}
	where := "the current directory (" + f.dir() + ")"
	if dir != "." {
		where = dir
	}
	res := buildResult(f, strings.TrimSpace(f.lines[i]), "the build failed: "+where+" is not in a module that go.work lists", "")
	if use != "" {
		res.Details = append(res.Details, use)
	}
	noModule := m[4] != ""
	if dir == "." && !noModule && f.in.WorkFile != "" && !f.in.CwdHasGoMod && len(f.in.WorkUses) > 0 &&
		filepath.Dir(f.in.WorkFile) == filepath.Clean(f.dir()) {
		return workRootResult(f, res)
	}
	if noModule {
		res.Explanation = fmt.Sprintf("A go.work file in %s or above it puts the go command in workspace mode, where it "+
			"sees only the modules that go.work lists (its use lines), and %s belongs to none of them (it has no "+
			"go.mod of its own). The program was not built, so it never ran.", f.dir(), where)
		moduleDir := filepath.Join(f.dir(), filepath.FromSlash(dir))
		res.Fix = newFix("Give the directory a go.mod (go mod init) and add it to the workspace (go work use), or move the "+
			"code into one of the workspace's modules; or build without the workspace (GOWORK=off).",
			"cd "+shell.Quote(moduleDir)+" && go mod init "+moduleName(moduleDir)+" && go work use .")
		return res
	}
	res.Explanation = fmt.Sprintf("A go.work file in %s or above it puts the go command in workspace mode, where it "+
		"sees only the modules that go.work lists (its use lines), and the module of %s is not one of them. "+
		"The program was not built, so it never ran.", f.dir(), where)
	if use == "" {
		use = "go work use " + shell.Quote(dir)
	}
	res.Fix = newFix("Add the module to the workspace: run go work use . in the module's directory (it adds a use line "+
		"to go.work); or, when the workspace is not meant for this module, run the go command without it (GOWORK=off).",
		"cd "+shell.Quote(f.dir())+" && "+use)
	if dir == "." {
		// The module is where the go command ran: without the workspace, it is the main module.
		off := "GOWORK=off go build ."
		if len(f.in.Args) > 1 {
			off = "GOWORK=off go " + shell.Join(f.in.Args[1:])
		}
		res.Fix.Commands = append(res.Fix.Commands, "cd "+shell.Quote(f.dir())+" && "+off)
	}
	return res
}

// workRootResult: the go command ran at the go.work root itself, which has no go.mod: "." is no
// module's directory, and ./... from here reaches none of the workspace's modules. Each module's
// packages are to be named instead.
func workRootResult(f *facts, res Result) Result {
	var pats []string
	for _, u := range f.in.WorkUses {
		u = toSlash(u)
		if u == "." {
			continue
		}
		if !strings.HasPrefix(u, "./") && !strings.HasPrefix(u, "../") && !filepath.IsAbs(u) {
			u = "./" + u
		}
		pats = append(pats, strings.TrimSuffix(u, "/")+"/...")
	}
	res.Title = "the build failed: the go.work root has no go.mod, so ./... here matches no workspace module"
	res.Explanation = fmt.Sprintf("%s puts the go command in workspace mode, and the directory it ran in is the "+
		"workspace's root, which is not a module itself (no go.mod). A pattern relative to it, like ./..., "+
		"matches only packages of the modules go.work lists, by their own directories: name them (%s). "+
		"Nothing was built or run.", f.in.WorkFile, strings.Join(pats, " "))
	line := []string{"go"}
	for _, a := range f.in.Args[min(1, len(f.in.Args)):] {
		if a == "./..." && len(pats) > 0 {
			line = append(line, pats...)
			continue
		}
		line = append(line, shell.Quote(a))
	}
	res.Fix = newFix("Give the go command each module's pattern (or their module paths), or run it inside one module's directory.",
		"cd "+shell.Quote(f.dir())+" && "+strings.Join(line, " "))
	return res
}

// goModParseResult: "go: errors parsing go.mod:" and the lines that say where.
func goModParseResult(f *facts) (Result, bool) {
	for i, l := range f.lines {
		rest, ok := strings.CutPrefix(l, "go: errors parsing ")
		if !ok {
			continue
		}
		file := strings.TrimSuffix(strings.TrimSpace(rest), ":")
		kind := "go.mod"
		if strings.Contains(path.Base(toSlash(file)), "go.work") {
			kind = "go.work"
		}
		var errs []string
		var first []string
		for _, n := range f.lines[i+1:] {
			m := modFileLineRE.FindStringSubmatch(n)
			if m == nil || strings.HasPrefix(n, "go: ") {
				break
			}
			if first == nil {
				first = m
			}
			errs = append(errs, n)
		}
		res := Result{ID: BuildFailed, Details: append([]string{l}, text.CapList(errs, 20)...)}
		if first == nil {
			res.Title = "the build failed: " + kind + " cannot be parsed"
			res.Explanation = "The go command reads " + file + " before anything else, and it is not valid " + kind +
				" syntax. The program was not built, so it never ran."
			res.Fix = newFix("Fix " + file + " as the go command's message says.")
			return res, true
		}
		res.Location = diagLocation(first)
		msg := first[4]
		switch len(errs) {
		case 1:
			res.Title = "the build failed: " + kind + " has an error: " + text.Clip(errs[0], 160)
		default:
			res.Title = fmt.Sprintf("the build failed: %s has %d errors, the first: %s", kind, len(errs), text.Clip(errs[0], 140))
		}
		res.Explanation = fmt.Sprintf("The go command reads %s before it loads any package, and line %s of it is not "+
			"valid %s syntax (%s).", file, first[2], kind, text.Clip(msg, 200))
		if strings.HasPrefix(msg, "unknown directive: ") {
			if kind == "go.work" {
				res.Explanation += " A go.work line starts with go, toolchain, godebug, use or replace."
			} else {
				res.Explanation += " A go.mod line starts with module, go, toolchain, godebug, require, replace, " +
					"exclude, retract, tool or ignore (a misspelt word, or a stray line from a merge)."
			}
		}
		if strings.Contains(msg, "usage: require") {
			res.Explanation += " A require line names a module path and a full semantic version (v1.2.3)."
		}
		res.Explanation += " The program was not built, so it never ran."
		res.Fix = newFix(fmt.Sprintf("Fix %s at %s: %s.", kind, res.Location, msg))
		return res, true
	}
	return Result{}, false
}

// goCmdFailedResult is any other failure of the go command before anything ran: its first
// meaningful line says what.
func goCmdFailedResult(f *facts) (Result, bool) {
	if !goCmdNeverRan(f) {
		return Result{}, false
	}
	badFlag, goUsage := false, false
	for _, l := range f.lines {
		badFlag = badFlag || flagErrorRE.MatchString(l)
		goUsage = goUsage || strings.HasPrefix(l, "usage: go ")
	}
	if badFlag && !goUsage {
		return Result{}, false // recogniseFlag explains it
	}
	lines := f.errLns
	if firstGoError(lines) == "" {
		lines = f.lines
	}
	idx := slices.IndexFunc(lines, func(l string) bool {
		t := strings.TrimSpace(l)
		return t != "" && !isGoProgress(t) && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "FAIL")
	})
	if idx < 0 {
		return Result{}, false
	}
	msg := joinContinued(lines, idx)
	res := buildResult(f, strings.TrimSpace(lines[idx]), "the go command failed: "+text.Clip(strings.TrimPrefix(msg, "go: "), 160), "")
	var details []string
	for _, l := range lines[idx:] {
		if strings.TrimSpace(l) != "" {
			details = append(details, l)
		}
	}
	res.Details = text.CapList(details, 10)
	res.Explanation = fmt.Sprintf("go %s failed before anything was built or run: %s.", f.goCmd, text.Clip(msg, 300))
	if f.goCmd == "run" {
		res.Explanation += " go run builds the program and starts it only when the build succeeds; it printed no " +
			"\"exit status\" line, so the program never ran and the status is the go command's own."
	}
	res.Fix = newFix("Act on the go command's message above; `gomedic check` looks at the Go installation, the "+
		"environment and the module for the usual causes.", "gomedic check "+shell.Quote(f.dir()))
	goCmdFailureCause(f, &res, strings.TrimPrefix(msg, "go: "), badFlag)
	return res, true
}

// goCmdFailureCause adds what the go command's message (short, without "go: ") is known to
// mean: a flag it does not have, a path that does not exist, an output path it cannot create.
func goCmdFailureCause(f *facts, res *Result, short string, badFlag bool) {
	switch {
	case badFlag:
		res.Explanation += fmt.Sprintf(" The flag is not one of go %s's own (go help %s lists them).", f.goCmd, f.goCmd)
		if f.goCmd == "run" {
			res.Explanation += " go run's flags go before the package (go run -race .), the program's own after it " +
				"(go run . -n 3)."
		}
		res.Fix = newFix(fmt.Sprintf("Check the flag's spelling against go help %s, and where it stands on the command line.", f.goCmd),
			"go help "+f.goCmd)
	case strings.HasPrefix(short, "stat ") && (strings.HasSuffix(short, "no such file or directory") ||
		strings.HasSuffix(short, "directory not found")),
		strings.HasPrefix(short, "pattern ") && strings.HasSuffix(short, "no such file or directory"):
		res.Explanation += fmt.Sprintf(" The go command was given a file or directory that does not exist; a relative "+
			"path is taken from the directory it ran in (%s).", f.dir())
		res.Fix = newFix("Check the spelling of the path given to the go command, and the directory it runs in.",
			"cd "+shell.Quote(f.dir())+" && go list ./...")
	case strings.Contains(short, "mkdir ") && (strings.HasSuffix(short, "file exists") || strings.HasSuffix(short, "not a directory")):
		res.Explanation += " The output path (go build -o) cannot be created: a part of it that must be a directory " +
			"is an existing file."
		res.Fix = newFix("Give -o a path whose directories are directories (or remove the file in the way).")
	}
}
