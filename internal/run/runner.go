package run

import (
	"context"
	"fmt"
	"io"
	"time"

	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/run/classify"
)

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
	// Config is --config NAME: the launch configuration to apply, found in the launch.json files
	// of the workspace's folders. Path then stands for ${file}, and Command (or Args) are
	// arguments added after the configuration's own.
	Config string

	Stdin   StdinOptions
	Timeout time.Duration // 0: none
	Trace   bool

	// Stdout and Stderr receive the program's own output as it comes, unchanged (and the go
	// command's output while it builds, on Stderr).
	Stdout, Stderr io.Writer
	// Progress, when set, is told of each command before it is started: what for ("building",
	// "running"), its argv and the directory it runs in.
	Progress func(what string, argv []string, dir string)
	// BuildCache, when set, is a directory where each target is built in a place of its own, so
	// that go build relinks only what changed (see buildcache.go); "" builds in TempDir.
	BuildCache string
	// TempDir is an empty directory for the built binary and the trace, removed by the caller.
	TempDir string
	// Launch, when set, is the launch.json configuration applied: its env is added, its
	// buildFlags are given to the build, and its cwd is where the program runs. Its program, mode
	// and args are already in Path, Test, Command and Args. Run sets it from Config.
	Launch *LaunchConfig

	// Classify and ReadSource are the classifier and the source reader (classify.Classify and
	// run.ReadSource), passed in so that the runner is tested apart from them.
	Classify   func(classify.Input) classify.Result
	ReadSource func(dir string, files []string) (*classify.Source, error)
}

// UsageError is a mistake in what gomedic run was asked to run: a PATH or a --stdin file that
// does not exist, a launch configuration that cannot be applied.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

func (e *UsageError) Unwrap() error { return e.Err }

// Run runs the program, the test or the command of o and classifies how it ended. Its error is
// a *UsageError, or gomedic's own failure (no go command, no temporary directory): a program
// that fails is a document like any other.
func Run(ctx context.Context, o Options) (*result.Run, error) {
	if o.Config != "" {
		var err error
		if o, err = applyConfig(o); err != nil {
			return nil, err
		}
	}
	return newRunner(o).run(ctx)
}

// runner does one run: it builds the program when there is one to build, runs it, and fills
// the document with what happened.
type runner struct {
	o     Options
	env   *host.Env // what the program (and its build) get: the user's, with the editor's on top
	stdin *stdinSource
	doc   *result.Run
}

// newRunner starts the document of a run of o with the environment the program gets.
func newRunner(o Options) *runner {
	doc := &result.Run{Schema: result.RunSchema, Path: o.Path, TimeoutMS: o.Timeout.Milliseconds(),
		Env: []result.RunEnvChange{}, Command: []string{}}
	env, changes := editorEnv(o.Host.Env(), o.Facts.ToolVars())
	doc.Env = append(doc.Env, changes...)
	if o.Launch != nil {
		doc.Launch = &o.Launch.RunLaunch
		var more []result.RunEnvChange
		env, more = launchEnv(env, o.Host.Env(), o.Launch)
		doc.Env = append(doc.Env, more...)
	}
	return &runner{o: o, env: env, doc: doc}
}

// run prepares the program's input, builds it (for a PATH) and runs it.
func (r *runner) run(ctx context.Context) (*result.Run, error) {
	stdin, err := openStdin(r.o.Host, r.o.Stdin)
	if err != nil {
		return nil, &UsageError{err}
	}
	defer stdin.finish()
	r.stdin, r.doc.Stdin = stdin, stdin.info

	argv, src, err := r.plan(ctx)
	if err != nil {
		return nil, err
	}
	if argv != nil {
		r.placeRun()
		r.execute(ctx, argv, src)
	}
	if note := launchNote(r.o); note != "" {
		r.doc.Notes = append(r.doc.Notes, note)
	}
	return r.doc, nil
}

// plan is the command to run and facts about the source it runs: -- COMMAND as given, or PATH
// read and built. The command is nil when the run ends before it (a package that is not a
// program, a build that failed, no test files).
func (r *runner) plan(ctx context.Context) ([]string, *classify.Source, error) {
	if len(r.o.Command) == 0 {
		return r.prepare(ctx)
	}
	r.doc.Mode, r.doc.Phase, r.doc.Cwd = result.RunModeCommand, classify.PhaseExec, r.o.Dir
	return r.o.Command, goRunSource(r.o, r.o.Command), nil
}

// placeRun says where the program runs and why: its directory, or a launch configuration's cwd.
func (r *runner) placeRun() {
	r.doc.CwdReason = cwdReason(r.doc.Mode)
	if lc := r.o.Launch; lc != nil && lc.Cwd != "" {
		r.doc.Cwd = lc.Cwd
		r.doc.CwdReason = fmt.Sprintf("the \"cwd\" of launch configuration %q (%s:%d)", lc.Name, lc.File, lc.Line)
	}
}

// progress announces a command about to start.
func (r *runner) progress(what string, c host.Cmd) {
	if r.o.Progress != nil {
		r.o.Progress(what, append([]string{c.Path}, c.Args...), c.Dir)
	}
}
