// Package atomicfile writes files so that a reader sees the old content or the new, never a mix:
// the data goes to a temporary file in the same directory, is synced, and is renamed into place.
package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes data to name atomically with permissions perm, creating the directory.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return WriteFileStep(name, data, perm, nil)
}

// WriteFileStep is WriteFile that calls step, when not nil, with "written" once the temporary
// file holds data and before it is renamed over name: the middle of the write, where tests that
// kill a writer stop it.
func WriteFileStep(name string, data []byte, perm fs.FileMode, step func(point string)) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("creating a temporary file in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("setting the mode of %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("syncing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", tmp.Name(), err)
	}
	if step != nil {
		step("written")
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("replacing %s: %w", name, err)
	}
	return nil
}
