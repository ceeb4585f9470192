package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// redactValue redacts a setting's JSON value: every string in it as Redact does, the value of a
// member whose name says it is secret ({"GITHUB_TOKEN": "..."} in go.toolsEnvVars), and the
// whole value when key itself names a secret (the member setting go.toolsEnvVars.GITHUB_TOKEN).
// A value with nothing to redact is returned as it is, byte for byte; one that is not valid JSON
// is redacted as text.
func redactValue(key string, v json.RawMessage) json.RawMessage {
	if len(v) == 0 {
		return v
	}
	if i := strings.LastIndexByte(key, '.'); secretKey.MatchString(key[i+1:]) && holdsSecret(v) {
		return json.RawMessage(`"` + Redacted + `"`)
	}
	out, changed, err := redactJSON(v)
	if err != nil {
		return json.RawMessage(Redact(string(v)))
	}
	if !changed {
		return v
	}
	return out
}

// holdsSecret reports whether v can hold a secret on its own: a string or a number, not an
// object or array (redacted member by member), a boolean or null ("ui.semanticTokens": true).
func holdsSecret(v json.RawMessage) bool {
	s := bytes.TrimSpace(v)
	return len(s) > 0 && (s[0] == '"' || s[0] == '-' || s[0] >= '0' && s[0] <= '9')
}

// jsonFrame is an object or array being rewritten.
type jsonFrame struct {
	object bool
	n      int    // members or elements written
	key    string // the member whose value comes next, in an object
	value  bool   // a key was written: its value comes next
}

// jsonRewriter writes JSON token by token, redacting strings, keeping members in their order.
type jsonRewriter struct {
	b       bytes.Buffer
	stack   []*jsonFrame
	changed bool
}

// redactJSON rewrites v with its secrets redacted, and says whether anything changed.
func redactJSON(v json.RawMessage) (json.RawMessage, bool, error) {
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	w := &jsonRewriter{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
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

// done ends a value: in an object, the next token is a key.
func (w *jsonRewriter) done() {
	if f := w.top(); f != nil {
		f.value, f.key = false, ""
	}
}

func (w *jsonRewriter) token(tok json.Token) {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' || t == '[' {
			w.sep()
			w.b.WriteByte(byte(t))
			w.stack = append(w.stack, &jsonFrame{object: t == '{'})
			return
		}
		w.stack = w.stack[:len(w.stack)-1]
		w.b.WriteByte(byte(t))
		w.done()
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
		k := Redact(s)
		w.changed = w.changed || k != s
		w.quote(k)
		w.b.WriteByte(':')
		f.value, f.key = true, s
		return
	}
	w.quote(w.redact(f, s))
	w.done()
}

// scalar writes a number, boolean or null; a number that is a secret member's value is redacted.
func (w *jsonRewriter) scalar(lit string) {
	f := w.top()
	w.sep()
	if f != nil && f.object && secretKey.MatchString(f.key) && lit != "null" && lit != "true" && lit != "false" {
		w.quote(Redacted)
		w.changed = true
	} else {
		w.b.WriteString(lit)
	}
	w.done()
}

// redact is s redacted, all of it when it is the value of a secret member.
func (w *jsonRewriter) redact(f *jsonFrame, s string) string {
	r := Redact(s)
	if f != nil && f.object && secretKey.MatchString(f.key) {
		r = Redacted
	}
	if r != s {
		w.changed = true
	}
	return r
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
