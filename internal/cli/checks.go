package cli

import (
	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/checks"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/watch"
)

func newChecksCmd(io *IO) *cobra.Command {
	var asJSON, asMarkdown, verbose bool
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List every check: id, layer, what it looks at, what fails it",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			cat := checks.Catalog()
			switch {
			case asJSON && asMarkdown:
				return usageError("--json and --markdown cannot be used together")
			case asJSON:
				return report.CatalogJSON(io.Out, cat.Infos())
			case asMarkdown:
				// The watch section follows the layers: `gomedic watch`'s ids (watch.*).
				return report.CatalogMarkdown(io.Out, append(cat.Infos(), watch.Infos()...), checks.Variables())
			}
			return report.CatalogText(io.Out, cat.Infos(), verbose)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the catalog as JSON")
	cmd.Flags().BoolVar(&asMarkdown, "markdown", false, "print the catalog as Markdown (docs/checks.md)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "also say what fails or warns each check")
	return cmd
}
