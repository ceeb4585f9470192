package toolbuild

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/goenv"
)

// Env is the environment a tool is built in.
type Env struct {
	// Environ is the whole environment of the go command, as KEY=VALUE pairs.
	Environ []string
	// Overrides are the Go variables whose value for this build differs from the user's
	// effective one, in a fixed order (GO111MODULE, GOFLAGS, GOWORK, GOOS, GOARCH).
	Overrides []Override
	// GOBIN is the directory go install writes the binary to. It always differs from the user's
	// (it is gomedic's store) and is not listed in Overrides: the tool still ends up where the
	// user's GOBIN points, once activated.
	GOBIN string
}

// Override is a Go variable the build sets to another value than the user's.
type Override struct {
	Name      string `json:"name"`
	UserValue string `json:"user_value"` // the user's effective value
	Where     string `json:"where"`      // where the user's value came from, as goenv.Value.Where says it
	Value     string `json:"value"`      // the value for this build
}

// String says what the override does, for the user: "GO111MODULE=off from the go env file
// /h/.config/go/env:1 (set with go env -w) is overridden (on) for this install".
func (o Override) String() string {
	return fmt.Sprintf("%s=%s from %s is overridden (%s) for this install", o.Name, o.UserValue, o.Where, o.Value)
}

// BuildEnv is the environment a tool is built in: the user's, with module mode on
// (GO111MODULE=on), -mod and -modfile flags removed from GOFLAGS, GOOS and GOARCH of the host
// (f.Host.OS(), f.Host.Arch()), GOWORK=off and GOBIN=gobin. Everything else is the user's, as the
// go command would read it (GOPROXY, GOPRIVATE, GONOSUMDB, GOINSECURE, GOTOOLCHAIN, CGO_ENABLED,
// the go env file). Overrides lists every value that differs from the user's effective one, with
// where the user's came from.
func BuildEnv(f *facts.Facts, gobin string) Env {
	pairs, over := moduleEnv(f)
	for _, p := range []struct{ name, want string }{{"GOOS", f.Host.OS()}, {"GOARCH", f.Host.Arch()}} {
		pairs = append(pairs, p.name+"="+p.want)
		v := f.Value(p.name)
		if v.Value == "" || v.Value == p.want {
			continue // unknown (go env did not run and the user set nothing), or the same
		}
		where := v.Where()
		if v.Source == goenv.FromDefault {
			where = fmt.Sprintf("the default of the go command, a %s/%s build", f.GoVar("GOHOSTOS"), f.GoVar("GOHOSTARCH"))
		}
		over = append(over, Override{Name: p.name, UserValue: v.Value, Where: where, Value: p.want})
	}
	pairs = append(pairs, "GOBIN="+gobin)
	return Env{Environ: f.Host.Env().With(pairs...).Environ(), Overrides: over, GOBIN: gobin}
}

// moduleEnv are the settings every go command that resolves or builds a tool runs with: module
// mode on, outside any workspace, without -mod flags; and the overrides of the user's values
// they make.
func moduleEnv(f *facts.Facts) (pairs []string, over []Override) {
	pairs = append(pairs, "GO111MODULE=on")
	if v := f.Value("GO111MODULE"); v.Value != "" && v.Value != "on" {
		over = append(over, Override{Name: "GO111MODULE", UserValue: v.Value, Where: v.Where(), Value: "on"})
	}
	if v := f.Value("GOFLAGS"); goenv.HasModFlag(v.Value) {
		kept := goenv.WithoutModFlags(v.Value)
		pairs = append(pairs, "GOFLAGS="+kept)
		over = append(over, Override{Name: "GOFLAGS", UserValue: v.Value, Where: v.Where(), Value: kept})
	}
	pairs = append(pairs, "GOWORK=off")
	if v := f.Value("GOWORK"); v.Source != goenv.FromDefault && v.Value != "off" && v.Value != "" {
		over = append(over, Override{Name: "GOWORK", UserValue: v.Value, Where: v.Where(), Value: "off"})
	}
	p, o := offlineEnv(f)
	return append(pairs, p...), append(over, o...)
}

// offlineEnv makes GOPROXY=off work for modules already in the module cache. With GOPROXY=off,
// go install pkg@version fails even for a cached version ("loading deprecation for M: module
// lookup disabled by GOPROXY=off": it also reads the module's newest go.mod), so the module
// cache's download directory is used as a file:// proxy instead — the same files, no network —
// and the checksum database, which cannot be reached either, is not consulted (the cache's files
// were verified when they were downloaded).
func offlineEnv(f *facts.Facts) (pairs []string, over []Override) {
	if !offlineEnvFor(f) {
		return nil, nil
	}
	v := f.Value("GOPROXY")
	cache := f.GoVar("GOMODCACHE")
	proxy := fileURL(filepath.Join(cache, "cache", "download"))
	pairs = append(pairs, "GOPROXY="+proxy, "GOSUMDB=off")
	over = append(over, Override{Name: "GOPROXY", UserValue: v.Value, Where: v.Where(), Value: proxy + ": the module cache, offline"})
	if s := f.Value("GOSUMDB"); s.Value != "off" {
		over = append(over, Override{Name: "GOSUMDB", UserValue: s.Value, Where: s.Where(), Value: "off: the cached modules were verified when downloaded"})
	}
	return pairs, over
}

// offlineEnvFor reports whether offlineEnv applies: GOPROXY=off and a known module cache.
func offlineEnvFor(f *facts.Facts) bool {
	return strings.TrimSpace(f.Value("GOPROXY").Value) == "off" && f.GoVar("GOMODCACHE") != ""
}
