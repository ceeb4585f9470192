package goenv

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// Install is a Go installation: a GOROOT holding bin/go.
type Install struct {
	Root    string // the GOROOT, symlinks resolved
	Go      string // its go binary
	Version string // "go1.26.8", from $GOROOT/VERSION; "" when unknown
	Origin  string // how it got there (see Origin)
}

// BinGo is the path of the go binary inside root on h.
func BinGo(h host.Host, root string) string {
	if h.OS() == "windows" {
		return filepath.Join(root, "bin", "go.exe")
	}
	return filepath.Join(root, "bin", "go")
}

// ReadVersion returns the release in root/VERSION ("go1.26.8"), or "".
func ReadVersion(h host.Host, root string) string {
	data, err := h.ReadFile(filepath.Join(root, "VERSION"), 4096)
	if err != nil {
		return ""
	}
	v := cleanVersion(data)
	if !strings.HasPrefix(v, "go") && !strings.HasPrefix(v, "devel") {
		return ""
	}
	return v
}

// InstallAt returns the installation rooted at root, or false when root holds no executable bin/go.
func InstallAt(h host.Host, root string, gomodcache string) (Install, bool) {
	goBin := BinGo(h, root)
	if !host.Executable(h, goBin, host.Exts(h, "")) {
		return Install{}, false
	}
	if r, err := h.EvalSymlinks(root); err == nil {
		root = r
	}
	return Install{Root: root, Go: goBin, Version: ReadVersion(h, root), Origin: Origin(h, root, gomodcache)}, true
}

// candidateRoots lists where Go installations are put on h's operating system: the official
// installers, package managers, version managers, golang.org/dl and the go command's own
// toolchain downloads.
func candidateRoots(h host.Host, gomodcache string) []string {
	home := h.HomeDir()
	var fixed, globs []string
	inHome := func(parts ...string) string {
		if home == "" {
			return ""
		}
		return filepath.Join(append([]string{home}, parts...)...)
	}
	switch h.OS() {
	case "windows":
		env := h.Env()
		for _, pf := range []string{env.Get("ProgramFiles"), env.Get("ProgramFiles(x86)"), `C:\Program Files`, `C:\Program Files (x86)`} {
			if pf != "" {
				fixed = append(fixed, filepath.Join(pf, "Go"))
			}
		}
		fixed = append(fixed, `C:\Go`, inHome("scoop", "apps", "go", "current"))
	case "darwin":
		fixed = append(fixed, "/usr/local/go", "/opt/homebrew/opt/go/libexec", "/usr/local/opt/go/libexec", "/opt/local/lib/go")
		globs = append(globs, "/opt/homebrew/Cellar/go/*/libexec", "/usr/local/Cellar/go/*/libexec", "/opt/homebrew/Cellar/go@*/*/libexec")
	default:
		fixed = append(fixed, "/usr/local/go", "/usr/lib/go", "/usr/lib/golang", "/snap/go/current", "/opt/go",
			"/home/linuxbrew/.linuxbrew/opt/go/libexec", inHome(".local", "go"), inHome("go", "go"))
		globs = append(globs, "/usr/lib/go-*", "/usr/local/go*", "/opt/go*")
	}
	globs = append(globs,
		inHome("sdk", "go*"),
		inHome(".goenv", "versions", "*"),
		inHome(".asdf", "installs", "golang", "*", "go"),
		inHome(".local", "share", "mise", "installs", "go", "*"),
		inHome(".gvm", "gos", "*"),
	)
	if gomodcache != "" {
		globs = append(globs, filepath.Join(gomodcache, "golang.org", "toolchain@*"))
	}
	roots := fixed
	for _, g := range globs {
		if g == "" {
			continue
		}
		roots = append(roots, glob(h, g)...)
	}
	return roots
}

// glob expands a pattern whose only wildcard is in its last element, through h.
func glob(h host.Host, pattern string) []string {
	dir, base := filepath.Split(pattern)
	dir = filepath.Clean(dir)
	if strings.ContainsAny(dir, "*?[") {
		// One wildcard directory level, as in .asdf/installs/golang/*/go.
		parent, mid := filepath.Split(dir)
		var out []string
		for _, d := range glob(h, filepath.Join(parent, mid)) {
			out = append(out, glob(h, filepath.Join(d, base))...)
		}
		return out
	}
	entries, err := h.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if ok, _ := filepath.Match(base, e.Name()); ok {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// Installations finds the Go installations on disk, whether or not PATH reaches them, sorted by
// root and without duplicates (symlinked roots count once).
func Installations(h host.Host, gomodcache string) []Install {
	seen := make(map[string]bool)
	var out []Install
	for _, root := range candidateRoots(h, gomodcache) {
		if root == "" {
			continue
		}
		in, ok := InstallAt(h, root, gomodcache)
		if !ok || seen[in.Root] {
			continue
		}
		seen[in.Root] = true
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Root < out[j].Root })
	return out
}

// RootOf derives the GOROOT of a go binary from where it is, the way the go command does when
// GOROOT is not set: the binary is $GOROOT/bin/go, after symlinks. It returns "" when the
// binary is not inside a Go tree (a shim script, a wrapper).
func RootOf(h host.Host, goBin string) string {
	p, err := h.EvalSymlinks(goBin)
	if err != nil {
		return ""
	}
	dir := filepath.Dir(p)
	if filepath.Base(dir) != "bin" {
		return ""
	}
	root := filepath.Dir(dir)
	for _, marker := range []string{"VERSION", filepath.Join("src", "runtime"), filepath.Join("pkg", "tool")} {
		if _, err := h.Stat(filepath.Join(root, marker)); err == nil {
			return root
		}
	}
	return ""
}

// ToolDir is the directory of root's compiler, linker and the other build tools the go command
// runs for this platform: root/pkg/tool/GOOS_GOARCH (cmd/go/internal/cfg: build.ToolDir).
func ToolDir(h host.Host, root string) string {
	return filepath.Join(root, ToolSubdir(h))
}

// ToolSubdir is ToolDir inside a tree: pkg/tool/GOOS_GOARCH.
func ToolSubdir(h host.Host) string {
	return filepath.Join("pkg", "tool", h.OS()+"_"+h.Arch())
}

// LacksCompiler reports whether the tree root has no compiler for this platform
// (ToolDir/compile): every build with it fails with `go: no such tool "compile"`, and a go
// command inside it that finds its tree by itself (no pkg/tool) cannot start at all.
func LacksCompiler(h host.Host, root string) bool {
	name := "compile"
	if h.OS() == "windows" {
		name += ".exe"
	}
	_, err := h.Stat(filepath.Join(ToolDir(h, root), name))
	return err != nil
}
