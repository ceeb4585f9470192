package run

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/run/classify"
)

// WriteText writes the diagnosis of r for a terminal: the classification with its explanation,
// location, details and fix, then what ran, where, with which environment and input, and how it
// ended. glyphs chooses ✓/✗ over ok/FAIL.
func WriteText(w io.Writer, r *Report, glyphs bool) {
	res := r.Result
	mark := "FAIL"
	switch {
	case res.ID == classify.OK:
		mark = "ok  "
	case r.Status == 0:
		mark = "warn" // it exited 0, and something is still worth saying (no tests ran)
	}
	if glyphs {
		mark = map[string]string{"FAIL": "✗", "ok  ": "✓", "warn": "!"}[mark]
	}
	const indent = "          "
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s  run    %s  [%s]\n", mark, res.Title, res.ID)
	block := func(s string) {
		for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
			fmt.Fprintf(w, "%s%s\n", indent, l)
		}
	}
	if res.Explanation != "" {
		block(res.Explanation)
	}
	if res.Location != "" {
		fmt.Fprintf(w, "%sat %s\n", indent, res.Location)
	}
	for _, d := range res.Details {
		block("  " + d)
	}
	if res.Fix != "" {
		block("fix: " + res.Fix)
	}
	for _, c := range res.Commands {
		fmt.Fprintf(w, "%s  %s\n", indent, c)
	}

	fmt.Fprintln(w)
	field := func(name, value string) { fmt.Fprintf(w, "%s%-8s %s\n", indent, name, value) }
	if r.Build != nil {
		field("built", fmt.Sprintf("%s (%s, exit status %d)", r.Build.Line, humanMS(r.Build.DurationMS), r.Build.ExitCode))
	}
	if r.Ran || r.Mode == ModeCommand {
		field("command", r.Line)
	}
	if r.Launch != nil {
		field("config", fmt.Sprintf("%s (%s:%d), mode %s", r.Launch.Name, r.Launch.File, r.Launch.Line, r.Launch.Mode))
	}
	field("cwd", r.Cwd+" — "+r.CwdReason)
	if len(r.Env) == 0 {
		field("env", "your shell's (the editor settings add no variables)")
	}
	for i, c := range r.Env {
		name := "env"
		if i > 0 {
			name = ""
		}
		field(name, c.String())
	}
	if r.Ran {
		field("stdin", r.Stdin.describe())
	}
	field("exit", r.exitText())
	if r.Trace != nil {
		r.writeTrace(w, field)
	}
	for _, n := range r.Notes {
		field("note", n)
	}
}

// exitText says how the last command ended and gomedic's own status.
func (r *Report) exitText() string {
	var s string
	switch {
	case r.Phase == classify.PhaseBuild && r.Build == nil:
		s = "not built: the package is not a program"
	case r.StartError != "":
		s = "not started: " + r.StartError
	case r.TimedOut:
		s = fmt.Sprintf("stopped at --timeout %s (SIGQUIT, then killed)", time.Duration(r.TimeoutMS)*time.Millisecond)
		if r.Signal != "" {
			s += ", signal " + r.Signal
		} else {
			s += fmt.Sprintf(", exit status %d", r.ExitCode)
		}
	case r.Signal != "":
		s = "killed by signal " + r.Signal
	default:
		s = fmt.Sprintf("status %d", r.ExitCode)
	}
	if r.Interrupt {
		s += " (interrupted: gomedic passed Ctrl-C on)"
	}
	if r.StartError == "" && (r.DurationMS > 0 || r.Ran) {
		s += " after " + humanMS(r.DurationMS)
	}
	return fmt.Sprintf("%s; gomedic run exits %d", s, r.Status)
}

func (r *Report) writeTrace(w io.Writer, field func(string, string)) {
	t := r.Trace
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
		fmt.Fprintf(w, "%s  %s%s(%q) = %s\n", strings.Repeat(" ", 10+9), who, c.Name, c.Path, c.Errno)
	}
	if t.Note != "" {
		field("", t.Note)
	}
}

func humanMS(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d ms", n)
	}
	return fmt.Sprintf("%.1f s", float64(n)/1000)
}
