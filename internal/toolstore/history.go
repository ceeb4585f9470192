package toolstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
)

// historyFile, in a tool's store, lists the tool's activations, oldest first: what was active
// before the current version is read from it, not guessed from install times (a version built
// long ago and activated again from the store is the one to return to).
const historyFile = "history.json"

// maxHistory bounds the activations historyFile keeps.
const maxHistory = 64

// KeepOthers is how many versions of a tool Prune keeps besides the active one, the one a
// rollback restores, the pinned one and adopted ones: the most recently used others (activated,
// else installed).
const KeepOthers = 3

// Activation is one activation of a store entry, as historyFile records it.
type Activation struct {
	Dir     string    `json:"dir"` // the entry's directory name in the tool's store
	Version string    `json:"version"`
	At      time.Time `json:"at"`
}

type historyDoc struct {
	Activations []Activation `json:"activations"`
}

// History returns the activations of tool gomedic recorded, oldest first.
func (s *Store) History(tool string) ([]Activation, error) {
	if err := checkTool(tool); err != nil {
		return nil, fmt.Errorf("reading the history: %w", err)
	}
	data, err := os.ReadFile(filepath.Join(s.toolDir(tool), historyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the history of %s: %w", tool, err)
	}
	var doc historyDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading the history of %s: %v (remove %s)", tool, err, filepath.Join(s.toolDir(tool), historyFile))
	}
	return doc.Activations, nil
}

// record appends the activation of e to tool's history, rewritten atomically. The caller holds
// the tool's lock. A record lost to a crash between the activation and this write leaves the
// history one step behind, which RollbackTarget tolerates: it skips records of the active entry.
func (s *Store) record(e *Entry) error {
	hist, err := s.History(e.Tool)
	if err != nil {
		hist = nil // a damaged history is replaced, not kept in the way of every activation
	}
	if n := len(hist); n > 0 && hist[n-1].Dir == filepath.Base(e.Dir) {
		return nil
	}
	hist = append(hist, Activation{Dir: filepath.Base(e.Dir), Version: e.Version, At: time.Now().Round(0)})
	if len(hist) > maxHistory {
		hist = hist[len(hist)-maxHistory:]
	}
	data, err := json.MarshalIndent(historyDoc{Activations: hist}, "", "\t")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(s.toolDir(e.Tool), historyFile), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("recording the activation of %s %s: %w", e.Tool, e.Version, err)
	}
	s.step("activate:recorded")
	return nil
}

// RollbackTarget is the entry `gomedic tools rollback` activates now: the entry active before the
// one active at gobin, read from the activation history (the newest record of an entry the store
// still holds, other than the active one); without history, the most recently installed entry
// other than the active one. It returns nil, nil when there is none. `gomedic tools install`
// says the same: what a rollback restores is computed by this function alone.
func (s *Store) RollbackTarget(tool, gobin string) (*Entry, error) {
	prev, err := s.Previous(tool, gobin)
	if err != nil || len(prev) == 0 {
		return nil, err
	}
	return prev[0], nil
}

// Previous returns the committed versions of tool other than the one active at gobin, in the
// order a user would go back to them: the one a rollback restores first (RollbackTarget), then
// the others, most recently used (activated, else installed) first.
func (s *Store) Previous(tool, gobin string) ([]*Entry, error) {
	entries, err := s.Entries(tool)
	if err != nil {
		return nil, err
	}
	st, err := s.inspect(tool, gobin)
	if err != nil {
		return nil, fmt.Errorf("finding the previous versions of %s: %w", tool, err)
	}
	hist, _ := s.History(tool) // without history, install times order the entries
	var prev []*Entry
	for _, e := range byLastUse(entries, hist) {
		if !st.managed || e.Dir != st.dir {
			prev = append(prev, e)
		}
	}
	return prev, nil
}

// byLastUse orders entries by their last activation in hist, newest first; entries never
// activated (or whose records were dropped) follow, most recently installed first.
func byLastUse(entries []*Entry, hist []Activation) []*Entry {
	last := map[string]int{}
	for i, a := range hist {
		last[a.Dir] = i + 1
	}
	out := append([]*Entry(nil), entries...) // Entries' order: most recently installed first
	sort.SliceStable(out, func(i, j int) bool {
		return last[filepath.Base(out[i].Dir)] > last[filepath.Base(out[j].Dir)]
	})
	return out
}

// Why a version stays in the store (see Retention).
const (
	KeepActive   = "active"   // the version at GOBIN/<tool>
	KeepPrevious = "previous" // the one `gomedic tools rollback` restores
	KeepPinned   = "pinned"   // the version the tool is pinned to
	KeepAdopted  = "adopted"  // a binary gomedic did not build (the user's own): no install can make it again
	KeepRecent   = "recent"   // one of the KeepOthers most recently used others
)

// Retained is a committed version and why Prune keeps it: one of the Keep constants, or "" for a
// version the next Prune removes.
type Retained struct {
	Entry *Entry
	Why   string
}

// Retention lists every committed version of tool with why it is kept: the active one first,
// then the others in the order of Previous. The caller need not hold the tool's lock.
func (s *Store) Retention(tool, gobin string) ([]Retained, error) {
	active, err := s.Active(tool, gobin)
	if err != nil {
		return nil, err
	}
	prev, err := s.Previous(tool, gobin)
	if err != nil {
		return nil, err
	}
	pin, err := s.Pin(tool)
	if err != nil {
		return nil, err
	}
	var out []Retained
	if active != nil {
		out = append(out, Retained{Entry: active, Why: KeepActive})
	}
	recent := 0
	for i, e := range prev {
		r := Retained{Entry: e}
		switch {
		case i == 0:
			r.Why = KeepPrevious
		case pin != "" && e.Version == pin:
			r.Why = KeepPinned
		case e.Adopted:
			r.Why = KeepAdopted
		case recent < KeepOthers:
			r.Why, recent = KeepRecent, recent+1
		}
		out = append(out, r)
	}
	return out, nil
}

// prunePrefix names a version being pruned: renamed out of the store's listing first, then
// removed; Cleanup removes what a killed Prune left.
const prunePrefix = ".pruned-"

// Prune removes the versions of tool that Retention does not keep, and returns them. Each is
// first renamed out of the listing (atomically: a concurrent reader sees it whole or not at all),
// then removed. The caller holds the tool's lock, as every install and rollback does, so no
// other change of the tool's store runs meanwhile.
func (s *Store) Prune(tool, gobin string) ([]*Entry, error) {
	ret, err := s.Retention(tool, gobin)
	if err != nil {
		return nil, fmt.Errorf("pruning the store of %s: %w", tool, err)
	}
	var pruned []*Entry
	var errs []error
	for _, r := range ret {
		if r.Why != "" {
			continue
		}
		trash := filepath.Join(s.toolDir(tool), prunePrefix+randomHex())
		if err := os.Rename(r.Entry.Dir, trash); err != nil {
			errs = append(errs, err)
			continue
		}
		s.step("prune:renamed")
		pruned = append(pruned, r.Entry)
		if err := os.RemoveAll(trash); err != nil {
			errs = append(errs, err) // a binary that runs cannot be removed on Windows: Cleanup retries
		}
	}
	if err := errors.Join(errs...); err != nil {
		return pruned, fmt.Errorf("pruning the store of %s: %w", tool, err)
	}
	return pruned, nil
}
