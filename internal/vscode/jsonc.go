package vscode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/tailscale/hujson"

	"github.com/gomedic/gomedic/internal/host"
)

// MaxFile is the largest settings-like file gomedic reads. VS Code reads bigger ones, but no real
// settings, launch or tasks file comes near it; a bigger one is reported, not parsed.
const MaxFile = 32 << 20

// ParseError says why a JSON-with-comments file does not parse, and where.
type ParseError struct {
	File      string
	Line, Col int // 1-based; 0 when the problem is not at a place (a file too large to read)
	Msg       string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Doc is a parsed JSON-with-comments document (settings.json, launch.json, tasks.json,
// *.code-workspace): comments and trailing commas allowed, as VS Code allows them.
type Doc struct {
	Path string
	Data []byte // as read, without a UTF-8 byte order mark
	Root hujson.Value
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// hujsonPos is how hujson reports where a syntax error is.
var hujsonPos = regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`)

// MaxDepth is how deeply arrays and objects may nest in a file gomedic parses. The parser recurses
// once per level (about 1.6 KB of stack each), so a small hostile file nested a million levels
// deep would exhaust the stack, which Go cannot recover from; no real settings file nests more
// than a handful of levels.
const MaxDepth = 16 << 10

// ParseJSONC parses data as VS Code parses its settings files. A UTF-8 byte order mark is ignored.
// The error is a *ParseError with the line and column of the problem.
func ParseJSONC(path string, data []byte) (*Doc, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if off := tooDeep(data, MaxDepth); off >= 0 {
		line, col := position(data, off)
		return nil, &ParseError{File: path, Line: line, Col: col, Msg: fmt.Sprintf("nested more than %d levels deep", MaxDepth)}
	}
	root, err := hujson.Parse(data)
	if err != nil {
		pe := &ParseError{File: path, Msg: err.Error()}
		if m := hujsonPos.FindStringSubmatch(err.Error()); m != nil {
			pe.Line, _ = strconv.Atoi(m[1])
			pe.Col, _ = strconv.Atoi(m[2])
			pe.Msg = m[3]
		}
		return nil, pe
	}
	return &Doc{Path: path, Data: data, Root: root}, nil
}

// ReadJSONC reads and parses the file at path through h. A file larger than MaxFile, or one that
// cannot be read, is a *ParseError without a position; a missing file wraps fs.ErrNotExist.
func ReadJSONC(h host.Host, path string) (*Doc, error) {
	data, err := h.ReadFile(path, MaxFile)
	if err != nil {
		if host.IsNotExist(err) {
			return nil, err
		}
		if errors.Is(err, host.ErrTooLarge) {
			return nil, &ParseError{File: path, Msg: fmt.Sprintf("larger than %d MB: not read", MaxFile>>20)}
		}
		return nil, &ParseError{File: path, Msg: err.Error()}
	}
	return ParseJSONC(path, data)
}

// Line is the 1-based line of a byte offset into Data.
func (d *Doc) Line(offset int) int {
	if offset > len(d.Data) {
		offset = len(d.Data)
	}
	return 1 + bytes.Count(d.Data[:offset], []byte("\n"))
}

// Standard is the whole document as standard JSON: comments and trailing commas removed.
func (d *Doc) Standard() []byte {
	v := d.Root.Clone()
	v.Standardize()
	return v.Pack()
}

// Member is one key of a JSON object, with its value as standard JSON and its line.
type Member struct {
	Key   string
	Value json.RawMessage
	Line  int // of the key
	// Node is the member's value in the document, for walking nested objects.
	Node *hujson.Value
}

// Members lists the members of the object v (the root when v is nil) in document order; a value
// that is not an object has none.
func (d *Doc) Members(v *hujson.Value) []Member {
	if v == nil {
		v = &d.Root
	}
	obj, ok := v.Value.(*hujson.Object)
	if !ok {
		return nil
	}
	out := make([]Member, 0, len(obj.Members))
	for i := range obj.Members {
		m := &obj.Members[i]
		key := ""
		if lit, ok := m.Name.Value.(hujson.Literal); ok {
			key = lit.String()
		}
		val := m.Value.Clone()
		val.Standardize()
		out = append(out, Member{Key: key, Value: json.RawMessage(bytes.TrimSpace(val.Pack())), Line: d.Line(m.Name.StartOffset), Node: &m.Value})
	}
	return out
}

// Elements are the elements of the array reached from the root through the object members named
// by path ("configurations"; "launch", "configurations"), nil when there is no such array.
func (d *Doc) Elements(path ...string) []*hujson.Value {
	var node *hujson.Value
	for _, key := range path {
		var next *hujson.Value
		for _, m := range d.Members(node) {
			if m.Key == key {
				next = m.Node
			}
		}
		if next == nil {
			return nil
		}
		node = next
	}
	if node == nil {
		return nil
	}
	arr, ok := node.Value.(*hujson.Array)
	if !ok {
		return nil
	}
	out := make([]*hujson.Value, len(arr.Elements))
	for i := range arr.Elements {
		out[i] = &arr.Elements[i]
	}
	return out
}

// tooDeep returns the offset of the first bracket that opens level limit+1 of data, skipping strings
// and comments, or -1 when data nests at most limit levels.
func tooDeep(data []byte, limit int) int {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		case c == '/' && i+1 < len(data) && data[i+1] == '/':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			end := bytes.Index(data[i+2:], []byte("*/"))
			if end < 0 {
				return -1 // the parser reports the unterminated comment
			}
			i += 2 + end + 1
		case c == '[' || c == '{':
			if depth++; depth > limit {
				return i
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return -1
}

// position is the 1-based line and byte column of offset in data.
func position(data []byte, offset int) (line, col int) {
	line = 1 + bytes.Count(data[:offset], []byte("\n"))
	col = offset + 1
	if nl := bytes.LastIndexByte(data[:offset], '\n'); nl >= 0 {
		col = offset - nl
	}
	return line, col
}
