package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
	gorun "github.com/gomedic/gomedic/internal/run"
	"github.com/gomedic/gomedic/internal/run/classify"
)

type runOptions struct {
	stdin   string
	input   string
	timeout time.Duration
	trace   bool
	json    bool
	test    bool
	config  string
}

func newRunCmd(io *IO) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run [flags] (PATH [-- ARGS...] | -- COMMAND [ARGS...] | --config NAME [FILE] [-- ARGS...])",
		Short: "Run a Go program, test or command the way an editor does, and explain how it exited",
		Long: `Run a Go program, its tests or any command the way the editor does, and explain how it exited.

PATH is a .go file or a package directory. It is built (go build; go test -c with --test or
when PATH holds only _test.go files) and the binary is run in the package directory, as the Go
extension's Run and Debug do, with the environment the editor settings add (go.toolsEnvVars).
With -- COMMAND, the command runs as given in the current directory. With --config NAME, the
launch configuration NAME of .vscode/launch.json is applied as F5 applies it (program, mode, cwd,
args, env, envFile, buildFlags); a FILE stands for ${file}.

The program's output passes through as it comes; the diagnosis follows on stderr, or with
--json as one gomedic.run/v1 document on stdout (the program's stdout then goes to stderr).

Standard input: --stdin FILE (- for gomedic's own), --input TEXT, else this terminal when
gomedic's standard input is one, else none (the editor's Run gives a program no input).

Exit status: the program's own; 128+N when signal N killed it; 124 when stopped at --timeout;
go build's (1) when it did not build, 1 for a package that is not a program; 126 when the
command could not be started, 127 when it was not found; 125 when gomedic could not run it;
2 for a usage error.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, io, o, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.stdin, "stdin", "", "give the program this file as standard input (- for gomedic's own)")
	fl.StringVar(&o.input, "input", "", "give the program this text as standard input (a newline is added when it has none)")
	fl.DurationVar(&o.timeout, "timeout", gorun.DefaultTimeout, "stop the program after this long (SIGQUIT first, so a Go program prints every goroutine); 0 for no limit")
	fl.BoolVar(&o.trace, "trace", false, "trace the failing file and exec system calls (strace, on Linux)")
	fl.BoolVar(&o.json, "json", false, "print one JSON document ("+result.RunSchema+") on stdout; the program's stdout goes to stderr")
	fl.BoolVar(&o.test, "test", false, "run PATH's tests (go test -c, then the test binary)")
	fl.StringVar(&o.config, "config", "", "apply the launch configuration NAME of .vscode/launch.json (program, mode, cwd, args, env, envFile, buildFlags), as the editor's Run and Debug do")
	return cmd
}

// runArgs splits the arguments into PATH and the program's arguments, or the command.
func runArgs(cmd *cobra.Command, args []string) (path string, progArgs, command []string, err error) {
	dash := cmd.ArgsLenAtDash()
	switch {
	case dash == 0 && len(args) > 0:
		return "", nil, args, nil
	case dash == 0 || len(args) == 0:
		return "", nil, nil, usageError("run needs a PATH (a .go file or a package directory), -- COMMAND, or --config NAME")
	case dash < 0 && len(args) == 1, dash == 1:
		return args[0], args[1:], nil, nil
	}
	return "", nil, nil, usageError("run takes one PATH; the program's arguments go after --: gomedic run %s -- %s", args[0], args[1])
}

// runRun runs the program the way the editor would and renders what happened: the diagnosis on
// stderr, or with --json the document on stdout. Its exit status is the program's (or gomedic
// run's own: see the command's help).
func runRun(cmd *cobra.Command, io *IO, o *runOptions, args []string) error {
	opts, cleanup, err := o.runnerOptions(cmd, io, args)
	if err != nil {
		return err
	}
	defer cleanup()
	defer catchSIGPIPE()()
	doc, err := gorun.Run(cmd.Context(), opts)
	if err != nil {
		return runFailed(err)
	}
	if err := renderRun(io, o.json, doc); err != nil {
		return err
	}
	if doc.Status != 0 {
		return &exitError{code: doc.Status}
	}
	return nil
}

// catchSIGPIPE delivers SIGPIPE to a channel until the function it returns is called. Output that
// goes nowhere (gomedic run PATH | head) must not kill gomedic before it has said why the program
// ended and removed its temporary directory: with SIGPIPE handled, a write to a closed pipe fails
// with EPIPE instead (the runner then closes the program's output, so the program meets the
// closed pipe as it would under a shell). A handled signal is reset in the program gomedic
// starts, unlike an ignored one.
func catchSIGPIPE() (stop func()) {
	sigpipe := make(chan os.Signal, 1)
	signal.Notify(sigpipe, syscall.SIGPIPE)
	return func() { signal.Stop(sigpipe) }
}

// runFailed is the exit for an error of the runner: a usage error (2), or gomedic run's own
// failure (125).
func runFailed(err error) error {
	var ue *gorun.UsageError
	if errors.As(err, &ue) {
		return usageError("%v", ue.Err)
	}
	return &exitError{code: gorun.StatusRunFailed, err: err}
}

// runnerOptions are the runner's options for this command line, with the facts of the workspace
// the editor would have open and a temporary directory, which cleanup removes.
func (o *runOptions) runnerOptions(cmd *cobra.Command, io *IO, args []string) (gorun.Options, func(), error) {
	path, progArgs, command, err := o.check(cmd, args)
	if err != nil {
		return gorun.Options{}, nil, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return gorun.Options{}, nil, &exitError{code: gorun.StatusRunFailed, err: fmt.Errorf("finding the current directory: %w", err)}
	}
	tmp, err := os.MkdirTemp("", "gomedic-run-")
	if err != nil {
		return gorun.Options{}, nil, &exitError{code: gorun.StatusRunFailed, err: fmt.Errorf("making a temporary directory: %w", err)}
	}
	opts := gorun.Options{
		Host:  io.Host,
		Facts: facts.New(cmd.Context(), io.Host, gorun.Workspace(io.Host, wd, path), 5*time.Second),
		Dir:   wd, Path: path, Args: progArgs, Command: command, Test: o.test, Config: o.config,
		Stdin: gorun.StdinOptions{File: o.stdin, Text: o.input, TextSet: cmd.Flags().Changed("input"),
			Own: io.In, OwnIsTerminal: isTerminal(io.In)},
		Timeout: o.timeout, Trace: o.trace,
		Stdout: io.Out, Stderr: io.Err,
		TempDir: tmp, BuildCache: cacheDir(io),
		Classify: classify.Classify, ReadSource: gorun.ReadSource,
	}
	if o.json {
		opts.Stdout = io.Err // stdout carries the document alone
	} else {
		opts.Progress = func(what string, argv []string, dir string) { report.RunProgress(io.Err, what, argv, dir) }
	}
	return opts, func() { os.RemoveAll(tmp) }, nil
}

// check reads the command line into PATH and the program's arguments, or the command; flags that
// do not go together are a usage error.
func (o *runOptions) check(cmd *cobra.Command, args []string) (path string, progArgs, command []string, err error) {
	path, progArgs, command, err = runArgs(cmd, args)
	if err != nil && !(o.config != "" && len(args) == 0) {
		return "", nil, nil, err
	}
	switch {
	case o.stdin != "" && cmd.Flags().Changed("input"):
		return "", nil, nil, usageError("--stdin and --input cannot be used together")
	case o.test && command != nil:
		return "", nil, nil, usageError("--test runs the tests of a PATH; with -- COMMAND, run go test yourself: gomedic run -- go test ./...")
	case o.timeout < 0:
		return "", nil, nil, usageError("--timeout must not be negative")
	}
	return path, progArgs, command, nil
}

// isTerminal reports whether in is a terminal: gomedic's own standard input, passed on to the
// program when someone is there to type.
func isTerminal(in any) bool {
	f, ok := in.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// renderRun prints the run's document: as JSON on stdout with --json, else the diagnosis on stderr
// (stdout is the program's).
func renderRun(io *IO, asJSON bool, doc *result.Run) error {
	if !asJSON {
		report.RunText(io.Err, doc, io.Glyphs)
		return nil
	}
	if err := report.RunJSON(io.Out, doc); err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing JSON: %w", err)}
	}
	return nil
}
