package vscode

import "strings"

// pointerEscaper escapes a JSON Pointer's reference token (RFC 6901).
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// Pointer is the JSON Pointer (RFC 6901) of key, and of the member at path inside its value, in
// the file st was read from: under "settings" in a .code-workspace file, under the language block
// for a setting in one. It is what a settings_edit action edits.
func (st Setting) Pointer(key string, path ...string) string {
	var parts []string
	if strings.HasSuffix(st.File, ".code-workspace") {
		parts = append(parts, "settings")
	}
	if st.Block != "" {
		parts = append(parts, st.Block)
	} else if st.Language != "" {
		parts = append(parts, "["+st.Language+"]")
	}
	parts = append(append(parts, key), path...)
	for i, p := range parts {
		parts[i] = pointerEscaper.Replace(p)
	}
	return "/" + strings.Join(parts, "/")
}
