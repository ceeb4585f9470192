package classify

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// A fuzz test's failure: the panic the fuzzing engine caught, the input that caused it, and a
// fuzz test run without go test.

// fuzzCrash is a panic the testing package caught in a fuzz test's function and reported as the
// fuzz test's failure: go test -fuzz (while fuzzing, or on a seed corpus entry) prints
// "testing.go:1927: panic: VALUE" and the panicking goroutine's stack, indented, then where it
// wrote the input and how to run it again.
type fuzzCrash struct {
	test  string      // the failing fuzz test: "FuzzParse"
	value string      // the panic value
	gs    []goroutine // the stack printed with it, de-indented
	input []string    // "Failing input written to testdata/fuzz/FuzzParse/49b6...", "failure while testing seed corpus entry: FuzzParse/seed#1"
	rerun string      // the -run pattern of the failing input: "FuzzParse/49b6726c982e7eac", "FuzzParse/seed#1"
	seed  bool        // the input is a seed corpus entry (f.Add or testdata), not one fuzzing generated
}

// fuzzPanicRE is the caught panic's message line, "testing.go:1927: panic: VALUE" (with -fullpath,
// GOROOT/src/testing/testing.go).
var fuzzPanicRE = regexp.MustCompile(`^(\s+)(?:\S*[/\\])?testing\.go:\d+: panic: (.*)$`)

// maxFuzzStack bounds the lines of the stack read after a caught panic.
const maxFuzzStack = 400

// findFuzzCrash reads the first panic caught by the fuzzing engine.
func findFuzzCrash(lines []string) (fuzzCrash, bool) {
	for i, l := range lines {
		if !strings.Contains(l, "testing.go:") || !strings.Contains(l, ": panic: ") {
			continue
		}
		m := fuzzPanicRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		stack, more, end := fuzzStack(lines, i, m[1])
		gs := parseGoroutines(stack)
		if len(gs) == 0 {
			continue // a test's own message that starts with "panic: "
		}
		c := fuzzCrash{value: panicValue("panic: " + m[2]), gs: gs}
		if len(more) > 0 {
			c.value += " " + strings.Join(more, "; ")
		}
		for k := i - 1; k >= 0 && k >= i-10; k-- {
			if name, ok := failLine(lines[k]); ok {
				c.test = name
				break
			}
		}
		c.readInput(lines, end)
		if c.test == "" && c.rerun != "" {
			c.test = strings.SplitN(c.rerun, "/", 2)[0]
		}
		return c, true
	}
	return fuzzCrash{}, false
}

// fuzzStack reads the continuation of the caught panic's message at lines[i], indented 4 more
// than it (which is indented by indent): the lines that continue a panic value of several lines,
// then the stack; end is the index of the first line after it.
func fuzzStack(lines []string, i int, indent string) (stack, more []string, end int) {
	indent += "    "
	end = i + 1
	for ; end < len(lines) && end <= i+maxFuzzStack; end++ {
		s, ok := strings.CutPrefix(lines[end], indent)
		if !ok {
			if strings.TrimSpace(lines[end]) == "" {
				stack = append(stack, "")
				continue
			}
			break
		}
		if _, _, header := goroutineHeader(s); !header && len(stack) == 0 && len(more) < 6 {
			more = append(more, strings.TrimSpace(s)) // a panic value of several lines
			continue
		}
		stack = append(stack, s)
	}
	return stack, more, end
}

// readInput reads which input failed: a seed corpus entry, or the file fuzzing wrote (in the
// lines after the stack, from end), and the -run pattern that reruns it.
func (c *fuzzCrash) readInput(lines []string, end int) {
	for _, a := range lines {
		if seed, ok := strings.CutPrefix(a, "failure while testing seed corpus entry: "); ok {
			c.input = append(c.input, a)
			c.rerun, c.seed = strings.TrimSpace(seed), true
			break
		}
	}
	for k := end; k < len(lines) && k < end+10; k++ {
		a := strings.TrimSpace(lines[k])
		if strings.HasPrefix(a, "Failing input written to ") {
			c.input = append(c.input, a)
		}
		if p, ok := strings.CutPrefix(a, "go test -run="); ok && c.rerun == "" {
			c.rerun = strings.TrimSpace(p)
		}
	}
}

// fuzzCrashResult: a fuzz test's function panicked on an input; the fault is in the user's frame of
// the stack printed with the panic, not at testing.go, where it was caught.
func fuzzCrashResult(f *facts, c fuzzCrash, fails []testFailure) Result {
	name := orWord(c.test, "the fuzz test")
	kind, explain, fix := panicKind(c.value)
	res := Result{ID: TestFailed}
	what, short := "panic: "+text.Clip(c.value, 200), ": "+text.Clip(c.value, 200)
	if kind != "" && !strings.Contains(c.value, kind) {
		what = fmt.Sprintf("panic (%s): %s", kind, text.Clip(c.value, 200))
		short = " (" + kind + ")" + short
	}
	if c.seed {
		res.Title = fmt.Sprintf("a seed corpus entry of %s panics%s", name, short)
	} else {
		res.Title = fmt.Sprintf("fuzzing found an input that makes %s panic%s", name, short)
	}
	// The stack's own GOROOT decides which frames are the standard library's.
	g := *f
	g.ranker = newFrameRanker(f.in.Source, c.gs)
	where := ""
	if l, ok := g.firstLocated(c.gs); ok {
		res.Location = l.at.Where()
		where = " in " + l.words()
	}
	if c.seed {
		res.Explanation = fmt.Sprintf("Before fuzzing, go test runs %s on its seed corpus (the f.Add values and "+
			"testdata/fuzz/%s), and one entry (%s) made the code panic%s: %s", name, name, orWord(c.rerun, "?"), where, explain)
	} else {
		res.Explanation = fmt.Sprintf("go test -fuzz ran %s with generated inputs, and one made the code panic%s: %s",
			name, where, explain)
	}
	res.Explanation += " The testing package caught the panic and reported it as the fuzz test's failure: the " +
		"testing.go line printed with it is where it was caught, not the fault."
	if !c.seed {
		res.Explanation += fmt.Sprintf(" The input was written to testdata/fuzz/%s: it is now part of the seed "+
			"corpus, so plain go test runs it (and fails) until the code is fixed.", name)
	}
	res.Details = append([]string{what}, c.input...)
	for _, t := range fails {
		if t.name == c.test || strings.HasPrefix(t.name, c.test+"/") {
			continue
		}
		for _, m := range t.msgs {
			res.Details = append(res.Details, t.name+": "+text.Clip(m, 300))
		}
	}
	res.Details = text.CapList(res.Details, 30)
	if res.Location != "" {
		fix = fmt.Sprintf("At %s: %s", res.Location, fix)
	}
	fix = strings.TrimSuffix(fix, ".") + ". Then rerun the failing input alone"
	if !c.seed {
		fix += ", and keep its file in testdata/fuzz (commit it): it guards against the bug coming back"
	}
	res.Fix = newFix(fix + ".")
	if c.rerun != "" {
		res.Fix.Commands = []string{fmt.Sprintf("cd %s && go test -run=%s %s", shell.Quote(f.dir()), shell.Quote(c.rerun), testPackageArg(f.in.Args))}
	}
	return res
}

// fuzzAloneMsg is what a test binary given -test.fuzz without go test prints (go test runs the
// binary as fuzzing workers, with -test.fuzzcachedir and -test.fuzzworker).
const fuzzAloneMsg = "testing: -test.fuzzcachedir must be set if -test.fuzz is set"

// fuzzAloneResult: a test binary was run directly with -test.fuzz (gomedic run --test PATH --
// -fuzz=FuzzX): fuzzing needs go test itself.
func fuzzAloneResult(f *facts, line string) Result {
	target := flagValue(f.in.Args, "fuzz")
	if target == "" {
		target = "FuzzX"
	}
	cmd := "go test -fuzz=" + shell.Quote(target) + " -fuzztime=30s " + testPackageArg(f.in.Args)
	return Result{
		ID:    FlagError,
		Title: "fuzzing needs go test: the test binary cannot fuzz on its own (-test.fuzz)",
		Explanation: "The test binary was run directly with -test.fuzz (gomedic run --test translates -fuzz to it), " +
			"but fuzzing is driven by go test: it starts the test binary as fuzzing workers (-test.fuzzworker), " +
			"coordinates them and keeps the corpus cache (-test.fuzzcachedir, for use only by go test). Without " +
			"them the binary prints this message and its usage, and exits 2 before running anything.",
		Details: []string{line},
		Fix: newFix("Fuzz with go test itself, one package and one fuzz test at a time: gomedic run -- "+cmd+
			" (without -fuzz, gomedic run --test runs the fuzz tests' seed corpus like the other tests).",
			"cd "+shell.Quote(f.dir())+" && gomedic run -- "+cmd),
	}
}
