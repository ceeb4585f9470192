package watch

import (
	"slices"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

// logCache keeps each log file's crash lines while the file keeps its size and modification
// time, so that a continuous watch reads a log again only when it grew.
type logCache struct {
	files map[string]cachedLog
}

type cachedLog struct {
	size  int64
	mtime time.Time
	lines []CrashLine
}

func newLogCache() *logCache { return &logCache{files: map[string]cachedLog{}} }

// lines is CrashLines through the cache: the crash lines of the Go channels modified since since.
func (c *logCache) lines(h host.Host, since time.Time) []CrashLine {
	var out []CrashLine
	seen := map[string]bool{}
	for _, root := range vscode.LogRoots(h) {
		for _, file := range goplsLogs(h, root.Dir) {
			fi, err := h.Stat(file)
			if err != nil || fi.ModTime().Before(since) {
				continue
			}
			seen[file] = true
			cl, ok := c.files[file]
			if !ok || cl.size != fi.Size() || !cl.mtime.Equal(fi.ModTime()) {
				cl = cachedLog{size: fi.Size(), mtime: fi.ModTime(), lines: scanLog(h, root.Editor, file, fi.ModTime())}
				c.files[file] = cl
			}
			out = append(out, cl.lines...)
		}
	}
	for file := range c.files {
		if !seen[file] {
			delete(c.files, file)
		}
	}
	slices.SortStableFunc(out, func(a, b CrashLine) int { return a.Time.Compare(b.Time) })
	return out
}
