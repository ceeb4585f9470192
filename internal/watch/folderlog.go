package watch

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// The Go extension starts gopls without a working directory, so gopls works in the extension
// host's: often the home or root directory, which says nothing of the folder it serves. What
// does say it is gopls's own log: gopls v0.21.1 sends, as window/logMessage, a message for each
// view it creates (gopls/internal/cache, "Created View (#1)\n\tdirectory=/home/me/shop\n\t
// view_type=..."), after its own time stamp (log's "2006/01/02 15:04:05"). The language client
// writes those messages into the window's "gopls (server)" output channel, and VS Code's
// extension host writes that channel to a file of its window's log folder, which it holds open
// (an spdlog logger created in the extension host process). So the file is found among the open
// files of gopls's ancestors, and the views are those created since that gopls started.

// maxViewLog bounds what is read of a channel's log for its views: its recent end, as for crashes.
const maxViewLog = maxLogBytes

// viewCache keeps the views read from each channel's log.
type viewCache = fileMemo[[]viewEntry]

// cachedViews is viewsIn through the cache c (nil: no cache).
func cachedViews(c *viewCache, h host.Host, file string) []viewEntry {
	fi, err := h.Stat(file)
	if err != nil {
		return viewsIn(h, file)
	}
	return c.get(file, fi, func() []viewEntry { return viewsIn(h, file) })
}

// viewLineRe matches the first line of a view's creation, with gopls's own time stamp, in a
// language client line ("[Info  - 9:14:03 PM] 2026/12/06 21:14:03 Created View (#1)") or a log
// channel line ("2026-12-06 21:14:03.123 [info] 2026/12/06 21:14:03 Created View (#1)").
var viewLineRe = regexp.MustCompile(`(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}) Created View \(#\d+\)\s*$`)

// directoryRe matches the directory attribute on a following line of the same message.
var directoryRe = regexp.MustCompile(`^\s+directory=(.+?)\s*$`)

// viewEntry is one view a channel's log records: when gopls created it, and on which folder.
type viewEntry struct {
	at  time.Time
	dir string
}

// channelOf is the "gopls (server)" (or other Go channel) log that an ancestor of p (within four
// generations: the extension host, or a helper between) holds open, "" when none does.
func channelOf(h host.Host, p host.ProcInfo, byPid map[int]host.ProcInfo) string {
	pid := p.PPid
	for range 4 {
		if pid <= 1 {
			return ""
		}
		for _, f := range host.OpenFiles(h, pid) {
			if strings.HasPrefix(filepath.Base(filepath.Dir(f)), "output_logging_") && goChannel(filepath.Base(f)) &&
				strings.Contains(strings.ToLower(filepath.Base(f)), "gopls") {
				return f
			}
		}
		a, ok := byPid[pid]
		if !ok {
			return ""
		}
		pid = a.PPid
	}
	return ""
}

// viewsIn reads the views a channel's log records, in the order written.
func viewsIn(h host.Host, file string) []viewEntry {
	data, err := host.ReadTail(h, file, maxViewLog)
	if err != nil {
		return nil
	}
	var out []viewEntry
	var pending time.Time
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if m := viewLineRe.FindStringSubmatch(line); m != nil {
			pending, _ = time.ParseInLocation("2006/01/02 15:04:05", m[1], time.Local)
			continue
		}
		if pending.IsZero() {
			continue
		}
		if m := directoryRe.FindStringSubmatch(line); m != nil {
			out = append(out, viewEntry{at: pending, dir: m[1]})
			pending = time.Time{}
		} else if !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, " ") {
			pending = time.Time{} // the message ended without a directory
		}
	}
	return out
}

// startSlack is how much earlier than a process's start, as the census reads it, its first view
// may be stamped: gopls stamps whole seconds, and the start read from /proc (the boot time, a
// whole second, plus clock ticks) may be late by up to a second.
const startSlack = 2 * time.Second

// viewsFrom is the earliest stamp a view of a gopls started at start may carry.
func viewsFrom(start time.Time) time.Time { return start.Truncate(time.Second).Add(-startSlack) }

// foldersFromLogs fills the folder of each gopls whose working directory said nothing, from the
// views its window's channel recorded since it started (and before the next gopls of the same
// channel started: a restarted server writes to the same channel). A gopls whose channel records
// no view of its own keeps an unknown folder.
func foldersFromLogs(h host.Host, procs []Proc, byPid map[int]host.ProcInfo, cache *viewCache) {
	byLog := map[string][]int{}
	for i := range procs {
		p := &procs[i]
		if p.Tool != "gopls" || p.Role == "daemon" || p.Workspace != "" {
			continue
		}
		if f := channelOf(h, p.Info, byPid); f != "" {
			byLog[f] = append(byLog[f], i)
		}
	}
	for file, idx := range byLog {
		views := cachedViews(cache, h, file)
		slices.SortFunc(idx, func(a, b int) int { return procs[a].Started.Compare(procs[b].Started) })
		for k, i := range idx {
			from := viewsFrom(procs[i].Started)
			var until time.Time
			if k+1 < len(idx) {
				until = viewsFrom(procs[idx[k+1]].Started)
			}
			for _, v := range views {
				if !v.at.Before(from) && (until.IsZero() || v.at.Before(until)) {
					procs[i].Workspace, procs[i].WorkspaceFrom = v.dir, file
					break
				}
			}
		}
	}
	cache.keep(func(file string) bool { _, ok := byLog[file]; return ok })
}
