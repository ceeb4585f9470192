package shell

import "strings"

// plainWord reports whether s means itself to a POSIX shell, zsh and fish without quoting: letters,
// digits and / - _ . : , + @ (= too, but not first, where zsh expands =cmd to a path).
func plainWord(s string) bool {
	if s == "" || s[0] == '=' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '/' || c == '-' || c == '_' || c == '.' || c == ':' || c == ',' || c == '=' || c == '+' || c == '@' ||
			c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Quote makes s one word for a POSIX shell (sh, bash, zsh, dash, ksh) that stands for exactly the
// bytes of s, whatever they are: a plain word stays as it is, anything else is single-quoted (in
// which nothing expands, not even ! in an interactive bash).
func Quote(s string) string {
	if plainWord(s) {
		return s
	}
	return quoteSingle(s)
}

// Join quotes each word with Quote and joins them with spaces: a command line to paste into a
// POSIX shell.
func Join(argv []string) string {
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = Quote(a)
	}
	return strings.Join(words, " ")
}

// Assign is the POSIX shell word that sets the variable name to value, as a command's prefix or a
// statement: NAME=value, the value quoted (a quoted name would not be an assignment).
func Assign(name, value string) string { return name + "=" + Quote(value) }

// quoteSingle puts s in single quotes for a POSIX shell, whatever it holds.
func quoteSingle(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// quoteDouble escapes s for the inside of a POSIX double-quoted string: $ ` " and \ keep their
// letter. It cannot protect ! from an interactive shell's history expansion: see AddToPath.
func quoteDouble(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s)
}

// QuoteFish makes s one word for fish, whose single quotes take \' and \\ as escapes.
func QuoteFish(s string) string {
	if plainWord(s) {
		return s
	}
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

// QuotePowerShell makes s a PowerShell single-quoted string, in which nothing expands. PowerShell
// also reads the typographic single quotes (‘ ’ ‚ ‛) as quotes, so those are doubled as well.
func QuotePowerShell(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201a', '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// QuoteCmd makes s one argument for a program started from cmd.exe, as the Microsoft C runtime
// splits a command line: a plain word stays as it is; otherwise it is double-quoted, backslashes
// before a quote doubled and quotes escaped as \". cmd itself still expands %VAR% inside quotes,
// and no quoting prevents that on an interactive command line: a value holding %NAME% of a set
// variable is best given in PowerShell.
func QuoteCmd(s string) string {
	if plainWord(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
			b.WriteRune(r)
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
		}
		slashes = 0
		b.WriteRune(r)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

// Quote makes word one word for this shell.
func (s Shell) Quote(word string) string {
	switch s.Name {
	case "fish":
		return QuoteFish(word)
	case "powershell":
		return QuotePowerShell(word)
	case "cmd":
		return QuoteCmd(word)
	}
	return Quote(word)
}

// Join quotes each word for this shell and joins them with spaces. A PowerShell line that starts
// with a quoted program is prefixed with the call operator &, without which it would be a string.
func (s Shell) Join(argv []string) string {
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = s.Quote(a)
	}
	line := strings.Join(words, " ")
	if s.Name == "powershell" && len(words) > 0 && strings.HasPrefix(words[0], "'") {
		line = "& " + line
	}
	return line
}
