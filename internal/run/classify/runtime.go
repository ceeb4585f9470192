package classify

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
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

func lastIndex(n string) string {
	i, err := strconv.Atoi(n)
	if err != nil || i == 0 {
		return "0"
	}
	return strconv.Itoa(i - 1)
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
