package editor

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/vscode"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// goplsCLI is what the gopls the editor runs says about its command line.
type goplsCLI struct {
	path    string // "" when the editor finds no gopls
	version string // "gopls v0.21.1"
	usage   *schema.Usage
	res     []*host.Result // gopls help, gopls help serve
	err     error
	logs    []logfileProblem // -logfile values gopls cannot create
}

// languageServerCheck checks that the Go extension starts gopls, and that gopls accepts the
// arguments it is started with.
func languageServerCheck(ctx context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	g := goplsCLI{path: goplsPath(f)}
	if g.path != "" {
		g.version = goplsVersion(f, g.path)
		if st, ok := s.ExtensionValue("go.languageServerFlags"); ok && !isEmptyFlags(st.Value) && !schema.GoplsOff(s) {
			g.usage, g.res, g.err = f.GoplsFlags(ctx, g.path)
			if flags, _, ok := schema.ExtensionFlags(st.Value); ok && g.err == nil && g.usage != nil {
				g.logs = logfileProblems(f, flags, g.usage)
			}
		}
	}
	return languageServerFinding(s, g)
}

func isEmptyFlags(v json.RawMessage) bool {
	t := string(compactRaw(v))
	return t == "[]" || t == "null" || t == `""`
}

// languageServerFinding judges go.useLanguageServer and go.languageServerFlags.
func languageServerFinding(s *vscode.Settings, g goplsCLI) finding.Finding {
	if schema.GoplsOff(s) {
		return goplsTurnedOff(s)
	}
	st, ok := s.ExtensionValue("go.languageServerFlags")
	if !ok || isEmptyFlags(st.Value) {
		title := "gopls is on, started with no extra flags"
		if g.path != "" {
			title = fmt.Sprintf("gopls is on: the Go extension starts %s -mode=stdio", g.path)
		}
		return finding.Finding{Status: finding.OK, Title: title}
	}
	flags, how, ok := schema.ExtensionFlags(st.Value)
	ev := []finding.Evidence{doctor.Read(st.File, fmt.Sprintf("line %d: \"go.languageServerFlags\": %s", st.Line, text.ClipJSON(st.Value, maxValueShown)))}
	if !ok {
		return finding.Finding{Status: finding.Warn, Title: "go.languageServerFlags is not a list of flags",
			Detail:   fmt.Sprintf("%s:%d sets \"go.languageServerFlags\" to %s; the Go extension expects an array of strings (the arguments gopls is started with). %s", st.File, st.Line, text.ClipJSON(st.Value, maxValueShown), how),
			Evidence: ev,
			Fix: &finding.Fix{Summary: fmt.Sprintf("In %s, line %d: remove \"go.languageServerFlags\" (or make it an array of strings, such as [\"-rpc.trace\"]).", st.File, st.Line),
				Actions: []finding.Action{{Kind: finding.SettingsEdit, File: st.File, Key: settingPointer(st, st.Key, nil)}}, Docs: docsExtensionSettings}}
	}
	cmdline := commandLine(g.path, flags)
	switch {
	case g.path == "":
		return finding.Finding{Status: finding.Skip, Title: "go.languageServerFlags not checked: the editor finds no gopls",
			Detail:   fmt.Sprintf("%s:%d sets the flags %s; whether gopls accepts them can only be told by the gopls that will run (see tools.gopls.found).", st.File, st.Line, strings.Join(flags, " ")),
			Evidence: ev}
	case g.err != nil:
		for _, r := range g.res {
			ev = append(ev, doctor.Ran(r))
		}
		return finding.Finding{Status: finding.Skip, Title: "go.languageServerFlags not checked: gopls does not list its flags",
			Detail:   fmt.Sprintf("Asking %s for its flags failed (%v), so the flags %s could not be checked (see tools.gopls.runs).", g.path, g.err, strings.Join(flags, " ")),
			Evidence: ev}
	}
	ev = append(ev, usageEvidence(g)...)
	fixed, probs := schema.RepairFlags(flags, g.usage)
	var str string
	if json.Unmarshal(st.Value, &str) == nil {
		// A string: the repair is its words as an array, less what gopls rejects among them.
		fixed, _ = schema.RepairFlags(strings.Fields(str), g.usage)
	}
	if len(probs) == 0 && len(g.logs) > 0 {
		return logfileFinding(st, flags, g, cmdline, how, ev)
	}
	if len(probs) == 0 {
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s accepts its flags: %s", g.version, strings.Join(flags, " ")),
			Detail:   fmt.Sprintf("The Go extension starts gopls as\n  %s\n(%s:%d), and every argument is one %s takes.%s", cmdline, st.File, st.Line, g.version, how),
			Evidence: ev}
	}
	first := probs[0]
	lines := []string{
		fmt.Sprintf("%s:%d sets \"go.languageServerFlags\": %s, so the Go extension starts gopls as\n  %s%s", st.File, st.Line, text.ClipJSON(st.Value, maxValueShown), cmdline, how),
		fmt.Sprintf("and %s stops before serving: it prints\n  %s\nand exits%s. The editor is left without a language server: no completion, navigation, hover or diagnostics. The message is in the \"gopls (server)\" output channel.", g.version, first.Message, noteOf(first)),
	}
	if len(probs) > 1 {
		var more []string
		for _, p := range probs[1:] {
			more = append(more, "  "+flagAt(flags, p)+": "+p.Message+noteOf(p))
		}
		lines = append(lines, "With that fixed, gopls would reject these next:\n"+strings.Join(more, "\n"))
	}
	lines = append(lines, fmt.Sprintf("(Judged from %s's usage, the way Go's flag package and gopls parse a command line; gomedic does not start gopls with these flags, some of which start listeners or daemons.)", g.version))
	return finding.Finding{Status: finding.Fail,
		Title:    fmt.Sprintf("gopls exits at start: %s (%s)", first.Message, flagAt(flags, first)),
		Detail:   strings.Join(lines, "\n"),
		Evidence: ev,
		Fix:      flagsFix(s, st, fixed, probs)}
}

// goplsTurnedOff is the warning for go.useLanguageServer: false.
func goplsTurnedOff(s *vscode.Settings) finding.Finding {
	st, _ := s.ExtensionValue("go.useLanguageServer")
	detail := fmt.Sprintf("%s:%d sets \"go.useLanguageServer\": false, so the Go extension does not start gopls. Since v0.40.0 the extension has no other source of language features: no completion, hover, go to definition, references, rename, diagnostics, formatting or code actions.", st.File, st.Line)
	for _, o := range s.Overridden("go.useLanguageServer", st) {
		detail += fmt.Sprintf("\n%s:%d also sets it (to %s), but is overridden.", o.File, o.Line, compactRaw(o.Value))
	}
	if fl, ok := s.ExtensionValue("go.languageServerFlags"); ok && !isEmptyFlags(fl.Value) {
		detail += fmt.Sprintf("\nThe flags of go.languageServerFlags (%s:%d) are not used, nor checked, while gopls is off.", fl.File, fl.Line)
	}
	return finding.Finding{Status: finding.Warn, Title: "gopls is turned off (go.useLanguageServer: false)", Detail: detail,
		Evidence: []finding.Evidence{doctor.Read(st.File, fmt.Sprintf("line %d: \"go.useLanguageServer\": false", st.Line))},
		Fix: &finding.Fix{Summary: fmt.Sprintf("In %s, line %d: set \"go.useLanguageServer\" to true (the default), then reload the window.", st.File, st.Line),
			Actions: []finding.Action{{Kind: finding.SettingsEdit, File: st.File, Key: settingPointer(st, st.Key, nil), Value: "true"}},
			Auto:    true, Docs: docsExtensionSettings}}
}

// flagAt names the argument a problem is about: "argument 2, \"-foo\"".
func flagAt(flags []string, p schema.Problem) string {
	if len(p.Path) == 0 {
		return "go.languageServerFlags"
	}
	i, err := strconv.Atoi(p.Path[0])
	if err != nil || i < 0 || i >= len(flags) {
		return "go.languageServerFlags"
	}
	return fmt.Sprintf("argument %d, %q", i+1, flags[i])
}

// usageEvidence is the evidence of gopls's usage: the commands run, with the flags they list.
func usageEvidence(g goplsCLI) []finding.Evidence {
	var ev []finding.Evidence
	for i, r := range g.res {
		e := doctor.Ran(r)
		if g.usage != nil && r.OK() {
			e.Output = "flags: -" + strings.Join(g.usage.Names(i == 1), " -")
			if i == 0 {
				e.Output = "gopls [flags] [command]; " + e.Output
			} else {
				e.Output = "gopls [flags] serve [server-flags]; server " + e.Output
			}
		}
		ev = append(ev, e)
	}
	return ev
}

// flagsFix sets go.languageServerFlags to the flags gopls takes.
func flagsFix(s *vscode.Settings, st vscode.Setting, fixed []string, probs []schema.Problem) *finding.Fix {
	guess := false
	for _, p := range probs {
		guess = guess || p.Fix.Guess
	}
	a := finding.Action{Kind: finding.SettingsEdit, File: st.File, Key: settingPointer(st, st.Key, nil)}
	var summary string
	if len(fixed) == 0 {
		summary = fmt.Sprintf("In %s, line %d: remove \"go.languageServerFlags\" (gopls takes none of them), then restart the language server (Go: Restart Language Server).", st.File, st.Line)
	} else {
		data, _ := json.Marshal(fixed)
		a.Value = string(data)
		summary = fmt.Sprintf("In %s, line %d: set \"go.languageServerFlags\" to %s, then restart the language server (Go: Restart Language Server).", st.File, st.Line, data)
	}
	if guess {
		summary += " A misspelt flag was replaced by the closest one gopls has: check it."
	}
	return &finding.Fix{Summary: summary, Actions: []finding.Action{a}, Auto: !guess, Docs: docsGoplsDaemon}
}

// docsGoplsDaemon documents gopls's command line (its flags, -remote and the daemon).
const docsGoplsDaemon = "https://go.dev/gopls/daemon"

// noteOf is a problem's note for a detail line, "" when it has none.
func noteOf(p schema.Problem) string {
	if p.Note == "" {
		return ""
	}
	return " (" + p.Note + ")"
}

// commandLine is how the Go extension starts gopls.
func commandLine(gopls string, flags []string) string {
	if gopls == "" {
		gopls = "gopls"
	}
	c := host.Cmd{Path: gopls, Args: append(append([]string(nil), schema.ExtensionArgs...), flags...)}
	return c.String()
}
