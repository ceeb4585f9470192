package workspace

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/text"
)

const docsPackages = "https://pkg.go.dev/cmd/go#hdr-List_packages_or_modules"

// maxShown bounds the errors and directories a finding lists; the rest are counted.
const maxShown = 10

// packageProblem is the kind of a package error.
type packageProblem int

const (
	pkgOther    packageProblem = iota
	pkgCycle                   // import cycle not allowed
	pkgMissing                 // an import nothing provides
	pkgModule                  // a module problem: ws.deps reports it
	pkgExcluded                // an imported package whose files are all excluded
	pkgLoad                    // a whole-load problem another check owns
)

// classifyPackageError says what kind of problem a go list package error is.
func classifyPackageError(msg string) packageProblem {
	cs := gocmd.Parse(msg)
	switch {
	case cs.Has(gocmd.ImportCycle):
		return pkgCycle
	case moduleProblemOf(cs) != modNone && !cs.Has(gocmd.NoRequiredModule):
		return pkgModule
	case loadCauseOf(cs) != "":
		return pkgLoad
	case cs.Has(gocmd.NotInStd, gocmd.NoRequiredModule, gocmd.GOPATHNotFound, gocmd.CannotFindModule):
		return pkgMissing
	}
	if _, ok := excludedDir(msg); ok {
		return pkgExcluded
	}
	return pkgOther
}

// excludedDir is the directory of a package error that says build constraints exclude all its
// Go files (in its first line).
func excludedDir(msg string) (string, bool) {
	c, ok := gocmd.First(text.FirstLine(msg), gocmd.ExcludedAll)
	return c.Path, ok
}

func packagesFolder(f *facts.Facts, folder string) part {
	l := f.Layout(folder)
	if p := precheck(f, l); p != nil {
		return *p
	}
	us, note := units(f, l)
	if len(us) == 0 {
		return part{status: finding.Skip, title: "no module of the workspace is under this folder (ws.gowork)"}
	}
	var list []issue
	var ev []finding.Evidence
	packages := 0
	var notes []string
	if note != "" {
		notes = append(notes, note)
	}
	for _, pl := range f.LoadAll(us) {
		ev = append(ev, ran(pl.Result))
		if !pl.Result.OK() {
			p := loadFailure(f, pl.Result, "the packages of "+pl.Unit.Dir)
			list = append(list, issue{status: p.status, title: p.title, detail: p.detail, fix: p.fix, cause: p.cause})
			continue
		}
		if pl.Truncated {
			notes = append(notes, fmt.Sprintf("The output of %s passed %d MB; only its start was read.", pl.Result.Cmd.String(), 48))
		} else if pl.DecodeErr != nil {
			notes = append(notes, fmt.Sprintf("The output of %s could not be read: %v.", pl.Result.Cmd.String(), pl.DecodeErr))
		}
		packages += len(pl.Packages)
		list = append(list, packageIssues(f, l, pl)...)
		ex, exNotes := excludedIssues(f, l, pl)
		list = append(list, ex...)
		notes = append(notes, exNotes...)
	}
	if len(list) == 0 {
		p := part{status: finding.OK, title: fmt.Sprintf("%d package(s) load without errors", packages), ev: ev, detail: strings.Join(notes, "\n")}
		return p
	}
	p := issues(list, ev)
	if len(notes) > 0 {
		p.detail += "\n" + strings.Join(notes, "\n")
	}
	return p
}

// packageIssues groups the errors of a load into issues: import cycles, unresolved imports,
// others. Module problems are ws.deps's and are only counted.
func packageIssues(f *facts.Facts, l *facts.Layout, pl *facts.PackageLoad) []issue {
	groups, cgoErrs := groupPackageErrors(f, pl)
	hidden := pl.ErrorCount - len(pl.Errors)
	dir := pl.Unit.Dir
	var out []issue
	if es := groups[pkgLoad]; len(es) > 0 {
		msg := es[0].Err
		out = append(out, issue{status: finding.Fail, cause: loadCause(msg), title: "the go command cannot match the packages here",
			detail: fmt.Sprintf("%s reports:\n%s\ngopls cannot load them either.", pl.Result.Cmd.String(), msg)})
	}
	if es := groups[pkgCycle]; len(es) > 0 {
		var lines []string
		for _, e := range es {
			lines = append(lines, "import cycle not allowed: "+strings.Join(e.ImportStack, " -> "))
		}
		out = append(out, issue{status: finding.Fail,
			title: fmt.Sprintf("%d import cycle(s)", len(es)),
			detail: fmt.Sprintf("%s\nGo does not allow packages to import each other in a circle: go build fails with \"import cycle not allowed\", and gopls marks the imports that close the cycle.",
				bounded(lines)),
			fix: &finding.Fix{Summary: "Break the cycle: move what both packages need into a third package that neither imports, or invert one dependency with an interface.", Docs: "https://go.dev/ref/spec#Import_declarations"}})
	}
	if es := groups[pkgMissing]; len(es) > 0 {
		out = append(out, missingImports(es, dir))
	}
	if es := append(groups[pkgOther], groups[pkgExcluded]...); len(es) > 0 {
		var lines []string
		for _, e := range es {
			lines = append(lines, positioned(e))
		}
		out = append(out, issue{status: finding.Fail,
			title: fmt.Sprintf("%d package error(s)", len(es)),
			detail: fmt.Sprintf("%s\ngo build fails with these errors, and gopls shows them on the files and cannot type-check the packages.",
				bounded(lines)),
			fix: &finding.Fix{Summary: "Fix the errors at the positions shown.", Docs: docsPackages}})
	}
	if len(out) == 0 && len(groups[pkgModule])+len(cgoErrs) > 0 {
		cause, es := "ws.deps", groups[pkgModule]
		if len(es) == 0 {
			cause, es = "ws.cgo", cgoErrs
		}
		var lines []string
		for _, e := range es {
			lines = append(lines, positioned(e))
		}
		out = append(out, issue{status: finding.Fail, cause: cause,
			title:  fmt.Sprintf("%d package error(s) from the dependencies (%s)", len(es), cause),
			detail: bounded(lines) + "\ngo build fails with these errors, and gopls marks the imports."})
	}
	if hidden > 0 && len(out) > 0 {
		out[0].detail += fmt.Sprintf("\n(%d more distinct error(s) not kept.)", hidden)
	}
	return out
}

// groupPackageErrors groups the errors of a load by problem; imports of packages that only cgo
// builds are ws.cgo's, kept apart.
func groupPackageErrors(f *facts.Facts, pl *facts.PackageLoad) (map[packageProblem][]facts.PackageError, []facts.PackageError) {
	groups := map[packageProblem][]facts.PackageError{}
	var cgoErrs []facts.PackageError
	for _, e := range pl.Errors {
		kind := classifyPackageError(e.Err)
		if kind == pkgExcluded {
			if dir, ok := excludedDir(e.Err); ok && cgoOnly(f, dir) {
				cgoErrs = append(cgoErrs, e)
				continue
			}
		}
		groups[kind] = append(groups[kind], e)
	}
	return groups, cgoErrs
}

// missingImports is the issue of imports that cannot be resolved; go mod tidy is the fix when a
// module is missing from go.mod.
func missingImports(es []facts.PackageError, dir string) issue {
	var lines []string
	tidy := false
	for _, e := range es {
		lines = append(lines, positioned(e))
		tidy = tidy || gocmd.Parse(e.Err).Has(gocmd.NoRequiredModule)
	}
	is := issue{status: finding.Fail,
		title: fmt.Sprintf("%d import(s) cannot be resolved", len(es)),
		detail: fmt.Sprintf("%s\nThe build fails with these errors, and gopls marks the imports (\"could not import ...\") and everything that uses them.",
			bounded(lines))}
	if tidy {
		is.fix = goFix("Add the modules that provide the imports to go.mod (go mod tidy finds them; a package that is not in std is a typo or needs a newer Go).", docsModules, dir, []string{"mod", "tidy"})
	} else {
		is.fix = &finding.Fix{Summary: "Correct the import paths (a package that is not in std is a typo, or needs a newer Go).", Docs: docsPackages}
	}
	return is
}

// bounded joins lines, keeping the first maxShown.
func bounded(lines []string) string {
	if len(lines) > maxShown {
		return strings.Join(lines[:maxShown], "\n") + fmt.Sprintf("\n… and %d more", len(lines)-maxShown)
	}
	return strings.Join(lines, "\n")
}

// buildTagsFix sets gopls's build.buildFlags in the folder's settings to the flags gopls builds
// with now (the "gopls" object VS Code merges across the settings files; "buildFlags", the bare
// name gopls also reads, included) with flag in place of any -tags flag: the folder's array
// replaces the others, so flags set elsewhere are kept, and one key is written, not a second
// spelling of the same setting that gopls would read in no fixed order.
func buildTagsFix(f *facts.Facts, folder, flag string) *finding.Fix {
	var flags []string
	if st, ok := f.Settings().ExtensionValue("gopls"); ok {
		var obj map[string]json.RawMessage
		if json.Unmarshal(st.Value, &obj) == nil {
			for _, key := range []string{"buildFlags", "build.buildFlags"} {
				var fl []string
				if json.Unmarshal(obj[key], &fl) == nil && len(fl) > 0 {
					flags = fl
				}
			}
		}
	}
	kept := []string{}
	for i := 0; i < len(flags); i++ {
		switch fl := flags[i]; {
		case fl == "-tags" || fl == "--tags":
			i++ // and its value
		case !strings.HasPrefix(fl, "-tags=") && !strings.HasPrefix(fl, "--tags="):
			kept = append(kept, fl)
		}
	}
	kept = append(kept, flag)
	value, _ := json.Marshal(kept)
	file := filepath.Join(folder, ".vscode", "settings.json")
	return &finding.Fix{Summary: fmt.Sprintf("If these files are meant to be edited, let gopls build with their tags: set gopls's build.buildFlags to %s (in %s).", value, file),
		Docs:    "https://github.com/golang/tools/blob/master/gopls/doc/settings.md#buildflags",
		Actions: []finding.Action{{Kind: finding.SettingsEdit, File: file, Key: "/gopls/build.buildFlags", Value: string(value)}}}
}

// excludedIssues finds the directories of the load's modules that hold Go files and that go
// list did not list: every file there is excluded from the build.
func excludedIssues(f *facts.Facts, l *facts.Layout, pl *facts.PackageLoad) ([]issue, []string) {
	if pl.Truncated || pl.DecodeErr != nil || l.Truncated {
		return nil, nil
	}
	listed := listedDirs(f, pl)
	mods := map[string]bool{}
	for _, m := range pl.Unit.Modules {
		mods[filepath.Clean(m)] = true
	}
	bc := newBuildConfigs(f)
	var gopls *buildConfigs
	gtags, gfrom, gset := goplsTags(f)
	if gset {
		gopls = bc.withTags(gtags)
	}
	var tagged, other, goplsLoads []string
	tags := map[string]bool{}
	cgoDirs := 0
	checked := 0
	for _, d := range l.GoDirs {
		owner := d.Module
		if owner == "" {
			owner = l.ModuleDir()
		}
		if owner == "" || !mods[filepath.Clean(owner)] || listed[filepath.Clean(d.Dir)] || !facts.Within(d.Dir, pl.Unit.Dir) {
			continue
		}
		if ignoredByGoMod(f, owner, d.Dir) {
			continue
		}
		if checked++; checked > 50 {
			break
		}
		ex := bc.explain(d.Dir)
		name := rel(l.Folder, d.Dir)
		switch {
		case ex.cgo:
			cgoDirs++
		case ex.ignore, ex.empty, ex.here:
		case len(ex.platforms) > 0:
			other = append(other, fmt.Sprintf("%s (%s)", name, strings.Join(ex.platforms, ", ")))
		case len(ex.tags) > 0 && gopls != nil && gopls.builds(d.Dir):
			goplsLoads = append(goplsLoads, name)
		case len(ex.tags) > 0:
			for _, x := range ex.tags {
				tags[x] = true
			}
			tagged = append(tagged, fmt.Sprintf("%s (needs -tags=%s)", name, strings.Join(ex.tags, ",")))
		case len(ex.special) > 0:
			other = append(other, fmt.Sprintf("%s (%s)", name, strings.Join(ex.special, ", ")))
		default:
			other = append(other, name+" (no configuration gomedic tried)")
		}
	}
	var out []issue
	var notes []string
	if len(tagged) > 0 {
		var all []string
		for t := range tags {
			all = append(all, t)
		}
		sort.Strings(all)
		same := "which loads with the same tags"
		if gset {
			same = fmt.Sprintf("which loads with -tags=%s (from %s)", strings.Join(gtags, ","), gfrom)
		}
		is := issue{status: finding.Warn,
			title: fmt.Sprintf("%d director(y/ies) where build constraints exclude every Go file", len(tagged)),
			detail: fmt.Sprintf("%s\ngo list ./... leaves them out, go build of one fails with \"build constraints exclude all Go files in ...\", and gopls, %s, shows on each of their files: \"No packages found for open file ... This file may be excluded due to its build tags; try adding \\\"-tags=<build tag>\\\" to your gopls \\\"buildFlags\\\" configuration\": no completion, no errors, no navigation there.",
				bounded(tagged), same)}
		if len(all) > 0 {
			// The tags gopls builds with already are kept beside the new ones.
			for _, t := range gtags {
				if !tags[t] {
					tags[t] = true
					all = append(all, t)
				}
			}
			sort.Strings(all)
			is.fix = buildTagsFix(f, l.Folder, "-tags="+strings.Join(all, ","))
		}
		out = append(out, is)
	}
	if len(other) > 0 {
		out = append(out, issue{status: finding.Info,
			title: fmt.Sprintf("%d director(y/ies) build only for another GOOS/GOARCH or with other settings", len(other)),
			detail: fmt.Sprintf("%s\ngopls loads them only when its environment (go.toolsEnvVars: GOOS, GOARCH, GOEXPERIMENT) or build flags match; until then it shows \"No packages found for open file ... This file may be excluded due to its GOOS/GOARCH, or other build constraints.\"",
				bounded(other))})
	}
	if len(goplsLoads) > 0 {
		notes = append(notes, fmt.Sprintf("%d director(y/ies) build only with build tags that gopls builds with (-tags=%s, from %s): go list ./... without them leaves out %s, gopls loads them.",
			len(goplsLoads), strings.Join(gtags, ","), gfrom, bounded(goplsLoads)))
	}
	if cgoDirs > 0 {
		notes = append(notes, fmt.Sprintf("%d director(y/ies) build only with cgo, which is off (ws.cgo).", cgoDirs))
	}
	return out, notes
}

// listedDirs are the directories of a load's packages, each also spelled from the unit's
// directory as given and with its symbolic links resolved (/tmp and /private/tmp on macOS), so
// they compare with the directories of the walk whichever way the go command printed them.
func listedDirs(f *facts.Facts, pl *facts.PackageLoad) map[string]bool {
	listed := map[string]bool{}
	given := filepath.Clean(pl.Unit.Dir)
	real, err := f.Host.EvalSymlinks(given)
	if err != nil {
		real = given
	}
	for _, p := range pl.Packages {
		if p.Dir == "" {
			continue
		}
		d := filepath.Clean(p.Dir)
		listed[d] = true
		for _, pair := range [][2]string{{real, given}, {given, real}} {
			if r, err := filepath.Rel(pair[0], d); err == nil && facts.Within(d, pair[0]) {
				listed[filepath.Join(pair[1], r)] = true
			}
		}
	}
	return listed
}
