package vscode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tailscale/hujson"
)

// Edit returns the JSON-with-comments file data with the value at pointer (RFC 6901: "/go.goroot",
// "/[go]/go.formatTool", "/configurations/0/args") set to value, a JSON value, or removed when
// value is "". Everything else is kept as it was: comments, trailing commas, line ends, a byte
// order mark. Missing objects on the way are created; a new member goes after the last one, on a
// line of its own with the indentation of its siblings.
func Edit(data []byte, pointer, value string) ([]byte, error) {
	bom := bytes.HasPrefix(data, utf8BOM)
	doc, err := ParseJSONC("", data)
	if err != nil {
		return nil, err
	}
	root, err := tree(doc)
	if err != nil {
		return nil, err
	}
	tokens, err := splitPointer(pointer)
	if err != nil {
		return nil, err
	}
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	if value == "" {
		err = remove(&root, tokens)
	} else {
		var v hujson.Value
		if v, err = hujson.Parse([]byte(value)); err == nil {
			err = set(&root, tokens, v.Value, nl, "")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("editing %s: %w", pointer, err)
	}
	out := root.Pack()
	if bom {
		out = append(append([]byte(nil), utf8BOM...), out...)
	}
	return out, nil
}

// tree is the hujson tree of doc, for editing: built per edit and dropped after it, never kept
// with the document.
func tree(doc *Doc) (hujson.Value, error) {
	if doc.empty() {
		return hujson.Parse([]byte("{}"))
	}
	return hujson.Parse(doc.Data)
}

// splitPointer splits a JSON Pointer into its unescaped tokens.
func splitPointer(p string) ([]string, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("%q is not a JSON Pointer (it starts with /)", p)
	}
	parts := strings.Split(p[1:], "/")
	for i, t := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return parts, nil
}

// set puts v at tokens under at, creating objects on the way; indent is at's own indentation.
func set(at *hujson.Value, tokens []string, v hujson.ValueTrimmed, nl, indent string) error {
	if len(tokens) == 0 {
		at.Value = v
		return nil
	}
	switch c := at.Value.(type) {
	case *hujson.Object:
		// VS Code reads the last of duplicate members: that is the one to change.
		for i := len(c.Members) - 1; i >= 0; i-- {
			m := &c.Members[i]
			if lit, ok := m.Name.Value.(hujson.Literal); ok && lit.String() == tokens[0] {
				return set(&m.Value, tokens[1:], v, nl, memberIndent(m.Name.BeforeExtra, indent))
			}
		}
		child := hujson.Value{BeforeExtra: []byte(" "), Value: &hujson.Object{}}
		mi := childIndent(c, indent)
		if err := set(&child, tokens[1:], v, nl, mi); err != nil {
			return err
		}
		appendMember(c, tokens[0], child, nl, indent, mi)
		return nil
	case *hujson.Array:
		i, err := strconv.Atoi(tokens[0])
		if err != nil || i < 0 || i >= len(c.Elements) {
			return fmt.Errorf("no element %q in the array", tokens[0])
		}
		return set(&c.Elements[i], tokens[1:], v, nl, memberIndent(c.Elements[i].BeforeExtra, indent))
	}
	return fmt.Errorf("%q is under a value that is neither an object nor an array", tokens[0])
}

// appendMember adds name: v after the last member of c, keeping a trailing comma if there was one.
func appendMember(c *hujson.Object, name string, v hujson.Value, nl, indent, mi string) {
	key, _ := json.Marshal(name)
	trailing := false
	if n := len(c.Members); n > 0 {
		trailing = c.Members[n-1].Value.AfterExtra != nil
	}
	m := hujson.ObjectMember{Name: hujson.Value{BeforeExtra: []byte(nl + mi), Value: hujson.Literal(key)}, Value: v}
	if trailing {
		m.Value.AfterExtra = []byte{}
	}
	if len(c.Members) == 0 && !bytes.Contains(c.AfterExtra, []byte("\n")) {
		c.AfterExtra = []byte(nl + indent)
	}
	c.Members = append(c.Members, m)
}

// childIndent is the indentation of c's members: that of its last member, or indent and four spaces.
func childIndent(c *hujson.Object, indent string) string {
	if n := len(c.Members); n > 0 {
		if mi := memberIndent(c.Members[n-1].Name.BeforeExtra, ""); mi != "" {
			return mi
		}
	}
	return indent + "    "
}

// memberIndent is the whitespace after the last newline of before (comments and blank lines come
// first), or def when before has no newline.
func memberIndent(before []byte, def string) string {
	i := bytes.LastIndexByte(before, '\n')
	if i < 0 {
		return def
	}
	rest := before[i+1:]
	if len(bytes.TrimLeft(rest, " \t")) != 0 {
		return def
	}
	return string(rest)
}

// remove deletes the value at tokens under at; a value that is not there is no change.
func remove(at *hujson.Value, tokens []string) error {
	for len(tokens) > 1 {
		next := lookup(at, tokens[0])
		if next == nil {
			return nil
		}
		at, tokens = next, tokens[1:]
	}
	switch c := at.Value.(type) {
	case *hujson.Object:
		// Every duplicate goes: removing the last alone would bring an earlier one into effect.
		for i := len(c.Members) - 1; i >= 0; i-- {
			if lit, ok := c.Members[i].Name.Value.(hujson.Literal); ok && lit.String() == tokens[0] {
				keepTrailing(c, i)
				c.Members = append(c.Members[:i], c.Members[i+1:]...)
			}
		}
	case *hujson.Array:
		if i, err := strconv.Atoi(tokens[0]); err == nil && i >= 0 && i < len(c.Elements) {
			c.Elements = append(c.Elements[:i], c.Elements[i+1:]...)
		}
	}
	return nil
}

// keepTrailing moves the trailing comma of the last member i, about to be removed, to the one
// before it.
func keepTrailing(c *hujson.Object, i int) {
	if i == len(c.Members)-1 && i > 0 {
		if c.Members[i].Value.AfterExtra != nil && c.Members[i-1].Value.AfterExtra == nil {
			c.Members[i-1].Value.AfterExtra = []byte{}
		}
	}
}

// lookup is the member or element token of at, or nil.
func lookup(at *hujson.Value, token string) *hujson.Value {
	switch c := at.Value.(type) {
	case *hujson.Object:
		for i := len(c.Members) - 1; i >= 0; i-- {
			if lit, ok := c.Members[i].Name.Value.(hujson.Literal); ok && lit.String() == token {
				return &c.Members[i].Value
			}
		}
	case *hujson.Array:
		if i, err := strconv.Atoi(token); err == nil && i >= 0 && i < len(c.Elements) {
			return &c.Elements[i]
		}
	}
	return nil
}
