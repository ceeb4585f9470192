package toolset

import (
	"golang.org/x/mod/semver"
)

// DelveGoRange is the range of Go minor releases (1.Min to 1.Max) whose programs a Delve release
// debugs: outside it dlv refuses the program with "Version of Delve is too old for Go version X
// (maximum supported version 1.Max, ...)" or "Go version X is too old for this version of Delve
// (minimum supported version 1.Min, ...)", unless run with --check-go-version=false.
type DelveGoRange struct {
	Release  string // the first Delve release with this range ("v1.27.0")
	Last     string // the newest release with it that the table knows ("v1.27.2")
	Min, Max int
}

// delveGoRanges is pkg/goversion/compat.go's MinSupportedVersionOfGoMinor and
// MaxSupportedVersionOfGoMinor at each Delve release tag of github.com/go-delve/delve where they
// changed, oldest first (read from every tag v1.20.0 to v1.27.1; the main branch after v1.27.1,
// and v1.27.2, still say 1.25 to 1.27). A release between two rows has the earlier row's range.
var delveGoRanges = []DelveGoRange{
	{"v1.20.0", "v1.20.2", 18, 20},
	{"v1.21.0", "v1.21.0", 18, 21},
	{"v1.21.1", "v1.21.2", 19, 21},
	{"v1.22.0", "v1.22.1", 19, 22},
	{"v1.23.0", "v1.23.1", 21, 23},
	{"v1.24.0", "v1.25.0", 21, 24},
	{"v1.25.1", "v1.25.2", 22, 25},
	{"v1.26.0", "v1.26.3", 24, 26},
	{"v1.27.0", "v1.27.2", 25, 27},
}

// newestDelveSeries is the newest release series the table knows: a release of a newer series
// may support newer Go releases than the table says.
const newestDelveSeries = "v1.27"

// DelveRange is the range of Go releases Delve release v debugs, and whether the table knows
// it: false for a version that is no release, older than the table, or of a newer series than it.
func DelveRange(v string) (DelveGoRange, bool) {
	if !semver.IsValid(v) || semver.Compare(v, delveGoRanges[0].Release) < 0 || semver.Compare(semver.MajorMinor(v), newestDelveSeries) > 0 {
		return DelveGoRange{}, false
	}
	r := delveGoRanges[0]
	for _, row := range delveGoRanges {
		if semver.Compare(v, row.Release) >= 0 {
			r = row
		}
	}
	return r, true
}

// FirstDelveFor is the first Delve release that debugs programs of Go 1.minor, or "" when no
// release the table knows does.
func FirstDelveFor(minor int) string {
	for _, row := range delveGoRanges {
		if row.Min <= minor && minor <= row.Max {
			return row.Release
		}
	}
	return ""
}

// LastDelveFor is the newest Delve release the table knows that still debugs programs of Go
// 1.minor, or "" when none does: for a Go too old for the newest Delve.
func LastDelveFor(minor int) string {
	last := ""
	for _, row := range delveGoRanges {
		if row.Min <= minor && minor <= row.Max {
			last = row.Last
		}
	}
	return last
}

// NewestDelveSeries is the newest Delve release series the table knows ("v1.27").
func NewestDelveSeries() string { return newestDelveSeries }
