package watch

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// Options are what a look needs besides the host.
type Options struct {
	Census CensusOptions
	// History is the history file; "" keeps the samples in memory only.
	History string
	// Since is how far back the editors' logs are read for crashes.
	Since time.Duration
	// Packages says how the workspace's package count is asked of gopls for a memory finding.
	Packages PackageOptions
}

// Watcher takes looks: it keeps the history and what the logs said between looks.
type Watcher struct {
	h    host.Host
	o    Options
	hist *History
	logs *logCache
	pkgs *packageCounter
	// HistoryErr is why the history could not be read or written, if it could not.
	HistoryErr error
}

// New returns a Watcher over h, with the history read from o.History.
func New(h host.Host, o Options) *Watcher {
	o.Census.views = newFileMemo[[]viewEntry]()
	w := &Watcher{h: h, o: o, logs: newFileMemo[[]CrashLine](), pkgs: newPackageCounter(h, o.Packages)}
	w.hist, w.HistoryErr = LoadHistory(h, o.History)
	if o.History == "" {
		w.hist, w.HistoryErr = &History{}, nil
	}
	return w
}

// Look takes one sample at now: the census, the history's trends and the findings.
func (w *Watcher) Look(ctx context.Context, now time.Time) result.Watch {
	doc := result.Watch{Schema: result.WatchSchema, Time: now, Processes: []result.WatchProcess{}}
	procs, _, err := Census(ctx, w.h, w.o.Census)
	if err != nil {
		doc.Note = "gomedic cannot list processes here (" + err.Error() + "): only the editors' logs were read"
		if !errors.Is(err, host.ErrNoProcessList) {
			doc.Note = err.Error()
		}
	}
	editorWouldStart(w.h, procs)
	w.hist.Add(now, procs)
	if w.o.History != "" {
		if err := w.hist.Save(); err != nil {
			w.HistoryErr = err
		}
	}
	growing := map[int]bool{}
	for i := range procs {
		ts, rss := w.hist.Series(procs[i].Pid, procs[i].Started)
		growing[procs[i].Pid], procs[i].TrendPerHour = Growing(ts, rss)
		doc.Samples = max(doc.Samples, len(rss))
		doc.Processes = append(doc.Processes, procs[i].WatchProcess)
	}
	mem := memoryProblems(procs, growing)
	doc.Findings = []finding.Finding{
		Orphaned(procs), Memory(mem, w.countPackages(ctx, mem, procs)), Duplicates(procs), StaleBinary(procs), DaemonEnv(w.h, procs),
		Crashes(ctx, w.h, crashLines(w.logs, w.h, now.Add(-w.o.Since))),
	}
	slices.SortStableFunc(doc.Findings, func(a, b finding.Finding) int { return a.Status.Rank() - b.Status.Rank() })
	return doc
}

// countPackages asks gopls for the package count of the folder of each process of a memory
// problem (packageCounter: once per folder shape), keyed by pid.
func (w *Watcher) countPackages(ctx context.Context, probs []memoryProblem, procs []Proc) map[int]packageCount {
	counts := map[int]packageCount{}
	if w.o.Packages.Off || len(probs) == 0 {
		return counts
	}
	daemons := map[string]bool{}
	for _, p := range procs {
		if p.Role == "daemon" {
			daemons[flagValue(p.Info.Argv, "listen")] = true
		}
	}
	for _, m := range probs {
		if m.p.Role == "daemon" {
			counts[m.p.Pid] = w.daemonPackages(ctx, m.p, procs, daemons)
		} else {
			counts[m.p.Pid] = w.pkgs.count(ctx, m.p, daemons)
		}
	}
	return counts
}

// daemonPackages is the package count of a daemon: the sum over the folders of the forwarders
// connected to it (each counted through the daemon), unknown when none has a known folder.
func (w *Watcher) daemonPackages(ctx context.Context, d Proc, procs []Proc, daemons map[string]bool) packageCount {
	listen := flagValue(d.Info.Argv, "listen")
	sum := packageCount{N: -1, Why: "no forwarder of this daemon works in a known folder", Source: "sessions on the daemon (-remote=" + listen + ")"}
	var folders []string
	for _, p := range procs {
		if p.Role != "forwarder" || flagValue(p.Info.Argv, "remote") != listen || p.Workspace == "" || slices.Contains(folders, p.Workspace) {
			continue
		}
		c := w.pkgs.count(ctx, p, daemons)
		if c.N < 0 {
			continue
		}
		folders = append(folders, p.Workspace)
		sum.N, sum.All, sum.Took, sum.Command = max(sum.N, 0)+c.N, sum.All+c.All, sum.Took+c.Took, c.Command
	}
	sum.Folder = strings.Join(folders, ", ")
	return sum
}

// sizeRe matches the sizes and rates in a title, which move at every sample.
var sizeRe = regexp.MustCompile(`[0-9.]+(B|KiB|MiB|GiB|TiB)`)

// steadyTitle is a finding's title without its sizes: a change of memory alone is not an event.
func steadyTitle(title string) string { return sizeRe.ReplaceAllString(title, "N") }

// Changes compares two looks' findings and returns an event for each finding that appeared (a
// problem now, none before), changed (another status, or a title that says more than other
// sizes) or cleared (a problem before, none now).
func Changes(before, after []finding.Finding, now time.Time) []result.WatchEvent {
	prev := map[string]finding.Finding{}
	for _, f := range before {
		prev[f.ID] = f
	}
	var events []result.WatchEvent
	for _, f := range after {
		p, seen := prev[f.ID]
		was, is := seen && p.Status.Problem(), f.Status.Problem()
		f := f
		switch {
		case is && !was:
			events = append(events, result.WatchEvent{Time: now, Change: "appeared", Finding: &f})
		case is && (p.Status != f.Status || steadyTitle(p.Title) != steadyTitle(f.Title)):
			events = append(events, result.WatchEvent{Time: now, Change: "changed", Finding: &f})
		case !is && was:
			events = append(events, result.WatchEvent{Time: now, Change: "cleared", Finding: &f})
		}
	}
	return events
}

// Run looks every interval until ctx ends (or count looks were taken, when count > 0) and calls
// emit with each change. The first look's problems are changes from nothing.
func (w *Watcher) Run(ctx context.Context, interval time.Duration, count int, emit func(result.WatchEvent) error) error {
	var before []finding.Finding
	t := time.NewTicker(interval)
	defer t.Stop()
	for n := 0; count <= 0 || n < count; n++ {
		if n > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
			}
		}
		doc := w.Look(ctx, time.Now())
		for _, e := range Changes(before, doc.Findings, doc.Time) {
			if err := emit(e); err != nil {
				return err
			}
		}
		before = doc.Findings
	}
	return nil
}
