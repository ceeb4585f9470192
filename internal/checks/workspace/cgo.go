package workspace

import (
	"cmp"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
)

// cutPackage is a package whose cgo files CGO_ENABLED=0 leaves out.
type cutPackage struct {
	name  string   // import path, or directory relative to the folder
	files []string // the cgo files
	// whole is set when nothing of the package is left: it is not listed at all.
	whole bool
	// fallback is set when the package has files for !cgo builds.
	fallback bool
}

func cgoFolder(f *facts.Facts, folder string) part {
	l := f.Layout(folder)
	if p := precheck(f, l); p != nil {
		return *p
	}
	us, _ := units(f, l)
	if len(us) == 0 {
		return part{status: finding.Skip, title: "no module of the workspace is under this folder (ws.gowork)"}
	}
	b := newBuildConfigs(f)
	var withCgo []string
	var cut []cutPackage
	var ev []finding.Evidence
	for _, pl := range f.LoadAll(us) {
		ev = append(ev, ran(pl.Result))
		if !pl.Result.OK() {
			if cause := loadCause(goMessage(pl.Result)); cause != "" {
				p := loadFailure(f, pl.Result, "the packages of "+pl.Unit.Dir)
				p.ev = ev
				return p
			}
			return part{status: finding.Skip, title: "go list fails here (ws.packages)", ev: ev}
		}
		listed := listedDirs(f, pl)
		for _, p := range pl.Packages {
			if len(p.CgoFiles) > 0 {
				withCgo = append(withCgo, p.ImportPath)
			}
			if !b.cgoOff || len(p.IgnoredGoFiles) == 0 {
				continue
			}
			all := b.readDir(p.Dir)
			cp := cutPackage{name: p.ImportPath}
			for _, sf := range all {
				if contains(p.IgnoredGoFiles, sf.name) && b.needsCgo(p.Dir, sf, all) {
					cp.files = append(cp.files, sf.name)
				}
				if contains(p.GoFiles, sf.name) && contains(constraintTags(sf.header), "cgo") {
					cp.fallback = true
				}
			}
			if len(cp.files) > 0 {
				cut = append(cut, cp)
			}
		}
		if b.cgoOff && !l.Truncated && !pl.Truncated {
			cut = append(cut, cgoOnlyDirs(f, l, pl, b, listed)...)
		}
	}
	enabled := f.GoVar("CGO_ENABLED")
	src := f.Value("CGO_ENABLED")
	ev = append(ev, valueEvidence(src)...)
	if b.cgoOff && len(cut) > 0 {
		return cutByCgo(f, cut, src, ev)
	}
	if len(withCgo) == 0 {
		return part{status: finding.OK, title: "no package here uses cgo", ev: ev}
	}
	cc := f.CCompiler()
	path, why, cev := cc.Path, cc.Why, doctor.RanAll(cc.Probe)
	ev = append(ev, cev...)
	if enabled == "1" && path == "" {
		title := fmt.Sprintf("%d package(s) use cgo and there is no C compiler", len(withCgo))
		if cc.Short != "" {
			title = fmt.Sprintf("%d package(s) use cgo and %s", len(withCgo), cc.Short)
		}
		failure := cmp.Or(cc.CgoError(), fmt.Sprintf("cgo: C compiler %q not found", cc.Name))
		return part{status: finding.Fail, ev: ev, title: title,
			detail: fmt.Sprintf("%s use cgo, and %s. Building them fails with:\n%s\nand gopls reports the same on their files (its type information for them is incomplete).",
				listNames(withCgo), why, failure),
			fix: advice.CompilerFix(f, cc)}
	}
	return part{status: finding.Info, ev: ev,
		title:  fmt.Sprintf("%d package(s) use cgo; the C compiler is %s", len(withCgo), path),
		detail: fmt.Sprintf("cgo packages: %s. Building them needs the C compiler, and gopls runs cgo to type-check them (slower loads).", listNames(withCgo))}
}

// cgoOnlyDirs are the directories of the load's modules that go list did not list because all
// their files need cgo.
func cgoOnlyDirs(f *facts.Facts, l *facts.Layout, pl *facts.PackageLoad, b *buildConfigs, listed map[string]bool) []cutPackage {
	mods := map[string]bool{}
	for _, m := range pl.Unit.Modules {
		mods[filepath.Clean(m)] = true
	}
	var out []cutPackage
	checked := 0
	for _, d := range l.GoDirs {
		owner := d.Module
		if owner == "" {
			owner = l.ModuleDir()
		}
		if owner == "" || !mods[filepath.Clean(owner)] || listed[filepath.Clean(d.Dir)] {
			continue
		}
		if checked++; checked > 50 {
			break
		}
		if ex := b.explain(filepath.Clean(d.Dir)); ex.cgo {
			out = append(out, cutPackage{name: "./" + filepath.ToSlash(rel(l.Folder, d.Dir)), files: ex.cgoFiles, whole: true})
		}
	}
	return out
}

// cutByCgo judges packages that lose cgo files because cgo is off.
func cutByCgo(f *facts.Facts, cut []cutPackage, src goenv.Value, ev []finding.Evidence) part {
	var whole, partial, fallback []string
	for _, c := range cut {
		desc := fmt.Sprintf("%s (%s)", c.name, strings.Join(c.files, ", "))
		switch {
		case c.whole:
			whole = append(whole, desc)
		case c.fallback:
			fallback = append(fallback, desc)
		default:
			partial = append(partial, desc)
		}
	}
	why := fmt.Sprintf("CGO_ENABLED=0 (from %s)", src.Where())
	cc := f.CCompiler()
	path, noCC, cev := cc.Path, cc.Why, doctor.RanAll(cc.Probe)
	ev = append(ev, cev...)
	fix := advice.Unset(f, src, " so cgo is on (the default when a C compiler is found)")
	if src.Source == goenv.FromDefault {
		why = fmt.Sprintf("cgo is off because the go command finds no C compiler (%s)", noCC)
		fix = &finding.Fix{Summary: "Install a C compiler; the go command then turns cgo on by itself.", Commands: advice.CompilerInstall(f.Host.OS()), Docs: advice.DocsCgo}
	} else if path == "" {
		fix.Summary += " Then install a C compiler (" + noCC + ")."
		fix.Commands = append(fix.Commands, advice.CompilerInstall(f.Host.OS())...)
	}
	switch {
	case len(whole) > 0:
		return part{status: finding.Fail, ev: ev, fix: fix,
			title: fmt.Sprintf("cgo is off, and %d package(s) are nothing but cgo files", len(whole)),
			detail: fmt.Sprintf("%s, so files that import \"C\" are left out of every build, and these packages have nothing else: %s.\ngo build of one fails with \"build constraints exclude all Go files in ...\", importers fail to compile, and gopls shows on their files \"No packages found for open file ...\" with no completion or type checking.",
				why, bounded(whole))}
	case len(partial) > 0:
		return part{status: finding.Warn, ev: ev, fix: fix,
			title: fmt.Sprintf("cgo is off, and %d package(s) lose their cgo files", len(partial)),
			detail: fmt.Sprintf("%s, so these files are left out: %s.\nNone of the packages has a file for builds without cgo (//go:build !cgo), so whatever the cgo files define is \"undefined\" for the rest of the code, in go build and in gopls.",
				why, bounded(partial))}
	}
	return part{status: finding.Info, ev: ev,
		title:  fmt.Sprintf("cgo is off; %d package(s) use their pure-Go files instead", len(fallback)),
		detail: fmt.Sprintf("%s. These packages have files for builds without cgo, which are used instead: %s.", why, bounded(fallback))}
}
