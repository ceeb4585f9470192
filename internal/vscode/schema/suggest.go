package schema

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/spell"
)

// tolerance is how many edits a name of n characters may be away from a real one and still be
// taken for a misspelling of it.
func tolerance(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	case n <= 12:
		return 2
	}
	return 3
}

// closest returns the candidate name was most likely meant to be, or "" when none is close
// enough. In order: the same name in another case; the same dotted segments each within a few
// edits; a name whose last segment is the same (a segment left out or added); the whole name
// within a few edits. Ties go to the candidate first in sorted order. A name longer than
// spell.MaxName characters is no misspelling of a setting, option or value: it is not compared.
func closest(name string, candidates []string) string {
	if len(name) > spell.MaxName*utf8.UTFMax {
		return ""
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		if strings.EqualFold(c, name) {
			return c
		}
	}
	if c := closestBySegments(name, sorted); c != "" {
		return c
	}
	if c := sameLastSegment(name, sorted); c != "" {
		return c
	}
	best, bestD := "", tolerance(len(name))+1
	for _, c := range sorted {
		if d, ok := spell.Within(name, c, bestD-1); ok {
			best, bestD = c, d
		}
	}
	return best
}

// closestBySegments finds the candidate with as many dotted segments as name, each within the
// tolerance of its length, with the fewest edits in all.
func closestBySegments(name string, candidates []string) string {
	segs := strings.Split(name, ".")
	best, bestD := "", -1
	for _, c := range candidates {
		cs := strings.Split(c, ".")
		if len(cs) != len(segs) {
			continue
		}
		total, ok := 0, true
		for i := range segs {
			d, within := spell.Within(segs[i], cs[i], tolerance(max(len(segs[i]), len(cs[i]))))
			if !within {
				ok = false
				break
			}
			total += d
		}
		if ok && (bestD < 0 || total < bestD) {
			best, bestD = c, total
		}
	}
	return best
}

// sameLastSegment finds the one candidate whose last dotted segment equals name's (ignoring
// case), when name has a prefix in common with it ("go.checkForUpdates" for
// "go.toolsManagement.checkForUpdates"); "" when there is none or more than one.
func sameLastSegment(name string, candidates []string) string {
	last := name[strings.LastIndex(name, ".")+1:]
	first, _, _ := strings.Cut(name, ".")
	found := ""
	for _, c := range candidates {
		cfirst, _, _ := strings.Cut(c, ".")
		if !strings.EqualFold(c[strings.LastIndex(c, ".")+1:], last) || !strings.EqualFold(cfirst, first) {
			continue
		}
		if found != "" {
			return ""
		}
		found = c
	}
	return found
}
