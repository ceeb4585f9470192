package install

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/gomedic/gomedic/internal/install/toolbuild"
	"github.com/gomedic/gomedic/internal/toolset"
)

// query decides the version query for t when the command line gave none: a pin, else the version
// the workspace's go.mod requires for a `tool` directive naming t's package, else latest. It also
// says why, for the progress line.
func (in *Installer) query(t toolbuild.Target, given string) (string, string) {
	if given != "" {
		return given, ""
	}
	if pin, err := in.o.Store.Pin(t.Name); err == nil && pin != "" {
		return pin, " (pinned)"
	}
	if v, file := in.toolDirective(t); v != "" {
		return v, fmt.Sprintf(" (tool directive in %s)", file)
	}
	return "latest", ""
}

// maxGoMod bounds the go.mod read for tool directives.
const maxGoMod = 4 << 20

// toolDirective returns the version the workspace's go.mod requires for the module providing t's
// package when a `tool` directive names it (Go 1.24+), with the go.mod's path.
func (in *Installer) toolDirective(t toolbuild.Target) (string, string) {
	f := in.o.Facts
	gomod := f.GoVar("GOMOD")
	if gomod == "" || strings.HasSuffix(gomod, "null") || gomod == "NUL" {
		return "", ""
	}
	data, err := f.Host.ReadFile(gomod, maxGoMod)
	if err != nil {
		return "", ""
	}
	// Parse, not ParseLax: lax parsing skips the statements that only apply to a main module, tool among them.
	mf, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return "", ""
	}
	listed := false
	for _, tl := range mf.Tool {
		listed = listed || tl.Path == t.Package
	}
	if !listed {
		return "", ""
	}
	best := ""
	version := ""
	for _, r := range mf.Require {
		p := r.Mod.Path
		if (t.Package == p || strings.HasPrefix(t.Package, p+"/")) && len(p) > len(best) {
			best, version = p, r.Mod.Version
		}
	}
	return version, gomod
}

// resolve turns a query into a module version: directly for a canonical version of a known
// module, from gomedic's day-old answer for latest (unless Refresh), else by asking GOPROXY.
func (in *Installer) resolve(ctx context.Context, t toolbuild.Target, query string) (toolbuild.Resolved, *toolbuild.Failure) {
	f := in.o.Facts
	if query == "latest" && t.Module != "" && !in.o.Refresh {
		cache := toolset.LatestCache{Dir: f.CacheDir}
		if l := cache.Load(t.Module, f.GoVar("GOPROXY"), time.Now()); l != nil {
			return toolbuild.Resolved{Module: t.Module, Version: l.Version, GoVersion: l.GoVersion}, nil
		}
	}
	r, res, err := toolbuild.Resolve(ctx, f, t, query)
	if err != nil {
		if fl := toolbuild.Classify(f, t, query, res); fl != nil {
			return r, fl
		}
		return r, &toolbuild.Failure{Cause: "unknown_version", Summary: fmt.Sprintf("cannot resolve %s@%s: %v", t.Package, query, err)}
	}
	if query == "latest" {
		cache := toolset.LatestCache{Dir: f.CacheDir}
		_ = cache.Store(&toolset.Latest{Module: r.Module, Version: r.Version, GoVersion: r.GoVersion, GOPROXY: f.GoVar("GOPROXY"), Checked: time.Now()})
	}
	return r, nil
}

// ValidVersion reports whether v can be pinned: a canonical semantic version or pseudo-version.
func ValidVersion(v string) bool {
	return semver.IsValid(v) && semver.Canonical(v) == v || module.IsPseudoVersion(v)
}
