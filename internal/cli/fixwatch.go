package cli

import (
	"context"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/watch"
)

// watchSelection is what of `gomedic watch`'s findings a fix run plans: on unless --layer or
// --only leave the watch layer out, with the watch.* patterns of --only and --skip.
type watchSelection struct {
	on         bool
	only, skip []string
	// checksOff is set when the selection names only watch: no check of the catalog runs.
	checksOff bool
}

// splitWatchSelection takes the watch layer and the patterns that match watch's ids out of c's
// --layer, --only and --skip (the checks' catalog knows neither) and returns them. A pattern
// that matches ids of both (watch*, *) stays for the checks too.
func splitWatchSelection(c *checkOptions, cat *doctor.Catalog) watchSelection {
	var sel watchSelection
	var layers []string
	for _, l := range c.layers {
		if strings.TrimSpace(l) == string(finding.LayerWatch) {
			sel.on = true
		} else {
			layers = append(layers, l)
		}
	}
	layerOff := len(c.layers) > 0 && len(layers) == 0
	sel.on = sel.on || len(c.layers) == 0
	var checksOnly []string
	sel.only, checksOnly = splitWatchPatterns(c.only, cat)
	sel.skip, c.skip = splitWatchPatterns(c.skip, cat)
	sel.on = sel.on && (len(c.only) == 0 || len(sel.only) > 0)
	sel.checksOff = layerOff || len(c.only) > 0 && len(checksOnly) == 0
	c.layers, c.only = layers, checksOnly
	return sel
}

// splitWatchPatterns sorts patterns into those that match a watch id and those left for the
// checks (that match a check, or nothing: the checks' validation names those).
func splitWatchPatterns(patterns []string, cat *doctor.Catalog) (watchPats, checkPats []string) {
	for _, p := range patterns {
		w := slices.ContainsFunc(watch.Infos(), func(i finding.CheckInfo) bool { return doctor.Match(p, i.ID) })
		if w {
			watchPats = append(watchPats, p)
		}
		if !w || cat.ValidatePatterns([]string{p}) == nil {
			checkPats = append(checkPats, p)
		}
	}
	return watchPats, checkPats
}

// selected reports whether the watch finding id is in the selection.
func (sel watchSelection) selected(id string) bool {
	match := func(pats []string) bool {
		return slices.ContainsFunc(pats, func(p string) bool { return doctor.Match(p, id) })
	}
	return (len(sel.only) == 0 || match(sel.only)) && !match(sel.skip)
}

// fixWatchFindings is watch's look as fix takes it: a census of this user's processes (those
// working in under or below it, when under is set), the selected findings. The samples stay in
// memory: fix neither reads nor writes watch's history.
func fixWatchFindings(io *IO, sel watchSelection, under string) func(ctx context.Context) []finding.Finding {
	// The memory finding's package count is not asked: the plan does not use it.
	w := watch.New(io.Host, watch.Options{Census: watch.CensusOptions{UID: os.Getuid(), Under: under}, Since: 24 * time.Hour,
		Packages: watch.PackageOptions{Off: true}})
	return func(ctx context.Context) []finding.Finding {
		var out []finding.Finding
		for _, fd := range w.Look(ctx, time.Now()).Findings {
			if sel.selected(fd.ID) {
				out = append(out, fd)
			}
		}
		return out
	}
}
