package toolstore

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRollbackFollowsTheHistory reproduces issue 11: after v1.0.0, v1.1.0, v1.0.0 again (taken
// from the store, not built) and v1.2.0, the version active before v1.2.0 is v1.0.0 — what
// install promised — although v1.1.0 was installed later.
func TestRollbackFollowsTheHistory(t *testing.T) {
	s, gobin := newStore(t)
	v1 := commitVersion(t, s, "v1.0.0")
	activate(t, s, gobin, v1)
	activate(t, s, gobin, commitVersion(t, s, "v1.1.0"))
	activate(t, s, gobin, v1)
	v3 := commitVersion(t, s, "v1.2.0")
	activate(t, s, gobin, v3)
	if e, err := s.RollbackTarget(tool, gobin); err != nil || e == nil || e.Dir != v1.Dir {
		t.Fatalf("RollbackTarget = %+v, %v; want v1.0.0", e, err)
	}
	from, to, err := s.Rollback(tool, gobin)
	if err != nil || from.Dir != v3.Dir || to.Dir != v1.Dir {
		t.Fatalf("Rollback = %+v, %+v, %v; want from v1.2.0 to v1.0.0", from, to, err)
	}
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("after the rollback GOBIN/tiny prints %q", got)
	}
	// A second rollback goes back to where the first one started.
	if _, to, err := s.Rollback(tool, gobin); err != nil || to.Dir != v3.Dir {
		t.Errorf("second Rollback to %+v, %v; want v1.2.0", to, err)
	}
	hist, err := s.History(tool)
	if err != nil || len(hist) != 6 || hist[0].Version != "v1.0.0" || hist[5].Version != "v1.2.0" {
		t.Errorf("History = %+v, %v", hist, err)
	}
	checkClean(t, s, gobin)
}

// TestRollbackTargetWithoutItsRecord checks what a crash between an activation and its record
// leaves: the history names the version before, which is what a rollback restores.
func TestRollbackTargetWithoutItsRecord(t *testing.T) {
	s, gobin := newStore(t)
	v1 := commitVersion(t, s, "v1.0.0")
	activate(t, s, gobin, v1)
	saved, err := os.ReadFile(filepath.Join(s.toolDir(tool), historyFile))
	if err != nil {
		t.Fatal(err)
	}
	activate(t, s, gobin, commitVersion(t, s, "v1.1.0"))
	if err := os.WriteFile(filepath.Join(s.toolDir(tool), historyFile), saved, 0o644); err != nil {
		t.Fatal(err)
	}
	if e, err := s.RollbackTarget(tool, gobin); err != nil || e == nil || e.Dir != v1.Dir {
		t.Errorf("RollbackTarget = %+v, %v; want v1.0.0", e, err)
	}
	// Without any history (a store from before it was kept), install times decide.
	os.Remove(filepath.Join(s.toolDir(tool), historyFile))
	if e, err := s.RollbackTarget(tool, gobin); err != nil || e == nil || e.Dir != v1.Dir {
		t.Errorf("RollbackTarget without history = %+v, %v; want v1.0.0", e, err)
	}
}

// TestPrune keeps the active version, the one a rollback restores, pinned ones and the
// KeepOthers most recently used others, and removes the rest.
func TestPrune(t *testing.T) {
	s, gobin := newStore(t)
	var all []*Entry
	for _, v := range []string{"v1.0.0", "v1.1.0", "v1.2.0", "v1.0.0", "v1.1.0", "v1.2.0", "v1.0.0"} {
		e := commitVersion(t, s, v)
		activate(t, s, gobin, e)
		all = append(all, e)
	}
	if err := s.SetPin(tool, "v1.0.0"); err != nil {
		t.Fatal(err)
	}
	if pruned, err := s.Prune(tool, gobin); err != nil || len(pruned) != 0 {
		t.Fatalf("Prune with v1.0.0 pinned removed %d, %v; want none (active, previous, 2 pinned, 3 recent)", len(pruned), err)
	}
	if err := s.SetPin(tool, ""); err != nil {
		t.Fatal(err)
	}
	ret, err := s.Retention(tool, gobin)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		e   *Entry
		why string
	}{{all[6], KeepActive}, {all[5], KeepPrevious}, {all[4], KeepRecent}, {all[3], KeepRecent}, {all[2], KeepRecent}, {all[1], ""}, {all[0], ""}}
	if len(ret) != len(want) {
		t.Fatalf("Retention lists %d versions, want %d", len(ret), len(want))
	}
	for i, w := range want {
		if ret[i].Entry.Dir != w.e.Dir || ret[i].Why != w.why {
			t.Errorf("Retention[%d] = %s %q, want %s %q", i, filepath.Base(ret[i].Entry.Dir), ret[i].Why, filepath.Base(w.e.Dir), w.why)
		}
	}
	pruned, err := s.Prune(tool, gobin)
	if err != nil || len(pruned) != 2 || pruned[0].Dir != all[1].Dir || pruned[1].Dir != all[0].Dir {
		t.Fatalf("Prune = %v, %v; want the two oldest", pruned, err)
	}
	if entries, _ := s.Entries(tool); len(entries) != 5 {
		t.Errorf("%d entries after Prune, want 5", len(entries))
	}
	if got := runTool(t, gobin); got != "v1.0.0" {
		t.Errorf("after Prune GOBIN/tiny prints %q", got)
	}
	if e, _ := s.RollbackTarget(tool, gobin); e == nil || e.Dir != all[5].Dir {
		t.Errorf("RollbackTarget after Prune = %+v", e)
	}
	checkClean(t, s, gobin)
}

// TestCleanupRemovesAKilledPrune checks that a version renamed away by a Prune killed before it
// removed it does not stay.
func TestCleanupRemovesAKilledPrune(t *testing.T) {
	s, gobin := newStore(t)
	activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
	trash := filepath.Join(s.toolDir(tool), prunePrefix+randomHex())
	if err := os.MkdirAll(filepath.Join(trash, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := s.Cleanup(tool, gobin); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(trash); err == nil {
		t.Errorf("Cleanup left %s", trash)
	}
	checkClean(t, s, gobin)
}

// TestPruneKeepsAdopted checks that the user's own binary, adopted when gomedic activated a
// version over it, is never pruned: no install can make it again.
func TestPruneKeepsAdopted(t *testing.T) {
	s, gobin := newStore(t)
	putUser(t, gobin)
	for _, v := range []string{"v1.0.0", "v1.1.0", "v1.2.0", "v1.0.0", "v1.1.0", "v1.2.0"} {
		activate(t, s, gobin, commitVersion(t, s, v))
	}
	if _, err := s.Prune(tool, gobin); err != nil {
		t.Fatal(err)
	}
	ret, err := s.Retention(tool, gobin)
	if err != nil {
		t.Fatal(err)
	}
	adopted := 0
	for _, r := range ret {
		if r.Entry.Adopted {
			adopted++
			if r.Why != KeepAdopted {
				t.Errorf("the adopted binary is kept as %q", r.Why)
			}
		}
	}
	if adopted != 1 || len(ret) != 6 {
		t.Errorf("after Prune: %d versions, %d adopted; want 6 (active, previous, 3 recent, adopted) with 1 adopted", len(ret), adopted)
	}
}
