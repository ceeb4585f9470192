package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/settings"
)

type settingsOptions struct {
	json, markdown bool
	timeout        time.Duration
	editor         string
}

func newSettingsCmd(io *IO) *cobra.Command {
	o := &settingsOptions{}
	cmd := &cobra.Command{
		Use:   "settings [dir]",
		Short: "Show the editor settings in effect for the workspace dir (default .), where each comes from, and which binary each tool resolves to",
		Long: `Show what the Go extension for VS Code (and Cursor, VSCodium, Windsurf) sees in the workspace
dir (default .): the editors and Go extensions found, the settings files read (and any that do not
parse, with file:line:column), every go.* and gopls setting in effect with the file and line it
came from and what it overrides, and for go, gopls, dlv and the format and lint tools the binary
the extension runs and the rule that chose it. Secrets (tokens in go.toolsEnvVars, credentials
in proxy URLs) are redacted.

The exit status is 0 whatever the settings say; gomedic check judges them.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runSettings(cmd, io, o, dir)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the settings as JSON (schema "+result.SettingsSchema+", docs/json.md)")
	cmd.Flags().BoolVar(&o.markdown, "markdown", false, "print the settings as Markdown, for a bug report")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 5*time.Second, "how long go env may take")
	editorFlag(cmd.Flags(), &o.editor)
	return cmd
}

func runSettings(cmd *cobra.Command, io *IO, o *settingsOptions, dir string) error {
	if o.json && o.markdown {
		return usageError("--json and --markdown cannot be used together")
	}
	abs, err := workspaceDir(dir)
	if err != nil {
		return usageError("%v", err)
	}
	if o.timeout <= 0 {
		return usageError("--timeout must be positive")
	}
	f := facts.New(cmd.Context(), io.Host, abs, host.ScaleTimeout(io.Env, o.timeout))
	defer f.Close() // the scratch space of the tools it asked
	f.CacheDir = cacheDir(io)
	f.Editor = o.editor
	if err := checkEditor(f); err != nil {
		return err
	}
	doc := settings.Lazy(f)
	switch {
	case o.json:
		err = report.SettingsJSON(io.Out, doc)
	case o.markdown:
		err = report.SettingsMarkdown(io.Out, doc)
	default:
		err = report.SettingsText(io.Out, doc)
	}
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the settings: %w", err)}
	}
	return nil
}
