package facts

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/vscode"
)

// BinInfo is a binary's build info and targets, or why they could not be read.
type BinInfo struct {
	Info *binfo.Info
	Err  error
}

// BinInfo reads the build info of the binary at path once per run.
func (f *Facts) BinInfo(path string) *BinInfo {
	key := path
	if r, err := f.Host.EvalSymlinks(path); err == nil {
		key = r
	}
	return f.binfos.get(key, func() *BinInfo {
		file, err := f.Host.Open(key)
		if err != nil {
			return &BinInfo{Err: fmt.Errorf("reading %s: %w", path, err)}
		}
		defer file.Close()
		info, err := binfo.ReadFrom(file, file.Size(), path)
		return &BinInfo{Info: info, Err: err}
	})
}

// ToolSettings are the editor settings tool resolution reads: go.alternateTools, go.toolsGopath,
// go.gopath and go.goroot as the Go extension reads them for the workspace.
func (f *Facts) ToolSettings() vscode.ToolSettings { return f.Settings().ToolSettings() }

// GoPaths are the Go variables tool resolution reads.
func (f *Facts) GoPaths() vscode.GoPaths {
	return vscode.GoPaths{
		GOBIN:  f.GoVar("GOBIN"),
		GOPATH: f.GOPATHs(),
		GOROOT: f.GOROOT(),
		PATH:   f.Host.Env().Get("PATH"),
	}
}

// ToolFact is where the editor finds a tool.
type ToolFact struct {
	Tool       *toolset.Tool
	Resolution vscode.Resolution
}

// Tool resolves a tool of the table the way the editor does, once per run.
func (f *Facts) Tool(t *toolset.Tool) *ToolFact {
	return f.resolved.get(t.Name, func() *ToolFact {
		return &ToolFact{Tool: t, Resolution: vscode.Resolve(f.Host, t.Name, f.ToolSettings(), f.GoPaths())}
	})
}

// AlternateTool is the go.alternateTools entry that decides which binary the editor runs for t:
// an absolute path the extension runs, or a name it looks for instead of t's, found or not. It is
// false when the extension looks for t under its own name (no entry, or an absolute path it passes
// over because it is not an executable file).
func (f *Facts) AlternateTool(t *toolset.Tool) (vscode.Setting, bool) {
	res := f.Tool(t).Resolution
	if res.Rule != vscode.RuleAlternateTools && res.Name == t.Name {
		return vscode.Setting{}, false
	}
	key := vscode.KeyAlternateTools + "." + t.Name
	for _, m := range f.Settings().Merged(vscode.KeyAlternateTools) {
		if m.Key == key {
			return m, true
		}
	}
	return vscode.Setting{}, false
}

// Probe runs the tool binary at path with args once per run (its version command, or -h). An
// answer the same unchanged binary gave less than ProbeCacheTTL ago is replayed instead (the
// Result's CachedAt says so), unless NoCache is set; failures are always run again.
//
// The probe runs in the workspace, with the user's environment, as the editor starts tools, except
// that GO_TELEMETRY_CHILD=2 keeps tools built with golang.org/x/telemetry (gopls) from starting
// their telemetry sidecar process (asking a version must not upload anything, and the sidecar
// doubles the time the probe takes), and that the places where tools keep caches and
// configuration are in the run's scratch space (probeEnv).
func (f *Facts) Probe(path string, args []string) *host.Result {
	key := path + "\x00" + fmt.Sprint(args)
	return f.probes.get(key, func() *host.Result {
		return f.probeTool(host.Cmd{Path: path, Args: args, Dir: f.Dir, OutputLimit: 64 << 10})
	})
}

// probeTool runs c, a question to a tool about itself, or replays the answer the same unchanged
// binary gave less than ProbeCacheTTL ago.
func (f *Facts) probeTool(c host.Cmd) *host.Result {
	identity := f.probeIdentity(c.Path, c.Args)
	if res := f.cachedProbe(c, identity); res != nil {
		return res
	}
	c.Env = f.probeEnv(c.Path)
	res := f.Run(c)
	f.storeProbe(res, identity)
	return res
}

// probeEnv is the environment of a tool asked about itself: the user's, without the telemetry
// sidecar, with the tool's caches and configuration in the scratch space (ToolEnv): a Go binary,
// whose answer depends on the file alone, with its home directory there too.
func (f *Facts) probeEnv(path string) []string {
	iso := IsolateCaches
	if bi := f.BinInfo(path); bi.Info != nil && bi.Info.GoVersion != "" {
		iso = IsolateHome
	}
	return f.ToolEnv(f.Host.Env().With("GO_TELEMETRY_CHILD=2"), iso).Environ()
}

// Copies lists every copy of a program named name in GOBIN, each GOPATH/bin, GOROOT/bin and each
// PATH entry, in that order, each directory once.
func (f *Facts) Copies(name string) []string {
	exts := host.Exts(f.Host, f.Host.Env().Get("PATHEXT"))
	var dirs []string
	if gobin := f.GoVar("GOBIN"); gobin != "" {
		dirs = append(dirs, gobin)
	}
	for _, p := range f.GOPATHs() {
		if p != "" {
			dirs = append(dirs, filepath.Join(p, "bin"))
		}
	}
	if root := f.GOROOT(); root != "" {
		dirs = append(dirs, filepath.Join(root, "bin"))
	}
	for _, e := range f.PathEntries() {
		if e.Problem == "" {
			dirs = append(dirs, e.Raw)
		}
	}
	seen := make(map[string]bool)
	var out []string
	for _, d := range dirs {
		key := SamePathKey(f.Host, d)
		if seen[key] {
			continue
		}
		seen[key] = true
		if p := host.FindIn(f.Host, d, name, exts); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ShellTool is the program a shell runs for name: the first match on PATH (with PATHEXT on
// Windows), or "" when there is none.
func (f *Facts) ShellTool(name string) string {
	env := f.Host.Env()
	p, err := host.LookPath(f.Host, name, env.Get("PATH"), env.Get("PATHEXT"))
	if err != nil {
		return ""
	}
	return p
}

// maxModFile bounds the go.mod and go.work files read for their go line.
const maxModFile = 4 << 20

// WorkspaceGo is the go line that sets the workspace's language version: go.work's when the go
// command runs in workspace mode (its go line is at least every used module's), else go.mod's. It
// returns the line ("1.26.0") and the file it was read from, or "" when the workspace has neither.
func (f *Facts) WorkspaceGo() (goLine, file string) {
	if work := f.GoVar("GOWORK"); work != "" && work != "off" {
		if data, err := f.Host.ReadFile(work, maxModFile); err == nil {
			if wf, err := modfile.ParseWork(work, data, nil); err == nil && wf.Go != nil {
				return wf.Go.Version, work
			}
		}
	}
	mod := f.GoVar("GOMOD")
	if mod == "" || mod == os.DevNull || mod == "NUL" || mod == "/dev/null" {
		return "", ""
	}
	data, err := f.Host.ReadFile(mod, maxModFile)
	if err != nil {
		return "", ""
	}
	mf, err := modfile.ParseLax(mod, data, nil)
	if err != nil || mf.Go == nil {
		return "", ""
	}
	return mf.Go.Version, mod
}

// ModCacheGoLine is the go line of module@version's go.mod as the module cache keeps it
// (GOMODCACHE/cache/download/<module>/@v/<version>.mod), with that file; "" when it is not there.
func (f *Facts) ModCacheGoLine(modulePath, version string) (goLine, file string) {
	cache := f.GoVar("GOMODCACHE")
	if cache == "" {
		return "", ""
	}
	escPath, err := module.EscapePath(modulePath)
	if err != nil {
		return "", ""
	}
	escVersion, err := module.EscapeVersion(version)
	if err != nil {
		return "", ""
	}
	file = filepath.Join(cache, "cache", "download", filepath.FromSlash(escPath), "@v", escVersion+".mod")
	data, err := f.Host.ReadFile(file, maxModFile)
	if err != nil {
		return "", ""
	}
	mf, err := modfile.ParseLax(file, data, nil)
	if err != nil || mf.Go == nil {
		return "", ""
	}
	return mf.Go.Version, file
}

// LatestVersion is the newest version of modulePath that GOPROXY offers, from gomedic's cache
// when it asked less than a day ago, else asked with `go list -m -json modulePath@latest`. res is
// that command when it ran (nil for a cached answer); err says why there is no answer.
func (f *Facts) LatestVersion(modulePath string) (l *toolset.Latest, res *host.Result, err error) {
	goBin, err := f.GoBin()
	if err != nil {
		return nil, nil, fmt.Errorf("finding go: %w", err)
	}
	goproxy := f.GoVar("GOPROXY")
	cache := toolset.LatestCache{Dir: f.CacheDir}
	if l := cache.Load(modulePath, goproxy, time.Now()); l != nil {
		return l, nil, nil
	}
	res = f.Run(toolset.LatestCmd(goBin, modulePath, mustDir(f.NeutralDir()), f.Host.Env(), f.GoVar("GOFLAGS"), f.Timeout))
	if msg := res.Failure(); msg != "" {
		return nil, res, fmt.Errorf("%s", msg)
	}
	l, err = toolset.ParseLatest(res.Stdout)
	if err != nil {
		return nil, res, err
	}
	l.GOPROXY, l.Checked = goproxy, time.Now()
	_ = cache.Store(l) // a cache that cannot be written only costs a query next time
	return l, res, nil
}

// NeutralDir is a directory with no go.mod or go.work in it or above it, for go commands that
// must not see a module (go list -m, go install pkg@version): gomedic's cache directory, the
// temporary directory, the home directory or the root, whichever comes first.
func (f *Facts) NeutralDir() (string, error) {
	if f.CacheDir != "" {
		_ = os.MkdirAll(f.CacheDir, 0o755) // gomedic's own directory; when it fails, try the next
	}
	root := string(filepath.Separator)
	if vol := filepath.VolumeName(os.TempDir()); vol != "" {
		root = vol + root
	}
	for _, dir := range []string{f.CacheDir, os.TempDir(), f.Host.HomeDir(), root} {
		if dir != "" && host.IsAbs(f.Host, dir) && f.outsideModules(dir) {
			return dir, nil
		}
	}
	return "", fmt.Errorf("finding a directory outside every Go module to run the go command in: gomedic's cache, the temporary directory, the home directory and the root all have a go.mod or go.work in or above them")
}

// mustDir is the directory, or the root when there is none (the go command then says what is wrong).
func mustDir(dir string, err error) string {
	if err != nil {
		return string(filepath.Separator)
	}
	return dir
}

// outsideModules reports whether dir exists and neither it nor a parent holds a go.mod or go.work.
func (f *Facts) outsideModules(dir string) bool {
	if _, err := f.Host.Stat(dir); err != nil {
		return false
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		for _, name := range []string{"go.mod", "go.work"} {
			if _, err := f.Host.Stat(filepath.Join(d, name)); err == nil {
				return false
			}
		}
		if filepath.Dir(d) == d {
			return true
		}
	}
}

// OwnDirs are the directories of gomedic's own where it may create a file: its cache directory
// and the system's temporary directory.
func (f *Facts) OwnDirs() []string {
	var dirs []string
	if f.CacheDir != "" {
		dirs = append(dirs, f.CacheDir)
	}
	return append(dirs, os.TempDir())
}
