package text

import (
	"bytes"
	"encoding/json"
)

// ClipJSON is a JSON value on one line (compacted, its members in the order written), capped at
// n characters as ClipRunes caps them: a setting's value in a message or a listing. A value that
// is not valid JSON is shown as it is, trimmed.
func ClipJSON(v []byte, n int) string {
	var b bytes.Buffer
	s := string(bytes.TrimSpace(v))
	if json.Compact(&b, v) == nil {
		s = b.String()
	}
	return ClipRunes(s, n)
}

// JSONString is s as a JSON string literal, quotes and escapes included: how a value is written in
// a settings file.
func JSONString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
