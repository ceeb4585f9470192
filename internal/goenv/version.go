package goenv

import (
	"go/version"
	"strconv"
	"strings"
)

// LatestKnown is the newest major Go release gomedic knew of when it was released. Checks also
// take the newest release seen on the machine, so a newer Go never looks old.
const LatestKnown = "go1.27"

// Normalize turns what `go version` or GOVERSION print, or a go.mod go line, into a version
// go/version understands: "go1.26.8 X:boringcrypto" -> "go1.26.8"; "1.26.0" -> "go1.26.0";
// "devel go1.27-abcdef ..." -> "" (a development build).
func Normalize(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "devel") {
		return ""
	}
	if v != "" && v[0] >= '0' && v[0] <= '9' {
		v = "go" + v
	}
	if i := strings.IndexAny(v, " \t"); i >= 0 {
		v = v[:i]
	}
	if version.IsValid(v) {
		return v
	}
	// go/version accepts a "-suffix" of a custom build ("go1.21.0-custom") as it is; for another
	// suffix ("go1.21.0+build"), keep the version before it.
	if i := strings.IndexAny(v, "-+"); i > 0 && version.IsValid(v[:i]) {
		return v[:i]
	}
	return ""
}

// CompareVersions compares two go versions ("go1.26.8", "go1.27"); an invalid or empty version
// sorts before every valid one.
func CompareVersions(a, b string) int {
	return version.Compare(Normalize(a), Normalize(b))
}

// Lang is the major release of v ("go1.26.8" -> "go1.26"), or "".
func Lang(v string) string { return version.Lang(Normalize(v)) }

// Minor is the minor number of a go1.N version ("go1.26.8" -> 26, "go1" -> 0), or -1.
func Minor(v string) int {
	l := Lang(v)
	if l == "go1" {
		return 0 // Go 1.0: go/version writes its language as "go1"
	}
	n, err := strconv.Atoi(strings.TrimPrefix(l, "go1."))
	if err != nil || !strings.HasPrefix(l, "go1.") {
		return -1
	}
	return n
}
