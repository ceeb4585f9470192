package toolstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/atomicfile"
)

// exeSuffix ends the name of an executable.
const exeSuffix = ".exe"

// activeFile, in a tool's store, names the entry activated last. It only breaks a tie between
// entries with the same content: what is active is decided by the content of GOBIN\<tool>.exe.
const activeFile = "active.json"

type activeDoc struct {
	Dir string `json:"dir"`
}

// inspect reads what gobin\<tool>.exe is: a copy of one of the tool's entries (same size and
// SHA-256) is gomedic's. Symbolic links need privileges on Windows, so gomedic copies.
func (s *Store) inspect(tool, gobin string) (gobinState, error) {
	st := gobinState{path: filepath.Join(gobin, tool+exeSuffix)}
	if gobin == "" {
		return st, nil
	}
	fi, err := os.Stat(st.path)
	if err != nil {
		if _, lerr := os.Lstat(st.path); lerr == nil {
			st.exists, st.dangling = true, true
			return st, nil
		}
		return st, nil // nothing there, or gobin cannot be a directory
	}
	if !fi.Mode().IsRegular() {
		return st, fmt.Errorf("%s is not a regular file, not a program: move it out of the way", st.path)
	}
	st.exists = true
	entries, err := s.Entries(tool)
	if err != nil {
		return st, err
	}
	var sum, last string
	for _, e := range entries { // most recent first: it wins a tie unless active.json names another
		if e.Size != fi.Size() {
			continue
		}
		if sum == "" {
			if sum, _, err = hashFile(st.path, false); err != nil {
				return st, err
			}
			last = s.lastActivated(tool)
		}
		if e.SHA256 == sum && (st.entry == nil || filepath.Base(e.Dir) == last) {
			st.managed, st.dir, st.entry = true, e.Dir, e
		}
	}
	return st, nil
}

// lastActivated is the directory name active.json records, "" when unknown.
func (s *Store) lastActivated(tool string) string {
	var doc activeDoc
	data, _ := os.ReadFile(filepath.Join(s.toolDir(tool), activeFile))
	json.Unmarshal(data, &doc)
	return doc.Dir
}

// place copies e's binary to gobin\<tool>.exe.new and renames it over gobin\<tool>.exe. When the
// current one runs (it cannot be replaced), it is first renamed to <tool>.exe.old-<random>, which
// Cleanup deletes once it no longer runs.
func (s *Store) place(gobin string, e *Entry) error {
	dst := filepath.Join(gobin, e.Tool+exeSuffix)
	tmp := dst + ".new"
	os.Remove(tmp)
	if _, _, err := copyFile(e.Binary, tmp); err != nil {
		return err
	}
	os.Chmod(tmp, 0o755) // writable, so that go install may replace it as it does any binary
	s.step("activate:copied")
	if err := os.Rename(tmp, dst); err != nil {
		old := dst + ".old-" + randomHex()
		if err := os.Rename(dst, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("moving the current %s away: %w", dst, err)
		}
		s.step("activate:moved-old")
		if err := os.Rename(tmp, dst); err != nil {
			os.Rename(old, dst)
			os.Remove(tmp)
			return fmt.Errorf("replacing %s: %w", dst, err)
		}
		os.Remove(old) // fails while it runs
	}
	s.step("activate:renamed")
	data, _ := json.Marshal(activeDoc{Dir: filepath.Base(e.Dir)})
	if err := atomicfile.WriteFile(filepath.Join(s.toolDir(e.Tool), activeFile), data, 0o644); err != nil {
		return fmt.Errorf("recording the active version: %w", err)
	}
	s.step("activate:marked")
	return nil
}

// unplace removes gobin\<tool>.exe, renaming it away first in case it runs.
func (s *Store) unplace(st gobinState) error {
	old := st.path + ".old-" + randomHex()
	if err := os.Rename(st.path, old); err != nil {
		return err
	}
	os.Remove(old) // fails while it runs; Cleanup retries
	return nil
}

// cleanGobin finishes or undoes a replacement a killed run left half done, then removes the
// temporary copies place left in gobin, except the old ones that still run.
func (s *Store) cleanGobin(tool, gobin string) error {
	dst := filepath.Join(gobin, tool+exeSuffix)
	names, err := os.ReadDir(gobin)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var olds []string
	for _, d := range names {
		if rest, ok := strings.CutPrefix(d.Name(), tool+exeSuffix+".old-"); ok && isHex(rest) {
			olds = append(olds, filepath.Join(gobin, d.Name()))
		}
	}
	if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		// Killed between moving the old one away and renaming the new one in.
		if !s.isEntryCopy(tool, dst+".new") || os.Rename(dst+".new", dst) != nil {
			sort.Slice(olds, func(i, j int) bool { return modTime(olds[i]) > modTime(olds[j]) })
			if err := os.Rename(olds[0], dst); err != nil {
				return fmt.Errorf("restoring %s: %w", dst, err)
			}
			olds = olds[1:]
		}
	}
	var errs []error
	if err := os.Remove(dst + ".new"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	for _, old := range olds {
		os.Remove(old) // fails while it runs
	}
	return errors.Join(errs...)
}

// isEntryCopy reports whether the file at path is a whole copy of one of tool's entries.
func (s *Store) isEntryCopy(tool, path string) bool {
	sum, size, err := hashFile(path, false)
	if err != nil {
		return false
	}
	entries, _ := s.Entries(tool)
	for _, e := range entries {
		if e.SHA256 == sum && e.Size == size {
			return true
		}
	}
	return false
}

// modTime is a file's modification time in nanoseconds, 0 when unknown.
func modTime(path string) int64 {
	fi, err := os.Lstat(path)
	if err != nil {
		return 0
	}
	return fi.ModTime().UnixNano()
}

// syncDir does nothing: Windows cannot open a directory to flush it.
func syncDir(string) {}

// protect does nothing: GOBIN holds copies, not links into the store.
func protect(string) error { return nil }
