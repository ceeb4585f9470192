package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// FixJSON writes the document of gomedic fix --json (docs/json.md) with every string redacted.
func FixJSON(w io.Writer, doc *result.Fix) error {
	if doc.Steps == nil {
		doc.Steps = []result.FixStep{}
	}
	return redactedJSON(w, doc)
}

// FixHistoryJSON writes the document of gomedic fix --history --json.
func FixHistoryJSON(w io.Writer, doc *result.FixHistory) error { return redactedJSON(w, doc) }

// FixUndoJSON writes what gomedic fix --undo --json restored.
func FixUndoJSON(w io.Writer, u *result.FixUndo) error { return redactedJSON(w, u) }

// redactedJSON writes v as indented JSON with every string redacted as redact.JSON does.
func redactedJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, redact.JSON("", b), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// FixText writes the plan and the outcome of every step for a terminal, then what the run comes to.
func FixText(w io.Writer, doc *result.Fix) {
	for i := range doc.Steps {
		FixStepText(w, &doc.Steps[i])
		FixOutcomeText(w, &doc.Steps[i])
	}
	fmt.Fprintln(w)
	if doc.Message != "" {
		fmt.Fprintln(w, redact.Text(doc.Message))
	}
	if doc.RunID != "" {
		fmt.Fprintf(w, "Journal: %s (undo: gomedic fix --undo %s)\n", redact.Text(doc.Journal), doc.RunID)
	}
}

// FixStepText writes what step s will do: its checks, why, and each change as a diff, a command
// or an install.
func FixStepText(w io.Writer, s *result.FixStep) {
	fmt.Fprintf(w, "\nStep %d [%s] %s  (%s)\n", s.N, strings.Join(s.Checks, ", "), redact.Text(s.Title), modeWords(s))
	if s.Summary != "" {
		fmt.Fprintf(w, "  %s\n", redact.Text(s.Summary))
	}
	if s.Mode == result.FixManual {
		if s.Error != "" {
			fmt.Fprintf(w, "  (%s)\n", redact.Text(s.Error))
		}
		for _, c := range s.Commands {
			fmt.Fprintf(w, "    $ %s\n", redact.Text(c))
		}
		return
	}
	for _, c := range s.Changes {
		switch {
		case c.Noop:
			fmt.Fprintf(w, "  %s: already done\n", redact.Text(changeName(c)))
		case c.Tool != "":
			fmt.Fprintf(w, "  install %s@%s\n", redact.Text(c.Tool), redact.Text(c.Version))
		default:
			if c.Command != "" {
				fmt.Fprintf(w, "  $ %s\n", redact.Text(c.Command))
			}
			if c.Diff != "" {
				for _, l := range strings.Split(strings.TrimRight(c.Diff, "\n"), "\n") {
					fmt.Fprintf(w, "    %s\n", printable(redact.Text(strings.TrimRight(l, "\r"))))
				}
			}
		}
	}
}

// changeName names a change in one line.
func changeName(c result.FixChange) string {
	if c.File != "" {
		return c.File
	}
	if c.Command != "" {
		return c.Command
	}
	return string(c.Kind)
}

// modeWords says how a step is applied.
func modeWords(s *result.FixStep) string {
	switch s.Mode {
	case result.FixAuto:
		return "automatic"
	case result.FixConfirm:
		if slices.ContainsFunc(s.Actions, func(a finding.Action) bool { return a.Kind == finding.Kill }) {
			return "asks first: ends a process, which cannot be undone"
		}
		if !slices.ContainsFunc(s.Actions, func(a finding.Action) bool { return a.Kind != finding.SettingsEdit }) {
			return "asks first: edits editor settings you wrote"
		}
		return "asks first: changes your module or runs a command"
	}
	return "manual: gomedic does not run this"
}

// FixOutcomeText writes how step s ended, with what the re-check says.
func FixOutcomeText(w io.Writer, s *result.FixStep) {
	var line string
	switch s.Outcome {
	case result.FixPlanned, result.FixManualOnly:
		return
	case result.FixFixed:
		line = "fixed"
	case result.FixNotCleared:
		line = "applied, but the check still does not pass"
	case result.FixFailed:
		line = "failed, and undone: " + s.Error
	case result.FixDeclined:
		line = "not applied"
		if s.Error != "" {
			line += ": " + s.Error
		}
	}
	fmt.Fprintf(w, "  => %s\n", redact.Text(line))
	for _, r := range s.Recheck {
		title := r.Title
		if r.BlockedBy != "" {
			title += " (blocked by " + r.BlockedBy + ")"
		}
		fmt.Fprintf(w, "     re-check %-4s %s  %s\n", r.Status, r.ID, redact.Text(title))
	}
}

// FixHistoryText lists the runs of gomedic fix, newest first.
func FixHistoryText(w io.Writer, doc *result.FixHistory) {
	if len(doc.Runs) == 0 {
		fmt.Fprintln(w, "No gomedic fix run has changed anything yet.")
		return
	}
	for _, r := range doc.Runs {
		state := ""
		if r.Undone {
			state = ", undone"
		}
		if !r.Complete {
			state += ", interrupted"
		}
		steps := "steps"
		if r.Steps == 1 {
			steps = "step"
		}
		fmt.Fprintf(w, "%s  %s  %d %s, %d applied%s\n", r.RunID, r.Started, r.Steps, steps, r.Applied, state)
	}
}

// FixUndoText says what an undo restored.
func FixUndoText(w io.Writer, u *result.FixUndo) {
	fmt.Fprintf(w, "Undid gomedic fix run %s:\n", u.RunID)
	if len(u.Restored) == 0 {
		fmt.Fprintln(w, "  nothing was left to restore")
	}
	for _, r := range u.Restored {
		fmt.Fprintf(w, "  restored %s\n", redact.Text(r))
	}
	for _, s := range u.Skipped {
		fmt.Fprintf(w, "  left alone: %s\n", redact.Text(s))
	}
}
