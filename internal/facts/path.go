package facts

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// PathEntry is one entry of PATH as the scan found it.
type PathEntry struct {
	Index    int    // position in PATH, from 0
	Raw      string // as written
	Resolved string // cleaned and symlink-resolved; "" when the entry is unusable
	// Key is the entry in the form SamePathKey gives, for absolute entries even when they do not
	// exist (yet); "" for an empty, relative or unexpanded entry.
	Key string
	// Problem says why the entry cannot be used, or is "" for a usable directory.
	Problem string
}

// The PATH entry problems.
const (
	PathEmpty      = "empty entry (means the current directory on Unix)"
	PathRelative   = "relative path (depends on the current directory)"
	PathTilde      = "contains a literal ~ or $VAR, which only a shell expands when it sets PATH"
	PathMissing    = "does not exist"
	PathNotDir     = "not a directory"
	PathUnreadable = "cannot be read"
)

// PathEntries is the one PATH scan of the run.
func (f *Facts) PathEntries() []PathEntry {
	return f.path.get(func() []PathEntry {
		return ScanPath(f.Host, f.Host.Env().Get("PATH"))
	})
}

// ScanPath examines each entry of the PATH list on h.
func ScanPath(h host.Host, list string) []PathEntry {
	var out []PathEntry
	for i, raw := range host.SplitList(h, list) {
		e := PathEntry{Index: i, Raw: raw}
		switch {
		case raw == "":
			e.Problem = PathEmpty
		case strings.HasPrefix(raw, "~") || strings.Contains(raw, "$") || strings.Contains(raw, "%") && h.OS() == "windows":
			e.Problem = PathTilde
		case !host.IsAbs(h, raw):
			e.Problem = PathRelative
		default:
			e.Resolved, e.Problem = resolveDir(h, raw)
			e.Key = SamePathKey(h, raw)
		}
		out = append(out, e)
	}
	return out
}

// resolveDir cleans and resolves dir; a missing or non-directory entry reports why.
func resolveDir(h host.Host, dir string) (string, string) {
	fi, err := h.Stat(dir)
	switch {
	case host.IsNotExist(err):
		return "", PathMissing
	case err != nil:
		return "", PathUnreadable
	case !fi.IsDir():
		return "", PathNotDir
	}
	return SamePathKey(h, dir), ""
}

// SamePathKey is the form in which two paths naming the same directory compare equal on h:
// cleaned, symlinks resolved when they can be, and folded to lower case on Windows.
func SamePathKey(h host.Host, p string) string {
	p = resolveExisting(h, filepath.Clean(p))
	if h.OS() == "windows" {
		p = strings.ToLower(strings.ReplaceAll(p, `\`, "/"))
		if p != "/" {
			p = strings.TrimSuffix(p, "/") // "c:/" is "c:"; a root "/" stays a key, not ""
		}
	}
	return p
}

// OnPath returns the first PATH entry that names the directory dir, or nil. An entry that does not
// exist yet counts: it will work once the directory is created.
func (f *Facts) OnPath(dir string) *PathEntry {
	key := SamePathKey(f.Host, dir)
	entries := f.PathEntries()
	for i := range entries {
		if entries[i].Key != "" && entries[i].Key == key {
			return &entries[i]
		}
	}
	return nil
}

// resolveExisting resolves symlinks in the longest prefix of p that exists, keeping the rest, so
// that a directory that does not exist yet still compares equal through a symlinked parent. p is
// clean. The parents of a directory that resolves resolve too, so the longest prefix is found by
// bisection over p's ancestors: a few look-ups of at most p's length each, where trying every
// parent in turn cost the square of p's depth.
func resolveExisting(h host.Host, p string) string {
	vol := filepath.VolumeName(p)
	var seps []int // the separators of p after its volume name
	for i := len(vol); i < len(p); i++ {
		if os.IsPathSeparator(p[i]) {
			seps = append(seps, i)
		}
	}
	// ancestor(j) is p without its last j elements, as j calls of filepath.Dir give it, and
	// rest(j) those elements.
	ancestor := func(j int) string {
		switch {
		case j == 0:
			return p
		case j <= len(seps):
			return filepath.Dir(p[:seps[len(seps)-j]+1])
		}
		return filepath.Dir(p[:len(vol)]) // a relative p's last ancestor: "." (or its drive's)
	}
	rest := func(j int) string {
		if j <= len(seps) {
			return p[seps[len(seps)-j]+1:]
		}
		return p[len(vol):]
	}
	n := len(seps) + 1 // p, then its parents up to the root
	if len(seps) == 0 || seps[0] != len(vol) {
		n++ // a relative p ends at "."
	}
	j := sort.Search(n, func(j int) bool {
		_, err := h.EvalSymlinks(ancestor(j))
		return err == nil
	})
	if j == n {
		return p
	}
	r, _ := h.EvalSymlinks(ancestor(j))
	if j == 0 {
		return r
	}
	return filepath.Join(r, rest(j))
}
