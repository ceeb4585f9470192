package facts

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// wsFacts are the workspace layer's facts, each computed once per run.
type wsFacts struct {
	layouts  keyed[*Layout]
	pkgLoads keyed[*PackageLoad]
	modLoads keyed[*ModuleLoad]
}

// WorkspaceFolders are the folders the workspace checks look at: the directory gomedic was asked
// about, or the folders of the .code-workspace file there.
func (f *Facts) WorkspaceFolders() []string { return f.Settings().Folders }

// Bounds of the workspace walk and of what is kept of the go command's listings: a huge
// repository costs at most this much time and memory, and the checks say so when they hit a bound.
const (
	maxWalkDirs      = 20000    // directories visited per folder
	maxGoListOutput  = 48 << 20 // bytes of `go list` output read
	maxListErrors    = 200      // distinct package errors kept
	maxNestedModules = 8        // nested modules loaded one by one when the folder is not a module
)

// GoDir is a directory holding .go files that are not tests, and the module that owns it.
type GoDir struct {
	Dir string
	// Module is the directory of the go.mod nearest above Dir inside the folder walked, or "" when
	// it is owned by a go.mod above the folder (Layout.GoMod) or by none.
	Module string
}

// Layout is what the files of one workspace folder say about its Go modules, found as the go
// command finds them.
type Layout struct {
	Folder string
	// Missing is set when Folder does not exist or is not a directory.
	Missing bool
	// GoMod is the go.mod the go command uses in Folder: Folder's own or the nearest above it; ""
	// when there is none.
	GoMod string
	// GoWork is the go.work the go command uses in Folder: the file GOWORK names, else the nearest
	// go.work at or above Folder; "" when there is none or GOWORK=off.
	GoWork string
	// GOWORK is the GOWORK setting with its source.
	GOWORK goenv.Value
	// HiddenWork is a go.work at or above Folder that GOWORK (off, or naming another file) keeps
	// the go command from using.
	HiddenWork string
	// Nested are the go.mod files below Folder, sorted; Folder's own is not one of them.
	Nested []string
	// GoDirs are the directories under Folder with non-test .go files, in walk order.
	GoDirs []GoDir
	// HasGoFiles is set when Folder holds any .go file, tests included.
	HasGoFiles bool
	// Truncated is set when the walk stopped at maxWalkDirs directories.
	Truncated bool
}

// ModuleDir is the directory of the module Folder is in, or "".
func (l *Layout) ModuleDir() string {
	if l.GoMod == "" {
		return ""
	}
	return filepath.Dir(l.GoMod)
}

// Layout reads the Go layout of a workspace folder, once per run. The walk skips what the go
// command's ./... skips (directories whose names start with . or _, testdata, vendor) and
// node_modules, and follows no symbolic links.
func (f *Facts) Layout(folder string) *Layout {
	return f.ws.layouts.get(folder, func() *Layout {
		l := &Layout{Folder: folder, GOWORK: f.Value("GOWORK")}
		if fi, err := f.Host.Stat(folder); err != nil || !fi.IsDir() {
			l.Missing = true
			return l
		}
		l.GoMod = f.findUp(folder, "go.mod")
		work := f.findUp(folder, "go.work")
		switch v := strings.TrimSpace(l.GOWORK.Value); v {
		case "off":
			l.HiddenWork = work
		case "", "auto":
			l.GoWork = work
		default:
			l.GoWork = v
			if work != "" && filepath.Clean(work) != filepath.Clean(v) {
				l.HiddenWork = work
			}
		}
		f.walk(l)
		return l
	})
}

// findUp returns dir/name or the nearest parent's, or "" when none exists.
func (f *Facts) findUp(dir, name string) string {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		p := filepath.Join(d, name)
		if fi, err := f.Host.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// skipDir reports whether a directory of this name is left out of the workspace walk, as the go
// command leaves it out of ./... (and gopls out of its view, for node_modules).
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" || name == "node_modules"
}

func (f *Facts) walk(l *Layout) {
	type item struct{ dir, module string }
	root := filepath.Clean(l.Folder)
	queue := []item{{root, ""}}
	visited := 0
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		if visited >= maxWalkDirs {
			l.Truncated = true
			return
		}
		visited++
		entries, err := f.Host.ReadDir(it.dir)
		if err != nil {
			continue
		}
		module := it.module
		for _, e := range entries {
			if e.Name() == "go.mod" && !e.IsDir() {
				module = it.dir
				if it.dir != root {
					l.Nested = append(l.Nested, filepath.Join(it.dir, "go.mod"))
				}
			}
		}
		hasSource := false
		for _, e := range entries {
			name := e.Name()
			switch {
			case e.IsDir():
				if !skipDir(name) {
					queue = append(queue, item{filepath.Join(it.dir, name), module})
				}
			case strings.HasSuffix(name, ".go") && e.Type().IsRegular():
				l.HasGoFiles = true
				if !strings.HasSuffix(name, "_test.go") && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_") {
					hasSource = true
				}
			}
		}
		if hasSource {
			owner := module
			if owner == root && l.GoMod != "" && filepath.Dir(l.GoMod) == root {
				owner = ""
			}
			l.GoDirs = append(l.GoDirs, GoDir{Dir: it.dir, Module: owner})
		}
	}
	sort.Strings(l.Nested)
}

// Unit is one load of packages the way the editor loads them: the go command run in Dir with
// Patterns.
type Unit struct {
	Dir      string
	Patterns []string
	// Modules are the directories of the main modules whose packages the load covers.
	Modules []string
}

// Units are the loads that cover a folder: ./... in the folder when it is inside a module; in a
// go.work, each used module under the folder (./... does not reach into a workspace's modules
// from above them) or ./... when the folder is inside one; for a folder that is not a module
// but holds modules, each of them on its own, as gopls loads them. useDirs are the go.work's
// use directories, absolute; skipped reports nested modules beyond maxNestedModules.
func (l *Layout) Units(useDirs []string) (units []Unit, skipped int) {
	switch {
	case l.Missing:
		return nil, 0
	case l.GoWork != "":
		var patterns, mods []string
		for _, u := range useDirs {
			switch {
			case within(l.Folder, u):
				return []Unit{{Dir: l.Folder, Patterns: []string{"./..."}, Modules: []string{u}}}, 0
			case within(u, l.Folder):
				rel, err := filepath.Rel(l.Folder, u)
				if err != nil {
					continue
				}
				patterns = append(patterns, "./"+filepath.ToSlash(rel)+"/...")
				mods = append(mods, u)
			}
		}
		if len(patterns) == 0 {
			return nil, 0
		}
		return []Unit{{Dir: l.Folder, Patterns: patterns, Modules: mods}}, 0
	case l.GoMod != "":
		return []Unit{{Dir: l.Folder, Patterns: []string{"./..."}, Modules: []string{l.ModuleDir()}}}, 0
	}
	for i, m := range l.Nested {
		if i == maxNestedModules {
			return units, len(l.Nested) - i
		}
		d := filepath.Dir(m)
		units = append(units, Unit{Dir: d, Patterns: []string{"./..."}, Modules: []string{d}})
	}
	return units, 0
}

// within reports whether path is dir or inside it (both clean and absolute).
func within(path, dir string) bool {
	path, dir = filepath.Clean(path), filepath.Clean(dir)
	if path == dir {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Within reports whether path is dir or inside it.
func Within(path, dir string) bool { return within(path, dir) }

// LocalGo is the release of the go command on PATH itself ("go1.26.8") and where it was read:
// the binary's build info, else $GOROOT/VERSION of its tree, else go env's GOVERSION. The first
// two do not run go, so a workspace that makes the go command switch toolchains (or fail trying)
// cannot hide the local release.
func (f *Facts) LocalGo() (version, from string) {
	goBin, err := f.GoBin()
	if err != nil {
		return "", ""
	}
	if bi := f.BinInfo(goBin); bi.Err == nil && bi.Info != nil {
		if v := goenv.Normalize(bi.Info.GoVersion); v != "" {
			return v, "the build info of " + goBin
		}
	}
	if root := goenv.RootOf(f.Host, goBin); root != "" {
		if v := goenv.Normalize(goenv.ReadVersion(f.Host, root)); v != "" {
			return v, filepath.Join(root, "VERSION")
		}
	}
	if v := goenv.Normalize(f.GoVar("GOVERSION")); v != "" {
		return v, "go env GOVERSION"
	}
	return "", ""
}

// ModCache is the module cache directory: GOMODCACHE as go env reported it, else as set, else
// the first GOPATH entry's pkg/mod (GOPATH defaulting to ~/go).
func (f *Facts) ModCache() string {
	if v := f.GoVar("GOMODCACHE"); v != "" {
		return v
	}
	if v := f.Value("GOMODCACHE"); v.Source != goenv.FromDefault && v.Value != "" {
		return v.Value
	}
	gopath := f.GoVar("GOPATH")
	if gopath == "" {
		gopath = f.Value("GOPATH").Value
	}
	for _, p := range host.SplitList(f.Host, gopath) {
		if p != "" {
			return filepath.Join(p, "pkg", "mod")
		}
	}
	if home := f.Host.HomeDir(); home != "" {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// PackageError is one error of a package load, as go list -e reports it.
type PackageError struct {
	Package     string   // the package listed
	ImportStack []string `json:"ImportStack"`
	Pos         string   `json:"Pos"`
	Err         string   `json:"Err"`
	Deps        bool     // reported in DepsErrors (an error of a package it imports)
}

// ListedPackage is a package of a load, with what the workspace checks read of it.
type ListedPackage struct {
	ImportPath     string
	Dir            string
	GoFiles        []string
	CgoFiles       []string
	IgnoredGoFiles []string
}

// PackageLoad is one `go list -e -json ./...` of a Unit.
type PackageLoad struct {
	Unit   Unit
	Result *host.Result
	// Packages are the packages listed, in order.
	Packages []ListedPackage
	// Errors are the distinct errors (by position and message), the first maxListErrors of them;
	// ErrorCount counts them all.
	Errors     []PackageError
	ErrorCount int
	// Truncated is set when the output passed maxGoListOutput and the end was not read.
	Truncated bool
	// DecodeErr is why the output could not be read as go list's JSON stream.
	DecodeErr error
}

// PackageFields are the fields asked of go list: only what the checks read, so the output of a
// big workspace stays small.
const PackageFields = "ImportPath,Dir,GoFiles,CgoFiles,IgnoredGoFiles,Error,DepsErrors"

// ModuleFields are the fields asked of go list -m.
const ModuleFields = "Path,Version,Main,Dir,Error,Replace"

// goListArgs adds -mod=readonly when GOFLAGS holds -mod=mod: with it, a go list would rewrite
// go.mod and go.sum, and gomedic writes nothing of the user's without being asked.
func (f *Facts) goListArgs(args ...string) []string {
	out := []string{"list"}
	for _, fl := range strings.Fields(f.GoVar("GOFLAGS")) {
		if strings.TrimLeft(fl, "-") == "mod=mod" {
			out = append(out, "-mod=readonly")
			break
		}
	}
	return append(out, args...)
}

// Packages runs `go list -e -json=FIELDS PATTERNS` for the unit once per run and reads its output,
// bounded: at most maxGoListOutput bytes and maxListErrors distinct errors are kept. A clean
// answer is replayed while nothing that decides it changed (listcache.go).
func (f *Facts) Packages(u Unit) *PackageLoad {
	key := u.Dir + "\x00" + strings.Join(u.Patterns, "\x00")
	return f.ws.pkgLoads.get(key, func() *PackageLoad {
		goBin, err := f.GoBin()
		if err != nil {
			return &PackageLoad{Unit: u, DecodeErr: err, Result: &host.Result{Err: err, ExitCode: -1}}
		}
		args := f.goListArgs(append([]string{"-e", "-json=" + PackageFields}, u.Patterns...)...)
		c := host.Cmd{Path: goBin, Args: args, Dir: u.Dir, OutputLimit: maxGoListOutput}
		id := ""
		if len(u.Modules) == 1 && u.Modules[0] == u.Dir {
			id = f.listIdentity(goBin, u.Dir, args)
		}
		if res := f.replayList(c, id); res != nil {
			if replay := decodePackageLoad(u, res); replay.DecodeErr == nil && f.modulesIntact(u.Dir) {
				return replay
			}
		}
		load := decodePackageLoad(u, f.Run(c))
		f.storeList(load.Result, id, load.DecodeErr == nil && load.ErrorCount == 0)
		return load
	})
}

// decodePackageLoad reads the answer of a package load of u.
func decodePackageLoad(u Unit, res *host.Result) *PackageLoad {
	load := &PackageLoad{Unit: u, Result: res, Truncated: res.Truncated}
	load.DecodeErr = DecodePackages(bytes.NewReader(res.Stdout), load)
	if load.Truncated && load.DecodeErr != nil {
		load.DecodeErr = nil // the cut-off end, not bad output
	}
	return load
}

// LoadAll runs the package loads of units concurrently (each once per run) and returns them in order.
func (f *Facts) LoadAll(units []Unit) []*PackageLoad {
	out := make([]*PackageLoad, len(units))
	var wg sync.WaitGroup
	for i, u := range units {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = f.Packages(u)
		}()
	}
	wg.Wait()
	return out
}

// DecodePackages reads go list's stream of JSON objects into load, one object at a time, keeping
// distinct errors up to maxListErrors.
func DecodePackages(r io.Reader, load *PackageLoad) error {
	dec := json.NewDecoder(r)
	seen := make(map[string]bool)
	add := func(pkg string, e PackageError, deps bool) {
		key := e.Pos + "\x00" + e.Err
		if e.Pos == "" {
			key = strings.Join(e.ImportStack, " ") + "\x00" + e.Err
		}
		if seen[key] {
			return
		}
		seen[key] = true
		load.ErrorCount++
		if len(load.Errors) < maxListErrors {
			e.Package, e.Deps = pkg, deps
			load.Errors = append(load.Errors, e)
		}
	}
	for {
		var p struct {
			ListedPackage
			Error      *PackageError
			DepsErrors []*PackageError
		}
		if err := dec.Decode(&p); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		load.Packages = append(load.Packages, p.ListedPackage)
		if p.Error != nil {
			add(p.ImportPath, *p.Error, false)
		}
		for _, e := range p.DepsErrors {
			if e != nil {
				add(p.ImportPath, *e, true)
			}
		}
	}
}

// ListedModule is a module of `go list -m -json all`.
type ListedModule struct {
	Path    string
	Version string
	Main    bool
	Dir     string
	Error   *struct{ Err string }
	Replace *struct{ Path, Version string }
}

// ModuleLoad is one `go list -m -e -json all`.
type ModuleLoad struct {
	Dir       string
	Result    *host.Result
	Modules   []ListedModule
	Truncated bool
	DecodeErr error
}

// Modules runs `go list -m -e -json=FIELDS all` in dir once per run. A clean answer is replayed
// while nothing that decides it changed and every module directory it names is still there
// (listcache.go).
func (f *Facts) Modules(dir string) *ModuleLoad {
	return f.ws.modLoads.get(dir, func() *ModuleLoad {
		goBin, err := f.GoBin()
		if err != nil {
			return &ModuleLoad{Dir: dir, DecodeErr: err, Result: &host.Result{Err: err, ExitCode: -1}}
		}
		c := host.Cmd{Path: goBin, Args: f.goListArgs("-m", "-e", "-json="+ModuleFields, "all"), Dir: dir, OutputLimit: maxGoListOutput}
		id := f.listIdentity(goBin, dir, c.Args)
		if res := f.replayList(c, id); res != nil {
			if replay := decodeModuleLoad(dir, res); replay.clean() && f.modulesPresent(replay.Modules) {
				return replay
			}
		}
		load := decodeModuleLoad(dir, f.Run(c))
		f.storeList(load.Result, id, load.clean())
		return load
	})
}

// decodeModuleLoad reads the answer of a module listing in dir.
func decodeModuleLoad(dir string, res *host.Result) *ModuleLoad {
	load := &ModuleLoad{Dir: dir, Result: res, Truncated: res.Truncated}
	dec := json.NewDecoder(bytes.NewReader(res.Stdout))
	for {
		var m ListedModule
		if err := dec.Decode(&m); err != nil {
			if !errors.Is(err, io.EOF) && !load.Truncated {
				load.DecodeErr = err
			}
			return load
		}
		load.Modules = append(load.Modules, m)
	}
}

// clean says the listing ran, was read whole, and lists no module error.
func (l *ModuleLoad) clean() bool {
	if !l.Result.OK() || l.Truncated || l.DecodeErr != nil {
		return false
	}
	for _, m := range l.Modules {
		if m.Error != nil {
			return false
		}
	}
	return true
}

// modulesIntact says whether the module listing of dir is clean and every module directory it
// names exists: what a replayed package load of dir relies on.
func (f *Facts) modulesIntact(dir string) bool {
	m := f.Modules(dir)
	return m.clean() && f.modulesPresent(m.Modules)
}
