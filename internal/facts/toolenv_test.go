package facts

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// toolEnvFacts are the facts of a fake goos machine whose go env answers vars (nil: go env
// fails), with gomedic's cache in a real temporary directory.
func toolEnvFacts(t *testing.T, goos string, vars map[string]string, environ ...string) *Facts {
	t.Helper()
	h := host.NewFake(goos, "amd64")
	goBin, path := "/usr/local/go/bin/go", "PATH=/usr/local/go/bin"
	h.Home = "/home/ana"
	if goos == "windows" {
		goBin, path, h.Home = "C:/Go/bin/go.exe", "Path=C:/Go/bin", "C:/Users/ana"
		environ = append(environ, "PATHEXT=.EXE")
	}
	h.Environ = append([]string{path, "HOME=" + h.Home}, environ...)
	h.AddFile(goBin, []byte("go"), 0o755)
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": func(host.Cmd) *host.Result {
		if vars == nil {
			return &host.Result{ExitCode: 1, Stderr: []byte("go: cannot find GOROOT directory")}
		}
		data, _ := json.Marshal(vars)
		return &host.Result{Stdout: data}
	}}
	f := New(context.Background(), h, "/work", time.Second)
	f.CacheDir = t.TempDir()
	t.Cleanup(func() { f.Close() })
	return f
}

var goVars = map[string]string{"GOROOT": "/usr/local/go", "GOENV": "/home/ana/.config/go/env", "GOCACHE": "/home/ana/.cache/go-build",
	"GOPATH": "/home/ana/go", "GOMODCACHE": "/home/ana/go/pkg/mod"}

// TestToolEnv: where each OS's tools keep caches and configuration moves into the scratch space,
// and the go command's own locations stay the user's.
func TestToolEnv(t *testing.T) {
	tests := []struct {
		name      string
		goos      string
		vars      map[string]string
		environ   []string
		iso       ToolIsolation
		scratched []string          // variables now in the scratch space
		same      map[string]string // variables with these values
		unset     []string          // variables not set
	}{
		{name: "linux, a tool at work", goos: "linux", vars: goVars, iso: IsolateCaches,
			scratched: []string{"XDG_CACHE_HOME", "XDG_CONFIG_HOME", "GOPLSCACHE", "STATICCHECK_CACHE", "GOLANGCI_LINT_CACHE"},
			same:      map[string]string{"GOENV": "/home/ana/.config/go/env", "GOCACHE": "/home/ana/.cache/go-build", "HOME": "/home/ana"},
			unset:     []string{"GOPATH", "GOMODCACHE"}},
		{name: "linux, a Go binary asked its version: HOME is not needed to move", goos: "linux", vars: goVars, iso: IsolateHome,
			scratched: []string{"XDG_CACHE_HOME", "XDG_CONFIG_HOME", "GOPLSCACHE"},
			same:      map[string]string{"HOME": "/home/ana", "GOPATH": "/home/ana/go", "GOMODCACHE": "/home/ana/go/pkg/mod"}},
		{name: "macOS, a Go binary asked its version: HOME moves, GOPATH stays", goos: "darwin", vars: goVars, iso: IsolateHome,
			scratched: []string{"HOME", "XDG_CONFIG_HOME", "GOPLSCACHE"},
			same:      map[string]string{"GOPATH": "/home/ana/go", "GOMODCACHE": "/home/ana/go/pkg/mod", "GOENV": "/home/ana/.config/go/env"}},
		{name: "macOS, a tool at work keeps HOME", goos: "darwin", vars: goVars, iso: IsolateCaches,
			scratched: []string{"XDG_CONFIG_HOME", "GOPLSCACHE"}, same: map[string]string{"HOME": "/home/ana"}},
		{name: "Windows, a Go binary asked its version", goos: "windows", vars: goVars, iso: IsolateHome,
			scratched: []string{"LocalAppData", "AppData", "GOPLSCACHE"}, same: map[string]string{"GOCACHE": "/home/ana/.cache/go-build"}},
		{name: "a variable the editor sets is kept", goos: "linux", vars: goVars, iso: IsolateCaches, environ: []string{"GOCACHE=/fast/go-build"},
			scratched: []string{"XDG_CACHE_HOME"}, same: map[string]string{"GOCACHE": "/fast/go-build"}},
		{name: "the user's own GOPLSCACHE is not grown either", goos: "linux", vars: goVars, iso: IsolateCaches, environ: []string{"GOPLSCACHE=/home/ana/gopls-cache"},
			scratched: []string{"GOPLSCACHE"}},
		{name: "without go env, only the tools' own cache variables move", goos: "linux", iso: IsolateHome,
			scratched: []string{"GOPLSCACHE", "STATICCHECK_CACHE"}, same: map[string]string{"HOME": "/home/ana"},
			unset: []string{"XDG_CACHE_HOME", "XDG_CONFIG_HOME", "GOENV", "GOCACHE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := toolEnvFacts(t, tt.goos, tt.vars, tt.environ...)
			scratch, err := f.Scratch()
			if err != nil {
				t.Fatal(err)
			}
			env := f.ToolEnv(f.Host.Env(), tt.iso)
			for _, name := range tt.scratched {
				if v := env.Get(name); !strings.HasPrefix(v, scratch+string(filepath.Separator)) {
					t.Errorf("%s=%q, want a directory in the scratch space %s", name, v, scratch)
				}
			}
			for name, want := range tt.same {
				if v := env.Get(name); v != want {
					t.Errorf("%s=%q, want %q", name, v, want)
				}
			}
			for _, name := range tt.unset {
				if v, ok := env.Lookup(name); ok {
					t.Errorf("%s=%q is set, want it unset", name, v)
				}
			}
		})
	}
}

// TestScratchConfig: the scratch configuration directory links the user's configuration (git's,
// a credential helper's) but for go and dlv, keeps Go telemetry off, and gives dlv the user's
// config.yml, or, when an old-location ~/.dlv/config.yml exists, a directory that stops dlv from
// moving it.
func TestScratchConfig(t *testing.T) {
	newFacts := func(t *testing.T) (*Facts, *host.Fake) {
		f := toolEnvFacts(t, "linux", goVars)
		h := f.Host.(*host.Fake)
		h.AddFile("/home/ana/.config/git/config", []byte("[user]\n"), 0o644)
		h.AddFile("/home/ana/.config/gh/hosts.yml", []byte("github.com:\n"), 0o644)
		h.AddFile("/home/ana/.config/go/env", []byte("GOFLAGS=-mod=mod\n"), 0o644)
		return f, h
	}
	t.Run("links and telemetry", func(t *testing.T) {
		f, _ := newFacts(t)
		config := scratchConfig(t, f)
		var linked []string
		entries, _ := os.ReadDir(config)
		for _, e := range entries {
			if e.Type()&os.ModeSymlink != 0 {
				target, _ := os.Readlink(filepath.Join(config, e.Name()))
				linked = append(linked, e.Name()+" -> "+filepath.ToSlash(target))
			}
		}
		if want := []string{"gh -> /home/ana/.config/gh", "git -> /home/ana/.config/git"}; !slices.Equal(linked, want) {
			t.Errorf("links %q, want %q", linked, want)
		}
		if mode, err := os.ReadFile(filepath.Join(config, "go", "telemetry", "mode")); err != nil || strings.TrimSpace(string(mode)) != "off" {
			t.Errorf("telemetry mode %q (%v), want off", mode, err)
		}
	})
	t.Run("the user's dlv config is copied", func(t *testing.T) {
		f, h := newFacts(t)
		h.AddFile("/home/ana/.config/dlv/config.yml", []byte("max-string-len: 77\n"), 0o644)
		got, err := os.ReadFile(filepath.Join(scratchConfig(t, f), "dlv", "config.yml"))
		if err != nil || string(got) != "max-string-len: 77\n" {
			t.Errorf("dlv's config.yml = %q (%v), want the user's", got, err)
		}
	})
	t.Run("an old dlv config cannot be moved", func(t *testing.T) {
		f, h := newFacts(t)
		h.AddFile("/home/ana/.dlv/config.yml", []byte("max-string-len: 77\n"), 0o644)
		if fi, err := os.Stat(filepath.Join(scratchConfig(t, f), "dlv", "config.yml")); err != nil || !fi.IsDir() {
			t.Errorf("dlv's config.yml: %v, want a directory", err)
		}
	})
	t.Run("no dlv config", func(t *testing.T) {
		f, _ := newFacts(t)
		if _, err := os.Lstat(filepath.Join(scratchConfig(t, f), "dlv")); !os.IsNotExist(err) {
			t.Errorf("dlv's directory exists (%v): dlv writes its default config there itself", err)
		}
	})
}

func scratchConfig(t *testing.T, f *Facts) string {
	t.Helper()
	dir, err := f.Scratch()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "config")
}

// TestScratchLifetime: the scratch space is made once, in gomedic's cache, removed by Close
// with what tools left in it, and not made again after; what a killed run left there more than a
// day ago is removed by the next.
func TestScratchLifetime(t *testing.T) {
	f := toolEnvFacts(t, "linux", goVars)
	stale := filepath.Join(f.CacheDir, "tmp", scratchPrefix+"killed")
	recent := filepath.Join(f.CacheDir, "tmp", scratchPrefix+"running")
	for _, d := range []string{stale, recent} {
		if err := os.MkdirAll(filepath.Join(d, "cache"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * scratchStale)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	dir, err := f.Scratch()
	if err != nil || filepath.Dir(dir) != filepath.Join(f.CacheDir, "tmp") {
		t.Fatalf("Scratch() = %q, %v; want a directory in %s", dir, err, filepath.Join(f.CacheDir, "tmp"))
	}
	if again, _ := f.Scratch(); again != dir {
		t.Errorf("Scratch() made %s, then %s", dir, again)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale scratch directory is still there (%v)", err)
	}
	if _, err := os.Stat(recent); err != nil {
		t.Errorf("a scratch directory in use was removed: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config", "left"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Close left %s (%v)", dir, err)
	}
	if d, err := f.Scratch(); err == nil {
		t.Errorf("Scratch() after Close made %s", d)
	}
	if env := f.ToolEnv(f.Host.Env(), IsolateHome); env.Get("GOPLSCACHE") != "" {
		t.Errorf("ToolEnv after Close moved GOPLSCACHE to %s", env.Get("GOPLSCACHE"))
	}
}
