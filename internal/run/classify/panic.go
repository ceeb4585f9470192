package classify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/text"
)

// recognisePanic: "panic: VALUE" and the panicking goroutine's trace.
func recognisePanic(f *facts) (Result, bool) {
	line, idx := f.firstRuntimeLine("panic: ")
	if idx < 0 || (f.exit == 0 && f.in.Signal == "") {
		return Result{}, false // a Go panic exits 2 (or dies of a signal with GOTRACEBACK=crash)
	}
	gs := parseGoroutines(f.lines[idx:])
	if !f.runtimePanicked(line, idx, gs) {
		return Result{}, false
	}
	p := newPanicking(f, line, idx, gs)
	kind, explain, fix := panicKind(p.full)
	res := Result{ID: Panic, Title: p.title(kind), Details: p.details()}
	where := ""
	if l, ok := p.fault(); ok {
		res.Location = l.at.Where()
		where = fmt.Sprintf(" in %s (goroutine %d)", l.words(), l.g.ID)
	}
	res.Explanation = fmt.Sprintf("%s panicked%s: %s", f.who(), where, explain) + p.notes(kind)
	if res.Location != "" {
		fix = fmt.Sprintf("At %s: %s", res.Location, fix)
	}
	res.Fix = newFix(fix)
	if len(gs) == 0 {
		res.Explanation += " No goroutine trace was printed (GOTRACEBACK=none, or the output was cut), so the " +
			"line is not known: run it again with GOTRACEBACK unset (or =single) to see where."
	}
	if m := indexRE.FindStringSubmatch(p.value); m != nil && res.Location != "" && f.in.Source != nil &&
		slices.Contains(f.in.Source.ArgsIndexed, res.Location) {
		argsIndexPanic(&res, m)
	}
	return res, true
}

// runtimePanicked reports whether the panic line at idx, with the goroutines after it, is the
// runtime's report of an unrecovered panic rather than text the program printed.
func (f *facts) runtimePanicked(line string, idx int, gs []goroutine) bool {
	if len(gs) == 0 && f.exit != 2 && f.in.Signal == "" {
		return false // a program's own text that starts with "panic: ", not the runtime's
	}
	if len(gs) == 0 && !runtimeLooking(panicValue(line), f.lines[idx+1:]) {
		// No trace (GOTRACEBACK=none prints none) and a message the runtime would not print: a
		// program that writes "panic: ..." itself and exits 2.
		return false
	}
	// An unrecovered panic exits 2 (go run and go test report it as 1, unwrapped above, and go
	// run's "exit status 2" stays in the output when a script or make ran it): with another
	// status, the trace is one the program printed itself (a recovered panic logged with
	// debug.Stack, a child's output passed on) and the program exited on its own.
	return f.exit == 2 || f.in.Signal != "" || f.goCmd == "test" || f.in.Phase == PhaseTest ||
		f.printedExit(2) || f.testing()
}

// who is what ran: the program, or a test binary.
func (f *facts) who() string {
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		return "The test binary"
	}
	return "The program"
}

// panicking is an unrecovered panic as the runtime reported it.
type panicking struct {
	f     *facts
	line  string // "panic: VALUE"
	idx   int    // its index in f.lines
	gs    []goroutine
	value string   // VALUE
	more  []string // the lines that continue a value of several lines
	full  string   // value and more
	// nested are the values of the panics of deferred calls while it unwound; repanicked says a
	// deferred call recovered it and panicked again with the same value.
	nested     []string
	repanicked bool
	first      located // the first frame in the user's code
	firstOK    bool
	origin     located // where the first panic happened, below a deferred call's panic
	originOK   bool
}

func newPanicking(f *facts, line string, idx int, gs []goroutine) *panicking {
	p := &panicking{f: f, line: line, idx: idx, gs: gs, value: panicValue(line), repanicked: strings.Contains(line, " [recovered")}
	// A value whose text has several lines continues on lines indented with a tab; a second panic
	// (in a deferred call, while the first unwound) is a "\tpanic: " line.
	for _, l := range f.lines[idx+1:] {
		if !strings.HasPrefix(l, "\t") {
			break
		}
		if v, ok := strings.CutPrefix(l, "\tpanic: "); ok {
			p.nested = append(p.nested, panicValue("panic: "+v))
		} else if len(p.nested) == 0 {
			p.more = append(p.more, strings.TrimSpace(l))
		}
	}
	p.full = p.value
	if len(p.more) > 0 {
		p.full = p.value + " " + strings.Join(text.CapList(p.more, 6), "; ")
	}
	if p.repanicked || len(p.nested) > 0 {
		p.origin, p.originOK = f.panicOrigin(gs)
	}
	p.first, p.firstOK = f.firstLocated(gs)
	return p
}

// title is "panic: VALUE", with the kind of panic when the value does not say it, and the last
// deferred call's panic.
func (p *panicking) title(kind string) string {
	t := "panic: " + text.Clip(p.full, 200)
	if kind != "" && !strings.Contains(p.value, kind) {
		t = fmt.Sprintf("panic (%s): %s", kind, text.Clip(p.full, 200))
	}
	if len(p.nested) > 0 {
		t += " (then, in a deferred call: " + text.Clip(p.nested[len(p.nested)-1], 80) + ")"
	}
	return t
}

// details are the panic line and the runtime's lines right after it: the signal, later panics.
func (p *panicking) details() []string {
	d := []string{p.line}
	for _, l := range p.f.lines[p.idx+1 : min(len(p.f.lines), p.idx+4)] {
		if strings.HasPrefix(l, "[signal ") || strings.HasPrefix(l, "\tpanic: ") {
			d = append(d, strings.TrimSpace(l))
		}
	}
	return d
}

// fault is the place in the user's code to look at: the first user frame, or, when a deferred
// call panicked again, the place below its panic( frame where the first panic happened.
func (p *panicking) fault() (located, bool) {
	if !p.firstOK {
		return located{}, false
	}
	if p.originOK {
		return p.origin, true
	}
	return p.first, true
}

// notes are the explanation's sentences after the panic's own: its whole value, a recovered and
// repeated panic, the panics of deferred calls, the test it happened in.
func (p *panicking) notes(kind string) string {
	var s string
	if len(p.more) > 0 && kind != "" {
		s += " The panic value's whole text: " + text.Clip(p.full, 400) + "."
	}
	moved := p.firstOK && p.originOK && p.first.at != p.origin.at
	if p.repanicked {
		s += " A deferred function recovered it and panicked again with the same value"
		if moved {
			s += " (at " + p.first.at.Where() + ")"
		}
		s += "; the fault is where it first happened, shown here."
	}
	if len(p.nested) > 0 {
		s += fmt.Sprintf(" While it unwound, a deferred call panicked too: %s", p.nested[len(p.nested)-1])
		if moved {
			s += " at " + p.first.at.Where()
		}
		s += ". Both are bugs; the first panic is the one that started it."
	}
	if test := p.f.failingTest(p.idx); test != "" {
		s += fmt.Sprintf(" It happened in the test %s; a panic stops the whole test binary, so the "+
			"tests after it did not run.", test)
	}
	return s
}

// argsIndexPanic: os.Args[i] with fewer arguments than the code expects (m is indexRE's match).
func argsIndexPanic(res *Result, m []string) {
	got := plural(atoi(m[2])-1, "argument")
	res.Title = fmt.Sprintf("panic: the program reads command-line argument %s, and it got %s", m[1], got)
	res.Explanation += fmt.Sprintf(" The index is into os.Args, whose element 0 is the program's name: the "+
		"program expects at least %s argument(s) and was started with %s. An editor's Run passes none unless "+
		"the launch configuration's \"args\" lists them.", m[1], got)
	res.Fix = newFix("Pass the arguments: gomedic run PATH -- ARG..., go run . ARG..., or \"args\": [\"...\"] in " +
		"launch.json; and make the program check len(os.Args) (or use the flag package) and print its usage " +
		"instead of panicking.")
}

// panicWords name a kind of panic in plain words, with its usual fix.
type panicWords struct{ kind, explain, fix string }

// panicKind names the common runtime panics in plain words, with their usual fix: the first of
// panicKinds that matches the value, else words for a panic the code made itself.
func panicKind(v string) (kind, explain, fix string) {
	w := calledPanic(v)
	for _, k := range panicKinds {
		if k.match(v) {
			w = k.words(v)
			break
		}
	}
	return w.kind, w.explain, w.fix
}

// calledPanic are the words for a panic with a string or an error the code made itself.
func calledPanic(v string) panicWords {
	return panicWords{"",
		"the code called panic(" + text.Clip(strconv.Quote(v), 120) + "), directly or through a function that panics " +
			"on error (a Must... helper, log.Panic).",
		"read the panic's message: the condition it reports is the bug, or an error to return and handle instead " +
			"of panicking."}
}

// panicRule recognises a kind of panic by its value.
type panicRule struct {
	match func(v string) bool
	words func(v string) panicWords
}

func contains(s string) func(string) bool {
	return func(v string) bool { return strings.Contains(v, s) }
}
func hasPrefix(s string) func(string) bool {
	return func(v string) bool { return strings.HasPrefix(v, s) }
}
func fixed(w panicWords) func(string) panicWords {
	return func(string) panicWords { return w }
}

// panicKinds are the panics named, in the order they are tried.
var panicKinds = []panicRule{
	{contains("assignment to entry in nil map"), fixed(panicWords{"nil map write",
		"it wrote to a map that was never made. A nil map (declared with var m map[K]V, or a struct field " +
			"never set) can be read, but not written.",
		"make the map before the first write: m = make(map[K]V) (or m := map[K]V{}), e.g. in the constructor " +
			"of the struct that holds it."})},
	{indexRE.MatchString, indexPanic},
	{contains("slice bounds out of range"), func(v string) panicWords {
		return panicWords{"slice bounds out of range",
			"it sliced s[low:high] with bounds outside the slice's length or capacity (" +
				strings.TrimPrefix(v, "runtime error: ") + ").",
			"check that 0 <= low <= high <= len(s) before slicing."}
	}},
	{contains("invalid memory address or nil pointer dereference"), fixed(panicWords{"nil pointer dereference",
		"it used a nil pointer: a field or method of a pointer that was never set, a nil interface's method, " +
			"or the result of a call whose error was ignored.",
		"find which value is nil on that line (often a result used when err != nil, or a struct field never " +
			"initialised) and check for nil, or handle the error, before using it."})},
	{contains("integer divide by zero"), fixed(panicWords{"division by zero",
		"it divided an integer by zero (x / 0 or x % 0).", "check the divisor before dividing."})},
	{hasPrefix("interface conversion: "), func(v string) panicWords {
		return panicWords{"failed type assertion", "a type assertion x.(T) found a value of another type (" + v + ").",
			"use the two-result form, v, ok := x.(T), or a type switch, and handle the other types."}
	}},
	{func(v string) bool {
		return v == "send on closed channel" || v == "close of closed channel" || v == "close of nil channel"
	}, func(v string) panicWords {
		return panicWords{v, "a channel may be closed once, by its sender, and nothing may be sent on it after.",
			"let one goroutine, the sender, close the channel once its sends are done (a sync.WaitGroup tells when " +
				"several senders are), and make the channel with make before closing it."}
	}},
	{func(v string) bool {
		return strings.Contains(v, "makeslice: len out of range") || strings.Contains(v, "makeslice: cap out of range")
	}, fixed(panicWords{"bad make size", "make([]T, n) was given a negative or enormous n.",
		"check the size computed before make (often a length read from input, or a subtraction gone negative)."})},
	{contains("hash of unhashable type"), fixed(panicWords{"unhashable map key",
		"it used a slice, map or func (inside an interface) as a map key.",
		"use a comparable key: a string, an array, or a struct of comparable fields."})},
	{contains("negative WaitGroup counter"), fixed(panicWords{"WaitGroup misuse", "WaitGroup.Done was called more times than Add.",
		"call wg.Add(1) once per goroutine, before starting it, and wg.Done() once in it (defer wg.Done())."})},
	{hasPrefix("runtime error: "), func(v string) panicWords {
		return panicWords{"runtime error",
			"the Go runtime found an invalid operation: " + strings.TrimPrefix(v, "runtime error: ") + ".",
			"check the operation on that line for the case the message names."}
	}},
	{hasPrefix("regexp: Compile("), func(v string) panicWords {
		return panicWords{"invalid regexp", "regexp.MustCompile was given an invalid pattern (" + v + ").",
			"fix the pattern (a raw string `...` avoids double escaping)."}
	}},
	{hasPrefix("unexpected call to os.Exit(0) during test"), fixed(panicWords{"os.Exit(0) in a test",
		"a test (or the code it calls) called os.Exit(0), which would end the test binary as if every test had " +
			"passed; go test runs test binaries with -test.paniconexit0, which turns that call into this panic.",
		"do not call os.Exit in code under test: return an error (or an exit code) from a function that main " +
			"calls, and test that function."})},
	{func(v string) bool {
		return strings.HasPrefix(v, "Fail in goroutine after ") || strings.HasPrefix(v, "Log in goroutine after ")
	}, func(v string) panicWords {
		return panicWords{"test used after it ended",
			"a goroutine started by a test called t.Error, t.Fatal or t.Log after the test function had returned " +
				"(" + v + ").",
			"wait for the goroutines a test starts before it returns (a sync.WaitGroup, or a channel it receives " +
				"from), or stop them with a context the test cancels."}
	}},
	{hasPrefix("test executed panic(nil) or runtime.Goexit"), fixed(panicWords{"test ended by Goexit",
		"a test ended through runtime.Goexit (t.FailNow and t.Fatal call it) or panic(nil) in a way the testing " +
			"package could not attribute: most often t.Fatal or t.FailNow called from a goroutine other than the " +
			"test's own.",
		"call t.Fatal and t.FailNow only from the test's goroutine; from other goroutines use t.Error and return."})},
	{hasPrefix("panic called with nil argument"), fixed(panicWords{"panic(nil)",
		"the code called panic with a nil value (since Go 1.21 that is a *runtime.PanicNilError): most often a " +
			"nil error, as in `if err == nil { panic(err) }` with the condition inverted.",
		"check the condition before the panic, and panic with a non-nil error or message."})},
	{func(v string) bool { return strings.HasPrefix(v, "(") && strings.Contains(v, ") ") }, typedValuePanic},
}

// indexPanic: an index out of range, with the slice's length.
func indexPanic(v string) panicWords {
	m := indexRE.FindStringSubmatch(v)
	if m[2] == "0" {
		return panicWords{"index out of range", fmt.Sprintf("it read element %s of an empty slice (length 0).", m[1]),
			"check the length before indexing (if len(s) > 0 { ... }); an empty slice often means the input " +
				"it was built from was empty."}
	}
	return panicWords{"index out of range",
		fmt.Sprintf("it used index %s of a slice, array or string of length %s; the valid indexes are 0 to %s.",
			m[1], m[2], lastIndex(m[2])),
		"check the loop bounds (i < len(s), not i <= len(s)) and the index arithmetic."}
}

// typedValuePanic: panic with a value that is neither a string nor an error: "(main.Point)
// 0x4b4468", "(main.Code) 3" — the runtime prints its type and an address or number.
func typedValuePanic(v string) panicWords {
	typ := v[1:strings.Index(v, ") ")]
	return panicWords{"",
		"the code called panic with a value of type " + typ + ", which the runtime cannot print (it shows the " +
			"type and an address): " + v + ".",
		"panic with an error or a string (fmt.Errorf(\"...: %v\", value)) so the message says what went wrong."}
}
