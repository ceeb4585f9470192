package facts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// scratchPrefix starts the name of a run's scratch directory.
const scratchPrefix = "run-"

// scratchStale is the age past which a run's scratch directory left behind (the run was
// killed) is removed by a later run.
const scratchStale = 24 * time.Hour

// scratchSpace is the run's scratch directory, made on first use.
type scratchSpace struct {
	mu     sync.Mutex
	dir    string
	err    error
	made   bool
	closed bool
}

// Scratch is the run's scratch space: a directory of gomedic's own where the tools it runs to
// examine them keep their caches and configuration (ToolEnv), removed by Close. It is made on
// first use in the cache directory (tmp/run-*), else in the system's temporary directory.
func (f *Facts) Scratch() (string, error) {
	s := &f.scratch
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("the run's scratch space was already removed")
	}
	if !s.made {
		s.made = true
		s.dir, s.err = makeScratch(f.CacheDir)
		if s.err == nil {
			f.seedScratch(s.dir)
		}
	}
	return s.dir, s.err
}

// Close removes the run's scratch space, with whatever the tools left in it. A tool run after it
// (by a check the runner gave up waiting for) gets the editor's environment unchanged: pointed
// at a scratch space no longer prepared, dlv could move the user's old config into it.
func (f *Facts) Close() error {
	s := &f.scratch
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.dir == "" {
		return nil
	}
	dir := s.dir
	s.dir = ""
	return os.RemoveAll(dir)
}

// makeScratch makes a new scratch directory under cacheDir/tmp, removing the ones older runs
// left there, else under the system's temporary directory.
func makeScratch(cacheDir string) (string, error) {
	var errs []error
	if cacheDir != "" && filepath.IsAbs(cacheDir) {
		base := filepath.Join(cacheDir, "tmp")
		if err := os.MkdirAll(base, 0o700); err == nil {
			removeStaleScratch(base, time.Now())
			dir, err := os.MkdirTemp(base, scratchPrefix+"*")
			if err == nil {
				return dir, nil
			}
			errs = append(errs, err)
		} else {
			errs = append(errs, err)
		}
	}
	dir, err := os.MkdirTemp("", "gomedic-"+scratchPrefix+"*")
	if err == nil {
		return dir, nil
	}
	return "", errors.Join(append(errs, err)...)
}

// removeStaleScratch removes the scratch directories in base that runs killed before they could
// remove them left there more than scratchStale ago.
func removeStaleScratch(base string, now time.Time) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), scratchPrefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > scratchStale {
			_ = os.RemoveAll(filepath.Join(base, e.Name()))
		}
	}
}
