package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/gomedic/gomedic/internal/facts"
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
	fl.BoolVar(&o.json, "json", false, "print one JSON document ("+gorun.Schema+") on stdout; the program's stdout goes to stderr")
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

func runRun(cmd *cobra.Command, io *IO, o *runOptions, args []string) error {
	path, progArgs, command, err := runArgs(cmd, args)
	if err != nil && !(o.config != "" && len(args) == 0) {
		return err
	}
	err = nil
	switch {
	case o.stdin != "" && cmd.Flags().Changed("input"):
		return usageError("--stdin and --input cannot be used together")
	case o.test && command != nil:
		return usageError("--test runs the tests of a PATH; with -- COMMAND, run go test yourself: gomedic run -- go test ./...")
	case o.timeout < 0:
		return usageError("--timeout must not be negative")
	}
	wd, err := os.Getwd()
	if err != nil {
		return &exitError{code: gorun.StatusRunFailed, err: fmt.Errorf("finding the current directory: %w", err)}
	}
	var launch *gorun.LaunchConfig
	var wsFacts *facts.Facts
	if o.config != "" {
		if command != nil {
			// gomedic run --config NAME -- ARGS: the arguments are the program's, after the
			// configuration's own.
			progArgs, command = command, nil
		}
		wsFacts = facts.New(cmd.Context(), io.Host, gorun.Workspace(io.Host, wd, path), 5*time.Second)
		launch, err = gorun.LoadLaunchConfig(io.Host, launchFolders(io, wsFacts, wd, path), workspaceFiles(wsFacts), o.config, path)
		if err != nil {
			return usageError("%v", err)
		}
		// What F5 starts: the configuration's program (PATH stood only for ${file}), in its mode,
		// with its args before any given after --.
		progArgs = append(append([]string(nil), launch.Args...), progArgs...)
		switch launch.Mode {
		case "exec":
			path, command = "", append([]string{launch.Program}, progArgs...)
			progArgs = nil
		case "test":
			path, o.test = launch.Program, true
		default:
			path = launch.Program
		}
	}
	if wsFacts == nil {
		wsFacts = facts.New(cmd.Context(), io.Host, gorun.Workspace(io.Host, wd, path), 5*time.Second)
	}
	tmp, err := os.MkdirTemp("", "gomedic-run-")
	if err != nil {
		return &exitError{code: gorun.StatusRunFailed, err: fmt.Errorf("making a temporary directory: %w", err)}
	}
	defer os.RemoveAll(tmp)

	ownTTY := false
	if f, ok := io.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ownTTY = true
	}
	opts := gorun.Options{
		Host:  io.Host,
		Facts: wsFacts,
		Dir:   wd, Path: path, Args: progArgs, Command: command, Test: o.test, Launch: launch,
		Stdin:   gorun.StdinOptions{File: o.stdin, Text: o.input, TextSet: cmd.Flags().Changed("input"), Own: io.In, OwnIsTerminal: ownTTY},
		Timeout: o.timeout, Trace: o.trace,
		Stdout: io.Out, Stderr: io.Err,
		TempDir: tmp, BuildCache: cacheDir(io),
		Classify: classify.Classify, ReadSource: gorun.ReadSource,
	}
	if o.json {
		// stdout carries the document alone.
		opts.Stdout = io.Err
	} else {
		opts.Progress = io.Err
	}
	// Output that goes nowhere (gomedic run PATH | head) must not kill gomedic before it has said
	// why the program ended and removed its temporary directory: with SIGPIPE delivered to a
	// channel, a write to a closed pipe fails with EPIPE instead (the runner then closes the
	// program's output, so the program meets the closed pipe as it would under a shell). A
	// handled signal is reset in the program gomedic starts, unlike an ignored one.
	sigpipe := make(chan os.Signal, 1)
	signal.Notify(sigpipe, syscall.SIGPIPE)
	defer signal.Stop(sigpipe)
	r, err := gorun.Run(cmd.Context(), opts)
	if err == nil && launch == nil && path != "" && command == nil {
		// F5 may start this program with a launch configuration of its own (cwd, args, env).
		target := path
		if !filepath.IsAbs(target) {
			target = filepath.Join(wd, target)
		}
		if names := gorun.LaunchConfigsFor(io.Host, launchFolders(io, wsFacts, wd, path), workspaceFiles(wsFacts), filepath.Clean(target)); len(names) > 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("launch.json has %s for this program: the editor's Run and Debug "+
				"start it with that configuration's cwd, args and env; gomedic run --config NAME does the same",
				strings.Join(names, ", ")))
		}
	}
	var ue *gorun.UsageError
	switch {
	case errors.As(err, &ue):
		return usageError("%v", ue.Err)
	case err != nil:
		return &exitError{code: gorun.StatusRunFailed, err: err}
	}
	if o.json {
		if err := writeJSON(io, r); err != nil {
			return err
		}
	} else {
		gorun.WriteText(io.Err, r, io.Glyphs)
	}
	if r.Status != 0 {
		return &exitError{code: r.Status}
	}
	return nil
}

// dedupe drops empty and repeated entries, keeping the order.
func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// launchFolders are the folders whose .vscode/launch.json may hold the configuration: the
// workspace's folders, then the directories from the current one (and PATH's) up to the root that
// have a .vscode directory, nearest first — the editor may have any of them open.
func launchFolders(io *IO, f *facts.Facts, wd, path string) []string {
	folders := append(append([]string(nil), f.Settings().Folders...), f.Dir, wd)
	starts := []string{wd}
	if path != "" {
		p := path
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		starts = append(starts, filepath.Dir(p))
	}
	for _, d := range starts {
		for d = filepath.Clean(d); ; d = filepath.Dir(d) {
			if fi, err := io.Host.Stat(filepath.Join(d, ".vscode")); err == nil && fi.IsDir() {
				folders = append(folders, d)
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return dedupe(folders)
}

// workspaceFiles are the .code-workspace files the editor settings were read from: their "launch"
// sections hold launch configurations too.
func workspaceFiles(f *facts.Facts) []string {
	var out []string
	for _, sf := range f.Settings().Files {
		if strings.HasSuffix(sf.Path, ".code-workspace") && sf.Err == nil {
			out = append(out, sf.Path)
		}
	}
	return dedupe(out)
}
