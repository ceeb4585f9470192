package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gomedic/gomedic/internal/checks"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/toolstore"
)

type checkOptions struct {
	json, markdown bool
	offline, deep  bool
	layers         []string
	only, skip     []string
	verbose        bool
	strict         bool
	noCache        bool
	timeout        time.Duration
	editor         string
}

func newCheckCmd(io *IO) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [dir]",
		Short: "Run the checks on this machine and the workspace dir (default .)",
		Long: `Run the checks on this machine and the workspace dir (default .), layer by layer:
go, env, net, tools. Problems are listed first, root causes before the checks they block,
each with what is wrong, what the user will see, and the exact fix.

Exit status: 0 when no check failed, 1 when one failed (or warned, with --strict),
2 for a usage error, 3 when gomedic itself failed or a check could not run.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runCheck(cmd, io, o, dir)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.json, "json", false, "print the JSON report (docs/json.md)")
	fl.BoolVar(&o.markdown, "markdown", false, "print a Markdown report")
	fl.BoolVar(&o.offline, "offline", false, "do not reach the network (skips the net layer and update checks)")
	fl.BoolVar(&o.deep, "deep", false, "also run the live probes (a gopls and a dlv session)")
	fl.StringSliceVar(&o.layers, "layer", nil, "run only the checks of these layers (go, env, net, tools, editor, workspace)")
	fl.StringArrayVar(&o.only, "only", nil, "run only checks with this id; a trailing * matches a prefix (repeatable)")
	fl.StringArrayVar(&o.skip, "skip", nil, "do not run checks with this id; a trailing * matches a prefix (repeatable)")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "show evidence (commands run and what they printed) and skipped checks")
	fl.BoolVar(&o.strict, "strict", false, "exit 1 on warnings too")
	fl.BoolVar(&o.noCache, "no-cache", false, "run every tool's version command, the shells and the workspace's go list now, rather than reuse an answer nothing has changed since (and give the --deep gopls session an empty cache)")
	fl.DurationVar(&o.timeout, "timeout", 5*time.Second, "how long any one command gomedic runs may take")
	editorFlag(fl, &o.editor)
	return cmd
}

func (o *checkOptions) doctorOptions(cat *doctor.Catalog) (doctor.Options, error) {
	opts := doctor.Options{Only: o.only, Skip: o.skip, Offline: o.offline, Deep: o.deep}
	if o.json && o.markdown {
		return opts, usageError("--json and --markdown cannot be used together")
	}
	if o.timeout <= 0 {
		return opts, usageError("--timeout must be positive")
	}
	for _, l := range o.layers {
		layer, err := finding.ParseLayer(strings.TrimSpace(l))
		if err != nil {
			return opts, usageError("%v", err)
		}
		opts.Layers = append(opts.Layers, layer)
	}
	if err := cat.ValidatePatterns(append(append([]string(nil), o.only...), o.skip...)); err != nil {
		return opts, usageError("%v", err)
	}
	// A check may run a few commands in turn; past this it is reported as error.
	opts.CheckTimeout = 3*o.timeout + 5*time.Second
	return opts, nil
}

func runCheck(cmd *cobra.Command, io *IO, o *checkOptions, dir string) error {
	// Every limit below derives from the timeout: the facts' commands, each check's own limit and
	// the --deep sessions' budgets. A test harness stretches them all at once here.
	o.timeout = host.ScaleTimeout(io.Env, o.timeout)
	cat := checks.Catalog()
	opts, err := o.doctorOptions(cat)
	if err != nil {
		return err
	}
	abs, err := workspaceDir(dir)
	if err != nil {
		return usageError("%v", err)
	}
	f := o.newFacts(cmd.Context(), io, io.Host, abs)
	defer f.Close() // the scratch space of the tools the checks ran
	if err := checkEditor(f); err != nil {
		return err
	}
	r, _ := checkReport(cmd, io, f, cat, opts)

	switch {
	case o.json:
		err = report.JSON(io.Out, r)
	case o.markdown:
		err = report.Markdown(io.Out, r)
	default:
		err = report.Text(io.Out, r, report.TextOptions{Color: io.Color, Glyphs: io.Glyphs, Verbose: o.verbose, Home: io.Host.HomeDir(), Width: io.Width, FixCommand: fixCommand(dir)})
	}
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the report: %w", err)}
	}
	return exitFor(r.Summary, o.strict)
}

// fixCommand is the command that applies check's fixes to the same workspace, for the first
// screen's last line.
func fixCommand(dir string) string {
	if dir == "." {
		return "gomedic fix"
	}
	return "gomedic fix " + shell.Quote(dir)
}

// newFacts starts the facts of a run of the checks through h (io.Host, or one with another
// environment for fix's re-checks) on the workspace abs, as the flags ask.
func (o *checkOptions) newFacts(ctx context.Context, io *IO, h host.Host, abs string) *facts.Facts {
	f := facts.New(ctx, h, abs, o.timeout)
	f.Offline = o.offline
	f.CacheDir = cacheDir(io)
	f.NoCache = o.noCache
	f.DataHome = toolstore.DefaultHome(io.Env.Get, io.Host.OS(), io.Host.HomeDir())
	f.Editor = o.editor
	return f
}

// editorFlag adds --editor, which names the editor whose settings are judged.
func editorFlag(fl *pflag.FlagSet, editor *string) {
	fl.StringVar(editor, "editor", "", "judge the settings of this editor (Code, Cursor, VSCodium, ...; default: the first found with the Go extension): each editor has its own user settings")
}

// checkEditor is the usage error for an --editor that names no editor found on the machine.
func checkEditor(f *facts.Facts) error {
	if f.Editor == "" {
		return nil
	}
	s := f.Settings()
	if s.EditorNamed {
		return nil
	}
	var found []string
	for _, e := range s.Editors {
		found = append(found, e.Name)
	}
	if len(found) == 0 {
		return usageError("--editor %s: no VS Code-family editor found here", f.Editor)
	}
	return usageError("--editor %s: no such editor found here (found: %s)", f.Editor, strings.Join(found, ", "))
}

// checkReport runs the checks of cat over f and makes their report; the findings are returned
// as they are too, unredacted, for a command that builds more on them.
func checkReport(cmd *cobra.Command, io *IO, f *facts.Facts, cat *doctor.Catalog, opts doctor.Options) (*report.Report, []finding.Finding) {
	start := time.Now()
	findings := doctor.Run(cmd.Context(), cat, f, opts)
	goBin, _ := f.GoBin()
	r := report.New(
		report.Gomedic{Version: Version, GoVersion: runtime.Version()},
		report.Host{OS: io.Host.OS(), Arch: io.Host.Arch(), Translated: io.Host.Translated(), GoVersion: f.GoVar("GOVERSION"), GoBin: goBin, Shell: f.Shell().Name},
		f.Dir, findings, time.Since(start).Milliseconds())
	return r, findings
}

// exitFor maps a summary to the exit status.
func exitFor(s report.Summary, strict bool) error {
	switch {
	case s.Fail > 0:
		return &exitError{code: ExitProblems}
	case s.Error > 0:
		return &exitError{code: ExitInternal}
	case strict && s.Warn > 0:
		return &exitError{code: ExitProblems}
	}
	return nil
}

func workspaceDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("workspace %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("workspace %s is not a directory", dir)
	}
	return abs, nil
}

// cacheDir is gomedic's cache directory: $GOMEDIC_CACHE, else the OS user cache directory +
// /gomedic; "" when none can be found.
func cacheDir(io *IO) string {
	e := io.Env
	if d := e.Get("GOMEDIC_CACHE"); d != "" {
		return d
	}
	home := io.Host.HomeDir()
	switch io.Host.OS() {
	case "windows":
		if d := e.Get("LocalAppData"); d != "" {
			return filepath.Join(d, "gomedic", "cache")
		}
		return ""
	case "darwin":
		if home != "" {
			return filepath.Join(home, "Library", "Caches", "gomedic")
		}
		return ""
	}
	if d := e.Get("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gomedic")
	}
	if home != "" {
		return filepath.Join(home, ".cache", "gomedic")
	}
	return ""
}
