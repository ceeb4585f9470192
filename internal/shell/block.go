package shell

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
)

// The lines that open and close the block of a start-up file that gomedic owns: `gomedic fix`
// writes its PATH and unset lines between them, updates them in place on a second fix, and its
// undo restores the file without them.
const (
	BlockStart = "# >>> gomedic >>>"
	BlockEnd   = "# <<< gomedic <<<"
	blockNote  = "# Written by gomedic fix; gomedic fix --undo takes it out."
)

// Syntax is the language of a start-up file, decided by its name.
type Syntax string

// The syntaxes of start-up files.
const (
	SyntaxPOSIX        Syntax = "sh"            // ~/.profile, ~/.bashrc, ~/.zshrc, ~/.bash_profile, ~/.zprofile...
	SyntaxFish         Syntax = "fish"          // *.fish
	SyntaxPowerShell   Syntax = "powershell"    // *.ps1
	SyntaxEnvironmentD Syntax = "environment.d" // ~/.config/environment.d/*.conf (man environment.d)
)

// SyntaxOf is the syntax of the start-up file file.
func SyntaxOf(file string) Syntax {
	base := filepath.Base(file)
	switch {
	case strings.HasSuffix(base, ".fish"):
		return SyntaxFish
	case strings.HasSuffix(strings.ToLower(base), ".ps1"):
		return SyntaxPowerShell
	case strings.HasSuffix(base, ".conf") && filepath.Base(filepath.Dir(file)) == "environment.d":
		return SyntaxEnvironmentD
	}
	return SyntaxPOSIX
}

// PathLine is the line of syntax sy that puts dir at the front of PATH; for a POSIX shell, home,
// when dir is under it, is written as $HOME so the line survives a moved home.
func (sy Syntax) PathLine(dir, home string) string {
	s := Shell{Name: "sh", home: home}
	prefix, rest := s.splitHome(dir)
	switch sy {
	case SyntaxFish:
		return "set -gx PATH " + QuoteFish(dir) + " $PATH"
	case SyntaxPowerShell:
		return "$env:PATH = " + QuotePowerShell(dir) + " + [IO.Path]::PathSeparator + $env:PATH"
	case SyntaxEnvironmentD:
		// The user manager's own variables expand in these files, yet the path is written whole:
		// nothing here depends on HOME being among them.
		return "PATH=" + dir + ":${PATH}"
	}
	if strings.Contains(rest, "!") {
		return `export PATH="` + prefix + `"` + quoteSingle(rest) + `":$PATH"`
	}
	return `export PATH="` + prefix + quoteDouble(rest) + `:$PATH"`
}

// UnsetLine is the line of syntax sy that removes the variable name from the environment; for
// environment.d, which cannot unset, it sets it empty (the go command reads an empty variable as
// not set).
func (sy Syntax) UnsetLine(name string) string {
	switch sy {
	case SyntaxFish:
		return "set -e " + name
	case SyntaxPowerShell:
		return "Remove-Item Env:" + name + " -ErrorAction SilentlyContinue"
	case SyntaxEnvironmentD:
		return name + "="
	}
	return "unset " + name
}

// WithBlock returns content with gomedic's block holding its current lines plus lines (each once,
// in order): the block is updated where it is, or appended at the end. Line ends follow the file's
// (CRLF when it has any).
func WithBlock(content []byte, lines []string) []byte {
	nl := "\n"
	if bytes.Contains(content, []byte("\r\n")) {
		nl = "\r\n"
	}
	start, end, old := findBlock(content)
	for _, l := range lines {
		if !slices.Contains(old, l) {
			old = append(old, l)
		}
	}
	block := BlockStart + nl + blockNote + nl + strings.Join(old, nl) + nl + BlockEnd + nl
	if start < 0 {
		out := append([]byte(nil), content...)
		if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
			out = append(out, nl...)
		}
		if len(out) > 0 {
			out = append(out, nl...)
		}
		return append(out, block...)
	}
	out := append([]byte(nil), content[:start]...)
	out = append(out, block...)
	return append(out, content[end:]...)
}

// BlockLines are the lines inside gomedic's block of content (its note left out), nil when none.
func BlockLines(content []byte) []string {
	_, _, lines := findBlock(content)
	return lines
}

// findBlock finds gomedic's block: the offsets of its first byte and of the byte after its end
// line, and the lines between the markers; -1, -1 when there is none (or it is not closed).
func findBlock(content []byte) (start, end int, lines []string) {
	i := bytes.Index(content, []byte(BlockStart))
	if i < 0 || (i > 0 && content[i-1] != '\n') {
		return -1, -1, nil
	}
	j := bytes.Index(content[i:], []byte(BlockEnd))
	if j < 0 {
		return -1, -1, nil
	}
	j += i
	end = j + len(BlockEnd)
	if rest := content[end:]; bytes.HasPrefix(rest, []byte("\r\n")) {
		end += 2
	} else if bytes.HasPrefix(rest, []byte("\n")) {
		end++
	}
	for _, l := range strings.Split(string(content[i+len(BlockStart):j]), "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) != "" && l != blockNote {
			lines = append(lines, l)
		}
	}
	return i, end, lines
}
