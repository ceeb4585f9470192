package classify

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// recogniseFatal: "fatal error: ...", which no recover can catch.
func recogniseFatal(f *facts) (Result, bool) {
	line, idx := f.firstRuntimeLine("fatal error: ")
	if idx < 0 || (f.exit == 0 && f.in.Signal == "") {
		return Result{}, false
	}
	ft := &fatal{f: f, msg: strings.TrimPrefix(line, "fatal error: "), gs: parseGoroutines(f.lines[idx:])}
	if len(ft.gs) == 0 && f.exit != 2 && f.in.Signal == "" {
		return Result{}, false // the program's own words, not the runtime's
	}
	if len(ft.gs) == 0 && !runtimeFatal(ft.msg) {
		return Result{}, false // "fatal error: could not connect" printed by the program, exit 2
	}
	res := Result{ID: FatalError, Details: []string{line}}
	if ft.loc, ft.located = f.firstLocated(ft.gs); ft.located {
		res.Location = ft.loc.at.Where()
	}
	for _, cause := range fatalCauses {
		if cause(ft, &res) {
			break
		}
	}
	return res, true
}

// fatal is a fatal error of the runtime: its message, the goroutines it printed, and the first
// place in the user's code they show.
type fatal struct {
	f       *facts
	msg     string
	gs      []goroutine
	loc     located
	located bool
}

// itWas is " It was <where in the user's code>." when that is known, else "".
func (ft *fatal) itWas() string {
	if !ft.located {
		return ""
	}
	return " It was " + ft.loc.words() + "."
}

// fatalCauses are the fatal errors explained, tried in order: each fills in the title,
// explanation and fix of the result when it is the error. The last one explains any other.
var fatalCauses = []func(ft *fatal, res *Result) bool{
	deadlockFatal,
	concurrentMapFatal,
	stackOverflowFatal,
	outOfMemoryFatal,
	panicPrintingFatal,
	goexitFatal,
	unlockFatal,
	otherFatal,
}

func deadlockFatal(ft *fatal, res *Result) bool {
	if !strings.HasPrefix(ft.msg, "all goroutines are asleep - deadlock") {
		return false
	}
	res.Title = "deadlock: all goroutines are asleep"
	res.Explanation = "Every goroutine was blocked waiting for another, so none could ever continue, and the " +
		"runtime stopped the program."
	var blocked []string
	for _, g := range ft.gs {
		if l, ok := ft.f.locate(g); ok && g.ID >= 0 {
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
	return true
}

func concurrentMapFatal(ft *fatal, res *Result) bool {
	if !strings.HasPrefix(ft.msg, "concurrent map") {
		return false
	}
	res.Title = "fatal error: " + ft.msg
	res.Explanation = "Two goroutines used the same map at the same time, at least one of them writing (" + ft.msg +
		"). Maps are not safe for concurrent use; the runtime detected it and stopped the program."
	if ft.located {
		res.Explanation += " One of them was " + ft.loc.words() + "."
	}
	res.Fix = newFix("Guard the map with a sync.Mutex (lock around every read and write), use sync.Map, or let one "+
		"goroutine own the map. The race detector shows both places.", raceCommand(ft.f))
	return true
}

// stackOverflowFatal: endless recursion, and the commonest of it in Go, a String or Error method
// that formats its own receiver.
func stackOverflowFatal(ft *fatal, res *Result) bool {
	f := ft.f
	if ft.msg != "stack overflow" && !strings.Contains(f.stderr, "goroutine stack exceeds") {
		return false
	}
	res.Title = "fatal error: stack overflow (endless recursion)"
	res.Explanation = "The goroutine's stack grew past its limit (1 GB on 64-bit systems): a function calls " +
		"itself, directly or through others, without reaching a case that stops."
	rec, n := repeatedFrame(f, ft.gs)
	if n > 1 {
		res.Explanation += fmt.Sprintf(" %s calls itself at %s (%d times in the part of the stack printed).",
			shortFunc(rec.Func), rec.Where(), n)
		res.Location = rec.Where()
	} else if ft.located {
		res.Explanation += " It was in " + ft.loc.words() + "."
	}
	res.Fix = newFix("Give the recursion a base case that is always reached (or make the recursive call on a smaller " +
		"input), or rewrite it as a loop.")
	if n > 1 && (strings.HasSuffix(rec.Func, ".String") || strings.HasSuffix(rec.Func, ".Error")) && strings.Contains(f.stderr, "fmt.") {
		method := rec.Func[strings.LastIndexByte(rec.Func, '.')+1:]
		res.Explanation += fmt.Sprintf(" It is a %s method that formats its own receiver with fmt (%%v or %%s): "+
			"fmt calls %s for that, which formats the receiver again, forever.", method, method)
		res.Fix = newFix(fmt.Sprintf("In %s, format the underlying value instead of the receiver: convert it "+
			"(fmt.Sprintf(\"%%v\", float64(t))) or use a type without the method. go vet reports this "+
			"(\"Sprintf format %%v with arg t causes recursive %s method call\").", shortFunc(rec.Func), method),
			"cd "+shell.Quote(f.dir())+" && go vet .")
	}
	return true
}

func outOfMemoryFatal(ft *fatal, res *Result) bool {
	if !strings.Contains(ft.msg, "out of memory") {
		return false
	}
	res.Title = "fatal error: out of memory"
	res.Explanation = "The program asked for more memory than the system (or its limit: ulimit -v, a container's " +
		"memory limit) would give."
	if l, _ := ft.f.firstLineWith("runtime: out of memory: "); l != "" {
		res.Details = append(res.Details, l)
		res.Explanation += " " + strings.TrimPrefix(l, "runtime: ") + "."
	}
	if ft.located {
		res.Explanation += " The allocation that failed was " + ft.loc.words() + "."
	}
	res.Fix = newFix("Find what grows: an allocation sized by input, a slice or map that only grows, a leak of " +
		"goroutines. A heap profile (runtime/pprof, or go test -memprofile) shows where memory goes.")
	return true
}

// panicPrintingFatal: the runtime calls the panic value's Error or String method to print it; that
// method panicked (most often: a nil pointer receiver).
func panicPrintingFatal(ft *fatal, res *Result) bool {
	if !strings.HasPrefix(ft.msg, "panic while printing panic value") {
		return false
	}
	f := ft.f
	res.Title = "fatal error: the panic value's Error (or String) method panicked"
	res.Explanation = "The program panicked, and printing the panic value crashed too: the runtime calls the " +
		"value's Error or String method, and that method failed."
	if method, caller := printingFrames(f, ft.gs); method != nil {
		res.Location = method.Where()
		res.Explanation += fmt.Sprintf(" The method was %s at %s", shortFunc(method.Func), method.Where())
		if caller != nil {
			res.Explanation += fmt.Sprintf(", for the panic at %s", caller.Where())
		}
		res.Explanation += "."
	}
	if !strings.Contains(f.stderr, "SIGSEGV") && !strings.Contains(f.stderr, "nil pointer") {
		res.Fix = newFix("Fix the Error (or String) method of the panic value's type so it cannot panic.")
		return true
	}
	res.Explanation += " It dereferenced a nil pointer: the error is a nil pointer of a concrete type (say " +
		"*MyError) stored in an error interface, which makes the interface non-nil (the Go FAQ's \"Why is " +
		"my nil error value not equal to nil?\"): err != nil was true, and Error was called on nil."
	res.Fix = newFix("Return a literal nil from functions whose result type is error, never a nil *MyError " +
		"variable (if verr == nil { return nil }); or make the Error method handle a nil receiver.")
	return true
}

// printingFrames are, around the runtime's runtime.preprintpanics frame, the user's method that
// panicked (above it) and the user's frame that panicked first (below it).
func printingFrames(f *facts, gs []goroutine) (method, caller *frame) {
	for _, g := range gs {
		for i, fr := range g.Frames {
			if fr.Func != "runtime.preprintpanics" || i == 0 {
				continue
			}
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
		if method != nil {
			break
		}
	}
	return method, caller
}

func goexitFatal(ft *fatal, res *Result) bool {
	if !strings.HasPrefix(ft.msg, "no goroutines (main called runtime.Goexit)") {
		return false
	}
	res.Title = "fatal error: main called runtime.Goexit"
	res.Explanation = "runtime.Goexit ended the main goroutine (directly, or through a helper that calls it, " +
		"like testing's FailNow), and no other goroutine was left to run, so the program can never finish." + ft.itWas()
	res.Fix = newFix("Do not call runtime.Goexit (or testing's FailNow) from main: return from main, or call os.Exit " +
		"with a status.")
	return true
}

func unlockFatal(ft *fatal, res *Result) bool {
	if !strings.Contains(ft.msg, "unlock of unlocked") && !strings.Contains(ft.msg, "Unlock of unlocked") {
		return false
	}
	res.Title = "fatal error: " + ft.msg
	res.Explanation = "A mutex was unlocked when it was not locked: an Unlock without its Lock, or a second Unlock." + ft.itWas()
	res.Fix = newFix("Pair every Lock with exactly one Unlock, preferably mu.Lock(); defer mu.Unlock() in the same function.")
	return true
}

func otherFatal(ft *fatal, res *Result) bool {
	res.Title = "fatal error: " + text.Clip(ft.msg, 200)
	res.Explanation = "The Go runtime stopped the program with a fatal error, which no recover can catch: " + ft.msg + "." + ft.itWas()
	res.Fix = newFix("A fatal error other than a deadlock usually means memory corruption through unsafe or cgo, or a "+
		"data race: run with the race detector.", raceCommand(ft.f))
	return true
}
