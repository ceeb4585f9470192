package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/shell"
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
