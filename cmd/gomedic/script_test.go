package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gomedic/gomedic/internal/cli"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

func TestMain(m *testing.M) {
	testscript.Main(parallelScripts{m}, map[string]func(){
		"gomedic": runGomedic,
	})
}

// scriptParallel is how many scenarios run at once when go test is not given -parallel: most of a
// scenario's time is spent waiting for the programs it runs (gomedic, the go command, gopls,
// dlv, a shell, a hanging fake), so more of them than the machine has cores keep it busy. Their
// time limits are stretched (testtools.TimeoutScale), so a busier machine makes them slower,
// never red.
const scriptParallel = 8

// parallelScripts runs the tests of this package with scriptParallel as the default of -parallel.
type parallelScripts struct{ m *testing.M }

func (p parallelScripts) Run() int {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(max(scriptParallel, runtime.GOMAXPROCS(0)))); err != nil {
			panic(err)
		}
	}
	return p.m.Run()
}

// runGomedic is gomedic as scripts run it. Whenever --json is asked for, the output is checked to
// be one valid JSON document before it is passed on (a usage error prints nothing on stdout), so every scenario proves the report stays
// valid whatever it broke; a report's words are held to wordRules (words_test.go).
func runGomedic() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "fix" {
		if err := fixSandboxed(args[1:]); err != nil {
			fmt.Fprintf(os.Stderr, "the scenario harness refuses to run gomedic fix: %v\n", err)
			os.Exit(98)
		}
	}
	if !slices.Contains(args, "--json") {
		os.Exit(cli.Main(context.Background(), args, os.Environ(), os.Stdin, os.Stdout, os.Stderr))
	}
	var out bytes.Buffer
	code := cli.Main(context.Background(), args, os.Environ(), os.Stdin, &out, os.Stderr)
	if !(code == cli.ExitUsage && out.Len() == 0) && !validJSONOutput(args, out.Bytes()) {
		fmt.Fprintf(os.Stderr, "gomedic %s printed invalid JSON:\n%s\n", strings.Join(args, " "), out.Bytes())
		os.Exit(99)
	}
	logWordProblems(args, out.Bytes())
	os.Stdout.Write(out.Bytes())
	os.Exit(code)
}

// fixSandboxed makes sure a scenario's gomedic fix can only write inside the scenario: the home
// directory, and every variable that moves what fix writes (its data directory, the go env file,
// the configuration directory), must be under the scenario's $WORK; and a fix that plans watch's
// findings (which may end processes) must scope its census to $WORK with --watch-under, so that
// it never sees another scenario's processes.
func fixSandboxed(args []string) error {
	work := os.Getenv("WORK")
	if work == "" {
		return fmt.Errorf("$WORK is not set")
	}
	work, err := filepath.EvalSymlinks(work)
	if err != nil {
		return err
	}
	for _, name := range []string{"HOME", "GOMEDIC_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "GOENV", "ZDOTDIR"} {
		v, set := os.LookupEnv(name)
		if !set || v == "" || v == "off" && name == "GOENV" {
			if name == "HOME" {
				return fmt.Errorf("HOME is not set")
			}
			continue
		}
		real, err := filepath.EvalSymlinks(filepath.Dir(v))
		if err != nil {
			real = filepath.Dir(v)
		}
		real = filepath.Join(real, filepath.Base(v))
		if real != work && !strings.HasPrefix(real, work+string(filepath.Separator)) {
			return fmt.Errorf("%s=%s is outside the scenario's directory %s", name, v, work)
		}
	}
	return fixWatchScoped(args, work)
}

// fixWatchScoped reports (nil) whether fix's args leave the watch layer out (--only of check ids
// alone, --layer without watch) or scope its census to work (--watch-under a folder inside it).
func fixWatchScoped(args []string, work string) error {
	flags := map[string][]string{}
	for i := 0; i < len(args); i++ {
		name, val, ok := strings.Cut(args[i], "=")
		if !ok && i+1 < len(args) && slices.Contains([]string{"--only", "--layer", "--watch-under", "--skip", "--timeout"}, name) {
			val = args[i+1]
			i++
		}
		flags[name] = append(flags[name], val)
	}
	if flags["--undo"] != nil || flags["--history"] != nil {
		return nil
	}
	if u := flags["--watch-under"]; len(u) > 0 {
		real, err := filepath.EvalSymlinks(u[len(u)-1])
		if err == nil && (real == work || strings.HasPrefix(real, work+string(filepath.Separator))) {
			return nil
		}
		return fmt.Errorf("--watch-under %s is outside the scenario's directory %s", u[len(u)-1], work)
	}
	watchy := func(p string) bool { return strings.HasPrefix(p, "watch") || strings.HasPrefix(p, "*") }
	layers := strings.Join(flags["--layer"], ",")
	switch {
	case flags["--only"] != nil && !slices.ContainsFunc(flags["--only"], watchy):
	case flags["--layer"] != nil && !strings.Contains(layers, "watch"):
	default:
		return fmt.Errorf("it would end the leftover gopls of the whole machine: pass --watch-under $WORK, or --only or --layer without watch")
	}
	return nil
}

// validJSONOutput reports whether out is one JSON document, or for a continuous `gomedic watch`
// (JSON Lines: one event a line) whether every line is one.
func validJSONOutput(args []string, out []byte) bool {
	if len(args) == 0 || args[0] != "watch" || slices.Contains(args, "--once") {
		return json.Valid(out)
	}
	for line := range bytes.Lines(out) {
		if !json.Valid(line) {
			return false
		}
	}
	return true
}

// TestScripts runs the end-to-end scenarios in testdata/script: each builds one broken (or
// healthy) environment for real with the go command and checks what gomedic says about it.
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams(t, "../../testdata/script"))
}

// realGoEnv are values of the test machine's Go environment that scripts share, so that they
// reuse the module and build caches instead of downloading again.
func realGoEnv(t *testing.T) map[string]string {
	m, err := testtools.MachineGoEnv()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func scriptParams(t *testing.T, dir string) testscript.Params {
	sb := newSandbox(t)
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"want":       cmdWant,
		"jsonvalid":  cmdJSONValid,
		"mkfile":     cmdMkfile,
		"pinned":     cmdPinned,
		"pinnedsrc":  cmdPinnedSrc,
		"crossbuild": cmdCrossbuild,
		"toolchain":  cmdToolchain,
		"scaled":     cmdScaled,
		"took":       cmdTook,
	}
	for _, more := range []map[string]func(ts *testscript.TestScript, neg bool, args []string){netCmds(), toolCmds(), proxyCmds(), runCmds(), secretCmds(), writeCmds(), procCmds(), screenCmds(), fixCmds(), watchCmds()} {
		for name, fn := range more {
			if cmds[name] != nil {
				t.Fatalf("testscript command %s defined twice", name)
			}
			cmds[name] = fn
		}
	}
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		Setup:               sb.setup,
		Cmds:                cmds,
		Condition:           scriptCondition,
	}
}

// scriptCondition decides the conditions scenarios use besides testscript's own.
func scriptCondition(cond string) (bool, error) {
	if tool, ok := strings.CutPrefix(cond, "pinned:"); ok {
		// The pinned tool can be had (installed now if needed); in CI it must be.
		_, err := testtools.Path(tool)
		if err != nil && os.Getenv("CI") == "true" {
			return false, err
		}
		return err == nil, nil
	}
	switch cond {
	case "root":
		return os.Geteuid() == 0, nil
	case "romount":
		// A read-only bind mount can be made in a private mount namespace (rodir).
		return roMountErr() == nil, nil
	case "strace":
		// strace is installed and may trace here (ptrace allowed); in CI it must be.
		err := exec.Command("strace", "-f", "-qq", "-o", os.DevNull, "--", "go", "version").Run()
		if err != nil && os.Getenv("CI") == "true" {
			return false, fmt.Errorf("CI without a working strace: %w", err)
		}
		return err == nil, nil
	case "usermanager":
		// A systemd user manager answers for this user (a desktop session, not a container).
		return exec.Command("systemctl", "--user", "show-environment").Run() == nil, nil
	case "shared":
		// ../shared holds test data some scenarios copy; CI always has it.
		if _, err := os.Stat(sharedDir()); err != nil {
			if os.Getenv("CI") == "true" {
				return false, fmt.Errorf("CI without ../shared: %w", err)
			}
			return false, nil
		}
		return true, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// sharedDir is ../shared beside the repository: test data shared between projects.
func sharedDir() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared"))
	if err != nil {
		return ""
	}
	return dir
}

// report is the part of the JSON report scripts look at.
type report struct {
	Schema   string `json:"schema"`
	Findings []struct {
		ID         string       `json:"id"`
		Status     string       `json:"status"`
		Title      string       `json:"title"`
		Detail     string       `json:"detail"`
		BlockedBy  string       `json:"blocked_by"`
		DurationMS int64        `json:"duration_ms"`
		Fix        *finding.Fix `json:"fix"`
	} `json:"findings"`
	DurationMS int64 `json:"duration_ms"`
}

func lastReport(ts *testscript.TestScript) report {
	var r report
	data := ts.ReadFile("stdout")
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		ts.Fatalf("stdout is not a JSON report: %v\n%s", err, data)
	}
	if r.Schema != "gomedic.report/v1" && r.Schema != "gomedic.watch/v1" {
		ts.Fatalf("stdout is not a gomedic.report/v1 or gomedic.watch/v1 report (schema %q)", r.Schema)
	}
	// Every fix a scenario produces is one `gomedic fix` can apply as written.
	for _, f := range r.Findings {
		if f.Fix != nil {
			if err := f.Fix.Validate(); err != nil {
				ts.Fatalf("finding %s: %v", f.ID, err)
			}
		}
	}
	return r
}

// cmdWant checks a finding of the JSON report on the last command's stdout:
//
//	want ID STATUS [BLOCKED_BY | REGEXP-ON-TITLE-AND-DETAIL]
//
// "! want ID STATUS" asserts the finding does not have that status (or is absent).
func cmdWant(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: want ID STATUS [blocked-by-id | text]")
	}
	r := lastReport(ts)
	id, status := args[0], args[1]
	for _, f := range r.Findings {
		if f.ID != id {
			continue
		}
		ok := f.Status == status
		if ok && len(args) > 2 {
			extra := strings.Join(args[2:], " ")
			if status == "skip" && !strings.Contains(extra, " ") && strings.Contains(extra, ".") && !strings.ContainsAny(extra, `\()[]`) {
				ok = f.BlockedBy == extra
			} else {
				re, err := regexp.Compile(extra)
				ts.Check(err)
				ok = re.MatchString(f.Title + "\n" + f.Detail)
			}
		}
		if ok == neg {
			ts.Fatalf("finding %s: status %s, blocked_by %q, title %q\n%s\n(want %s%s)", id, f.Status, f.BlockedBy, f.Title, f.Detail, map[bool]string{true: "not ", false: ""}[neg], strings.Join(args[1:], " "))
		}
		return
	}
	if !neg {
		ts.Fatalf("no finding %s in the report", id)
	}
}

// cmdJSONValid checks that the last stdout is a valid JSON report.
func cmdJSONValid(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("jsonvalid does not support !")
	}
	lastReport(ts)
}

// cmdMkfile writes a regular file (a path that should be a directory, for example).
//
//	mkfile PATH [CONTENT]
func cmdMkfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: mkfile path [content]")
	}
	p := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
	ts.Check(os.WriteFile(p, []byte(strings.Join(args[1:], " ")+"\n"), 0o644))
}

// cmdCrossbuild builds the main package in DIR for GOOS/GOARCH into OUT:
//
//	crossbuild GOOS GOARCH OUT DIR
func cmdCrossbuild(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: crossbuild goos goarch out dir")
	}
	env, err := testtools.BuildEnv("GOOS="+args[0], "GOARCH="+args[1], "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
	ts.Check(err)
	cmd := exec.Command("go", "build", "-o", ts.MkAbs(args[2]), ".")
	cmd.Dir = ts.MkAbs(args[3])
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		ts.Fatalf("crossbuild: %v\n%s", err, out)
	}
}

// cmdPinned copies the pinned release of a tool (installed once per machine into a cache with go
// install) into a directory:
//
//	pinned gopls|dlv DIR
func cmdPinned(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: pinned tool dir")
	}
	src, err := testtools.Path(args[0])
	if err != nil {
		ts.Fatalf("%v (guard the script with [!pinned:%s] skip)", err, args[0])
	}
	dst := filepath.Join(ts.MkAbs(args[1]), filepath.Base(src))
	ts.Check(os.MkdirAll(filepath.Dir(dst), 0o755))
	data, err := os.ReadFile(src)
	ts.Check(err)
	ts.Check(os.WriteFile(dst, data, 0o755))
}

// cmdPinnedSrc makes sure the machine's module cache, which scenarios share, holds the modules
// the pinned release of a tool is built from (testtools.Download), for a scenario that builds it
// offline:
//
//	pinnedsrc gopls|dlv
func cmdPinnedSrc(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: pinnedsrc tool")
	}
	if err := testtools.Download(args[0]); err != nil {
		ts.Fatalf("%v", err)
	}
}

// cmdToolchain makes a second Go release available: the go command downloads it from the module
// proxy into the module cache once (GOTOOLCHAIN=goX go version), and the command sets VAR to its
// GOROOT.
//
//	toolchain go1.24.0 VAR
func cmdToolchain(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: toolchain goVERSION VAR")
	}
	env, err := testtools.BuildEnv("GOTOOLCHAIN="+args[0], "GOPROXY=https://proxy.golang.org")
	ts.Check(err)
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Env = env
	cmd.Dir = ts.Getenv("WORK")
	out, err := cmd.CombinedOutput()
	if err != nil {
		ts.Fatalf("getting toolchain %s: %v\n%s", args[0], err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	ts.Setenv(args[1], lines[len(lines)-1])
}

// cmdScaled sets VAR to DURATION stretched by the scenario's time limit factor
// (host.TimeoutScaleVar), written as gomedic writes durations in its messages: after `scaled T 1s`,
// a check run with --timeout 1s reports a hang "within $T".
//
//	scaled VAR DURATION
func cmdScaled(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: scaled VAR DURATION")
	}
	ts.Setenv(args[0], scaledDuration(ts, args[1]).String())
}

// scaledDuration parses a duration of a scenario and stretches it by the scenario's time limit
// factor (host.TimeoutScaleVar).
func scaledDuration(ts *testscript.TestScript, s string) time.Duration {
	d, err := time.ParseDuration(s)
	ts.Check(err)
	env := host.NewEnv([]string{host.TimeoutScaleVar + "=" + ts.Getenv(host.TimeoutScaleVar)}, false)
	return host.ScaleTimeout(env, d)
}

// cmdTook checks how long the JSON report on the last command's stdout says a finding took, or
// the whole run with "-": at least MIN and less than MAX, both stretched like the time limits of
// the run (see scaled). It proves that gomedic waited for a hang as long as it should and not
// much longer, or that it noticed a failure long before its time limit.
//
//	took ID|- MIN MAX
func cmdTook(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: took ID|- MIN MAX")
	}
	r := lastReport(ts)
	ms, found := r.DurationMS, args[0] == "-"
	for _, f := range r.Findings {
		if f.ID == args[0] {
			ms, found = f.DurationMS, true
		}
	}
	if !found {
		ts.Fatalf("no finding %s in the report", args[0])
	}
	got := time.Duration(ms) * time.Millisecond
	lo, hi := scaledDuration(ts, args[1]), scaledDuration(ts, args[2])
	if got < lo || got >= hi {
		ts.Fatalf("%s took %s, want at least %s and less than %s", args[0], got, lo, hi)
	}
}
