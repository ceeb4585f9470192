package toolstore

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/lockedfile"
)

// pinsLock is the lock file of pins.json; tool names never start with a dot.
const pinsLock = ".pins"

// Lock takes tool's lock, a lockedfile mutex under Home/locks that serialises the changes of one
// tool across processes, waiting as long as another process holds it. It is not reentrant: no
// method takes it itself. [Store.SetPin] takes a lock of its own and nothing while holding it, so
// it may be called with or without tool locks held.
func (s *Store) Lock(tool string) (unlock func(), err error) {
	if err := checkTool(tool); err != nil {
		return nil, fmt.Errorf("locking: %w", err)
	}
	unlock, err = s.lock(tool)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", tool, err)
	}
	return unlock, nil
}

func (s *Store) lock(name string) (func(), error) {
	dir := filepath.Join(s.Home, locksDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return lockedfile.MutexAt(filepath.Join(dir, name+".lock")).Lock()
}
