package watch

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// kernelLogTimeout bounds journalctl and dmesg.
const kernelLogTimeout = 5 * time.Second

// maxCrashLines caps the lines a finding shows per file.
const maxCrashLines = 8

// Crashes reports the crashes the editors' logs recorded since since: a give-up or a failure to
// start fails (the editor has no language server until the window reloads); crashes the
// extension recovered from warn. A SIGKILL is joined with the OS's record of an out-of-memory
// kill of gopls when one is readable.
func Crashes(ctx context.Context, h host.Host, lines []CrashLine) finding.Finding {
	if len(lines) == 0 {
		return ok(IDCrashes, "the editors' logs record no gopls crash")
	}
	status, kinds := finding.Warn, map[string]int{}
	var order []string
	killed := false
	for _, l := range lines {
		if l.Fatal {
			status = finding.Fail
		}
		if kinds[l.Kind] == 0 {
			order = append(order, l.Kind)
		}
		kinds[l.Kind]++
		killed = killed || l.Signal == "SIGKILL"
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%s (%d)", k, kinds[k]))
	}
	f := finding.Finding{
		ID: IDCrashes, Layer: finding.LayerWatch, Status: status,
		Title:    "gopls crashed: " + strings.Join(parts, ", "),
		Detail:   crashDetail(lines[len(lines)-1]),
		Evidence: crashEvidence(lines),
		Fix: &finding.Fix{
			Summary: "Read the gopls lines above the crash in the \"gopls (server)\" output channel, then restart the " +
				"language server (\"Go: Restart Language Server\"); if it was killed for memory, see watch.gopls.memory",
			Docs: "https://github.com/golang/vscode-go/blob/master/docs/troubleshooting.md",
		},
	}
	if killed {
		if ev, ok := oomEvidence(ctx, h); ok {
			f.Evidence = append(f.Evidence, ev)
			f.Detail += " The kernel killed gopls for lack of memory (out-of-memory killer): see its log below."
		}
	}
	return f
}

// crashDetail says what the last crash line means.
func crashDetail(last CrashLine) string {
	when := last.Time.Format("2006-01-02 15:04:05")
	if last.Fatal {
		return fmt.Sprintf("The %s log says the Go extension stopped starting gopls (%s, last at %s): the window has no "+
			"completion, diagnostics or navigation until it is reloaded.", last.Editor, last.Kind, when)
	}
	return fmt.Sprintf("The %s log records gopls ending without being asked (last at %s); the extension restarted it, "+
		"losing its state, and gives up after 5 crashes in 3 minutes.", last.Editor, when)
}

// crashEvidence is the crash lines, grouped by file, at most maxCrashLines each.
func crashEvidence(lines []CrashLine) []finding.Evidence {
	var ev []finding.Evidence
	byFile := map[string][]string{}
	var files []string
	for _, l := range lines {
		if byFile[l.File] == nil {
			files = append(files, l.File)
		}
		byFile[l.File] = append(byFile[l.File], l.Time.Format("2006-01-02 15:04:05")+"  "+text.Printable(l.Text))
	}
	for _, file := range files {
		ls := byFile[file]
		if len(ls) > maxCrashLines {
			ls = append([]string{fmt.Sprintf("(%d earlier lines)", len(ls)-maxCrashLines)}, ls[len(ls)-maxCrashLines:]...)
		}
		ev = append(ev, finding.Evidence{File: file, Output: strings.Join(ls, "\n")})
	}
	return ev
}

// oomRe finds the kernel's out-of-memory kill of a gopls ("Out of memory: Killed process 1234
// (gopls) total-vm:...", mm/oom_kill.c) and macOS's jetsam report naming it.
var oomRe = regexp.MustCompile(`Killed process \d+ \(gopls\)|"gopls"|\bgopls\b.*jetsam`)

// oomEvidence looks for the OS's record of an out-of-memory kill of gopls that this user may
// read: the kernel log (journalctl -k, else dmesg) on Linux, jetsam reports on macOS.
func oomEvidence(ctx context.Context, h host.Host) (finding.Evidence, bool) {
	if h.OS() == "darwin" {
		return jetsamEvidence(h)
	}
	for _, c := range []host.Cmd{
		{Path: "journalctl", Args: []string{"-k", "-q", "--no-pager", "--since", "-7d", "-g", `Killed process [0-9]+ \(gopls\)`}},
		{Path: "dmesg", Args: []string{"-T"}},
	} {
		c.Timeout, c.OutputLimit = kernelLogTimeout, 4<<20
		res := h.Run(ctx, c)
		if res.Err != nil || res.ExitCode != 0 {
			continue
		}
		var hits []string
		for line := range strings.SplitSeq(string(res.Stdout), "\n") {
			if strings.Contains(line, "(gopls)") && strings.Contains(line, "Killed process") {
				hits = append(hits, line)
			}
		}
		if len(hits) > 0 {
			return finding.Evidence{Command: c.String(), Output: strings.Join(text.LastLines(hits, maxCrashLines), "\n")}, true
		}
	}
	return finding.Evidence{}, false
}

// jetsamEvidence reads macOS's jetsam reports (~/Library/Logs/DiagnosticReports/JetsamEvent-*)
// for one that names gopls.
func jetsamEvidence(h host.Host) (finding.Evidence, bool) {
	dir := filepath.Join(h.HomeDir(), "Library", "Logs", "DiagnosticReports")
	entries, err := h.ReadDir(dir)
	if err != nil {
		return finding.Evidence{}, false
	}
	for i := len(entries) - 1; i >= 0; i-- {
		name := entries[i].Name()
		if !strings.HasPrefix(name, "JetsamEvent-") {
			continue
		}
		data, err := h.ReadFile(filepath.Join(dir, name), maxLogBytes)
		if err == nil && oomRe.Match(data) {
			return finding.Evidence{File: filepath.Join(dir, name), Output: "a jetsam (out of memory) report names gopls"}, true
		}
	}
	return finding.Evidence{}, false
}
