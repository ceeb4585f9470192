package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

// linkLabels are the chain's links as the picture names them.
var linkLabels = map[string]string{
	"editor": "editor", "settings": "extension settings", "tools": "tools", "go": "go command",
	"env": "Go environment", "network": "network", "workspace": "workspace",
}

// BugMarkdown writes d as Markdown for an issue: whether it is anonymised, the verdict, the chain
// as a Mermaid flowchart, the facts, then every finding with its evidence collapsed.
func BugMarkdown(w io.Writer, d *BugReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## gomedic %s report\n\n", d.Gomedic.Version)
	bugBody(&b, d)
	_, err := io.WriteString(w, b.String())
	return err
}

// bugBody writes every section of the report after its title.
func bugBody(b *strings.Builder, d *BugReport) {
	shareNotice(b, d)
	verdictMarkdown(b, d)
	b.WriteString("### The chain\n\n```mermaid\n" + Mermaid(d.Chain) + "```\n\n")
	machineMarkdown(b, d)
	gosMarkdown(b, d)
	goEnvMarkdown(b, d)
	if d.Settings != nil {
		editorsMarkdown(b, d.Settings.Editors, d.Settings.Editor)
		filesMarkdown(b, d.Settings.Files)
		settingsMarkdown(b, d.Settings.Views())
		toolsMarkdown(b, d.Settings.Tools)
	}
	builtToolsMarkdown(b, d.BugReport.Tools)
	layoutMarkdown(b, d.Layout)
	deepMarkdown(b, d)
	logMarkdown(b, d.EditorLog)
	b.WriteString("\n### Findings\n\n")
	markdownFindings(b, d.Report)
}

// shareNotice says whether the report was anonymised, and what --share rewrote.
func shareNotice(b *strings.Builder, d *BugReport) {
	if !d.Anonymised {
		b.WriteString("> **Not anonymised.** Paths, the user and host names and private module hosts are shown as they are on this machine (credentials are redacted). Run `gomedic report --share` for a copy to post publicly.\n\n")
		return
	}
	b.WriteString("> **Anonymised with `--share`**, by allow-list: only public hosts and module paths, ids, versions and setting, file and check names pass as they are; credentials, the home and workspace directories, the user and host names, private module paths and every other host are rewritten. Rewritten: " + rewrittenText(d.Rewritten) + ". Review it before posting.\n\n")
}

// rewrittenText is the counts of what --share rewrote, by kind, in a stable order.
func rewrittenText(counts map[string]int) string {
	var kinds []string
	for k, n := range counts {
		if n > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return "nothing"
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d × %s", counts[k], k)
	}
	return strings.Join(parts, ", ")
}

func verdictMarkdown(b *strings.Builder, d *BugReport) {
	b.WriteString("### Verdict\n\n")
	if len(d.Verdict) == 0 {
		b.WriteString("No check failed or warned.\n\n")
		return
	}
	for _, rc := range d.Verdict {
		fmt.Fprintf(b, "- **%s** `%s`: %s", strings.ToUpper(rc.Status), rc.ID, mdEscape(rc.Title))
		if len(rc.Blocks) > 0 {
			fmt.Fprintf(b, " — blocks %s", codeList(rc.Blocks))
		}
		if rc.Fix != "" {
			fmt.Fprintf(b, " — fix: %s", mdCode(rc.Fix))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func codeList(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = mdCode(id)
	}
	return strings.Join(out, ", ")
}

// Mermaid is the chain as a Mermaid flowchart: one node per link, coloured by its worst status,
// the link of the first root cause drawn thick and named so.
func Mermaid(chain []result.ChainLink) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for i, l := range chain {
		label := linkLabels[l.Name] + ": " + l.Status
		if l.Root {
			label += " (root cause)"
		}
		fmt.Fprintf(&b, "  n_%s[\"%s\"]\n", l.Name, label)
		if i > 0 {
			fmt.Fprintf(&b, "  n_%s --> n_%s\n", chain[i-1].Name, l.Name)
		}
	}
	for _, s := range finding.Statuses {
		fmt.Fprintf(&b, "  classDef %s %s\n", s, mermaidStyles[s])
	}
	for _, l := range chain {
		fmt.Fprintf(&b, "  class n_%s %s\n", l.Name, finding.Status(l.Status))
		if l.Root {
			fmt.Fprintf(&b, "  style n_%s stroke-width:4px\n", l.Name)
		}
	}
	return b.String()
}

var mermaidStyles = map[finding.Status]string{
	finding.Fail:  "fill:#f8d7da,stroke:#b00020,color:#000",
	finding.Error: "fill:#ead7f8,stroke:#6a1b9a,color:#000",
	finding.Warn:  "fill:#fff3cd,stroke:#b58100,color:#000",
	finding.Info:  "fill:#d9f1f7,stroke:#0277bd,color:#000",
	finding.OK:    "fill:#d4edda,stroke:#2e7d32,color:#000",
	finding.Skip:  "fill:#eeeeee,stroke:#9e9e9e,color:#000",
}

func machineMarkdown(b *strings.Builder, d *BugReport) {
	m := d.Machine
	b.WriteString("### Machine\n\n")
	fmt.Fprintf(b, "- OS/arch: %s/%s", m.OS, m.Arch)
	if m.Translated {
		b.WriteString(" (gomedic runs translated: Rosetta 2 or an emulator)")
	}
	b.WriteString("\n")
	if m.WSL != "" {
		fmt.Fprintf(b, "- WSL: %s\n", mdEscape(m.WSL))
	}
	if m.Remote != "" {
		fmt.Fprintf(b, "- remote: %s\n", mdEscape(m.Remote))
	}
	if m.Shell != "" {
		fmt.Fprintf(b, "- shell: %s\n", mdEscape(m.Shell))
	}
	fmt.Fprintf(b, "- gomedic: %s (built with %s)\n- workspace: %s\n", d.Gomedic.Version, d.Gomedic.GoVersion, mdCode(d.Workspace))
	for _, p := range d.Paths {
		fmt.Fprintf(b, "- %s %s: %s\n", mdEscape(p.What), mdCode(p.Path), strings.Join(pathTraits(p), ", "))
	}
	b.WriteString("\n")
}

// pathTraits is what a path tells besides its text, in words.
func pathTraits(p result.PathFact) []string {
	var out []string
	if p.Space {
		out = append(out, "contains a space")
	}
	if p.NonASCII {
		out = append(out, "contains non-ASCII characters")
	}
	if p.Symlink {
		out = append(out, "is or goes through a symbolic link")
	}
	if p.Network != "" {
		out = append(out, "is on a network mount ("+p.Network+")")
	}
	return out
}
