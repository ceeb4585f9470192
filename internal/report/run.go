package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/shell"
)

// runOK is the classification of a run that exited 0 with nothing to say (run/classify.OK).
const runOK = "run.ok"

// runIndent is the margin of the lines under a run's verdict; runValueIndent that of a field's
// value (after the field's name, 8 wide, and a space).
const (
	runIndent      = "          "
	runValueIndent = runIndent + "         "
)

// RunJSON writes the run document as gomedic run --json prints it (docs/json.md), with the
// credentials in its strings redacted.
func RunJSON(w io.Writer, doc *result.Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(redactRun(doc))
}

// RunText writes the diagnosis of a run for a terminal, with the credentials redacted: the
// classification with its explanation, location, details and fix, then what ran, where, with
// which environment and input, and how it ended. glyphs chooses ✓/✗ over ok/FAIL.
func RunText(w io.Writer, doc *result.Run, glyphs bool) {
	d := redactRun(doc)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s  run    %s  [%s]\n", runMark(d, glyphs), d.Result.Title, d.Result.ID)
	runClassification(w, d.Result)
	fmt.Fprintln(w)
	runFields(w, d)
}

// RunProgress writes the line gomedic run prints before it starts a command: what for
// ("building", "running"), the command line (redacted) and where it runs.
func RunProgress(w io.Writer, what string, argv []string, dir string) {
	fmt.Fprintf(w, "gomedic run: %s: %s  (in %s)\n", what, redact.Text(shell.Join(redact.Argv(argv))), redact.Text(dir))
}

// runMark is the run's verdict at the start of its line.
func runMark(d *result.Run, glyphs bool) string {
	mark := "FAIL"
	switch {
	case d.Result.ID == runOK:
		mark = "ok  "
	case d.Status == 0:
		mark = "warn" // it exited 0, and something is still worth saying (no tests ran)
	}
	if glyphs {
		mark = map[string]string{"FAIL": "✗", "ok  ": "✓", "warn": "!"}[mark]
	}
	return mark
}

// runClassification writes the explanation, location, details and fix of a classification, each
// line indented under its title.
func runClassification(w io.Writer, c result.RunClassification) {
	block := func(s string) {
		for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
			fmt.Fprintf(w, "%s%s\n", runIndent, l)
		}
	}
	if c.Explanation != "" {
		block(c.Explanation)
	}
	if c.Location != "" {
		fmt.Fprintf(w, "%sat %s\n", runIndent, c.Location)
	}
	for _, d := range c.Details {
		block("  " + d)
	}
	if c.Fix == nil {
		return
	}
	if c.Fix.Summary != "" {
		block("fix: " + c.Fix.Summary)
	}
	for _, cmd := range c.Fix.Commands {
		fmt.Fprintf(w, "%s  %s\n", runIndent, cmd)
	}
	if c.Fix.Docs != "" {
		fmt.Fprintf(w, "%sdocs: %s\n", runIndent, c.Fix.Docs)
	}
}

// runFields writes what ran, where, with which environment and input, and how it ended, one
// named field a line.
func runFields(w io.Writer, d *result.Run) {
	field := func(name, value string) { fmt.Fprintf(w, "%s%-8s %s\n", runIndent, name, value) }
	if d.Build != nil {
		field("built", fmt.Sprintf("%s (%s, exit status %d)", d.Build.Line, runDuration(d.Build.DurationMS), d.Build.ExitCode))
	}
	if d.Ran || d.Mode == result.RunModeCommand {
		field("command", d.Line)
	}
	if d.Launch != nil {
		field("config", fmt.Sprintf("%s (%s:%d), mode %s", d.Launch.Name, d.Launch.File, d.Launch.Line, d.Launch.Mode))
	}
	field("cwd", d.Cwd+" — "+d.CwdReason)
	if len(d.Env) == 0 {
		field("env", "your shell's (the editor settings add no variables)")
	}
	for i, c := range d.Env {
		name := "env"
		if i > 0 {
			name = ""
		}
		field(name, runEnvLine(c))
	}
	if d.Ran {
		field("stdin", runStdin(d.Stdin))
	}
	field("exit", runExit(d))
	if d.Trace != nil {
		runTrace(w, d.Trace, field)
	}
	for _, n := range d.Notes {
		field("note", n)
	}
}

// runEnvLine says a variable the program got in one line: "GOFLAGS=-mod=mod (go.toolsEnvVars,
// /w/.vscode/settings.json:3; your shell: unset)".
func runEnvLine(c result.RunEnvChange) string {
	sh := "unset"
	if c.ShellSet {
		sh = fmt.Sprintf("%q", c.Shell)
	}
	return fmt.Sprintf("%s=%s (%s, %s:%d; your shell: %s)", c.Name, c.Value, c.Setting, c.File, c.Line, sh)
}

// runStdin says in words what the program got as standard input.
func runStdin(i result.RunStdin) string {
	switch i.Kind {
	case result.RunStdinFile:
		name := i.File
		if name == "-" {
			name = "gomedic's standard input"
		}
		return fmt.Sprintf("%s (%s, longest line %s)", name, runSize(i.Bytes), runSize(int64(i.MaxLine)))
	case result.RunStdinText:
		return fmt.Sprintf("the --input text (%s, longest line %s)", runSize(i.Bytes), runSize(int64(i.MaxLine)))
	case result.RunStdinTerminal:
		return "this terminal (what you type is passed on; Ctrl-D ends the input)"
	}
	return "empty: no --stdin or --input, and gomedic's standard input is not a terminal (the editor's Run gives a program no input either)"
}

// runExit says how the last command ended and gomedic's own status.
func runExit(d *result.Run) string {
	var s string
	switch {
	case d.Phase == result.RunPhaseBuild && d.Build == nil:
		s = "not built: the package is not a program"
	case d.StartError != "":
		s = "not started: " + d.StartError
	case d.TimedOut:
		s = fmt.Sprintf("stopped at --timeout %s (SIGQUIT, then killed)", time.Duration(d.TimeoutMS)*time.Millisecond)
		if d.Signal != "" {
			s += ", signal " + d.Signal
		} else {
			s += fmt.Sprintf(", exit status %d", d.ExitCode)
		}
	case d.Signal != "":
		s = "killed by signal " + d.Signal
	default:
		s = fmt.Sprintf("status %d", d.ExitCode)
	}
	if d.Interrupt {
		s += " (interrupted: gomedic passed Ctrl-C on)"
	}
	if d.StartError == "" && (d.DurationMS > 0 || d.Ran) {
		s += " after " + runDuration(d.DurationMS)
	}
	return fmt.Sprintf("%s; gomedic run exits %d", s, d.Status)
}

// runTrace writes what --trace saw: why it could not trace, or the failing calls kept.
func runTrace(w io.Writer, t *result.RunTrace, field func(string, string)) {
	if !t.Available {
		field("trace", t.Note)
		return
	}
	if len(t.Calls) == 0 {
		field("trace", fmt.Sprintf("no failing file or exec calls of the program (%d seen: the dynamic loader's, the runtime's or the go command's own look-ups)", t.Failed))
	} else {
		field("trace", fmt.Sprintf("the last failing file and exec calls (%d of %d):", len(t.Calls), t.Failed))
	}
	for _, c := range t.Calls {
		who := c.Comm
		if who == "" && c.Pid != 0 {
			who = fmt.Sprint(c.Pid)
		}
		if who != "" {
			who += ": "
		}
		fmt.Fprintf(w, "%s  %s%s(%q) = %s\n", runValueIndent, who, c.Name, c.Path, c.Errno)
	}
	if t.Note != "" {
		field("", t.Note)
	}
}

// runDuration is a duration in milliseconds as a person reads it: "298 ms", "2.5 s".
func runDuration(ms int64) string {
	if ms < 1000 {
		return fmt.Sprintf("%d ms", ms)
	}
	return fmt.Sprintf("%.1f s", float64(ms)/1000)
}

// runSize is a size in bytes as a person reads it: "8 bytes", "1.5 KiB", "2.0 MiB".
func runSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// redactRun is a copy of doc with the credentials in its strings redacted (URLs with a user and
// password, variables named like secrets, token-shaped words), as in every gomedic report; the
// runner and the classifier saw everything as it was.
func redactRun(doc *result.Run) *result.Run {
	d := *doc
	d.Command, d.Line = redact.Argv(d.Command), redactLine(d.Command, d.Line)
	if d.Build != nil {
		b := *d.Build
		b.Command, b.Line = redact.Argv(b.Command), redactLine(b.Command, b.Line)
		d.Build = &b
	}
	d.Env = make([]result.RunEnvChange, len(doc.Env))
	for i, c := range doc.Env {
		c.Value, c.Shell = redact.Var(c.Name, c.Value), redact.Var(c.Name, c.Shell)
		d.Env[i] = c
	}
	d.StartError = redact.Text(d.StartError)
	d.Stdout.Tail, d.Stderr.Tail = redact.Text(d.Stdout.Tail), redact.Text(d.Stderr.Tail)
	d.Result = redactClassification(d.Result)
	d.Notes = redactAll(d.Notes)
	if d.Trace != nil {
		d.Trace = redactTrace(*d.Trace)
	}
	if d.Launch != nil {
		l := *d.Launch
		l.Program, l.Cwd, l.EnvFile = redact.Text(l.Program), redact.Text(l.Cwd), redact.Text(l.EnvFile)
		l.Args, l.BuildFlags = redact.Argv(l.Args), redact.Argv(l.BuildFlags)
		d.Launch = &l
	}
	return &d
}

// redactLine is a command line as a shell would take it, redacted: from its words when it is
// them joined (a secret flag's value is the next word, whatever it looks like), else as text.
func redactLine(argv []string, line string) string {
	if line == shell.Join(argv) {
		return shell.Join(redact.Argv(argv))
	}
	return redact.Text(line)
}

// redactClassification is c with its words, details and fix redacted.
func redactClassification(c result.RunClassification) result.RunClassification {
	c.Title, c.Explanation, c.Location = redact.Text(c.Title), redact.Text(c.Explanation), redact.Text(c.Location)
	c.Details = redactAll(c.Details)
	if c.Fix != nil {
		fix := *c.Fix
		fix.Summary, fix.Commands, fix.Docs = redact.Text(fix.Summary), redactAll(fix.Commands), redact.Text(fix.Docs)
		c.Fix = &fix
	}
	return c
}

// redactTrace is t with its command line and each call's path and line redacted.
func redactTrace(t result.RunTrace) *result.RunTrace {
	t.Tool = redact.Text(t.Tool)
	if t.Calls != nil {
		calls := make([]result.RunTraceCall, len(t.Calls))
		for i, c := range t.Calls {
			c.Path, c.Line = redact.Text(c.Path), redact.Text(c.Line)
			calls[i] = c
		}
		t.Calls = calls
	}
	return &t
}
