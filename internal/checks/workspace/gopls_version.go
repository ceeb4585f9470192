package workspace

import (
	"fmt"

	"golang.org/x/mod/semver"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/toolset"
)

// zeroConfigGopls is the first gopls release that loads the module (or go.work) of each Go file
// opened, whatever the workspace folder is ("zero-config gopls", gopls/doc/release/v0.15.0.md):
// a folder whose modules are only in subdirectories, or a module a go.work leaves out, then work
// in the editor, each module in a view of its own.
const zeroConfigGopls = "v0.15.0"

// editorGopls is the release of the gopls the editor runs (its build info), "" when there is no
// gopls or its version is not a release.
func editorGopls(f *facts.Facts) (version, path string) {
	t := toolset.Lookup("gopls")
	if t == nil {
		return "", ""
	}
	path = f.Tool(t).Resolution.Path
	if path == "" {
		return "", ""
	}
	bi := f.BinInfo(path)
	if bi.Info == nil {
		return "", path
	}
	v := bi.Info.Version
	if bi.Info.Module != t.Module {
		v = bi.Info.Deps[t.Module]
	}
	if !semver.IsValid(v) {
		return "", path
	}
	return v, path
}

// goplsBeforeZeroConfig is the version of the editor's gopls when it is older than
// zeroConfigGopls, "" when it is not (or unknown): only such a gopls fails on a layout of
// several modules that no go.work ties together.
func goplsBeforeZeroConfig(f *facts.Facts) string {
	v, _ := editorGopls(f)
	if v != "" && semver.Compare(v, zeroConfigGopls) < 0 {
		return v
	}
	return ""
}

// oldGoplsNote explains what a gopls older than v0.15 does with modules in subdirectories.
func oldGoplsNote(v, path string) string {
	return fmt.Sprintf("The editor's gopls (%s, %s) is older than %s: it loads only the module at the workspace folder (or the one module below it) and does not load the module of a file opened elsewhere, so files of the other modules get no completion or navigation (\"This file is in ..., which is a nested module\", \"gopls was not able to find modules in your workspace\"). gopls %s and later load each module when a file of it is opened.",
		v, path, zeroConfigGopls, zeroConfigGopls)
}
