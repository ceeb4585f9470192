package cli

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/install"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/toolstore"
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
// before anything is installed; nil for the commands that install nothing).
func newInstaller(cmd *cobra.Command, io *IO, o *toolsOptions, p *report.ToolsProgress) (*install.Installer, *facts.Facts, error) {
	f, st, err := toolsEnv(cmd, io, o)
	if err != nil {
		return nil, nil, &exitError{code: ExitInternal, err: err}
	}
	var events func(result.ToolEvent)
	if p != nil {
		events = func(e result.ToolEvent) { (*p).Event(e) }
	}
	in := install.New(install.Options{Facts: f, Store: st, Jobs: o.jobs, BuildTimeout: host.ScaleTimeout(io.Env, o.buildTimeout), ProbeTimeout: f.Timeout, Events: events})
	return in, f, nil
}

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
			var p report.ToolsProgress = report.QuietProgress{}
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
			p = report.NewToolsProgress(io.Out, io.IsTTY, o.json, names)
			return runInstall(cmd, io, o, in, p, reqs, update)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON document with every tool's result ("+result.ToolsInstallSchema+")")
	cmd.Flags().IntVarP(&o.jobs, "jobs", "j", runtime.NumCPU(), "how many tools to build at once")
	cmd.Flags().DurationVar(&o.buildTimeout, "build-timeout", 10*time.Minute, "how long one go install may run")
	return cmd
}

func runInstall(cmd *cobra.Command, io *IO, o *toolsOptions, in *install.Installer, p report.ToolsProgress, reqs []install.Request, update bool) error {
	var results []result.ToolResult
	var err error
	if update {
		results, err = in.Update(cmd.Context(), reqs)
	} else {
		results = in.Install(cmd.Context(), reqs)
	}
	p.Wait()
	if err != nil {
		return &exitError{code: ExitInternal, err: err}
	}
	doc := result.NewToolsInstall(results)
	if o.json {
		err = report.ToolsInstallJSON(io.Out, doc)
	} else {
		err = report.ToolsInstallText(io.Out, doc, report.ToolsOptions{Glyphs: io.Glyphs})
	}
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the results: %w", err)}
	}
	if doc.Failed() > 0 {
		return &exitError{code: ExitProblems}
	}
	return nil
}

func newToolsListCmd(io *IO, o *toolsOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every tool of the table and every managed tool, installed or not",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, _, err := newInstaller(cmd, io, o, nil)
			if err != nil {
				return err
			}
			tools, err := in.List(o.offline)
			if err != nil {
				return &exitError{code: ExitInternal, err: err}
			}
			doc := result.NewToolsList(tools)
			if o.json {
				err = report.ToolsListJSON(io.Out, doc)
			} else {
				err = report.ToolsListText(io.Out, doc)
			}
			if err != nil {
				return &exitError{code: ExitInternal, err: fmt.Errorf("writing the list: %w", err)}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the list as JSON ("+result.ToolsListSchema+")")
	cmd.Flags().BoolVar(&o.offline, "offline", false, "do not ask GOPROXY for the newest versions")
	return cmd
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
			in, _, err := newInstaller(cmd, io, o, nil)
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
			ch, err := in.Pin(r.Target, r.Query)
			if err != nil {
				return usageError("%v", err)
			}
			return writeChange(io, ch)
		},
	}
}

func newToolsRollbackCmd(io *IO, o *toolsOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "rollback TOOL",
		Short: "Activate the version of TOOL that was active before the current one",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, _, err := newInstaller(cmd, io, o, nil)
			if err != nil {
				return err
			}
			r, err := oneTarget(in, args[0])
			if err != nil {
				return err
			}
			ch, err := in.Rollback(r.Target)
			if err != nil {
				return &exitError{code: ExitProblems, err: err}
			}
			return writeChange(io, ch)
		},
	}
}

func newToolsRemoveCmd(io *IO, o *toolsOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "remove TOOL",
		Short: "Remove TOOL from the tools directory and the store",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, _, err := newInstaller(cmd, io, o, nil)
			if err != nil {
				return err
			}
			r, err := oneTarget(in, args[0])
			if err != nil {
				return err
			}
			ch, err := in.Remove(r.Target)
			if err != nil {
				return &exitError{code: ExitProblems, err: err}
			}
			return writeChange(io, ch)
		},
	}
}

// writeChange prints what pin, rollback or remove did.
func writeChange(io *IO, ch result.ToolChange) error {
	if err := report.ToolChangeText(io.Out, ch); err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the outcome: %w", err)}
	}
	return nil
}
