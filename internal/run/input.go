package run

import (
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/run/classify"
)

// conclude adds to in what the classifier needs to know about a failed go command (the go
// variables it ran with, the go.work it found), classifies
// it and records the classification.
func (r *runner) conclude(in classify.Input) {
	if in.ExitCode != 0 && in.StartErr == "" && (in.Phase == classify.PhaseBuild || classify.GoSubcommand(in.Args) != "") {
		in.GoFlags, in.GO111MODULE = effectiveGoVar(r.o, "GOFLAGS"), effectiveGoVar(r.o, "GO111MODULE")
		in.CgoEnabled = effectiveGoVar(r.o, "CGO_ENABLED")
		in.WorkFile, in.WorkUses, in.CwdHasGoMod = workspaceFacts(r.o.Host, in.Cwd)
	}
	r.doc.Result = r.o.Classify(in)
}

// effectiveGoVar is a go variable's value as the go command used it: the environment's when not
// empty, else the go env file's (go env -w); read only when a go command failed.
func effectiveGoVar(o Options, name string) string {
	if v := o.Host.Env().Get(name); v != "" {
		return v // an empty variable is unset to the go command: the go env file's value applies
	}
	if o.Facts != nil {
		return o.Facts.GoVar(name)
	}
	return ""
}

// workspaceFacts finds the go.work at or above dir (as the go command does, unless GOWORK says
// otherwise) and reads its use directories, and whether dir holds a go.mod.
func workspaceFacts(h host.Host, dir string) (file string, uses []string, hasGoMod bool) {
	if dir == "" {
		return "", nil, false
	}
	if fi, err := h.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
		hasGoMod = true
	}
	if g := h.Env().Get("GOWORK"); g == "off" {
		return "", nil, hasGoMod
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		p := filepath.Join(d, "go.work")
		if data, err := h.ReadFile(p, 1<<20); err == nil {
			if wf, err := modfile.ParseWork(p, data, nil); err == nil {
				for _, u := range wf.Use {
					uses = append(uses, u.Path)
				}
			}
			return p, uses, hasGoMod
		}
		if filepath.Dir(d) == d {
			return "", nil, hasGoMod
		}
	}
}

// execFacts looks at a command that could not be started: what the file is (a binary for another
// platform, a script whose interpreter is missing), or, for a name not found on PATH, whether go
// install put it in a directory the PATH lacks.
func execFacts(o Options, name, cwd string) *classify.ExecFacts {
	h := o.Host
	x := &classify.ExecFacts{Path: name, Host: h.OS() + "/" + h.Arch()}
	if !strings.ContainsAny(name, `/\`) {
		x.InstallDir = installedIn(o, name)
		return x
	}
	p := name
	if !host.IsAbs(h, p) && cwd != "" {
		p = filepath.Join(cwd, p)
	}
	if fi, err := h.Stat(p); err == nil && fi.IsDir() {
		x.Exists, x.IsDir = true, true
		return x
	}
	fileFacts(h, p, x)
	return x
}

// installedIn is the directory go install writes programs to (GOBIN, or GOPATH/bin) when it
// holds the program name, else "".
func installedIn(o Options, name string) string {
	if o.Facts == nil {
		return ""
	}
	dir := o.Facts.InstallDir()
	if dir == "" {
		return ""
	}
	h := o.Host
	if p := host.FindIn(h, dir, name, host.Exts(h, h.Env().Get("PATHEXT"))); p != "" {
		return dir
	}
	return ""
}

// fileFacts reads what the file p is: a binary and its platforms, or a script and its
// interpreter.
func fileFacts(h host.Host, p string, x *classify.ExecFacts) {
	f, err := h.Open(p)
	if err != nil {
		return
	}
	defer f.Close()
	x.Exists = true
	info, err := binfo.ReadFrom(f, f.Size(), p)
	if info == nil || (err != nil && info.Format == "") {
		return
	}
	for _, t := range info.Targets {
		x.Targets = append(x.Targets, t.String())
	}
	if info.Format != binfo.FormatScript {
		return
	}
	head := make([]byte, 512)
	n, _ := f.ReadAt(head, 0)
	line, _, _ := strings.Cut(string(head[:n]), "\n")
	x.ShebangCR = strings.HasSuffix(line, "\r")
	if info.Interpreter == "" {
		return
	}
	x.Interpreter = info.Interpreter
	if host.IsAbs(h, info.Interpreter) {
		if _, err := h.Stat(info.Interpreter); err != nil {
			x.InterpreterMissing = true
		}
	} else if _, err := host.LookPath(h, info.Interpreter, h.Env().Get("PATH"), h.Env().Get("PATHEXT")); err != nil {
		x.InterpreterMissing = true // #!/usr/bin/env NAME, and no NAME on PATH
	}
}

// argModules finds, for the go command's path arguments (./app, app/main.go, ./app/...), a go.mod
// between the argument and cwd (exclusive): a module the go command does not see when it runs in
// cwd. Only the arguments before a go run program's own arguments are looked at.
func argModules(h host.Host, cwd string, args []string) []classify.ArgModule {
	var mods []classify.ArgModule
	sub := ""
	for _, a := range args {
		if sub == "" {
			if !strings.HasPrefix(a, "-") {
				sub = a
			}
			continue
		}
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		if m, ok := argModule(h, cwd, a); ok {
			mods = append(mods, m)
			if sub == "run" {
				break // what follows the package are the program's arguments
			}
		}
	}
	return mods
}

// argModule finds the go.mod between the path argument a and cwd (exclusive), if any.
func argModule(h host.Host, cwd, a string) (classify.ArgModule, bool) {
	p := strings.TrimSuffix(filepath.ToSlash(a), "/...")
	if filepath.IsAbs(p) || !(p == "." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || strings.HasSuffix(p, ".go")) {
		return classify.ArgModule{}, false // an import path, or a path the go command does not read as a directory
	}
	dir := filepath.Join(cwd, filepath.FromSlash(p))
	if strings.HasSuffix(p, ".go") {
		dir = filepath.Dir(dir)
	}
	if rel, err := filepath.Rel(cwd, dir); err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return classify.ArgModule{}, false
	}
	for d := dir; d != cwd && strings.HasPrefix(d, cwd); d = filepath.Dir(d) {
		if fi, err := h.Stat(filepath.Join(d, "go.mod")); err != nil || fi.IsDir() {
			continue
		}
		r, _ := filepath.Rel(d, filepath.Join(cwd, filepath.FromSlash(a)))
		r = filepath.ToSlash(r)
		if r != "." && !strings.HasPrefix(r, "../") {
			r = "./" + r
		}
		if strings.HasSuffix(a, ".go") {
			r = strings.TrimPrefix(r, "./")
		}
		return classify.ArgModule{Arg: a, Root: d, Rel: r}, true
	}
	return classify.ArgModule{}, false
}
