package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/install"
	"github.com/gomedic/gomedic/internal/toolstore"
)

// Schemas of the tools commands' JSON documents.
const (
	toolsListSchema    = "gomedic.tools/v1"
	toolsInstallSchema = "gomedic.tools.install/v1"
)

type toolsOptions struct {
	json         bool
	offline      bool
	jobs         int
	timeout      time.Duration
	buildTimeout time.Duration
}

func newToolsCmd(io *IO) *cobra.Command {
	o := &toolsOptions{}
	cmd := &cobra.Command{
		Use:   "tools",
		Short: "Install, update, pin, roll back and remove the editor toolset",
		Long: `Manage the editor tools (gopls, dlv, staticcheck, ...) with verified, atomic installs.

Binaries go where go install puts them (GOBIN, else the first GOPATH entry's bin), as links into
gomedic's version store (GOMEDIC_HOME, else the OS data directory), so an upgrade never leaves a
broken tool and the previous version is one rollback away.`,
	}
	cmd.PersistentFlags().DurationVar(&o.timeout, "timeout", 5*time.Second, "how long a tool's version command may run when it is verified")
	cmd.AddCommand(newToolsListCmd(io, o), newToolsInstallCmd(io, o, false), newToolsInstallCmd(io, o, true),
		newToolsPinCmd(io, o), newToolsRollbackCmd(io, o), newToolsRemoveCmd(io, o))
	return cmd
}

// toolsEnv is what every tools command needs: the facts of this machine and the store.
func toolsEnv(cmd *cobra.Command, io *IO, o *toolsOptions) (*facts.Facts, *toolstore.Store, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, nil, fmt.Errorf("finding the current directory: %w", err)
	}
	f := facts.New(cmd.Context(), io.Host, wd, host.ScaleTimeout(io.Env, o.timeout))
	f.CacheDir = cacheDir(io)
	home := toolstore.DefaultHome(io.Env.Get, io.Host.OS(), io.Host.HomeDir())
	if home == "" {
		return nil, nil, fmt.Errorf("finding gomedic's data directory: set GOMEDIC_HOME")
	}
	st, err := toolstore.Open(home)
	if err != nil {
		return nil, nil, fmt.Errorf("opening the tool store: %w", err)
	}
	return f, st, nil
}

// newInstaller opens the store and returns an installer that reports its progress to *p (set
// before anything is installed).
func newInstaller(cmd *cobra.Command, io *IO, o *toolsOptions, p *progress) (*install.Installer, *facts.Facts, error) {
	f, st, err := toolsEnv(cmd, io, o)
	if err != nil {
		return nil, nil, &exitError{code: ExitInternal, err: err}
	}
	events := func(e install.Event) { (*p).event(e) }
	in := install.New(install.Options{Facts: f, Store: st, Jobs: o.jobs, BuildTimeout: host.ScaleTimeout(io.Env, o.buildTimeout), ProbeTimeout: f.Timeout, Events: events})
	return in, f, nil
}

// quiet is a progress that shows nothing, for the commands that do not install.
var quiet progress = quietProgress{}

// parseTargets turns TOOL[@VERSION] arguments into install requests: table tools, package paths
// and the names of tools gomedic manages.
func parseTargets(in *install.Installer, args []string) ([]install.Request, error) {
	var reqs []install.Request
	seen := map[string]bool{}
	for _, a := range args {
		t, q, err := in.Target(a)
		if err != nil {
			return nil, usageError("%v", err)
		}
		if seen[t.Name] {
			return nil, usageError("%s is named twice", t.Name)
		}
		seen[t.Name] = true
		reqs = append(reqs, install.Request{Target: t, Query: q})
	}
	return reqs, nil
}

func newToolsInstallCmd(io *IO, o *toolsOptions, update bool) *cobra.Command {
	use, short := "install [TOOL[@VERSION]...]", "Install tools (default: the required and recommended set); an active, current version is left alone"
	if update {
		use, short = "update [TOOL...]", "Install the newest version of tools (default: every managed tool), keeping pins"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.jobs < 1 {
				return usageError("-j must be at least 1")
			}
			var p progress = quietProgress{}
			in, _, err := newInstaller(cmd, io, o, &p)
			if err != nil {
				return err
			}
			reqs, err := parseTargets(in, args)
			if err != nil {
				return err
			}
			if update {
				for _, r := range reqs {
					if r.Query != "" {
						return usageError("update takes tool names without versions (%s@%s): use install, or pin", r.Target.Name, r.Query)
					}
				}
			} else if len(reqs) == 0 {
				reqs = install.DefaultSet()
			}
			names := make([]string, len(reqs))
			for i, r := range reqs {
				names[i] = r.Target.Name
			}
			p = newProgress(io, o.json, names)
			return runInstall(cmd, io, o, in, p, reqs, update)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON document with every tool's result ("+toolsInstallSchema+")")
	cmd.Flags().IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "how many tools to build at once")
	cmd.Flags().DurationVar(&o.buildTimeout, "build-timeout", 10*time.Minute, "how long one go install may run")
	return cmd
}

func runInstall(cmd *cobra.Command, io *IO, o *toolsOptions, in *install.Installer, p progress, reqs []install.Request, update bool) error {
	var results []install.Result
	var err error
	if update {
		results, err = in.Update(cmd.Context(), reqs)
	} else {
		results = in.Install(cmd.Context(), reqs)
	}
	p.wait()
	if err != nil {
		return &exitError{code: ExitInternal, err: err}
	}
	if o.json {
		if err := writeJSON(io, struct {
			Schema  string           `json:"schema"`
			Results []install.Result `json:"results"`
		}{toolsInstallSchema, nonNil(results)}); err != nil {
			return err
		}
	} else {
		printResults(io, results)
	}
	for _, r := range results {
		if r.Status == install.StatusFailed {
			return &exitError{code: ExitProblems}
		}
	}
	return nil
}

func nonNil(rs []install.Result) []install.Result {
	if rs == nil {
		return []install.Result{}
	}
	return rs
}

func writeJSON(io *IO, v any) error {
	enc := json.NewEncoder(io.Out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing JSON: %w", err)}
	}
	return nil
}

// printResults writes what happened to each tool, failures with their cause, the go command's own
// last lines, the fix and the log.
func printResults(io *IO, results []install.Result) {
	w := io.Out
	if len(results) == 0 {
		fmt.Fprintln(w, "no managed tools: gomedic tools install installs the editor's toolset")
		return
	}
	fmt.Fprintln(w)
	failed := 0
	for _, r := range results {
		switch r.Status {
		case install.StatusCurrent:
			fmt.Fprintf(w, "%s %s %s is current (%s)\n", mark(io, "ok"), r.Tool, r.Version, r.Path)
		case install.StatusInstalled:
			line := fmt.Sprintf("%s %s %s installed in %s", mark(io, "ok"), r.Tool, r.Version, r.Path)
			if r.Previous != "" && r.Previous != r.Version {
				line += fmt.Sprintf(" (was %s; gomedic tools rollback %s restores it)", r.Previous, r.Tool)
			}
			fmt.Fprintln(w, line)
			for _, o := range r.Overrides {
				fmt.Fprintf(w, "    note: %s\n", o)
			}
			for _, n := range r.Notes {
				fmt.Fprintf(w, "    note: %s\n", n)
			}
		case install.StatusFailed:
			failed++
			printFailure(io, r)
		}
	}
	if failed > 0 {
		fmt.Fprintf(w, "\n%d of %d tools failed to install; the versions that were active before are still active.\n", failed, len(results))
	}
}

func printFailure(io *IO, r install.Result) {
	w, fl := io.Out, r.Failure
	name := r.Tool
	if r.Version != "" {
		name += "@" + r.Version
	} else if r.Query != "" {
		name += "@" + r.Query
	}
	fmt.Fprintf(w, "%s %s: %s\n", mark(io, "fail"), name, fl.Summary)
	indent := func(s string) {
		for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	if fl.Detail != "" {
		indent(fl.Detail)
	}
	for _, o := range r.Overrides {
		fmt.Fprintf(w, "    note: %s\n", o)
	}
	if fl.Tail != "" {
		fmt.Fprintln(w, "    the go command said:")
		for _, l := range strings.Split(strings.TrimRight(fl.Tail, "\n"), "\n") {
			fmt.Fprintf(w, "      %s\n", l)
		}
	}
	if fl.Fix != nil {
		fmt.Fprintf(w, "    fix: %s\n", fl.Fix.Summary)
		for _, c := range fl.Fix.Commands {
			fmt.Fprintf(w, "      %s\n", c)
		}
	}
	if r.Log != "" {
		fmt.Fprintf(w, "    log: %s\n", r.Log)
	}
}

func mark(io *IO, status string) string {
	if io.Glyphs {
		if status == "ok" {
			return "✓"
		}
		return "✗"
	}
	if status == "ok" {
		return "ok  "
	}
	return "FAIL"
}

func newToolsListCmd(io *IO, o *toolsOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every tool of the table and every managed tool, installed or not",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, _, err := newInstaller(cmd, io, o, &quiet)
			if err != nil {
				return err
			}
			tools, err := in.List(o.offline)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			if o.json {
				return writeJSON(io, struct {
					Schema string           `json:"schema"`
					Tools  []install.Listed `json:"tools"`
				}{toolsListSchema, tools})
			}
			return printList(io, tools)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the list as JSON ("+toolsListSchema+")")
	cmd.Flags().BoolVar(&o.offline, "offline", false, "do not ask GOPROXY for the newest versions")
	return cmd
}

func printList(io *IO, tools []install.Listed) error {
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TOOL\tVERSION\tLATEST\tMANAGED\tPREVIOUS\tPATH")
	for _, t := range tools {
		version := t.Version
		if version == "" {
			version = "-"
			if t.Need != "" {
				version = "not installed (" + t.Need + ")"
			}
		}
		if t.Pinned != "" {
			version += " (pinned " + t.Pinned + ")"
		}
		managed := "no"
		if t.Managed {
			managed = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Name, version, orDash(t.Latest), managed, orDash(strings.Join(t.Previous, ", ")), orDash(t.Path))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneTarget parses the single TOOL argument of pin, rollback and remove.
func oneTarget(in *install.Installer, arg string) (install.Request, error) {
	reqs, err := parseTargets(in, []string{arg})
	if err != nil {
		return install.Request{}, err
	}
	return reqs[0], nil
}

func newToolsPinCmd(io *IO, o *toolsOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "pin TOOL@VERSION",
		Short: "Keep install and update at VERSION until unpinned (TOOL@latest unpins)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, _, err := newInstaller(cmd, io, o, &quiet)
			if err != nil {
				return err
			}
			r, err := oneTarget(in, args[0])
			if err != nil {
				return err
			}
			if r.Query == "" {
				return usageError("pin needs a version: %s@v1.2.3 (or %s@latest to unpin)", r.Target.Name, r.Target.Name)
			}
			if err := in.Pin(r.Target, r.Query); err != nil {
				return usageError("%v", err)
			}
			if r.Query == "latest" {
				fmt.Fprintf(io.Out, "%s is no longer pinned: install and update follow the newest version\n", r.Target.Name)
			} else {
				fmt.Fprintf(io.Out, "%s is pinned to %s: gomedic tools install %s installs it, and update keeps it\n", r.Target.Name, r.Query, r.Target.Name)
			}
			return nil
		},
	}
}

func newToolsRollbackCmd(io *IO, o *toolsOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "rollback TOOL",
		Short: "Activate the version of TOOL that was active before the current one",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, _, err := newInstaller(cmd, io, o, &quiet)
			if err != nil {
				return err
			}
			r, err := oneTarget(in, args[0])
			if err != nil {
				return err
			}
			from, to, err := in.Rollback(r.Target)
			if err != nil {
				return &exitError{code: ExitProblems, err: fmt.Errorf("rolling back %s: %w", r.Target.Name, err)}
			}
			was := "nothing"
			if from != nil {
				was = from.Version
			}
			fmt.Fprintf(io.Out, "%s %s is active again (was %s)\n", r.Target.Name, to.Version, was)
			return nil
		},
	}
}

func newToolsRemoveCmd(io *IO, o *toolsOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "remove TOOL",
		Short: "Remove TOOL from the tools directory and the store",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, _, err := newInstaller(cmd, io, o, &quiet)
			if err != nil {
				return err
			}
			r, err := oneTarget(in, args[0])
			if err != nil {
				return err
			}
			if err := in.Remove(r.Target); err != nil {
				return &exitError{code: ExitProblems, err: fmt.Errorf("removing %s: %w", r.Target.Name, err)}
			}
			fmt.Fprintf(io.Out, "%s removed\n", r.Target.Name)
			return nil
		},
	}
}
