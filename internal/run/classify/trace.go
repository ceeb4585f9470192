package classify

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// A goroutine traceback as the Go runtime prints it (panics, fatal errors, SIGQUIT dumps, go test
// timeouts):
//
//	goroutine 1 [chan receive]:
//	main.main()
//		/home/a/app/main.go:12 +0x1d
//	created by main.start in goroutine 1
//		/home/a/app/main.go:8 +0x25
//
// With GOTRACEBACK=system/crash or SIGQUIT the header also carries gp=, m= and mp=, and each
// file line fp=, sp= and pc=. With -trimpath the files are module paths ("example.com/app/main.go",
// "runtime/panic.go"). "runtime stack:" starts the system stack of a fatal error.

// goroutine is one goroutine of a traceback.
type goroutine struct {
	ID     int    // -1 for the "runtime stack:" section
	State  string // "running", "chan receive", "select", "IO wait", ... (without ", 2 minutes")
	Frames []frame
}

// frame is one call in a goroutine's stack.
type frame struct {
	Func    string // "main.f", "example.com/app.TestX", "main.main.func1", "testing.(*T).Run"
	File    string // as printed
	Line    int
	Created bool // the "created by" frame: where the goroutine was started, not where it is
}

// Where is file:line.
func (fr frame) Where() string {
	if fr.File == "" {
		return ""
	}
	return fr.File + ":" + strconv.Itoa(fr.Line)
}

// maxGoroutines bounds the dump kept: a server may have thousands, and only the first few with
// user frames are reported.
const maxGoroutines = 2000

// parseGoroutines reads every goroutine of the tracebacks in text.
func parseGoroutines(lines []string) []goroutine {
	var gs []goroutine
	var cur *goroutine
	pending := "" // a function line waiting for its file line
	created := false
	flush := func() {
		if cur != nil {
			gs = append(gs, *cur)
			cur = nil
		}
		pending = ""
	}
	for _, line := range lines {
		if id, state, ok := goroutineHeader(line); ok {
			flush()
			if len(gs) >= maxGoroutines {
				break
			}
			cur = &goroutine{ID: id, State: state}
			continue
		}
		if line == "runtime stack:" {
			flush()
			cur = &goroutine{ID: -1, State: "runtime stack"}
			continue
		}
		if cur == nil {
			continue
		}
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "\t"):
			if pending == "" {
				continue
			}
			if file, n, ok := fileLine(line[1:]); ok {
				cur.Frames = append(cur.Frames, frame{Func: pending, File: file, Line: n, Created: created})
			}
			pending, created = "", false
		case strings.HasPrefix(line, "...") && strings.HasSuffix(line, "elided..."):
			pending = ""
		case strings.HasPrefix(line, "created by "):
			fn := strings.TrimPrefix(line, "created by ")
			if i := strings.Index(fn, " in goroutine "); i >= 0 {
				fn = fn[:i]
			}
			pending, created = fn, true
		default:
			if fn := funcName(line); fn != "" {
				pending, created = fn, false
			} else {
				flush()
			}
		}
	}
	flush()
	return gs
}

// goroutineHeader parses "goroutine 1 [running]:" and "goroutine 1 gp=0x.. m=0 mp=0x.. [chan
// receive, 2 minutes]:".
func goroutineHeader(line string) (id int, state string, ok bool) {
	rest, found := strings.CutPrefix(line, "goroutine ")
	if !found || !strings.HasSuffix(rest, "]:") {
		return 0, "", false
	}
	sp := strings.IndexByte(rest, ' ')
	if sp <= 0 {
		return 0, "", false
	}
	id, err := strconv.Atoi(rest[:sp])
	if err != nil {
		return 0, "", false
	}
	open := strings.LastIndexByte(rest, '[')
	if open < 0 {
		return 0, "", false
	}
	state = rest[open+1 : len(rest)-2]
	if i := strings.IndexByte(state, ','); i >= 0 {
		state = state[:i]
	}
	return id, state, true
}

// funcName takes the function from a frame's first line: "main.f(0x1, {0x2, 0x3})" -> "main.f",
// "testing.(*T).Run(...)" -> "testing.(*T).Run"; "" when the line is not a call.
func funcName(line string) string {
	if !strings.HasSuffix(line, ")") || strings.HasPrefix(line, " ") {
		return ""
	}
	depth := 0
	for i := len(line) - 1; i >= 0; i-- {
		switch line[i] {
		case ')', '}':
			depth++
		case '(', '{':
			depth--
			if depth == 0 {
				if line[i] != '(' || i == 0 {
					return ""
				}
				name := line[:i]
				if strings.ContainsAny(name, " \t") {
					return ""
				}
				return name
			}
		}
	}
	return ""
}

// fileLine parses "/path/main.go:12 +0x1d fp=..." (the tab removed).
func fileLine(s string) (file string, line int, ok bool) {
	end := strings.Index(s, " +0x")
	if end < 0 {
		end = strings.Index(s, " fp=")
	}
	if end >= 0 {
		s = s[:end]
	}
	s = strings.TrimRight(s, " ")
	colon := strings.LastIndexByte(s, ':')
	if colon <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[colon+1:])
	if err != nil || n < 0 {
		return "", 0, false
	}
	return s[:colon], n, true
}

// funcPackage is the import path of a frame's function: "example.com/app.(*T).M" ->
// "example.com/app", "main.main.func1" -> "main", "panic" -> "".
func funcPackage(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return fn[:slash+1+dot]
}

// Ranks of a frame: how surely it is the user's code.
const (
	rankNone  = iota // the runtime, the standard library, generated code
	rankDep          // a dependency in the module cache or vendor
	rankOther        // not the standard library, not known to be the user's
	rankUser         // a file of the package being run (under Source.Dir, or one of its files)
)

// frameRanker decides which frames are the user's code.
type frameRanker struct {
	dir    string   // Source.Dir, slash-separated, without a trailing slash
	files  []string // the package's file names (base names)
	goroot string   // inferred from the runtime's frames, slash-separated
}

func newFrameRanker(src *Source, gs []goroutine) frameRanker {
	r := frameRanker{}
	if src != nil {
		r.dir = strings.TrimSuffix(toSlash(src.Dir), "/")
		for _, f := range append(append([]string(nil), src.Files...), src.TestFiles...) {
			r.files = append(r.files, path.Base(toSlash(f)))
		}
	}
	for _, g := range gs {
		for _, fr := range g.Frames {
			if strings.HasPrefix(fr.Func, "runtime.") {
				if i := strings.LastIndex(toSlash(fr.File), "/src/runtime/"); i > 0 {
					r.goroot = toSlash(fr.File)[:i]
					return r
				}
			}
		}
	}
	return r
}

func (r frameRanker) rank(fr frame) int {
	file := toSlash(fr.File)
	base := path.Base(file)
	if base == "_testmain.go" || strings.HasPrefix(base, "_cgo_") || strings.Contains(fr.Func, "._Cfunc_") ||
		strings.Contains(fr.Func, "._cgoexp") || strings.HasPrefix(fr.Func, "_cgo") || fr.Func == "panic" {
		return rankNone
	}
	pkg := funcPackage(fr.Func)
	if r.dir != "" && strings.HasPrefix(file, r.dir+"/") && !strings.Contains(file[len(r.dir):], "/vendor/") {
		return rankUser
	}
	std := pkg == "" || (!strings.Contains(strings.SplitN(pkg, "/", 2)[0], ".") && pkg != "main")
	absolute := strings.HasPrefix(file, "/") || (len(file) > 2 && file[1] == ':')
	switch {
	case absolute && r.goroot != "":
		if strings.HasPrefix(file, r.goroot+"/src/") || strings.HasPrefix(file, r.goroot+"/pkg/") {
			return rankNone
		}
	case absolute:
		if pkg == "" || (std && knownStd(pkg)) {
			return rankNone
		}
	default:
		// -trimpath: "example.com/app/main.go", "command-line-arguments/main.go", "runtime/panic.go"
		if (pkg == "main" || strings.HasPrefix(file, "command-line-arguments/") || !std) && slices.Contains(r.files, base) {
			return rankUser
		}
		if std {
			return rankNone
		}
	}
	if strings.Contains(file, "/pkg/mod/") || strings.Contains(file, "/vendor/") {
		return rankDep
	}
	return rankOther
}

// knownStd reports the standard packages that show up in tracebacks, for when no GOROOT can be
// inferred from the dump.
func knownStd(pkg string) bool {
	top := strings.SplitN(pkg, "/", 2)[0]
	switch top {
	case "runtime", "testing", "reflect", "internal", "sync", "syscall", "os", "io", "bufio", "fmt",
		"net", "time", "strconv", "strings", "bytes", "sort", "slices", "maps", "encoding", "context",
		"log", "errors", "unicode", "math", "crypto", "iter", "unique", "weak":
		return true
	}
	return false
}

// userFrame is the first frame of g in the user's code (the best rank; created-by frames only
// when no other frame ranks), and whether there is one.
func (r frameRanker) userFrame(g goroutine) (frame, bool) {
	best, bestRank := frame{}, rankNone
	for _, created := range []bool{false, true} {
		for _, fr := range g.Frames {
			if fr.Created != created {
				continue
			}
			if rk := r.rank(fr); rk > bestRank {
				best, bestRank = fr, rk
			}
		}
		if bestRank > rankNone {
			return best, true
		}
	}
	return frame{}, false
}

func toSlash(p string) string { return strings.ReplaceAll(p, `\`, "/") }
