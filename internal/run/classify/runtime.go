package classify

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// The Go runtime's own reports: panics, fatal errors, signals it caught, and the goroutine dump of
// a program stopped at the timeout.

var (
	indexRE     = regexp.MustCompile(`index out of range \[(-?\d+)\] with length (\d+)`)
	sigDumpRE   = regexp.MustCompile(`^(SIG[A-Z0-9]+): (.+)$`)
	testTimedRE = regexp.MustCompile(`^panic: test timed out after (\S+)`)
)

// located is where a goroutine is in the user's code.
type located struct {
	g     goroutine
	at    frame  // the frame to show: the innermost user frame with a real line
	inner string // the innermost user function, when it is not at's (a line-less frame inside it)
}

// locate finds g's user frame. The runtime sometimes prints line 1 for a goroutine interrupted in
// a tight loop (an inlined call, or an asynchronous preemption at the function's entry): the
// function is right, the line is not, so the caller's line is shown with the function's name.
func (f *facts) locate(g goroutine) (located, bool) {
	uf, ok := f.ranker.userFrame(g)
	if !ok {
		return located{}, false
	}
	l := located{g: g, at: uf}
	if uf.Line > 1 {
		return l, true
	}
	seen := false
	for _, fr := range g.Frames {
		if fr == uf {
			seen = true
			continue
		}
		if seen && !fr.Created && fr.Line > 1 && f.ranker.rank(fr) > rankNone {
			return located{g: g, at: fr, inner: uf.Func}, true
		}
	}
	return l, true
}

// words says where: "main.set at /app/main.go:4", "main.spin, called at /app/main.go:13".
func (l located) words() string {
	if l.inner != "" {
		return fmt.Sprintf("%s (called at %s)", shortFunc(l.inner), l.at.Where())
	}
	return fmt.Sprintf("%s at %s", shortFunc(l.at.Func), l.at.Where())
}

// shortFunc drops the import path's directories: "example.com/app/x.(*T).M" -> "x.(*T).M".
func shortFunc(fn string) string {
	if i := strings.LastIndexByte(fn, '/'); i >= 0 {
		return fn[i+1:]
	}
	return fn
}

// firstLocated is the first goroutine (in dump order) that has a user frame.
func (f *facts) firstLocated(gs []goroutine) (located, bool) {
	for _, g := range gs {
		if g.ID < 0 {
			continue
		}
		if l, ok := f.locate(g); ok {
			return l, true
		}
	}
	return located{}, false
}

// failingTest is the test a panic happened in ("--- FAIL: TestX" just before it), or "".
func (f *facts) failingTest(before int) string {
	for i := before - 1; i >= 0 && i >= before-5; i-- {
		if name, ok := failLine(f.lines[i]); ok {
			return name
		}
	}
	return ""
}

// recognisePanic: "panic: VALUE" and the panicking goroutine's trace.
func recognisePanic(f *facts) (Result, bool) {
	line, idx := f.firstRuntimeLine("panic: ")
	if idx < 0 || (f.exit == 0 && f.in.Signal == "") {
		return Result{}, false // a Go panic exits 2 (or dies of a signal with GOTRACEBACK=crash)
	}
	gs := parseGoroutines(f.lines[idx:])
	if len(gs) == 0 && f.exit != 2 && f.in.Signal == "" {
		return Result{}, false // a program's own text that starts with "panic: ", not the runtime's
	}
	if len(gs) == 0 && !runtimeLooking(panicValue(line), f.lines[idx+1:]) {
		// No trace (GOTRACEBACK=none prints none) and a message the runtime would not print: a
		// program that writes "panic: ..." itself and exits 2.
		return Result{}, false
	}
	if f.exit != 2 && f.in.Signal == "" && f.goCmd != "test" && f.in.Phase != PhaseTest &&
		!slices.Contains(f.lines, "exit status 2") && !f.testing() {
		// An unrecovered panic exits 2 (go run and go test report it as 1, unwrapped above, and go
		// run's "exit status 2" stays in the output when a script or make ran it): with another
		// status, the trace is one the program printed itself (a recovered panic logged with
		// debug.Stack, a child's output passed on) and the program exited on its own.
		return Result{}, false
	}
	value := panicValue(line)
	// A value whose text has several lines continues on lines indented with a tab; a second panic
	// (in a deferred call, while the first unwound) is a "\tpanic: " line.
	var more, nested []string
	for _, l := range f.lines[idx+1:] {
		if !strings.HasPrefix(l, "\t") {
			break
		}
		if v, ok := strings.CutPrefix(l, "\tpanic: "); ok {
			nested = append(nested, panicValue("panic: "+v))
		} else if len(nested) == 0 {
			more = append(more, strings.TrimSpace(l))
		}
	}
	full := value
	if len(more) > 0 {
		full = value + " " + strings.Join(text.CapList(more, 6), "; ")
	}
	kind, explain, fix := panicKind(full)
	res := Result{ID: Panic, Title: "panic: " + text.Clip(full, 200)}
	if kind != "" && !strings.Contains(value, kind) {
		res.Title = fmt.Sprintf("panic (%s): %s", kind, text.Clip(full, 200))
	}
	repanicked := strings.Contains(line, " [recovered")
	where := ""
	var origin located
	originOK := false
	if repanicked || len(nested) > 0 {
		origin, originOK = f.panicOrigin(gs)
	}
	if l, ok := f.firstLocated(gs); ok {
		res.Location = l.at.Where()
		where = fmt.Sprintf(" in %s (goroutine %d)", l.words(), l.g.ID)
		if originOK {
			// The first user frame is the deferred call that panicked again; the fault is below
			// its panic( frame.
			res.Location = origin.at.Where()
			where = fmt.Sprintf(" in %s (goroutine %d)", origin.words(), origin.g.ID)
		}
	}
	who := "The program"
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		who = "The test binary"
	}
	res.Explanation = fmt.Sprintf("%s panicked%s: %s", who, where, explain)
	if len(more) > 0 && kind != "" {
		res.Explanation += " The panic value's whole text: " + text.Clip(full, 400) + "."
	}
	if repanicked {
		res.Explanation += " A deferred function recovered it and panicked again with the same value"
		if l, ok := f.firstLocated(gs); ok && originOK && l.at != origin.at {
			res.Explanation += " (at " + l.at.Where() + ")"
		}
		res.Explanation += "; the fault is where it first happened, shown here."
	}
	if len(nested) > 0 {
		res.Title += " (then, in a deferred call: " + text.Clip(nested[len(nested)-1], 80) + ")"
		res.Explanation += fmt.Sprintf(" While it unwound, a deferred call panicked too: %s", nested[len(nested)-1])
		if l, ok := f.firstLocated(gs); ok && originOK && l.at != origin.at {
			res.Explanation += " at " + l.at.Where()
		}
		res.Explanation += ". Both are bugs; the first panic is the one that started it."
	}
	if test := f.failingTest(idx); test != "" {
		res.Explanation += fmt.Sprintf(" It happened in the test %s; a panic stops the whole test binary, so the "+
			"tests after it did not run.", test)
	}
	res.Details = []string{line}
	for _, l := range f.lines[idx+1 : min(len(f.lines), idx+4)] {
		if strings.HasPrefix(l, "[signal ") || strings.HasPrefix(l, "\tpanic: ") {
			res.Details = append(res.Details, strings.TrimSpace(l))
		}
	}
	if res.Location != "" {
		res.Fix = newFix(fmt.Sprintf("At %s: %s", res.Location, fix))
	} else {
		res.Fix = newFix(fix)
	}
	if len(gs) == 0 {
		res.Explanation += " No goroutine trace was printed (GOTRACEBACK=none, or the output was cut), so the " +
			"line is not known: run it again with GOTRACEBACK unset (or =single) to see where."
	}
	if m := indexRE.FindStringSubmatch(value); m != nil && res.Location != "" && f.in.Source != nil &&
		slices.Contains(f.in.Source.ArgsIndexed, res.Location) {
		// os.Args[i] with fewer arguments than the code expects.
		res.Title = fmt.Sprintf("panic: the program reads command-line argument %s, and it got %s", m[1], plural(atoi(m[2])-1, "argument"))
		res.Explanation += fmt.Sprintf(" The index is into os.Args, whose element 0 is the program's name: the "+
			"program expects at least %s argument(s) and was started with %s. An editor's Run passes none unless "+
			"the launch configuration's \"args\" lists them.", m[1], plural(atoi(m[2])-1, "argument"))
		res.Fix = newFix("Pass the arguments: gomedic run PATH -- ARG..., go run . ARG..., or \"args\": [\"...\"] in " +
			"launch.json; and make the program check len(os.Args) (or use the flag package) and print its usage " +
			"instead of panicking.")
	}
	return res, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// panicOrigin is where a panic first happened when deferred calls panicked after it (a re-panic, a
// second panic): the first user frame below the last panic( frame of the panicking goroutine.
func (f *facts) panicOrigin(gs []goroutine) (located, bool) {
	for _, g := range gs {
		last := -1
		for i, fr := range g.Frames {
			if fr.Func == "panic" || strings.HasPrefix(fr.Func, "runtime.gopanic") {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		below := goroutine{ID: g.ID, State: g.State, Frames: g.Frames[last+1:]}
		return f.locate(below)
	}
	return located{}, false
}

// panicValue strips the decorations of a re-panic: "x [recovered]", "x [recovered, repanicked]".
func panicValue(line string) string {
	v := strings.TrimPrefix(line, "panic: ")
	if i := strings.LastIndex(v, " [recovered"); i >= 0 && strings.HasSuffix(v, "]") {
		v = v[:i]
	}
	return v
}

// panicKind names the common runtime panics in plain words, with their usual fix.
func panicKind(v string) (kind, explain, fix string) {
	switch {
	case strings.Contains(v, "assignment to entry in nil map"):
		return "nil map write",
			"it wrote to a map that was never made. A nil map (declared with var m map[K]V, or a struct field " +
				"never set) can be read, but not written.",
			"make the map before the first write: m = make(map[K]V) (or m := map[K]V{}), e.g. in the constructor " +
				"of the struct that holds it."
	case indexRE.MatchString(v):
		m := indexRE.FindStringSubmatch(v)
		if m[2] == "0" {
			return "index out of range", fmt.Sprintf("it read element %s of an empty slice (length 0).", m[1]),
				"check the length before indexing (if len(s) > 0 { ... }); an empty slice often means the input " +
					"it was built from was empty."
		}
		return "index out of range",
			fmt.Sprintf("it used index %s of a slice, array or string of length %s; the valid indexes are 0 to %s.",
				m[1], m[2], lastIndex(m[2])),
			"check the loop bounds (i < len(s), not i <= len(s)) and the index arithmetic."
	case strings.Contains(v, "slice bounds out of range"):
		return "slice bounds out of range",
			"it sliced s[low:high] with bounds outside the slice's length or capacity (" +
				strings.TrimPrefix(v, "runtime error: ") + ").",
			"check that 0 <= low <= high <= len(s) before slicing."
	case strings.Contains(v, "invalid memory address or nil pointer dereference"):
		return "nil pointer dereference",
			"it used a nil pointer: a field or method of a pointer that was never set, a nil interface's method, " +
				"or the result of a call whose error was ignored.",
			"find which value is nil on that line (often a result used when err != nil, or a struct field never " +
				"initialised) and check for nil, or handle the error, before using it."
	case strings.Contains(v, "integer divide by zero"):
		return "division by zero", "it divided an integer by zero (x / 0 or x % 0).",
			"check the divisor before dividing."
	case strings.HasPrefix(v, "interface conversion: "):
		return "failed type assertion", "a type assertion x.(T) found a value of another type (" + v + ").",
			"use the two-result form, v, ok := x.(T), or a type switch, and handle the other types."
	case v == "send on closed channel", v == "close of closed channel", v == "close of nil channel":
		return v,
			"a channel may be closed once, by its sender, and nothing may be sent on it after.",
			"let one goroutine, the sender, close the channel once its sends are done (a sync.WaitGroup tells when " +
				"several senders are), and make the channel with make before closing it."
	case strings.Contains(v, "makeslice: len out of range"), strings.Contains(v, "makeslice: cap out of range"):
		return "bad make size", "make([]T, n) was given a negative or enormous n.",
			"check the size computed before make (often a length read from input, or a subtraction gone negative)."
	case strings.Contains(v, "hash of unhashable type"):
		return "unhashable map key", "it used a slice, map or func (inside an interface) as a map key.",
			"use a comparable key: a string, an array, or a struct of comparable fields."
	case strings.Contains(v, "negative WaitGroup counter"):
		return "WaitGroup misuse", "WaitGroup.Done was called more times than Add.",
			"call wg.Add(1) once per goroutine, before starting it, and wg.Done() once in it (defer wg.Done())."
	case strings.HasPrefix(v, "runtime error: "):
		return "runtime error",
			"the Go runtime found an invalid operation: " + strings.TrimPrefix(v, "runtime error: ") + ".",
			"check the operation on that line for the case the message names."
	case strings.HasPrefix(v, "regexp: Compile("):
		return "invalid regexp", "regexp.MustCompile was given an invalid pattern (" + v + ").",
			"fix the pattern (a raw string `...` avoids double escaping)."
	case strings.HasPrefix(v, "unexpected call to os.Exit(0) during test"):
		return "os.Exit(0) in a test",
			"a test (or the code it calls) called os.Exit(0), which would end the test binary as if every test had " +
				"passed; go test runs test binaries with -test.paniconexit0, which turns that call into this panic.",
			"do not call os.Exit in code under test: return an error (or an exit code) from a function that main " +
				"calls, and test that function."
	case strings.HasPrefix(v, "Fail in goroutine after ") || strings.HasPrefix(v, "Log in goroutine after "):
		return "test used after it ended",
			"a goroutine started by a test called t.Error, t.Fatal or t.Log after the test function had returned " +
				"(" + v + ").",
			"wait for the goroutines a test starts before it returns (a sync.WaitGroup, or a channel it receives " +
				"from), or stop them with a context the test cancels."
	case strings.HasPrefix(v, "test executed panic(nil) or runtime.Goexit"):
		return "test ended by Goexit",
			"a test ended through runtime.Goexit (t.FailNow and t.Fatal call it) or panic(nil) in a way the testing " +
				"package could not attribute: most often t.Fatal or t.FailNow called from a goroutine other than the " +
				"test's own.",
			"call t.Fatal and t.FailNow only from the test's goroutine; from other goroutines use t.Error and return."
	case strings.HasPrefix(v, "panic called with nil argument"):
		return "panic(nil)",
			"the code called panic with a nil value (since Go 1.21 that is a *runtime.PanicNilError): most often a " +
				"nil error, as in `if err == nil { panic(err) }` with the condition inverted.",
			"check the condition before the panic, and panic with a non-nil error or message."
	case strings.HasPrefix(v, "(") && strings.Contains(v, ") "):
		// panic with a value that is neither a string nor an error: "(main.Point) 0x4b4468",
		// "(main.Code) 3" — the runtime prints its type and an address or number.
		typ := v[1:strings.Index(v, ") ")]
		return "",
			"the code called panic with a value of type " + typ + ", which the runtime cannot print (it shows the " +
				"type and an address): " + v + ".",
			"panic with an error or a string (fmt.Errorf(\"...: %v\", value)) so the message says what went wrong."
	}
	return "",
		"the code called panic(" + text.Clip(strconv.Quote(v), 120) + "), directly or through a function that panics " +
			"on error (a Must... helper, log.Panic).",
		"read the panic's message: the condition it reports is the bug, or an error to return and handle instead " +
			"of panicking."
}

func lastIndex(n string) string {
	i, err := strconv.Atoi(n)
	if err != nil || i == 0 {
		return "0"
	}
	return strconv.Itoa(i - 1)
}

// recogniseFatal: "fatal error: ...", which no recover can catch.
func recogniseFatal(f *facts) (Result, bool) {
	line, idx := f.firstRuntimeLine("fatal error: ")
	if idx < 0 || (f.exit == 0 && f.in.Signal == "") {
		return Result{}, false
	}
	msg := strings.TrimPrefix(line, "fatal error: ")
	gs := parseGoroutines(f.lines[idx:])
	if len(gs) == 0 && f.exit != 2 && f.in.Signal == "" {
		return Result{}, false // the program's own words, not the runtime's
	}
	if len(gs) == 0 && !runtimeFatal(msg) {
		return Result{}, false // "fatal error: could not connect" printed by the program, exit 2
	}
	res := Result{ID: FatalError, Details: []string{line}}
	loc, located := f.firstLocated(gs)
	if located {
		res.Location = loc.at.Where()
	}
	switch {
	case strings.HasPrefix(msg, "all goroutines are asleep - deadlock"):
		res.Title = "deadlock: all goroutines are asleep"
		res.Explanation = "Every goroutine was blocked waiting for another, so none could ever continue, and the " +
			"runtime stopped the program."
		var blocked []string
		for _, g := range gs {
			if l, ok := f.locate(g); ok && g.ID >= 0 {
				blocked = append(blocked, fmt.Sprintf("goroutine %d is blocked in %s: %s", g.ID, stateWords(g.State), l.words()))
			}
		}
		if len(blocked) > 0 {
			res.Explanation += " " + blocked[0] + "."
			res.Details = append(res.Details, text.CapList(blocked, 10)...)
		}
		res.Fix = newFix("Give every blocked operation its partner: a receive needs a sender (started in another goroutine " +
			"before the receive, or a buffered channel), a range over a channel needs the sender to close it, a " +
			"WaitGroup.Wait needs a Done for every Add, a mutex needs its Unlock.")
	case strings.HasPrefix(msg, "concurrent map"):
		res.Title = "fatal error: " + msg
		res.Explanation = "Two goroutines used the same map at the same time, at least one of them writing (" + msg +
			"). Maps are not safe for concurrent use; the runtime detected it and stopped the program."
		if located {
			res.Explanation += " One of them was " + loc.words() + "."
		}
		res.Fix = newFix("Guard the map with a sync.Mutex (lock around every read and write), use sync.Map, or let one "+
			"goroutine own the map. The race detector shows both places.", raceCommand(f))
	case msg == "stack overflow" || strings.Contains(f.stderr, "goroutine stack exceeds"):
		res.Title = "fatal error: stack overflow (endless recursion)"
		res.Explanation = "The goroutine's stack grew past its limit (1 GB on 64-bit systems): a function calls " +
			"itself, directly or through others, without reaching a case that stops."
		if rec, n := repeatedFrame(f, gs); n > 1 {
			res.Explanation += fmt.Sprintf(" %s calls itself at %s (%d times in the part of the stack printed).",
				shortFunc(rec.Func), rec.Where(), n)
			res.Location = rec.Where()
		} else if located {
			res.Explanation += " It was in " + loc.words() + "."
		}
		res.Fix = newFix("Give the recursion a base case that is always reached (or make the recursive call on a smaller " +
			"input), or rewrite it as a loop.")
		if rec, n := repeatedFrame(f, gs); n > 1 && (strings.HasSuffix(rec.Func, ".String") || strings.HasSuffix(rec.Func, ".Error")) &&
			strings.Contains(f.stderr, "fmt.") {
			method := rec.Func[strings.LastIndexByte(rec.Func, '.')+1:]
			res.Explanation += fmt.Sprintf(" It is a %s method that formats its own receiver with fmt (%%v or %%s): "+
				"fmt calls %s for that, which formats the receiver again, forever.", method, method)
			res.Fix = newFix(fmt.Sprintf("In %s, format the underlying value instead of the receiver: convert it "+
				"(fmt.Sprintf(\"%%v\", float64(t))) or use a type without the method. go vet reports this "+
				"(\"Sprintf format %%v with arg t causes recursive %s method call\").", shortFunc(rec.Func), method),
				"cd "+shell.Quote(f.dir())+" && go vet .")
		}
	case strings.Contains(msg, "out of memory"):
		res.Title = "fatal error: out of memory"
		res.Explanation = "The program asked for more memory than the system (or its limit: ulimit -v, a container's " +
			"memory limit) would give."
		if l, _ := f.firstLineWith("runtime: out of memory: "); l != "" {
			res.Details = append(res.Details, l)
			res.Explanation += " " + strings.TrimPrefix(l, "runtime: ") + "."
		}
		if located {
			res.Explanation += " The allocation that failed was " + loc.words() + "."
		}
		res.Fix = newFix("Find what grows: an allocation sized by input, a slice or map that only grows, a leak of " +
			"goroutines. A heap profile (runtime/pprof, or go test -memprofile) shows where memory goes.")
	case strings.HasPrefix(msg, "panic while printing panic value"):
		// The runtime calls the panic value's Error or String method to print it; that method
		// panicked (most often: a nil pointer receiver).
		res.Title = "fatal error: the panic value's Error (or String) method panicked"
		res.Explanation = "The program panicked, and printing the panic value crashed too: the runtime calls the " +
			"value's Error or String method, and that method failed."
		var method, caller *frame
		for _, g := range gs {
			for i, fr := range g.Frames {
				if fr.Func == "runtime.preprintpanics" && i > 0 {
					for j := i - 1; j >= 0; j-- {
						if f.ranker.rank(g.Frames[j]) > rankNone {
							method = &g.Frames[j]
							break
						}
					}
					for j := i + 1; j < len(g.Frames); j++ {
						if f.ranker.rank(g.Frames[j]) > rankNone {
							caller = &g.Frames[j]
							break
						}
					}
				}
			}
			if method != nil {
				break
			}
		}
		if method != nil {
			res.Location = method.Where()
			res.Explanation += fmt.Sprintf(" The method was %s at %s", shortFunc(method.Func), method.Where())
			if caller != nil {
				res.Explanation += fmt.Sprintf(", for the panic at %s", caller.Where())
			}
			res.Explanation += "."
		}
		if strings.Contains(f.stderr, "SIGSEGV") || strings.Contains(f.stderr, "nil pointer") {
			res.Explanation += " It dereferenced a nil pointer: the error is a nil pointer of a concrete type (say " +
				"*MyError) stored in an error interface, which makes the interface non-nil (the Go FAQ's \"Why is " +
				"my nil error value not equal to nil?\"): err != nil was true, and Error was called on nil."
			res.Fix = newFix("Return a literal nil from functions whose result type is error, never a nil *MyError " +
				"variable (if verr == nil { return nil }); or make the Error method handle a nil receiver.")
		} else {
			res.Fix = newFix("Fix the Error (or String) method of the panic value's type so it cannot panic.")
		}
	case strings.HasPrefix(msg, "no goroutines (main called runtime.Goexit)"):
		res.Title = "fatal error: main called runtime.Goexit"
		res.Explanation = "runtime.Goexit ended the main goroutine (directly, or through a helper that calls it, " +
			"like testing's FailNow), and no other goroutine was left to run, so the program can never finish."
		if located {
			res.Explanation += " It was " + loc.words() + "."
		}
		res.Fix = newFix("Do not call runtime.Goexit (or testing's FailNow) from main: return from main, or call os.Exit " +
			"with a status.")
	case strings.Contains(msg, "unlock of unlocked"), strings.Contains(msg, "Unlock of unlocked"):
		res.Title = "fatal error: " + msg
		res.Explanation = "A mutex was unlocked when it was not locked: an Unlock without its Lock, or a second Unlock."
		if located {
			res.Explanation += " It was " + loc.words() + "."
		}
		res.Fix = newFix("Pair every Lock with exactly one Unlock, preferably mu.Lock(); defer mu.Unlock() in the same function.")
	default:
		res.Title = "fatal error: " + text.Clip(msg, 200)
		res.Explanation = "The Go runtime stopped the program with a fatal error, which no recover can catch: " + msg + "."
		if located {
			res.Explanation += " It was " + loc.words() + "."
		}
		res.Fix = newFix("A fatal error other than a deadlock usually means memory corruption through unsafe or cgo, or a "+
			"data race: run with the race detector.", raceCommand(f))
	}
	return res, true
}

// repeatedFrame is the user frame that repeats most in the goroutine that overflowed.
func repeatedFrame(f *facts, gs []goroutine) (frame, int) {
	for _, g := range gs {
		if g.ID < 0 {
			continue
		}
		count := map[string]int{}
		first := map[string]frame{}
		best, bestN := "", 0
		for _, fr := range g.Frames {
			if fr.Created || f.ranker.rank(fr) == rankNone {
				continue
			}
			w := fr.Where()
			count[w]++
			if _, ok := first[w]; !ok {
				first[w] = fr
			}
			if count[w] > bestN {
				best, bestN = w, count[w]
			}
		}
		if bestN > 0 {
			return first[best], bestN
		}
	}
	return frame{}, 0
}

func raceCommand(f *facts) string {
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		return f.inDir(f.dir(), ".") + "go test -race ."
	}
	return f.inDir(f.dir(), f.target()) + "go run -race " + f.target()
}

// stateWords says what a goroutine state means.
func stateWords(state string) string {
	switch state {
	case "chan receive":
		return "a channel receive that nothing sends to (or closes)"
	case "chan send":
		return "a channel send that nothing receives"
	case "chan receive (nil chan)", "chan send (nil chan)":
		return "an operation on a nil channel (never made with make), which blocks forever"
	case "select":
		return "a select where no case can proceed"
	case "select (no cases)":
		return "select {}, which blocks forever"
	case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		return "a Lock of a mutex that is still locked (by another goroutine that never unlocks it, or by this " +
			"same goroutine: sync.Mutex is not reentrant, so a method that calls another method locking the same " +
			"mutex blocks forever)"
	case "sync.WaitGroup.Wait":
		return "WaitGroup.Wait, whose count never reaches zero (a Done missing, or Add called too often)"
	case "sync.Cond.Wait":
		return "Cond.Wait, which nothing signals"
	case "semacquire":
		return "a lock or WaitGroup wait"
	case "IO wait":
		return "network or pipe I/O"
	case "syscall":
		return "a system call (reading input, a file or a pipe)"
	case "sleep":
		return "time.Sleep"
	case "running", "runnable":
		return "running code"
	}
	return state
}

// recogniseRuntimeSignal: a signal the Go runtime caught and reported before exiting 2 (a
// SIGSEGV or SIGABRT in C code called through cgo, a SIGQUIT someone sent).
func recogniseRuntimeSignal(f *facts) (Result, bool) {
	for i, l := range f.lines {
		if !strings.HasPrefix(l, "SIG") || i+1 >= len(f.lines) || !strings.HasPrefix(f.lines[i+1], "PC=") {
			continue
		}
		m := sigDumpRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		res := Result{ID: Signal, Title: fmt.Sprintf("%s: %s", m[1], m[2]), Details: []string{l}}
		cgo := f.has("signal arrived during cgo execution")
		gs := parseGoroutines(f.lines[i:])
		loc, located := f.firstLocated(gs)
		if located {
			res.Location = loc.at.Where()
		}
		switch {
		case cgo:
			res.Title += " in C code (cgo)"
			res.Explanation = fmt.Sprintf("The program got %s (%s) while running C code called through cgo", m[1], m[2])
			if located {
				res.Explanation += ", from " + loc.words()
			}
			res.Explanation += ". The Go runtime cannot recover from a crash in C code: a bad pointer, a buffer " +
				"overrun or an abort() in the C side."
			res.Details = append(res.Details, "signal arrived during cgo execution")
			res.Fix = newFix("Debug the C side: check the pointers and lengths passed to it (a Go pointer the C code keeps, " +
				"a freed C.CString), build the C code with -fsanitize=address (CGO_CFLAGS/CGO_LDFLAGS), or run the " +
				"program under gdb to see the C stack; GOTRACEBACK=crash makes the runtime dump core.")
		case m[1] == "SIGQUIT":
			res.Explanation = "Something sent the program SIGQUIT (Ctrl-\\ in a terminal, or kill -QUIT), and the " +
				"Go runtime printed every goroutine and exited."
			if located {
				res.Explanation += " It was in " + loc.words() + "."
			}
			res.Fix = newFix("If you meant to stop it, nothing is wrong; the dump shows where each goroutine was.")
		default:
			res.Explanation = fmt.Sprintf("The program got %s (%s) outside Go code the runtime could turn into a "+
				"panic", m[1], m[2])
			if located {
				res.Explanation += "; it was in " + loc.words()
			}
			res.Explanation += ". Usually memory corruption through unsafe, assembly or a C library."
			res.Fix = newFix("Look for unsafe pointer use around that place, and run the race detector.",
				raceCommand(f))
		}
		return res, true
	}
	return Result{}, false
}

// recogniseTimeout: gomedic stopped the program at --timeout after SIGQUIT (or go test's own
// -timeout panicked it); the goroutine dump tells where the user's code was.
func recogniseTimeout(f *facts) (Result, bool) {
	testLine, testIdx := "", -1
	for i, l := range f.lines {
		if strings.HasPrefix(l, "panic: test timed out") && testTimedRE.MatchString(l) {
			testLine, testIdx = l, i
			break
		}
	}
	if !f.in.TimedOut && testIdx < 0 {
		return Result{}, false
	}
	res := Result{ID: Timeout}
	after := ""
	switch {
	case testIdx >= 0:
		after = testTimedRE.FindStringSubmatch(testLine)[1]
		res.Details = append(res.Details, testLine)
	case f.in.Timeout > 0:
		after = f.in.Timeout.Round(time.Millisecond).String()
	}
	what := "The program"
	if testIdx >= 0 || f.goCmd == "test" || f.in.Phase == PhaseTest {
		what = "The test binary"
	}
	if after != "" {
		res.Title = "timed out after " + after
		res.Explanation = fmt.Sprintf("%s was still running after %s", what, after)
	} else {
		res.Title = "timed out"
		res.Explanation = what + " was still running at the time limit"
	}
	if testIdx >= 0 {
		running := runningTests(f.lines[testIdx+1:])
		if len(running) > 0 {
			res.Explanation += ", in " + strings.Join(running, ", ")
		}
		res.Explanation += ", and go test's -timeout (10m unless set) panicked it"
	} else {
		res.Explanation += " and was stopped (SIGQUIT, so that the Go runtime printed its goroutines, then SIGKILL)"
	}
	gs := f.gs
	if testIdx >= 0 {
		gs = parseGoroutines(f.lines[testIdx:])
	} else if q := lastLineWith(f.lines, "SIGQUIT: quit"); q >= 0 {
		// The dump SIGQUIT made, not a trace the program printed before (a recovered panic logged
		// by net/http, a debug.Stack).
		gs = parseGoroutines(f.lines[q:])
	} else if f.in.TimedOut {
		gs = nil
	}
	l, ok := f.busiest(gs)
	switch {
	case !ok && len(gs) == 0 && f.goCmd == "test":
		res.Explanation += ". It printed no goroutine dump: go test, given packages to test (here " +
			testPackageArg(f.in.Args) + "), holds each test binary's output until the binary ends, and it was stopped " +
			"with its binary, so the dump the binary printed was not passed on."
		res.Fix = newFix("Let go test stop the test itself and print every goroutine: go test -timeout D (or run with -v, "+
			"which streams the output; or gomedic run --test PATH, which runs the test binary directly).",
			"cd "+shell.Quote(f.dir())+" && go test -timeout "+orWord(strings.TrimSuffix(after, "0s"), "30s")+" "+testPackageArg(f.in.Args))
	case !ok && len(gs) == 0:
		res.Explanation += ". It printed no goroutine dump (it catches SIGQUIT, or is not a Go program), so where " +
			"it was is not known."
		res.Fix = newFix("If it needs more time, raise --timeout; if it should have finished, run it under the debugger " +
			"(dlv debug) and interrupt it to see where it is.")
	case !ok:
		res.Explanation += ". None of its goroutines was in the package's own code (they were in the runtime or " +
			"the standard library); the dump above shows them."
		res.Fix = newFix("If it needs more time, raise --timeout.")
	case l.g.State == "running" || l.g.State == "runnable":
		res.Location = l.at.Where()
		res.Title += ": busy in " + shortFunc(l.at.Func)
		if l.inner != "" {
			res.Title = strings.TrimSuffix(res.Title, shortFunc(l.at.Func)) + shortFunc(l.inner)
		}
		res.Explanation += fmt.Sprintf(". Goroutine %d was running %s: most likely a loop whose condition never "+
			"becomes false, or work too slow for this input.", l.g.ID, l.words())
		res.Fix = newFix(fmt.Sprintf("Look at the loop around %s: check that every iteration moves toward the exit (the "+
			"loop variable changes, the condition can become false). If it is just slow, raise --timeout or profile "+
			"it (go test -cpuprofile, or runtime/pprof).", l.at.Where()))
	default:
		res.Location = l.at.Where()
		res.Title += ": goroutine " + strconv.Itoa(l.g.ID) + " blocked in " + l.g.State
		res.Explanation += fmt.Sprintf(". Nothing was running; goroutine %d was blocked in %s: %s.",
			l.g.ID, stateWords(l.g.State), l.words())
		if readsInput(l.g) {
			res.Explanation += " It was waiting for input on standard input"
			if f.in.Stdin == result.RunStdinTerminal {
				res.Explanation += ", which is the terminal: type the input, or give it with --stdin FILE or --input TEXT"
			}
			res.Explanation += "."
		}
		res.Fix = newFix("Give the blocked operation its partner (a sender for the receive, a Done for the Wait, an Unlock " +
			"for the Lock), or close the channel when the sender is done; a select with a time.After or a " +
			"context's Done case makes the wait end.")
		if why, fix, ok := waitingOnPurpose(l.g); ok {
			res.Title = strings.Replace(res.Title, "blocked in "+l.g.State, why, 1)
			res.Explanation += " " + capital(why) + ": " + fix
			res.Fix = newFix("If it should run that long, raise --timeout (0 for no limit); otherwise make it stop: " +
				"a deadline or a context it checks.")
		}
	}
	if ok {
		for _, g := range gs {
			if lg, found := f.locate(g); found && g.ID >= 0 && len(res.Details) < 8 {
				res.Details = append(res.Details, fmt.Sprintf("goroutine %d [%s]: %s", g.ID, g.State, lg.words()))
			}
		}
	}
	return res, true
}

// busiest picks the goroutine to report at a timeout: one running the user's code (a busy loop),
// else goroutine 1 when it is in the user's code, else the first in the user's code.
func (f *facts) busiest(gs []goroutine) (located, bool) {
	var first, main *located
	for _, g := range gs {
		if g.ID < 0 || isTestAlarm(g) {
			continue
		}
		l, ok := f.locate(g)
		if !ok {
			continue
		}
		if g.State == "running" || g.State == "runnable" {
			return l, true
		}
		if first == nil {
			first = &l
		}
		if g.ID == 1 && main == nil {
			main = &l
		}
	}
	if main != nil {
		return *main, true
	}
	if first != nil {
		return *first, true
	}
	return located{}, false
}

func isTestAlarm(g goroutine) bool {
	for _, fr := range g.Frames {
		if strings.Contains(fr.Func, "startAlarm") {
			return true
		}
	}
	return false
}

// readsInput reports whether a goroutine is inside a read of a file or standard input.
func readsInput(g goroutine) bool {
	for _, fr := range g.Frames {
		switch {
		case fr.Func == "os.(*File).Read", strings.HasPrefix(fr.Func, "bufio.(*Scanner)."),
			strings.HasPrefix(fr.Func, "bufio.(*Reader).Read"), strings.HasPrefix(fr.Func, "fmt.Scan"),
			strings.HasPrefix(fr.Func, "fmt.Fscan"):
			return true
		}
	}
	return false
}

// runningTests reads the "running tests:" list that follows go test's timeout panic.
func runningTests(lines []string) []string {
	var names []string
	for i, l := range lines {
		if i == 0 && strings.TrimSpace(l) != "running tests:" {
			return nil
		}
		if i == 0 {
			continue
		}
		if !strings.HasPrefix(l, "\t\t") {
			break
		}
		names = append(names, strings.TrimSpace(l))
	}
	return names
}

// lastLineWith is the index of the last line that starts with prefix, or -1.
func lastLineWith(lines []string, prefix string) int {
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], prefix) {
			return i
		}
	}
	return -1
}

// waitingOnPurpose recognises a goroutine that waits as a program normally does, not a deadlock:
// a server waiting for connections, a sleep, a wait for a child process.
func waitingOnPurpose(g goroutine) (why, more string, ok bool) {
	has := func(subs ...string) bool {
		for _, fr := range g.Frames {
			for _, s := range subs {
				if strings.Contains(fr.Func, s) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("net.(*netFD).accept", "(*TCPListener).Accept", "(*UnixListener).Accept", "net/http.(*Server).Serve"):
		return "waiting for connections", "it is a server, and a server runs until it is stopped; " +
			"nothing is wrong with that unless it should have exited.", true
	case has("os.(*Process).Wait", "os/exec.(*Cmd).Wait", "os.(*Process).blockUntilWaitable", "os/exec.(*Cmd).Run"):
		return "waiting for a child process", "it started another program (os/exec) and waits for it to exit; " +
			"that program is what was still running.", true
	case g.State == "sleep" || has("time.Sleep"):
		return "sleeping", "it was in time.Sleep (a loop that sleeps and checks, a ticker), waiting for time " +
			"to pass rather than stuck.", true
	}
	return "", "", false
}

// capital is s with its first letter upper-case.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// runtimeLooking reports a panic value the Go runtime (or the standard library) produces, or one
// followed by the runtime's "[signal ...]" line: evidence of a real panic when no goroutine trace
// was printed (GOTRACEBACK=none).
func runtimeLooking(v string, rest []string) bool {
	if len(rest) > 0 && strings.HasPrefix(rest[0], "[signal ") {
		return true
	}
	if kind, _, _ := panicKind(v); kind != "" {
		return true
	}
	return strings.Contains(v, "[recovered")
}

// runtimeFatal reports the fatal errors the Go runtime itself prints.
func runtimeFatal(msg string) bool {
	for _, p := range []string{"all goroutines are asleep", "concurrent map", "stack overflow", "out of memory",
		"unlock of unlocked", "Unlock of unlocked", "sync: ", "no goroutines", "panic while printing panic value",
		"unexpected signal", "fault", "runtime: ", "index out of range", "morestack", "malloc", "invalid pointer",
		"found bad pointer", "bad g", "unaligned", "checkptr", "growslice", "concurrent map iteration"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
