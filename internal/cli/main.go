// Package cli is gomedic's command line: one file per command, flags and wiring only. The whole
// program is Main, which takes its context, arguments, environment and streams, so every behaviour
// can be tested in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
)

// Version is gomedic's release.
const Version = "0.1.0"

// Exit codes (documented in the README and docs/json.md).
const (
	ExitOK       = 0 // no check failed
	ExitProblems = 1 // at least one check failed (or warned, with --strict)
	ExitUsage    = 2 // the command line was wrong
	ExitInternal = 3 // gomedic itself failed, or a check could not run
)

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error // printed when not nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// IO is where a command reads and writes, and what the terminal can show.
type IO struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Env    *host.Env
	Host   host.Host
	IsTTY  bool // stdout is a terminal
	Color  bool // colour is wanted (a terminal, NO_COLOR unset, TERM not dumb)
	Glyphs bool // Unicode glyphs (a terminal)
	Width  int  // the terminal's width (COLUMNS when stdout is not a terminal), 0 when unknown
}

func newIO(env []string, stdin io.Reader, stdout, stderr io.Writer) *IO {
	h := host.NewReal(env)
	e := h.Env()
	tty, width := false, 0
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		tty = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			width = min(w, 120)
		}
	}
	if !tty {
		width = columns(e.Get("COLUMNS"))
	}
	_, noColor := e.Lookup("NO_COLOR")
	return &IO{
		In: stdin, Out: stdout, Err: stderr, Env: e, Host: h,
		IsTTY:  tty,
		Color:  tty && !noColor && e.Get("TERM") != "dumb",
		Glyphs: tty,
		Width:  width,
	}
}

// columns is the width COLUMNS asks for when stdout is not a terminal (a pager, a script that
// captures the first screen), as ls and Python's get_terminal_size read it; 0 when it is unset
// or not a number of columns.
func columns(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 20 {
		return 0
	}
	return min(n, 120)
}

// Main runs gomedic with args (without the program name) and returns its exit code. It owns
// the process's signals and descendants: SIGINT and SIGTERM end ctx, so that every command
// gomedic runs is killed with its process group and every command finishes its cleanup (a
// second signal ends gomedic at once); and where the system allows, gomedic adopts what its
// commands leave running (a setsid child, a daemon) and kills it before it returns, so that
// nothing it started outlives it.
func Main(ctx context.Context, args, env []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // the first signal ends ctx; the next one takes its default action
	}()
	sweep, _ := host.AdoptOrphans() // where it cannot, process groups are all there is
	defer sweep()
	return run(ctx, newIO(env, stdin, stdout, stderr), args)
}

func run(ctx context.Context, io *IO, args []string) int {
	root := newRoot(io)
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(io.Err, "gomedic: "+redact.Text(ee.err.Error()))
		}
		return ee.code
	}
	// Errors cobra returns itself are about the command line.
	fmt.Fprintln(io.Err, "gomedic: "+redact.Text(err.Error()))
	if isUsage(err) {
		fmt.Fprintln(io.Err, "Run 'gomedic --help' for usage.")
		return ExitUsage
	}
	return ExitInternal
}

func isUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "unknown shorthand", "flag needs an argument", "invalid argument", "accepts ", "requires ", "arg(s)"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func newRoot(io *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "gomedic",
		Short: "A doctor for Go development environments",
		Long: `gomedic walks the chain a Go editor depends on — the go command, the Go environment,
module access, the editor tools — names the first broken link, shows its evidence and gives
the exact fix.`,
		Version:       Version + " (" + runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH + ")",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError("%v", err) })
	root.AddCommand(newCheckCmd(io), newChecksCmd(io), newToolsCmd(io))
	root.AddCommand(newSettingsCmd(io))
	root.AddCommand(newRunCmd(io))
	root.AddCommand(newReportCmd(io))
	root.AddCommand(newFixCmd(io))
	root.AddCommand(newWatchCmd(io))
	return root
}
