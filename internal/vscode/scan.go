package vscode

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// This file holds the one scanner of JSON with comments: it checks a document once when it is
// parsed, and later walks the members and elements of its objects and arrays from their offsets,
// so that a parsed document keeps its bytes and nothing else. It accepts what hujson.Parse (the
// JSONC library gomedic uses for editing) accepts, byte for byte: FuzzScanAgreesWithHujson holds
// the two together.

// errSyntax is what the scanner says of a document it does not accept; ParseJSONC asks hujson
// where and why, so the messages are hujson's.
var errSyntax = errors.New("syntax error")

// scanner reads one document. check is set while the document is parsed: literals are validated
// then, and not again when a valid document is walked.
type scanner struct {
	b     []byte
	check bool
}

// extra is the offset past the whitespace and comments at n.
func (s scanner) extra(n int) (int, error) {
	for n < len(s.b) {
		switch s.b[n] {
		case ' ', '\t', '\r', '\n':
			n++
		case '/':
			end := commentEnd(s.b, n)
			if end == n {
				return n, nil
			}
			if end < 0 || s.check && !utf8.Valid(s.b[n:end]) {
				return n, errSyntax
			}
			n = end
		default:
			return n, nil
		}
	}
	return n, nil
}

// commentEnd is the offset past the comment that starts at n: n when none starts there, -1 when
// it does not end (a line comment ends with its newline).
func commentEnd(b []byte, n int) int {
	var end []byte
	switch {
	case bytes.HasPrefix(b[n:], []byte("//")):
		end = []byte("\n")
	case bytes.HasPrefix(b[n:], []byte("/*")):
		end = []byte("*/")
	default:
		return n
	}
	i := bytes.Index(b[n+2:], end)
	if i < 0 {
		return -1
	}
	return n + 2 + i + len(end)
}

// value is the Node of the value at n (no whitespace before it), and the offset past it.
func (s scanner) value(n int) (Node, error) {
	if n >= len(s.b) {
		return Node{}, errSyntax
	}
	switch c := s.b[n]; c {
	case '{':
		end, err := s.object(n, nil)
		return Node{Start: n, End: end, Kind: c}, err
	case '[':
		end, err := s.array(n, nil)
		return Node{Start: n, End: end, Kind: c}, err
	case '"':
		end, err := s.str(n)
		return Node{Start: n, End: end, Kind: c}, err
	}
	end := n
	for end < len(s.b) && isLiteralByte(s.b[end]) {
		end++
	}
	if end == n || s.check && !json.Valid(s.b[n:end]) {
		return Node{}, errSyntax
	}
	kind := s.b[n]
	if kind == '-' || kind >= '0' && kind <= '9' {
		kind = '0'
	}
	return Node{Start: n, End: end, Kind: kind}, nil
}

// isLiteralByte reports whether c may be part of null, a boolean or a number as hujson reads them.
func isLiteralByte(c byte) bool {
	return c == '-' || c == '+' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// str is the offset past the string that starts at n.
func (s scanner) str(n int) (int, error) {
	for i := n + 1; i < len(s.b); i++ {
		switch s.b[i] {
		case '\\':
			i++
		case '"':
			if s.check && !json.Valid(s.b[n:i+1]) {
				return i + 1, errSyntax
			}
			return i + 1, nil
		}
	}
	return len(s.b), errSyntax
}

// item is what a walk of an object or array is told of each member or element: the offsets of the
// member's name, quotes included (none for an element), and its value. Returning false stops the
// walk.
type item func(keyStart, keyEnd int, v Node) bool

// object walks the object at n, calling each (when not nil) for every member, and returns the
// offset past it. A trailing comma is allowed.
func (s scanner) object(n int, each item) (int, error) {
	return s.composite(n, '}', true, each)
}

// array walks the array at n, calling each (when not nil) for every element, and returns the
// offset past it. A trailing comma is allowed.
func (s scanner) array(n int, each item) (int, error) {
	return s.composite(n, ']', false, each)
}

// composite walks the object or array at n, which ends with closer.
func (s scanner) composite(n int, closer byte, named bool, each item) (int, error) {
	n++
	for {
		var err error
		if n, err = s.extra(n); err != nil {
			return n, err
		}
		if n < len(s.b) && s.b[n] == closer {
			return n + 1, nil
		}
		keyStart, keyEnd := n, n
		if named {
			if n >= len(s.b) || s.b[n] != '"' {
				return n, errSyntax
			}
			if keyEnd, err = s.str(n); err != nil {
				return keyEnd, err
			}
			if n, err = s.extra(keyEnd); err != nil {
				return n, err
			}
			if n >= len(s.b) || s.b[n] != ':' {
				return n, errSyntax
			}
			if n, err = s.extra(n + 1); err != nil {
				return n, err
			}
		}
		v, err := s.value(n)
		if err != nil {
			return v.End, err
		}
		if each != nil && !each(keyStart, keyEnd, v) {
			return v.End, nil
		}
		if n, err = s.extra(v.End); err != nil {
			return n, err
		}
		switch {
		case n < len(s.b) && s.b[n] == ',':
			n++
		case n < len(s.b) && s.b[n] == closer:
			return n + 1, nil
		default:
			return n, errSyntax
		}
	}
}

// scanDocument checks data as one JSONC value with whitespace and comments around it, and returns
// its Node.
func scanDocument(data []byte) (Node, error) {
	s := scanner{b: data, check: true}
	n, err := s.extra(0)
	if err != nil {
		return Node{}, err
	}
	root, err := s.value(n)
	if err != nil {
		return Node{}, err
	}
	if n, err = s.extra(root.End); err != nil || n != len(data) {
		return Node{}, errSyntax
	}
	return root, nil
}

// nonStandard calls each with the span [start, end) of every comment and every trailing comma of
// b, JSONC a scanner accepted, in order, until each returns false.
func nonStandard(b []byte, each func(start, end int) bool) {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			end, _ := scanner{b: b}.str(i)
			i = end - 1
		case '/':
			end := commentEnd(b, i)
			if end < 0 {
				end = len(b)
			}
			if !each(i, end) {
				return
			}
			i = end - 1
		case ',':
			if next, _ := (scanner{b: b}).extra(i + 1); next < len(b) && (b[next] == '}' || b[next] == ']') {
				if !each(i, i+1) {
					return
				}
			}
		}
	}
}

// standardize turns b, a copy of JSONC a scanner accepted, into standard JSON in place, as
// hujson's Standardize does: every byte of a comment but its line breaks, and every trailing
// comma, becomes a space, so offsets and lines stay where they were. It reports whether it
// changed anything.
func standardize(b []byte) bool {
	changed := false
	nonStandard(b, func(start, end int) bool {
		for j := start; j < end; j++ {
			if c := b[j]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
				b[j] = ' '
			}
		}
		changed = true
		return true
	})
	return changed
}

// isStandard reports whether b, JSONC a scanner accepted, is standard JSON already: no comment and
// no trailing comma.
func isStandard(b []byte) bool {
	standard := true
	nonStandard(b, func(int, int) bool {
		standard = false
		return false
	})
	return standard
}
