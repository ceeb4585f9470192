package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/gomedic/gomedic/internal/binfo"
	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/run/classify"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/toolbuild"
)

// Schema is the JSON document's schema (docs/json.md).
const Schema = "gomedic.run/v1"

// DefaultTimeout is how long a program may run when --timeout is not given.
const DefaultTimeout = 10 * time.Minute

// BuildTimeout bounds go build and go test -c.
const BuildTimeout = 10 * time.Minute

// quitGrace is how long a program has, after SIGQUIT (at the timeout) or an interrupt (Ctrl-C), to
// print its goroutines and exit before it is killed.
const quitGrace = time.Second

// Options is one gomedic run.
type Options struct {
	Host host.Host
	// Facts are the facts of the workspace the editor has open (the editor settings come from
	// there); Dir is the directory gomedic runs in, against which PATH is resolved.
	Facts *wsfacts.Facts
	Dir   string

	// Path is PATH (a .go file or a package directory), with Args the program's arguments; or
	// Command is -- COMMAND ARGS.
	Path    string
	Args    []string
	Command []string
	Test    bool // --test

	Stdin   StdinOptions
	Timeout time.Duration // 0: none
	Trace   bool

	// Stdout and Stderr receive the program's own output as it comes, unchanged (and the go
	// command's output while it builds, on Stderr).
	Stdout, Stderr io.Writer
	// Progress, when set, receives a line before each command is started.
	Progress io.Writer
	// BuildCache, when set, is a directory where each target is built in a place of its own, so
	// that go build relinks only what changed (see buildcache.go); "" builds in TempDir.
	BuildCache string
	// TempDir is an empty directory for the built binary and the trace, removed by the caller.
	TempDir string
	// Launch, when set, is the launch.json configuration applied (--config): its env is added,
	// its buildFlags are given to the build, and its cwd is where the program runs. The caller
	// has already taken its program, mode and args into Path, Test, Command and Args.
	Launch *LaunchConfig

	// Classify and ReadSource are the classifier and the source reader (run.Classify and
	// run.ReadSource), passed in so that the runner is tested apart from them.
	Classify   func(classify.Input) classify.Result
	ReadSource func(dir string, files []string) (*classify.Source, error)
}

// Step is one command of a run.
type Step struct {
	Command    []string `json:"command"`
	Line       string   `json:"command_line"` // the command as a shell would take it (redacted)
	Cwd        string   `json:"cwd"`
	ExitCode   int      `json:"exit_code"`
	DurationMS int64    `json:"duration_ms"`
}

// Report is the outcome of a run: the gomedic.run/v1 document.
type Report struct {
	Schema string `json:"schema"`
	Mode   string `json:"mode"`           // program, test, command
	Path   string `json:"path,omitempty"` // PATH as given
	// Phase is what produced the outcome classified: build (the program did not build, or was
	// not built), run, test, exec.
	Phase classify.Phase `json:"phase"`
	// Build is the go build or go test -c that built the program, when one ran.
	Build *Step `json:"build,omitempty"`
	// Command and Cwd are what ran last (the build, when it failed) and where.
	Command   []string    `json:"command"`
	Line      string      `json:"command_line"`
	Cwd       string      `json:"cwd"`
	CwdReason string      `json:"cwd_reason"`
	Env       []EnvChange `json:"env"`
	Stdin     StdinInfo   `json:"stdin"`
	// Ran is true when the program (or command) was started.
	Ran        bool   `json:"ran"`
	ExitCode   int    `json:"exit_code"`        // -1 when killed by a signal or not started
	Signal     string `json:"signal,omitempty"` // "killed", "aborted", ...
	TimedOut   bool   `json:"timed_out"`
	TimeoutMS  int64  `json:"timeout_ms"`
	Interrupt  bool   `json:"interrupted,omitempty"` // gomedic was interrupted (Ctrl-C) and passed it on
	StartError string `json:"start_error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
	// Status is gomedic run's own exit status (README): the program's.
	Status int             `json:"status"`
	Result classify.Result `json:"result"`
	Trace  *TraceInfo      `json:"trace,omitempty"`
	Stdout Stream          `json:"stdout"`
	Stderr Stream          `json:"stderr"`
	Notes  []string        `json:"notes,omitempty"`
	// Launch is the launch.json configuration applied with --config.
	Launch *LaunchConfig `json:"launch,omitempty"`

	input classify.Input
}

// Input is what the classifier was given.
func (r *Report) Input() classify.Input { return r.input }

// UsageError is a mistake in what gomedic run was asked to run: a PATH or a --stdin file that
// does not exist.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

func (e *UsageError) Unwrap() error { return e.Err }

// Run runs the program, the test or the command of o and classifies how it ended. Its error is
// gomedic's own failure (no go command, no temporary directory): a program that fails is a
// Report.
func Run(ctx context.Context, o Options) (*Report, error) {
	r := &Report{Schema: Schema, Path: o.Path, TimeoutMS: o.Timeout.Milliseconds(), Env: []EnvChange{}, Command: []string{}}
	env, changes := editorEnv(o.Host.Env(), o.Facts.ToolVars())
	r.Env = append(r.Env, changes...)
	if o.Launch != nil {
		r.Launch = o.Launch
		var more []EnvChange
		env, more = launchEnv(env, o.Host.Env(), o.Launch)
		r.Env = append(r.Env, more...)
	}
	stdin, err := openStdin(o.Host, o.Stdin)
	if err != nil {
		return nil, &UsageError{err}
	}
	defer stdin.finish()
	r.Stdin = stdin.info

	var argv []string
	var src *classify.Source
	if len(o.Command) > 0 {
		r.Mode, r.Phase, r.Cwd, argv = ModeCommand, classify.PhaseExec, o.Dir, o.Command
		src = goRunSource(o, argv)
	} else {
		argv, src, err = r.prepare(ctx, o, env)
		if err != nil {
			return nil, err
		}
		if argv == nil {
			r.redact()
			return r, nil
		}
	}
	r.CwdReason = cwdReason(r.Mode)
	if o.Launch != nil && o.Launch.Cwd != "" {
		r.Cwd = o.Launch.Cwd
		r.CwdReason = fmt.Sprintf("the \"cwd\" of launch configuration %q (%s:%d)", o.Launch.Name, o.Launch.File, o.Launch.Line)
	}
	r.execute(ctx, o, env, argv, src, stdin)
	r.redact()
	return r, nil
}

// prepare reads the source of PATH and builds it; it returns the command to run, or nil when the
// run ends before (a package that is not a program, a build that failed, no test files).
func (r *Report) prepare(ctx context.Context, o Options, env *host.Env) ([]string, *classify.Source, error) {
	t, err := resolveTarget(o.Host, o.Dir, o.Path)
	if err != nil {
		return nil, nil, &UsageError{err}
	}
	r.Mode, r.Phase, r.Cwd = ModeProgram, classify.PhaseRun, t.dir
	if o.Test || t.test {
		r.Mode, r.Phase = ModeTest, classify.PhaseTest
	}
	var files []string
	if t.file != "" && r.Mode == ModeProgram {
		files = []string{t.file}
	}
	src, err := o.ReadSource(t.dir, files)
	if err != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("reading the source: %v", err))
		src = nil
	}
	locateOpened(o.Host, src, o.Dir)
	if src != nil && t.file != "" {
		src.Target = t.file
	}
	if r.Mode == ModeProgram && src != nil && len(src.Files) == 0 && len(src.TestFiles) > 0 {
		r.Mode, r.Phase = ModeTest, classify.PhaseTest
		r.Notes = append(r.Notes, fmt.Sprintf("%s holds only _test.go files: its tests are run", o.Path))
	}
	r.CwdReason = cwdReason(r.Mode)
	if r.Mode == ModeProgram {
		// A package that is not a program is found from the source, before anything is built
		// (CheckSource leaves alone code that does not parse: the compiler says better).
		if res, ok := classify.CheckSource(src, classify.PhaseRun, nil); ok {
			r.Phase, r.Result, r.Status = classify.PhaseBuild, res, StatusNotRun
			r.input = classify.Input{Phase: classify.PhaseRun, ExitCode: -1, Source: src, Stdin: r.Stdin.Kind, StdinMaxLine: r.Stdin.MaxLine, Cwd: t.dir}
			return nil, src, nil
		}
	}

	goBin, err := goCommand(o.Host, env)
	if err != nil {
		return nil, nil, err
	}
	test := r.Mode == ModeTest
	if test {
		if err := checkTestArgs(o.Path, o.Args); err != nil {
			return nil, nil, &UsageError{err}
		}
	}
	bin := filepath.Join(o.TempDir, t.binaryName(o.Host.OS(), test))
	out := bin
	slot, err := openBuildSlot(o.BuildCache, goBin, t, test)
	if err != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("building without the build output cache: %v", err))
	}
	if slot != nil {
		defer slot.unlock()
		out = filepath.Join(slot.dir, filepath.Base(bin))
	}
	buildArgs := t.buildArgs(out, test)
	if o.Launch != nil && len(o.Launch.BuildFlags) > 0 {
		// launch.json's buildFlags go to the build, before its output and package arguments.
		n := 1
		if test {
			n = 2 // test -c
		}
		buildArgs = append(append(append([]string(nil), buildArgs[:n]...), o.Launch.BuildFlags...), buildArgs[n:]...)
	}
	build := host.Cmd{Path: goBin, Args: buildArgs, Dir: t.dir, Env: env.Environ(), Timeout: BuildTimeout, Stream: o.Stderr}
	r.progress(o, "building", build)
	res := o.Host.Run(ctx, build)
	r.Build = &Step{Command: append([]string{goBin}, build.Args...), Line: redactLine(build), Cwd: t.dir,
		ExitCode: res.ExitCode, DurationMS: res.Duration.Milliseconds()}
	noBinary := false
	if res.OK() {
		// go test -c writes nothing for a package without tests ("[no test files]"), and leaves
		// alone a test binary an earlier build cached.
		if _, err := o.Host.Stat(out); err != nil || (test && bytes.Contains(res.Stdout, []byte("[no test files]"))) {
			noBinary = true
		} else if slot != nil {
			if err := slot.place(out, bin); err != nil {
				return nil, nil, fmt.Errorf("copying the built program out of the build cache: %w", err)
			}
		}
	}
	if !res.OK() || noBinary {
		phase := classify.PhaseBuild
		if test {
			phase = classify.PhaseTest
		}
		r.Phase, r.Command, r.Line, r.Cwd = phase, r.Build.Command, r.Build.Line, t.dir
		r.ExitCode, r.Signal, r.DurationMS = res.ExitCode, res.Signal, res.Duration.Milliseconds()
		r.Stdout, r.Stderr = streamOf(res.Stdout, int64(len(res.Stdout))), streamOf(res.Stderr, int64(len(res.Stderr)))
		in := classify.Input{Phase: phase, ExitCode: res.ExitCode, Signal: res.Signal, TimedOut: res.TimedOut, Stdout: res.Stdout, Stderr: res.Stderr,
			Source: src, Args: r.Build.Command, Stdin: r.Stdin.Kind, StdinMaxLine: r.Stdin.MaxLine, Cwd: t.dir}
		switch {
		case ctx.Err() != nil:
			// Interrupted (Ctrl-C) while it built: the build was stopped, nothing failed to start.
			in.Signal, in.ExitCode = "interrupt", -1
			r.Signal = "interrupt"
		case res.Err != nil && !res.TimedOut && res.Signal == "":
			in.StartErr = res.Err.Error()
		}
		r.finish(o, in)
		r.Status = res.ExitCode
		switch {
		case ctx.Err() != nil:
			r.Interrupt, r.Status = true, StatusSignal+2
		case !res.OK() && r.Status <= 0:
			r.Status = StatusNotRun
		}
		return nil, src, nil
	}
	args := o.Args
	if test {
		args = testBinaryArgs(o.Args)
		if t.file != "" {
			args = r.onlyFileTests(t, src, args)
		}
	}
	return append([]string{bin}, args...), src, nil
}

// goCommand is the go command the Go extension runs: GOROOT/bin/go when GOROOT is set (by
// go.goroot, or in the environment), else the first go on the PATH the program gets.
func goCommand(h host.Host, env *host.Env) (string, error) {
	exe := "go"
	if h.OS() == "windows" {
		exe = "go.exe"
	}
	if goroot := env.Get("GOROOT"); goroot != "" {
		p := filepath.Join(goroot, "bin", exe)
		if fi, err := h.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	p, err := host.LookPath(h, "go", env.Get("PATH"), env.Get("PATHEXT"))
	if err != nil {
		return "", fmt.Errorf("finding the go command to build with: %w (gomedic check names the cause)", err)
	}
	return p, nil
}

// execute runs argv in r.Cwd with the program's streams passed through, stops it at the timeout,
// and classifies how it ended.
func (r *Report) execute(ctx context.Context, o Options, env *host.Env, argv []string, src *classify.Source, stdin *stdinSource) {
	c := host.Cmd{Path: argv[0], Args: argv[1:], Dir: r.Cwd, Env: env.Environ()}
	r.Command, r.Line = argv, redactLine(c)
	// Args is the whole command line, the program first (a test binary's flags as translated).
	in := classify.Input{Phase: r.Phase, ExitCode: -1, Source: src, Args: argv, Stdin: r.Stdin.Kind, StdinMaxLine: r.Stdin.MaxLine, Cwd: r.Cwd}
	if r.Mode == ModeCommand && classify.GoSubcommand(argv) != "" {
		in.ArgModules = argModules(o.Host, r.Cwd, argv[1:])
	}

	// The command is looked up in the PATH it gets, before a tracer would hide a failure to start.
	if !strings.ContainsAny(c.Path, `/\`) {
		p, err := host.LookPath(o.Host, c.Path, env.Get("PATH"), env.Get("PATHEXT"))
		if err != nil {
			r.startFailed(o, in, err)
			return
		}
		c.Path = p
	}

	var trace *tracer
	traceFile := ""
	if o.Trace {
		t := findTracer(ctx, o.Host, env, o.TempDir)
		r.Trace = &TraceInfo{Available: t.path != "", Note: t.note, Calls: []TraceCall{}}
		if t.path != "" {
			trace = &t
			traceFile = filepath.Join(o.TempDir, "run.trace")
			c = host.Cmd{Path: t.path, Args: straceArgs(traceFile, append([]string{c.Path}, c.Args...)), Dir: c.Dir, Env: c.Env}
			r.Trace.Tool = redactLine(c)
		}
	}

	var outMu sync.Mutex
	stdout, stderr := newOutputTail(ClassifyTail), newOutputTail(ClassifyTail)
	outDst := o.Stdout
	if outDst == nil {
		outDst = io.Discard
	}
	errDst := o.Stderr
	if errDst == nil {
		errDst = io.Discard
	}
	// Both streams may go to one writer (--json sends the program's stdout to stderr).
	c.Stream = passthrough{dst: lockedWriter{&outMu, errDst}, keep: stderr}
	c.OutputLimit = 1 << 10 // Stream keeps what matters
	// The program has no time limit of the host's: gomedic stops it itself, SIGQUIT first.
	c.Timeout = 100 * 365 * 24 * time.Hour

	r.progress(o, "running", host.Cmd{Path: argv[0], Args: argv[1:], Dir: r.Cwd})
	p, err := o.Host.Start(context.WithoutCancel(ctx), c)
	if err != nil {
		r.startFailed(o, in, err)
		return
	}
	r.Ran = true
	stdin.feed(p.Stdin)
	copied := make(chan struct{})
	go func() {
		// Large reads (the pipe holds up to 1 MiB on Linux) make a program that prints a lot cost
		// little more than under a shell's pipe; struct{ io.Reader } keeps the buffer in use.
		buf := make([]byte, 256<<10)
		// When the reader of gomedic's output goes away (| head), the program's output is closed
		// too, so that it meets the closed pipe as it would under a shell.
		var once sync.Once
		closed := func() { once.Do(func() { p.Stdout.Close() }) }
		_, _ = io.CopyBuffer(passthrough{dst: lockedWriter{&outMu, outDst}, keep: stdout, broken: closed}, struct{ io.Reader }{p.Stdout}, buf)
		close(copied)
	}()

	// The goroutine dump SIGQUIT makes at the timeout is kept from its start, however long.
	started := time.Now()
	var quitAt time.Time
	r.wait(ctx, o, p, func() { quitAt = time.Now(); stderr.Mark(64<<10, 8<<20) })
	res := p.Wait()
	if r.TimedOut && res.Signal == "" && res.ExitCode != 2 && !quitAt.IsZero() &&
		started.Add(res.Duration).Sub(quitAt) < 10*time.Millisecond {
		// It exited with a status of its own (a Go program stopped by SIGQUIT exits 2, another
		// dies of the signal) just as the time ran out: its exit, not the timeout's.
		if dump, _ := stderr.Marked(); !bytes.Contains(dump, []byte("SIGQUIT")) {
			r.TimedOut = false
		}
	}
	// What the program printed last is read to its end, unless a process it left behind keeps
	// the pipe open.
	select {
	case <-copied:
	case <-time.After(quitGrace):
		p.Stdout.Close()
		<-copied
	}
	stdin.finish()
	r.Stdin = stdin.info

	r.ExitCode, r.Signal, r.DurationMS = res.ExitCode, res.Signal, res.Duration.Milliseconds()
	if res.TimedOut {
		r.TimedOut = true
	}
	in.ExitCode, in.Signal, in.TimedOut = r.ExitCode, r.Signal, r.TimedOut
	if r.TimedOut {
		in.Timeout = o.Timeout
	}
	in.Stdout, in.Stderr = stdout.Bytes(), stderr.Bytes()
	if dump, ok := stderr.Marked(); ok && r.TimedOut {
		in.Stderr = dump // what came before the timeout, then the dump from its first line
	}
	in.Stdin, in.StdinMaxLine, in.StdinBytes = r.Stdin.Kind, r.Stdin.MaxLine, r.Stdin.Bytes
	r.Stdout, r.Stderr = streamOf(in.Stdout, stdout.Total()), streamOf(in.Stderr, stderr.Total())
	if trace != nil {
		r.readTrace(o, traceFile, argv)
		in.Trace = Syscalls(r.Trace.Calls)
		if msg := straceExecError(in.Stderr); msg != "" && r.ExitCode == 1 {
			// strace could not start the program: "strace: exec: Exec format error".
			in.StartErr, in.ExitCode, r.ExitCode, r.StartError = msg, -1, -1, msg
		}
	} else if res.Err != nil && res.Signal == "" && !res.TimedOut && res.ExitCode < 0 {
		r.Notes = append(r.Notes, res.Err.Error())
	}
	r.finish(o, in)
	r.Status = r.status()
}

// wait waits for the program to exit; at the timeout it sends SIGQUIT (a Go program prints every
// goroutine and exits), and when gomedic is interrupted it passes the interrupt on; a program
// still running quitGrace later is killed with its process group.
func (r *Report) wait(ctx context.Context, o Options, p *host.Process, beforeQuit func()) {
	var timeout <-chan time.Time
	if o.Timeout > 0 {
		t := time.NewTimer(o.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	var sig os.Signal
	select {
	case <-p.Done():
		return
	case <-timeout:
		select {
		case <-p.Done():
			return // it ended as the time ran out: its own exit, not the timeout's
		default:
		}
		r.TimedOut = true
		sig = quitSignal
		beforeQuit()
	case <-ctx.Done():
		r.Interrupt = true
		sig = os.Interrupt
	}
	if sig == nil || o.Host.OS() == "windows" {
		p.Kill()
		return
	}
	if err := p.Signal(sig); err != nil {
		// It exited between the timer and the signal: what it did is its own.
		if errors.Is(err, os.ErrProcessDone) {
			r.TimedOut, r.Interrupt = false, false
			return
		}
		p.Kill()
		return
	}
	select {
	case <-p.Done():
	case <-time.After(quitGrace):
		p.Kill()
	}
}

// startFailed records a command that could not be started.
func (r *Report) startFailed(o Options, in classify.Input, err error) {
	r.StartError, r.ExitCode = err.Error(), -1
	in.StartErr, in.ExitCode = err.Error(), -1
	if len(in.Args) > 0 {
		in.Exec = execFacts(o, in.Args[0], in.Cwd)
		in.Exec.Built = r.Build != nil
	}
	r.finish(o, in)
	r.Status = StatusCannotExec
	if errors.Is(err, host.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		r.Status = StatusNotFound
	}
}

// readTrace reads the tracer's log and keeps the calls that matter.
func (r *Report) readTrace(o Options, file string, argv []string) {
	data, err := o.Host.ReadFile(file, traceFileLimit)
	if err != nil {
		r.Trace.Note = fmt.Sprintf("reading strace's log: %v", err)
		return
	}
	calls := ParseStrace(data)
	r.Trace.Failed = len(calls)
	r.Trace.Calls = keepCalls(calls, runsProgram(argv))
}

// runsProgram reports whether argv is go run or go test: the go command builds and runs another
// program, whose calls are the ones that matter.
func runsProgram(argv []string) bool {
	if len(argv) < 2 {
		return false
	}
	base := strings.TrimSuffix(filepath.Base(strings.ReplaceAll(argv[0], `\`, "/")), ".exe")
	if base != "go" {
		return false
	}
	for _, a := range argv[1:] {
		if !strings.HasPrefix(a, "-") {
			return a == "run" || a == "test"
		}
	}
	return false
}

// straceExecError is strace's message when it could not start the program ("/usr/bin/strace:
// exec: Exec format error"), or "".
func straceExecError(stderr []byte) string {
	for _, line := range strings.Split(string(stderr), "\n") {
		prog, msg, ok := strings.Cut(strings.TrimSpace(line), ": exec: ")
		if ok && (prog == "strace" || strings.HasSuffix(prog, "/strace")) {
			return msg
		}
	}
	return ""
}

// finish classifies in and records the classification.
func (r *Report) finish(o Options, in classify.Input) {
	if in.ExitCode != 0 && in.StartErr == "" && (in.Phase == classify.PhaseBuild || classify.GoSubcommand(in.Args) != "") {
		in.GoFlags, in.GO111MODULE = effectiveGoVar(o, "GOFLAGS"), effectiveGoVar(o, "GO111MODULE")
		in.CgoEnabled = effectiveGoVar(o, "CGO_ENABLED")
		in.WorkFile, in.WorkUses, in.CwdHasGoMod = workspaceFacts(o.Host, in.Cwd)
	}
	in.GoCause = GoCause(in)
	r.input = in
	r.Result = o.Classify(in)
}

// GoCause is the classifier's Input.GoCause: toolbuild's reading of what a failed build, test or
// go command printed, from its end (where the go command's verdict is; a test run's output before
// it can be megabytes).
func GoCause(in classify.Input) string {
	if in.ExitCode == 0 || (in.Phase != classify.PhaseBuild && in.Phase != classify.PhaseTest && classify.GoSubcommand(in.Args) == "") {
		return ""
	}
	const end = 32 << 10
	return toolbuild.CauseOf(&host.Result{ExitCode: in.ExitCode, Stdout: text.Tail(in.Stdout, end), Stderr: text.Tail(in.Stderr, end)})
}

// redact removes credentials from everything the report shows (URLs with a user and password,
// variables named like secrets, token-shaped words), as every gomedic report does; the
// classifier saw the output as it was.
func (r *Report) redact() {
	red := report.Redact
	list := func(xs []string) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = red(x)
		}
		return out
	}
	r.Command = list(r.Command)
	if r.Build != nil {
		r.Build.Command = list(r.Build.Command)
	}
	r.StartError = red(r.StartError)
	r.Stdout.Tail, r.Stderr.Tail = red(r.Stdout.Tail), red(r.Stderr.Tail)
	res := &r.Result
	res.Title, res.Explanation, res.Location, res.Fix = red(res.Title), red(res.Explanation), red(res.Location), red(res.Fix)
	res.Details, res.Commands = list(res.Details), list(res.Commands)
	r.Notes = list(r.Notes)
	if r.Trace != nil {
		for i := range r.Trace.Calls {
			c := &r.Trace.Calls[i]
			c.Path, c.Line = red(c.Path), red(c.Line)
		}
	}
}

// status is gomedic run's exit status for a program that was started: its own, 124 when stopped
// at the timeout, 128+N when killed by signal N, 126 when it could not be started.
func (r *Report) status() int {
	switch {
	case r.TimedOut:
		return StatusTimeout
	case r.StartError != "":
		return StatusCannotExec
	case r.Signal != "":
		return StatusSignal + signalNumber(r.Signal)
	case r.ExitCode < 0:
		return StatusRunFailed
	}
	return r.ExitCode
}

// progress announces a command about to start.
func (r *Report) progress(o Options, what string, c host.Cmd) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "gomedic run: %s: %s  (in %s)\n", what, redactLine(c), c.Dir)
	}
}

// redactLine is c's command line as a report shows it.
func redactLine(c host.Cmd) string { return report.Redact(c.String()) }

// passthrough writes to dst, whatever dst does with it (a closed terminal must not stop the
// program), and keeps the end of the stream.
type passthrough struct {
	dst  io.Writer
	keep *outputTail
	// broken, when set, is called when dst is a pipe whose reader has gone (EPIPE).
	broken func()
}

func (p passthrough) Write(b []byte) (int, error) {
	if _, err := p.dst.Write(b); err != nil && p.broken != nil && errors.Is(err, syscall.EPIPE) {
		p.broken()
	}
	return p.keep.Write(b)
}

// argModules finds, for the go command's path arguments (./app, app/main.go, ./app/...), a go.mod
// between the argument and cwd (exclusive): a module the go command does not see when it runs in
// cwd. Only the arguments before a go run program's own arguments are looked at.
func argModules(h host.Host, cwd string, args []string) []classify.ArgModule {
	var mods []classify.ArgModule
	sub := ""
	for _, a := range args {
		if sub == "" {
			if !strings.HasPrefix(a, "-") {
				sub = a
			}
			continue
		}
		if a == "--" || strings.HasPrefix(a, "-") {
			if a == "--" {
				break
			}
			continue
		}
		p := strings.TrimSuffix(filepath.ToSlash(a), "/...")
		if filepath.IsAbs(p) || !(p == "." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || strings.HasSuffix(p, ".go")) {
			continue // an import path, or a path the go command does not read as a directory
		}
		dir := filepath.Join(cwd, filepath.FromSlash(p))
		if strings.HasSuffix(p, ".go") {
			dir = filepath.Dir(dir)
		}
		rel, err := filepath.Rel(cwd, dir)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			continue
		}
		for d := dir; d != cwd && strings.HasPrefix(d, cwd); d = filepath.Dir(d) {
			if fi, err := h.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
				r, _ := filepath.Rel(d, filepath.Join(cwd, filepath.FromSlash(a)))
				r = filepath.ToSlash(r)
				if r != "." && !strings.HasPrefix(r, "../") {
					r = "./" + r
				}
				if strings.HasSuffix(a, ".go") {
					r = strings.TrimPrefix(r, "./")
				}
				mods = append(mods, classify.ArgModule{Arg: a, Root: d, Rel: r})
				break
			}
		}
		if sub == "run" && len(mods) > 0 {
			break // what follows the package are the program's arguments
		}
	}
	return mods
}

// execFacts looks at a command that could not be started: what the file is (a binary for another
// platform, a script whose interpreter is missing), or, for a name not found on PATH, whether go
// install put it in a directory the PATH lacks.
func execFacts(o Options, name, cwd string) *classify.ExecFacts {
	h := o.Host
	x := &classify.ExecFacts{Path: name, Host: h.OS() + "/" + h.Arch()}
	if !strings.ContainsAny(name, `/\`) {
		if o.Facts == nil {
			return x
		}
		dir := o.Facts.InstallDir()
		if dir == "" {
			return x
		}
		if p := host.FindIn(h, dir, name, host.Exts(h, h.Env().Get("PATHEXT"))); p != "" {
			x.InstallDir = dir
		}
		return x
	}
	p := name
	if !host.IsAbs(h, p) && cwd != "" {
		p = filepath.Join(cwd, p)
	}
	if fi, err := h.Stat(p); err == nil && fi.IsDir() {
		x.Exists, x.IsDir = true, true
		return x
	}
	f, err := h.Open(p)
	if err != nil {
		return x
	}
	defer f.Close()
	x.Exists = true
	info, err := binfo.ReadFrom(f, f.Size(), p)
	if info == nil || (err != nil && info.Format == "") {
		return x
	}
	for _, t := range info.Targets {
		x.Targets = append(x.Targets, t.String())
	}
	if info.Format == binfo.FormatScript {
		head := make([]byte, 512)
		n, _ := f.ReadAt(head, 0)
		line, _, _ := strings.Cut(string(head[:n]), "\n")
		x.ShebangCR = strings.HasSuffix(line, "\r")
	}
	if info.Format == binfo.FormatScript && info.Interpreter != "" {
		x.Interpreter = info.Interpreter
		if host.IsAbs(h, info.Interpreter) {
			if _, err := h.Stat(info.Interpreter); err != nil {
				x.InterpreterMissing = true
			}
		} else if _, err := host.LookPath(h, info.Interpreter, h.Env().Get("PATH"), h.Env().Get("PATHEXT")); err != nil {
			x.InterpreterMissing = true // #!/usr/bin/env NAME, and no NAME on PATH
		}
	}
	return x
}

// effectiveGoVar is a go variable's value as the go command used it: the environment's when not
// empty, else the go env file's (go env -w); read only when a go command failed.
func effectiveGoVar(o Options, name string) string {
	if v := o.Host.Env().Get(name); v != "" {
		return v // an empty variable is unset to the go command: the go env file's value applies
	}
	if o.Facts != nil {
		return o.Facts.GoVar(name)
	}
	return ""
}

// onlyFileTests narrows a run of a _test.go file to the tests it declares, as an editor's "run
// file tests" does (go test -run '^(TestA|TestB)$'), unless a -run was given.
func (r *Report) onlyFileTests(t runTarget, src *classify.Source, args []string) []string {
	for _, a := range args {
		if a == "-test.run" || strings.HasPrefix(a, "-test.run=") {
			return args
		}
	}
	if src == nil {
		return args
	}
	names := src.Tests[t.file]
	if len(names) == 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s declares no tests: the package's tests are run", t.file))
		return args
	}
	r.Notes = append(r.Notes, fmt.Sprintf("only the tests %s declares are run (%s)", t.file, strings.Join(text.CapList(names, 6), ", ")))
	return append([]string{args[0], "-test.run", "^(" + strings.Join(names, "|") + ")$"}, args[1:]...)
}

// locateOpened finds, for each file the source opens by a relative name that is not in the package
// directory, another directory where the name resolves: where gomedic run was started, or the
// module root (the workspace folder an editor may run from). It explains a program that works in
// one place and not the other.
func locateOpened(h host.Host, src *classify.Source, started string) {
	if src == nil || src.Dir == "" {
		return
	}
	dirs := []string{started}
	for d := src.Dir; ; d = filepath.Dir(d) {
		if fi, err := h.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			dirs = append(dirs, d)
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := range src.OpenedFiles {
		o := &src.OpenedFiles[i]
		if o.InDir || o.Name == "" || filepath.IsAbs(o.Name) {
			continue
		}
		for _, d := range dirs {
			if d == "" || d == src.Dir {
				continue
			}
			if _, err := h.Stat(filepath.Join(d, filepath.FromSlash(o.Name))); err == nil {
				o.FoundIn = d
				break
			}
		}
	}
}

// goRunValueFlags are the go run (build) flags that take a separate value.
var goRunValueFlags = map[string]bool{"tags": true, "ldflags": true, "gcflags": true, "asmflags": true,
	"gccgoflags": true, "p": true, "mod": true, "modfile": true, "overlay": true, "pkgdir": true,
	"buildmode": true, "compiler": true, "installsuffix": true, "toolexec": true, "exec": true, "pgo": true,
	"covermode": true, "coverpkg": true, "C": true, "o": true}

// goTestValueFlags are go test's own flags that take a separate value.
var goTestValueFlags = map[string]bool{"run": true, "bench": true, "benchtime": true, "count": true, "cpu": true,
	"parallel": true, "timeout": true, "coverprofile": true, "cpuprofile": true, "memprofile": true,
	"blockprofile": true, "mutexprofile": true, "trace": true, "outputdir": true, "list": true, "skip": true,
	"shuffle": true, "fuzz": true, "fuzztime": true, "fuzzminimizetime": true, "vet": true, "json": false,
	"memprofilerate": true, "blockprofilerate": true, "mutexprofilefraction": true}

// goRunSource reads the source of the package a `go run` (or a one-package `go test`) command
// line runs, when it is a local directory or .go files, so that a command classifies as PATH does: the user's frames, the files
// the code opens, how it reads stdin. Anything else (an import path, pkg@version) gives nil.
func goRunSource(o Options, argv []string) *classify.Source {
	sub := classify.GoSubcommand(argv)
	if (sub != "run" && sub != "test") || o.ReadSource == nil {
		return nil
	}
	args := argv[1:]
	for len(args) > 0 && args[0] != sub {
		args = args[1:]
	}
	if len(args) == 0 {
		return nil
	}
	args = args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name := strings.TrimLeft(args[0], "-")
		args = args[1:]
		if !strings.Contains(name, "=") && (goRunValueFlags[name] || (sub == "test" && goTestValueFlags[name])) && len(args) > 0 {
			args = args[1:]
		}
	}
	if sub == "test" {
		// One local package directory: its tests are what ran (several, or a pattern, are not read).
		var pkgs []string
		for _, a := range args {
			if a == "-args" {
				break
			}
			if !strings.HasPrefix(a, "-") {
				pkgs = append(pkgs, a)
			}
		}
		if len(pkgs) != 1 || strings.HasSuffix(pkgs[0], ".go") {
			return nil
		}
		args = pkgs
	}
	var files []string
	for _, a := range args {
		if !strings.HasSuffix(a, ".go") {
			break
		}
		files = append(files, a)
	}
	dir := ""
	switch {
	case len(files) > 0:
		dir = filepath.Dir(files[0])
		for i, f := range files {
			if filepath.Dir(f) != dir {
				return nil
			}
			files[i] = filepath.Base(f)
		}
	case len(args) > 0 && (args[0] == "." || strings.HasPrefix(args[0], "./") || strings.HasPrefix(args[0], "../") || filepath.IsAbs(args[0])):
		if strings.Contains(args[0], "...") || strings.Contains(args[0], "@") {
			return nil
		}
		dir, files = args[0], nil
	default:
		return nil
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(o.Dir, dir)
	}
	src, err := o.ReadSource(dir, files)
	if err != nil {
		return nil
	}
	src.Target = strings.Join(files, " ")
	locateOpened(o.Host, src, o.Dir)
	return src
}

// workspaceFacts finds the go.work at or above dir (as the go command does, unless GOWORK says
// otherwise) and reads its use directories, and whether dir holds a go.mod.
func workspaceFacts(h host.Host, dir string) (file string, uses []string, hasGoMod bool) {
	if dir == "" {
		return "", nil, false
	}
	if fi, err := h.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
		hasGoMod = true
	}
	if g := h.Env().Get("GOWORK"); g == "off" {
		return "", nil, hasGoMod
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		p := filepath.Join(d, "go.work")
		if data, err := h.ReadFile(p, 1<<20); err == nil {
			if wf, err := modfile.ParseWork(p, data, nil); err == nil {
				for _, u := range wf.Use {
					uses = append(uses, u.Path)
				}
			}
			return p, uses, hasGoMod
		}
		if filepath.Dir(d) == d {
			return "", nil, hasGoMod
		}
	}
}
