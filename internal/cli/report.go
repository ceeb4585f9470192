package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/bugreport"
	"github.com/gomedic/gomedic/internal/checks"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/settings"
)

type reportOptions struct {
	share   bool
	forProj string
	deep    bool
	output  string
	json    bool
	open    bool
	offline bool
	timeout time.Duration
	editor  string
}

func newReportCmd(io *IO) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report [dir]",
		Short: "Write one document for a bug report: verdict, facts, settings, tools, the chain drawn",
		Long: `Write one document to attach to a bug report about the workspace dir (default .): gomedic's
verdict first (the root causes and what they block), the chain from the editor to the workspace
as a Mermaid flowchart, then the machine, every Go found, the Go variables with their sources,
the editors and the Go extension, the settings in effect with file:line, every tool's build info,
the workspace's shape, the live probes (--deep) and the editor's recent gopls errors, and every
finding with its evidence. Credentials are always redacted; --share also anonymises by
allow-list (home, user and host names, private module paths and hosts become placeholders).

The report is Markdown (--json: the gomedic.report/v1 document) on stdout, or in the -o file with
a short summary on stdout. --for shapes it to a project's issue template and prints the new-issue
URL, prefilled with as much as a URL carries; --open opens that URL. Nothing is sent anywhere.

The exit status is 0 when the report was written, whatever it says.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runReport(cmd, io, o, dir)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.share, "share", false, "anonymise by allow-list, for posting publicly")
	fl.StringVar(&o.forProj, "for", "", "shape the report to the issue template of vscode-go, gopls, delve or go, and print the new-issue URL")
	fl.BoolVar(&o.deep, "deep", false, "also run the live probes (a gopls and a dlv session)")
	fl.StringVarP(&o.output, "output", "o", "", "write the report to this file and a summary to stdout")
	fl.BoolVar(&o.json, "json", false, "write the "+result.BugReportSchema+" JSON document (docs/json.md)")
	fl.BoolVar(&o.open, "open", false, "open the new-issue URL of --for in the browser")
	fl.BoolVar(&o.offline, "offline", false, "do not reach the network (skips the net layer and update checks)")
	fl.DurationVar(&o.timeout, "timeout", 5*time.Second, "how long any one command gomedic runs may take")
	editorFlag(fl, &o.editor)
	return cmd
}

func (o *reportOptions) validate() error {
	if o.timeout <= 0 {
		return usageError("--timeout must be positive")
	}
	if o.forProj != "" && report.TemplateFor(o.forProj) == nil {
		return usageError("--for %q: the projects are %s", o.forProj, report.TemplateNames())
	}
	if o.open && o.forProj == "" {
		return usageError("--open opens the new-issue URL of --for: add --for vscode-go, gopls, delve or go")
	}
	if o.json && o.forProj != "" {
		return usageError("--for shapes the Markdown report: drop --json")
	}
	return nil
}

func runReport(cmd *cobra.Command, io *IO, o *reportOptions, dir string) error {
	if err := o.validate(); err != nil {
		return err
	}
	abs, err := workspaceDir(dir)
	if err != nil {
		return usageError("%v", err)
	}
	co := &checkOptions{offline: o.offline, deep: o.deep, timeout: host.ScaleTimeout(io.Env, o.timeout), editor: o.editor}
	cat := checks.Catalog()
	opts, err := co.doctorOptions(cat)
	if err != nil {
		return err
	}
	f := co.newFacts(cmd.Context(), io, io.Host, abs)
	defer f.Close()
	if err := checkEditor(f); err != nil {
		return err
	}
	r, findings := checkReport(cmd, io, f, cat, opts)
	sections := bugreport.Build(f, findings, settings.Build(f), o.deep)
	sections.For = o.forProj
	doc := report.NewBugReport(r, sections)
	if o.share {
		doc = report.Share(doc, identity(io, f))
	}
	return o.write(cmd, io, doc)
}

// identity is who and where the user is, and what is private, for --share.
func identity(io *IO, f *facts.Facts) report.Identity {
	id := report.Identity{Home: io.Host.HomeDir(), Workspace: f.Dir}
	if real, err := io.Host.EvalSymlinks(id.Home); err == nil && real != id.Home {
		id.HomeReal = real
	}
	for _, name := range []string{"USER", "LOGNAME", "USERNAME"} {
		if v := io.Env.Get(name); v != "" {
			id.User = v
			break
		}
	}
	if id.User == "" && id.Home != "" {
		id.User = filepath.Base(id.Home) // /home/ana, /Users/ana, C:\Users\ana: where no variable names the user
	}
	id.Hostname, _ = os.Hostname()
	for _, name := range []string{"GOPRIVATE", "GONOPROXY", "GONOSUMDB"} {
		id.Private = append(id.Private, f.GoVar(name), io.Env.Get(name))
	}
	for _, v := range f.ToolVars() {
		switch v.Name {
		case "GOPRIVATE", "GONOPROXY", "GONOSUMDB":
			id.Private = append(id.Private, v.Value)
		}
	}
	return id
}

// write renders doc: to stdout, or to the -o file (atomically) with a summary on stdout; with
// --for, shaped to the project's template, with its new-issue URL.
func (o *reportOptions) write(cmd *cobra.Command, io *IO, doc *report.BugReport) error {
	var buf bytes.Buffer
	var err error
	url := ""
	switch {
	case o.json:
		err = report.BugJSON(&buf, doc)
	case o.forProj != "":
		t := report.TemplateFor(o.forProj)
		err = t.Markdown(&buf, doc)
		url = t.URL(doc, o.output)
	default:
		err = report.BugMarkdown(&buf, doc)
	}
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the report: %w", err)}
	}
	if o.output == "" {
		if _, err := io.Out.Write(buf.Bytes()); err != nil {
			return &exitError{code: ExitInternal, err: fmt.Errorf("writing the report: %w", err)}
		}
		if url != "" {
			fmt.Fprintf(io.Err, "new issue: %s\n", url)
		}
	} else {
		if err := atomicfile.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
			return &exitError{code: ExitInternal, err: fmt.Errorf("writing the report to %s: %w; choose another -o file", o.output, err)}
		}
		if err := report.BugText(io.Out, doc, o.output, url, report.TextOptions{Glyphs: io.Glyphs, Color: io.Color}); err != nil {
			return &exitError{code: ExitInternal, err: fmt.Errorf("writing the summary: %w", err)}
		}
	}
	if o.open {
		return openURL(cmd, io, url, o.timeout)
	}
	return nil
}

// openURL runs the platform's opener on u: open on macOS, rundll32's FileProtocolHandler on
// Windows (start would need cmd and its quoting), xdg-open elsewhere. It waits at most timeout: an
// opener hands the URL to the browser and exits.
func openURL(cmd *cobra.Command, io *IO, u string, timeout time.Duration) error {
	c := host.Cmd{Path: "xdg-open", Args: []string{u}, Timeout: host.ScaleTimeout(io.Env, timeout), OutputLimit: 4 << 10}
	switch io.Host.OS() {
	case "darwin":
		c.Path = "open"
	case "windows":
		c.Path, c.Args = "rundll32", []string{"url.dll,FileProtocolHandler", u}
	}
	res := io.Host.Run(cmd.Context(), c)
	if !res.OK() {
		return &exitError{code: ExitInternal, err: fmt.Errorf("opening the new-issue URL with %s: %s; open the URL printed above yourself", c.Path, res.Failure())}
	}
	return nil
}
