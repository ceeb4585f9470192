// Package text holds gomedic's one set of helpers for the text it shows from elsewhere — a
// command's output, a file's lines, a value from a settings file: the first line, the first or
// last lines, a length cap that never cuts a character in two, and control characters made
// visible. It imports nothing of the project.
package text

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FirstLine is the first line of s with the spaces around it removed, leading blank lines
// skipped: what a one-line summary of an output shows.
func FirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// FirstLines is the first n lines of s (surrounding blank space removed), followed by a line "…"
// when s has more.
func FirstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

// LastLines returns the last n lines of lines that are not blank, in order.
func LastLines(lines []string, n int) []string {
	var out []string
	for i := len(lines) - 1; i >= 0 && len(out) < n; i-- {
		if strings.TrimSpace(lines[i]) != "" {
			out = append(out, lines[i])
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// cut returns the longest prefix of s no longer than n bytes that does not end inside a UTF-8
// sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n < 0 {
		n = 0
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Clip caps s at n bytes, cut before a character rather than inside one, and marks a cut with "…".
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return cut(s, n) + "…"
}

// ClipRunes caps s at n characters, the last of them "…" when s is longer.
func ClipRunes(s string, n int) string {
	kept, count := 0, 0 // the bytes of the first n-1 characters; how many characters were seen
	for i := range s {
		if count == max(n-1, 0) {
			kept = i
		}
		if count++; count > n {
			return string([]rune(s[:kept])) + "…" // invalid UTF-8 shown as U+FFFD, as a conversion shows it
		}
	}
	return s
}

// ClipNote caps s at n bytes as Clip does, at the end of a line when one ends in the second half,
// and says on a line of its own how much was left out: "… (123 more bytes)". For evidence, where
// the reader should know the output went on.
func ClipNote(s string, n int) string {
	if len(s) <= n {
		return s
	}
	c := cut(s, n)
	if i := strings.LastIndexByte(c, '\n'); i > len(c)/2 {
		c = c[:i]
	}
	return c + "\n… (" + strconv.Itoa(len(s)-len(c)) + " more bytes)"
}

// Printable replaces what a terminal would not show as text — invalid UTF-8, control characters
// other than newline and tab, unprintable runes — with U+FFFD, so that output from a binary that
// prints garbage cannot move the cursor or change the terminal.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || unicode.IsPrint(r) {
			return r
		}
		return unicode.ReplacementChar
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// Tail returns the last n bytes of b (all of b when it is shorter).
func Tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// HasPrefixFold reports whether s begins with prefix, ignoring case as strings.ToLower ignores
// it, reading no more of s than prefix has characters: a long s costs what prefix does.
func HasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		r1, n1 := utf8.DecodeRuneInString(s)
		r2, n2 := utf8.DecodeRuneInString(prefix)
		if unicode.ToLower(r1) != unicode.ToLower(r2) {
			return false
		}
		s, prefix = s[n1:], prefix[n2:]
	}
	return true
}
