package watch

import (
	"io/fs"
	"slices"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

// fileMemo keeps what was read from each file while the file keeps its size and modification
// time, so that a continuous watch reads a log again only when it grew. A nil fileMemo keeps
// nothing.
type fileMemo[T any] struct {
	files map[string]memoEntry[T]
}

type memoEntry[T any] struct {
	size  int64
	mtime time.Time
	v     T
}

func newFileMemo[T any]() *fileMemo[T] { return &fileMemo[T]{files: map[string]memoEntry[T]{}} }

// get is what read gives for file, whose stat is fi: read again only when the file changed.
func (m *fileMemo[T]) get(file string, fi fs.FileInfo, read func() T) T {
	if m == nil {
		return read()
	}
	e, ok := m.files[file]
	if !ok || e.size != fi.Size() || !e.mtime.Equal(fi.ModTime()) {
		e = memoEntry[T]{size: fi.Size(), mtime: fi.ModTime(), v: read()}
		m.files[file] = e
	}
	return e.v
}

// keep forgets the files that were not read this time (logs rotated away, processes gone).
func (m *fileMemo[T]) keep(read func(file string) bool) {
	if m == nil {
		return
	}
	for file := range m.files {
		if !read(file) {
			delete(m.files, file)
		}
	}
}

// logCache keeps each log file's crash lines.
type logCache = fileMemo[[]CrashLine]

// crashLines is CrashLines through the cache c: the crash lines of the Go channels modified
// since since.
func crashLines(c *logCache, h host.Host, since time.Time) []CrashLine {
	var out []CrashLine
	seen := map[string]bool{}
	for _, root := range vscode.LogRoots(h) {
		for _, file := range goplsLogs(h, root.Dir) {
			fi, err := h.Stat(file)
			if err != nil || fi.ModTime().Before(since) {
				continue
			}
			seen[file] = true
			out = append(out, c.get(file, fi, func() []CrashLine { return scanLog(h, root.Editor, file, fi.ModTime()) })...)
		}
	}
	c.keep(func(file string) bool { return seen[file] })
	slices.SortStableFunc(out, func(a, b CrashLine) int { return a.Time.Compare(b.Time) })
	return out
}
