package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/text"
)

// The first screen: what `gomedic check` prints without -v. It reads like a doctor's summary —
// one line per problem, root causes first, each followed by one line of what it blocks and the
// fix; problems of one kind (the same check on several tools) folded into one line; the info
// lines; the counts; and what to run next. The details, the evidence and the full fixes are behind
// -v, Markdown and JSON.

// item is one problem line of the first screen: a finding, or several of one kind folded.
type item struct {
	first   finding.Finding   // the finding the line is about (the first of a fold)
	members []finding.Finding // every finding folded into the line (one when nothing was folded)
	blocks  int               // how many checks these findings blocked
}

// screenLines is the height of the first screen: a terminal's, which the report of up to ten
// problems must fit.
const screenLines = 40

// screen writes the problems and the info findings of r as the first screen does, and the ok
// findings too when they fit in what is left of a terminal's height (a narrow run, --only or
// --layer, or a healthy machine); otherwise the summary line counts them.
func (p *printer) screen(r *Report) {
	blocked := map[string]int{}
	var ok, info []finding.Finding
	for _, f := range r.Findings {
		switch {
		case f.Status == finding.Skip && f.BlockedBy != "":
			blocked[f.BlockedBy]++
		case f.Status == finding.OK:
			ok = append(ok, f)
		case f.Status == finding.Info:
			info = append(info, f)
		}
	}
	used := 5 // the header and its blank line, a blank line, the summary, what to run next
	for _, it := range foldProblems(r.Findings, blocked) {
		used += p.item(it)
	}
	if used+len(info)+len(ok) > screenLines {
		ok = nil
	}
	for _, f := range append(info, ok...) {
		p.line(p.clip(fmt.Sprintf("%s %-6s %s", p.mark(f.Status), f.Layer, printable(f.Title))))
	}
}

// foldProblems groups the problems of r, in report order, into lines: findings of one family
// (foldKey) with the same status share the line of the first of them.
func foldProblems(findings []finding.Finding, blocked map[string]int) []*item {
	var items []*item
	byKey := map[string]*item{}
	for _, f := range findings {
		if !f.Status.Problem() {
			continue
		}
		key := foldKey(f)
		if it, ok := byKey[key]; ok && key != "" {
			it.members = append(it.members, f)
			it.blocks += blocked[f.ID]
			continue
		}
		it := &item{first: f, members: []finding.Finding{f}, blocks: blocked[f.ID]}
		items = append(items, it)
		if key != "" {
			byKey[key] = it
		}
	}
	return items
}

// foldKey is what findings must share to be folded into one line: the same check run on several
// subjects — an id of three parts whose middle one names the subject (tools.gopls.found,
// tools.dlv.found) — and the same status. "" for a finding that is never folded.
func foldKey(f finding.Finding) string {
	parts := strings.Split(f.ID, ".")
	if len(parts) != 3 || f.Layer != finding.LayerTools {
		return ""
	}
	return parts[0] + ".*." + parts[2] + "/" + string(f.Status)
}

// mark is the status column: a glyph on a terminal, a word elsewhere, coloured when asked.
func (p *printer) mark(s finding.Status) string {
	st := styles[s]
	if p.o.Glyphs {
		return p.paint(st.color, st.glyph+" ")
	}
	return p.paint(st.color, st.word)
}

// item writes one problem line and the line under it: what it blocks, and the fix. It returns
// how many lines it wrote.
func (p *printer) item(it *item) int {
	f := it.first
	title, id := printable(f.Title), f.ID
	if len(it.members) > 1 {
		title, id = foldedTitle(it.members), foldKey(f)[:strings.IndexByte(foldKey(f), '/')]
	}
	head := fmt.Sprintf("%s %-6s ", p.mark(f.Status), f.Layer)
	tag := "[" + id + "]"
	if p.o.Width > 0 {
		title = text.ClipRunes(title, max(p.o.Width-visibleLen(head)-len(tag)-2, 20))
	}
	p.line(head + title + "  " + p.paint(dim, tag))
	var under []string
	if it.blocks > 0 {
		under = append(under, fmt.Sprintf("blocks %d %s", it.blocks, text.Plural(it.blocks, "check", "checks")))
	}
	if fix := foldedFix(it.members, p.o.Home); fix != "" {
		under = append(under, p.paint(bold, "fix: ")+printable(fix))
	}
	if len(under) == 0 {
		return 1
	}
	p.line(p.clip(indent + strings.Join(under, " · ")))
	return 2
}

// foldedTitle is the line of several findings of one family: their common title with the
// subjects listed, "3 tools are not installed: staticcheck, impl, goplay", when each title is its
// subject followed by the same words; else the first title and how many more.
func foldedTitle(members []finding.Finding) string {
	var subjects []string
	rest := ""
	for i, f := range members {
		subject := strings.Split(f.ID, ".")[1]
		tail, ok := strings.CutPrefix(f.Title, subject+" ")
		if !ok || (i > 0 && tail != rest) {
			return fmt.Sprintf("%s (and %d more of this kind)", printable(members[0].Title), len(members)-1)
		}
		rest = tail
		subjects = append(subjects, subject)
	}
	for _, v := range [][2]string{{"is ", "are "}, {"has ", "have "}, {"was ", "were "}, {"does ", "do "}} {
		if r, ok := strings.CutPrefix(rest, v[0]); ok {
			rest = v[1] + r
			break
		}
	}
	return printable(fmt.Sprintf("%d tools %s: %s", len(members), rest, strings.Join(subjects, ", ")))
}

// foldedFix is the fix line of a problem line: its one command, the commands of a fold merged
// when they differ only in their last word (gomedic tools install a b c), else the first sentence
// of the fix's summary; "" when nothing says how to fix it.
func foldedFix(members []finding.Finding, home string) string {
	if len(members) == 1 {
		return fixLine(members[0].Fix, home)
	}
	var prefix string
	var subjects []string
	for _, f := range members {
		cmd := fixCommand(f.Fix)
		i := strings.LastIndexByte(cmd, ' ')
		if i < 0 || (prefix != "" && cmd[:i] != prefix) {
			return fixLine(members[0].Fix, home)
		}
		prefix = cmd[:i]
		subjects = append(subjects, cmd[i+1:])
	}
	return prefix + " " + strings.Join(subjects, " ")
}

// fixLine is a fix in one line: its command when it has exactly one (comments aside), as it is
// typed, else the first sentence of its summary with the home directory written ~.
func fixLine(fix *finding.Fix, home string) string {
	if fix == nil {
		return ""
	}
	if cmd := fixCommand(fix); cmd != "" {
		return cmd
	}
	return homeTilde(firstSentence(fix.Summary), home)
}

// homeTilde writes every path under home in s with ~, for prose; never for a command, where a ~
// inside quotes would not be expanded.
func homeTilde(s, home string) string {
	if home == "" || home == "/" {
		return s
	}
	s = strings.ReplaceAll(s, home+"/", "~/")
	return strings.ReplaceAll(s, home+" ", "~ ")
}

// visibleLen is how many columns s takes on a terminal: its runes but its colour codes.
func visibleLen(s string) int {
	n, inEsc := 0, false
	for _, r := range s {
		switch {
		case r == '\x1b':
			inEsc = true
		case inEsc:
			inEsc = r != 'm'
		default:
			n++
		}
	}
	return n
}

// fixCommand is the one command of fix, comments aside; "" when it has none or several.
func fixCommand(fix *finding.Fix) string {
	if fix == nil {
		return ""
	}
	var cmds []string
	for _, c := range fix.Commands {
		if c = strings.TrimSpace(c); c != "" && !strings.HasPrefix(c, "#") {
			cmds = append(cmds, c)
		}
	}
	if len(cmds) != 1 || strings.Contains(cmds[0], "\n") {
		return ""
	}
	return cmds[0]
}

// firstSentence is s up to the end of its first sentence: a full stop followed by a space or the
// end, outside parentheses (a path or a version has full stops too).
func firstSentence(s string) string {
	s = text.FirstLine(s)
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		case '.':
			if depth == 0 && (i+1 == len(s) || s[i+1] == ' ') {
				return s[:i+1]
			}
		}
	}
	return s
}

// clip cuts a line to the terminal's width (nothing when the width is unknown), counting only
// what shows: the colour codes take no columns.
func (p *printer) clip(s string) string {
	if p.o.Width <= 0 || p.o.Color {
		return clipVisible(s, p.o.Width)
	}
	return text.ClipRunes(s, p.o.Width)
}

// clipVisible cuts a line holding colour codes to n visible columns, the last of them "…", and
// ends a colour the cut left open.
func clipVisible(s string, n int) string {
	if n <= 0 || visibleLen(s) <= n {
		return s
	}
	var b strings.Builder
	cols, open := 0, false
	for i := 0; i < len(s); {
		if s[i] == '\x1b' {
			end := strings.IndexByte(s[i:], 'm')
			if end < 0 {
				break
			}
			seq := s[i : i+end+1]
			open = seq != reset
			b.WriteString(seq)
			i += end + 1
			continue
		}
		if cols == n-1 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		cols++
		i += size
	}
	b.WriteString("…")
	if open {
		b.WriteString(reset)
	}
	return b.String()
}

// nextLine says what to run next: `gomedic fix` when a problem has a fix it can apply, else the
// first root cause's command; "" when nothing is wrong.
func nextLine(r *Report, o TextOptions) string {
	var first *finding.Finding
	applicable := false
	for i, f := range r.Findings {
		if !f.Status.Problem() || f.Fix == nil {
			continue
		}
		if first == nil {
			first = &r.Findings[i]
		}
		applicable = applicable || len(f.Fix.Actions) > 0
	}
	switch {
	case first == nil:
		return ""
	case applicable && o.FixCommand != "":
		return "next: " + o.FixCommand + "  (shows the plan, asks before each change; -v here shows every fix)"
	case fixCommand(first.Fix) != "":
		return "next: " + fixCommand(first.Fix) + "  (the first root cause's fix; -v shows them all)"
	}
	return "next: gomedic check -v  (the fixes in full)"
}
