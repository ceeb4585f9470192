package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// ToolsOptions shape the text of the tools commands.
type ToolsOptions struct {
	Glyphs bool // ✓ ✗ rather than ok and FAIL
}

// writeJSON writes v as indented JSON, the format of every JSON document gomedic prints.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ToolsInstallJSON writes the document of `gomedic tools install --json`, redacted.
func ToolsInstallJSON(w io.Writer, d *result.ToolsInstall) error {
	return writeJSON(w, redactToolsInstall(d))
}

// ToolsListJSON writes the document of `gomedic tools list --json`, redacted.
func ToolsListJSON(w io.Writer, d *result.ToolsList) error {
	return writeJSON(w, redactToolsList(d))
}

// ToolsInstallText writes what happened to each tool: failures with their cause, the go
// command's own last lines, the fix and the log; then how many failed.
func ToolsInstallText(w io.Writer, d *result.ToolsInstall, o ToolsOptions) error {
	d = redactToolsInstall(d)
	p := &printer{w: w}
	if len(d.Results) == 0 {
		p.linef("no managed tools: gomedic tools install installs the editor's toolset")
		return p.err
	}
	p.line("")
	for _, r := range d.Results {
		switch r.Status {
		case result.ToolCurrent:
			p.linef("%s %s %s is current (%s)", toolMark(o, true), r.Tool, r.Version, r.Path)
		case result.ToolInstalled:
			toolInstalled(p, r, o)
		case result.ToolFailed:
			toolFailed(p, r, o)
		}
	}
	if n := d.Failed(); n > 0 {
		p.line("")
		p.linef("%d of %d tools failed to install; the versions that were active before are still active.", n, len(d.Results))
	}
	return p.err
}

func toolInstalled(p *printer, r result.ToolResult, o ToolsOptions) {
	line := fmt.Sprintf("%s %s %s installed in %s", toolMark(o, true), r.Tool, r.Version, r.Path)
	if r.Previous != "" && r.Previous != r.Version {
		line += fmt.Sprintf(" (was %s; gomedic tools rollback %s restores it)", r.Previous, r.Tool)
	}
	p.linef("%s", line)
	for _, n := range append(append([]string(nil), r.Overrides...), r.Notes...) {
		p.linef("    note: %s", n)
	}
}

func toolFailed(p *printer, r result.ToolResult, o ToolsOptions) {
	fl := r.Failure
	if fl == nil {
		fl = &result.ToolFailure{Summary: "failed"}
	}
	name := r.Tool
	if r.Version != "" {
		name += "@" + r.Version
	} else if r.Query != "" {
		name += "@" + r.Query
	}
	p.linef("%s %s: %s", toolMark(o, false), name, fl.Summary)
	p.lines("    ", fl.Detail)
	for _, n := range r.Overrides {
		p.linef("    note: %s", n)
	}
	if fl.Tail != "" {
		p.line("    the go command said:")
		p.lines("      ", fl.Tail)
	}
	if fl.Fix != nil {
		p.linef("    fix: %s", fl.Fix.Summary)
		for _, c := range fl.Fix.Commands {
			p.linef("      %s", c)
		}
	}
	if r.Log != "" {
		p.linef("    log: %s", r.Log)
	}
}

// toolMark is the mark of a tool's line.
func toolMark(o ToolsOptions, ok bool) string {
	switch {
	case o.Glyphs && ok:
		return "✓"
	case o.Glyphs:
		return "✗"
	case ok:
		return "ok  "
	}
	return "FAIL"
}

// ToolsListText writes the tools as a table: name, version, newest version, whether gomedic
// manages it, the other versions its store keeps (what a rollback restores first), and the
// binary the editor runs; then what the store keeps.
func ToolsListText(w io.Writer, d *result.ToolsList) error {
	d = redactToolsList(d)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TOOL\tVERSION\tLATEST\tMANAGED\tPREVIOUS\tPATH")
	stored := false
	for _, t := range d.Tools {
		version := t.Version
		if version == "" {
			version = "-"
			if t.Need != "" {
				version = "not installed (" + t.Need + ")"
			}
		}
		if t.Pinned != "" {
			version += " (pinned " + t.Pinned + ")"
		}
		managed := "no"
		if t.Managed {
			managed = "yes"
		}
		stored = stored || len(t.Store) > 0
		cells := []string{t.Name, version, orDash(t.Latest), managed, orDash(keptVersions(t)), orDash(t.Path)}
		for i, c := range cells {
			cells[i] = printable(strings.ReplaceAll(c, "\t", " "))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if stored {
		_, err := fmt.Fprintf(w, "\ngomedic's store keeps, of each tool, the active version, the one rollback restores, the pinned one, binaries it adopted and the %d most recently used others; an install removes the rest.\n", result.ToolsKeepOthers)
		return err
	}
	return nil
}

// keptVersions lists the stored versions of t other than the active one, each with why it is
// kept: "v1.0.0 (rollback), v0.9.0 (pinned), v0.8.0, v0.7.0 (removed at the next install)".
func keptVersions(t result.ListedTool) string {
	why := map[string]string{"previous": " (rollback)", "pinned": " (pinned)", "adopted": " (adopted)", "": " (removed at the next install)"}
	var out []string
	for _, v := range t.Store {
		if v.Keep != "active" {
			out = append(out, v.Version+why[v.Keep])
		}
	}
	if len(out) == 0 {
		return strings.Join(t.Previous, ", ") // a document without Store
	}
	return strings.Join(out, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ToolChangeText writes what `gomedic tools pin`, `rollback` or `remove` did.
func ToolChangeText(w io.Writer, ch result.ToolChange) error {
	tool, version, was := redact.Text(ch.Tool), redact.Text(ch.Version), redact.Text(ch.Was)
	p := &printer{w: w}
	switch ch.Action {
	case result.ToolPinned:
		p.linef("%s is pinned to %s: gomedic tools install %s installs it, and update keeps it", tool, version, tool)
	case result.ToolUnpinned:
		p.linef("%s is no longer pinned: install and update follow the newest version", tool)
	case result.ToolRolledBack:
		p.linef("%s %s is active again (was %s)", tool, version, orNothing(was))
	case result.ToolRemoved:
		p.linef("%s removed", tool)
	default:
		return fmt.Errorf("writing a tool change: unknown action %q", ch.Action)
	}
	return p.err
}

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}
