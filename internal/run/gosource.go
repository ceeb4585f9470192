package run

import (
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/run/classify"
)

// locateOpened finds, for each file the source opens by a relative name that is not in the package
// directory, another directory where the name resolves: where gomedic run was started, or the
// module root (the workspace folder an editor may run from). It explains a program that works in
// one place and not the other.
func locateOpened(h host.Host, src *classify.Source, started string) {
	if src == nil || src.Dir == "" {
		return
	}
	dirs := []string{started}
	for d := src.Dir; ; d = filepath.Dir(d) {
		if fi, err := h.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			dirs = append(dirs, d)
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := range src.OpenedFiles {
		o := &src.OpenedFiles[i]
		if o.InDir || o.Name == "" || filepath.IsAbs(o.Name) {
			continue
		}
		for _, d := range dirs {
			if d == "" || d == src.Dir {
				continue
			}
			if _, err := h.Stat(filepath.Join(d, filepath.FromSlash(o.Name))); err == nil {
				o.FoundIn = d
				break
			}
		}
	}
}

// goRunValueFlags are the go run (build) flags that take a separate value.
var goRunValueFlags = map[string]bool{"tags": true, "ldflags": true, "gcflags": true, "asmflags": true,
	"gccgoflags": true, "p": true, "mod": true, "modfile": true, "overlay": true, "pkgdir": true,
	"buildmode": true, "compiler": true, "installsuffix": true, "toolexec": true, "exec": true, "pgo": true,
	"covermode": true, "coverpkg": true, "C": true, "o": true}

// goTestValueFlags are go test's own flags that take a separate value.
var goTestValueFlags = map[string]bool{"run": true, "bench": true, "benchtime": true, "count": true, "cpu": true,
	"parallel": true, "timeout": true, "coverprofile": true, "cpuprofile": true, "memprofile": true,
	"blockprofile": true, "mutexprofile": true, "trace": true, "outputdir": true, "list": true, "skip": true,
	"shuffle": true, "fuzz": true, "fuzztime": true, "fuzzminimizetime": true, "vet": true, "json": false,
	"memprofilerate": true, "blockprofilerate": true, "mutexprofilefraction": true}

// goRunSource reads the source of the package a `go run` (or a one-package `go test`) command
// line runs, when it is a local directory or .go files, so that a command classifies as PATH
// does: the user's frames, the files the code opens, how it reads stdin. Anything else (an
// import path, pkg@version) gives nil.
func goRunSource(o Options, argv []string) *classify.Source {
	sub := classify.GoSubcommand(argv)
	if (sub != "run" && sub != "test") || o.ReadSource == nil {
		return nil
	}
	args := goCommandOperands(sub, argv)
	if sub == "test" {
		args = goTestPackage(args)
	}
	dir, files, ok := sourceOf(args)
	if !ok {
		return nil
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(o.Dir, dir)
	}
	src, err := o.ReadSource(dir, files)
	if err != nil {
		return nil
	}
	src.Target = strings.Join(files, " ")
	locateOpened(o.Host, src, o.Dir)
	return src
}

// goCommandOperands are the arguments of the go subcommand sub in argv after its own flags (and
// their values): the packages, and what follows them.
func goCommandOperands(sub string, argv []string) []string {
	args := argv[1:]
	for len(args) > 0 && args[0] != sub {
		args = args[1:]
	}
	if len(args) == 0 {
		return nil
	}
	args = args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name := strings.TrimLeft(args[0], "-")
		args = args[1:]
		if !strings.Contains(name, "=") && (goRunValueFlags[name] || (sub == "test" && goTestValueFlags[name])) && len(args) > 0 {
			args = args[1:]
		}
	}
	return args
}

// goTestPackage is the one local package directory go test's operands name, whose tests are what
// ran; nil for several, a pattern, or .go files (which are not read).
func goTestPackage(args []string) []string {
	var pkgs []string
	for _, a := range args {
		if a == "-args" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			pkgs = append(pkgs, a)
		}
	}
	if len(pkgs) != 1 || strings.HasSuffix(pkgs[0], ".go") {
		return nil
	}
	return pkgs
}

// sourceOf is the directory and the files (nil for the whole package) the go command's operands
// name: leading .go files of one directory, or a local directory that is not a pattern.
func sourceOf(args []string) (dir string, files []string, ok bool) {
	for _, a := range args {
		if !strings.HasSuffix(a, ".go") {
			break
		}
		files = append(files, a)
	}
	switch {
	case len(files) > 0:
		dir = filepath.Dir(files[0])
		for i, f := range files {
			if filepath.Dir(f) != dir {
				return "", nil, false
			}
			files[i] = filepath.Base(f)
		}
		return dir, files, true
	case len(args) > 0 && (args[0] == "." || strings.HasPrefix(args[0], "./") || strings.HasPrefix(args[0], "../") || filepath.IsAbs(args[0])):
		if strings.Contains(args[0], "...") || strings.Contains(args[0], "@") {
			return "", nil, false
		}
		return args[0], nil, true
	}
	return "", nil, false
}
