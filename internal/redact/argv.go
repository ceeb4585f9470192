package redact

import "strings"

// Argv is a command line as gomedic may show it: every word redacted as Text, and the value of a
// flag whose name says it is secret replaced by Mark, in the same word (--token=V, handled by
// Text) or in the next one (--token V, -api-key V, -password V). A nil argv stays nil.
func Argv(args []string) []string {
	if args == nil {
		return nil
	}
	out := make([]string, len(args))
	for i := 0; i < len(args); i++ {
		out[i] = Text(args[i])
		if i+1 < len(args) && SecretFlag(args[i]) {
			i++
			out[i] = Word(args[i])
		}
	}
	return out
}

// SecretFlag reports whether word is a flag that takes a secret as the next word: "-" or "--",
// a name that says it is secret (Name), and no "=value".
func SecretFlag(word string) bool {
	name, ok := strings.CutPrefix(word, "-")
	if !ok || strings.Contains(word, "=") {
		return false
	}
	name = strings.TrimPrefix(name, "-")
	return name != "" && isLetter(name[0]) && Name(name)
}

// Word is a whole word that holds a secret (the value of a secret flag or variable): Mark, unless
// it is empty, a boolean, a placeholder or a reference to a variable.
func Word(w string) string {
	if exempt(w) {
		return Text(w)
	}
	return Mark
}
