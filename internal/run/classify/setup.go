package classify

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// The go command's failures before it built anything of the user's (go run, build, vet, install,
// mod, get, list, work, generate): an import cycle, a replace directive's missing directory, a
// module left out of go.work, a go.mod that does not parse, and the rest.

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
	if _, ok := f.wrappedExit(); ok {
		return true
	}
	c, ok := f.causes().First(gocmd.ExitSignal)
	return ok && f.inStderr(c)
}

// goCmdNeverRan reports whether the output is a failure of the go command itself (go run, build,
// vet, install, mod, get, list, work, generate) before anything of the user's ran.
func goCmdNeverRan(f *facts) bool {
	if f.in.ExitCode == 0 || !f.ran() {
		return false
	}
	switch f.goCmd {
	case "run":
		if _, ok := f.goRunForkExec(); ok {
			return false // built, and the program could not be started: recogniseExec says why
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
// with ':' or "imports", as in "go: error loading go.work:" or "go: example.com/app imports").
// Any "go: " line is read so, recognised or not, and the line it announces need not be indented:
// a gocmd.Cause's More does not serve here.
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
	return f.readFirst(setupReaders)
}

// setupReaders read the go command's setup failures, in order on each line.
var setupReaders = []causeReader{
	{gocmd.ImportCycle, func(f *facts, c gocmd.Cause) (Result, bool) { return importCycleResult(f, c.N) }},
	{gocmd.ReplacementMissing, replaceDirResult},
	{gocmd.ReplacementNoGoMod, replaceDirResult},
	{gocmd.NotInWorkspace, goWorkResult},
	{gocmd.OutsideWorkspace, goWorkResult},
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
	res := buildResult(f, idx, "the build failed: import cycle "+text.Clip(strings.Join(pkgs[j:], " → "), 200),
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
// holds no go.mod: c.Err says why it cannot be read).
func replaceDirResult(f *facts, c gocmd.Cause) (Result, bool) {
	gomod, mod, dir, readErr := f.goModPath(), c.Module, c.Path, c.Err
	what := "which does not exist"
	if readErr != "" {
		what = "where the go command cannot read a go.mod (" + text.Clip(readErr, 200) + ")"
	}
	res := buildResult(f, c.N, "",
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
	return res, true
}

// goWorkResult: a go.work puts the go command in workspace mode, and the package is in a module
// (or directory) that go.work does not list (NotInWorkspace), or in no module (OutsideWorkspace).
func goWorkResult(f *facts, c gocmd.Cause) (Result, bool) {
	dir := c.Path
	if dir == "" {
		dir = "." // the current directory
	}
	use := ""
	if len(c.More) > 0 && strings.HasPrefix(c.More[0], "go work use") {
		use = c.More[0] // the go command's own suggestion
	}
	where := "the current directory (" + f.dir() + ")"
	if dir != "." {
		where = dir
	}
	res := buildResult(f, c.N, "the build failed: "+where+" is not in a module that go.work lists", "")
	if use != "" {
		res.Details = append(res.Details, use)
	}
	noModule := c.Kind == gocmd.OutsideWorkspace
	if dir == "." && !noModule && f.in.WorkFile != "" && !f.in.CwdHasGoMod && len(f.in.WorkUses) > 0 &&
		filepath.Dir(f.in.WorkFile) == filepath.Clean(f.dir()) {
		return workRootResult(f, res), true
	}
	if noModule {
		res.Explanation = fmt.Sprintf("A go.work file in %s or above it puts the go command in workspace mode, where it "+
			"sees only the modules that go.work lists (its use lines), and %s belongs to none of them (it has no "+
			"go.mod of its own). The program was not built, so it never ran.", f.dir(), where)
		moduleDir := filepath.Join(f.dir(), filepath.FromSlash(dir))
		res.Fix = newFix("Give the directory a go.mod (go mod init) and add it to the workspace (go work use), or move the "+
			"code into one of the workspace's modules; or build without the workspace (GOWORK=off).",
			"cd "+shell.Quote(moduleDir)+" && go mod init "+moduleName(moduleDir)+" && go work use .")
		return res, true
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
	return res, true
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
	for _, c := range f.causes().All(gocmd.ModFileParse) {
		if c.Value == "errors parsing" {
			return modFileResult(f, c, modFileErrors(f, c.N+1)), true
		}
	}
	return Result{}, false
}

// modFileErrors are the errors of go.mod or go.work on the lines from n on, up to the first line
// that is none.
func modFileErrors(f *facts, n int) []gocmd.Cause {
	var errs []gocmd.Cause
	for ; ; n++ {
		e, ok := f.at(n, gocmd.ModFileError)
		if !ok {
			return errs
		}
		errs = append(errs, e)
	}
}

// modFileResult: the file c names (go.mod or go.work) does not parse, with errs where.
func modFileResult(f *facts, c gocmd.Cause, errs []gocmd.Cause) Result {
	file, kind := c.Path, "go.mod"
	if strings.Contains(path.Base(toSlash(file)), "go.work") {
		kind = "go.work"
	}
	var lines []string
	for _, e := range errs {
		lines = append(lines, e.Line)
	}
	res := Result{ID: BuildFailed, Details: append([]string{c.Line}, text.CapList(lines, 20)...)}
	if len(errs) == 0 {
		res.Title = "the build failed: " + kind + " cannot be parsed"
		res.Explanation = "The go command reads " + file + " before anything else, and it is not valid " + kind +
			" syntax. The program was not built, so it never ran."
		res.Fix = newFix("Fix " + file + " as the go command's message says.")
		return res
	}
	first := errs[0]
	res.Location = first.Pos.String()
	switch len(errs) {
	case 1:
		res.Title = "the build failed: " + kind + " has an error: " + text.Clip(first.Line, 160)
	default:
		res.Title = fmt.Sprintf("the build failed: %s has %d errors, the first: %s", kind, len(errs), text.Clip(first.Line, 140))
	}
	res.Explanation = fmt.Sprintf("The go command reads %s before it loads any package, and line %d of it is not "+
		"valid %s syntax (%s).", file, first.Pos.Line, kind, text.Clip(first.Err, 200))
	res.Explanation += modFileHint(kind, first.Err) + " The program was not built, so it never ran."
	res.Fix = newFix(fmt.Sprintf("Fix %s at %s: %s.", kind, res.Location, first.Err))
	return res
}

// modFileHint says what a line of go.mod or go.work (kind) may hold, for an error (msg) about that.
func modFileHint(kind, msg string) string {
	hint := ""
	if strings.HasPrefix(msg, "unknown directive: ") {
		if kind == "go.work" {
			hint += " A go.work line starts with go, toolchain, godebug, use or replace."
		} else {
			hint += " A go.mod line starts with module, go, toolchain, godebug, require, replace, " +
				"exclude, retract, tool or ignore (a misspelt word, or a stray line from a merge)."
		}
	}
	if strings.Contains(msg, "usage: require") {
		hint += " A require line names a module path and a full semantic version (v1.2.3)."
	}
	return hint
}

// goCmdFailedResult is any other failure of the go command before anything ran: its first
// meaningful line says what.
func goCmdFailedResult(f *facts) (Result, bool) {
	if !goCmdNeverRan(f) {
		return Result{}, false
	}
	badFlag := slices.ContainsFunc(f.lines, flagErrorRE.MatchString)
	if badFlag && !f.causes().Has(gocmd.GoUsage) {
		return Result{}, false // recogniseFlag explains it
	}
	lines := f.errLns
	if l, _ := f.firstGoError(lines); l == "" {
		lines = f.lines
	}
	_, idx := f.firstGoError(lines)
	if idx < 0 {
		return Result{}, false
	}
	msg := joinContinued(lines, idx)
	res := buildResult(f, idx, "the go command failed: "+text.Clip(strings.TrimPrefix(msg, "go: "), 160), "")
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
	goCmdFailureCause(f, &res, idx, badFlag)
	return res, true
}

// goCmdFailureCause adds what the go command's message (on line n) is known to mean: a flag it
// does not have, a path that does not exist, an output path it cannot create.
func goCmdFailureCause(f *facts, res *Result, n int, badFlag bool) {
	if badFlag {
		res.Explanation += fmt.Sprintf(" The flag is not one of go %s's own (go help %s lists them).", f.goCmd, f.goCmd)
		if f.goCmd == "run" {
			res.Explanation += " go run's flags go before the package (go run -race .), the program's own after it " +
				"(go run . -n 3)."
		}
		res.Fix = newFix(fmt.Sprintf("Check the flag's spelling against go help %s, and where it stands on the command line.", f.goCmd),
			"go help "+f.goCmd)
		return
	}
	if _, ok := f.at(n, gocmd.NoSuchPath); ok {
		res.Explanation += fmt.Sprintf(" The go command was given a file or directory that does not exist; a relative "+
			"path is taken from the directory it ran in (%s).", f.dir())
		res.Fix = newFix("Check the spelling of the path given to the go command, and the directory it runs in.",
			"cd "+shell.Quote(f.dir())+" && go list ./...")
		return
	}
	if c, ok := f.at(n, gocmd.BuildAction); ok && outputPathBlocked(c.Err) {
		res.Explanation += " The output path (go build -o) cannot be created: a part of it that must be a directory " +
			"is an existing file."
		res.Fix.Summary = "Give -o a path whose directories are directories (or remove the file in the way)." // gomedic check stays
	}
}

// outputPathBlocked reports whether a step of go build failed (err) because a directory of its
// output path is a file: mkdir's "file exists" or "not a directory".
func outputPathBlocked(err string) bool {
	return strings.Contains(err, "mkdir ") && (strings.HasSuffix(err, "file exists") || strings.HasSuffix(err, "not a directory"))
}
