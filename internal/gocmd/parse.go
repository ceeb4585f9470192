package gocmd

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// MaxOutput is how much of an output Parse reads: its last 256 KiB. The go command prints its
// verdict at the end; a test run's output before it can be megabytes.
const MaxOutput = 256 << 10

// maxLine is how much of one line the recognisers read: the go command's messages are short, and
// a bounded line keeps Parse's time bounded whatever it is given.
const maxLine = 4 << 10

// maxMore is how many indented lines after a message a Cause keeps.
const maxMore = 12

// Parse reads the go command's output (its stderr, or stdout and stderr together) and returns a
// cause for each message it recognises, in the order printed; a line can give several (see the
// package doc). Lines it does not recognise give none. Only the last MaxOutput bytes are read.
func Parse(output string) Causes {
	read, skipped := bounded(output)
	lines := splitLines(read)
	var cs Causes
	header, vet := "", false // the "# pkg" header the lines are under
	for i, line := range lines {
		found := parseLine(line)
		for j := range found {
			c := &found[j]
			c.More = more(lines, i)
			c.N = skipped + i
			if c.Kind == CompileError && header != "" {
				c.Package = header
				if vet && c.Value != "vet" { // a type error vet found stays a compile error
					c.Kind = VetReport
				}
			}
		}
		header, vet = underHeader(header, vet, line, found)
		cs = append(cs, found...)
	}
	return cs
}

// bounded is the last MaxOutput bytes of s, from a line's start, and how many lines of s come
// before it.
func bounded(s string) (string, int) {
	if len(s) <= MaxOutput {
		return s, 0
	}
	cut := len(s) - MaxOutput
	if i := strings.IndexByte(s[cut:], '\n'); i >= 0 {
		cut += i + 1
	}
	return s[cut:], strings.Count(s[:cut], "\n")
}

// splitLines splits s into lines without their "\n" or "\r\n".
func splitLines(s string) []string {
	s = strings.TrimRight(s, "\r\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// body is what the recognisers read of a line: at most maxLine bytes, trailing space trimmed,
// and a run of "go: " prefixes ("go: go: switching to ...", as a toolchain switch nests them)
// made one. Leading white space stays: an indented line continues the message above it.
func body(line string) string {
	if len(line) > maxLine {
		line = line[:maxLine]
	}
	line = strings.TrimRight(line, " \t\r")
	for strings.HasPrefix(line, "go: go: ") {
		line = line[len("go: "):]
	}
	return line
}

// parseLine applies every rule to one line: at most one cause of each kind.
func parseLine(line string) []Cause {
	b := body(line)
	if strings.TrimSpace(b) == "" {
		return nil
	}
	var out []Cause
	var seen [numKinds]bool
	request := holdsAny(b, requestWords)
	for i := range rules {
		r := &rules[i]
		if seen[r.kind] || (r.request && !request) || !holdsAny(b, r.has) {
			continue
		}
		m := r.re().FindStringSubmatch(b)
		if m == nil {
			continue
		}
		seen[r.kind] = true
		c := Cause{Kind: r.kind, Line: line}
		fill(&c, r.re().SubexpNames(), m)
		if r.fill != nil {
			r.fill(&c)
		}
		enrich(&c, b)
		out = append(out, c)
	}
	return out
}

// fill sets the fields named by a rule's groups.
func fill(c *Cause, names, m []string) {
	for i, name := range names {
		if set := setters[name]; set != nil && m[i] != "" {
			set(c, m[i])
		}
	}
}

// setters set the field of each group name a rule's pattern may use.
var setters = map[string]func(c *Cause, v string){
	"what":      func(c *Cause, v string) { c.What = v },
	"module":    func(c *Cause, v string) { c.Module = v },
	"version":   func(c *Cause, v string) { c.Version = v },
	"pkg":       func(c *Cause, v string) { c.Package = v },
	"go":        func(c *Cause, v string) { c.GoVersion = v },
	"running":   func(c *Cause, v string) { c.Running = v },
	"toolchain": func(c *Cause, v string) { c.Toolchain = v },
	"file":      func(c *Cause, v string) { c.Pos.File = v },
	"line":      func(c *Cause, v string) { c.Pos.Line, _ = strconv.Atoi(v) },
	"col":       func(c *Cause, v string) { c.Pos.Col, _ = strconv.Atoi(v) },
	"other":     func(c *Cause, v string) { c.Other.File = v },
	"path":      func(c *Cause, v string) { c.Path = v },
	"url":       func(c *Cause, v string) { c.URL = v },
	"host":      func(c *Cause, v string) { c.Host = v },
	"code":      func(c *Cause, v string) { c.Code, _ = strconv.Atoi(v) },
	"flag":      func(c *Cause, v string) { c.Flag = v },
	"value":     func(c *Cause, v string) { c.Value = v },
	"err":       func(c *Cause, v string) { c.Err = v },
}

var (
	// subjectRE is the module a message is about, when it starts with it: "example.com/x@v1.0.0:
	// ...", "module example.com/x: ...".
	subjectRE = regexp.MustCompile(`^(?:go: )?(?:module )?([^\s@:"]+)(?:@([^\s:"]+))?: `)
	// requestRE is the URL of a failed request: `Get "https://...": ...` (net/http), "reading
	// https://...: 404 Not Found" (cmd/go/internal/web).
	requestRE = regexp.MustCompile(`(?:Get|Head|Post) "([^"]+)"|reading ((?:https?|file)://\S+?):? `)
)

// enrich fills what any message says the same way: the module it is about and the URL it asked
// for, with that URL's host.
func enrich(c *Cause, b string) {
	if c.Module == "" {
		if m := subjectRE.FindStringSubmatch(b); m != nil && (m[2] != "" || strings.HasPrefix(strings.TrimPrefix(b, "go: "), "module ")) {
			c.Module, c.Version = m[1], m[2]
		}
	}
	if c.URL == "" {
		if m := requestRE.FindStringSubmatch(b); m != nil {
			c.URL = m[1] + m[2]
		}
	}
	if c.Host == "" && c.URL != "" {
		if u, err := url.Parse(c.URL); err == nil {
			c.Host = u.Host
		}
	}
}

// whatFields reads what a TooNew or Switching message says requires a newer go: a module
// ("example.com/x@v1.0.0", "module example.com/x@v1.0.0"), a module of vendor/modules.txt
// ("example.com/x in vendor/modules.txt") or a go.mod or go.work file ("go.mod", "../go.work").
func whatFields(c *Cause) {
	w := strings.TrimPrefix(c.What, "module ")
	switch {
	case strings.Contains(w, " in "):
		c.Module, c.Path, _ = strings.Cut(w, " in ")
	case strings.Contains(w, "@") && !strings.ContainsAny(w, " \t"):
		c.Module, c.Version, _ = strings.Cut(w, "@")
	case strings.HasPrefix(w, "updating "):
	case strings.HasSuffix(w, "go.mod") || strings.HasSuffix(w, "go.work"):
		c.Path = w
	}
}

// more are the indented lines after line i, trimmed: the rest of its message. Blank lines
// between indented ones are skipped.
func more(lines []string, i int) []string {
	var out []string
	for _, l := range lines[i+1:] {
		if len(out) == maxMore {
			break
		}
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if l[0] != '\t' && l[0] != ' ' {
			break
		}
		out = append(out, t)
	}
	return out
}

// underHeader is the "# pkg" header the next line is under: a header starts a section; compiler
// messages, blank and indented lines stay in it; any other line ends it.
func underHeader(header string, vet bool, line string, found []Cause) (string, bool) {
	for _, c := range found {
		switch c.Kind {
		case BuildHeader:
			return c.Package, false
		case VetHeader:
			return c.Package, true
		case CompileError, VetReport:
			return header, vet
		}
	}
	if strings.TrimSpace(line) == "" || line[0] == '\t' || line[0] == ' ' {
		return header, vet
	}
	return "", false
}

// progressWords start the go command's progress reports, after "go: ".
var progressWords = []string{"downloading ", "finding ", "found ", "extracting ", "added ", "upgraded ", "downgraded ",
	"removed ", "creating new go.mod", "to add module requirements"}

// IsProgress reports whether line is one of the go command's progress reports ("go: downloading
// M V", "go: finding module for package P", "go: added M V", a toolchain switch starting), which
// say nothing of a failure.
func IsProgress(line string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "go: ")
	if !ok {
		return false
	}
	for _, w := range progressWords {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return strings.Contains(rest, "; switching to go") && switchingRE().MatchString(body(line))
}

// WithoutProgress is output without the go command's progress reports (IsProgress), trimmed.
func WithoutProgress(output string) string {
	var keep []string
	for _, l := range splitLines(strings.TrimSpace(output)) {
		if !IsProgress(l) {
			keep = append(keep, l)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
