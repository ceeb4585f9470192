package vscode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"unicode/utf8"

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
// *.code-workspace): comments and trailing commas allowed, as VS Code allows them. It keeps the
// file's bytes and an index of its lines, nothing more: the members and elements of its values
// are found by walking the bytes from a Node's offsets (the objects looked up by name are indexed
// on first use), so a parsed file costs little more memory than the file.
type Doc struct {
	Path string
	Data []byte // as read, without a UTF-8 byte order mark
	// Root is the top-level value; an empty object (Start == End) for a file that holds none.
	Root Node

	lines   lineIndex
	members memberIndex
}

// Node is a value in a Doc: the offsets of its first byte and of the byte after it in Data
// (whitespace and comments around it are outside), and its kind: '{', '[', '"', 'n' (null),
// 't' or 'f' (a boolean), '0' (a number).
type Node struct {
	Start, End int
	Kind       byte
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
// A file that holds no value (empty, or only whitespace and comments) is an empty object, as VS
// Code reads it (its ConfigurationModelParser parses nothing and keeps {}). The error is a
// *ParseError with the line and column of the problem.
func ParseJSONC(path string, data []byte) (*Doc, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if bytes.LastIndex(data, []byte("//")) > bytes.LastIndexByte(data, '\n') {
		// The last line may end in a line comment, which VS Code ends at the end of the file and
		// hujson only at a newline. A newline after the last value changes nothing else.
		data = append(data[:len(data):len(data)], '\n')
	}
	if hujson.Extra(data).IsValid() {
		return &Doc{Path: path, Data: data, Root: Node{Kind: '{'}, lines: newLineIndex(data)}, nil
	}
	if off := tooDeep(data, MaxDepth); off >= 0 {
		line, col := position(data, off)
		return nil, &ParseError{File: path, Line: line, Col: col, Msg: fmt.Sprintf("nested more than %d levels deep", MaxDepth)}
	}
	root, err := scanDocument(data)
	if err != nil {
		return nil, syntaxError(path, data)
	}
	return &Doc{Path: path, Data: data, Root: root, lines: newLineIndex(data)}, nil
}

// syntaxError is the *ParseError of data, which does not parse: hujson's message and place, so
// that gomedic words a syntax error as the library it edits files with does.
func syntaxError(path string, data []byte) *ParseError {
	_, err := hujson.Parse(data)
	if err == nil { // the scanner and hujson disagree: FuzzScanAgreesWithHujson keeps them together
		return &ParseError{File: path, Msg: "not valid JSON with comments"}
	}
	pe := &ParseError{File: path, Msg: err.Error()}
	if m := hujsonPos.FindStringSubmatch(err.Error()); m != nil {
		pe.Line, _ = strconv.Atoi(m[1])
		pe.Col, _ = strconv.Atoi(m[2])
		pe.Msg = m[3]
	}
	return pe
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

// Line is the 1-based line of a byte offset into Data. It costs the same wherever offset is: the
// newlines before it are counted once, when the document is parsed.
func (d *Doc) Line(offset int) int {
	return d.lines.line(d.Data, offset)
}

// lineBlock is how many bytes of a document one entry of its lineIndex covers.
const lineBlock = 512

// lineIndex is the number of newlines before each lineBlock bytes of a document, so that the line
// of an offset costs counting the newlines in at most one block, and the index takes a 128th of
// the document's size.
type lineIndex []int32

// newLineIndex indexes the newlines of data.
func newLineIndex(data []byte) lineIndex {
	idx := make(lineIndex, len(data)/lineBlock+1)
	n := 0
	for i := 1; i < len(idx); i++ {
		n += bytes.Count(data[(i-1)*lineBlock:i*lineBlock], newline)
		idx[i] = int32(n)
	}
	return idx
}

var newline = []byte("\n")

// line is the 1-based line of offset in data, which idx indexes; an offset past the end is on the
// last line.
func (idx lineIndex) line(data []byte, offset int) int {
	offset = max(0, min(offset, len(data)))
	if len(idx) == 0 { // not indexed: a Doc built by hand
		return 1 + bytes.Count(data[:offset], newline)
	}
	block := offset / lineBlock
	return 1 + int(idx[block]) + bytes.Count(data[block*lineBlock:offset], newline)
}

// KindName names the kind of a JSON value for messages: "an object", "an array", "null", "a
// string", "a boolean", "a number".
func KindName(v Node) string {
	switch v.Kind {
	case 0:
		return "nothing"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 'n':
		return "null"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}

// empty reports whether the document holds no value (it is read as an empty object).
func (d *Doc) empty() bool {
	return d.Root.End == d.Root.Start
}

// Standard is the whole document as standard JSON: comments and trailing commas replaced by
// spaces (so offsets stay), in a copy.
func (d *Doc) Standard() []byte {
	if d.empty() {
		return []byte("{}")
	}
	out := bytes.Clone(d.Data)
	standardize(out)
	return out
}

// Text is the value v as written in the file.
func (d *Doc) Text(v Node) []byte {
	return d.Data[v.Start:v.End:v.End]
}

// Member is one key of a JSON object, with its value as standard JSON and its line.
type Member struct {
	Key   string
	Value json.RawMessage
	Line  int // of the key
	// Node is the member's value in the document, for walking nested objects.
	Node Node
}

// walk calls each for every member of the object v (or element of the array v), in document
// order, until it returns false. The document is valid, so the walk cannot fail.
func (d *Doc) walk(v Node, each item) {
	if d.empty() || v.End <= v.Start {
		return
	}
	s := scanner{b: d.Data}
	switch v.Kind {
	case '{':
		_, _ = s.object(v.Start, each)
	case '[':
		_, _ = s.array(v.Start, each)
	}
}

// Members lists the members of the object v in document order; a value that is not an object has
// none.
func (d *Doc) Members(v Node) []Member {
	if v.Kind != '{' {
		return nil
	}
	var out []Member
	d.walk(v, func(keyStart, keyEnd int, val Node) bool {
		out = append(out, d.member(keyStart, keyEnd, val))
		return true
	})
	return out
}

// member is the Member whose name is Data[keyStart:keyEnd] (quoted) and whose value is val.
func (d *Doc) member(keyStart, keyEnd int, val Node) Member {
	return Member{Key: memberKey(d.Data[keyStart:keyEnd]), Value: d.standard(val), Line: d.Line(keyStart), Node: val}
}

// memberKey is the name of an object member, given quoted, unquoted.
func memberKey(lit []byte) string {
	if len(lit) >= 2 && lit[0] == '"' && bytes.IndexByte(lit, '\\') < 0 && utf8.Valid(lit) {
		return string(lit[1 : len(lit)-1]) // nothing to unescape
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return string(lit)
	}
	return s
}

// standard is the value v as standard JSON: the document's own bytes when they are standard
// already (no comments or trailing commas inside), else a standardized copy.
func (d *Doc) standard(v Node) json.RawMessage {
	raw := d.Text(v)
	if isStandard(raw) {
		return json.RawMessage(raw)
	}
	c := bytes.Clone(raw)
	standardize(c)
	return json.RawMessage(c)
}

// Member finds the member key of the object v without reading the others' values: the last one of
// that name, as VS Code reads a key written twice. ok is false when v is not an object or has no
// such member.
func (d *Doc) Member(v Node, key string) (Member, bool) {
	keyStart, val, ok := d.find(v, key)
	if !ok {
		return Member{}, false
	}
	return Member{Key: key, Value: d.standard(val), Line: d.Line(keyStart), Node: val}, true
}

// find is the last member named key of the object v: the offset of its name, and its value.
func (d *Doc) find(v Node, key string) (keyStart int, val Node, ok bool) {
	if v.Kind != '{' {
		return 0, Node{}, false
	}
	if idx := d.members.of(d, v); idx != nil {
		m, ok := idx[key]
		return m.key, m.val, ok
	}
	d.walk(v, func(ks, ke int, mv Node) bool {
		if memberKey(d.Data[ks:ke]) == key {
			keyStart, val, ok = ks, mv, true
		}
		return true
	})
	return keyStart, val, ok
}

// smallObject is how many members an object may have and still be searched member by member.
const smallObject = 16

// memberIndex maps the names of a document's larger objects to their last member of that name.
// An object is indexed the first time a member of it is looked up, so that looking up each of its
// members costs as much as the object, not its square. Checks read a document concurrently.
type memberIndex struct {
	mu       sync.Mutex
	byObject map[int]map[string]indexed // by the object's offset
	small    map[int]bool
}

// indexed is a member of an indexed object: the offset of its name, and its value.
type indexed struct {
	key int
	val Node
}

// of is the index of the object v, or nil when v is small enough to search member by member.
func (x *memberIndex) of(d *Doc, v Node) map[string]indexed {
	x.mu.Lock()
	defer x.mu.Unlock()
	if idx, ok := x.byObject[v.Start]; ok {
		return idx
	}
	if x.small[v.Start] {
		return nil
	}
	n := 0
	d.walk(v, func(int, int, Node) bool { n++; return n <= smallObject })
	if n <= smallObject {
		if x.small == nil {
			x.small = map[int]bool{}
		}
		x.small[v.Start] = true
		return nil
	}
	idx := map[string]indexed{}
	d.walk(v, func(ks, ke int, mv Node) bool {
		idx[memberKey(d.Data[ks:ke])] = indexed{key: ks, val: mv}
		return true
	})
	if x.byObject == nil {
		x.byObject = map[int]map[string]indexed{}
	}
	x.byObject[v.Start] = idx
	return idx
}

// Elements are the elements of the array reached from the root through the object members named
// by path ("configurations"; "launch", "configurations"), nil when there is no such array.
func (d *Doc) Elements(path ...string) []Node {
	node := d.Root
	for _, key := range path {
		_, val, ok := d.find(node, key)
		if !ok {
			return nil
		}
		node = val
	}
	if node.Kind != '[' {
		return nil
	}
	var out []Node
	d.walk(node, func(_, _ int, el Node) bool {
		out = append(out, el)
		return true
	})
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
