package fix

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// journalFile is the journal's name inside its run directory.
const journalFile = "journal.json"

// Journal is the write-ahead record of one fix run, under <data>/fix/<RunID>/: before anything is
// changed, the journal names it and holds its backup, so that an undo after any crash restores it.
type Journal struct {
	RunID     string        `json:"run_id"`
	Started   time.Time     `json:"started"`
	Workspace string        `json:"workspace,omitempty"`
	Steps     []JournalStep `json:"steps"`
	// Finished is set when the run ended by itself; a journal without it was interrupted.
	Finished bool `json:"finished"`
	Undone   bool `json:"undone"`

	dir string
}

// JournalStep is what one step changed.
type JournalStep struct {
	N       int                 `json:"n"`
	Checks  []string            `json:"checks"`
	Actions []finding.Action    `json:"actions"`
	Outcome result.FixOutcome   `json:"outcome,omitempty"`
	Files   []JournalFile       `json:"files,omitempty"`
	Dirs    []string            `json:"dirs,omitempty"` // created, outermost first
	Moves   []JournalMove       `json:"moves,omitempty"`
	Tools   []JournalTool       `json:"tools,omitempty"`
	Kills   []JournalKill       `json:"kills,omitempty"`
	GoEnv   map[string]string   `json:"go_env_before,omitempty"`
	Recheck []result.FixRecheck `json:"recheck,omitempty"`
}

// JournalFile is one file a step wrote: its backup (a file of the run directory; "" when the file
// did not exist) and the hashes of its content before and after ("" for no file). HashAfter is
// written before the change when it is known then, and after it otherwise.
type JournalFile struct {
	Path       string      `json:"path"`
	Backup     string      `json:"backup,omitempty"`
	Mode       fs.FileMode `json:"mode"`
	HashBefore string      `json:"hash_before"`
	HashAfter  string      `json:"hash_after"`
}

// JournalMove is a file moved aside into the run directory.
type JournalMove struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// JournalTool is a tool install: the version active before ("" when there was none).
type JournalTool struct {
	Package  string `json:"package"`
	Tool     string `json:"tool,omitempty"`
	Previous string `json:"previous,omitempty"`
	Done     bool   `json:"done"`
}

// newJournal creates the run directory of a new run under root.
func newJournal(root, workspace string) (*Journal, error) {
	var b [2]byte
	_, _ = rand.Read(b[:])
	now := time.Now().UTC()
	// Microseconds, fixed width, so that the names sort as the runs started (one run at a time
	// holds the lock); the random part keeps two machines' journals apart.
	id := strings.Replace(now.Format("20060102-150405.000000"), ".", "-", 1) + "-" + hex.EncodeToString(b[:])
	j := &Journal{RunID: id, Started: now, Workspace: workspace, dir: filepath.Join(root, id)}
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the journal: %w", err)
	}
	return j, j.save()
}

// Dir is the run's directory.
func (j *Journal) Dir() string { return j.dir }

// save writes the journal atomically.
func (j *Journal) save() error {
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the journal: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(j.dir, journalFile), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing the journal: %w", err)
	}
	return nil
}

// step is the journal entry of step n, added when missing.
func (j *Journal) step(n int, checks []string, actions []finding.Action) *JournalStep {
	for i := range j.Steps {
		if j.Steps[i].N == n {
			return &j.Steps[i]
		}
	}
	j.Steps = append(j.Steps, JournalStep{N: n, Checks: checks, Actions: redactActions(actions)})
	return &j.Steps[len(j.Steps)-1]
}

// backup records path's current content and the content it is about to get (hashAfter; "" when
// not known yet) before it changes: the backup file first, then the journal naming it.
func (j *Journal) backup(st *JournalStep, path string, hashAfter string) (*JournalFile, error) {
	jf := JournalFile{Path: path, HashAfter: hashAfter, Mode: 0o644}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		fi, _ := os.Stat(path)
		if fi != nil {
			jf.Mode = fi.Mode().Perm()
		}
		jf.HashBefore = hash(data)
		jf.Backup = "backup-" + strconv.Itoa(st.N) + "-" + strconv.Itoa(len(st.Files)) + "-" + filepath.Base(path)
		if err := atomicfile.WriteFile(filepath.Join(j.dir, jf.Backup), data, 0o600); err != nil {
			return nil, fmt.Errorf("backing up %s: %w", path, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	st.Files = append(st.Files, jf)
	if err := j.save(); err != nil {
		return nil, err
	}
	return &st.Files[len(st.Files)-1], nil
}

// hash is the hex SHA-256 of data.
func hash(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// fileHash is the hash of the file at path now, "" when there is none.
func fileHash(path string) (string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return hash(data), nil
}

// ErrNoRun is the error of a run id no journal has: not one of the runs `gomedic fix --history`
// lists, or not a run id at all (a path, which must not lead out of the journals' directory).
var ErrNoRun = errors.New("no such fix run")

// loadJournal reads the journal of run id under root.
func loadJournal(root, id string) (*Journal, error) {
	if id == "" || id == "." || id == ".." || filepath.Base(id) != id || strings.ContainsAny(id, `/\`) {
		return nil, fmt.Errorf("%w: %q is not a run id (gomedic fix --history lists them)", ErrNoRun, id)
	}
	dir := filepath.Join(root, id)
	data, err := os.ReadFile(filepath.Join(dir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s (gomedic fix --history lists the runs)", ErrNoRun, id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the journal of run %s: %w", id, err)
	}
	j := &Journal{dir: dir}
	if err := json.Unmarshal(data, j); err != nil {
		return nil, fmt.Errorf("reading the journal of run %s: %w", id, err)
	}
	return j, nil
}

// runIDs lists the runs under root, oldest first.
func runIDs(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("listing the fix journals: %w", err)
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(root, e.Name(), journalFile)); err == nil {
				ids = append(ids, e.Name())
			}
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// changed reports whether the journal records any change.
func (j *Journal) changed() bool {
	for _, s := range j.Steps {
		if len(s.Files)+len(s.Dirs)+len(s.Moves)+len(s.Tools) > 0 || slices.ContainsFunc(s.Kills, JournalKill.happened) {
			return true
		}
	}
	return false
}

// History lists the runs under root (the fix directory), newest first.
func History(root string) (*result.FixHistory, error) {
	ids, err := runIDs(root)
	if err != nil {
		return nil, err
	}
	h := &result.FixHistory{Schema: result.FixHistorySchema, Runs: []result.FixRun{}}
	for i := len(ids) - 1; i >= 0; i-- {
		j, err := loadJournal(root, ids[i])
		if err != nil {
			continue
		}
		r := result.FixRun{RunID: j.RunID, Started: j.Started.Format(time.RFC3339), Steps: len(j.Steps), Undone: j.Undone, Journal: j.dir, Complete: j.Finished}
		for _, s := range j.Steps {
			if s.Outcome == result.FixFixed || s.Outcome == result.FixNotCleared {
				r.Applied++
			}
		}
		h.Runs = append(h.Runs, r)
	}
	return h, nil
}

// redactActions is actions with the secrets in their values and commands redacted: the journal
// keeps files byte for byte (in backups only its owner can read), never a credential in its own text.
func redactActions(actions []finding.Action) []finding.Action {
	out := make([]finding.Action, len(actions))
	for i, a := range actions {
		a.Value = redact.Var(a.Key, a.Value)
		a.Argv = redact.Argv(a.Argv)
		out[i] = a
	}
	return out
}
