package classify

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// Classify says why a program, test or command exited as it did: one id, a plain-words
// explanation, the location in the user's code when there is one, and the fix. It is a pure
// function of its input (no files read, nothing run) and never panics, whatever the bytes.
//
// The decision is the first recogniser of the table below that matches; the order is the
// reasoning. The go command's own failures come first (nothing of the program ran), then what
// the source says cannot run, then a program that did not start. A timeout comes before
// anything read from the output, since the goroutine dump that SIGQUIT prints is ours, not the
// program's crash. The stdin causes (a line over the scanner's limit, no input at all) come
// before the panic or error they lead to, a runtime's own crash (fatal error, panic) before the
// signal that may follow it (GOTRACEBACK=crash), test results before a bare exit status, and a
// zero exit last. Afterwards, a file opened relative to the wrong working directory or an exec
// that found nothing (from --trace or the error text) is added to the explanation.
func Classify(in Input) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			res = Result{
				ID:          fallbackID(in),
				Title:       "could not classify this exit",
				Explanation: fmt.Sprintf("gomedic's classifier failed on this output (%v); the exit status was %d.", r, in.ExitCode),
			}
		}
	}()
	return classify(in)
}

// classify is Classify without the safety net (the fuzz test calls it to find the panics).
func classify(in Input) Result {
	f := newFacts(in)
	for _, r := range recognisers {
		if res, ok := r.match(f); ok {
			return bounded(addHints(f, res))
		}
	}
	return bounded(addHints(f, exitCodeResult(f))) // unreachable: recogniseOK matches everything left
}

// maxDetail bounds one detail line: a program can print a line of megabytes.
const maxDetail = 1000

// bounded cuts overlong detail lines.
func bounded(res Result) Result {
	for i, d := range res.Details {
		if len(d) > maxDetail {
			res.Details[i] = text.Clip(d, maxDetail)
		}
	}
	return res
}

// recogniser is one row of the decision table.
type recogniser struct {
	name  string
	match func(*facts) (Result, bool)
}

// recognisers is the decision, in order (see Classify).
var recognisers = []recogniser{
	{"go command", recogniseGoCommand},         // build_failed, not_main_package, no_main_func, vet_failed
	{"source", recogniseSource},                // not_main_package, no_main_func decided from the source
	{"start", recogniseExec},                   // exec_not_found
	{"timeout", recogniseTimeout},              // timeout (--timeout, go test -timeout)
	{"long line", recogniseTokenTooLong},       // stdin_token_too_long
	{"flag", recogniseFlag},                    // flag_error (the program's or a test binary's)
	{"no input", recogniseStdinEOF},            // stdin_eof
	{"runtime signal", recogniseRuntimeSignal}, // signal: SIGSEGV/SIGABRT the runtime caught (cgo)
	{"fatal error", recogniseFatal},            // fatal_error
	{"panic", recognisePanic},                  // panic
	{"data race", recogniseRace},               // data_race (-race)
	{"signal", recogniseSignal},                // signal: killed by the kernel or another process
	{"test failure", recogniseTestFailed},      // test_failed
	{"no tests", recogniseNoTests},             // no_test_files
	{"exit status", recogniseExitCode},         // exit_code
	{"ok", recogniseOK},                        // ok
}

// knownIDs are every id Classify returns.
var knownIDs = []string{
	OK, BuildFailed, Panic, FatalError, FlagError, ExitCode, Signal, Timeout, NotMainPackage,
	NoMainFunc, StdinEOF, StdinTokenTooLong, TestFailed, NoTestFiles, VetFailed, ExecNotFound,
	DataRace,
}

// maxTextHead and maxTextTail bound how much of each stream is read: the head (where a panic or a compiler's first
// error is) and the tail (where a test summary or go run's exit status is).
const (
	maxTextHead = 256 << 10
	maxTextTail = 768 << 10
)

// facts are the input read once: the text of both streams, the goroutines of any traceback,
// the go subcommand that ran, the program's own exit status.
type facts struct {
	in     Input
	stdout string
	stderr string
	lines  []string // stderr's lines, then stdout's (go test prints everything to stdout)
	errLns []string // stderr's lines alone
	// exit is the program's own exit status: go run and go test print "exit status N" and exit 1
	// themselves; -1 when it did not exit (signal, not started).
	exit   int
	goCmd  string // "run", "test", "build", "vet", ... when Args[0] is the go command
	gs     []goroutine
	ranker frameRanker
	// goCauses are the go command's messages in f.lines (see causes), read on first use.
	goCauses gocmd.Causes
}

func newFacts(in Input) *facts {
	f := &facts{in: in, exit: in.ExitCode}
	f.stdout = streamText(in.Stdout)
	f.stderr = streamText(in.Stderr)
	if conv, ok := testJSON(f.stdout); ok {
		f.stdout = conv
	}
	f.errLns = splitLines(f.stderr)
	f.lines = append(append([]string(nil), f.errLns...), splitLines(f.stdout)...)
	f.goCmd = GoSubcommand(in.Args)
	wrapped := f.goCmd == "run" || f.goCmd == "test" || len(in.Args) == 0
	if wrapped && in.ExitCode == 1 && in.Signal == "" {
		if n, ok := f.wrappedExit(); ok {
			f.exit = n
		}
	}
	f.gs = parseGoroutines(f.lines)
	f.ranker = newFrameRanker(in.Source, f.gs)
	return f
}

// streamText reads a stream: a bounded head and tail, CRLF as LF.
func streamText(b []byte) string {
	if len(b) > maxTextHead+maxTextTail {
		b = append(append(append([]byte(nil), b[:maxTextHead]...), "\n...\n"...), b[len(b)-maxTextTail:]...)
	}
	t := strings.ReplaceAll(string(b), "\r\n", "\n")
	if strings.IndexByte(t, 0x1b) >= 0 {
		t = ansiRE.ReplaceAllString(t, "") // colours and cursor moves are not words
	}
	return t
}

// ansiRE is a terminal escape sequence (CSI: ESC [ params final-byte; OSC: ESC ] ... BEL).
var ansiRE = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]|\x1b\\][^\x07]*\x07")

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// testJSON turns the output of go test -json (or test2json) back into the text go test prints.
func testJSON(s string) (string, bool) {
	trimmed := strings.TrimLeft(s, " \n\t")
	if !strings.HasPrefix(trimmed, "{") || !strings.Contains(trimmed[:min(len(trimmed), 200)], `"Action"`) {
		return "", false
	}
	var out strings.Builder
	events := 0
	for _, line := range strings.Split(trimmed, "\n") {
		if !strings.HasPrefix(line, "{") {
			out.WriteString(line + "\n")
			continue
		}
		var ev struct{ Action, Output string }
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			out.WriteString(line + "\n")
			continue
		}
		events++
		out.WriteString(ev.Output)
	}
	return out.String(), events > 0
}

// GoSubcommand is "run" for go run ..., "test" for go test ..., "" when Args is not the go
// command.
func GoSubcommand(args []string) string {
	if len(args) < 2 {
		return ""
	}
	base := filepath.Base(toSlash(args[0]))
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	if base != "go" && base != "go.exe" {
		return ""
	}
	for _, a := range args[1:] {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// fallbackID is the id when classification failed: at least ok or not.
func fallbackID(in Input) string {
	if in.ExitCode == 0 && in.Signal == "" && in.StartErr == "" && !in.TimedOut {
		return OK
	}
	return ExitCode
}

// ran reports whether the program started and exited on its own (not stopped, not killed).
func (f *facts) ran() bool {
	return f.in.StartErr == "" && !f.in.TimedOut && f.in.Signal == ""
}

// firstLineWith is the first line (stderr, then stdout) starting with prefix, and its index.
func (f *facts) firstLineWith(prefix string) (string, int) {
	for i, l := range f.lines {
		if strings.HasPrefix(l, prefix) {
			return l, i
		}
	}
	return "", -1
}

// firstRuntimeLine is firstLineWith for what the Go runtime writes (a panic, a fatal error, a race
// report): on standard error, except for tests, whose output go test merges onto standard output.
// A "panic:" printed on standard output by the program is its own text. The index is into f.lines,
// which starts with the standard error lines.
func (f *facts) firstRuntimeLine(prefix string) (string, int) {
	lines := f.errLns
	if f.testing() || f.goCmd == "test" {
		lines = f.lines
	}
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l, i
		}
	}
	return "", -1
}

// has reports whether any line contains s.
func (f *facts) has(s string) bool {
	return strings.Contains(f.stderr, s) || strings.Contains(f.stdout, s)
}

// dir is the package directory, or the working directory, or "." for commands.
func (f *facts) dir() string {
	// Where the command ran (the go command takes its module from there); the package directory
	// when that is not known. For a PATH they are the same.
	if f.in.Cwd != "" {
		return f.in.Cwd
	}
	if f.in.Source != nil && f.in.Source.Dir != "" {
		return f.in.Source.Dir
	}
	return "."
}

// lastMessage is the last line of stderr that is the program's, not go run's (for go test, which
// prints everything on stdout, the last line of either that is not its summary).
func (f *facts) lastMessage() string {
	lines := f.errLns
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		lines = f.lines
	}
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || f.wrapperLine(i) || isTestSummary(l) {
			continue
		}
		if raw := lines[i]; raw[0] == ' ' || raw[0] == '\t' {
			// The end of an indented block (a usage's flags, examples): the message is the error
			// line before it, else the line that opens the block.
			if m := lastErrorLine(lines[:i]); m != "" {
				return text.Clip(m, 300)
			}
			for j := i - 1; j >= 0; j-- {
				if t := strings.TrimSpace(lines[j]); t != "" && lines[j][0] != ' ' && lines[j][0] != '\t' {
					if k := blockStart(lines[:j+1]); k >= 0 {
						return text.Clip(strings.TrimSpace(lines[k]), 300)
					}
					return text.Clip(t, 300)
				}
			}
		}
		return text.Clip(l, 300)
	}
	return ""
}

// errorLineRE is a line that says what went wrong ("error: ...", "Error: ...", "fatal: ...",
// "x: invalid value: error: ..."); usageLineRE one that starts a usage text.
var (
	errorLineRE = regexp.MustCompile(`(?i)^(error|fatal)\b|\berror:`)
	usageLineRE = regexp.MustCompile(`(?i)^usage\b`)
)

// lastErrorLine is the last line of lines that reads as an error message, else the last that starts
// a usage text, or "".
func lastErrorLine(lines []string) string {
	for _, re := range []*regexp.Regexp{errorLineRE, usageLineRE} {
		for i := len(lines) - 1; i >= 0; i-- {
			if t := strings.TrimSpace(lines[i]); t != "" && lines[i][0] != ' ' && lines[i][0] != '\t' && re.MatchString(t) {
				return t
			}
		}
	}
	return ""
}

// blockStart is the index of the first line of the last run of lines without blank lines
// between them (where a usage text starts), or -1.
func blockStart(lines []string) int {
	k := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			break
		}
		k = i
	}
	return k
}

// lastStdoutMessage is the last line a program printed on standard output, for a program that
// said nothing on standard error.
func (f *facts) lastStdoutMessage() string {
	out := f.lines[len(f.errLns):]
	for i := len(out) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(out[i]); l != "" {
			return text.Clip(l, 300)
		}
	}
	return ""
}

// isTestSummary: go test's own lines ("FAIL\tpkg\t0.01s", "ok  \tpkg", "PASS", "FAIL").
func isTestSummary(l string) bool {
	return l == "FAIL" || l == "PASS" || strings.HasPrefix(l, "FAIL\t") || strings.HasPrefix(l, "ok  \t") ||
		strings.HasPrefix(l, "?   \t")
}

// plural is "1 test" / "2 tests".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// exitCodeResult is run.exit_code for whatever exited non-zero without a better reason, or
// run.ok.
func exitCodeResult(f *facts) Result {
	if f.exit == 0 && f.ran() {
		return okResult(f)
	}
	res, _ := recogniseExitCode(f)
	return res
}

// target is the code as the go command should be given it in a suggested command: "." for a
// package, the .go files when the user ran files.
func (f *facts) target() string {
	if f.in.Source != nil && f.in.Source.Target != "" {
		return shell.Join(strings.Fields(f.in.Source.Target))
	}
	return "."
}

// inDir is "cd DIR && " for a suggested command that gives the go command target, with go mod
// init first when target is a package outside any module (the go command would fail there).
func (f *facts) inDir(dir, target string) string {
	c := "cd " + shell.Quote(dir) + " && "
	if src := f.in.Source; src != nil && src.Dir != "" && src.Module == "" && target == "." {
		c += "go mod init " + moduleName(src.Dir) + " && "
	}
	return c
}

// wrapper reports a go command that runs the program and reports its end in its own words
// ("exit status 3", "signal: killed"): go run and go test. A program run directly that prints
// such a line says it itself.
func (f *facts) wrapper() bool { return f.goCmd == "run" || f.goCmd == "test" }

// wrapperLine reports whether line n of f.lines is such a wrapper's own: "exit status 3",
// "signal: killed".
func (f *facts) wrapperLine(n int) bool {
	if !f.wrapper() {
		return false
	}
	_, ok := f.at(n, gocmd.ExitStatus, gocmd.ExitSignal)
	return ok
}
