package run

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/run/classify"
	"github.com/gomedic/gomedic/internal/shell"
)

// runTarget is PATH resolved: the package directory and, for a file, the file.
type runTarget struct {
	dir  string // the package directory (absolute), where the program runs
	file string // the .go file named (its base name), "" for a directory
	test bool   // PATH is a _test.go file
}

// resolveTarget finds the package PATH names.
func resolveTarget(h host.Host, cwd, p string) (runTarget, error) {
	abs := p
	if !host.IsAbs(h, p) {
		abs = filepath.Join(cwd, p)
	}
	abs = filepath.Clean(abs)
	fi, err := h.Stat(abs)
	if err != nil {
		return runTarget{}, fmt.Errorf("%s: %w", p, err)
	}
	if fi.IsDir() {
		return runTarget{dir: abs}, nil
	}
	if !strings.HasSuffix(abs, ".go") {
		return runTarget{}, fmt.Errorf("%s is neither a .go file nor a package directory", p)
	}
	base := filepath.Base(abs)
	return runTarget{dir: filepath.Dir(abs), file: base, test: strings.HasSuffix(base, "_test.go")}, nil
}

// binaryName is the name of the program built from t: the file's name without .go, or the
// directory's name, as go build names it.
func (t runTarget) binaryName(goos string, test bool) string {
	name := strings.TrimSuffix(t.file, ".go")
	if name == "" || test {
		name = filepath.Base(t.dir)
	}
	if name == "" || name == "." || name == string(filepath.Separator) || strings.ContainsAny(name, `/\:`) {
		name = "main"
	}
	if test {
		name += ".test"
	}
	if goos == "windows" {
		name += ".exe"
	}
	return name
}

// buildArgs are the go command's arguments that build t into out: go build of the file or the
// package, or go test -c of the package (which also runs go vet's checks, as go test does).
func (t runTarget) buildArgs(out string, test bool) []string {
	if test {
		return []string{"test", "-c", "-o", out, "."}
	}
	if t.file != "" {
		return []string{"build", "-o", out, t.file}
	}
	return []string{"build", "-o", out, "."}
}

// testBinaryArgs are the arguments of a test binary run as go test runs it: -test.paniconexit0
// first (an os.Exit(0) in a test is a failure), then the arguments given with go test's flag
// names translated; anything after -args is passed on as it is, and other flags too (a flag the
// binary does not define is the flag error the user would see).
func testBinaryArgs(args []string) []string {
	out := []string{"-test.paniconexit0"}
	for i, a := range args {
		if a == "-args" || a == "--args" {
			return append(out, args[i+1:]...)
		}
		name, ok := strings.CutPrefix(a, "--")
		if !ok {
			name, ok = strings.CutPrefix(a, "-")
		}
		flag, _, _ := strings.Cut(name, "=")
		if ok && classify.TestFlag(flag) {
			a = "-test." + name
		}
		out = append(out, a)
	}
	return out
}

// checkTestArgs refuses the arguments of gomedic run --test PATH -- ARGS that a test binary run
// directly cannot honour: fuzzing (-fuzz, -test.fuzz) is driven by go test itself, which runs the
// test binary as fuzzing workers with a corpus cache (-test.fuzzworker, -test.fuzzcachedir); the
// binary alone stops with a usage error. path is PATH, for the go test command suggested. The
// runner returns the error as a UsageError before building anything.
func checkTestArgs(path string, args []string) error {
	for i, a := range args {
		if a == "-args" || a == "--args" {
			break // the rest goes to the test binary as it is
		}
		name, ok := strings.CutPrefix(a, "--")
		if !ok {
			name, ok = strings.CutPrefix(a, "-")
		}
		if !ok {
			continue
		}
		flag, value, hasValue := strings.Cut(name, "=")
		if flag != "fuzz" && flag != "test.fuzz" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		if value == "" {
			continue // an empty -fuzz pattern fuzzes nothing
		}
		return fmt.Errorf("%s: fuzzing needs go test itself (it runs the test binary as fuzzing workers and "+
			"keeps the corpus), which a test binary run by --test cannot do; run: gomedic run -- go test -fuzz=%s "+
			"-fuzztime=30s %s", a, shell.Quote(value), testPackagePath(path))
	}
	return nil
}

// testPackagePath is PATH as go test's package argument: its directory for a file, "./dir" for a
// relative directory.
func testPackagePath(p string) string {
	if p == "" {
		return "."
	}
	if strings.HasSuffix(p, ".go") {
		p = filepath.Dir(p)
	}
	p = filepath.Clean(p)
	sep := string(filepath.Separator)
	if p != "." && !filepath.IsAbs(p) && p != ".." && !strings.HasPrefix(p, ".."+sep) && !strings.HasPrefix(p, "."+sep) {
		p = "." + sep + p
	}
	return shell.Quote(p)
}

// cwdReason says why a run happens in its directory.
func cwdReason(mode string) string {
	switch mode {
	case result.RunModeProgram:
		return "the package directory: the Go extension's Run and Debug start a program there when the launch configuration sets no cwd"
	case result.RunModeTest:
		return "the package directory: go test, the Go extension's test commands and dlv test run a test binary there"
	}
	return "the current directory"
}

// Workspace is the folder an editor would have open to run PATH: the current directory when PATH
// is in it (or for -- COMMAND), else the module (or go.work) root above PATH, else PATH's
// directory. The editor settings (go.toolsEnvVars) are read from there.
func Workspace(h host.Host, cwd, p string) string {
	if p == "" {
		return cwd
	}
	t, err := resolveTarget(h, cwd, p)
	if err != nil {
		return cwd
	}
	if rel, err := filepath.Rel(cwd, t.dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return cwd
	}
	for d := t.dir; ; d = filepath.Dir(d) {
		for _, marker := range []string{"go.work", "go.mod"} {
			if _, err := h.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		if filepath.Dir(d) == d {
			return t.dir
		}
	}
}
