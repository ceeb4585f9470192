package workspace

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

const docsGoSum = "https://go.dev/ref/mod#go-sum-files"

// moduleProblem is the kind of a module error of the go command.
type moduleProblem string

const (
	modNone     moduleProblem = ""
	modSum      moduleProblem = "missing go.sum entry"
	modOff      moduleProblem = "GOPROXY=off"
	modVerify   moduleProblem = "checksum"
	modNetwork  moduleProblem = "network"
	modNotFound moduleProblem = "not found"
	modNewerGo  moduleProblem = "needs a newer Go"
)

// moduleProblems are the go command's messages of each module problem, in the order a message
// is classified: a message that says several things is the first problem's.
var moduleProblems = []struct {
	kind  moduleProblem
	kinds []gocmd.Kind
}{
	{modSum, []gocmd.Kind{gocmd.MissingGoSum}},
	{modOff, []gocmd.Kind{gocmd.GOPROXYOff}},
	{modVerify, []gocmd.Kind{gocmd.ChecksumMismatch, gocmd.Verifying, gocmd.SumDBOff}},
	{modNetwork, []gocmd.Kind{gocmd.ProxyConnect, gocmd.DNS, gocmd.TLS, gocmd.ConnRefused, gocmd.Unreachable}},
	{modNotFound, []gocmd.Kind{gocmd.UnknownRevision, gocmd.NoMatchingVersions, gocmd.InvalidVersion, gocmd.MalformedModulePath,
		gocmd.UnrecognizedImportPath}},
	{modNewerGo, []gocmd.Kind{gocmd.TooNew, gocmd.Switching, gocmd.WorkTooOld}},
}

// classifyModuleError says which module problem a go command message is about, or modNone for
// one that is about packages.
func classifyModuleError(msg string) moduleProblem { return moduleProblemOf(gocmd.Parse(msg)) }

func moduleProblemOf(cs gocmd.Causes) moduleProblem {
	for _, p := range moduleProblems {
		if cs.Has(p.kinds...) || p.kind == modNotFound && notFoundStatus(cs) {
			return p.kind
		}
	}
	return modNone
}

// notFoundStatus reports whether a module proxy answered that it does not have the module or
// version: 404 Not Found or 410 Gone.
func notFoundStatus(cs gocmd.Causes) bool {
	for _, c := range cs.All(gocmd.HTTPStatus) {
		if c.Code == 404 || c.Code == 410 {
			return true
		}
	}
	return false
}

// precheck returns the part of a go-command check for a folder where the go command cannot be
// asked: missing, not a module, modules off. nil means go ahead.
func precheck(f *facts.Facts, l *facts.Layout) *part {
	switch {
	case l.Missing:
		return &part{status: finding.Skip, title: "the workspace folder does not exist (ws.module)"}
	case l.GoMod == "" && l.GoWork == "" && len(l.Nested) == 0:
		return &part{status: finding.Skip, title: "not a module (ws.module)"}
	}
	if v := f.Value("GO111MODULE"); strings.TrimSpace(v.Value) == "off" {
		return &part{status: finding.Fail, cause: "env.go111module", title: "GO111MODULE=off: the go command ignores go.mod",
			detail: advice.Where(v) + ". The go command and gopls work in GOPATH mode and see no module here."}
	}
	return nil
}

// units are a folder's loads, with a note when some nested modules are not loaded.
func units(f *facts.Facts, l *facts.Layout) ([]facts.Unit, string) {
	us, skipped := l.Units(useDirs(f, l))
	note := ""
	if skipped > 0 {
		note = fmt.Sprintf("%d more nested module(s) not loaded.", skipped)
	}
	return us, note
}

func depsFolder(f *facts.Facts, folder string) part {
	l := f.Layout(folder)
	if p := precheck(f, l); p != nil {
		return *p
	}
	us, note := units(f, l)
	if len(us) == 0 {
		return part{status: finding.Skip, title: "no module of the workspace is under this folder (ws.gowork)"}
	}
	mls := make([]*facts.ModuleLoad, len(us))
	var wg sync.WaitGroup
	for i, u := range us {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mls[i] = f.Modules(u.Dir)
		}()
	}
	pls := f.LoadAll(us)
	wg.Wait()
	var list []issue
	var ev []finding.Evidence
	modules, vendored := 0, 0
	for i, u := range us {
		is, n, v, e := judgeDeps(f, u, mls[i], pls[i])
		list = append(list, is...)
		ev = append(ev, e...)
		modules += n
		if v {
			vendored++
		}
	}
	if len(list) > 0 {
		p := issues(list, ev)
		if note != "" {
			p.detail += "\n" + note
		}
		return p
	}
	title := fmt.Sprintf("%d dependenc(y/ies) in the build list, all available", modules)
	if modules == 0 {
		title = "no dependencies"
	}
	if vendored > 0 {
		title = "dependencies come from vendor/, consistent with go.mod"
		if n := vendorModules(f, us[0].Dir); n >= 0 {
			title = fmt.Sprintf("dependencies come from vendor/ (%d module(s)), consistent with go.mod", n)
		}
	}
	return part{status: finding.OK, title: title, ev: ev, detail: note}
}

// judgeDeps judges the module graph of one load. It returns the issues, the number of
// dependencies listed, whether the module is vendored, and the evidence.
func judgeDeps(f *facts.Facts, u facts.Unit, ml *facts.ModuleLoad, pl *facts.PackageLoad) ([]issue, int, bool, []finding.Evidence) {
	ev := []finding.Evidence{ran(ml.Result)}
	if !ml.Result.OK() {
		is, vendored := graphFailure(f, u, ml, pl)
		if !vendored {
			return is, 0, false, ev
		}
		if is != nil {
			return is, 0, true, ev
		}
		ev = append(ev, ran(pl.Result))
		if pmsg := goMessage(pl.Result); !pl.Result.OK() && gocmd.Parse(pmsg).Has(gocmd.InconsistentVendoring) {
			return []issue{vendoringIssue(f, u.Dir, pmsg)}, 0, true, ev
		}
		return nil, 0, true, ev
	}
	byKind, firstMsg, deps := moduleErrors(ml)
	// Module errors of the package load: go.sum entries are checked there, not by go list -m.
	if pl.Result.OK() {
		packageModuleErrors(pl, byKind, firstMsg)
		if len(pl.Errors) > 0 {
			ev = append(ev, ran(pl.Result))
		}
	}
	var list []issue
	for _, kind := range []moduleProblem{modSum, modOff, modVerify, modNetwork, modNotFound, modNewerGo, modNone} {
		if names := byKind[kind]; len(names) > 0 {
			list = append(list, moduleIssue(f, u, kind, names, firstMsg[kind]))
		}
	}
	return list, deps, false, ev
}

// graphFailure judges a go list -m all that failed: the issues, and whether the module is
// vendored. A vendored module without issues is judged by its package load (go list -m all
// cannot use the vendor directory).
func graphFailure(f *facts.Facts, u facts.Unit, ml *facts.ModuleLoad, pl *facts.PackageLoad) ([]issue, bool) {
	msg := goMessage(ml.Result)
	cs := gocmd.Parse(msg)
	switch {
	case cs.Has(gocmd.VendorAll):
		return nil, true
	case cs.Has(gocmd.InconsistentVendoring):
		return []issue{vendoringIssue(f, u.Dir, msg)}, true
	case cs.Has(gocmd.GoModUpdates) && pl.Result.OK():
		return []issue{{status: finding.Warn, title: "go.mod is not tidy: go list -m all wants to update it",
			detail: fmt.Sprintf("%s fails:\n%s\nBuilds and gopls still work (they do not load the whole module graph), but go list -m all, go mod why and go mod graph fail until go.mod is tidied.", ml.Result.Cmd.String(), msg),
			fix:    goFix("Tidy go.mod.", docsModules, u.Dir, []string{"mod", "tidy"})}}, false
	}
	p := loadFailure(f, ml.Result, "the module graph of "+u.Dir)
	if p.cause == "ws.deps" { // this check's own
		p.cause = ""
		if moduleProblemOf(cs) == modNetwork {
			p.cause = "net.goproxy"
		}
	}
	return []issue{{status: p.status, title: p.title, detail: p.detail, fix: p.fix, cause: p.cause}}, false
}

// moduleErrors groups the modules of the graph that have errors by problem, with the first
// message of each problem, and counts the dependencies.
func moduleErrors(ml *facts.ModuleLoad) (map[moduleProblem][]string, map[moduleProblem]string, int) {
	byKind := map[moduleProblem][]string{}
	firstMsg := map[moduleProblem]string{}
	deps := 0
	for _, m := range ml.Modules {
		if !m.Main {
			deps++
		}
		if m.Error == nil {
			continue
		}
		kind := classifyModuleError(m.Error.Err)
		name := m.Path
		if m.Version != "" {
			name += "@" + m.Version
		}
		byKind[kind] = append(byKind[kind], name)
		if firstMsg[kind] == "" {
			firstMsg[kind] = m.Error.Err
		}
	}
	return byKind, firstMsg, deps
}

// packageModuleErrors adds the module errors of the package load to byKind and firstMsg: a
// problem the graph already shows is not repeated, except missing go.sum entries (which only the
// package load checks).
func packageModuleErrors(pl *facts.PackageLoad, byKind map[moduleProblem][]string, firstMsg map[moduleProblem]string) {
	for _, e := range pl.Errors {
		cs := gocmd.Parse(e.Err)
		kind := moduleProblemOf(cs)
		if kind == modNone || len(byKind[kind]) > 0 && kind != modSum {
			continue
		}
		name := providing(cs, e.Err)
		if !contains(byKind[kind], name) {
			byKind[kind] = append(byKind[kind], name)
		}
		if firstMsg[kind] == "" {
			firstMsg[kind] = positioned(e)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// providing names what a go.sum or download error is about: the package it names, else the
// module (with its version), else its first line.
func providing(cs gocmd.Causes, msg string) string {
	for _, c := range cs {
		if c.Package != "" {
			return c.Package
		}
	}
	for _, c := range cs {
		if c.Module != "" {
			return c.ModuleVersion()
		}
	}
	return text.FirstLine(msg)
}

// positioned is a package error as the go command prints it: "main.go:3:8: message".
func positioned(e facts.PackageError) string {
	if e.Pos != "" {
		return e.Pos + ": " + e.Err
	}
	return e.Err
}

// listNames is a list for a sentence, at most eight names.
func listNames(names []string) string {
	sort.Strings(names)
	if len(names) > 8 {
		return strings.Join(names[:8], ", ") + fmt.Sprintf(" and %d more", len(names)-8)
	}
	return strings.Join(names, ", ")
}

func moduleIssue(f *facts.Facts, u facts.Unit, kind moduleProblem, names []string, msg string) issue {
	list := listNames(names)
	switch kind {
	case modSum:
		return issue{status: finding.Fail,
			title: fmt.Sprintf("go.sum is missing entries for %d package(s) or module(s)", len(names)),
			detail: fmt.Sprintf("go.sum has no checksum for the modules that provide %s, so the go command refuses to use them:\n%s\nBuilds fail the same way, and gopls marks the imports and go.mod: \"go.sum is out of sync with go.mod\".",
				list, msg),
			fix: goFix("Add the missing entries: go mod tidy (it needs the modules in the module cache or a reachable GOPROXY).", docsGoSum, u.Dir, []string{"mod", "tidy"})}
	case modOff:
		proxy := f.Value("GOPROXY")
		return issue{status: finding.Fail,
			title: fmt.Sprintf("%d module(s) are not in the module cache, and GOPROXY=off forbids downloading them", len(names)),
			detail: fmt.Sprintf("%s. The go command needs %s and answers:\n%s\ngopls shows \"%s has not been downloaded\" on go.mod and cannot resolve the imports they provide.",
				advice.Where(proxy), list, msg, names[0]),
			fix: downloadFix(f, proxy, u.Dir)}
	case modVerify:
		return issue{status: finding.Fail,
			title:  fmt.Sprintf("checksums do not match for %s", list),
			detail: fmt.Sprintf("The go command refuses modules whose content does not match go.sum or the checksum database:\n%s\nThis is either a corrupted module cache or a module that changed after it was published; the editor shows the same error on the imports.", msg),
			fix: &finding.Fix{Summary: "Clean the affected module from the cache and download it again (go clean -modcache clears the whole cache), then check the go.sum lines of the module against upstream.",
				Commands: []string{fmt.Sprintf("go -C %s mod verify", shell.Quote(u.Dir))}, Docs: docsGoSum}}
	case modNetwork:
		return issue{status: finding.Fail, cause: "net.goproxy",
			title:  fmt.Sprintf("%d module(s) cannot be downloaded: the network fails", len(names)),
			detail: fmt.Sprintf("The go command cannot fetch %s:\n%s\ngopls cannot resolve the imports they provide until it can.", list, msg),
			fix:    goFix("Once the proxy can be reached, download the modules.", advice.DocsGoProxy, u.Dir, []string{"mod", "download"})}
	case modNotFound:
		return issue{status: finding.Fail,
			title:  fmt.Sprintf("%d module(s) cannot be found where go.mod says", len(names)),
			detail: fmt.Sprintf("The go command cannot download %s:\n%s\nA version that does not exist (a typo, a deleted tag, a private repository without GOPRIVATE) fails the whole build; gopls shows the error on go.mod.", list, msg),
			fix: &finding.Fix{Summary: "Require a version that exists (go get module@latest), or set GOPRIVATE for private modules.",
				Commands: []string{fmt.Sprintf("go -C %s get %s@latest", shell.Quote(u.Dir), modulePathOf(names[0]))}, Docs: advice.DocsPrivate}}
	case modNewerGo:
		return issue{status: finding.Fail,
			title:  fmt.Sprintf("%s needs a newer Go", list),
			detail: fmt.Sprintf("The go command answers:\n%s\ngopls shows the same error and loads nothing.", msg),
			fix:    &finding.Fix{Summary: "Upgrade Go, or let the go command download the toolchain (GOTOOLCHAIN=auto), or require an older version of the module.", Commands: []string{"go env -w GOTOOLCHAIN=auto"}, Docs: advice.DocsToolchain}}
	}
	return issue{status: finding.Fail,
		title:  fmt.Sprintf("%d module(s) report errors", len(names)),
		detail: fmt.Sprintf("go list -m reports errors for %s:\n%s", list, msg),
		fix:    goFix("Bring go.mod and go.sum in line with the code.", docsModules, u.Dir, []string{"mod", "tidy"})}
}

// downloadFix lets the go command download again (GOPROXY=off only reads the module cache), then
// downloads the modules.
func downloadFix(f *facts.Facts, proxy goenv.Value, dir string) *finding.Fix {
	fix := advice.Unset(f, proxy, " (the default, https://proxy.golang.org,direct, downloads modules)")
	if fix == nil {
		fix = &finding.Fix{Summary: "Set GOPROXY to a proxy that can reach the modules."}
	}
	line, act := goIn(dir, "mod", "download")
	fix.Summary += " Then download the modules once; with them in the module cache, GOPROXY=off works again."
	fix.Commands = append(fix.Commands, line)
	fix.Actions = append(fix.Actions, act)
	fix.Docs = advice.DocsGoProxy
	return fix
}

func modulePathOf(name string) string {
	p, _, _ := strings.Cut(name, "@")
	return p
}

func vendoringIssue(f *facts.Facts, dir, msg string) issue {
	if v := f.Value("GOFLAGS"); goenv.GoflagsModMode(v.Value) == "vendor" && vendorModules(f, dir) < 0 {
		return issue{status: finding.Fail,
			title:  "GOFLAGS=-mod=vendor, and this module has no vendor directory",
			detail: fmt.Sprintf("%s makes the go command build from vendor/, which does not exist here, so it fails:\n%s\nEvery build and list fails, and gopls shows on go.mod: \"Inconsistent vendoring detected. Please re-run \\\"go mod vendor\\\".\"", advice.Where(v), msg),
			fix:    advice.Unset(f, v, " (the go command uses vendor/ by itself when there is one)"), cause: "env.goflags"}
	}
	return issue{status: finding.Fail,
		title:  "vendor/modules.txt is out of step with go.mod (inconsistent vendoring)",
		detail: fmt.Sprintf("With a vendor directory the go command builds from vendor/ and first checks it against go.mod; it fails:\n%s\nEvery build, test and list fails, and gopls shows on go.mod: \"Inconsistent vendoring detected. Please re-run \\\"go mod vendor\\\".\"", msg),
		fix:    goFix("Bring vendor/ in line with go.mod (or delete vendor/ to build from the module cache).", "https://go.dev/ref/mod#vendoring", dir, []string{"mod", "vendor"})}
}

// vendorModules counts the modules vendor/modules.txt lists, or -1 when there is none.
func vendorModules(f *facts.Facts, dir string) int {
	data, err := f.Host.ReadFile(filepath.Join(dir, "vendor", "modules.txt"), maxModFile)
	if err != nil {
		return -1
	}
	n := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("# ")) && !bytes.HasPrefix(line, []byte("## ")) {
			n++
		}
	}
	return n
}
