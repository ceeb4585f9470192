package workspace

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/text"
)

// maxModFile bounds a go.mod or go.work read.
const maxModFile = 4 << 20

// DocsModules is the page on go.mod files and module mode.
const docsModules = "https://go.dev/doc/modules/gomod-ref"

func moduleFolder(f *facts.Facts, folder string) part {
	l := f.Layout(folder)
	switch {
	case l.Missing:
		return part{status: finding.Warn, title: "the workspace folder does not exist",
			detail: folder + " is a folder of the workspace, but there is no such directory: the editor shows it as missing and nothing in it loads."}
	case l.GoMod != "":
		return moduleFile(f, l)
	case l.GoWork != "":
		return part{status: finding.OK, title: "no go.mod here; the modules come from " + rel(folder, l.GoWork),
			ev: []finding.Evidence{{File: l.GoWork}}}
	case len(l.Nested) > 0:
		return nestedOnly(f, l)
	case l.HasGoFiles:
		return noModule(f, l)
	}
	return part{status: finding.Skip, title: "no Go files and no go.mod here"}
}

// moduleFile judges the go.mod of a folder that is in a module.
func moduleFile(f *facts.Facts, l *facts.Layout) part {
	short := rel(l.Folder, l.GoMod)
	data, err := f.Host.ReadFile(l.GoMod, maxModFile)
	if err != nil {
		return part{status: finding.Fail, title: "go.mod cannot be read", ev: []finding.Evidence{{File: l.GoMod}},
			detail: fmt.Sprintf("Reading %s failed: %v. Every go command here fails the same way, and gopls loads nothing.", l.GoMod, err)}
	}
	ev := []finding.Evidence{doctor.Read(l.GoMod, text.FirstLines(string(data), 12))}
	mf, err := modfile.Parse(short, data, nil)
	if err != nil {
		if rest := otherThanDirectives(err); rest != "" {
			return part{status: finding.Fail, ev: ev, title: short + " does not parse",
				detail: fmt.Sprintf("The go command reads go.mod before anything else and stops:\ngo: errors parsing %s:\n%s\nEvery go command in this module fails with this message, and gopls shows it on go.mod and loads no package.", short, rest),
				fix:    &finding.Fix{Summary: "Correct the line(s) named in " + l.GoMod + "; `go mod edit -fmt` reformats a file once it parses.", Docs: docsModules}}
		}
		// Only the go or toolchain line is wrong: ws.go_directive reports it.
		if mf, err = modfile.ParseLax(short, data, nil); err != nil {
			return part{status: finding.OK, title: short + ": see ws.go_directive", ev: ev}
		}
	}
	if mf.Module == nil {
		return part{status: finding.Fail, ev: ev, title: short + " has no module line",
			detail: fmt.Sprintf("The go command fails in this module with:\ngo: error reading %s: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod\ngopls loads nothing.", short),
			fix:    goFix("Give the module its path (the repository it lives in).", docsModules, filepath.Dir(l.GoMod), []string{"mod", "edit", "-module=" + guessModulePath(f, filepath.Dir(l.GoMod))})}
	}
	title := "module " + mf.Module.Mod.Path
	if filepath.Dir(l.GoMod) != filepath.Clean(l.Folder) {
		title += " (" + short + ")"
	}
	if len(l.Nested) == 0 {
		return part{status: finding.OK, title: title, ev: ev}
	}
	p := part{status: finding.Info, ev: ev, title: fmt.Sprintf("%s, with %d nested module(s)", title, len(l.Nested))}
	p.detail = fmt.Sprintf("Modules below %s: %s.\nEach is a module of its own: `go build ./...` and `go test ./...` here leave them out, and gopls loads one when a file of it is opened", l.Folder, listNested(f, l))
	if l.GoWork != "" {
		p.detail += "; " + rel(l.Folder, l.GoWork) + " says which are loaded together (ws.gowork)."
	} else {
		p.detail += ". A go.work (go work init, go work use -r .) lets gopls and the go command load them together."
	}
	return p
}

// otherThanDirectives returns the parse errors of a go.mod other than those of its go and
// toolchain lines (ws.go_directive's), one a line, or "".
func otherThanDirectives(err error) string {
	var list modfile.ErrorList
	if !errors.As(err, &list) {
		return err.Error()
	}
	var out []string
	for _, e := range list {
		msg := e.Error()
		if strings.Contains(msg, "invalid go version") || strings.Contains(msg, "invalid toolchain version") {
			continue
		}
		out = append(out, msg)
	}
	return strings.Join(out, "\n")
}

// listNested names the nested modules (their module paths when they parse), at most ten.
func listNested(f *facts.Facts, l *facts.Layout) string {
	var names []string
	for i, m := range l.Nested {
		if i == 10 {
			names = append(names, fmt.Sprintf("and %d more", len(l.Nested)-i))
			break
		}
		name := rel(l.Folder, filepath.Dir(m))
		if data, err := f.Host.ReadFile(m, maxModFile); err == nil {
			if p := modfile.ModulePath(data); p != "" {
				name += " (" + p + ")"
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, ", ")
}

// nestedOnly judges a folder that is not a module but holds modules: gopls v0.15 and later load
// each when a file of it is opened; an older gopls loads one module below the folder, not several.
func nestedOnly(f *facts.Facts, l *facts.Layout) part {
	var dirs []string
	for _, m := range l.Nested {
		dirs = append(dirs, "./"+filepath.ToSlash(rel(l.Folder, filepath.Dir(m))))
	}
	p := part{status: finding.Info, title: fmt.Sprintf("no go.mod here; %d module(s) below", len(l.Nested)),
		detail: fmt.Sprintf("%s is not a module, but holds modules in %s. gopls loads each one on its own when a file of it is opened; go commands run in %s itself fail with \"go: go.mod file not found in current directory or any parent directory; see 'go help modules'\". A go.work lets the modules see each other's changes and load together.",
			l.Folder, strings.Join(dirs, ", "), l.Folder)}
	p.fix = goFix("Optionally, tie the modules together with a go.work.", "https://go.dev/ref/mod#workspaces", l.Folder, append([]string{"work", "init"}, dirs...))
	if v := goplsBeforeZeroConfig(f); v != "" && len(l.Nested) > 1 {
		_, path := editorGopls(f)
		p.status = finding.Warn
		p.title = fmt.Sprintf("no go.mod here; %d modules below, which gopls %s does not load together", len(l.Nested), v)
		p.detail = fmt.Sprintf("%s is not a module, but holds modules in %s.\n%s", l.Folder, strings.Join(dirs, ", "), oldGoplsNote(v, path))
		p.fix = goFix("Tie the modules together with a go.work (or update gopls: gomedic tools install gopls).", "https://go.dev/ref/mod#workspaces", l.Folder, append([]string{"work", "init"}, dirs...))
	}
	return p
}

// noModule judges a folder with Go files and no module anywhere.
func noModule(f *facts.Facts, l *facts.Layout) part {
	all := thirdPartyImports(f, l, 1000)
	imports := all[:min(len(all), 5)]
	p := part{status: finding.Warn, title: "no go.mod: " + l.Folder + " is not in a module"}
	var b strings.Builder
	fmt.Fprintf(&b, "There is no go.mod in %s or any folder above it. ", l.Folder)
	if v := f.Value("GO111MODULE"); v.Value == "off" || v.Value == "auto" {
		fmt.Fprintf(&b, "With %s the go command works in GOPATH mode here, which gopls supports only partly and tool installs do not support at all. ", advice.Where(v))
	} else {
		b.WriteString("The go command refuses to build here: \"go: go.mod file not found in current directory or any parent directory; see 'go help modules'\". ")
	}
	b.WriteString("gopls falls back to an ad-hoc view that treats each directory as a package of its own: the standard library works, but no import of another package can be resolved.")
	for _, im := range imports {
		fmt.Fprintf(&b, "\n%s imports %s, which only a go.mod can require: the editor marks the import as an error.", im.pos, im.path)
	}
	p.detail = b.String()
	for _, im := range imports {
		p.ev = append(p.ev, doctor.Read(im.file, "import "+strconv.Quote(im.path)))
	}
	path, local := impliedModulePath(l, all)
	summary := ""
	if path != "" {
		summary = fmt.Sprintf("Make %s the module %s: its imports of %s name its own directories under that path, so only that module path lets them resolve (with another, go mod tidy looks them up on the module proxy and fails).", l.Folder, path, strings.Join(local, ", "))
	} else {
		path = guessModulePath(f, l.Folder)
		summary = fmt.Sprintf("Make %s a module (use the path of the repository it lives in instead of %s).", l.Folder, path)
	}
	cmds := [][]string{{"mod", "init", path}}
	if len(all) > len(local) {
		cmds = append(cmds, []string{"mod", "tidy"})
		summary += " go mod tidy then adds its dependencies to go.mod and go.sum."
	}
	p.fix = goFix(summary, docsModules, l.Folder, cmds...)
	return p
}

type importRef struct {
	file, pos, path string
}

// thirdPartyImports lists up to max imports of packages outside the standard library (their
// first element has a dot, or, with a slash after it, names no directory of GOROOT/src) in the
// folder's Go files, reading at most 200 files.
func thirdPartyImports(f *facts.Facts, l *facts.Layout, max int) []importRef {
	var out []importRef
	seen := map[string]bool{}
	goroot := f.Value("GOROOT").Value
	std := func(first string) bool {
		if goroot == "" {
			return true
		}
		fi, err := f.Host.Stat(filepath.Join(goroot, "src", first))
		return err == nil && fi.IsDir()
	}
	read := 0
	for _, d := range l.GoDirs {
		entries, err := f.Host.ReadDir(d.Dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || read >= 200 || len(out) >= max {
				continue
			}
			read++
			file := filepath.Join(d.Dir, e.Name())
			data, err := f.Host.ReadFile(file, maxModFile)
			if err != nil {
				continue
			}
			fset := token.NewFileSet()
			af, err := parser.ParseFile(fset, file, data, parser.ImportsOnly)
			if err != nil || af == nil {
				continue
			}
			for _, im := range af.Imports {
				path, err := strconv.Unquote(im.Path.Value)
				first, _, slash := strings.Cut(path, "/")
				if err != nil || seen[path] || len(out) >= max || !strings.Contains(first, ".") && (!slash || std(first)) {
					continue
				}
				seen[path] = true
				pos := fset.Position(im.Pos())
				out = append(out, importRef{file: file, path: path, pos: fmt.Sprintf("%s:%d", rel(l.Folder, file), pos.Line)})
			}
		}
	}
	return out
}

// impliedModulePath is the module path the folder's own imports imply, and those imports: an
// import path P that ends in "/D", where D is a directory of the folder (relative, with slashes)
// that holds Go files, names that directory's package in the module P without "/D", the only
// module path under which the go command resolves it inside the folder. When imports imply
// different paths, the one most of them imply wins (the first found on a tie); "" when none does.
func impliedModulePath(l *facts.Layout, imports []importRef) (path string, local []string) {
	dirs := map[string]bool{}
	for _, d := range l.GoDirs {
		if d.Module != "" {
			continue // in a module of its own
		}
		if r, err := filepath.Rel(l.Folder, d.Dir); err == nil && r != "." && !strings.HasPrefix(r, "..") {
			dirs[filepath.ToSlash(r)] = true
		}
	}
	byPath := map[string][]string{}
	var order []string
	for _, im := range imports {
		for r := range dirs {
			m, ok := strings.CutSuffix(im.path, "/"+r)
			if !ok || module.CheckImportPath(m) != nil {
				continue
			}
			if byPath[m] == nil {
				order = append(order, m)
			}
			byPath[m] = append(byPath[m], im.path)
		}
	}
	for _, m := range order {
		if path == "" || len(byPath[m]) > len(byPath[path]) {
			path = m
		}
	}
	return path, byPath[path]
}

// guessModulePath proposes a module path for dir: its import path when it is inside a GOPATH's
// src, else its name when that is a valid path, else example.com/app.
func guessModulePath(f *facts.Facts, dir string) string {
	for _, gp := range f.GOPATHs() {
		src := filepath.Join(gp, "src")
		if gp != "" && facts.Within(dir, src) && filepath.Clean(dir) != src {
			if r, err := filepath.Rel(src, dir); err == nil && module.CheckImportPath(filepath.ToSlash(r)) == nil {
				return filepath.ToSlash(r)
			}
		}
	}
	base := strings.ToLower(filepath.Base(dir))
	if module.CheckImportPath(base) == nil && base != "." && base != "/" {
		return base
	}
	return "example.com/app"
}
