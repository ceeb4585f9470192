// Package doctor is gomedic's engine: the Check and the Catalog of checks, and the runner that runs
// them concurrently with timeouts, turns panics into errors, skips the checks whose prerequisites
// failed, and orders the findings root causes first. The findings themselves are package finding's.
package doctor

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
)

// Check is one entry of the catalog.
type Check struct {
	ID    string // stable, dotted, lower case: the public contract of CHECKS.md
	Layer finding.Layer
	// Looks says what the check looks at, and Fails what fails or warns it; both are shown by
	// `gomedic checks` and docs/checks.md.
	Looks string
	Fails string
	// Needs names checks that must not have failed for this one to mean anything; when one fails,
	// this one is reported as skip, blocked by it.
	Needs []string
	// Causes names checks that can explain this one's failure without preventing it from running:
	// they run first (alongside it, for an Eager check), and when this check fails naming one of
	// them in its finding's BlockedBy, and that one failed too, this check is reported as skip,
	// blocked by it — one failure, at the cause.
	Causes []string
	// Repair is how `gomedic fix` repairs what the check finds (finding.RepairAuto, ...), and
	// RepairNote why, or what it does; both are shown by `gomedic checks` and docs/checks.md.
	Repair     finding.Repair
	RepairNote string
	// Online checks reach the network and are skipped by --offline.
	Online bool
	// Deep checks run only with --deep.
	Deep bool
	// Eager checks start as soon as their Needs pass, alongside their Causes rather than after
	// them; a failure blamed on a cause still waits for that cause's result to be attributed.
	// They take no slot of Options.Parallel. For a long probe (a live gopls session, the user's
	// shell) whose start should not wait for the static checks and the network probes behind
	// them, nor for the many short checks queued for a slot.
	Eager bool
	// Early checks go further than Eager ones: their Run starts as soon as the check is reached,
	// while their Needs are still being decided. When one of those does not pass, Run's context is
	// cancelled and, once Run has returned, the check is reported as skip, blocked by it, as if it
	// had waited. For a long probe whose own start proves what its Needs check (a live gopls
	// session started while the go command and gopls's version are still being checked); Run must
	// stop what it started when its context ends.
	Early bool
	// Run decides. It returns the finding's status, title, detail, evidence and fix; the runner
	// fills in the rest.
	Run func(ctx context.Context, f *facts.Facts) finding.Finding
}

// Catalog is an ordered set of checks with unique ids.
type Catalog struct {
	checks []*Check
	byID   map[string]*Check
}

// NewCatalog returns a catalog of checks, in the given order. It panics on a duplicate id or a
// need that names no check: both are programming errors caught by any test that builds the catalog.
func NewCatalog(checks ...*Check) *Catalog {
	c := &Catalog{byID: make(map[string]*Check)}
	for _, ch := range checks {
		if _, dup := c.byID[ch.ID]; dup {
			panic("doctor: duplicate check id " + ch.ID)
		}
		c.byID[ch.ID] = ch
		c.checks = append(c.checks, ch)
	}
	for _, ch := range checks {
		for _, n := range append(append([]string(nil), ch.Needs...), ch.Causes...) {
			if c.byID[n] == nil {
				panic(fmt.Sprintf("doctor: check %s needs unknown check %s", ch.ID, n))
			}
		}
	}
	c.checkCycles()
	sort.SliceStable(c.checks, func(i, j int) bool { return c.checks[i].Layer.Index() < c.checks[j].Layer.Index() })
	return c
}

// Checks returns the checks in layer order, then registration order.
func (c *Catalog) Checks() []*Check { return c.checks }

// Infos describes the checks, in the order of Checks.
func (c *Catalog) Infos() []finding.CheckInfo {
	out := make([]finding.CheckInfo, len(c.checks))
	for i, ch := range c.checks {
		out[i] = finding.CheckInfo{ID: ch.ID, Layer: ch.Layer, Looks: ch.Looks, Fails: ch.Fails, Needs: ch.Needs, Online: ch.Online, Deep: ch.Deep,
			Repair: ch.Repair, RepairNote: ch.RepairNote}
	}
	return out
}

// Lookup returns the check with the given id, or nil.
func (c *Catalog) Lookup(id string) *Check { return c.byID[id] }

// Match reports whether id matches pattern: equal, or pattern ends in "*" and id starts with the rest.
func Match(pattern, id string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(id, p)
	}
	return pattern == id
}

// ValidatePatterns returns an error for a pattern that matches no check, so a typo in --only is a
// usage error rather than a run that checks nothing.
func (c *Catalog) ValidatePatterns(patterns []string) error {
	for _, p := range patterns {
		found := false
		for _, ch := range c.checks {
			if Match(p, ch.ID) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("no check matches %q; `gomedic checks` lists them", p)
		}
	}
	return nil
}

// checkCycles panics when checks wait for each other through Needs and Causes: the runner would
// deadlock.
func (c *Catalog) checkCycles() {
	const (
		visiting = 1
		done     = 2
	)
	state := make(map[string]int)
	var visit func(id string, path []string)
	visit = func(id string, path []string) {
		switch state[id] {
		case visiting:
			panic("doctor: checks wait for each other: " + strings.Join(append(path, id), " -> "))
		case done:
			return
		}
		state[id] = visiting
		ch := c.byID[id]
		for _, n := range append(append([]string(nil), ch.Needs...), ch.Causes...) {
			visit(n, append(path, id))
		}
		state[id] = done
	}
	for _, ch := range c.checks {
		visit(ch.ID, nil)
	}
}
