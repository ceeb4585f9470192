package binfo

import (
	"bytes"
	"path"
	"strings"
)

// interpreter returns the interpreter of the #! line at the start of head:
// its first word or, for env, the command env runs. It returns "" when the
// line names no interpreter.
func interpreter(head []byte) string {
	words := shebangWords(head)
	if len(words) == 0 {
		return ""
	}
	if path.Base(words[0]) == "env" {
		if cmd := envCommand(words[1:]); cmd != "" {
			return cmd
		}
	}
	return words[0]
}

// shebangWords splits the #! line at the start of head into words
// separated by spaces and tabs, as kernels do. The line ends at a newline
// or NUL byte, or at the end of head.
func shebangWords(head []byte) []string {
	line, ok := bytes.CutPrefix(head, []byte("#!"))
	if !ok {
		return nil
	}
	if i := bytes.IndexAny(line, "\n\x00"); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	return strings.FieldsFunc(string(line), func(r rune) bool { return r == ' ' || r == '\t' })
}

// envCommand returns the command in env's arguments args: the first word
// that is neither an option nor a NAME=VALUE assignment, or "".
func envCommand(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-u" || a == "-C" || a == "-P" || a == "--unset" || a == "--chdir":
			i++ // skip the option's argument
		case strings.HasPrefix(a, "-S") && len(a) > 2:
			return a[2:] // -Scommand
		case strings.HasPrefix(a, "-"), strings.Contains(a, "="):
		default:
			return a
		}
	}
	return ""
}
