package toolstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/binfo"
)

// gobinState is what GOBIN/<tool> is.
type gobinState struct {
	path     string // GOBIN/<tool>, with .exe on Windows
	exists   bool   // something is there, perhaps a dangling link
	managed  bool   // gomedic's: a link into the tool's store (Unix), a copy of one of its entries (Windows)
	dir      string // when managed, the store directory it comes from ("" when unknown)
	entry    *Entry // that directory's entry, when it has one
	dangling bool   // a link to nothing, outside the store: there is nothing to adopt
}

// Activate makes e the tool at gobin/<tool> (created when missing) so that at every instant that
// path is the old tool or the new one, whole, and returns the entry that was active before (nil
// when there was none). A program there that gomedic did not install is first adopted: copied into
// the store as an entry with Adopted set, which becomes the previous version [Store.Rollback]
// restores. The caller holds the tool's lock.
func (s *Store) Activate(gobin string, e *Entry) (prev *Entry, err error) {
	if e == nil {
		return nil, errors.New("activating: no store entry given")
	}
	prev, err = s.activate(gobin, e)
	if err != nil {
		return nil, fmt.Errorf("activating %s: %w", e.Tool, err)
	}
	// The activation is done; a history that cannot be written only leaves RollbackTarget to
	// fall back on install times.
	_ = s.record(e)
	return prev, nil
}

func (s *Store) activate(gobin string, e *Entry) (*Entry, error) {
	if err := s.checkEntry(e); err != nil {
		return nil, err
	}
	if err := checkGobin(gobin); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(gobin, 0o755); err != nil {
		return nil, fmt.Errorf("creating GOBIN: %w", err)
	}
	st, err := s.inspect(e.Tool, gobin)
	if err != nil {
		return nil, err
	}
	prev := st.entry
	if st.exists && !st.managed && !st.dangling {
		if prev, err = s.adopt(e.Tool, st.path); err != nil {
			return nil, err
		}
	}
	if prev != nil {
		_ = s.record(prev) // what was active comes before e in the history, adopted or not
	}
	if st.managed && st.dir == e.Dir {
		return prev, nil // already active
	}
	if err := s.place(gobin, e); err != nil {
		return nil, err
	}
	return prev, nil
}

// checkEntry reports whether e is a committed entry of this store whose binary is there.
func (s *Store) checkEntry(e *Entry) error {
	if err := checkTool(e.Tool); err != nil {
		return err
	}
	if filepath.Dir(e.Dir) != s.toolDir(e.Tool) || e.Binary != filepath.Join(e.Dir, e.Tool+exeSuffix) {
		return fmt.Errorf("%s is not a version in %s's store", e.Dir, e.Tool)
	}
	if fi, err := os.Stat(e.Binary); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("the store has lost %s (reinstall the version)", e.Binary)
	}
	return nil
}

// adopt copies the program at path, which gomedic did not install, into tool's store as an
// adopted entry: into a temporary directory first, flushed to disk, renamed into place, and its
// metadata written last. A program whose content is already in the store is not copied twice.
func (s *Store) adopt(tool, path string) (*Entry, error) {
	if err := os.MkdirAll(s.toolDir(tool), 0o755); err != nil {
		return nil, fmt.Errorf("adopting %s: %w", path, err)
	}
	tmp, err := os.MkdirTemp(s.toolDir(tool), adoptPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("adopting %s: %w", path, err)
	}
	e, err := s.adoptInto(tool, path, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("adopting %s: %w", path, err)
	}
	return e, nil
}

func (s *Store) adoptInto(tool, path, tmp string) (*Entry, error) {
	bin := filepath.Join(tmp, tool+exeSuffix)
	sum, size, err := copyFile(path, bin)
	if err != nil {
		return nil, err
	}
	s.step("adopt:copied")
	entries, err := s.Entries(tool)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.SHA256 == sum && e.Size == size {
			os.RemoveAll(tmp)
			return e, nil // a copy of a version the store holds, or adopted by a run that died
		}
	}
	info, _ := binfo.Read(bin) // without build info the version is "unknown"
	m := describe(tool, info, sum, size)
	m.Adopted = true
	return s.commitDir(tool, tmp, m)
}

// Active returns the entry gobin/<tool> is, read from what is on disk: nil, nil when nothing is
// there or what is there is not gomedic's.
func (s *Store) Active(tool, gobin string) (*Entry, error) {
	if err := checkTool(tool); err != nil {
		return nil, fmt.Errorf("finding the active version: %w", err)
	}
	st, err := s.inspect(tool, gobin)
	if err != nil {
		return nil, fmt.Errorf("finding the active version of %s: %w", tool, err)
	}
	return st.entry, nil
}

// Unmanaged returns the path of the program at gobin/<tool> when there is one that gomedic did not
// install (a regular file, or a link that does not lead into the tool's store). When it cannot
// tell, it says unmanaged, so that nothing is removed or replaced without adoption.
func (s *Store) Unmanaged(tool, gobin string) (string, bool) {
	if checkTool(tool) != nil {
		return "", false
	}
	st, err := s.inspect(tool, gobin)
	if err != nil {
		return filepath.Join(gobin, tool+exeSuffix), true
	}
	return st.path, st.exists && !st.managed
}

// Rollback activates RollbackTarget, the version of tool that was active before the active one,
// and returns the version it replaced (nil when none was active) and the one it activated. The
// caller holds the tool's lock.
func (s *Store) Rollback(tool, gobin string) (from, to *Entry, err error) {
	target, err := s.RollbackTarget(tool, gobin)
	if err != nil {
		return nil, nil, fmt.Errorf("rolling back %s: %w", tool, err)
	}
	if target == nil {
		if active, _ := s.Active(tool, gobin); active != nil {
			return nil, nil, fmt.Errorf("rolling back %s: %w: %s is the only version in the store", tool, ErrNoPrevious, active.Version)
		}
		return nil, nil, fmt.Errorf("rolling back %s: %w: gomedic's store holds no version of it", tool, ErrNotInstalled)
	}
	from, err = s.Activate(gobin, target)
	if err != nil {
		return nil, nil, fmt.Errorf("rolling back %s: %w", tool, err)
	}
	return from, target, nil
}

// Remove removes gobin/<tool> when it is gomedic's, then the tool's store. It removes nothing when
// gobin/<tool> is a program gomedic did not install (the error wraps [ErrUnmanaged]), and fails
// with an error wrapping [ErrNotInstalled] when there is nothing to remove. The tool's pin is
// kept. The caller holds the tool's lock.
func (s *Store) Remove(tool, gobin string) error {
	if err := s.remove(tool, gobin); err != nil {
		return fmt.Errorf("removing %s: %w", tool, err)
	}
	return nil
}

func (s *Store) remove(tool, gobin string) error {
	if err := checkTool(tool); err != nil {
		return err
	}
	if err := checkGobin(gobin); err != nil {
		return err
	}
	st, err := s.inspect(tool, gobin)
	if err != nil {
		return err
	}
	if st.exists && !st.managed {
		return fmt.Errorf("%s is %w; it is left in place, along with gomedic's versions: delete it yourself first if you want it gone", st.path, ErrUnmanaged)
	}
	_, serr := os.Lstat(s.toolDir(tool))
	if !st.exists && errors.Is(serr, fs.ErrNotExist) {
		return fmt.Errorf("%w in %s or in gomedic's store", ErrNotInstalled, gobin)
	}
	if st.exists {
		if err := s.unplace(st); err != nil {
			return err
		}
		s.step("remove:unlinked")
	}
	if serr != nil {
		return nil
	}
	trash := filepath.Join(s.Home, storeDir, removePrefix+tool+"."+randomHex())
	if err := os.Rename(s.toolDir(tool), trash); err != nil {
		return fmt.Errorf("removing the store: %w", err)
	}
	s.step("remove:renamed")
	if err := os.RemoveAll(trash); err != nil {
		return fmt.Errorf("removing the store: %w", err)
	}
	return nil
}

// Cleanup removes what a run of tool killed before it finished left behind: build, adoption and
// pruned directories, half-committed versions (directories without metadata), temporary files of the
// store's atomic writes, a store being removed, and the temporary files this package makes in
// gobin (gobin may be ""). It never removes a committed version nor the one gobin/<tool> leads to.
// The caller holds the tool's lock.
func (s *Store) Cleanup(tool, gobin string) error {
	if err := checkTool(tool); err != nil {
		return fmt.Errorf("cleaning up: %w", err)
	}
	var errs []error
	keep := ""
	if gobin != "" {
		st, err := s.inspect(tool, gobin)
		if err != nil {
			return fmt.Errorf("cleaning up after %s: %w", tool, err)
		}
		keep = st.dir
		errs = append(errs, s.cleanGobin(tool, gobin))
	}
	errs = append(errs, s.cleanStore(tool, keep))
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cleaning up after %s: %w", tool, err)
	}
	return nil
}

// cleanStore removes the litter of interrupted runs from tool's store, except the directory keep.
func (s *Store) cleanStore(tool, keep string) error {
	var errs []error
	top, _ := os.ReadDir(filepath.Join(s.Home, storeDir))
	for _, d := range top {
		if rest, ok := strings.CutPrefix(d.Name(), removePrefix+tool+"."); ok && isHex(rest) {
			errs = append(errs, os.RemoveAll(filepath.Join(s.Home, storeDir, d.Name())))
		}
	}
	dir := s.toolDir(tool)
	names, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, d := range names {
		path := filepath.Join(dir, d.Name())
		switch name := d.Name(); {
		case strings.HasPrefix(name, buildPrefix), strings.HasPrefix(name, adoptPrefix), strings.HasPrefix(name, prunePrefix):
			errs = append(errs, os.RemoveAll(path))
		case strings.HasPrefix(name, tmpPrefix):
			errs = append(errs, os.Remove(path))
		case d.IsDir() && path != keep && !strings.HasPrefix(name, "."):
			if _, err := os.Lstat(filepath.Join(path, entryFile)); errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, os.RemoveAll(path)) // half-committed
				continue
			}
			errs = append(errs, removeTemps(path))
		case d.IsDir():
			errs = append(errs, removeTemps(path))
		}
	}
	return errors.Join(errs...)
}

// removeTemps removes atomicfile's temporary files from dir.
func removeTemps(dir string) error {
	names, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, d := range names {
		if strings.HasPrefix(d.Name(), tmpPrefix) {
			errs = append(errs, os.Remove(filepath.Join(dir, d.Name())))
		}
	}
	return errors.Join(errs...)
}
