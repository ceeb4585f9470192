package toolset

import (
	"golang.org/x/mod/semver"
)

// goplsGoLines is the `go` line of the go.mod of each gopls release series, as published on
// proxy.golang.org (golang.org/x/tools/gopls/@v/<version>.mod): the oldest Go that release may be
// built with. It is used when the module cache does not hold that release's go.mod.
var goplsGoLines = map[string]string{
	"v0.14": "1.18",
	"v0.15": "1.18",
	"v0.16": "1.19",
	"v0.17": "1.23.1",
	"v0.18": "1.23.4",
	"v0.19": "1.24.2",
	"v0.20": "1.24.2",
	"v0.21": "1.25",
	"v0.22": "1.26.0",
	"v0.23": "1.26.0",
	"v0.24": "1.27.0",
}

// GoplsGoLine is the go line of gopls release v's go.mod from gomedic's table ("1.25" for
// v0.21.1), or "" for a release it does not know.
func GoplsGoLine(v string) string {
	if !semver.IsValid(v) {
		return ""
	}
	return goplsGoLines[semver.MajorMinor(v)]
}
