package run

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/lockedfile"
)

// The build output cache. go build -o FILE does not relink when FILE already holds the binary the
// same sources and flags make (the go command compares the build ID written in it), so building
// each run target into the same place turns a warm rebuild from ~200 ms of linking into ~50 ms —
// what go run gets from caching its executables. Each target (go command, directory, file, test)
// has a directory of its own under BuildCache/run; a lockedfile mutex serialises the runs of one
// target from the build until the binary is linked (or copied) into the run's own temporary
// directory, so that a concurrent rebuild never changes the file a run executes. Directories not
// used for buildCacheMaxAge are removed, at most once per buildCacheSweepEvery.
const (
	buildCacheMaxAge     = 7 * 24 * time.Hour
	buildCacheSweepEvery = 24 * time.Hour
)

// buildSlot is a target's place in the build cache, locked.
type buildSlot struct {
	dir    string
	unlock func()
}

// openBuildSlot takes the lock of the cache directory of the target built by goBin from dir
// (and file, for a single file; test for its test binary). It returns nil, with no error, when
// there is no cache to use.
func openBuildSlot(cache, goBin string, t runTarget, test bool) (*buildSlot, error) {
	if cache == "" {
		return nil, nil
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{goBin, t.dir, t.file, fmt.Sprint(test)}, "\x00")))
	root := filepath.Join(cache, "run")
	dir := filepath.Join(root, hex.EncodeToString(sum[:12]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	now := time.Now()
	_ = os.Chtimes(dir, now, now) // the sweep keeps what is used
	sweepBuildCache(root, dir)
	unlock, err := lockedfile.MutexAt(filepath.Join(dir, "lock")).Lock()
	if err != nil {
		return nil, err
	}
	return &buildSlot{dir: dir, unlock: unlock}, nil
}

// place copies (hard-links when it can) the built binary into the run's temporary directory.
func (s *buildSlot) place(built, dst string) error {
	if err := os.Link(built, dst); err == nil {
		return nil
	}
	in, err := os.Open(built)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// sweepBuildCache removes the targets' directories not used for buildCacheMaxAge (never keep, the
// one in use), at most once per buildCacheSweepEvery. Every run touches its directory first, so
// only a run that has been going on for a week could lose its binary, and only its cached copy.
func sweepBuildCache(root, keep string) {
	stamp := filepath.Join(root, "last-sweep")
	if fi, err := os.Stat(stamp); err == nil && time.Since(fi.ModTime()) < buildCacheSweepEvery {
		return
	}
	if f, err := os.Create(stamp); err == nil {
		f.Close()
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		dir := filepath.Join(root, e.Name())
		if !e.IsDir() || dir == keep {
			continue
		}
		fi, err := e.Info()
		if err != nil || time.Since(fi.ModTime()) < buildCacheMaxAge {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}
