package classify

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/shell"
)

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
	res.Title, res.Explanation = timeoutHead(f, testIdx, after)
	gs := timeoutGoroutines(f, testIdx)
	l, ok := f.busiest(gs)
	switch {
	case !ok:
		noCodeTimeout(f, &res, gs, after)
	case l.g.State == "running" || l.g.State == "runnable":
		busyTimeout(&res, l)
	default:
		blockedTimeout(f, &res, l)
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

// timeoutHead is the title and the first words of the explanation: what ran, how long, and what
// stopped it (gomedic, or go test's -timeout: the test line at testIdx, in the tests running).
func timeoutHead(f *facts, testIdx int, after string) (title, explanation string) {
	what := "The program"
	if testIdx >= 0 || f.goCmd == "test" || f.in.Phase == PhaseTest {
		what = "The test binary"
	}
	if after != "" {
		title, explanation = "timed out after "+after, fmt.Sprintf("%s was still running after %s", what, after)
	} else {
		title, explanation = "timed out", what+" was still running at the time limit"
	}
	if testIdx < 0 {
		return title, explanation + " and was stopped (SIGQUIT, so that the Go runtime printed its goroutines, then SIGKILL)"
	}
	if running := runningTests(f.lines[testIdx+1:]); len(running) > 0 {
		explanation += ", in " + strings.Join(running, ", ")
	}
	return title, explanation + ", and go test's -timeout (10m unless set) panicked it"
}

// timeoutGoroutines are the goroutines of the dump the timeout made: after go test's panic, or
// after SIGQUIT's first line (not a trace the program printed before, as a recovered panic logged
// by net/http, or a debug.Stack).
func timeoutGoroutines(f *facts, testIdx int) []goroutine {
	if testIdx >= 0 {
		return parseGoroutines(f.lines[testIdx:])
	}
	if q := lastLineWith(f.lines, "SIGQUIT: quit"); q >= 0 {
		return parseGoroutines(f.lines[q:])
	}
	if f.in.TimedOut {
		return nil
	}
	return f.gs
}

// noCodeTimeout: the dump shows no goroutine in the user's code, or there is no dump.
func noCodeTimeout(f *facts, res *Result, gs []goroutine, after string) {
	switch {
	case len(gs) == 0 && f.goCmd == "test":
		res.Explanation += ". It printed no goroutine dump: go test, given packages to test (here " +
			testPackageArg(f.in.Args) + "), holds each test binary's output until the binary ends, and it was stopped " +
			"with its binary, so the dump the binary printed was not passed on."
		res.Fix = newFix("Let go test stop the test itself and print every goroutine: go test -timeout D (or run with -v, "+
			"which streams the output; or gomedic run --test PATH, which runs the test binary directly).",
			"cd "+shell.Quote(f.dir())+" && go test -timeout "+orWord(strings.TrimSuffix(after, "0s"), "30s")+" "+testPackageArg(f.in.Args))
	case len(gs) == 0:
		res.Explanation += ". It printed no goroutine dump (it catches SIGQUIT, or is not a Go program), so where " +
			"it was is not known."
		res.Fix = newFix("If it needs more time, raise --timeout; if it should have finished, run it under the debugger " +
			"(dlv debug) and interrupt it to see where it is.")
	case runningUnseen(gs):
		// "goroutine running on other thread; stack unavailable": the running goroutine was on
		// another thread when SIGQUIT came, and the runtime could not print its stack.
		res.Explanation += ". A goroutine was running when it was stopped, but on another thread than the one that " +
			"got SIGQUIT, so the runtime printed \"stack unavailable\" for it: where it was is not known, and it may " +
			"well be the package's own code (a loop that does not end). The other goroutines were in the runtime or " +
			"the standard library."
		res.Fix = newFix("Run it again (the signal usually reaches the running thread), or under the debugger (dlv debug) " +
			"and interrupt it to see where it is; if it needs more time, raise --timeout.")
	default:
		res.Explanation += ". None of its goroutines was in the package's own code (they were in the runtime or " +
			"the standard library); the dump above shows them."
		res.Fix = newFix("If it needs more time, raise --timeout.")
	}
}

// runningUnseen reports whether a goroutine of the dump was running without a stack to show.
func runningUnseen(gs []goroutine) bool {
	for _, g := range gs {
		if g.State == "running" && len(g.Frames) == 0 {
			return true
		}
	}
	return false
}

// busyTimeout: a goroutine was running the user's code (a loop that does not end, or slow work).
func busyTimeout(res *Result, l located) {
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
}

// blockedTimeout: nothing was running; the user's goroutine waited (for input, a channel, a
// lock, or on purpose: a server, a sleep).
func blockedTimeout(f *facts, res *Result, l located) {
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
