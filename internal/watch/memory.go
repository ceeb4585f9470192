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

// Memory reports gopls and dlv processes whose resident memory is above their GOMEMLIMIT (read
// from the environment they run with) or rises steadily across the samples (growing marks
// those, by pid). GOMEMLIMIT is a soft limit: a process above it holds that much live data, so
// the garbage collector runs almost constantly and the editor slows down before the OS kills it.
func Memory(procs []Proc, growing map[int]bool) finding.Finding {
	var probs []memoryProblem
	for _, p := range procs {
		switch {
		case p.MemoryLimit > 0 && p.RSS > p.MemoryLimit:
			probs = append(probs, memoryProblem{p, fmt.Sprintf("pid %d uses %s, above its GOMEMLIMIT of %s", p.Pid, text.Bytes(p.RSS), text.Bytes(p.MemoryLimit))})
		case growing[p.Pid]:
			probs = append(probs, memoryProblem{p, fmt.Sprintf("pid %d grew steadily to %s (%s per hour)", p.Pid, text.Bytes(p.RSS), text.Bytes(p.TrendPerHour))})
		}
	}
	if len(probs) == 0 {
		return ok(IDMemory, "gopls and dlv memory within limits and steady")
	}
	var whys []string
	var ps []Proc
	var biggest int64
	for _, m := range probs {
		whys = append(whys, m.why)
		ps = append(ps, m.p)
		biggest = max(biggest, m.p.RSS)
	}
	return finding.Finding{
		ID: IDMemory, Layer: finding.LayerWatch, Status: finding.Warn,
		Title: "A language server's memory is too high: " + strings.Join(whys, "; "),
		Detail: "Above its GOMEMLIMIT, the Go garbage collector runs almost all the time and the editor slows down; " +
			"memory that keeps rising ends with the OS killing gopls. gopls's memory follows the packages it loads: " +
			"leave generated trees, node_modules and vendored copies out of the workspace, or give it the memory it needs.",
		Evidence: []finding.Evidence{procEvidence(ps)},
		Fix: &finding.Fix{
			Summary: fmt.Sprintf("Leave big trees out of the workspace with the gopls setting \"build.directoryFilters\" "+
				"(for example [\"-**/node_modules\"]), or raise the limit to at least %s: run `gomedic watch --daemon "+
				"--memory-limit %s` to share one gopls with that limit", text.Bytes(roundUpGiB(biggest*3/2)), text.Bytes(roundUpGiB(biggest*3/2))),
			Docs: "https://go.dev/gopls/settings#directoryfilters-string",
		},
	}
}

// roundUpGiB rounds n up to a whole GiB (at least 1GiB).
func roundUpGiB(n int64) int64 {
	return max(1, (n+(1<<30)-1)>>30) << 30
}
