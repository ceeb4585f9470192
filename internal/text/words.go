package text

import "strings"

// Plural is one when n is 1, else many: "check" or "checks".
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Tilde writes the path p as ~ or ~/... (~\... on Windows) when it is the home directory home or
// under it, for showing; p as it is otherwise.
func Tilde(p, home string) string {
	if home != "" && home != "/" && (p == home || strings.HasPrefix(p, home+"/") || strings.HasPrefix(p, home+`\`)) {
		return "~" + strings.TrimPrefix(p, home)
	}
	return p
}
