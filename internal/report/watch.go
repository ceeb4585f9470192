package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/text"
)

// redactWatch is a copy of d with every string that may hold a secret redacted: the processes'
// command lines and paths, and the findings.
func redactWatch(d *result.Watch) *result.Watch {
	out := *d
	out.Processes = make([]result.WatchProcess, len(d.Processes))
	for i, p := range d.Processes {
		p.Binary = redact.Text(p.Binary)
		p.Workspace = redact.Text(p.Workspace)
		p.Args = redact.Argv(p.Args)
		out.Processes[i] = p
	}
	out.Findings = make([]finding.Finding, len(d.Findings))
	for i, f := range d.Findings {
		out.Findings[i] = redactFinding(f)
	}
	out.Note = redact.Text(d.Note)
	return &out
}

// WatchJSON writes the document of `gomedic watch --once --json` (docs/json.md), redacted.
func WatchJSON(w io.Writer, d *result.Watch) error {
	return writeJSON(w, redactWatch(d))
}

// WatchText writes one look for people: the census, one line a process, then the findings that
// call for attention with their detail and fix (all of them with Verbose).
func WatchText(w io.Writer, d *result.Watch, o TextOptions) error {
	d = redactWatch(d)
	p := &printer{w: w, o: o}
	p.line(p.paint(bold, fmt.Sprintf("gomedic watch · %s · %d gopls/dlv %s", d.Time.Format("2006-01-02 15:04:05"),
		len(d.Processes), map[bool]string{true: "process", false: "processes"}[len(d.Processes) == 1])))
	if d.Note != "" {
		p.line(printable(d.Note))
	}
	if len(d.Processes) > 0 {
		p.line("")
		p.line(fmt.Sprintf("  %-7s %-6s %-9s %-15s %9s %8s  %-8s %s", "PID", "TOOL", "ROLE", "EDITOR", "RSS", "CPU", "STARTED", "WORKSPACE / BINARY"))
	}
	for _, wp := range d.Processes {
		p.line(printable(censusLine(wp, o.Home)))
	}
	p.line("")
	problems := 0
	for _, f := range d.Findings {
		if f.Status.Problem() || o.Verbose {
			p.finding(f)
		}
		if f.Status.Problem() {
			problems++
		}
	}
	if problems == 0 {
		p.line("no problem found in gopls and dlv")
	}
	return p.err
}

// censusLine is one process of the census.
func censusLine(wp result.WatchProcess, home string) string {
	editor := wp.Editor
	if editor == "" {
		editor = "none"
	}
	where := text.Tilde(wp.Workspace, home)
	if where == "" {
		where = "-"
	}
	var marks []string
	if wp.WorkspaceFrom != "" {
		marks = append(marks, "folder from the editor's gopls log")
	}
	if wp.Orphaned {
		marks = append(marks, "orphaned")
	}
	if wp.BinaryState != "" {
		marks = append(marks, "binary "+wp.BinaryState)
	}
	if wp.MemoryLimit > 0 {
		marks = append(marks, "GOMEMLIMIT "+text.Bytes(wp.MemoryLimit))
	}
	if wp.TrendPerHour > 0 {
		marks = append(marks, "+"+text.Bytes(wp.TrendPerHour)+"/h")
	}
	line := fmt.Sprintf("  %-7d %-6s %-9s %-15s %9s %8s  %-8s %s  %s", wp.Pid, wp.Tool, wp.Role, editor, text.Bytes(wp.RSS),
		(time.Duration(wp.CPUMS) * time.Millisecond).Round(100*time.Millisecond), wp.Started.Format("15:04:05"), where, text.Tilde(wp.Binary, home))
	if len(marks) > 0 {
		line += "  (" + strings.Join(marks, ", ") + ")"
	}
	return line
}

// WatchEventText writes one change of a continuous watch as one line: its time, what changed,
// the finding's status, id and title.
func WatchEventText(w io.Writer, e result.WatchEvent) error {
	f := redactFinding(*e.Finding)
	status := strings.ToUpper(string(f.Status))
	if e.Change == "cleared" {
		status = "OK"
	}
	_, err := fmt.Fprintf(w, "%s %-9s %-5s %s  %s\n", e.Time.Format("2006-01-02T15:04:05"), e.Change, status, f.ID, printable(f.Title))
	return err
}

// WatchEventJSON writes one change as one line of JSON (JSON Lines), redacted.
func WatchEventJSON(w io.Writer, e result.WatchEvent) error {
	f := redactFinding(*e.Finding)
	e.Finding = &f
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// WatchServiceText writes the state of watch's per-user service.
func WatchServiceText(w io.Writer, st result.WatchService) error {
	state := "not installed"
	switch {
	case st.Installed && st.Running:
		state = "installed and running"
	case st.Installed:
		state = "installed, not running"
	case st.Running:
		state = "running, but its file is gone"
	}
	_, err := fmt.Fprintf(w, "service %s (%s): %s\n", redact.Text(st.File), st.Manager, state)
	if err == nil && st.Note != "" {
		_, err = fmt.Fprintln(w, redact.Text(st.Note))
	}
	return err
}

// DaemonEventText writes one start, end or restart of the supervised gopls as a line.
func DaemonEventText(w io.Writer, e result.DaemonEvent) error {
	line := e.Time.Format("2006-01-02T15:04:05") + " " + e.Event
	if e.Pid > 0 {
		line += fmt.Sprintf(" pid %d", e.Pid)
	}
	if e.Cause != "" {
		line += ": " + e.Cause
	}
	if e.Delay != "" {
		line += " in " + e.Delay
	}
	_, err := fmt.Fprintln(w, printable(redact.Text(line)))
	return err
}

// DaemonHeaderText writes what `gomedic watch --daemon` runs and the go.languageServerFlags value
// that points the editors at it.
func DaemonHeaderText(w io.Writer, gopls, socket, remoteFlag string) error {
	flag, err := json.Marshal([]string{remoteFlag})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "gopls daemon %s on %s\nset in the editor's settings.json: \"go.languageServerFlags\": %s\n",
		printable(redact.Text(gopls)), printable(redact.Text(socket)), redact.Text(string(flag)))
	return err
}

// Line writes one line of a command's own words (what was installed, removed), redacted.
func Line(w io.Writer, s string) error {
	_, err := fmt.Fprintln(w, printable(redact.Text(s)))
	return err
}
