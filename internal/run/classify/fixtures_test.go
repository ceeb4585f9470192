package classify_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/gomedic/gomedic/internal/run"
	"github.com/gomedic/gomedic/internal/run/classify"
)

// The fixtures: testdata/cases/*.txtar, one real program (or test) each, with the output the real
// go command gave, recorded by -update. Each archive holds:
//
//	-- meta --        how it is run:
//	                  build: COMMAND   built first, in dir (the runner builds, then runs the binary)
//	                  run: COMMAND     the command classified (its argv is Input.Args)
//	                  dir: DIR         the package directory, relative to $WORK (default .)
//	                  cwd: DIR         where run runs, relative to $WORK (default dir)
//	                  phase: PHASE     Input.Phase of run (default run); a failed build is PhaseBuild
//	                  stdin: KIND      Input.Stdin: none (the default: empty), text (the stdin
//	                                   section), file (likewise, or stdin-line), terminal
//	                  stdin-line: N    the input is a line of N bytes, then a short one
//	                  timeout: D       stop it at D (SIGQUIT, then SIGKILL 2s later)
//	                  trace: yes       run it under strace -f -Z (failing system calls)
//	                  env: K=V ...     added to run's (and build's) environment
//	                  build-env: K=V   added to build's environment only
//	                  build-phase: P   Input.Phase when the build is what is classified (default
//	                                   build; the runner says test for go test -c)
//	                  outcome: build   classify the build's output even when it succeeded (go
//	                                   test -c writes no binary for a package without tests)
//	                  needs: WHAT      cgo, strace, ulimit, amd64: skipped in -live/-update without it
//	-- want --        what Classify must say: id (exact), location (exact, "-" for none), and
//	                  substrings of title, explain, detail (any one), fix, command (any one)
//	-- stdin --       the input, for stdin: text or file
//	-- out/status --  recorded: step (build when the build is the outcome), phase, exit, signal,
//	                  timedout, timeout, starterr, trace lines
//	-- out/stdout --, -- out/stderr --  recorded streams
//	-- NAME --        the package's files, written to $WORK
//
// $WORK stands for the case's directory in recorded output and in wants.
//
// go test ./internal/run -run TestFixtures classifies the recorded output (no go command run);
// -live runs every case with the real go and classifies what it prints now; -update does the
// same and rewrites the recorded sections.

var (
	update = flag.Bool("update", false, "run the fixtures with the real go command and rewrite their recorded output")
	live   = flag.Bool("live", false, "run the fixtures with the real go command and classify the fresh output")
)

type fixture struct {
	path  string
	ar    *txtar.Archive
	meta  map[string]string
	want  []keyValue
	stdin []byte
}

type keyValue struct{ key, value string }

// recording is what one run of a case produced, with $WORK standing for its directory.
type recording struct {
	buildStep bool // the build's outcome, not the program's
	phase     classify.Phase
	exit      int
	signal    string
	timedOut  bool
	timeout   time.Duration
	startErr  string
	trace     []string
	stdout    []byte
	stderr    []byte
}

func loadFixtures(t *testing.T) []*fixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "cases", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var fs []*fixture
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fx := &fixture{path: p, ar: ar, meta: map[string]string{}}
		for _, f := range ar.Files {
			switch f.Name {
			case "meta":
				for _, kv := range keyValues(f.Data) {
					fx.meta[kv.key] = kv.value
				}
			case "want":
				fx.want = keyValues(f.Data)
			case "stdin":
				fx.stdin = f.Data
			}
		}
		if n := fx.meta["stdin-line"]; n != "" {
			size, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("%s: stdin-line: %v", p, err)
			}
			fx.stdin = []byte(strings.Repeat("x", size) + "\nshort\n")
		}
		fs = append(fs, fx)
	}
	return fs
}

func keyValues(data []byte) []keyValue {
	var kvs []keyValue
	for _, l := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.HasPrefix(l, "#") {
			continue
		}
		kvs = append(kvs, keyValue{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return kvs
}

func (fx *fixture) name() string { return strings.TrimSuffix(filepath.Base(fx.path), ".txtar") }

func (fx *fixture) section(name string) ([]byte, bool) {
	for _, f := range fx.ar.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// extract writes the case's files into dir.
func (fx *fixture) extract(t *testing.T, dir string) {
	t.Helper()
	for _, f := range fx.ar.Files {
		switch {
		case f.Name == "meta", f.Name == "want", f.Name == "stdin", strings.HasPrefix(f.Name, "out/"):
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// recorded reads the out/ sections.
func (fx *fixture) recorded(t *testing.T) recording {
	t.Helper()
	status, ok := fx.section("out/status")
	if !ok {
		t.Fatalf("%s: no recorded output; run go test -run TestFixtures -update", fx.path)
	}
	r := recording{}
	r.stdout, _ = fx.section("out/stdout")
	r.stderr, _ = fx.section("out/stderr")
	for _, kv := range keyValues(status) {
		switch kv.key {
		case "phase":
			r.phase = classify.Phase(kv.value)
		case "step":
			r.buildStep = kv.value == "build"
		case "exit":
			r.exit, _ = strconv.Atoi(kv.value)
		case "signal":
			r.signal = kv.value
		case "timedout":
			r.timedOut = kv.value == "true"
		case "timeout":
			r.timeout, _ = time.ParseDuration(kv.value)
		case "starterr":
			r.startErr = kv.value
		case "trace":
			r.trace = append(r.trace, kv.value)
		}
	}
	return r
}

// input builds what the runner would give Classify, with $WORK replaced by work.
func (fx *fixture) input(t *testing.T, work string, r recording) classify.Input {
	t.Helper()
	expand := func(s string) string { return strings.ReplaceAll(s, "$WORK", work) }
	dir := filepath.Join(work, filepath.FromSlash(fx.metaOr("dir", ".")))
	src, err := run.ReadSource(dir, nil)
	if err != nil && !strings.HasPrefix(fx.meta["phase"], "exec") {
		t.Fatalf("ReadSource: %v", err)
	}
	if fx.meta["phase"] == "exec" {
		src = nil
	}
	args := splitCommand(expand(fx.meta["run"]))
	if b := fx.meta["build"]; b != "" && r.buildStep {
		args = splitCommand(expand(fx.meta["build"])) // the runner passes the build's command line
	}
	in := classify.Input{
		Phase:    r.phase,
		ExitCode: r.exit,
		Signal:   r.signal,
		TimedOut: r.timedOut,
		Timeout:  r.timeout,
		StartErr: expand(r.startErr),
		Stdout:   []byte(expand(string(r.stdout))),
		Stderr:   []byte(expand(string(r.stderr))),
		Source:   src,
		Args:     args,
		Stdin:    fx.metaOr("stdin", "none"),
		Cwd:      filepath.Join(work, filepath.FromSlash(fx.metaOr("cwd", fx.metaOr("dir", ".")))),
	}
	in.StdinMaxLine, in.StdinBytes = longestLine(fx.stdin), int64(len(fx.stdin))
	for _, l := range r.trace {
		if sc, ok := parseStraceLine(expand(l)); ok {
			in.Trace = append(in.Trace, sc)
		}
	}
	return in
}

func (fx *fixture) metaOr(key, def string) string {
	if v := fx.meta[key]; v != "" {
		return v
	}
	return def
}

func longestLine(b []byte) int {
	longest := 0
	for _, l := range strings.Split(string(b), "\n") {
		longest = max(longest, len(l))
	}
	return longest
}

// straceRE reads a failing call of strace -f -Z: `123 openat(AT_FDCWD, "input.txt", O_RDONLY) = -1 ENOENT (...)`.
var straceRE = regexp.MustCompile(`^(?:\[pid\s+\d+\] |\d+ +)?(\w+)\((?:AT_FDCWD, )?"([^"]*)".*= -1 (E[A-Z0-9]+)`)

func parseStraceLine(l string) (classify.Syscall, bool) {
	m := straceRE.FindStringSubmatch(l)
	if m == nil {
		return classify.Syscall{}, false
	}
	return classify.Syscall{Name: m[1], Path: m[2], Errno: m[3], Line: l}, true
}

// splitCommand splits a command line at spaces, keeping 'quoted strings' whole.
func splitCommand(s string) []string {
	var args []string
	var cur strings.Builder
	inQuote, have := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			inQuote = !inQuote
			have = true
		case r == ' ' && !inQuote:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	return args
}

// check compares a result with the case's wants.
func (fx *fixture) check(t *testing.T, work string, res classify.Result) {
	t.Helper()
	expand := func(s string) string { return strings.ReplaceAll(s, "$WORK", work) }
	for _, w := range fx.want {
		v := expand(w.value)
		switch w.key {
		case "id":
			if res.ID != v {
				t.Errorf("ID = %s, want %s", res.ID, v)
			}
		case "location":
			if v == "-" {
				v = ""
			}
			if res.Location != v {
				t.Errorf("Location = %q, want %q", res.Location, v)
			}
		case "location-in": // the runtime reports a busy loop's line one way or another
			if !anyEqual(strings.Split(v, " | "), res.Location) {
				t.Errorf("Location = %q, want one of %q", res.Location, v)
			}
		case "title":
			if !strings.Contains(res.Title, v) {
				t.Errorf("Title = %q, want it to contain %q", res.Title, v)
			}
		case "explain":
			if !strings.Contains(res.Explanation, v) {
				t.Errorf("Explanation = %q, want it to contain %q", res.Explanation, v)
			}
		case "fix":
			if summary, _ := classify.FixOf(res); !strings.Contains(summary, v) {
				t.Errorf("Fix = %q, want it to contain %q", summary, v)
			}
		case "detail":
			if !anyContains(res.Details, v) {
				t.Errorf("Details = %q, want one to contain %q", res.Details, v)
			}
		case "command":
			if _, commands := classify.FixOf(res); !anyContains(commands, v) {
				t.Errorf("Commands = %q, want one to contain %q", commands, v)
			}
		default:
			t.Errorf("unknown want key %q", w.key)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("result:\n%s", classify.FormatResult(res))
	}
}

func anyEqual(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

func anyContains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// TestFixtures classifies every fixture's recorded output (or, with -live/-update, a fresh run).
func TestFixtures(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		t.Run(fx.name(), func(t *testing.T) {
			work := t.TempDir()
			fx.extract(t, work)
			var r recording
			if *live || *update {
				var ok bool
				if r, ok = runFixture(t, fx, work); !ok {
					return
				}
				if *update {
					fx.save(t, r)
				}
			} else {
				r = fx.recorded(t)
			}
			in := fx.input(t, work, r)
			fx.check(t, work, classify.Classify(in))
		})
	}
}

// normalise makes a live recording independent of where and when it ran.
func normalise(s, work string) string {
	s = strings.ReplaceAll(s, work, "$WORK")
	return goBuildDirRE.ReplaceAllString(s, "go-build0")
}

var goBuildDirRE = regexp.MustCompile(`go-build\d+`)

// save rewrites the case's recorded sections.
func (fx *fixture) save(t *testing.T, r recording) {
	t.Helper()
	var files []txtar.File
	for _, f := range fx.ar.Files {
		if !strings.HasPrefix(f.Name, "out/") {
			files = append(files, f)
		}
	}
	var status strings.Builder
	fmt.Fprintf(&status, "phase: %s\nexit: %d\n", r.phase, r.exit)
	if r.buildStep {
		fmt.Fprintf(&status, "step: build\n")
	}
	if r.signal != "" {
		fmt.Fprintf(&status, "signal: %s\n", r.signal)
	}
	if r.timedOut {
		fmt.Fprintf(&status, "timedout: true\ntimeout: %s\n", r.timeout)
	}
	if r.startErr != "" {
		fmt.Fprintf(&status, "starterr: %s\n", r.startErr)
	}
	for _, l := range r.trace {
		fmt.Fprintf(&status, "trace: %s\n", l)
	}
	files = append(files, txtar.File{Name: "out/status", Data: []byte(status.String())})
	if len(r.stdout) > 0 {
		files = append(files, txtar.File{Name: "out/stdout", Data: withNewline(r.stdout)})
	}
	if len(r.stderr) > 0 {
		files = append(files, txtar.File{Name: "out/stderr", Data: withNewline(r.stderr)})
	}
	fx.ar.Files = files
	if err := os.WriteFile(fx.path, txtar.Format(fx.ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func withNewline(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return append(b, '\n')
	}
	return b
}

// pidRE is the pid strace -f puts before each line.
var pidRE = regexp.MustCompile(`^(?:\[pid\s+\d+\] |\d+ +)`)

// TestFixtureTestBinarySignal: the recorded output of a test binary killed under go test names the
// signal.
func TestFixtureTestBinarySignal(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		if fx.name() != "gotest_signal_killed" {
			continue
		}
		r := fx.recorded(t)
		in := classify.Input{Phase: r.phase, ExitCode: r.exit, Stdout: r.stdout, Stderr: r.stderr, Args: splitCommand(fx.meta["run"])}
		if got, ok := classify.SignalOfTestBinary(in); got != "killed" || !ok {
			t.Errorf("%s: testBinarySignal = %q, %v; want killed", fx.name(), got, ok)
		}
	}
}
