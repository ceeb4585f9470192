package facts

import (
	"os"
	"path/filepath"

	"github.com/gomedic/gomedic/internal/host"
)

// ToolIsolation says how much of a tool's environment ToolEnv moves into the scratch space.
type ToolIsolation int

const (
	// IsolateCaches moves the XDG cache and configuration directories and the tools' own cache
	// variables: for a tool at work on the user's code (the --deep gopls and dlv sessions), which
	// keeps the user's HOME.
	IsolateCaches ToolIsolation = iota
	// IsolateHome also moves what Go's os.UserCacheDir and os.UserConfigDir read where they
	// ignore the XDG variables (HOME on macOS, LocalAppData and AppData on Windows): for a Go
	// binary asked its version, which needs nothing of the user's home.
	IsolateHome
)

// ToolEnv is env, the environment the editor gives a tool, with the places where tools keep
// caches and configuration moved into the run's scratch space (Scratch), so that running a tool
// to examine it creates nothing of the user's: gopls's cache (GOPLSCACHE), dlv's config.yml
// (XDG_CONFIG_HOME/dlv), goimports's module index (the user cache directory), staticcheck's
// and golangci-lint's caches, telemetry counters. The go command's own locations that derive
// from the moved ones (its env file, the build cache and, with HOME moved, GOPATH and the module
// cache) are set to what go env reported, unless env sets them, so that a go command the tool
// runs reads the user's settings and uses the user's caches, as it does in the editor. When go
// env did not answer, only the tools' own cache variables move; without a scratch space, nothing.
func (f *Facts) ToolEnv(env *host.Env, iso ToolIsolation) *host.Env {
	dir, err := f.Scratch()
	if err != nil {
		return env
	}
	cache, config := filepath.Join(dir, "cache"), filepath.Join(dir, "config")
	set := []string{
		"GOPLSCACHE=" + cache, // gopls keeps its cache in GOPLSCACHE/gopls
		"STATICCHECK_CACHE=" + filepath.Join(cache, "staticcheck"),
		"GOLANGCI_LINT_CACHE=" + filepath.Join(cache, "golangci-lint"),
	}
	pins, ok := f.goPins(env, iso)
	if !ok {
		return env.With(set...)
	}
	set = append(set, "XDG_CACHE_HOME="+cache, "XDG_CONFIG_HOME="+config)
	if iso == IsolateHome {
		switch f.Host.OS() {
		case "darwin", "ios":
			set = append(set, "HOME="+filepath.Join(dir, "home"))
		case "windows":
			set = append(set, "LocalAppData="+cache, "AppData="+config)
		}
	}
	return env.With(append(set, pins...)...)
}

// goPins are the go command's variables whose defaults derive from what ToolEnv moves, set to
// the values go env reported, leaving out those env sets; ok is false when go env did not answer.
func (f *Facts) goPins(env *host.Env, iso ToolIsolation) (pins []string, ok bool) {
	if !f.GoEnv().OK() {
		return nil, false
	}
	names := []string{"GOENV", "GOCACHE"}
	if iso == IsolateHome {
		names = append(names, "GOPATH", "GOMODCACHE")
	}
	for _, name := range names {
		if env.Get(name) != "" {
			continue
		}
		v := f.GoVar(name)
		if v == "" {
			return nil, false
		}
		pins = append(pins, name+"="+v)
	}
	return pins, true
}

// seedScratch prepares the scratch space: a home directory, and a configuration directory (the
// tools' XDG_CONFIG_HOME) holding links to the entries of the user's own (git's config, a
// credential helper's), so that a program a tool runs reads them as in the editor, Go telemetry
// turned off, so that nothing is counted or uploaded, and dlv's configuration (seedDlvConfig).
func (f *Facts) seedScratch(dir string) {
	config := filepath.Join(dir, "config")
	if err := os.MkdirAll(filepath.Join(config, "go", "telemetry"), 0o700); err != nil {
		return
	}
	_ = os.Mkdir(filepath.Join(dir, "home"), 0o700) // HOME, when IsolateHome moves it
	_ = os.WriteFile(filepath.Join(config, "go", "telemetry", "mode"), []byte("off\n"), 0o600)
	f.linkUserConfig(config)
	f.seedDlvConfig(config)
}

// userConfigDir is the user's XDG configuration directory: XDG_CONFIG_HOME, else ~/.config.
func (f *Facts) userConfigDir() string {
	if d := f.Host.Env().Get("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return d
	}
	if home := f.Host.HomeDir(); home != "" {
		return filepath.Join(home, ".config")
	}
	return ""
}

// linkUserConfig links each entry of the user's configuration directory into config, but for
// those ToolEnv keeps apart: go (its env file is named by GOENV; its telemetry is off here) and
// dlv (seedDlvConfig).
func (f *Facts) linkUserConfig(config string) {
	user := f.userConfigDir()
	if user == "" {
		return
	}
	entries, err := f.Host.ReadDir(user)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() == "go" || e.Name() == "dlv" {
			continue
		}
		_ = os.Symlink(filepath.Join(user, e.Name()), filepath.Join(config, e.Name()))
	}
}

// maxDlvConfig bounds the dlv config.yml copied into the scratch space.
const maxDlvConfig = 1 << 20

// seedDlvConfig gives dlv, whose configuration directory is XDG_CONFIG_HOME/dlv once ToolEnv sets
// it, the configuration it has in the editor without letting it write or move the user's files.
// dlv (github.com/go-delve/delve, pkg/config LoadConfig) writes a default config.yml where there
// is none, and, whenever XDG_CONFIG_HOME is set (and always on Linux), moves a config.yml it finds
// in the old location ~/.dlv to the new one and removes ~/.dlv. So: when ~/.dlv/config.yml exists,
// config.yml here is a directory, on which that move fails (dlv then runs with its defaults and
// says so only in its debug log); else the user's config.yml is copied here, when there is one;
// else dlv writes its default config here. (dlv takes the home directory from the password
// database; gomedic reads HOME, which is the same for almost everyone.)
func (f *Facts) seedDlvConfig(config string) {
	home := f.Host.HomeDir()
	dst := filepath.Join(config, "dlv", "config.yml")
	if home != "" {
		if _, err := f.Host.Stat(filepath.Join(home, ".dlv", "config.yml")); err == nil {
			_ = os.MkdirAll(dst, 0o700)
			return
		}
	}
	if f.Host.Env().Get("XDG_CONFIG_HOME") == "" && f.Host.OS() != "linux" {
		return // dlv reads ~/.dlv/config.yml there, and there is none
	}
	user := f.userConfigDir()
	if user == "" {
		return
	}
	src := filepath.Join(user, "dlv", "config.yml")
	data, err := f.Host.ReadFile(src, maxDlvConfig)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(dst), 0o700) == nil {
		_ = os.WriteFile(dst, data, 0o600)
	}
}
