package facts

import (
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

type goBinFact struct {
	path string
	err  error
}

// GoBin is the go command a shell would run: the first go on PATH (with PATHEXT on Windows).
func (f *Facts) GoBin() (string, error) {
	g := f.goBin.get(func() goBinFact {
		env := f.Host.Env()
		p, err := host.LookPath(f.Host, "go", env.Get("PATH"), env.Get("PATHEXT"))
		return goBinFact{p, err}
	})
	return g.path, g.err
}

type goEnvFact struct {
	env *goenv.Env
}

// GoEnv is the result of the run's one `go env -json`, run in the workspace directory as the
// editor's tools run it. It is nil when there is no go on PATH.
func (f *Facts) GoEnv() *goenv.Env {
	return f.goEnv.get(func() *goEnvFact {
		goBin, err := f.GoBin()
		if err != nil {
			return &goEnvFact{}
		}
		return &goEnvFact{goenv.Load(f.ctx, f.Host, goBin, f.Dir, f.Timeout)}
	}).env
}

// GoVar is the effective value of a Go variable as `go env` reported it, or "" when go env failed.
// JSON cannot carry bytes that are not UTF-8, so go env -json replaces them; a value set in the
// environment with such bytes (a non-UTF-8 GOBIN, legal on Unix) is taken from there instead.
func (f *Facts) GoVar(name string) string {
	v := f.GoEnv().Get(name)
	if strings.ContainsRune(v, utf8.RuneError) {
		if raw := f.Host.Env().Get(name); raw != "" && !utf8.ValidString(raw) {
			return raw
		}
	}
	return v
}

type sourcesFact struct {
	s *goenv.Sources
}

// GOROOT is the effective GOROOT: go env's when it ran, else the go binary's own tree.
func (f *Facts) GOROOT() string {
	if root := f.GoVar("GOROOT"); root != "" {
		return root
	}
	if goBin, err := f.GoBin(); err == nil {
		return goenv.RootOf(f.Host, goBin)
	}
	return ""
}

// Sources are the layers of the Go configuration: the user's go env file and $GOROOT/go.env.
func (f *Facts) Sources() *goenv.Sources {
	return f.sources.get(func() *sourcesFact {
		return &sourcesFact{goenv.LoadSources(f.Host, f.GOROOT())}
	}).s
}

// Value is a Go variable with where its value came from. A value from the environment or a file is
// as written there (what the user will search their files for); a default is the effective value
// `go env` printed, or "" when go env did not run.
func (f *Facts) Value(name string) goenv.Value {
	return f.Sources().Lookup(name, f.GoVar(name))
}

type installFact = goenv.Install

// Installations are the Go installations on disk, reachable through PATH or not.
func (f *Facts) Installations() []goenv.Install {
	return f.installs.get(func() []installFact {
		return goenv.Installations(f.Host, f.GoVar("GOMODCACHE"))
	})
}

// GOPATHs are the entries of the effective GOPATH.
func (f *Facts) GOPATHs() []string {
	return host.SplitList(f.Host, f.GoVar("GOPATH"))
}

// InstallDir is where `go install` writes binaries: GOBIN, else the first GOPATH entry's bin. It
// returns "" when neither is known.
func (f *Facts) InstallDir() string {
	if gobin := f.GoVar("GOBIN"); gobin != "" {
		return gobin
	}
	for _, p := range f.GOPATHs() {
		if p != "" {
			return filepath.Join(p, "bin")
		}
	}
	return ""
}

// NewestGo is the newest major Go release known: gomedic's own knowledge (goenv.LatestKnown), or a
// newer release seen on this machine (the go on PATH, an installation on disk).
func (f *Facts) NewestGo() string {
	latest := goenv.LatestKnown
	versions := []string{f.GoVar("GOVERSION")}
	for _, in := range f.Installations() {
		versions = append(versions, in.Version)
	}
	for _, v := range versions {
		if l := goenv.Lang(v); l != "" && goenv.CompareVersions(l, latest) > 0 {
			latest = l
		}
	}
	return latest
}
