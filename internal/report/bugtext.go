package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

// ChainLine is the chain on one line: each link with its status's glyph (or word), the root
// cause's link marked.
func ChainLine(chain []result.ChainLink, glyphs bool) string {
	parts := make([]string, len(chain))
	for i, l := range chain {
		st := styles[finding.Status(l.Status)]
		mark := strings.TrimSpace(st.word)
		if glyphs {
			mark = st.glyph
		}
		parts[i] = linkLabels[l.Name] + " " + mark
		if l.Root {
			parts[i] = "[" + parts[i] + " root cause]"
		}
	}
	sep := " > "
	if glyphs {
		sep = " → "
	}
	return strings.Join(parts, sep)
}

// BugText writes the short account of a bug report for the terminal: where the document went and
// whether it is anonymised, the chain on one line, the root causes one line each with what they
// block, and the new-issue URL when there is one.
func BugText(w io.Writer, d *BugReport, file, url string, o TextOptions) error {
	var b strings.Builder
	if file != "" {
		fmt.Fprintf(&b, "gomedic report written to %s\n", file)
	}
	if d.Anonymised {
		fmt.Fprintf(&b, "anonymised (--share), rewritten: %s; review it before posting\n", rewrittenText(d.Rewritten))
	} else {
		b.WriteString("not anonymised: paths, user, host and private module names are as on this machine; --share rewrites them\n")
	}
	fmt.Fprintf(&b, "chain: %s\n", ChainLine(d.Chain, o.Glyphs))
	if len(d.Verdict) == 0 {
		b.WriteString("no check failed or warned\n")
	}
	for _, rc := range d.Verdict {
		st := styles[finding.Status(rc.Status)]
		mark := st.word
		if o.Glyphs {
			mark = st.glyph
		}
		line := fmt.Sprintf("%s %s: %s", mark, rc.ID, rc.Title)
		if n := len(rc.Blocks); n > 0 {
			line += fmt.Sprintf(" (blocks %d: %s)", n, strings.Join(rc.Blocks, ", "))
		}
		b.WriteString(printable(line) + "\n")
		if rc.Fix != "" {
			b.WriteString("    fix: " + printable(rc.Fix) + "\n")
		}
	}
	if url != "" {
		fmt.Fprintf(&b, "new issue: %s\n", url)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
