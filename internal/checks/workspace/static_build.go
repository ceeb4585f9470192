package workspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/build"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/gomedic/gomedic/internal/facts"
)

// platforms are the GOOS/GOARCH pairs tried when a directory builds nowhere here: the first-class
// ports and the common others.
var platforms = [][2]string{
	{"linux", "amd64"}, {"linux", "arm64"}, {"linux", "386"}, {"linux", "arm"}, {"linux", "riscv64"},
	{"linux", "ppc64le"}, {"linux", "s390x"}, {"linux", "loong64"}, {"linux", "mips64le"},
	{"darwin", "amd64"}, {"darwin", "arm64"}, {"windows", "amd64"}, {"windows", "arm64"}, {"windows", "386"},
	{"freebsd", "amd64"}, {"openbsd", "amd64"}, {"netbsd", "amd64"}, {"dragonfly", "amd64"},
	{"solaris", "amd64"}, {"illumos", "amd64"}, {"aix", "ppc64"}, {"plan9", "amd64"},
	{"android", "arm64"}, {"ios", "arm64"}, {"js", "wasm"}, {"wasip1", "wasm"},
}

// knownTag reports whether a build tag is one the go command sets by itself (an OS, an
// architecture, a release, cgo, a compiler, an experiment), as opposed to one a user passes with -tags.
func knownTag(tag string) bool {
	if strings.HasPrefix(tag, "go1.") || strings.HasPrefix(tag, "goexperiment.") {
		return true
	}
	switch tag {
	case "cgo", "gc", "gccgo", "unix", "ignore", "purego", "race", "msan", "asan", "boringcrypto":
		return true
	}
	for _, p := range platforms {
		// An architecture feature level (amd64.v3, arm64.v8.1) is set by GOAMD64, GOARM64, ...
		if tag == p[0] || tag == p[1] || strings.HasPrefix(tag, p[1]+".") {
			return true
		}
	}
	switch tag {
	case "mips", "mipsle", "mips64", "ppc64", "wasm", "sparc64", "hurd", "zos", "nacl":
		return true
	}
	return false
}

// buildConfigs decides, without running the go command, why the files of a directory are left
// out of the build: go/build's MatchFile under this machine's configuration with cgo on and off,
// then under other platforms.
type buildConfigs struct {
	f            *facts.Facts
	goos, goarch string
	tags         []string // -tags in GOFLAGS
	cgoOff       bool
	dirs         map[string]*dirExplain
}

// dirExplain says why a directory's Go files are left out.
type dirExplain struct {
	empty     bool     // no non-test .go file
	cgo       bool     // some file builds here with cgo on only
	cgoFiles  []string // those files
	ignore    bool     // every file has the ignore tag
	here      bool     // some file builds here: the directory is left out for another reason
	platforms []string // other GOOS/GOARCH where some file builds
	tags      []string // user tags in the files' build constraints
	// special are settings other than -tags that some file needs: GOEXPERIMENT=x, -race.
	special []string
}

func newBuildConfigs(f *facts.Facts) *buildConfigs {
	b := &buildConfigs{f: f, goos: f.GoVar("GOOS"), goarch: f.GoVar("GOARCH"), cgoOff: f.GoVar("CGO_ENABLED") == "0", dirs: map[string]*dirExplain{}}
	if b.goos == "" {
		b.goos = f.Host.OS()
	}
	if b.goarch == "" {
		b.goarch = f.Host.Arch()
	}
	b.tags = tagsFlag(f.GoVar("GOFLAGS"))
	return b
}

// tagsFlag is the -tags of a GOFLAGS value.
func tagsFlag(goflags string) []string {
	var tags []string
	for _, fl := range strings.Fields(goflags) {
		if v, ok := strings.CutPrefix(strings.TrimLeft(fl, "-"), "tags="); ok {
			tags = append(tags, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })...)
		}
	}
	return tags
}

// sourceFile is the start of a Go file, enough for its build constraints and imports.
type sourceFile struct {
	name   string
	header []byte
}

// maxHeader bounds how much of a Go file is read for its constraints and imports.
const maxHeader = 64 << 10

func (b *buildConfigs) readDir(dir string) []sourceFile {
	entries, err := b.f.Host.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []sourceFile
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || !e.Type().IsRegular() {
			continue
		}
		if len(out) == 50 {
			break
		}
		out = append(out, sourceFile{name: name, header: b.header(filepath.Join(dir, name))})
	}
	return out
}

func (b *buildConfigs) header(path string) []byte {
	file, err := b.f.Host.Open(path)
	if err != nil {
		return nil
	}
	defer file.Close()
	n := min(file.Size(), maxHeader)
	buf := make([]byte, n)
	k, _ := file.ReadAt(buf, 0)
	return buf[:k]
}

// context is a go/build context for a platform that reads files from memory.
func (b *buildConfigs) context(goos, goarch string, cgo bool, files []sourceFile) *build.Context {
	c := build.Default
	c.GOOS, c.GOARCH, c.CgoEnabled = goos, goarch, cgo
	c.BuildTags = b.tags
	c.GOROOT, c.GOPATH = "", ""
	c.OpenFile = func(path string) (io.ReadCloser, error) {
		name := filepath.Base(path)
		for _, sf := range files {
			if sf.name == name {
				return io.NopCloser(bytes.NewReader(sf.header)), nil
			}
		}
		return nil, fs.ErrNotExist
	}
	return &c
}

func match(c *build.Context, dir, name string) bool {
	ok, err := c.MatchFile(dir, name)
	return err == nil && ok
}

// needsCgo reports whether a file builds here with cgo on and not with it off (a cgo build tag,
// or import "C").
func (b *buildConfigs) needsCgo(dir string, sf sourceFile, files []sourceFile) bool {
	if !match(b.context(b.goos, b.goarch, true, files), dir, sf.name) {
		return false
	}
	return importsC(sf.header) || !match(b.context(b.goos, b.goarch, false, files), dir, sf.name)
}

// importsC reports whether a Go file's header imports "C".
func importsC(header []byte) bool {
	af, err := parser.ParseFile(token.NewFileSet(), "", header, parser.ImportsOnly)
	if af == nil {
		return false
	}
	_ = err // a header cut in the middle still has its imports
	for _, im := range af.Imports {
		if p, err := strconv.Unquote(im.Path.Value); err == nil && p == "C" {
			return true
		}
	}
	return false
}

// constraintLines are the //go:build and // +build lines of a Go file's header, before its
// package clause.
func constraintLines(header []byte) []string {
	var out []string
	for _, line := range strings.Split(string(header), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "package ") {
			break
		}
		if constraint.IsGoBuild(line) || constraint.IsPlusBuild(line) {
			out = append(out, line)
		}
	}
	return out
}

// constraintTags are the tags a file's //go:build (or // +build) lines mention.
func constraintTags(header []byte) []string {
	var tags []string
	for _, line := range constraintLines(header) {
		expr, err := constraint.Parse(line)
		if err != nil {
			continue
		}
		expr.Eval(func(tag string) bool {
			tags = append(tags, tag)
			return false
		})
	}
	return tags
}

// explain says why dir's Go files are all left out of the build here.
func (b *buildConfigs) explain(dir string) *dirExplain {
	if ex, ok := b.dirs[dir]; ok {
		return ex
	}
	ex := &dirExplain{}
	b.dirs[dir] = ex
	files := b.readDir(dir)
	if len(files) == 0 {
		ex.empty = true
		return ex
	}
	for _, sf := range files {
		if b.cgoOff && b.needsCgo(dir, sf, files) {
			ex.cgo = true
			ex.cgoFiles = append(ex.cgoFiles, sf.name)
		}
	}
	if ex.cgo {
		return ex
	}
	if anyMatch(b.context(b.goos, b.goarch, !b.cgoOff, files), dir, files) {
		ex.here = true
		return ex
	}
	tags, special, ignore := fileTags(files)
	if ignore {
		ex.ignore = true
		return ex
	}
	ex.special, ex.tags = special, tags
	ex.platforms = b.otherPlatforms(dir, files)
	if len(ex.platforms) > 6 {
		ex.platforms = append(ex.platforms[:6], "…")
	}
	return ex
}

// anyMatch reports whether one of files is in the build of context c.
func anyMatch(c *build.Context, dir string, files []sourceFile) bool {
	for _, sf := range files {
		if match(c, dir, sf.name) {
			return true
		}
	}
	return false
}

// fileTags reads the build constraints of files: the tags that are not GOOS, GOARCH or release
// tags, the settings that special tags need (GOEXPERIMENT=x, -race), both sorted, and whether
// every file has the ignore tag.
func fileTags(files []sourceFile) (tags, special []string, ignore bool) {
	tagSet, specialSet := map[string]bool{}, map[string]bool{}
	ignore = true
	for _, sf := range files {
		hasIgnore := false
		for _, tag := range constraintTags(sf.header) {
			hasIgnore = hasIgnore || tag == "ignore"
			switch {
			case strings.HasPrefix(tag, "goexperiment."):
				specialSet["GOEXPERIMENT="+strings.TrimPrefix(tag, "goexperiment.")] = true
			case tag == "race" || tag == "msan" || tag == "asan":
				specialSet["-"+tag] = true
			case !knownTag(tag):
				tagSet[tag] = true
			}
		}
		ignore = ignore && hasIgnore
	}
	return slices.Sorted(maps.Keys(tagSet)), slices.Sorted(maps.Keys(specialSet)), ignore
}

// otherPlatforms are the platforms other than this one on which some of files build, with cgo
// off or on.
func (b *buildConfigs) otherPlatforms(dir string, files []sourceFile) []string {
	var out []string
	for _, p := range platforms {
		if p[0] == b.goos && p[1] == b.goarch {
			continue
		}
		if anyMatch(b.context(p[0], p[1], false, files), dir, files) || anyMatch(b.context(p[0], p[1], true, files), dir, files) {
			out = append(out, p[0]+"/"+p[1])
		}
	}
	return out
}

// cgoOnly reports whether cgo is off and dir's files build here only with it on.
func cgoOnly(f *facts.Facts, dir string) bool {
	if f.GoVar("CGO_ENABLED") != "0" {
		return false
	}
	return newBuildConfigs(f).explain(filepath.Clean(dir)).cgo
}

// ignoredByGoMod reports whether an ignore directive of modDir's go.mod (Go 1.25) covers dir:
// "./x" is x under the module root, "x" any directory named x.
func ignoredByGoMod(f *facts.Facts, modDir, dir string) bool {
	data, err := f.Host.ReadFile(filepath.Join(modDir, "go.mod"), maxModFile)
	if err != nil {
		return false
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || len(mf.Ignore) == 0 {
		return false
	}
	r, err := filepath.Rel(modDir, dir)
	if err != nil {
		return false
	}
	r = filepath.ToSlash(r)
	for _, ig := range mf.Ignore {
		p := strings.Trim(ig.Path, "/")
		if rooted, ok := strings.CutPrefix(p, "./"); ok {
			if r == rooted || strings.HasPrefix(r, rooted+"/") {
				return true
			}
		} else if strings.Contains("/"+r+"/", "/"+p+"/") {
			return true
		}
	}
	return false
}

// goplsTags are the build tags gopls builds with, where they come from, and whether they differ
// from the go command's own here (set is false when nothing gives gopls other tags): the -tags of
// gopls's build.buildFlags (the "gopls" settings, or go.buildFlags and go.buildTags, which the Go
// extension passes as build.buildFlags when those do not set it), which the go command lets win over
// GOFLAGS; else the -tags of the GOFLAGS gopls gets from its build.env or from go.toolsEnvVars.
func goplsTags(f *facts.Facts) (tags []string, from string, set bool) {
	s := f.Settings()
	settings, _ := goplsSettings(s, "")
	var obj map[string]json.RawMessage
	if json.Unmarshal(settings, &obj) != nil {
		return nil, "", false
	}
	for _, key := range []string{"build.buildFlags", "buildFlags"} {
		var flags []string
		if json.Unmarshal(obj[key], &flags) != nil {
			continue
		}
		if t, ok := tagsOfFlags(flags); ok {
			from = "go.buildFlags/go.buildTags (which the Go extension passes to gopls as build.buildFlags)"
			for _, m := range s.Merged("gopls") {
				if m.Key == "gopls."+key {
					from = fmt.Sprintf("gopls's %s (%s:%d)", key, m.File, m.Line)
				}
			}
			return t, from, true
		}
	}
	for _, key := range []string{"build.env", "env"} {
		var env map[string]string
		if json.Unmarshal(obj[key], &env) == nil {
			if g, ok := env["GOFLAGS"]; ok {
				return tagsFlag(g), "GOFLAGS in gopls's " + key, true
			}
		}
	}
	for _, v := range f.ToolVars() {
		if v.Name == "GOFLAGS" {
			return tagsFlag(v.Value), fmt.Sprintf("GOFLAGS in go.toolsEnvVars (%s:%d)", v.File, v.Line), true
		}
	}
	return nil, "", false
}

// tagsOfFlags is the value of the last -tags in a list of build flags ("-tags=a,b", "-tags a,b",
// the deprecated space-separated "-tags 'a b'"), and whether there is one.
func tagsOfFlags(flags []string) (tags []string, ok bool) {
	for i := 0; i < len(flags); i++ {
		name, val, eq := strings.Cut(strings.TrimLeft(flags[i], "-"), "=")
		if name != "tags" || !strings.HasPrefix(flags[i], "-") {
			continue
		}
		if !eq {
			if i+1 >= len(flags) {
				break
			}
			i++
			val = flags[i]
		}
		tags, ok = strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ' ' || r == '\'' || r == '"' }), true
	}
	return tags, ok
}

// withTags is a copy of b whose builds use tags in place of GOFLAGS's.
func (b *buildConfigs) withTags(tags []string) *buildConfigs {
	return &buildConfigs{f: b.f, goos: b.goos, goarch: b.goarch, cgoOff: b.cgoOff, tags: tags, dirs: map[string]*dirExplain{}}
}

// builds reports whether some Go file of dir is in the build.
func (b *buildConfigs) builds(dir string) bool {
	files := b.readDir(dir)
	return anyMatch(b.context(b.goos, b.goarch, !b.cgoOff, files), dir, files)
}
