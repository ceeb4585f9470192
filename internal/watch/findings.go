package watch

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/text"
)

// The ids of watch's findings (docs/checks.md, section watch).
const (
	IDOrphaned    = "watch.gopls.orphaned"
	IDMemory      = "watch.gopls.memory"
	IDDuplicates  = "watch.gopls.duplicates"
	IDStaleBinary = "watch.gopls.stale_binary"
	IDCrashes     = "watch.gopls.crashes"
	IDDaemonEnv   = "watch.gopls.daemon_env"
)

// procLine is one process as evidence: what the census read of it.
func procLine(p Proc) string {
	s := fmt.Sprintf("pid %d ppid %d %s %s", p.Pid, p.PPid, p.Tool, p.Binary)
	if len(p.Args) > 0 {
		s += " " + strings.Join(p.Args, " ")
	}
	s += fmt.Sprintf("\n  role %s, editor %s, workspace %s, rss %s, cpu %s",
		p.Role, orNone(p.Editor), orNone(p.Workspace), text.Bytes(p.RSS), (time.Duration(p.CPUMS) * time.Millisecond).String())
	if !p.Started.IsZero() {
		s += ", started " + p.Started.Format(time.RFC3339)
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// procEvidence is the evidence of a finding about procs: where the census read them and what.
func procEvidence(procs []Proc) finding.Evidence {
	lines := make([]string, len(procs))
	files := make([]string, len(procs))
	for i, p := range procs {
		lines[i] = procLine(p)
		files[i] = "/proc/" + strconv.Itoa(p.Pid)
	}
	return finding.Evidence{File: strings.Join(files, " "), Output: strings.Join(lines, "\n")}
}

// ok is the finding of an id with nothing to report.
func ok(id, title string) finding.Finding {
	return finding.Finding{ID: id, Layer: finding.LayerWatch, Status: finding.OK, Title: title}
}

// Orphaned reports the gopls and dlv processes whose editor is gone: re-parented to init or a
// reaper. Its fix ends them, after the user confirms (Auto unset): a kill per process, with the
// executable and start time so that a reused pid is never signalled.
func Orphaned(procs []Proc) finding.Finding {
	var orphans []Proc
	var total int64
	for _, p := range procs {
		if p.Orphaned {
			orphans = append(orphans, p)
			total += p.RSS
		}
	}
	if len(orphans) == 0 {
		return ok(IDOrphaned, "no gopls or dlv outlived its editor")
	}
	fix := &finding.Fix{Summary: "End the leftover processes: no editor talks to them any more"}
	var pids []string
	for _, p := range orphans {
		pids = append(pids, strconv.Itoa(p.Pid))
		fix.Actions = append(fix.Actions, finding.Action{Kind: finding.Kill, Pid: p.Pid, Path: p.Binary,
			Started: p.Started.UTC().Format(time.RFC3339Nano)})
	}
	fix.Commands = []string{"kill " + strings.Join(pids, " ")}
	return finding.Finding{
		ID: IDOrphaned, Layer: finding.LayerWatch, Status: finding.Warn,
		Title: fmt.Sprintf("%d %s outlived the editor that started %s, holding %s", len(orphans),
			text.Plural(len(orphans), "gopls or dlv process", "gopls or dlv processes"), text.Plural(len(orphans), "it", "them"), text.Bytes(total)),
		Detail: "Their parent exited and they were re-parented (to init or the user's service manager): " +
			"no editor window talks to them, yet they keep their memory and keep watching files. " +
			"An editor that quit or crashed without stopping its language server leaves them.",
		Evidence: []finding.Evidence{procEvidence(orphans)},
		Fix:      fix,
	}
}

// Duplicates reports several editor-started gopls servers on one workspace folder: each loads
// and type-checks the same packages and holds them in its own memory.
func Duplicates(procs []Proc) finding.Finding {
	groups := map[string][]Proc{}
	for _, p := range procs {
		if p.Tool == "gopls" && p.Role == "server" && p.Workspace != "" {
			groups[p.Workspace] = append(groups[p.Workspace], p)
		}
	}
	unknownNote := unknownFolders(procs)
	var dirs []string
	for dir, g := range groups {
		if len(g) > 1 {
			dirs = append(dirs, dir)
		}
	}
	if len(dirs) == 0 {
		f := ok(IDDuplicates, "one gopls per workspace")
		if unknownNote != "" {
			f.Title, f.Detail = "one gopls per workspace, among those whose folder is known", unknownNote
		}
		return f
	}
	slices.Sort(dirs)
	var ev []finding.Evidence
	var parts []string
	for _, dir := range dirs {
		var sum int64
		for _, p := range groups[dir] {
			sum += p.RSS
		}
		parts = append(parts, fmt.Sprintf("%d on %s (%s together)", len(groups[dir]), dir, text.Bytes(sum)))
		ev = append(ev, procEvidence(groups[dir]))
	}
	return finding.Finding{
		ID: IDDuplicates, Layer: finding.LayerWatch, Status: finding.Warn,
		Title: "Several gopls serve the same workspace: " + strings.Join(parts, "; "),
		Detail: strings.TrimSpace("Each gopls loads and type-checks the whole workspace and keeps it in memory, so the memory " +
			"adds up. Several editor windows on one folder, or a window that started a second language server, do this. " + unknownNote),
		Evidence: ev,
		Fix: &finding.Fix{
			Summary: "Close the extra windows, or share one gopls: run `gomedic watch --daemon` and set " +
				"\"go.languageServerFlags\" to the -remote value it prints",
			Commands: []string{"gomedic watch --daemon"},
			Docs:     "https://go.dev/gopls/daemon",
		},
	}
}

// unknownFolders says which editor gopls servers have a folder the census could not tell, and
// so were not compared; "" when there is none.
func unknownFolders(procs []Proc) string {
	var unknown []string
	for _, p := range procs {
		if p.Tool == "gopls" && p.Role == "server" && p.Workspace == "" {
			unknown = append(unknown, strconv.Itoa(p.Pid))
		}
	}
	n := len(unknown)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s of gopls %s %s unknown: %s in the home or root directory (the editor's extension host's), "+
		"and no editor log open in %s window names a view %s created, so %s not compared.",
		text.Plural(n, "The folder", "The folders"), text.Plural(n, "pid", "pids"), strings.Join(unknown, ", ")+text.Plural(n, " is", " are"),
		text.Plural(n, "it works", "they work"), text.Plural(n, "its", "their"), text.Plural(n, "it", "they"), text.Plural(n, "it is", "they are"))
}

// StaleBinary reports processes that no longer run the binary at their path: it was upgraded
// (replaced) or removed since they started, so the editor would start something else now.
func StaleBinary(procs []Proc) finding.Finding {
	var stale []Proc
	var states []string
	for _, p := range procs {
		if p.BinaryState != "" {
			stale = append(stale, p)
			states = append(states, fmt.Sprintf("%s (pid %d) was %s", p.Binary, p.Pid, p.BinaryState))
		}
	}
	if len(stale) == 0 {
		return ok(IDStaleBinary, "every gopls and dlv runs the binary on disk")
	}
	return finding.Finding{
		ID: IDStaleBinary, Layer: finding.LayerWatch, Status: finding.Warn,
		Title: "A running language server or debugger is not the binary on disk: " + strings.Join(states, "; "),
		Detail: "The file was replaced (an upgrade: go install, gomedic tools install) or removed after the process " +
			"started, or the editor's settings and Go environment now lead to another gopls. The process keeps running " +
			"the old code, with its bugs, until it is restarted; the editor would start the other one.",
		Evidence: []finding.Evidence{procEvidence(stale)},
		Fix: &finding.Fix{
			Summary: "Restart the language server: in VS Code run \"Go: Restart Language Server\" from the " +
				"command palette (or reload the window); restart a debug session",
		},
	}
}
