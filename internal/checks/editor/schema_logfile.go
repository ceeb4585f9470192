package editor

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// logfileProblem is a -logfile of go.languageServerFlags gopls cannot create: gopls starts with
// os.Create(value) ("auto" is a file in the temporary directory) and exits with "gopls: unable to
// create log file: ..." when it fails, before serving (gopls/internal/debug's SetLogFile).
type logfileProblem struct {
	flag    schema.FlagValue
	problem string // "the directory /x does not exist", ...
	// expanded is the value with a leading ~ expanded, when that would work; "" otherwise.
	expanded string
}

// logfileProblems judges the -logfile values gopls would take from flags. The Go extension passes
// go.languageServerFlags to gopls as written (buildLanguageServerConfig in its
// src/language/goLanguageServer.ts substitutes nothing): a ~ or ${workspaceFolder} stays literal,
// and gopls expands nothing either, so such a path is relative to the working directory gopls is
// started in, which is not the workspace folder.
func logfileProblems(f *facts.Facts, flags []string, usage *schema.Usage) []logfileProblem {
	var out []logfileProblem
	for _, fv := range schema.FlagValues(flags, usage) {
		if fv.Name != "logfile" || fv.Value == "" || fv.Value == "auto" {
			continue
		}
		v := fv.Value
		p := logfileProblem{flag: fv}
		switch {
		case strings.HasPrefix(v, "~"):
			p.problem = "starts with ~, which neither the Go extension nor gopls expands: gopls opens a path relative to its working directory, under a directory named \"~\""
			if rest, ok := strings.CutPrefix(v, "~/"); ok && f.Host.HomeDir() != "" {
				if exp := filepath.Join(f.Host.HomeDir(), filepath.FromSlash(rest)); logfileDirProblem(f, exp) == "" {
					p.expanded = exp
				}
			}
		case strings.Contains(v, "${"):
			p.problem = "holds a ${...} variable, which the Go extension does not substitute in go.languageServerFlags: gopls opens the path as written"
		case !host.IsAbs(f.Host, v):
			continue // relative to the editor's working directory: not known here
		default:
			p.problem = logfileDirProblem(f, v)
		}
		if p.problem != "" {
			out = append(out, p)
		}
	}
	return out
}

// logfileDirProblem is why os.Create of the absolute path file would fail, or "".
func logfileDirProblem(f *facts.Facts, file string) string {
	dir := filepath.Dir(file)
	if fi, err := f.Host.Stat(file); err == nil && fi.IsDir() {
		return file + " is a directory"
	}
	fi, err := f.Host.Stat(dir)
	switch {
	case err != nil && host.IsNotExist(err):
		return "its directory " + dir + " does not exist (gopls does not create it)"
	case err != nil:
		return fmt.Sprintf("its directory %s cannot be used: %v", dir, err)
	case !fi.IsDir():
		return dir + " is not a directory"
	}
	if w := f.Host.Writable(dir, f.OwnDirs()); !w.Unknown && !w.OK() {
		return fmt.Sprintf("its directory %s cannot be written (%v)", dir, w.Err)
	}
	return ""
}

// logfileFinding is the failure for the first -logfile gopls cannot create.
func logfileFinding(st vscode.Setting, flags []string, g goplsCLI, cmdline, how string, ev []finding.Evidence) finding.Finding {
	p := g.logs[0]
	arg := flags[p.flag.Index]
	if p.flag.Span == 2 {
		arg += " " + flags[p.flag.Index+1]
	}
	detail := fmt.Sprintf("%s:%d sets \"go.languageServerFlags\", so the Go extension starts gopls as\n  %s%s\n"+
		"The log file %q %s. gopls creates its log file before it serves, so it prints\n  gopls: unable to create log file: open %s: ...\n"+
		"and exits: the editor is left without a language server (\"The gopls server crashed\"), no completion, navigation, hover or diagnostics.",
		st.File, st.Line, cmdline, how, p.flag.Value, p.problem, p.flag.Value)
	fixed := append(append([]string(nil), flags[:p.flag.Index]...), flags[p.flag.Index+p.flag.Span:]...)
	a := finding.Action{Kind: finding.SettingsEdit, File: st.File, Key: settingPointer(st, st.Key, nil)}
	summary := fmt.Sprintf("In %s, line %d: give -logfile an absolute path in a directory that exists (or \"auto\": a gopls-PID.log in the temporary directory), or remove it", st.File, st.Line)
	auto := false
	if p.expanded != "" {
		fixed = append([]string(nil), flags...)
		if p.flag.Span == 2 {
			fixed[p.flag.Index+1] = p.expanded
		} else {
			fixed[p.flag.Index] = strings.SplitN(fixed[p.flag.Index], "=", 2)[0] + "=" + p.expanded
		}
		auto = true
	}
	if len(fixed) == 0 {
		summary += ": remove \"go.languageServerFlags\""
	} else {
		data, _ := json.Marshal(fixed)
		a.Value = string(data)
		summary += fmt.Sprintf(": set \"go.languageServerFlags\" to %s", data)
	}
	summary += ", then restart the language server (Go: Restart Language Server)."
	return finding.Finding{Status: finding.Fail,
		Title:    fmt.Sprintf("gopls exits at start: it cannot create its log file %s (%s)", p.flag.Value, strings.TrimSpace(arg)),
		Detail:   detail,
		Evidence: ev,
		Fix:      &finding.Fix{Summary: summary, Actions: []finding.Action{a}, Auto: auto, Docs: docsGoplsDaemon}}
}
