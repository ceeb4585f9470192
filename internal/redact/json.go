package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// JSON is a setting's JSON value (key is the setting's name, "" when it has none) with its
// secrets redacted: every string as Text does; the whole value of a member whose name says it is
// secret ({"GITHUB_TOKEN": "..."} in go.toolsEnvVars), down to every scalar inside it; in an array
// of strings, the element after a secret flag (["--api-key", "..."] in go.testFlags); and the
// whole value when key itself names a secret (the setting go.toolsEnvVars.GITHUB_TOKEN).
// Booleans and null are never secrets ("ui.semanticTokens": true). A value with nothing to
// redact is returned as it is, byte for byte; one that is not valid JSON is redacted as Text
// (and then as JSON, if that made it JSON).
func JSON(key string, v []byte) []byte {
	if len(v) == 0 {
		return v
	}
	if i := strings.LastIndexByte(key, '.'); Name(key[i+1:]) && holdsSecret(v) {
		return []byte(`"` + Mark + `"`)
	}
	if s, ok := plainString(v); ok {
		// One string without escapes, the commonest value: what rewriteJSON does to it, without
		// a decoder.
		r := Text(s)
		if r == s {
			return v
		}
		w := &jsonRewriter{}
		w.quote(r)
		return w.b.Bytes()
	}
	out, changed, err := rewriteJSON(v)
	if err != nil {
		// Not JSON: redacted as text. Text can make it JSON (a quoted secret it replaces held
		// the stray quote), and the result must read the same when redacted again, so JSON it
		// has become is rewritten as JSON.
		t := []byte(Text(string(v)))
		if out, changed, err := rewriteJSON(t); err == nil && changed {
			return out
		}
		return t
	}
	if !changed {
		return v
	}
	return out
}

// plainString is the content of v when v is one JSON string with nothing escaped in it (no
// backslash, no control character) and valid UTF-8; ok is false otherwise.
func plainString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	in := v[1 : len(v)-1]
	for _, c := range in {
		if c == '\\' || c == '"' || c < 0x20 {
			return "", false
		}
	}
	if !utf8.Valid(in) {
		return "", false
	}
	return string(in), true
}

// holdsSecret reports whether v can hold a secret on its own: a string or a number, not an
// object or array (redacted member by member), a boolean or null.
func holdsSecret(v []byte) bool {
	s := bytes.TrimSpace(v)
	return len(s) > 0 && (s[0] == '"' || s[0] == '-' || s[0] >= '0' && s[0] <= '9')
}

// jsonFrame is an object or array being rewritten.
type jsonFrame struct {
	object   bool
	secret   bool   // every scalar inside is a secret: the container is a secret member's value
	n        int    // members or elements written
	key      string // the member whose value comes next, in an object
	value    bool   // a key was written: its value comes next
	flagNext bool   // in an array, the previous element was a secret flag
}

// jsonRewriter writes JSON token by token, redacting strings, keeping members in their order.
type jsonRewriter struct {
	b       bytes.Buffer
	stack   []*jsonFrame
	changed bool
}

// rewriteJSON rewrites v with its secrets redacted, and says whether anything changed.
func rewriteJSON(v []byte) ([]byte, bool, error) {
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	w := &jsonRewriter{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(w.stack) > 0 {
				// The decoder's tokens end without closing what they opened: not JSON, and a
				// rewrite of the part read would lose the rest.
				return nil, false, io.ErrUnexpectedEOF
			}
			return w.b.Bytes(), w.changed, nil
		}
		if err != nil {
			return nil, false, err
		}
		w.token(tok)
	}
}

func (w *jsonRewriter) top() *jsonFrame {
	if len(w.stack) == 0 {
		return nil
	}
	return w.stack[len(w.stack)-1]
}

// secretHere reports whether a scalar written now is a secret: inside a secret container, the
// value of a secret member, or the element after a secret flag.
func (f *jsonFrame) secretHere() bool {
	return f != nil && (f.secret || f.object && Name(f.key) || !f.object && f.flagNext)
}

// sep writes what comes before a value or key: a comma after the first, nothing after a key.
func (w *jsonRewriter) sep() {
	f := w.top()
	if f == nil || f.value {
		return
	}
	if f.n > 0 {
		w.b.WriteByte(',')
	}
	f.n++
}

// done ends a value: in an object, the next token is a key; in an array, flag says whether the
// element just written was a secret flag.
func (w *jsonRewriter) done(flag bool) {
	if f := w.top(); f != nil {
		f.value, f.key, f.flagNext = false, "", flag
	}
}

func (w *jsonRewriter) token(tok json.Token) {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' || t == '[' {
			parent := w.top()
			w.sep()
			w.b.WriteByte(byte(t))
			w.stack = append(w.stack, &jsonFrame{object: t == '{', secret: parent.secretHere()})
			return
		}
		w.stack = w.stack[:len(w.stack)-1]
		w.b.WriteByte(byte(t))
		w.done(false)
	case string:
		w.str(t)
	case json.Number:
		w.scalar(string(t))
	case bool:
		w.scalar(map[bool]string{true: "true", false: "false"}[t])
	case nil:
		w.scalar("null")
	}
}

// str writes a key, or a string value redacted.
func (w *jsonRewriter) str(s string) {
	f := w.top()
	w.sep()
	if f != nil && f.object && !f.value {
		k := Text(s)
		w.changed = w.changed || k != s
		w.quote(k)
		w.b.WriteByte(':')
		f.value, f.key = true, s
		return
	}
	r := Text(s)
	if f.secretHere() {
		r = Word(s)
	}
	w.changed = w.changed || r != s
	w.quote(r)
	w.done(f != nil && !f.object && SecretFlag(s))
}

// scalar writes a number, boolean or null; a number where a secret is is redacted.
func (w *jsonRewriter) scalar(lit string) {
	f := w.top()
	w.sep()
	if f.secretHere() && lit != "null" && lit != "true" && lit != "false" {
		w.quote(Mark)
		w.changed = true
	} else {
		w.b.WriteString(lit)
	}
	w.done(false)
}

// quote writes s as a JSON string, without escaping HTML characters (the encoder that prints the
// document escapes them as it escapes them everywhere else).
func (w *jsonRewriter) quote(s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	w.b.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
