package run

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/run/classify"
	"github.com/gomedic/gomedic/internal/text"
)

// prepare reads the source of PATH and builds it; it returns the command to run, or nil when the
// run ends before (a package that is not a program, a build that failed, no test files).
func (r *runner) prepare(ctx context.Context) ([]string, *classify.Source, error) {
	t, err := resolveTarget(r.o.Host, r.o.Dir, r.o.Path)
	if err != nil {
		return nil, nil, &UsageError{err}
	}
	src := r.readTarget(t)
	if r.doc.Mode == result.RunModeProgram && r.notAProgram(src) {
		return nil, src, nil
	}
	return r.build(ctx, t, src)
}

// readTarget decides how PATH runs (a program, or its tests) and reads its source; nil when the
// source cannot be read (a note says why).
func (r *runner) readTarget(t runTarget) *classify.Source {
	d := r.doc
	d.Mode, d.Phase, d.Cwd = result.RunModeProgram, classify.PhaseRun, t.dir
	if r.o.Test || t.test {
		d.Mode, d.Phase = result.RunModeTest, classify.PhaseTest
	}
	var files []string
	if t.file != "" && d.Mode == result.RunModeProgram {
		files = []string{t.file}
	}
	src, err := r.o.ReadSource(t.dir, files)
	if err != nil {
		d.Notes = append(d.Notes, fmt.Sprintf("reading the source: %v", err))
		src = nil
	}
	locateOpened(r.o.Host, src, r.o.Dir)
	if src != nil && t.file != "" {
		src.Target = t.file
	}
	if d.Mode == result.RunModeProgram && src != nil && len(src.Files) == 0 && len(src.TestFiles) > 0 {
		d.Mode, d.Phase = result.RunModeTest, classify.PhaseTest
		d.Notes = append(d.Notes, fmt.Sprintf("%s holds only _test.go files: its tests are run", r.o.Path))
	}
	d.CwdReason = cwdReason(d.Mode)
	return src
}

// notAProgram classifies, from the source and before anything is built, a package that is not a
// program (CheckSource leaves alone code that does not parse: the compiler says better).
func (r *runner) notAProgram(src *classify.Source) bool {
	res, ok := classify.CheckSource(src, classify.PhaseRun, nil)
	if ok {
		r.doc.Phase, r.doc.Result, r.doc.Status = classify.PhaseBuild, res, StatusNotRun
	}
	return ok
}

// build builds PATH's program (go build) or test binary (go test -c) in its directory, through
// the build output cache; it returns the command that runs it, or nil when the build failed or
// made nothing to run (the build is then the outcome).
func (r *runner) build(ctx context.Context, t runTarget, src *classify.Source) ([]string, *classify.Source, error) {
	test := r.doc.Mode == result.RunModeTest
	goBin, err := goCommand(r.o.Host, r.env)
	if err != nil {
		return nil, nil, err
	}
	if test {
		if err := checkTestArgs(r.o.Path, r.o.Args); err != nil {
			return nil, nil, &UsageError{err}
		}
	}
	bin := filepath.Join(r.o.TempDir, t.binaryName(r.o.Host.OS(), test))
	out := bin
	slot, err := openBuildSlot(r.o.BuildCache, goBin, t, test)
	if err != nil {
		r.doc.Notes = append(r.doc.Notes, fmt.Sprintf("building without the build output cache: %v", err))
	}
	if slot != nil {
		defer slot.unlock()
		out = filepath.Join(slot.dir, filepath.Base(bin))
	}
	res := r.runBuild(ctx, goBin, t, out, test)
	made, err := r.built(res, out, bin, slot, test)
	if err != nil {
		return nil, nil, err
	}
	if !made {
		r.buildFailed(ctx, res, t, src, test)
		return nil, src, nil
	}
	return append([]string{bin}, r.programArgs(t, src, test)...), src, nil
}

// runBuild runs the go command that builds t into out, its output passed through to Stderr, and
// records it as the run's build step.
func (r *runner) runBuild(ctx context.Context, goBin string, t runTarget, out string, test bool) *host.Result {
	args := t.buildArgs(out, test)
	if r.o.Launch != nil && len(r.o.Launch.BuildFlags) > 0 {
		// launch.json's buildFlags go to the build, before its output and package arguments.
		n := 1
		if test {
			n = 2 // test -c
		}
		args = append(append(append([]string(nil), args[:n]...), r.o.Launch.BuildFlags...), args[n:]...)
	}
	c := host.Cmd{Path: goBin, Args: args, Dir: t.dir, Env: r.env.Environ(), Timeout: BuildTimeout, Stream: r.o.Stderr}
	r.progress("building", c)
	res := r.o.Host.Run(ctx, c)
	r.doc.Build = &result.RunStep{Command: append([]string{goBin}, args...), Line: c.String(), Cwd: t.dir,
		ExitCode: res.ExitCode, DurationMS: res.Duration.Milliseconds()}
	return res
}

// built reports whether the build made a program to run, and puts it where the run expects it
// (bin) when it was built in the cache. go test -c writes nothing for a package without tests
// ("[no test files]"), and leaves alone a test binary an earlier build cached.
func (r *runner) built(res *host.Result, out, bin string, slot *buildSlot, test bool) (bool, error) {
	if !res.OK() {
		return false, nil
	}
	if _, err := r.o.Host.Stat(out); err != nil || (test && bytes.Contains(res.Stdout, []byte("[no test files]"))) {
		return false, nil
	}
	if slot != nil {
		if err := slot.place(out, bin); err != nil {
			return false, fmt.Errorf("copying the built program out of the build cache: %w", err)
		}
	}
	return true, nil
}

// buildFailed makes the build the run's outcome: it failed, was interrupted, or made nothing to
// run (a package without tests).
func (r *runner) buildFailed(ctx context.Context, res *host.Result, t runTarget, src *classify.Source, test bool) {
	d := r.doc
	phase := classify.PhaseBuild
	if test {
		phase = classify.PhaseTest
	}
	d.Phase, d.Command, d.Line, d.Cwd = phase, d.Build.Command, d.Build.Line, t.dir
	d.ExitCode, d.Signal, d.DurationMS = res.ExitCode, res.Signal, res.Duration.Milliseconds()
	d.Stdout, d.Stderr = streamOf(res.Stdout, int64(len(res.Stdout))), streamOf(res.Stderr, int64(len(res.Stderr)))
	in := classify.Input{Phase: phase, ExitCode: res.ExitCode, Signal: res.Signal, TimedOut: res.TimedOut,
		Stdout: res.Stdout, Stderr: res.Stderr, Source: src, Args: d.Build.Command,
		Stdin: d.Stdin.Kind, StdinMaxLine: d.Stdin.MaxLine, Cwd: t.dir}
	switch {
	case ctx.Err() != nil:
		// Interrupted (Ctrl-C) while it built: the build was stopped, nothing failed to start.
		in.Signal, in.ExitCode = "interrupt", -1
		d.Signal = "interrupt"
	case res.Err != nil && !res.TimedOut && res.Signal == "":
		in.StartErr = res.Err.Error()
	}
	r.conclude(in)
	d.Status = res.ExitCode
	switch {
	case ctx.Err() != nil:
		d.Interrupt, d.Status = true, StatusSignal+2
	case !res.OK() && d.Status <= 0:
		d.Status = StatusNotRun
	}
}

// programArgs are the arguments the built program runs with: the program's as given; for a test
// binary, go test's flags translated, and for a _test.go file only the tests it declares.
func (r *runner) programArgs(t runTarget, src *classify.Source, test bool) []string {
	if !test {
		return r.o.Args
	}
	args := testBinaryArgs(r.o.Args)
	if t.file != "" {
		args = r.onlyFileTests(t, src, args)
	}
	return args
}

// onlyFileTests narrows a run of a _test.go file to the tests it declares, as an editor's "run
// file tests" does (go test -run '^(TestA|TestB)$'), unless a -run was given.
func (r *runner) onlyFileTests(t runTarget, src *classify.Source, args []string) []string {
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
		r.doc.Notes = append(r.doc.Notes, fmt.Sprintf("%s declares no tests: the package's tests are run", t.file))
		return args
	}
	r.doc.Notes = append(r.doc.Notes, fmt.Sprintf("only the tests %s declares are run (%s)", t.file, strings.Join(text.CapList(names, 6), ", ")))
	return append([]string{args[0], "-test.run", "^(" + strings.Join(names, "|") + ")$"}, args[1:]...)
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
