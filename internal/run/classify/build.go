package classify

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// The go command's own failures: the program never ran.

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
	compile []gocmd.Cause // "./main.go:6:14: undefined: x"
	vet     []gocmd.Cause // diagnostics under a "# [pkg]" header (go test's vet) or from go vet
	pkg     string        // the first "# pkg" header's package
	failed  bool          // "FAIL pkg [build failed]" / "[setup failed]"
}

func readGoCmdBlock(f *facts) goCmdBlock {
	var b goCmdBlock
	if h, ok := f.causes().First(gocmd.BuildHeader); ok {
		b.pkg = h.Package
	}
	for _, l := range f.lines {
		if strings.HasPrefix(l, "FAIL\t") && (strings.HasSuffix(l, "[build failed]") || strings.HasSuffix(l, "[setup failed]")) {
			b.failed = true
		}
	}
	for _, c := range f.causes().All(gocmd.CompileError, gocmd.VetReport) {
		switch {
		case c.Kind == gocmd.VetReport:
			b.vet = append(b.vet, c)
		case c.Package != "" || c.Value == "vet": // under a "# pkg" header, or a type error found by vet
			b.compile = append(b.compile, c)
		case f.goCmd == "vet": // go vet prints its reports without a header
			b.vet = append(b.vet, c)
		case f.in.Phase == PhaseBuild || f.goCmd == "build":
			b.compile = append(b.compile, c)
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
	if c, ok := f.causes().First(gocmd.NotMainPackage, gocmd.NoMainFunc); ok {
		if c.Kind == gocmd.NoMainFunc {
			return noMainResult(f, c.Line), true
		}
		return notMainResult(f, c.Package, c.Line), true
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
	check, what := vetCheck(first.Err)
	res := Result{
		ID:       VetFailed,
		Details:  text.CapList(diagLines(b.vet), 20),
		Location: first.Pos.String(),
	}
	if check != "" {
		res.Title = fmt.Sprintf("go vet's %s check stopped the tests: %s", check, text.Clip(first.Err, 160))
	} else {
		res.Title = "go vet stopped the tests: " + text.Clip(first.Err, 160)
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
	res.Fix = newFix(fmt.Sprintf("Fix the code at %s (%s).", res.Location, text.Clip(first.Err, 160)))
	if f.goCmd != "vet" {
		res.Fix.Summary += " go vet shows the same report; go test -vet=off would skip the step, but what it finds is almost always a real bug."
	}
	res.Fix.Commands = []string{"cd " + shell.Quote(f.dir()) + " && go vet " + f.diagPkg(first.Pos.File)}
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

// compileResult: the compiler's errors, the first one first; several files that each declare
// func main; go run given .go files that use what other files of the package declare.
func compileResult(f *facts, b goCmdBlock) Result {
	// The compiler stops after 10 errors of a package and says "too many errors" at the last one's
	// position: that line is not an error of its own.
	var errs []gocmd.Cause
	tooMany := false
	for _, c := range b.compile {
		if c.Err == "too many errors" {
			tooMany = true
			continue
		}
		errs = append(errs, c)
	}
	if len(errs) == 0 {
		errs = b.compile
	}
	first := errs[0]
	msg := first.Err
	if strings.HasPrefix(msg, "main redeclared in this block") {
		return severalMainsResult(b, first.Pos.String())
	}
	lines := diagLines(errs)
	res := Result{ID: BuildFailed, Location: first.Pos.String(), Details: text.CapList(lines, 20),
		Title: compileTitle(lines, msg, tooMany), Explanation: compileExplanation(f, b.pkg, tooMany)}
	if tooMany {
		res.Details = append(res.Details, "too many errors: the compiler stopped there")
	}
	res.Fix = newFix(fmt.Sprintf("Fix the error at %s: %s.", res.Location, msg))
	if strings.HasPrefix(msg, "undefined: ") && (f.goCmd == "run" || f.goCmd == "build") && hasGoFileArgs(f.in.Args) {
		res.Explanation += fmt.Sprintf(" The go command was given .go files (as in go run main.go, or an editor's "+
			"Run Code), so it built only those: %s may be declared in another file of the package, which it did "+
			"not see.", strings.TrimPrefix(msg, "undefined: "))
		res.Fix.Summary += " If it is declared in another file of the same package main, run the whole package (go run .), as " +
			"an editor's Run does."
		res.Fix.Commands = []string{f.inDir(f.dir(), ".") + "go run ."}
	} else {
		res.Fix.Commands = compileCommands(f, first.Pos.File, tooMany)
	}
	return res
}

// diagLines are compiler or vet messages as lines.
func diagLines(cs []gocmd.Cause) []string {
	var lines []string
	for _, c := range cs {
		lines = append(lines, diagLine(c))
	}
	return lines
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
	res.Details = text.CapList(diagLines(b.compile), 20)
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

// buildResult is a build that failed because of the go command's message on line n of f.lines.
func buildResult(f *facts, n int, title, explanation string) Result {
	res := Result{ID: BuildFailed, Title: title, Details: []string{strings.TrimSpace(f.lines[n])},
		Explanation: explanation + " The program was not built, so it never ran."}
	if c, ok := f.at(n, gocmd.CompileError, gocmd.VetReport); ok {
		res.Location = c.Pos.String()
	}
	return res
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
		if !strings.HasPrefix(l, "go: ") || f.isProgress(i) {
			continue
		}
		msg := joinContinued(f.errLns, i)
		res := buildResult(f, i, "the go command failed: "+text.Clip(strings.TrimPrefix(msg, "go: "), 160),
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
