package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/text"
)

// TextOptions shape the text report.
type TextOptions struct {
	Color   bool // ANSI colour
	Glyphs  bool // ✗ ! ✓ rather than FAIL WARN ok
	Verbose bool // evidence, and every skipped check
	Home    string
	// Width wraps details and fix summaries to this many columns (a terminal's width); 0 keeps
	// lines as they are (for pipes and files).
	Width int
	// FixCommand is the command that applies the fixes ("gomedic fix"), which the first screen's
	// last line names when a problem has a fix it can apply; "" leaves it out.
	FixCommand string
}

// style is how a status is shown.
type style struct {
	glyph, word, color string
}

var styles = map[finding.Status]style{
	finding.Fail:  {"✗", "FAIL ", "\x1b[31m"},
	finding.Error: {"E", "ERROR", "\x1b[35m"},
	finding.Warn:  {"!", "WARN ", "\x1b[33m"},
	finding.Info:  {"i", "info ", "\x1b[36m"},
	finding.OK:    {"✓", "ok   ", "\x1b[32m"},
	finding.Skip:  {"-", "skip ", "\x1b[2m"},
}

const (
	reset = "\x1b[0m"
	dim   = "\x1b[2m"
	bold  = "\x1b[1m"
)

// Text writes r as a report for people: a header, the findings root causes first, and a closing
// summary line. Without Verbose it is the first screen (screen.go): one line per problem and one
// for its fix, then what to run next; with Verbose every finding with its detail, full fix and
// evidence.
func Text(w io.Writer, r *Report, o TextOptions) error {
	p := &printer{w: w, o: o}
	header := []string{"gomedic " + r.Gomedic.Version, r.Host.OS + "/" + r.Host.Arch}
	if r.Host.GoVersion != "" {
		header = append(header, r.Host.GoVersion)
	}
	header = append(header, text.Tilde(r.Workspace, o.Home))
	sep := " · "
	if !o.Glyphs {
		sep = " | "
	}
	p.line(p.paint(bold, printable(strings.Join(header, sep))))
	p.line("")
	if o.Verbose {
		for _, f := range r.Findings {
			p.finding(f)
		}
	} else {
		p.screen(r)
	}
	if len(r.Findings) > 0 {
		p.line("")
	}
	p.line(summaryLine(r, o))
	if next := nextLine(r, o); next != "" && !o.Verbose {
		p.line(next)
	}
	return p.err
}

type printer struct {
	w   io.Writer
	o   TextOptions
	err error
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, s)
	}
}

// linef writes a line of plain text (no colour), its control characters shown, not acted on.
func (p *printer) linef(format string, args ...any) {
	p.line(printable(fmt.Sprintf(format, args...)))
}

// lines writes each line of s after prefix as linef does; nothing when s is empty.
func (p *printer) lines(prefix, s string) {
	if s == "" {
		return
	}
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		p.linef("%s%s", prefix, l)
	}
}

// printable shows the control characters of s, which come from the output of other programs,
// instead of letting them act on the terminal: ESC as ^[, as cat -v does. Carriage returns are
// dropped (Windows programs end lines with CR LF); tabs and newlines stay.
func printable(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
		case isControl(r):
			b.WriteByte('^')
			b.WriteByte(byte(r) ^ 0x40)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool { return (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f }

func (p *printer) paint(color, s string) string {
	if !p.o.Color || s == "" {
		return s
	}
	return color + s + reset
}

const indent = "          "

func (p *printer) finding(f finding.Finding) {
	st := styles[f.Status]
	mark := st.word
	if p.o.Glyphs {
		mark = st.glyph + " "
	}
	title := printable(f.Title)
	if f.Status.Problem() || p.o.Verbose {
		title += "  " + p.paint(dim, "["+f.ID+"]")
	}
	p.line(fmt.Sprintf("%s %-6s %s", p.paint(st.color, mark), f.Layer, title))
	if !f.Status.Problem() && !p.o.Verbose {
		return
	}
	if f.Detail != "" && (f.Status != finding.OK || p.o.Verbose) {
		p.block(p.wrap(printable(f.Detail), len(indent), 0), indent)
	}
	if f.Fix != nil && f.Status != finding.OK {
		p.block(p.paint(bold, "fix: ")+p.wrap(printable(f.Fix.Summary), len(indent), len("fix: ")), indent)
		for _, c := range f.Fix.Commands {
			p.line(indent + "  " + printable(c))
		}
		if f.Fix.Docs != "" {
			p.line(indent + p.paint(dim, "docs: "+f.Fix.Docs))
		}
	}
	if p.o.Verbose {
		for _, e := range f.Evidence {
			p.evidence(e)
		}
	}
}

func (p *printer) evidence(e finding.Evidence) {
	head := ""
	switch {
	case e.Command != "":
		head = "$ " + printable(e.Command)
		if e.ExitCode != nil && *e.ExitCode != 0 {
			head += fmt.Sprintf("   (exit %d)", *e.ExitCode)
		}
		if e.DurationMS > 0 {
			head += fmt.Sprintf("   (%d ms)", e.DurationMS)
		}
	case e.File != "":
		head = "file " + printable(e.File)
	}
	if head != "" {
		p.line(indent + p.paint(dim, head))
	}
	if e.Output != "" {
		p.block(p.paint(dim, printable(e.Output)), indent+"  ")
	}
}

// wrap breaks each line of s at spaces so that, after an indent of margin columns, it fits
// Width; the first line starts first columns further right. A line's own leading spaces (a list)
// indent its continuation lines too. Words longer than the width are not broken.
func (p *printer) wrap(s string, margin, first int) string {
	if p.o.Width <= 0 {
		return s
	}
	width := max(p.o.Width-margin, 40)
	var out []string
	for i, line := range strings.Split(s, "\n") {
		lead := line[:len(line)-len(strings.TrimLeft(line, " "))]
		used := len([]rune(lead))
		if i == 0 {
			used += first
		}
		cur := lead
		for j, word := range strings.Fields(line) {
			n := len([]rune(word))
			if j > 0 && used+1+n > width {
				out = append(out, cur)
				cur, used = lead+word, len([]rune(lead))+n
				continue
			}
			if j > 0 {
				cur += " "
				used++
			}
			cur += word
			used += n
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}

// block writes s with every line indented.
func (p *printer) block(s, prefix string) {
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		p.line(prefix + l)
	}
}

func summaryLine(r *Report, o TextOptions) string {
	s := r.Summary
	var parts []string
	add := func(n int, one, many string) {
		if n == 0 {
			return
		}
		word := many
		if n == 1 {
			word = one
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, word))
	}
	add(s.Fail, "failed", "failed")
	add(s.Error, "error (a check could not run)", "errors (checks could not run)")
	add(s.Warn, "warning", "warnings")
	add(s.OK, "ok", "ok")
	add(s.Info, "info", "info")
	if s.Skip > 0 {
		skip := fmt.Sprintf("%d skipped", s.Skip)
		switch {
		case s.Blocked > 0 && o.Verbose:
			skip += fmt.Sprintf(" (%d blocked by a failure above)", s.Blocked)
		case s.Blocked > 0:
			skip += fmt.Sprintf(" (%d blocked)", s.Blocked) // each problem line says what it blocks
		}
		if !o.Verbose {
			skip += ", -v lists them"
		}
		parts = append(parts, skip)
	}
	parts = append(parts, fmt.Sprintf("%.1f s", float64(r.DurationMS)/1000))
	sep := " · "
	if !o.Glyphs {
		sep = ", "
	}
	return strings.Join(parts, sep)
}
