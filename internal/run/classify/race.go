package classify

import (
	"fmt"
	"regexp"
	"strings"
)

// raceAccessRE is one access of a race detector report: "Read at 0x00c000014108 by goroutine 8:",
// "Previous write at 0x... by main goroutine:", "Write by goroutine 7:" (a race on a channel
// close, a sync.WaitGroup misuse).
var raceAccessRE = regexp.MustCompile(`^((?:Previous )?(?:[Aa]tomic )?(?:read|write|Read|Write)|Previous (?:read|write)|Close|Send)(?: at 0x[0-9a-f]+)? by (main goroutine|goroutine \d+):$`)

// raceAccess is one side of a data race: what it did, which goroutine, and where in the user's
// code.
type raceAccess struct {
	what, who string
	at        frame
	ok        bool
}

// recogniseRace: the race detector's "WARNING: DATA RACE" report. A program built with -race
// exits 66 at the end when a race was found (GORACE=exitcode=N changes it; halt_on_error=1 stops
// at the first); a test with a race fails with "race detected during execution of test".
func recogniseRace(f *facts) (Result, bool) {
	_, idx := f.firstRuntimeLine("WARNING: DATA RACE")
	if idx < 0 || (f.exit == 0 && f.in.Signal == "") {
		return Result{}, false
	}
	accesses := f.raceAccesses(idx + 1)
	races := 0
	for _, l := range f.lines {
		if l == "WARNING: DATA RACE" {
			races++
		}
	}
	res := Result{ID: DataRace, Title: "data race"}
	var where []string
	for _, a := range accesses {
		if a.ok {
			where = append(where, fmt.Sprintf("%s by %s in %s at %s", strings.ToLower(a.what), a.who, shortFunc(a.at.Func), a.at.Where()))
		}
	}
	if len(where) > 0 {
		res.Location = accesses[0].at.Where()
		res.Title = "data race at " + res.Location
		for _, a := range accesses[1:] {
			if a.ok && a.at.Where() != res.Location {
				res.Title += " and " + a.at.Where()
				break
			}
		}
	}
	res.Explanation = "The race detector (the program was built with -race) saw two goroutines use the same memory " +
		"at the same time, at least one of them writing, with nothing ordering them (no mutex, channel or atomic " +
		"operation between them). Such code gives wrong results only sometimes, and the race detector reports it " +
		"whenever the two accesses actually overlap in a run."
	if len(where) > 0 {
		res.Explanation += " Here: " + strings.Join(where, "; ") + "."
	}
	if races > 1 {
		res.Explanation += fmt.Sprintf(" %d races were reported; the first is shown.", races)
	}
	if test := raceTest(f.lines); test != "" {
		res.Explanation += " It happened during " + test + ", which the testing package failed for it."
	} else if f.exit == 66 {
		res.Explanation += " A program built with -race exits with status 66 when it found a race (GORACE=exitcode=N changes it)."
	}
	res.Details = append(res.Details, "WARNING: DATA RACE")
	res.Details = append(res.Details, where...)
	res.Fix = newFix("Make the accesses ordered: guard the shared variable with a sync.Mutex (every read and every write), " +
		"use sync/atomic for a counter or flag, or give the value to one goroutine and send updates to it over a " +
		"channel. sync.WaitGroup.Wait orders only what happens before Done, in the goroutines it waits for.")
	return res, true
}

// raceAccesses reads the accesses of the first report, from the line after its WARNING.
func (f *facts) raceAccesses(from int) []raceAccess {
	var out []raceAccess
	var cur *raceAccess
	var g goroutine
	done := func() {
		if cur != nil {
			cur.at, cur.ok = f.ranker.userFrame(g)
			out = append(out, *cur)
			cur = nil
		}
		g = goroutine{}
	}
	pending := ""
	for _, l := range f.lines[from:] {
		if l == "==================" || strings.HasPrefix(l, "Goroutine ") {
			break
		}
		if m := raceAccessRE.FindStringSubmatch(l); m != nil {
			done()
			cur = &raceAccess{what: m[1], who: m[2]}
			continue
		}
		t := strings.TrimSpace(l)
		switch {
		case cur == nil || t == "":
		case strings.HasPrefix(l, "      "):
			if file, n, ok := fileLine(t); ok && pending != "" {
				g.Frames = append(g.Frames, frame{Func: pending, File: file, Line: n})
			}
			pending = ""
		case strings.HasPrefix(l, "  "):
			pending = strings.TrimSuffix(t, "()")
			if i := strings.LastIndexByte(pending, '('); i > 0 && strings.HasSuffix(pending, ")") {
				pending = pending[:i]
			}
		}
	}
	done()
	if len(out) > 2 {
		out = out[:2]
	}
	return out
}

// raceTest is the test the testing package failed for a race ("--- FAIL: TestX" followed by
// "race detected during execution of test"), or "".
func raceTest(lines []string) string {
	for i, l := range lines {
		if strings.Contains(l, "race detected during execution of test") {
			for j := i - 1; j >= 0 && j >= i-3; j-- {
				if name, ok := failLine(lines[j]); ok {
					return name
				}
			}
			return "a test"
		}
	}
	return ""
}
