//go:build !windows

package toolstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// exeSuffix ends the name of an executable.
const exeSuffix = ""

// inspect reads what gobin/<tool> is: a link into the tool's store is gomedic's, and the entry it
// leads to is the active one.
func (s *Store) inspect(tool, gobin string) (gobinState, error) {
	st := gobinState{path: filepath.Join(gobin, tool)}
	if gobin == "" {
		return st, nil
	}
	fi, err := os.Lstat(st.path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("inspecting %s: %w", st.path, err)
	}
	st.exists = true
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(st.path)
		if err != nil {
			return st, fmt.Errorf("reading the link %s: %w", st.path, err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(gobin, target)
		}
		if dir, ok := s.storeDirOf(tool, target); ok {
			st.managed, st.dir = true, dir
			e, err := s.loadEntry(tool, dir)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return st, err
			}
			st.entry = e
			return st, nil
		}
		if _, err := os.Stat(st.path); err != nil {
			st.dangling = true // leads nowhere: replacing it loses nothing but the link
		}
	case fi.Mode().IsRegular():
	default:
		return st, fmt.Errorf("%s is %s, not a program: move it out of the way", st.path, kind(fi.Mode()))
	}
	return st, nil
}

// kind names a file type in words.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// storeDirOf returns the store directory of tool that target, a link's absolute target, leads
// into as <dir>/<tool>, whether the link was written through Home or through another path to it.
func (s *Store) storeDirOf(tool, target string) (string, bool) {
	if dir, ok := s.storeDirOfPath(tool, filepath.Clean(target)); ok {
		return dir, true
	}
	real, err := filepath.EvalSymlinks(filepath.Dir(target))
	if err != nil {
		return "", false
	}
	return s.storeDirOfPath(tool, filepath.Join(real, filepath.Base(target)))
}

func (s *Store) storeDirOfPath(tool, target string) (string, bool) {
	for _, home := range []string{s.Home, s.real} {
		rel, err := filepath.Rel(filepath.Join(home, storeDir, tool), target)
		if err != nil {
			continue
		}
		dir, file, ok := strings.Cut(rel, string(filepath.Separator))
		if ok && file == tool && dir != "" && !strings.HasPrefix(dir, ".") {
			return filepath.Join(s.toolDir(tool), dir), true
		}
	}
	return "", false
}

// The temporary link Activate makes in GOBIN: .gomedic-<tool>.<16 hex digits>.tmp.
const (
	tempLinkPrefix = ".gomedic-"
	tempLinkSuffix = ".tmp"
)

// place makes gobin/<tool> a link to e's binary: a new link made under a temporary name in gobin
// is renamed over it, so that the path is always the old link or the new one.
func (s *Store) place(gobin string, e *Entry) error {
	dst := filepath.Join(gobin, e.Tool)
	var tmp string
	for i := 0; ; i++ {
		tmp = filepath.Join(gobin, tempLinkPrefix+e.Tool+"."+randomHex()+tempLinkSuffix)
		err := os.Symlink(e.Binary, tmp)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i == 10 {
			return fmt.Errorf("creating a link in GOBIN: %w", err)
		}
	}
	s.step("activate:linked")
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replacing %s: %w", dst, err)
	}
	s.step("activate:renamed")
	syncDir(gobin)
	return nil
}

// unplace removes gobin/<tool>, a link of gomedic's.
func (s *Store) unplace(st gobinState) error {
	if err := os.Remove(st.path); err != nil {
		return err
	}
	syncDir(filepath.Dir(st.path))
	return nil
}

// cleanGobin removes the temporary links place left in gobin.
func (s *Store) cleanGobin(tool, gobin string) error {
	names, err := os.ReadDir(gobin)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var errs []error
	for _, d := range names {
		rest, ok := strings.CutPrefix(d.Name(), tempLinkPrefix+tool+".")
		if ok && strings.HasSuffix(rest, tempLinkSuffix) && isHex(strings.TrimSuffix(rest, tempLinkSuffix)) {
			errs = append(errs, os.Remove(filepath.Join(gobin, d.Name())))
		}
	}
	return errors.Join(errs...)
}

// syncDir flushes a directory's entries to disk, best effort.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// protect makes a store binary read-only, as the module cache is, so that a program writing to
// GOBIN/<tool> (cp, or go install when it copies) fails instead of changing the store through the
// link.
func protect(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.Chmod(path, fi.Mode().Perm()&^0o222)
}
