package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/spell"
	"github.com/gomedic/gomedic/internal/text"
)

// recogniseFlag: the flag package rejected an argument ("flag provided but not defined: -x"),
// in the program or in a test binary.
func recogniseFlag(f *facts) (Result, bool) {
	if f.exit == 0 && f.in.ExitCode == 0 {
		return Result{}, false
	}
	if l, i := f.firstLineWith(fuzzAloneMsg); i >= 0 && f.testing() {
		return fuzzAloneResult(f, l), true
	}
	fl, ok := findRejectedFlag(f)
	if !ok {
		return Result{}, false
	}
	res := Result{ID: FlagError, Details: []string{f.lines[fl.idx]}, Title: fmt.Sprintf("flag %s %s", fl.name, fl.problem)}
	testBinary := strings.HasSuffix(fl.prog, ".test") || strings.HasSuffix(fl.prog, ".test.exe") ||
		slices.Contains(fl.defined, "test.v") || (fl.prog == "" && (f.goCmd == "test" || f.in.Phase == PhaseTest))
	if testBinary {
		return testFlagResult(f, res, fl), true
	}
	return programFlagResult(f, res, fl), true
}

// rejectedFlag is an argument the flag package rejected, and the usage it printed after.
type rejectedFlag struct {
	idx     int      // the error's line in f.lines
	m       []string // flagErrorRE's match (pflag's error made one)
	name    string   // as given: "-x", "-n=abc"
	bare    string   // its name alone: "x", "n"
	problem string   // "is not defined", "needs a value", ...
	prog    string   // the program the usage names
	defined []string // the flags the usage lists
}

// findRejectedFlag finds the flag package's (or pflag's) error.
func findRejectedFlag(f *facts) (rejectedFlag, bool) {
	fl := rejectedFlag{idx: -1}
	for i, l := range f.lines {
		if !strings.Contains(l, "flag") {
			continue
		}
		if fl.m = flagErrorRE.FindStringSubmatch(l); fl.m != nil {
			fl.idx = i
			break
		}
		if pm := pflagErrorRE.FindStringSubmatch(l); pm != nil {
			fl.m, fl.idx = []string{l, pm[1], "", "", "", "", ""}, i
			break
		}
	}
	if fl.idx < 0 {
		return fl, false
	}
	m := fl.m
	switch {
	case m[1] != "":
		fl.name, fl.problem = m[1], "is not defined"
	case m[2] != "":
		fl.name, fl.problem = m[2], "needs a value"
	case m[4] != "":
		fl.name, fl.problem = m[4], fmt.Sprintf("was given %q, which it cannot parse (%s)", m[3], m[5])
	default:
		fl.name, fl.problem = m[6], "has bad syntax"
	}
	fl.bare = strings.TrimLeft(fl.name, "-")
	if i := strings.IndexByte(fl.bare, '='); i >= 0 {
		fl.bare = fl.bare[:i]
	}
	fl.prog, fl.defined = usageOf(f.lines[fl.idx+1:])
	return fl, true
}

// programFlagResult: the program's own flag parsing rejected the argument.
func programFlagResult(f *facts, res Result, fl rejectedFlag) Result {
	var own []string
	for _, d := range fl.defined {
		own = append(own, "-"+d)
	}
	res.Explanation = fmt.Sprintf("The program's command line was rejected by its flag parsing: %s %s, so it printed "+
		"its usage and exited %d before doing anything.", fl.name, fl.problem, f.exit)
	if len(own) > 0 {
		res.Explanation += " It accepts " + strings.Join(text.CapList(own, 12), ", ") + "."
	} else if len(fl.defined) == 0 && fl.prog != "" {
		res.Explanation += " It defines no flags at all."
	}
	name, bare := fl.name, fl.bare
	switch {
	case fl.m[1] != "" && f.goCmd == "run" && slices.Contains(goRunFlags, bare) && !slices.Contains(fl.defined, bare):
		res.Explanation += fmt.Sprintf(" %s is a flag of go run itself; everything after the package (or .go "+
			"files) goes to the program.", name)
		res.Fix = newFix(fmt.Sprintf("Put go run's own flags before the package: go run %s <package> [program arguments].", name),
			"cd "+shell.Quote(f.dir())+" && "+moveFlagBefore(f.in.Args, name))
	case fl.m[1] != "":
		res.Fix = newFix("Pass only flags the program defines")
		if c := closest(bare, fl.defined); c != "" {
			res.Fix.Summary += fmt.Sprintf(" (did you mean -%s?)", c)
		}
		res.Fix.Summary += "; an argument that starts with '-' but is not a flag goes after --, which ends the flags " +
			"(prog -n 3 -- -x). To accept the flag, define it: flag.String(\"" + bare + "\", \"\", \"...\") before flag.Parse()."
	case fl.m[2] != "":
		res.Fix = newFix(fmt.Sprintf("Give %s its value: %s=VALUE (or %s VALUE).", name, name, name))
	default:
		res.Fix = newFix(fmt.Sprintf("Give %s a value of its type, as the usage shows.", name))
	}
	return res
}

// testFlagResult: a test binary's flag parsing rejected the argument (go test passes it the flags
// it does not know itself).
func testFlagResult(f *facts, res Result, fl rejectedFlag) Result {
	if fl.problem == "is not defined" && testingFlag(fl.bare) {
		return earlyParseResult(f, res, fl.name, fl.defined)
	}
	own := testFlagsDeclared(f, fl.defined)
	res.Title = "the test binary rejected " + fl.name + ": " + strings.TrimPrefix(fl.problem, "is ")
	if f.goCmd == "test" {
		res.Explanation = "go test passes every flag it does not know itself to the test binary, and the "
	} else {
		res.Explanation = "The "
	}
	here := "none"
	if len(own) > 0 {
		here = strings.Join(text.CapList(own, 10), ", ")
	}
	res.Explanation += fmt.Sprintf("test binary's flag parsing rejected %s: it %s. A test binary knows only the "+
		"-test.* flags (which go test spells -v, -run, -count, ...) and the flags the package's code declares with "+
		"the flag package (here: %s).", fl.name, fl.problem, here)
	accepted, rejected := testPackagesByOutcome(f.lines)
	if len(accepted) > 0 && len(rejected) > 0 {
		// The same flags go to every package's test binary: those that passed accept it.
		res.Explanation += fmt.Sprintf(" go test gives the same flags to the test binary of every package it tests: "+
			"%s accepted %s, and %s rejected it.", strings.Join(text.CapList(accepted, 5), ", "), fl.name,
			strings.Join(text.CapList(rejected, 5), ", "))
	}
	res.Fix = testFlagFix(f, fl, own, accepted, rejected)
	return res
}

// testFlagsDeclared are the flags the test binary's usage lists (not testing's own -test.*) and
// those its source declares, as "-name".
func testFlagsDeclared(f *facts, defined []string) []string {
	var own []string
	for _, d := range defined {
		if !strings.HasPrefix(d, "test.") {
			own = append(own, "-"+d)
		}
	}
	if f.in.Source != nil {
		for _, d := range f.in.Source.Flags {
			if !slices.Contains(own, "-"+d) {
				own = append(own, "-"+d)
			}
		}
	}
	return own
}

// testFlagFix: the flag's likely spelling, then where to declare it (or which packages to test).
func testFlagFix(f *facts, fl rejectedFlag, own, accepted, rejected []string) *finding.Fix {
	name, bare := fl.name, fl.bare
	pkg := testPackageArg(f.in.Args)
	fix := newFix("")
	if c := closest(bare, own); c != "" && c != "-"+bare {
		fix.Summary = fmt.Sprintf("If you meant %s, which the tests declare, spell it so. ", c)
	} else if c := closest(strings.TrimPrefix(bare, "test."), goTestFlags); c != "" && c != bare {
		fix = newFix(fmt.Sprintf("If you meant go test's -%s, spell it so (go test -%s %s). ", c, c, pkg),
			"cd "+shell.Quote(f.dir())+" && go test -"+c+" "+pkg)
	}
	switch {
	case len(accepted) > 0 && len(rejected) > 0:
		pkgs := strings.Join(accepted[:min(len(accepted), 5)], " ")
		fix.Summary += fmt.Sprintf("Test with %s only the packages that declare it (go test %s %s), or declare it in "+
			"every package tested.", name, pkgs, name)
		fix.Commands = []string{"cd " + shell.Quote(f.dir()) + " && go test " + pkgs + " " + name}
	case slices.Contains(own, "-"+bare):
		fix.Summary += fmt.Sprintf("The source declares %s, but the binary that ran does not: the declaration is in a "+
			"file this build leaves out (a build tag, another package), or it is made inside a test function, after "+
			"testing has parsed the flags. Declare it at package level in a _test.go file of this package: var %s = "+
			"flag.String(%q, \"\", \"...\").", name, goIdent(bare), bare)
	default:
		fix.Summary += fmt.Sprintf("Remove %s, or, if the tests should accept it, declare it at package level in a _test.go "+
			"file: var %s = flag.String(%q, \"\", \"...\") (testing parses the flags before any test runs, so a flag "+
			"declared inside a test is too late). With a pattern like ./..., every package tested must declare it. "+
			"go test's own flags are also accepted by a test binary run directly, spelled -test.NAME (./pkg.test "+
			"-test.v -test.run X).", name, goIdent(bare), bare)
	}
	return fix
}

func testFlagTakesValue(name string) bool {
	switch name {
	case "run", "skip", "bench", "benchtime", "count", "cpu", "parallel", "timeout", "coverprofile", "covermode",
		"coverpkg", "cpuprofile", "memprofile", "blockprofile", "mutexprofile", "outputdir", "fuzz", "fuzztime",
		"list", "shuffle", "tags", "ldflags", "gcflags", "mod", "modfile", "exec", "o", "p", "vet", "trace":
		return true
	}
	return false
}

// goRunFlags are go build flags that users put after the package by mistake.
var goRunFlags = []string{"race", "tags", "ldflags", "gcflags", "asmflags", "trimpath", "mod", "modfile", "a",
	"n", "x", "v", "p", "work", "buildvcs", "cover", "msan", "asan", "pgo", "overlay", "toolexec", "exec", "C"}

// goTestFlags are go test's flags, which it passes to the test binary as -test.NAME.
var goTestFlags = []string{"v", "run", "skip", "bench", "benchtime", "benchmem", "count", "cover", "covermode",
	"coverpkg", "coverprofile", "cpu", "cpuprofile", "failfast", "fullpath", "fuzz", "fuzztime", "json", "list",
	"memprofile", "mutexprofile", "blockprofile", "outputdir", "parallel", "short", "shuffle", "timeout", "trace",
	"vet", "race", "tags", "ldflags", "gcflags", "args", "c", "o", "exec"}

// testingFlag reports the flags the testing package registers ("test.v", "test.paniconexit0",
// ...): a test binary that rejects one has not registered them.
func testingFlag(bare string) bool {
	n, ok := strings.CutPrefix(bare, "test.")
	if !ok {
		return false
	}
	switch n {
	case "paniconexit0", "testlogfile", "gocoverdir", "fuzzcachedir", "fuzzworker":
		return true
	}
	return testFlags[n]
}

// earlyParseResult: the test binary rejected one of the testing package's own flags, which go test
// always passes (-test.paniconexit0, -test.timeout, -test.testlogfile): flag.Parse ran before
// testing registered them, in an init function or a package-level variable's initializer.
func earlyParseResult(f *facts, res Result, name string, defined []string) Result {
	var own []string
	for _, d := range defined {
		if !strings.HasPrefix(d, "test.") {
			own = append(own, "-"+d)
		}
	}
	res.Title = "flag.Parse ran before the testing package registered its flags: the test binary rejected " + name
	res.Explanation = fmt.Sprintf("The test binary rejected %s, a flag of the testing package itself", name)
	if f.goCmd == "test" {
		res.Explanation += " (go test always passes -test.paniconexit0, -test.timeout and others to the test binary)"
	}
	res.Explanation += ". testing registers its -test.* flags when the test binary's main starts, after every " +
		"package's init functions and package-level variables: a flag.Parse() called in an init function or in a " +
		"package-level variable's initializer (var x = parse()), in the package under test or one it imports, " +
		"parses the command line before they exist, and fails on the first of them."
	if len(own) > 0 {
		res.Explanation += " The usage printed lists only the flags declared so far (" +
			strings.Join(text.CapList(own, 8), ", ") + "), none of testing's."
	}
	res.Fix = newFix("Never call flag.Parse in init or in a package-level variable's initializer. Call it in main (a "+
		"program's flags are parsed there, before they are used); a package that is not main should take its "+
		"settings as parameters rather than parse flags. Tests need no flag.Parse (testing parses the command line "+
		"before the tests run); a TestMain that needs the flags can call flag.Parse() first (testing.Init has run by then).",
		"cd "+shell.Quote(f.dir())+" && grep -rn --include='*.go' 'flag.Parse()' .")
	return res
}

// usageOf reads the flag package's usage after an error: the program's name and its flags.
func usageOf(lines []string) (prog string, flags []string) {
	for i, l := range lines {
		if i > 2 && prog == "" {
			return "", nil
		}
		if m := usageRE.FindStringSubmatch(l); m != nil && prog == "" {
			prog = m[1]
			continue
		}
		if prog == "" {
			continue
		}
		if m := usageFlagRE.FindStringSubmatch(l); m != nil {
			flags = append(flags, m[1])
		} else if !strings.HasPrefix(l, "    ") {
			break
		}
	}
	return prog, flags
}

// moveFlagBefore rewrites "go run . -race x" as "go run -race . x".
func moveFlagBefore(args []string, flag string) string {
	var before, after []string
	pkgSeen := false
	for i, a := range args {
		switch {
		case i <= 1:
			before = append(before, a)
		case a == flag && pkgSeen:
			before = append(before, a)
		case !pkgSeen && !strings.HasPrefix(a, "-"):
			pkgSeen = true
			after = append(after, a)
		case pkgSeen:
			after = append(after, a)
		default:
			before = append(before, a)
		}
	}
	var q []string
	for _, a := range append(before, after...) {
		q = append(q, shell.Quote(a))
	}
	if len(args) > 0 {
		q[0] = "go"
	}
	return strings.Join(q, " ")
}

func goIdent(s string) string {
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r == '-' || r == '.' || r == '_':
			up = b.Len() > 0
		case (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9' && b.Len() > 0):
			if up && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		}
	}
	if b.Len() == 0 {
		return "value"
	}
	return b.String()
}

// closest is the candidate nearest to name by edit distance, when it is near enough.
func closest(name string, candidates []string) string {
	best, bestD := "", 3
	if len(name) <= 3 {
		bestD = 2
	}
	if len(name) > 64 {
		return "" // not a misspelling of a flag name
	}
	for _, c := range candidates {
		if d, ok := spell.Within(name, c, bestD-1); ok {
			best, bestD = c, d
		}
	}
	return best
}

// testFlags are the go test flags a test binary knows as -test.NAME; go test translates them, and
// so does gomedic run (TestFlag), so that `-- -run TestX -v` works as it does after go test.
var testFlags = map[string]bool{
	"artifacts": true, "bench": true, "benchmem": true, "benchtime": true, "blockprofile": true, "blockprofilerate": true,
	"count": true, "coverprofile": true, "cpu": true, "cpuprofile": true, "failfast": true, "fullpath": true, "fuzz": true,
	"fuzzminimizetime": true, "fuzztime": true, "list": true, "memprofile": true, "memprofilerate": true, "mutexprofile": true,
	"mutexprofilefraction": true, "outputdir": true, "parallel": true, "run": true, "short": true, "shuffle": true,
	"skip": true, "timeout": true, "trace": true, "v": true,
}

// TestFlag reports whether name ("run", "v", "count") is a go test flag that a test binary knows
// as -test.NAME.
func TestFlag(name string) bool { return testFlags[name] }
