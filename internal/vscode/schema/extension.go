package schema

import (
	"bytes"
	"encoding/json"

	"github.com/gomedic/gomedic/internal/vscode"
)

// GoplsArgs are the arguments the Go extension starts gopls with: -mode=stdio, then
// go.languageServerFlags as the extension reads them (see ExtensionFlags). A value that is not a
// list of flags adds none (editor.settings.language_server reports it).
func GoplsArgs(s *vscode.Settings) []string {
	args := append([]string(nil), ExtensionArgs...)
	if st, ok := s.ExtensionValue("go.languageServerFlags"); ok {
		if flags, _, ok := ExtensionFlags(st.Value); ok {
			args = append(args, flags...)
		}
	}
	return args
}

// GoplsOff reports whether the settings turn gopls off (go.useLanguageServer: false).
func GoplsOff(s *vscode.Settings) bool {
	st, ok := s.ExtensionValue("go.useLanguageServer")
	return ok && bytes.Equal(bytes.TrimSpace(st.Value), []byte("false"))
}

// ExtensionFlags are the arguments the Go extension passes for a go.languageServerFlags value
// (`['-mode=stdio', ...flags]`): an array's elements (anything else than a string as text); a
// string is spread into its characters. how explains an unusual conversion; ok is false for a
// value that is not an array or a string.
func ExtensionFlags(v json.RawMessage) (flags []string, how string, ok bool) {
	var val any
	if json.Unmarshal(v, &val) != nil {
		return nil, "", false
	}
	switch val := val.(type) {
	case []any:
		for _, e := range val {
			if s, ok := e.(string); ok {
				flags = append(flags, s)
				continue
			}
			data, _ := json.Marshal(e)
			flags = append(flags, string(data))
			how = " (an element that is not a string is passed as its text)"
		}
		return flags, how, true
	case string:
		for _, r := range val {
			flags = append(flags, string(r))
		}
		return flags, " (the value is a string, not an array, and the extension spreads a string into one argument per character)", true
	}
	return nil, "The extension then starts gopls with no extra flags at best, or fails to start it.", false
}
