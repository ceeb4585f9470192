// Package goenv reads the Go environment the way the go command computes it: the effective values
// from one `go env -json` run, and for each variable where its value came from — the process
// environment, the user's go env file (written by `go env -w`), $GOROOT/go.env, or the default.
package goenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// Env is the result of one `go env -json` run.
type Env struct {
	Vars   map[string]string // nil when the run failed
	Result *host.Result      // the run, for evidence
	Err    error             // why Vars is nil
}

// Names are the variables Load asks for. Naming them keeps go env from computing the costly ones
// (GOGCCFLAGS runs the C compiler), which makes it three times faster; a name an older go does
// not know comes back empty.
var Names = []string{
	"GOROOT", "GOVERSION", "GOPATH", "GOBIN", "GOMODCACHE", "GOCACHE", "GOENV", "GOFLAGS", "GO111MODULE",
	"GOTOOLCHAIN", "GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOVCS", "GOAUTH",
	"GOMOD", "GOWORK", "CGO_ENABLED", "CC", "CXX", "GOOS", "GOARCH", "GOHOSTOS", "GOHOSTARCH", "GOEXE",
	"GOTOOLDIR", "GOTELEMETRY", "GOEXPERIMENT", "GODEBUG", "GOTMPDIR",
	"GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM",
}

// Load runs `goBin env -json NAMES...` in dir with the host's environment and parses its output.
func Load(ctx context.Context, h host.Host, goBin, dir string, timeout time.Duration) *Env {
	args := append([]string{"env", "-json"}, Names...)
	res := h.Run(ctx, host.Cmd{Path: goBin, Args: args, Dir: dir, Timeout: timeout, OutputLimit: 4 << 20})
	e := &Env{Result: res}
	if msg := res.Failure(); msg != "" {
		e.Err = fmt.Errorf("%s", msg)
		return e
	}
	vars := make(map[string]string)
	if err := json.Unmarshal(res.Stdout, &vars); err != nil {
		e.Err = fmt.Errorf("parsing the output of %s: %w", res.Cmd.String(), err)
		return e
	}
	// The go command always prints GOROOT (it fails when it cannot find one), and GOVERSION only
	// since Go 1.16: without GOROOT, this is not its output.
	if vars["GOROOT"] == "" {
		e.Err = fmt.Errorf("%s printed no GOROOT: this is not the go command's output", res.Cmd.String())
		return e
	}
	e.Vars = vars
	return e
}

// Get returns the effective value of a variable, or "" when the run failed.
func (e *Env) Get(name string) string {
	if e == nil || e.Vars == nil {
		return ""
	}
	return e.Vars[name]
}

// OK reports whether the run succeeded.
func (e *Env) OK() bool { return e != nil && e.Vars != nil }

// ParseFile parses a go env file ($GOENV, or $GOROOT/go.env) exactly as the go command does:
// KEY=VALUE lines whose key starts with an upper-case letter; other lines (comments, blank lines,
// lines without "=") are ignored; a later line for the same key wins. It returns each key's value
// and 1-based line number.
func ParseFile(data []byte) map[string]Line {
	out := make(map[string]Line)
	n := 0
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		n++
		i := bytes.IndexByte(line, '=')
		if i < 0 || line[0] < 'A' || 'Z' < line[0] {
			continue
		}
		out[string(line[:i])] = Line{Value: string(line[i+1:]), Line: n}
	}
	return out
}

// Line is one value of an env file and where it is.
type Line struct {
	Value string
	Line  int
}

// UserFile is where the go command keeps the values `go env -w` writes, as it computes it: $GOENV,
// else the user configuration directory + /go/env. It returns "" when GOENV=off or no configuration
// directory can be found.
func UserFile(h host.Host) string {
	env := h.Env()
	if v := env.Get("GOENV"); v != "" {
		if v == "off" {
			return ""
		}
		return v
	}
	dir := userConfigDir(h)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "go", "env")
}

// userConfigDir mirrors os.UserConfigDir for h's operating system and environment.
func userConfigDir(h host.Host) string {
	env := h.Env()
	switch h.OS() {
	case "windows":
		return env.Get("AppData")
	case "darwin", "ios":
		if home := h.HomeDir(); home != "" {
			return filepath.Join(home, "Library", "Application Support")
		}
		return ""
	case "plan9":
		if home := h.HomeDir(); home != "" {
			return filepath.Join(home, "lib")
		}
		return ""
	}
	// As os.UserConfigDir: a relative XDG_CONFIG_HOME is an error, not a reason to fall back to
	// ~/.config, so the go command then reads no go env file at all.
	if dir := env.Get("XDG_CONFIG_HOME"); dir != "" {
		if !host.IsAbs(h, dir) {
			return ""
		}
		return dir
	}
	if home := h.HomeDir(); home != "" {
		return filepath.Join(home, ".config")
	}
	return ""
}

// cleanVersion turns the first line of a VERSION file into a go version ("go1.26.8").
func cleanVersion(b []byte) string {
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(line)
}

// DefaultGOCACHE is where the go command puts its build cache when GOCACHE is not set: the user
// cache directory + /go-build, computed from h's environment as os.UserCacheDir does; "" when
// there is none.
func DefaultGOCACHE(h host.Host) string {
	dir := UserCacheDir(h)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "go-build")
}

// UserCacheDir is the user cache directory a Go program run with h's environment gets from
// os.UserCacheDir; "" when there is none.
func UserCacheDir(h host.Host) string {
	env := h.Env()
	var dir string
	switch h.OS() {
	case "windows":
		dir = env.Get("LocalAppData")
	case "darwin", "ios":
		if home := h.HomeDir(); home != "" {
			dir = filepath.Join(home, "Library", "Caches")
		}
	case "plan9":
		if home := h.HomeDir(); home != "" {
			dir = filepath.Join(home, "lib", "cache")
		}
	default:
		// As os.UserCacheDir: a relative XDG_CACHE_HOME is an error (the go command then has no
		// default GOCACHE), not a reason to fall back to ~/.cache.
		if d := env.Get("XDG_CACHE_HOME"); d != "" {
			if host.IsAbs(h, d) {
				dir = d
			}
		} else if home := h.HomeDir(); home != "" {
			dir = filepath.Join(home, ".cache")
		}
	}
	return dir
}
