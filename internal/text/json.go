package text

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// ClipJSON is a JSON value on one line (compacted, its members in the order written), capped at
// n characters as ClipRunes caps them: a setting's value in a message or a listing. A value that
// is not valid JSON is shown as it is, trimmed.
// It reads all of v once to know whether it is valid, and copies no more of it than it shows.
func ClipJSON(v []byte, n int) string {
	v = bytes.TrimSpace(v)
	// More than 4n bytes are more than n characters: a prefix that long decides the cut.
	enough := utf8.UTFMax * (max(n, 0) + 1)
	if !json.Valid(v) {
		return ClipRunes(string(v[:min(len(v), enough)]), n)
	}
	var b []byte
	inString, escaped := false, false
	for _, c := range v {
		if len(b) >= enough {
			break
		}
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue // insignificant space, as json.Compact drops it
		}
		b = append(b, c)
	}
	return ClipRunes(string(b), n)
}

// JSONString is s as a JSON string literal, quotes and escapes included: how a value is written in
// a settings file.
func JSONString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
