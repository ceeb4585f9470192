package classify

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// go test's results: failing tests, packages without tests, and flags the test binary rejects.

var (
	testMsgRE   = regexp.MustCompile(`^\s+([^\s:][^:]*\.go):(\d+): (.*)$`)
	noFilesRE   = regexp.MustCompile(`^\?\s+(\S+)\s+\[no test files\]`)
	okLineRE    = regexp.MustCompile(`^ok\s+(\S+)`)
	failPkgRE   = regexp.MustCompile(`^FAIL\s+(\S+)\s`)
	flagErrorRE = regexp.MustCompile(`^(?:flag provided but not defined: (-\S*)|flag needs an argument: (-\S*)|invalid (?:boolean )?value "(.*)" for (?:flag )?(-\S+?): (.*)|bad flag syntax: (\S*))$`)
	// pflagErrorRE is the same from spf13/pflag (cobra): "Error: unknown flag: --foo",
	// "Error: unknown shorthand flag: 'x' in -x".
	pflagErrorRE = regexp.MustCompile(`^(?:Error: )?unknown (?:shorthand )?flag: (?:'.' in )?(-\S+)$`)
	usageRE      = regexp.MustCompile(`^Usage of (.+):$`)
	usageFlagRE  = regexp.MustCompile(`^  -(\S+)`)
)

// failLine parses "--- FAIL: TestX (0.00s)" (indented for subtests), and a benchmark that failed
// in its timed loop, whose FAIL marker follows its own name on one line:
// "BenchmarkX-2   \t--- FAIL: BenchmarkX-2". A benchmark's name loses its GOMAXPROCS suffix.
func failLine(l string) (string, bool) {
	trimmed := strings.TrimLeft(l, " ")
	rest, ok := strings.CutPrefix(trimmed, "--- FAIL: ")
	if !ok {
		i := strings.Index(trimmed, "\t--- FAIL: ")
		if i < 0 || !strings.HasPrefix(trimmed, "Benchmark") {
			return "", false
		}
		rest = trimmed[i+len("\t--- FAIL: "):]
	}
	if i := strings.LastIndex(rest, " ("); i > 0 {
		rest = rest[:i]
	}
	rest = benchName(strings.TrimSpace(rest))
	return rest, rest != ""
}

// benchName drops the GOMAXPROCS suffix go test adds to a benchmark's name ("BenchmarkX-2"), so
// that the name is the one -bench matches and -v's bare "BenchmarkX" line names.
func benchName(name string) string {
	if !strings.HasPrefix(name, "Benchmark") {
		return name
	}
	i := strings.LastIndexByte(name, '-')
	if i <= 0 || i == len(name)-1 {
		return name
	}
	for _, c := range name[i+1:] {
		if c < '0' || c > '9' {
			return name
		}
	}
	return name[:i]
}

// benchLine is -v's line naming a benchmark as it starts ("BenchmarkX", "BenchmarkX/big").
func benchLine(l string) (string, bool) {
	if !strings.HasPrefix(l, "Benchmark") || strings.ContainsAny(l, " \t") {
		return "", false
	}
	return benchName(l), true
}

// maxFailures bounds the failing tests read: the first ones are what a person reads.
const maxFailures = 200

type testFailure struct {
	name string
	msgs []string // "app_test.go:7: Add(1, 2) = 4, want 3"
	loc  string   // file:line of the first message
}

// testFailures reads the failing tests and the messages each logged, in plain and -v output.
func testFailures(lines []string) []testFailure {
	r := failureReader{index: map[string]int{}, pending: map[string][]string{}, pendingLoc: map[string]string{}}
	for _, l := range lines {
		if len(r.fails) >= maxFailures {
			break
		}
		r.line(l)
	}
	return r.fails
}

// failureReader reads go test's output line by line: the failing tests, and the messages logged
// by the test whose output it is in.
type failureReader struct {
	fails      []testFailure
	index      map[string]int      // test name -> its index in fails
	pending    map[string][]string // -v: messages logged before the test's --- FAIL line
	pendingLoc map[string]string
	cur        string // the test whose output this is
}

func (r *failureReader) line(l string) {
	if name, ok := failLine(l); ok {
		r.add(name)
		r.cur = name
		return
	}
	if name, ok := benchLine(l); ok {
		r.cur = name // -v: what the benchmark logs follows its name
		return
	}
	trimmed := strings.TrimLeft(l, " ")
	switch {
	case strings.HasPrefix(trimmed, "=== RUN "), strings.HasPrefix(trimmed, "=== CONT "),
		strings.HasPrefix(trimmed, "=== NAME "), strings.HasPrefix(trimmed, "=== PAUSE "):
		f := strings.Fields(trimmed)
		r.cur = ""
		if len(f) >= 3 {
			r.cur = f[2]
		}
		return
	case strings.HasPrefix(trimmed, "--- "), l == "FAIL", l == "PASS", strings.HasPrefix(l, "FAIL\t"), strings.HasPrefix(l, "ok "):
		r.cur = ""
		return
	}
	if r.cur == "" || !strings.Contains(l, ".go:") {
		return
	}
	if m := testMsgRE.FindStringSubmatch(l); m != nil {
		r.message(m[1]+":"+m[2]+": "+m[3], m[1]+":"+m[2])
	}
}

// add is the index of the failing test name, added when new.
func (r *failureReader) add(name string) int {
	if i, ok := r.index[name]; ok {
		return i
	}
	r.index[name] = len(r.fails)
	r.fails = append(r.fails, testFailure{name: name, msgs: r.pending[name], loc: r.pendingLoc[name]})
	return len(r.fails) - 1
}

// message records a message the current test logged at loc (file:line).
func (r *failureReader) message(msg, loc string) {
	if i, ok := r.index[r.cur]; ok {
		r.fails[i].msgs = append(r.fails[i].msgs, msg)
		if r.fails[i].loc == "" {
			r.fails[i].loc = loc
		}
		return
	}
	r.pending[r.cur] = append(r.pending[r.cur], msg)
	if r.pendingLoc[r.cur] == "" {
		r.pendingLoc[r.cur] = loc
	}
}

// leaves drops a failing test whose subtests failed with their own messages (the parent fails
// because they did).
func leaves(fails []testFailure) []testFailure {
	var out []testFailure
	for _, t := range fails {
		parent := false
		for _, u := range fails {
			if strings.HasPrefix(u.name, t.name+"/") {
				parent = true
				break
			}
		}
		if !parent || len(t.msgs) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// recogniseTestFailed: "--- FAIL: TestX" lines.
func recogniseTestFailed(f *facts) (Result, bool) {
	if !f.testing() {
		return Result{}, false // a program that prints "--- FAIL:" itself is not a test run
	}
	if f.exit == 0 && f.in.Signal == "" {
		return Result{}, false // every test passed: a "--- FAIL:" line is a test's own output
	}
	fails := leaves(testFailures(f.lines))
	if len(fails) == 0 {
		return Result{}, false
	}
	if c, ok := findFuzzCrash(f.lines); ok {
		return fuzzCrashResult(f, c, fails), true
	}
	res := Result{ID: TestFailed}
	var names []string
	for i := range fails {
		t := f.completeFailure(&fails[i])
		names = append(names, t.name)
		if len(t.msgs) == 0 {
			res.Details = append(res.Details, t.name+": failed without a message (t.Fail, t.FailNow, or a subtest)")
		}
		for _, m := range t.msgs {
			res.Details = append(res.Details, t.name+": "+text.Clip(m, 300))
		}
		if res.Location == "" && t.loc != "" {
			res.Location = t.loc
			if s := f.in.Source; s != nil && s.Dir != "" && !strings.ContainsAny(t.loc, `/\`) &&
				(slices.Contains(s.TestFiles, fileOf(t.loc)) || slices.Contains(s.Files, fileOf(t.loc))) {
				res.Location = sourceFile(f.in.Source, t.loc)
			}
		}
	}
	res.Details = text.CapList(res.Details, 30)
	res.Title = fmt.Sprintf("%s failed: %s", plural(len(fails), "test"), text.Clip(strings.Join(names, ", "), 160))
	res.Explanation = fmt.Sprintf("The tests ran and %s failed", plural(len(fails), "test"))
	if pkgs := failedPackages(f.lines); len(pkgs) > 0 {
		res.Explanation += " in " + strings.Join(pkgs, ", ")
	}
	res.Explanation += "; each failure is listed with the line of the test that reported it (t.Error, t.Fatal; b.Error, b.Fatal in a benchmark)."
	res.Fix = testFailedFix(f, fails[0], res.Location)
	return res, true
}

// completeFailure adds to a failing test what its messages do not say: an example's output
// against its // Output: comment; and it drops a place the testing package reported from (a
// panic caught while fuzzing, a benchmark's own check), which is not a line of the user's.
func (f *facts) completeFailure(t *testFailure) testFailure {
	if strings.HasPrefix(t.name, "Example") && len(t.msgs) == 0 {
		// An example fails by its output: go test prints got: and want: blocks after its line.
		if got, want, ok := exampleOutput(f.lines, t.name); ok {
			t.msgs = []string{fmt.Sprintf("output %q, want %q (the // Output: comment)", got, want)}
			if src := f.in.Source; src != nil && src.TestPos[t.name] != "" {
				t.loc = src.TestPos[t.name]
			}
		}
	}
	if t.loc != "" && !f.userTestFile(t.loc) {
		t.loc = ""
	}
	return *t
}

// testFailedFix: fix the tests, the first one first, and rerun it alone.
func testFailedFix(f *facts, first testFailure, location string) *finding.Fix {
	summary := "Decide for each whether the code or the test's expectation is wrong, and fix that"
	if first.loc != "" {
		summary += fmt.Sprintf(", starting with %s at %s", first.name, location)
	}
	top := strings.SplitN(first.name, "/", 2)[0]
	if strings.HasPrefix(top, "Benchmark") {
		return newFix(summary+". Rerun one benchmark alone with -bench (and -run '^$', which skips the tests).",
			fmt.Sprintf("cd %s && go test -run '^$' -bench %s %s", shell.Quote(f.dir()), shell.Quote("^"+top+"$"), testPackageArg(f.in.Args)))
	}
	return newFix(summary+". Rerun one test alone with -run and -v to see its whole output.",
		fmt.Sprintf("cd %s && go test -run %s -v %s", shell.Quote(f.dir()), shell.Quote("^"+top+"$"), testPackageArg(f.in.Args)))
}

// userTestFile reports whether loc ("file.go:12") can be a line of the user's: not the testing
// package's testing.go (printed as a bare name, or a path under GOROOT with -fullpath) unless the
// package has a file of that name.
func (f *facts) userTestFile(loc string) bool {
	file := toSlash(fileOf(loc))
	if path.Base(file) != "testing.go" {
		return true
	}
	if strings.Contains(file, "/src/testing/") {
		return false
	}
	s := f.in.Source
	return s != nil && (slices.Contains(s.Files, "testing.go") || slices.Contains(s.TestFiles, "testing.go"))
}

// fileOf is the file of "file:line".
func fileOf(loc string) string {
	if i := strings.LastIndexByte(loc, ':'); i > 0 {
		return loc[:i]
	}
	return loc
}

func failedPackages(lines []string) []string {
	var pkgs []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "FAIL") || len(pkgs) >= 20 {
			continue
		}
		if m := failPkgRE.FindStringSubmatch(l); m != nil && !slices.Contains(pkgs, m[1]) {
			pkgs = append(pkgs, m[1])
		}
	}
	return pkgs
}

// testPackageArg is the package pattern of a go test command line, "." when none.
func testPackageArg(args []string) string {
	if GoSubcommand(args) != "test" {
		return "."
	}
	seenTest := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		if !seenTest {
			seenTest = a == "test"
			continue
		}
		if a == "-args" {
			break
		}
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && testFlagTakesValue(strings.TrimLeft(a, "-")) {
				i++
			}
			continue
		}
		return shell.Quote(a)
	}
	return "."
}

// recogniseNoTests: go test found no test files, or -run matched no test, in every package.
func recogniseNoTests(f *facts) (Result, bool) {
	if res, ok := noMRun(f); ok {
		return res, true
	}
	var noFiles, noRun []string
	ranTests := false
	warned := false
	for _, l := range f.lines {
		if l == "" || (l[0] != '?' && l[0] != 'o' && l[0] != 't' && l[0] != '-' && l[0] != 'F') {
			continue
		}
		switch {
		case noFilesRE.MatchString(l):
			noFiles = append(noFiles, noFilesRE.FindStringSubmatch(l)[1])
		case okLineRE.MatchString(l):
			if strings.HasSuffix(l, "[no tests to run]") {
				noRun = append(noRun, okLineRE.FindStringSubmatch(l)[1])
			} else {
				ranTests = true
			}
		case l == "testing: warning: no tests to run":
			warned = true
		case strings.HasPrefix(l, "--- PASS") || strings.HasPrefix(l, "--- FAIL") || strings.HasPrefix(l, "FAIL"):
			ranTests = true
		}
	}
	if ranTests || (len(noFiles) == 0 && len(noRun) == 0 && !warned) {
		return Result{}, false
	}
	res := Result{ID: NoTestFiles}
	if len(noRun) > 0 || warned {
		pattern := flagValue(f.in.Args, "run")
		if pattern == "" {
			return noTestsResult(f, noRun), true
		}
		res.Title = "no tests to run"
		if pattern != "" {
			res.Title += fmt.Sprintf(": -run %s matched no test", pattern)
		}
		res.Explanation = "The tests were built, but the -run pattern matched none of them, so nothing was " +
			"tested; the exit status 0 says nothing about the code. The pattern is a regular expression matched " +
			"against test names (and, split at '/', subtest names)."
		res.Details = noRun
		res.Fix = newFix("List the tests and correct the pattern (Test names are case-sensitive; '^TestAdd$' matches exactly).",
			"cd "+shell.Quote(f.dir())+" && go test -list . "+testPackageArg(f.in.Args))
		return res, true
	}
	if tr, ok := excludedTestsResult(f, noFiles); ok {
		return tr, true
	}
	res.Title = "no test files in " + strings.Join(text.CapList(noFiles, 3), ", ")
	res.Explanation = "go test found no _test.go file in " + strings.Join(text.CapList(noFiles, 5), ", ") +
		", so nothing was tested; the exit status 0 says nothing about the code."
	res.Details = noFiles
	res.Fix = newFix("Add a file whose name ends in _test.go to the package, with functions func TestXxx(t *testing.T) " +
		"that call the code and report wrong results with t.Errorf. (A LeetCode-style solution file is tested this " +
		"way: solution_test.go in the same package.)")
	return res, true
}

// noTestsResult: go test (or a test binary) ran no test though no -run pattern chose them: the test
// files declare no test go test runs by default (only benchmarks, or examples without output), or
// -skip skipped them all.
func noTestsResult(f *facts, pkgs []string) Result {
	res := Result{ID: NoTestFiles, Details: pkgs}
	pkg := testPackageArg(f.in.Args)
	if skip := flagValue(f.in.Args, "skip"); skip != "" {
		res.Title = fmt.Sprintf("no tests to run: -skip %s skipped every test", skip)
		res.Explanation = "The tests were built, but the -skip pattern matched all of them, so nothing was tested; " +
			"the exit status 0 says nothing about the code."
		res.Fix = newFix("List the tests and narrow the -skip pattern (a regular expression matched against test names).",
			"cd "+shell.Quote(f.dir())+" && go test -list . "+pkg)
		return res
	}
	var examples []string
	tests := 0
	if src := f.in.Source; src != nil {
		for _, file := range src.TestFiles {
			for _, n := range src.Tests[file] {
				if strings.HasPrefix(n, "Example") {
					examples = append(examples, n)
				} else {
					tests++
				}
			}
		}
	}
	res.Title = "no tests to run: the test files declare no Test or Fuzz function"
	res.Explanation = "The tests were built and run, but there was no test to run, and no -run pattern left any " +
		"out: go test runs by default only func TestXxx(t *testing.T), the seed corpus of func FuzzXxx(f " +
		"*testing.F), and examples that have an // Output: comment. Benchmarks (func BenchmarkXxx(b *testing.B)) " +
		"run only when -bench asks for them"
	if len(examples) > 0 && tests == 0 {
		res.Title = "no tests to run: only examples without an // Output: comment"
		res.Explanation += fmt.Sprintf(", and an example without // Output: is compiled but not run (here: %s)",
			strings.Join(text.CapList(examples, 5), ", "))
	} else {
		res.Explanation += "; an example without // Output: is compiled but not run"
	}
	res.Explanation += ". So nothing was tested; the exit status 0 says nothing about the code."
	res.Fix = newFix("To run the benchmarks, ask for them with -bench (a pattern; -run '^$' skips the tests): go test "+
		"-run '^$' -bench . (gomedic run --test PATH -- -bench . likewise). To test the code, add func TestXxx(t "+
		"*testing.T) functions, or an // Output: comment to the examples.",
		"cd "+shell.Quote(f.dir())+" && go test -run '^$' -bench . "+pkg)
	return res
}

// testBinarySignal is the signal that killed a test binary under go test, as go test reports it:
// the test binary's "signal: killed" (os.ProcessState's words: "killed", "terminated", "segmentation
// fault"), on its own line just before the package's "FAIL\tpkg\t0.01s" line. go test itself then
// exits 1. It is "", false for anything else (a program's own "signal: " text, a go test not
// killed).
func testBinarySignal(f *facts) (string, bool) {
	if f.in.ExitCode == 0 || !f.testing() || f.in.Signal != "" {
		return "", false
	}
	for _, c := range f.causes().All(gocmd.ExitSignal) {
		if c.N+1 >= len(f.lines) || !strings.HasPrefix(f.lines[c.N+1], "FAIL\t") {
			continue
		}
		name := strings.TrimSuffix(strings.TrimSpace(c.Value), " (core dumped)")
		if name == "" {
			continue
		}
		return name, true
	}
	return "", false
}

// flagValue is the value of -name (or --name, -name=v, or a test binary's -test.name) in args,
// "" when absent.
func flagValue(args []string, name string) string {
	if v := flagValue1(args, name); v != "" {
		return v
	}
	return flagValue1(args, "test."+name)
}

func flagValue1(args []string, name string) string {
	for i, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
		if a == name && i+1 < len(args) && i > 0 {
			return args[i+1]
		}
	}
	return ""
}

// testPackagesByOutcome reads go test's summary lines: the packages whose test binary passed ("ok"),
// and those that failed ("FAIL\tpkg\t0.002s", not a build or setup failure).
func testPackagesByOutcome(lines []string) (ok, failed []string) {
	for _, l := range lines {
		fields := strings.Split(l, "\t")
		if len(fields) < 2 {
			continue
		}
		switch strings.TrimSpace(fields[0]) {
		case "ok":
			ok = append(ok, strings.TrimSpace(fields[1]))
		case "FAIL":
			if len(fields) >= 3 && !strings.HasPrefix(fields[2], "[") {
				failed = append(failed, strings.TrimSpace(fields[1]))
			}
		}
	}
	return ok, failed
}

// testing reports whether what ran is tests: go test, a test binary (gomedic run --test, or a
// command whose program is named *.test), or go test -json's converter.
func (f *facts) testing() bool {
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		return true
	}
	if len(f.in.Args) > 0 {
		base := path.Base(toSlash(f.in.Args[0]))
		if strings.HasSuffix(base, ".test") || strings.HasSuffix(base, ".test.exe") || base == "test2json" ||
			base == "gotestsum" || (base == "dlv" && len(f.in.Args) > 1 && f.in.Args[1] == "test") {
			return true
		}
		for _, a := range f.in.Args[1:] {
			if strings.HasPrefix(a, "-test.") {
				return true
			}
		}
	}
	// Tests run through something else (make test, a script): go test's summary lines say so.
	for _, l := range f.lines {
		if strings.HasPrefix(l, "=== RUN ") || (strings.HasPrefix(l, "FAIL\t") || strings.HasPrefix(l, "ok  \t")) &&
			strings.Count(l, "\t") >= 1 {
			return true
		}
	}
	return false
}

// excludedTestsResult: go test found no test files to build because the package's _test.go files
// are all left out by build constraints (a //go:build integration file run without -tags).
func excludedTestsResult(f *facts, noFiles []string) (Result, bool) {
	src := f.in.Source
	if src == nil || len(src.TestFiles) > 0 {
		return Result{}, false
	}
	var names, reasons []string
	for name := range src.Excluded {
		if strings.HasSuffix(name, "_test.go") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return Result{}, false
	}
	sort.Strings(names)
	for _, n := range names {
		reasons = append(reasons, n+": "+src.Excluded[n])
	}
	res := Result{ID: NoTestFiles, Details: reasons}
	res.Title = "no test files built: " + strings.Join(text.CapList(names, 3), ", ") + " left out by build constraints"
	res.Explanation = fmt.Sprintf("The package has test files, but their build constraints leave every one of them "+
		"out of this build (%s), so go test reported [no test files] for %s and tested nothing.",
		strings.Join(text.CapList(reasons, 4), "; "), strings.Join(text.CapList(noFiles, 3), ", "))
	tags := buildTags(src.Excluded, names)
	if len(tags) > 0 {
		res.Fix = newFix("Build with the tags the files ask for, or remove the constraint if the tests should always run.",
			"cd "+shell.Quote(f.dir())+" && go test -tags "+strings.Join(tags, ",")+" "+testPackageArg(f.in.Args))
	} else {
		res.Fix = newFix("The constraints name another platform (or cgo, or a Go version): run the tests where they apply, " +
			"or widen the constraint.")
	}
	return res, true
}

// buildTags are the custom tags (not GOOS, GOARCH, cgo, ignore or a Go version) named by the
// //go:build lines of files.
func buildTags(reasons map[string]string, files []string) []string {
	var tags []string
	for _, n := range files {
		expr, ok := strings.CutPrefix(reasons[n], "//go:build ")
		if !ok {
			continue
		}
		for _, w := range strings.FieldsFunc(expr, func(r rune) bool {
			return !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) {
			if knownConstraint(w) || slices.Contains(tags, w) {
				continue
			}
			tags = append(tags, w)
		}
	}
	return tags
}

// knownConstraint reports the build constraint words that are not custom tags.
func knownConstraint(w string) bool {
	if strings.HasPrefix(w, "go1.") || w == "cgo" || w == "ignore" || w == "unix" || w == "gc" || w == "gccgo" {
		return true
	}
	switch w {
	case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
		"netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
		"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le",
		"riscv64", "s390x", "wasm":
		return true
	}
	return false
}

// noMRun: a test binary run directly (gomedic run --test) exited 0 without the PASS line that
// testing.M.Run prints at its end: its tests never ran — a TestMain that does not call m.Run (go
// test in package-list mode would even say ok).
func noMRun(f *facts) (Result, bool) {
	if f.exit != 0 || !f.ran() || len(f.in.Args) == 0 || f.goCmd != "" {
		return Result{}, false
	}
	base := path.Base(toSlash(f.in.Args[0]))
	if !strings.HasSuffix(base, ".test") && !strings.HasSuffix(base, ".test.exe") {
		return Result{}, false
	}
	for _, l := range f.lines {
		if l == "PASS" || l == "FAIL" || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "testing: warning: no tests to run") ||
			strings.HasPrefix(l, "=== RUN") || strings.HasPrefix(l, "{") {
			return Result{}, false
		}
	}
	for _, a := range f.in.Args[1:] {
		if strings.HasPrefix(a, "-test.list") || strings.HasPrefix(a, "-test.bench") || strings.HasPrefix(a, "-test.fuzz") {
			return Result{}, false
		}
	}
	return Result{
		ID:    NoTestFiles,
		Title: "no test ran: the test binary exited 0 without running its tests",
		Explanation: "The test binary ended with status 0 but never printed PASS, which testing.M.Run prints after " +
			"the tests: the tests did not run. The usual cause is a TestMain that does not call m.Run (or returns " +
			"before it); go test would still report the package as ok.",
		Fix: newFix("Make TestMain call m.Run and exit with its result: func TestMain(m *testing.M) { setup(); " +
			"code := m.Run(); teardown(); os.Exit(code) } (since Go 1.15, returning from TestMain after m.Run also works)."),
	}, true
}

// exampleOutput reads the got: and want: blocks go test prints after a failing example's line.
func exampleOutput(lines []string, name string) (got, want string, ok bool) {
	for i, l := range lines {
		if n, isFail := failLine(l); !isFail || n != name {
			continue
		}
		var g, w []string
		var cur *[]string
		for _, m := range lines[i+1:] {
			switch {
			case m == "got:":
				cur = &g
			case m == "want:":
				cur = &w
			case m == "FAIL" || m == "PASS" || strings.HasPrefix(m, "--- ") || strings.HasPrefix(m, "=== ") ||
				strings.HasPrefix(m, "FAIL\t") || strings.HasPrefix(m, "ok "):
				return strings.Join(g, "\n"), strings.Join(w, "\n"), cur != nil
			case cur != nil:
				*cur = append(*cur, m)
			}
		}
		return strings.Join(g, "\n"), strings.Join(w, "\n"), cur != nil
	}
	return "", "", false
}
