package classify

import (
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
)

// The go command's messages, as gocmd reads them: parsed once per classification, and looked up
// by kind or by line.

// causes are gocmd's reading of both streams (stderr's lines, then stdout's, as f.lines), each
// cause's N its index in f.lines. Parsed on first use.
func (f *facts) causes() gocmd.Causes {
	if f.goCauses == nil {
		f.goCauses = append(parseLines(f.errLns, 0), parseLines(f.lines[len(f.errLns):], len(f.errLns))...)
		if f.goCauses == nil {
			f.goCauses = gocmd.Causes{}
		}
	}
	return f.goCauses
}

// parseLines parses lines, all of them (gocmd reads MaxOutput bytes of an output: the lines are
// given to it in pieces no longer than that), each cause's N moved by base.
func parseLines(lines []string, base int) gocmd.Causes {
	var cs gocmd.Causes
	for start := 0; start < len(lines); {
		end, size := start, 0
		for end < len(lines) && (end == start || size+len(lines[end])+1 <= gocmd.MaxOutput) {
			size += len(lines[end]) + 1
			end++
		}
		for _, c := range gocmd.Parse(strings.Join(lines[start:end], "\n")) {
			c.N += base + start
			cs = append(cs, c)
		}
		start = end
	}
	return cs
}

// at is the cause of one of kinds on line n of f.lines.
func (f *facts) at(n int, kinds ...gocmd.Kind) (gocmd.Cause, bool) {
	cs := f.causes()
	i := sort.Search(len(cs), func(i int) bool { return cs[i].N >= n })
	for ; i < len(cs) && cs[i].N == n; i++ {
		for _, k := range kinds {
			if cs[i].Kind == k {
				return cs[i], true
			}
		}
	}
	return gocmd.Cause{}, false
}

// inStderr reports whether c was printed on standard error.
func (f *facts) inStderr(c gocmd.Cause) bool { return c.N < len(f.errLns) }

// causeReader makes a result of a go command's message of one kind, or declines it.
type causeReader struct {
	kind gocmd.Kind
	read func(f *facts, c gocmd.Cause) (Result, bool)
}

// readFirst is the result of the first line that one of readers reads: line by line, and on each
// line the readers in order (a line may hold several messages: "go: no required module provides
// package P: go.mod file not found ...").
func (f *facts) readFirst(readers []causeReader) (Result, bool) {
	cs := f.causes()
	for i := 0; i < len(cs); {
		j := i
		for j < len(cs) && cs[j].N == cs[i].N {
			j++
		}
		for _, r := range readers {
			if c, ok := cs[i:j].First(r.kind); ok {
				if res, ok := r.read(f, c); ok {
					return res, true
				}
			}
		}
		i = j
	}
	return Result{}, false
}

// isProgress reports whether line n of f.lines says nothing of a failure: the go command's
// progress ("go: downloading M V", a toolchain switch starting) or a warning.
func (f *facts) isProgress(n int) bool {
	if gocmd.IsProgress(f.lines[n]) {
		return true
	}
	_, warning := f.at(n, gocmd.Warning)
	return warning
}

// diagLine is a compiler's or vet's message as a line: "./main.go:5:2: undefined: x" (without
// the "vet: " of a type error go vet found).
func diagLine(c gocmd.Cause) string {
	return c.Pos.String() + ": " + c.Err
}

// wrappedExit is go run's (or go test's) "exit status N" among the last 40 lines, printed when
// the program it ran exited N.
func (f *facts) wrappedExit() (int, bool) {
	cs := f.causes()
	for i := len(cs) - 1; i >= 0 && cs[i].N >= len(f.lines)-40; i-- {
		if cs[i].Kind == gocmd.ExitStatus {
			return cs[i].Code, true
		}
	}
	return 0, false
}

// printedExit reports whether go run's "exit status code" is in the output (anywhere: a script
// or make that ran go run passes it on).
func (f *facts) printedExit(code int) bool {
	for _, c := range f.causes().All(gocmd.ExitStatus) {
		if c.Code == code {
			return true
		}
	}
	return false
}
