package workspace

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/mod/semver"

	"golang.org/x/mod/modfile"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

const docsWorkspaces = "https://go.dev/ref/mod#workspaces"

// workUse is one `use` line of a go.work, resolved.
type workUse struct {
	path   string // as written
	dir    string // absolute
	line   int
	module string // the module path of its go.mod, "" when it has none
	goMod  string // its go.mod, "" when there is none
	exists bool   // dir exists
	isFile bool   // dir is a file, not a directory
}

// readWork reads and parses a go.work; err is the go command's complaint about it.
func readWork(f *facts.Facts, file string) (*modfile.WorkFile, []workUse, []byte, error) {
	data, err := f.Host.ReadFile(file, maxModFile)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("go: reading go.work: %w", err)
	}
	wf, err := modfile.ParseWork(filepath.Base(file), data, nil)
	if err != nil {
		return nil, nil, data, fmt.Errorf("go: errors parsing go.work:\n%w", err)
	}
	base := filepath.Dir(file)
	var uses []workUse
	for _, u := range wf.Use {
		dir := filepath.FromSlash(u.Path)
		if !host.IsAbs(f.Host, dir) {
			dir = filepath.Join(base, dir)
		}
		wu := workUse{path: u.Path, dir: filepath.Clean(dir)}
		if u.Syntax != nil {
			wu.line = u.Syntax.Start.Line
		}
		if fi, err := f.Host.Stat(wu.dir); err == nil {
			wu.exists, wu.isFile = fi.IsDir(), !fi.IsDir()
		}
		gomod := filepath.Join(wu.dir, "go.mod")
		if data, err := f.Host.ReadFile(gomod, maxModFile); err == nil {
			wu.goMod = gomod
			wu.module = modfile.ModulePath(data)
		}
		uses = append(uses, wu)
	}
	return wf, uses, data, nil
}

// useDirs are the directories of a layout's go.work's use lines, or nil.
func useDirs(f *facts.Facts, l *facts.Layout) []string {
	if l.GoWork == "" {
		return nil
	}
	_, uses, _, err := readWork(f, l.GoWork)
	if err != nil {
		return nil
	}
	var dirs []string
	for _, u := range uses {
		if u.goMod != "" {
			dirs = append(dirs, u.dir)
		}
	}
	return dirs
}

func goworkFolder(f *facts.Facts, folder string) part {
	l := f.Layout(folder)
	switch {
	case l.Missing:
		return part{status: finding.Skip, title: "the workspace folder does not exist (ws.module)"}
	case l.GoWork == "" && l.HiddenWork != "":
		return hiddenWork(f, l)
	case l.GoWork == "":
		return part{status: finding.Skip, title: "no go.work"}
	}
	if !host.IsAbs(f.Host, l.GoWork) {
		return part{status: finding.Fail, title: "GOWORK is not an absolute path", ev: valueEvidence(l.GOWORK),
			detail: fmt.Sprintf("%s. Every go command fails with \"go: invalid GOWORK: not an absolute path\", and gopls loads nothing.", advice.Where(l.GOWORK)),
			fix:    advice.Unset(f, l.GOWORK, " (the go command then finds go.work by itself)")}
	}
	short := rel(folder, l.GoWork)
	wf, uses, data, err := readWork(f, l.GoWork)
	ev := []finding.Evidence{doctor.Read(l.GoWork, text.FirstLines(string(data), 20))}
	if err != nil {
		return workUnreadable(f, l, short, data, err, ev)
	}
	workDir := filepath.Dir(l.GoWork)
	problems := missingUses(short, workDir, uses)
	problems = append(problems, modulesUsedTwice(short, l.GoWork, uses)...)
	used := map[string]bool{}
	for _, u := range uses {
		used[u.dir] = true
	}
	left := leftOut(f, workDir, used)
	if here := leftHere(l, workDir, used, left); len(here) > 0 {
		// The modules left out elsewhere under the go.work's directory are not this folder's.
		problems = append(problems, folderLeftOut(short, l.GoWork, workDir, l.Folder, here))
	} else if len(left) > 0 {
		problems = append(problems, modulesLeftOut(f, short, l.GoWork, workDir, left))
	}
	if len(problems) == 0 {
		var names []string
		for _, u := range uses {
			names = append(names, u.path)
		}
		title := fmt.Sprintf("%s uses %d module(s): %s", short, len(uses), strings.Join(names, ", "))
		if wf.Go == nil && len(uses) == 0 {
			title = short + " uses no module"
		}
		return part{status: finding.OK, title: title, ev: ev}
	}
	return issues(problems, ev)
}

// workUnreadable is the failure of a go.work that cannot be read or does not parse: the go command
// stops at it.
func workUnreadable(f *facts.Facts, l *facts.Layout, short string, data []byte, err error, ev []finding.Evidence) part {
	p := part{status: finding.Fail, ev: ev, title: short + " cannot be read",
		detail: fmt.Sprintf("The go command reads the go.work before anything else and stops:\n%v\nEvery go command here fails with this message, and gopls loads nothing.", err)}
	if l.GOWORK.Source != goenv.FromDefault && strings.TrimSpace(l.GOWORK.Value) != "" {
		p.detail = advice.Where(l.GOWORK) + ".\n" + p.detail
		p.fix = advice.Unset(f, l.GOWORK, "")
	} else if data != nil {
		p.title = short + " does not parse"
		p.fix = &finding.Fix{Summary: "Correct the line(s) named in " + l.GoWork + ".", Docs: docsWorkspaces}
	}
	return p
}

// missingUses are the use lines whose directory does not exist or holds no go.mod.
func missingUses(short, workDir string, uses []workUse) []issue {
	var problems []issue
	for _, u := range uses {
		if u.goMod != "" {
			continue
		}
		clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(u.path)))
		// The go command's message (modload.loadModFile): the use path as written for a
		// directory that is missing or holds no go.mod; the absolute path for a file.
		what, opened, why := "does not exist", clean, "no such file or directory"
		switch {
		case u.exists:
			what = "holds no go.mod"
		case u.isFile:
			what, opened, why = "is a file, not a directory", filepath.ToSlash(u.dir), "not a directory"
		}
		line, act := goIn(workDir, "work", "edit", "-dropuse="+u.path)
		problems = append(problems, issue{status: finding.Fail,
			title: fmt.Sprintf("go.work uses %s, which %s", u.path, what),
			detail: fmt.Sprintf("%s:%d says `use %s`, and %s %s. Every go command in the workspace fails with:\ngo: cannot load module %s listed in go.work file: open %s/go.mod: %s\nand gopls loads nothing.",
				short, u.line, u.path, u.dir, what, clean, opened, why),
			fix: &finding.Fix{Summary: fmt.Sprintf("Remove the use line (or put the module back at %s).", u.dir), Commands: []string{line}, Actions: []finding.Action{act}, Docs: docsWorkspaces}})
	}
	return problems
}

// modulesUsedTwice are the modules that two use lines name, in module path order.
func modulesUsedTwice(short, goWork string, uses []workUse) []issue {
	byModule := map[string][]workUse{}
	for _, u := range uses {
		if u.goMod != "" && u.module != "" {
			byModule[u.module] = append(byModule[u.module], u)
		}
	}
	var problems []issue
	for _, mod := range slices.Sorted(maps.Keys(byModule)) {
		us := byModule[mod]
		if len(us) < 2 {
			continue
		}
		var paths []string
		for _, u := range us {
			paths = append(paths, u.path)
		}
		problems = append(problems, issue{status: finding.Fail,
			title: fmt.Sprintf("go.work uses module %s twice", mod),
			detail: fmt.Sprintf("%s uses %s, whose go.mod files all say `module %s`. Every go command in the workspace fails with \"go: module %s appears multiple times in workspace\", and gopls loads nothing.",
				short, strings.Join(paths, " and "), mod, mod),
			fix: &finding.Fix{Summary: "Keep one use line for the module in " + goWork + " (go work edit -dropuse=DIR), or give the copies different module paths.", Docs: docsWorkspaces}})
	}
	return problems
}

// modulesLeftOut is the finding for the modules under the go.work's directory that it does not
// use: a warning for a gopls older than v0.15, which gives their files no package; information for
// a later one, which loads each in a view of its own when a file of it is opened.
func modulesLeftOut(f *facts.Facts, short, goWork, workDir string, left []leftModule) issue {
	var names, dirs []string
	for _, m := range left {
		names = append(names, m.name)
		dirs = append(dirs, m.use)
	}
	line, act := goIn(workDir, append([]string{"work", "use"}, dirs...)...)
	is := issue{status: finding.Info,
		title: fmt.Sprintf("go.work leaves out %d module(s) under %s", len(left), workDir),
		detail: fmt.Sprintf("%s does not use %s. The go command does not build them from the workspace (go build ./... skips them); gopls (v0.15 and later) loads each in a view of its own when a file of it is opened, so it works there, but the modules of the go.work do not see its changes, nor it theirs.",
			short, strings.Join(names, ", ")),
		fix: &finding.Fix{Summary: "If they are meant to be developed together, add them to the go.work.", Commands: []string{line}, Actions: []finding.Action{act}, Docs: docsWorkspaces}}
	v, path := editorGopls(f)
	if v == "" || semver.Compare(v, zeroConfigGopls) >= 0 {
		return is
	}
	is.status = finding.Warn
	is.detail = fmt.Sprintf("%s does not use %s. The go command does not build them from the workspace (go build ./... skips them), and the editor's gopls (%s, %s; older than %s) reports on their files: \"This file is within module %q, which is not included in your workspace. To fix this problem, you can add this module to your go.work file (%s)\", with no completion or navigation there.",
		short, strings.Join(names, ", "), v, path, zeroConfigGopls, left[0].use, goWork)
	is.fix = &finding.Fix{Summary: "Add them to the go.work (or move them out of its directory if they are meant to stay apart), or update gopls.", Commands: []string{line}, Actions: []finding.Action{act}, Docs: docsWorkspaces}
	return is
}

type leftModule struct {
	name string // "./c (example.com/c)"
	use  string // "./c"
	dir  string // absolute
}

// leftHere are the modules a go.work leaves out that the folder is about, where the go command
// fails: the module that holds the folder, when the go.work does not use it
// ("current directory is contained in a module that is not one of the workspace modules listed in
// go.work"), or, for a folder in no module below the go.work's own directory, the modules under it
// ("directory prefix . does not contain modules listed in go.work"). A module merely present under
// the go.work's directory, or under a module it uses, is not the folder's: go build there builds
// what the go.work uses.
func leftHere(l *facts.Layout, workDir string, used map[string]bool, left []leftModule) (here []leftModule) {
	own := l.ModuleDir()
	folder := filepath.Clean(l.Folder)
	below := folder != filepath.Clean(workDir) && facts.Within(folder, workDir)
	found := false
	for _, m := range left {
		switch {
		case own != "" && m.dir == filepath.Clean(own):
			found = true
			here = append(here, m)
		case own == "" && below && facts.Within(m.dir, folder):
			here = append(here, m)
		}
	}
	if own != "" && !found && !used[filepath.Clean(own)] {
		// A module outside the go.work's directory, with GOWORK naming the go.work.
		here = append(here, leftModule{name: own, use: own, dir: filepath.Clean(own)})
	}
	return here
}

// folderLeftOut is the failure of a folder whose module the go.work above it leaves out: the go
// command builds, tests and runs nothing there, and neither do the editor's Run, Test and Debug.
func folderLeftOut(short, goWork, workDir, folder string, here []leftModule) issue {
	var names, dirs []string
	for _, m := range here {
		names = append(names, m.name)
		dirs = append(dirs, m.use)
	}
	line, act := goIn(workDir, append([]string{"work", "use"}, dirs...)...)
	msg := "current directory is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use ."
	what := "the module of this folder, " + names[0]
	if len(here) > 1 || filepath.Clean(here[0].dir) != folder && !facts.Within(folder, here[0].dir) {
		msg = "pattern ./...: directory prefix . does not contain modules listed in go.work or their selected dependencies"
		what = fmt.Sprintf("the module(s) of this folder: %s", strings.Join(names, ", "))
	}
	return issue{status: finding.Fail,
		title: fmt.Sprintf("%s leaves out %s: go build, test and run fail here", short, what),
		detail: fmt.Sprintf("The go command finds %s above %s and works in the workspace it lists, which does not use %s. go build, go test and go run here fail with:\n%s\n"+
			"The editor's Run, Test and Debug fail the same way (gopls v0.15 and later still load the module in a view of its own, so editing works).",
			goWork, folder, strings.Join(names, ", "), msg),
		fix: &finding.Fix{Summary: fmt.Sprintf("Add it to the go.work (or, to work on it alone, run the go command with GOWORK=off, or move it out of %s).", workDir),
			Commands: []string{line}, Actions: []finding.Action{act}, Docs: docsWorkspaces}}
}

// leftOut lists the modules under workDir (found by the bounded walk) that no use line names.
func leftOut(f *facts.Facts, workDir string, used map[string]bool) []leftModule {
	wl := f.Layout(workDir)
	mods := wl.Nested
	if root := filepath.Join(workDir, "go.mod"); wl.GoMod == root {
		mods = append([]string{root}, mods...)
	}
	var out []leftModule
	for _, m := range mods {
		dir := filepath.Dir(m)
		if used[dir] {
			continue
		}
		use := "./" + filepath.ToSlash(rel(workDir, dir))
		if dir == workDir {
			use = "."
		}
		name := use
		if data, err := f.Host.ReadFile(m, maxModFile); err == nil {
			if p := modfile.ModulePath(data); p != "" {
				name += " (" + p + ")"
			}
		}
		out = append(out, leftModule{name: name, use: use, dir: filepath.Clean(dir)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].use < out[j].use })
	return out
}

// hiddenWork judges a go.work that GOWORK keeps the go command from using.
func hiddenWork(f *facts.Facts, l *facts.Layout) part {
	v := l.GOWORK
	_, uses, _, err := readWork(f, l.HiddenWork)
	p := part{status: finding.Warn, ev: append(valueEvidence(v), finding.Evidence{File: l.HiddenWork}),
		title: fmt.Sprintf("GOWORK=%s: %s is ignored", v.Value, rel(l.Folder, l.HiddenWork))}
	if err == nil && len(uses) == 1 && uses[0].dir == l.ModuleDir() || strings.TrimSpace(v.Value) != "off" {
		// Nothing is lost, or GOWORK deliberately names another go.work.
		p.status = finding.Info
	}
	p.detail = fmt.Sprintf("%s, so the go command and gopls ignore %s", advice.Where(v), l.HiddenWork)
	if err == nil && len(uses) > 0 {
		var names []string
		for _, u := range uses {
			names = append(names, u.path)
		}
		p.detail += fmt.Sprintf(", which uses %s: each module is loaded on its own, with the versions of the others that its go.mod requires, so changes made in one are not seen in the others", strings.Join(names, ", "))
	}
	p.detail += "."
	p.fix = advice.Unset(f, v, " (the go command then finds the go.work by itself)")
	return p
}

// issue is one problem a check found in a folder.
type issue struct {
	status finding.Status
	title  string
	detail string
	fix    *finding.Fix
	cause  string
}

// issues makes one part of a folder's problems: the worst first, every detail, every fix.
func issues(list []issue, ev []finding.Evidence) part {
	sort.SliceStable(list, func(i, j int) bool { return list[i].status.Rank() < list[j].status.Rank() })
	p := part{status: list[0].status, title: list[0].title, ev: ev, cause: list[0].cause}
	if len(list) > 1 {
		p.title += fmt.Sprintf(" (and %d more problem(s))", len(list)-1)
	}
	var details []string
	var fixes []*finding.Fix
	for _, is := range list {
		d := is.detail
		if len(list) > 1 {
			d = "- " + is.title + ": " + d
		}
		details = append(details, d)
		if is.fix != nil {
			fixes = append(fixes, is.fix)
		}
		if is.status == list[0].status && is.cause != p.cause {
			p.cause = ""
		}
	}
	p.detail = strings.Join(details, "\n")
	p.fix = mergeFixes(fixes)
	return p
}

// valueEvidence shows a Go variable and where it was set.
func valueEvidence(v goenv.Value) []finding.Evidence {
	out := "from " + v.Where()
	for _, s := range v.Shadowed {
		out += fmt.Sprintf("\nalso %s=%s in %s (overridden)", s.Name, s.Value, s.Where())
	}
	return []finding.Evidence{{Command: v.Name + "=" + v.Value, Output: out}}
}
