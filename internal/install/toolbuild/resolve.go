package toolbuild

import (
	"context"
	"fmt"
	"path"
	"time"

	"golang.org/x/mod/module"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/toolset"
)

// Resolved is a version query resolved to one module version.
type Resolved struct {
	Module  string `json:"module"`
	Version string `json:"version"` // canonical: a semantic version or a pseudo-version
	// GoVersion is the go line of that version's go.mod, when the go command reported it; it is
	// "" when Resolve answered without running the go command.
	GoVersion string `json:"go_version,omitempty"`
}

// resolveTimeout bounds one go list -m run of Resolve, unless f.Timeout is longer: a query
// through a slow proxy takes seconds.
const resolveTimeout = 60 * time.Second

// Resolve asks GOPROXY, through the go command, which module version query ("latest" when "")
// means for t: `go list -m -json module@query`, run in a directory outside any module with
// GOWORK=off, GO111MODULE=on and -mod flags removed from GOFLAGS, and otherwise the user's
// environment (GOPROXY, GONOSUMDB, GOPRIVATE, GOINSECURE, GOFLAGS, GOTOOLCHAIN, the go env file).
//
// When t.Module is known and query is already a canonical version (a semantic version or a
// pseudo-version), Resolve returns it without running anything.
//
// For a package whose module is unknown, it tries the package path and then each parent as the
// module path, longest first, until one answers; a failure that is not "no such module or
// version" (the network, GOPROXY=off, a timeout) ends the search at once.
//
// res is the go list run whose answer or failure Resolve returns (nil when none ran): pass it to
// Classify to explain a failure.
func Resolve(ctx context.Context, f *facts.Facts, t Target, query string) (Resolved, *host.Result, error) {
	if query == "" {
		query = "latest"
	}
	if t.Module != "" && module.CanonicalVersion(query) == query && module.Check(t.Module, query) == nil {
		return Resolved{Module: t.Module, Version: query}, nil, nil
	}
	goBin, err := f.GoBin()
	if err != nil {
		return Resolved{}, nil, fmt.Errorf("finding the go command: %w", err)
	}
	dir, err := f.NeutralDir()
	if err != nil {
		return Resolved{}, nil, err
	}
	pairs, _ := moduleEnv(f)
	env := f.Host.Env().With(pairs...).Environ()
	list := func(mod string) (Resolved, *host.Result, error) {
		res := f.Host.Run(ctx, host.Cmd{
			Path: goBin, Args: []string{"list", "-m", "-json", mod + "@" + query},
			Dir: dir, Env: env, Timeout: max(f.Timeout, resolveTimeout), OutputLimit: 1 << 20,
		})
		if msg := res.Failure(); msg != "" {
			return Resolved{}, res, fmt.Errorf("%s", msg)
		}
		l, err := toolset.ParseLatest(res.Stdout)
		if err != nil {
			return Resolved{}, res, fmt.Errorf("resolving %s@%s: %w", mod, query, err)
		}
		return Resolved{Module: l.Module, Version: l.Version, GoVersion: l.GoVersion}, res, nil
	}
	if t.Module != "" {
		return list(t.Module)
	}
	// The go command itself would try every prefix at once; one at a time, longest first, stops
	// at the module that holds the package, which is usually the first or second.
	type attempt struct {
		res *host.Result
		err error
	}
	var tried []attempt
	for mod := t.Package; ; mod = path.Dir(mod) {
		r, res, err := list(mod)
		if err == nil {
			return r, res, nil
		}
		tried = append(tried, attempt{res, err})
		if !notThisModule(f, t, query, res) || path.Dir(mod) == "." {
			break
		}
	}
	// Report the module that exists but lacks the version, if one said so; else the package
	// path's own answer.
	best := tried[0]
	for _, a := range tried {
		if hasVersionlessModule(a.res) {
			best = a
			break
		}
	}
	if len(tried) > 1 && best == tried[0] {
		best.err = fmt.Errorf("GOPROXY has %s@%s under no module path (tried %s and its parents): %w", t.Package, query, t.Package, best.err)
	}
	return Resolved{}, best.res, best.err
}

// hasVersionlessModule reports whether a failed query says the module exists but has no such
// version: the proxy listed the module's versions, or the repository was found.
func hasVersionlessModule(res *host.Result) bool {
	if res == nil {
		return false
	}
	return newOutput(res).causes.Has(gocmd.UnknownRevision, gocmd.NoMatchingVersions)
}

// notThisModule reports whether a failed query of a candidate module path only says that the
// proxy has no such module (or no such version of it), so that a shorter path may still answer.
func notThisModule(f *facts.Facts, t Target, query string, res *host.Result) bool {
	if res == nil || res.TimedOut {
		return false
	}
	switch Classify(f, t, query, res).Cause {
	case gocmd.ReasonHTTP404, gocmd.ReasonHTTP410, gocmd.ReasonUnknownVersion:
		return true
	}
	return false
}
