package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
)

// Markdown writes r as Markdown, for pasting into an issue: a summary table of problems, then each
// problem with its detail, fix and evidence, then the checks that passed.
func Markdown(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## gomedic %s report\n\n", r.Gomedic.Version)
	fmt.Fprintf(&b, "- host: %s/%s\n- go: %s\n- workspace: `%s`\n\n", r.Host.OS, r.Host.Arch, orNone(r.Host.GoVersion), r.Workspace)
	markdownFindings(&b, r)
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownFindings writes the summary line, each problem with its detail, fix and evidence (in
// <details>), then a table of the checks that passed.
func markdownFindings(b *strings.Builder, r *Report) {
	s := r.Summary
	fmt.Fprintf(b, "**%d failed, %d errors, %d warnings, %d ok, %d info, %d skipped**\n\n", s.Fail, s.Error, s.Warn, s.OK, s.Info, s.Skip)
	var ok []finding.Finding
	for _, f := range r.Findings {
		if !f.Status.Problem() {
			ok = append(ok, f)
			continue
		}
		fmt.Fprintf(b, "### %s `%s`: %s\n\n", strings.ToUpper(string(f.Status)), f.ID, mdEscape(f.Title))
		if f.Detail != "" {
			fmt.Fprintf(b, "%s\n\n", f.Detail)
		}
		if f.Fix != nil {
			fmt.Fprintf(b, "**Fix:** %s\n\n", f.Fix.Summary)
			if len(f.Fix.Commands) > 0 {
				cmds := strings.Join(f.Fix.Commands, "\n")
				fence := fenceFor(cmds)
				fmt.Fprintf(b, "%ssh\n%s\n%s\n\n", fence, cmds, fence)
			}
		}
		for _, e := range f.Evidence {
			writeEvidence(b, e)
		}
	}
	if len(ok) > 0 {
		b.WriteString("### Other checks\n\n| status | id | result |\n|---|---|---|\n")
		for _, f := range ok {
			fmt.Fprintf(b, "| %s | `%s` | %s |\n", f.Status, f.ID, mdCell(f.Title))
		}
		b.WriteString("\n")
	}
}

// fenceFor is a code fence that s cannot close: longer than any run of backticks in it.
func fenceFor(s string) string {
	fence := "```"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence
}

func writeEvidence(b *strings.Builder, e finding.Evidence) {
	fence := fenceFor(e.Output)
	switch {
	case e.Command != "":
		exit := ""
		if e.ExitCode != nil && *e.ExitCode != 0 {
			exit = fmt.Sprintf(" (exit %d)", *e.ExitCode)
		}
		fmt.Fprintf(b, "<details><summary><code>%s</code>%s</summary>\n\n%s\n%s\n%s\n\n</details>\n\n", htmlEscape(e.Command), exit, fence, e.Output, fence)
	case e.File != "":
		fmt.Fprintf(b, "<details><summary>%s</summary>\n\n%s\n%s\n%s\n\n</details>\n\n", htmlEscape(e.File), fence, e.Output, fence)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// mdEscape makes s plain text on one line of Markdown: the characters that would start code,
// emphasis or an HTML tag are escaped, and line breaks become spaces.
func mdEscape(s string) string {
	return strings.NewReplacer("\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "<", "\\<", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func mdCell(s string) string { return strings.ReplaceAll(mdEscape(s), "|", "\\|") }

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
