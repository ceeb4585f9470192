package facts

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/host"
)

// GoplsCache is where the --deep gopls session keeps gopls's file cache (GOPLSCACHE): a directory
// of gomedic's own, never the editor's (the user's GOPLSCACHE or ~/.cache/gopls), which a check
// must not grow. It persists in the cache directory (CacheDir/gopls), so that the session is warm
// from its second run on, as the editor's gopls is; with --no-cache, or when that directory cannot
// be written, it is the run's scratch space, empty at the start and removed with the run.
//
// Two runs at once may share it: gopls's filecache is built for concurrent processes (each value
// is written under the SHA-256 of its content and checked against it on every read, and an index
// entry names that hash), and tolerates entries removed at any time. gopls's own garbage
// collector first runs after five minutes, which a probe never lasts, so MarkUsed bounds it.
type GoplsCache struct {
	// Dir is the value of GOPLSCACHE (gopls keeps its files in Dir/gopls).
	Dir string
	// Persistent is set when Dir is kept across runs (CacheDir/gopls).
	Persistent bool
	// Warm is set when an earlier run used Dir with the same gopls binary: its entries are there.
	Warm bool
	// Why says why the cache is the run's own when it is not Persistent ("--no-cache", or the
	// error that kept the persistent one from being written).
	Why string

	// marker records that this gopls binary used Dir (MarkUsed).
	marker string
}

// goplsCacheBudget bounds the persistent gopls cache (gopls's own default budget is 1 GB, for the
// editor's cache of every workspace): MarkUsed removes the least recently used files past it.
const goplsCacheBudget = 512 << 20

// goplsCacheMaxAge is gopls's own age limit: a file unused for five days is removed.
const goplsCacheMaxAge = 5 * 24 * time.Hour

// goplsTrimEvery is how often MarkUsed walks the cache to bound it, as the go command trims its
// build cache once a day.
const goplsTrimEvery = 24 * time.Hour

// GoplsCache is where a gopls session for the binary at path keeps its cache (see GoplsCache).
// Dir is "" when not even the scratch space could be made.
func (f *Facts) GoplsCache(path string) GoplsCache {
	why := "--no-cache"
	if !f.NoCache {
		c, err := OpenGoplsCache(f.CacheDir, path)
		if err == nil {
			return c
		}
		why = err.Error()
	}
	dir, err := f.Scratch()
	if err != nil {
		return GoplsCache{Why: why}
	}
	return GoplsCache{Dir: filepath.Join(dir, "cache"), Why: why}
}

// OpenGoplsCache is the persistent gopls cache for a session of the gopls binary at path:
// cacheDir/gopls (cacheDir is gomedic's cache directory), made and tried for writing, with Warm
// from that binary's marker. The --deep session and `gomedic watch` (counting a workspace's
// packages) share it.
func OpenGoplsCache(cacheDir, path string) (GoplsCache, error) {
	if cacheDir == "" || !filepath.IsAbs(cacheDir) {
		return GoplsCache{}, errors.New("gomedic has no cache directory")
	}
	dir := filepath.Join(cacheDir, "gopls")
	files := filepath.Join(dir, "gopls")
	if err := os.MkdirAll(files, 0o700); err != nil {
		return GoplsCache{}, fmt.Errorf("making gopls's cache in gomedic's: %w", err)
	}
	probe, err := os.CreateTemp(files, ".probe-*")
	if err != nil {
		return GoplsCache{}, fmt.Errorf("writing gopls's cache in gomedic's: %w", err)
	}
	_ = probe.Close()
	_ = os.Remove(probe.Name())
	c := GoplsCache{Dir: dir, Persistent: true}
	if key := goplsBinaryKey(path); key != "" {
		c.marker = filepath.Join(dir, "used", key)
		_, err := os.Stat(c.marker)
		c.Warm = err == nil
	}
	return c, nil
}

// goplsBinaryKey names a gopls binary by what changes when it is replaced (as the probe cache
// keys on it): gopls keeps its entries apart by a hash of its executable, so another binary
// finds the cache cold. "" when path cannot be read.
func goplsBinaryKey(path string) string {
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	fi, err := os.Stat(resolved)
	if err != nil {
		return ""
	}
	id := fmt.Sprintf("%s\x00%d\x00%d\x00%s", resolved, fi.Size(), fi.ModTime().UnixNano(), host.FileID(fi))
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:12])
}

// MarkUsed records, after a session that loaded the workspace, that the cache now holds this
// gopls binary's entries, and bounds the cache once a day (trimGoplsCache). Nothing is recorded
// for a cache that is not Persistent.
func (c GoplsCache) MarkUsed(now time.Time) {
	if !c.Persistent || c.marker == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(c.marker), 0o700); err == nil {
		if err := atomicfile.WriteFile(c.marker, nil, 0o600); err == nil {
			_ = os.Chtimes(c.marker, now, now)
		}
	}
	stamp := filepath.Join(c.Dir, "trimmed")
	if fi, err := os.Stat(stamp); err == nil && now.Sub(fi.ModTime()) < goplsTrimEvery {
		return
	}
	if err := atomicfile.WriteFile(stamp, nil, 0o600); err != nil {
		return
	}
	_ = os.Chtimes(stamp, now, now)
	trimGoplsCache(c.Dir, now, goplsCacheBudget)
}

// trimGoplsCache does what gopls's own collector does (gopls/internal/filecache, gc): it removes
// the files of dir (the cache and the markers) unused for goplsCacheMaxAge, then the least
// recently used ones until the rest fit in budget bytes. gopls updates a file's modification time
// when it reads an entry more than an hour old, so the modification time is its last use.
func trimGoplsCache(dir string, now time.Time, budget int64) {
	type file struct {
		path  string
		mtime time.Time
		size  int64
	}
	var files []file
	var total int64
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "trimmed" {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if now.Sub(fi.ModTime()) > goplsCacheMaxAge {
			_ = os.Remove(path)
			return nil
		}
		files = append(files, file{path, fi.ModTime(), fi.Size()})
		total += fi.Size()
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].mtime.Before(files[j].mtime) })
	for _, fl := range files {
		if total <= budget {
			break
		}
		_ = os.Remove(fl.path)
		total -= fl.size
	}
}

// goplsIndexLimit bounds the payload of a module cache index SeedIndex copies.
const goplsIndexLimit = 256 << 20

// IndexDir is where gopls keeps its index of the module cache when the session's XDG_CACHE_HOME
// is the cache's Dir (Linux and the other systems whose os.UserCacheDir reads it):
// $XDG_CACHE_HOME/goimports (golang.org/x/tools/internal/modindex, gopls v0.18.0 and later).
func (c GoplsCache) IndexDir() string {
	if c.Dir == "" {
		return ""
	}
	return filepath.Join(c.Dir, "goimports")
}

// SeedIndex copies into IndexDir the index of the module cache that the user's own gopls keeps in
// the user cache directory userCache (goimports/: a link file "index-name-VERSION-HASH" per module
// cache and index version, naming a payload "index-VERSION-*" beside it), for each link the cache
// does not hold yet. gopls builds that index in the background when a session starts, by parsing
// every module of GOMODCACHE, and writes it only once it is complete, which a probe never waits
// for; from a copy it only adds the modules that arrived since. userCache is only read.
func (c GoplsCache) SeedIndex(userCache string) {
	dst := c.IndexDir()
	if dst == "" || userCache == "" {
		return
	}
	src := filepath.Join(userCache, "goimports")
	if filepath.Clean(src) == filepath.Clean(dst) {
		return
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "index-name-") || !e.Type().IsRegular() {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dst, name)); err == nil {
			continue
		}
		_ = seedIndexLink(src, dst, name)
	}
}

// seedIndexLink copies the link file name of src and the payload it names into dst, the payload
// first, so that a link never names a payload that is not there.
func seedIndexLink(src, dst, name string) error {
	link, err := readBounded(filepath.Join(src, name), 4<<10)
	if err != nil {
		return err
	}
	payload := strings.TrimSpace(string(link))
	if payload == "" || payload != filepath.Base(payload) || !strings.HasPrefix(payload, "index-") {
		return fmt.Errorf("%s names %q, not a payload beside it", name, payload)
	}
	data, err := readBounded(filepath.Join(src, payload), goplsIndexLimit)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dst, payload), data, 0o600); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dst, name), link, 0o600)
}

// readBounded reads a regular file of at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > limit {
		return nil, fmt.Errorf("%s is not a regular file of at most %d bytes", path, limit)
	}
	return os.ReadFile(path)
}
