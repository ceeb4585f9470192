package fix

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/result"
)

// ConflictError is an undo refused because a file changed after the fix wrote it.
type ConflictError struct {
	Path string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s changed after gomedic fix wrote it; undoing would lose that change: look at it, then run gomedic fix --undo --force to restore it anyway", e.Path)
}

// Undo restores what run id (the newest run that changed anything and is not undone, when id is
// "") changed under root, newest change first: files byte for byte, created directories, moved
// files, tools. A file changed since the fix wrote it stops the undo before anything is restored,
// with a *ConflictError, unless force.
func Undo(ctx context.Context, root, id string, force bool, in Installer) (*result.FixUndo, error) {
	j, err := pickRun(root, id)
	if err != nil {
		return nil, err
	}
	if j.Undone {
		return nil, fmt.Errorf("run %s was already undone", j.RunID)
	}
	if !force {
		if err := j.conflicts(); err != nil {
			return nil, err
		}
	}
	u := &result.FixUndo{Schema: result.FixUndoSchema, RunID: j.RunID, Restored: []string{}}
	for i := len(j.Steps) - 1; i >= 0; i-- {
		if err := j.undoStep(ctx, &j.Steps[i], force, in, u); err != nil {
			return u, err
		}
	}
	j.Undone = true
	return u, j.save()
}

// pickRun loads run id, or the newest run that changed something and is not undone.
func pickRun(root, id string) (*Journal, error) {
	if id != "" {
		return loadJournal(root, id)
	}
	ids, err := runIDs(root)
	if err != nil {
		return nil, err
	}
	for i := len(ids) - 1; i >= 0; i-- {
		j, err := loadJournal(root, ids[i])
		if err == nil && !j.Undone && j.changed() {
			return j, nil
		}
	}
	return nil, fmt.Errorf("%w: no gomedic fix run to undo (gomedic fix --history lists them)", ErrNoRun)
}

// conflicts is the first file whose content is neither what it was nor what the fix wrote.
// Only the last write of each file counts: an earlier step's write of the same file is what the
// later step's backup holds.
func (j *Journal) conflicts() error {
	seen := map[string]bool{}
	for i := len(j.Steps) - 1; i >= 0; i-- {
		files := j.Steps[i].Files
		for k := len(files) - 1; k >= 0; k-- {
			f := files[k]
			if seen[f.Path] {
				continue
			}
			seen[f.Path] = true
			cur, err := fileHash(f.Path)
			if err != nil {
				return fmt.Errorf("reading %s: %w", f.Path, err)
			}
			if cur != f.HashBefore && cur != f.HashAfter {
				return &ConflictError{Path: f.Path}
			}
		}
	}
	return nil
}

// undoStep undoes one step, its changes in the reverse order.
func (j *Journal) undoStep(ctx context.Context, s *JournalStep, force bool, in Installer, u *result.FixUndo) error {
	for _, k := range s.Kills {
		if k.happened() {
			u.Skipped = append(u.Skipped, killsNote(k))
		}
	}
	for i := len(s.Tools) - 1; i >= 0; i-- {
		t := s.Tools[i]
		if t.Tool == "" || in == nil {
			continue
		}
		if err := in.Undo(ctx, t.Tool, t.Previous); err != nil {
			return fmt.Errorf("putting back %s: %w", t.Tool, err)
		}
		u.Restored = append(u.Restored, "tool "+t.Tool)
	}
	for i := len(s.Files) - 1; i >= 0; i-- {
		done, err := j.restoreFile(s.Files[i], force)
		if err != nil {
			return err
		}
		if done && !slices.Contains(u.Restored, s.Files[i].Path) {
			u.Restored = append(u.Restored, s.Files[i].Path)
		}
	}
	for i := len(s.Moves) - 1; i >= 0; i-- {
		m := s.Moves[i]
		if _, err := os.Lstat(m.To); err != nil {
			continue // never moved
		}
		if _, err := os.Lstat(m.From); err == nil {
			u.Skipped = append(u.Skipped, m.From+" exists again; its earlier content stays in "+m.To)
			continue
		}
		if err := moveAside(m.To, m.From); err != nil {
			return fmt.Errorf("moving %s back: %w", m.From, err)
		}
		u.Restored = append(u.Restored, m.From)
	}
	for i := len(s.Dirs) - 1; i >= 0; i-- {
		if err := os.Remove(s.Dirs[i]); err == nil {
			u.Restored = append(u.Restored, "removed "+s.Dirs[i])
		} else if !errors.Is(err, fs.ErrNotExist) {
			u.Skipped = append(u.Skipped, s.Dirs[i]+" is not empty: left in place")
		}
	}
	return nil
}

// restoreFile puts f back as it was before the fix; it reports whether it changed anything.
func (j *Journal) restoreFile(f JournalFile, force bool) (bool, error) {
	cur, err := fileHash(f.Path)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", f.Path, err)
	}
	if cur == f.HashBefore {
		return false, nil
	}
	if cur != f.HashAfter && !force {
		return false, &ConflictError{Path: f.Path}
	}
	if f.Backup == "" {
		if err := os.Remove(f.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("removing %s: %w", f.Path, err)
		}
		return true, nil
	}
	data, err := os.ReadFile(filepath.Join(j.dir, f.Backup))
	if err != nil {
		return false, fmt.Errorf("reading the backup of %s: %w", f.Path, err)
	}
	if err := atomicfile.WriteFile(f.Path, data, f.Mode); err != nil {
		return false, fmt.Errorf("restoring %s: %w", f.Path, err)
	}
	return true, nil
}
