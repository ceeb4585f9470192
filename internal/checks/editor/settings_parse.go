package editor

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/vscode"
)

// parseCheck reports the settings files that do not parse or cannot be read, all in one finding.
func parseCheck(_ context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	if len(s.Files) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no settings file found"}
	}
	var fails, warns, fixes []string
	var ev []finding.Evidence
	for _, sf := range s.Files {
		if sf.Err == nil {
			continue
		}
		var pe *vscode.ParseError
		if !errors.As(sf.Err, &pe) {
			pe = &vscode.ParseError{File: sf.Path, Msg: sf.Err.Error()}
		}
		what := settingsFileRole(sf)
		if pe.Line == 0 {
			if fi, err := f.Host.Stat(sf.Path); err == nil && fi.Size() > vscode.MaxFile {
				warns = append(warns, fmt.Sprintf("%s (%s) is %d MB: gomedic did not read it, so the settings in it are not checked.", sf.Path, what, fi.Size()>>20))
				continue
			}
			fails = append(fails, fmt.Sprintf("%s (%s) cannot be read: %s. The editor cannot read it either.", sf.Path, what, pe.Msg))
			fixes = append(fixes, fmt.Sprintf("Make %s a readable file (or remove it).", sf.Path))
			ev = append(ev, doctor.Read(sf.Path, pe.Error()))
			continue
		}
		fails = append(fails, fmt.Sprintf("%s (%s)", pe.Error(), what))
		data, _ := f.Host.ReadFile(sf.Path, vscode.MaxFile)
		fixes = append(fixes, parseSyntaxFix(sf, pe, data))
		ev = append(ev, doctor.Read(sf.Path, parseExcerpt(data, pe)))
	}
	switch {
	case len(fails) > 0:
		title := fmt.Sprintf("%d settings files do not parse", len(fails))
		if len(fails) == 1 {
			title = "a settings file does not parse: " + strings.SplitN(fails[0], " (", 2)[0]
		}
		detail := strings.Join(fails, "\n") + "\nVS Code reads such a file with a parser that skips what it cannot read: settings at and after the error may be lost or misread, " +
			"and it refuses to write to the file (\"Unable to write into user settings. Please open the user settings to correct errors/warnings in it and try again.\"). " +
			"gomedic checks none of the settings in it."
		if len(warns) > 0 {
			detail += "\n" + strings.Join(warns, "\n")
		}
		return finding.Finding{Status: finding.Fail, Title: title, Detail: detail, Evidence: ev,
			Fix: &finding.Fix{Summary: strings.Join(fixes, "\n"), Docs: "https://code.visualstudio.com/docs/getstarted/settings#_settings-json-file"}}
	case len(warns) > 0:
		return finding.Finding{Status: finding.Warn, Title: "a settings file is too large to check", Detail: strings.Join(warns, "\n"),
			Fix: &finding.Fix{Summary: "Find out what filled the file; a settings file holds a few kilobytes."}}
	}
	return finding.Finding{Status: finding.OK, Title: countOf(len(s.Files), "settings file parses", "settings files parse")}
}

// settingsFileRole names a settings file's role: "user settings of Code", "folder settings".
func settingsFileRole(sf *vscode.SettingsFile) string {
	var what string
	switch sf.Scope {
	case vscode.ScopeUser:
		what = "user settings of " + sf.Editor
		if sf.Profile != "" {
			what += ", profile " + sf.Profile
		}
		if why := sf.NotUsed(); why != "" {
			what += ", " + why
		}
	case vscode.ScopeRemote:
		what = "remote-server machine settings of " + sf.Editor
	case vscode.ScopeWorkspace:
		what = "workspace file"
	default:
		what = "folder settings"
	}
	return what
}

// parseSyntaxFix says how to repair the syntax error pe in the file: the exact text to add where
// gomedic can tell, else where to look.
func parseSyntaxFix(sf *vscode.SettingsFile, pe *vscode.ParseError, data []byte) string {
	at := fmt.Sprintf("%s, line %d, column %d", sf.Path, pe.Line, pe.Col)
	switch {
	case strings.Contains(pe.Msg, "after object value") || strings.Contains(pe.Msg, "after array element"):
		return fmt.Sprintf("In %s: a comma is missing before this value; add \",\" at the end of the value before it (line %d or above).", at, pe.Line)
	case strings.Contains(pe.Msg, "unexpected EOF"):
		return fmt.Sprintf("%s ends in the middle of its JSON (it was cut off, or a bracket or quote is missing): complete the last setting and close what is open%s.", sf.Path, parseClosers(data))
	case strings.Contains(pe.Msg, "not an object"):
		return fmt.Sprintf("In %s: a settings file is one object: put the settings between { and }.", at)
	case strings.Contains(pe.Msg, "nested more than"):
		return fmt.Sprintf("In %s: nothing in a settings file nests this deeply; remove the value that does.", at)
	}
	return fmt.Sprintf("In %s: fix the JSON (%s).", at, pe.Msg)
}

// parseClosers says what a truncated file leaves open: the text that closes it, in order.
func parseClosers(data []byte) string {
	var open []byte
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString && c == '\\':
			i++
		case inString:
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(data) && data[i+1] == '/':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			end := strings.Index(string(data[i+2:]), "*/")
			if end < 0 {
				return " (a /* comment is not closed: end it with */)"
			}
			i += 2 + end + 1
		case c == '{':
			open = append(open, '}')
		case c == '[':
			open = append(open, ']')
		case (c == '}' || c == ']') && len(open) > 0:
			open = open[:len(open)-1]
		}
	}
	var b strings.Builder
	if inString {
		b.WriteByte('"')
	}
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteByte(open[i])
	}
	switch {
	case b.Len() == 0:
		return ""
	case b.Len() > 16:
		return fmt.Sprintf(" (%d brackets are open)", len(open))
	}
	return fmt.Sprintf(" (the end of the file needs %s)", b.String())
}

// parseExcerpt is the line of the file where pe is, with a caret under the column.
func parseExcerpt(data []byte, pe *vscode.ParseError) string {
	lines := strings.Split(string(data), "\n")
	if pe.Line < 1 || pe.Line > len(lines) {
		return pe.Error()
	}
	line := strings.TrimRight(lines[pe.Line-1], "\r")
	col := pe.Col
	if len(line) > 120 {
		start := max(0, col-60)
		end := min(len(line), start+120)
		line = line[start:end]
		col -= start
	}
	return fmt.Sprintf("%s\n%4d | %s\n     | %s^", pe.Error(), pe.Line, line, strings.Repeat(" ", max(0, col-1)))
}
