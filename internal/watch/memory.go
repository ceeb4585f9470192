package watch

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/text"
)

// memoryProblem is why one process's memory is reported.
type memoryProblem struct {
	p   Proc
	why string
}

// memoryProblems are the gopls and dlv processes whose resident memory is above their GOMEMLIMIT
// (read from the environment they run with) or rises steadily across the samples (growing marks
// those, by pid).
func memoryProblems(procs []Proc, growing map[int]bool) []memoryProblem {
	var probs []memoryProblem
	for _, p := range procs {
		switch {
		case p.MemoryLimit > 0 && p.RSS > p.MemoryLimit:
			probs = append(probs, memoryProblem{p, fmt.Sprintf("pid %d uses %s, above its GOMEMLIMIT of %s", p.Pid, text.Bytes(p.RSS), text.Bytes(p.MemoryLimit))})
		case growing[p.Pid]:
			probs = append(probs, memoryProblem{p, fmt.Sprintf("pid %d grew steadily to %s (%s per hour)", p.Pid, text.Bytes(p.RSS), text.Bytes(p.TrendPerHour))})
		}
	}
	return probs
}

// hugeWorkspace is the number of workspace packages from which the repair leads with
// directoryFilters: gopls keeps metadata for every package it loads and type-checks the
// workspace packages for diagnostics, so its memory follows their number.
const hugeWorkspace = 1000

// Memory reports the memory problems (memoryProblems) with the workspace's package count gopls
// gave for each process (counts, by pid; a process without one is not counted). GOMEMLIMIT is a
// soft limit: a process above it holds that much live data, so the garbage collector runs almost
// constantly and the editor slows down before the OS kills it.
func Memory(probs []memoryProblem, counts map[int]packageCount) finding.Finding {
	if len(probs) == 0 {
		return ok(IDMemory, "gopls and dlv memory within limits and steady")
	}
	var whys, sizes []string
	var ps []Proc
	var biggest int64
	most := -1
	ev := []finding.Evidence{}
	for _, m := range probs {
		whys = append(whys, m.why)
		ps = append(ps, m.p)
		biggest = max(biggest, m.p.RSS)
		if c, ok := counts[m.p.Pid]; ok {
			sizes = append(sizes, fmt.Sprintf("pid %d: %s.", m.p.Pid, c))
			most = max(most, c.N)
			if c.Command != "" {
				ev = append(ev, finding.Evidence{Command: c.Command, Output: c.String(), DurationMS: c.Took.Milliseconds()})
			}
		}
	}
	detail := "Above its GOMEMLIMIT, the Go garbage collector runs almost all the time and the editor slows down; " +
		"memory that keeps rising ends with the OS killing gopls. gopls's memory follows the packages it loads: " +
		"leave generated trees, node_modules and vendored copies out of the workspace, or give it the memory it needs."
	if len(sizes) > 0 {
		detail += " " + strings.Join(sizes, " ")
	}
	return finding.Finding{
		ID: IDMemory, Layer: finding.LayerWatch, Status: finding.Warn,
		Title:    "A language server's memory is too high: " + strings.Join(whys, "; "),
		Detail:   detail,
		Evidence: append([]finding.Evidence{procEvidence(ps)}, ev...),
		Fix:      memoryFix(most, roundUpGiB(biggest*3/2)),
	}
}

// memoryFix is the repair, led by the workspace's size when gopls gave it (most: the largest
// count, -1 when none): a huge workspace is cut down with directoryFilters, a small one that
// still needs this much is given the memory, or its growth reported.
func memoryFix(most int, limit int64) *finding.Fix {
	raise := fmt.Sprintf("raise the limit to at least %s: run `gomedic watch --daemon --memory-limit %s` to share one gopls with that limit, "+
		"or set GOMEMLIMIT=%s in \"go.toolsEnvVars\"", text.Bytes(limit), text.Bytes(limit), text.Bytes(limit))
	fx := &finding.Fix{Docs: "https://go.dev/gopls/settings#directoryfilters-string"}
	switch {
	case most >= hugeWorkspace:
		fx.Summary = fmt.Sprintf("The workspace has %d packages: leave the trees you do not edit out of it with the gopls setting "+
			"\"build.directoryFilters\" (for example [\"-**/node_modules\", \"-vendor\", \"-gen\"]), or open the module you work on "+
			"rather than the whole tree; or %s", most, raise)
	case most >= 0:
		fx.Summary = fmt.Sprintf("The workspace is small (%d packages), so its size does not explain this memory: %s; "+
			"memory that keeps rising on a small workspace is worth a gopls issue (https://go.dev/issue/new, with `gopls bug`)", most, raise)
	default:
		fx.Summary = "Leave big trees out of the workspace with the gopls setting \"build.directoryFilters\" " +
			"(for example [\"-**/node_modules\"]), or " + raise
	}
	return fx
}

// roundUpGiB rounds n up to a whole GiB (at least 1GiB).
func roundUpGiB(n int64) int64 {
	return max(1, (n+(1<<30)-1)>>30) << 30
}
