package workspace

import (
	"bytes"
	"fmt"
	"go/version"
	"net/url"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/text"
)

// directive is a go or toolchain line as the go command reads it before parsing the file
// (cmd/go/internal/gover.GoModLookup): the first line that starts with the keyword and a space,
// without its comment.
type directive struct {
	value string
	line  int // 1-based; 0 when there is no such line
}

// lookupDirective finds the key line of a go.mod or go.work.
func lookupDirective(data []byte, key string) directive {
	n := 0
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		n++
		s := strings.TrimSpace(string(line))
		rest, ok := strings.CutPrefix(s, key)
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		rest, _, _ = strings.Cut(rest, "//")
		return directive{value: strings.TrimSpace(rest), line: n}
	}
	return directive{}
}

// gv turns a go.mod version ("1.22.0") into a go/version one ("go1.22.0").
func gv(v string) string { return "go" + v }

// cmpGo compares two go.mod versions; an invalid version sorts before every valid one, as in the go command.
func cmpGo(a, b string) int { return version.Compare(gv(a), gv(b)) }

// isLang reports whether v is a language version ("1.22", not "1.22.0").
func isLang(v string) bool { return version.IsValid(gv(v)) && version.Lang(gv(v)) == gv(v) }

// toolchainVersion is the version a toolchain name stands for ("go1.22.3" -> "1.22.3"), or ""
// (cmd/go/internal/gover.FromToolchain).
func toolchainVersion(name string) string {
	if strings.ContainsAny(name, `\/`) || !strings.HasPrefix(name, "go") {
		return ""
	}
	v := name[2:]
	if i := strings.IndexAny(v, " \t-"); i >= 0 {
		v = v[:i]
	}
	if !version.IsValid(gv(v)) {
		return ""
	}
	return v
}

// selection is the toolchain the go command picks in a directory, as cmd/go/internal/toolchain.Select
// picks it from GOTOOLCHAIN and the go and toolchain lines.
type selection struct {
	gotoolchain string // the setting
	mode        string // "" (no switching for the workspace), "auto" or "path"
	running     string // the version run when no switch happens ("1.26.8")
	// target is the toolchain the go command switches to ("go1.99.0"), "" for none, and reason
	// the line that asks for it ("go line", "toolchain line").
	target, reason string
	// fatal is the go command's own message when selecting fails before anything runs.
	fatal string
	// pinned is set when the file says `toolchain default`: no switching for it.
	pinned bool
}

// selectToolchain mirrors the go command's choice of toolchain. local is the local go's version
// ("1.26.8"), gotoolchain the setting ("" when set nowhere: no switching), file the go.mod or
// go.work it reads (as the go command names it), goLine and toolchainLine its lines.
func selectToolchain(local, gotoolchain, file, goLine, toolchainLine string) selection {
	s := selection{gotoolchain: gotoolchain, running: local}
	minName := "go" + local
	switch gotoolchain {
	case "":
		return s
	case "auto", "path":
		s.mode = gotoolchain
	default:
		min, suffix, _ := strings.Cut(gotoolchain, "+")
		if min != "local" {
			if v := toolchainVersion(min); v != "" {
				s.running, minName = v, min
			}
		}
		s.mode = suffix
	}
	if s.mode != "auto" && s.mode != "path" {
		s.mode = ""
		return s
	}
	minVers := s.running
	s.pinned = toolchainLine == "default"
	if toolchainLine != "" && !s.pinned {
		tv := toolchainVersion(toolchainLine)
		if tv == "" {
			s.fatal = fmt.Sprintf("go: invalid toolchain %q in %s", toolchainLine, file)
			return s
		}
		if cmpGo(tv, minVers) > 0 {
			s.target, s.reason, minVers = toolchainLine, "toolchain line", tv
		}
	}
	if toolchainLine != "default" && cmpGo(goLine, minVers) > 0 {
		s.target, s.reason = "go"+goLine, "go line"
		if isLang(goLine) && cmpGo(goLine, "1.21") >= 0 {
			s.target += ".0"
		}
	}
	if s.target == minName {
		s.target = ""
	}
	return s
}

// tooNew is the go command's message when a go line is newer than the go that runs
// (cmd/go/internal/gover.TooNewError), or "" when it is not.
func (s selection) tooNew(file, goLine string) string {
	running := s.running
	if s.target != "" {
		running = toolchainVersion(s.target)
	}
	if goLine == "" || cmpGo(goLine, running) <= 0 {
		return ""
	}
	explain := ""
	if s.gotoolchain != "" && s.gotoolchain != "auto" {
		explain = "; GOTOOLCHAIN=" + s.gotoolchain
	}
	if s.pinned {
		explain += "; " + file + " sets toolchain default"
	}
	return fmt.Sprintf("go: %s requires go >= %s (running go %s%s)", file, goLine, running, explain)
}

// governing is the file whose go and toolchain lines the go command reads in a folder.
type governing struct {
	path, short string
	data        []byte
	work        bool
}

func directiveFolder(f *facts.Facts, folder string) part {
	l := f.Layout(folder)
	if l.Missing {
		return part{status: finding.Skip, title: "the workspace folder does not exist (ws.module)"}
	}
	g := governing{path: l.GoWork, work: true}
	if g.path == "" {
		g = governing{path: l.GoMod}
	}
	if g.path == "" {
		return part{status: finding.Skip, title: "no go.mod or go.work here (ws.module)"}
	}
	g.short = rel(folder, g.path)
	data, err := f.Host.ReadFile(g.path, maxModFile)
	if err != nil {
		return part{status: finding.Skip, title: "cannot read " + g.short + " (ws.module, ws.gowork)", detail: err.Error()}
	}
	g.data = data
	local, from := f.LocalGo()
	if local == "" {
		return part{status: finding.Skip, title: "the local go's release is unknown", detail: "Neither the go binary's build info nor its GOROOT's VERSION file says which release it is."}
	}
	local = strings.TrimPrefix(local, "go")
	goLine, toolLine := lookupDirective(data, "go"), lookupDirective(data, "toolchain")
	gotc := f.Value("GOTOOLCHAIN")
	ev := []finding.Evidence{
		doctor.Read(g.path, directiveExcerpt(goLine, toolLine)),
		{Command: "go version (the local go, read without running it)", Output: fmt.Sprintf("go%s (from %s)", local, from)},
	}
	ev = append(ev, valueEvidence(gotc)...)

	// In the go command's order: a file that does not parse, the toolchain selection, then what
	// loading the module finds.
	if list := malformedLines(g, goLine, toolLine); len(list) > 0 {
		return issues(list, ev)
	}
	if g.work {
		// The go command reads go.work as ParseWork does, with no fixer (modload.ReadWorkFile):
		// a file it rejects (a repeated go line, an unknown directive) fails every go command
		// here whatever its go line says; ws.gowork names the error.
		if _, err := modfile.ParseWork(g.path, data, nil); err != nil {
			return part{status: finding.Skip, ev: ev, title: g.short + " does not parse (ws.gowork)", detail: text.FirstLine(err.Error())}
		}
	}
	sel := selectToolchain(local, strings.TrimSpace(gotc.Value), g.short, goLine.value, toolLine.value)
	is, more := judgeSelection(f, folder, g, sel, goLine, gotc)
	ev = append(ev, more...)
	if is != nil && is.status == finding.Fail {
		return issues([]issue{*is}, ev)
	}
	var list []issue
	if is != nil {
		list = append(list, *is)
	}
	list = append(list, lineProblems(f, g, goLine, toolLine)...)
	if g.work {
		list = append(list, workModules(f, folder, g, goLine)...)
	}
	if len(list) > 0 {
		return issues(list, ev)
	}
	title := fmt.Sprintf("go %s (%s); go%s satisfies it", goLine.value, g.short, local)
	if sel.target != "" {
		title = fmt.Sprintf("go %s (%s): the go command switches to %s", goLine.value, g.short, sel.target)
	}
	return part{status: finding.OK, title: title, ev: ev}
}

func directiveExcerpt(goLine, toolLine directive) string {
	var out []string
	if goLine.line > 0 {
		out = append(out, fmt.Sprintf("%d: go %s", goLine.line, goLine.value))
	} else {
		out = append(out, "(no go line)")
	}
	if toolLine.line > 0 {
		out = append(out, fmt.Sprintf("%d: toolchain %s", toolLine.line, toolLine.value))
	}
	return strings.Join(out, "\n")
}

// malformedLines judges the syntax of the go and toolchain lines: the go command stops at a
// file that does not parse.
func malformedLines(g governing, goLine, toolLine directive) []issue {
	kind := "go.mod"
	if g.work {
		kind = "go.work"
	}
	var out []issue
	if goLine.line > 0 && !modfile.GoVersionRE.MatchString(goLine.value) {
		out = append(out, issue{status: finding.Fail,
			title: fmt.Sprintf("the go line of %s is malformed: %q", g.short, goLine.value),
			detail: fmt.Sprintf("Every go command here fails with:\ngo: errors parsing %s:\n%s:%d: invalid go version '%s': must match format 1.23.0\nand gopls shows the same error on %s and loads nothing.",
				g.short, g.short, goLine.line, goLine.value, kind),
			fix: &finding.Fix{Summary: fmt.Sprintf("Write a Go version on line %d of %s: `go %s`. (go mod edit cannot fix a file that does not parse.)", goLine.line, g.path, repairVersion(goLine.value)), Docs: docsModules}})
	}
	if toolLine.line > 0 && !modfile.ToolchainRE.MatchString(toolLine.value) {
		out = append(out, issue{status: finding.Fail,
			title: fmt.Sprintf("the toolchain line of %s is malformed: %q", g.short, toolLine.value),
			detail: fmt.Sprintf("Every go command here fails with:\ngo: errors parsing %s:\n%s:%d: invalid toolchain version '%s': must match format go1.23.0 or default\n(with GOTOOLCHAIN=auto: \"go: invalid toolchain %q in %s\"), and gopls loads nothing.",
				g.short, g.short, toolLine.line, toolLine.value, toolLine.value, g.short),
			fix: &finding.Fix{Summary: fmt.Sprintf("Delete line %d of %s (or write a toolchain name such as go%s there).", toolLine.line, g.path, strings.TrimSuffix(repairVersion(goLine.value), ".0")+".0"), Docs: advice.DocsToolchain}})
	}
	return out
}

// lineProblems judges well-formed go and toolchain lines: missing, a toolchain line the go
// command rewrites or ignores.
func lineProblems(f *facts.Facts, g governing, goLine, toolLine directive) []issue {
	dir := filepath.Dir(g.path)
	var out []issue
	if goLine.line == 0 {
		local, _ := f.LocalGo()
		lang := strings.TrimPrefix(version.Lang(local), "go")
		assumed := "1.16"
		if g.work {
			assumed = goWorkDefault
		}
		out = append(out, issue{status: finding.Info,
			title: fmt.Sprintf("%s has no go line: the go command assumes go %s", g.short, assumed),
			detail: fmt.Sprintf("Without a go line, code in %s is compiled as Go %s: generics, loop variables per iteration and newer library features are errors, e.g. \"type parameter requires go1.18 or later (-lang was set to go1.16; check go.mod)\", and gopls reports the same.",
				dir, assumed),
			fix: goFix("Declare the Go version the code is written for.", docsModules, dir, kindEdit(g.work, "-go="+lang+".0"))})
		return out
	}
	if toolLine.line == 0 || g.work {
		return out
	}
	tv := toolchainVersion(toolLine.value)
	switch {
	case toolLine.value == "go"+goLine.value || toolLine.value == "default" || cmpGo(tv, "1.21") < 0:
		out = append(out, issue{status: finding.Fail,
			title: fmt.Sprintf("%s: `toolchain %s` is a line the go command insists on removing", g.short, toolLine.value),
			detail: fmt.Sprintf("With go %s, the line `toolchain %s` (%s:%d) says nothing the go line does not (or names no toolchain), so the go command wants to drop it, and with -mod=readonly — the default, and what gopls runs — every build and list fails with:\ngo: updates to go.mod needed; to update it:\n\tgo mod tidy",
				goLine.value, toolLine.value, g.short, toolLine.line),
			fix: goFix("Drop the toolchain line.", advice.DocsToolchain, dir, []string{"mod", "edit", "-toolchain=none"})})
	case cmpGo(tv, goLine.value) < 0:
		out = append(out, issue{status: finding.Info,
			title:  fmt.Sprintf("%s: `toolchain %s` is older than `go %s` and has no effect", g.short, toolLine.value, goLine.value),
			detail: "The go command never runs a toolchain older than the go line, so the toolchain line is ignored; `go list -m all` (and go mod commands) report \"go: updates to go.mod needed\" until go mod tidy removes it. Builds and gopls are not affected.",
			fix:    goFix("Drop the toolchain line.", advice.DocsToolchain, dir, []string{"mod", "edit", "-toolchain=none"})})
	}
	return out
}

// kindEdit is the edit command for a go.mod or go.work with one flag.
func kindEdit(work bool, flag string) []string {
	if work {
		return []string{"work", "edit", flag}
	}
	return []string{"mod", "edit", flag}
}

// repairVersion proposes a valid go line for a malformed one: its longest valid prefix of up to
// three numbers ("1.22.0.1" -> "1.22.0"), else "1.22.0"-like from its first two.
func repairVersion(v string) string {
	parts := strings.Split(strings.TrimPrefix(v, "go"), ".")
	for n := min(3, len(parts)); n >= 2; n-- {
		cand := strings.Join(parts[:n], ".")
		if modfile.GoVersionRE.MatchString(cand) {
			if n == 2 {
				cand += ".0"
			}
			return cand
		}
	}
	return "1.21.0"
}

// judgeSelection decides whether the toolchain the go command picks for the folder can run its
// go line: nil when it can (the evidence still says how).
func judgeSelection(f *facts.Facts, folder string, g governing, sel selection, goLine directive, gotc goenv.Value) (*issue, []finding.Evidence) {
	dir := filepath.Dir(g.path)
	switch {
	case sel.fatal != "":
		return &issue{status: finding.Fail, title: sel.fatal,
			detail: fmt.Sprintf("With %s, every go command here (go env and go version too) fails with:\n%s\nand gopls cannot start the go command at all.", advice.Where(gotc), sel.fatal),
			fix:    goFix("Drop the toolchain line, or write a toolchain name such as go1.23.0.", advice.DocsToolchain, dir, []string{"mod", "edit", "-toolchain=none"})}, nil
	case sel.target == "":
		return notSwitching(f, g, sel, goLine, gotc), nil
	}
	s := &toolchainSwitch{f: f, folder: folder, g: g, sel: sel, dir: dir, target: sel.target, osArch: goTarget(f),
		why: fmt.Sprintf("The %s of %s asks for %s and %s lets the go command switch", sel.reason, g.short, sel.target, advice.Where(gotc))}
	if is, ev, found := s.local(); found {
		return is, ev
	}
	return s.download()
}

// notSwitching judges a go line the go command will not switch toolchains for: nil when the go
// that runs satisfies it.
func notSwitching(f *facts.Facts, g governing, sel selection, goLine directive, gotc goenv.Value) *issue {
	msg := sel.tooNew(g.short, goLine.value)
	if msg == "" {
		return nil
	}
	dir := filepath.Dir(g.path)
	where, what := "GOTOOLCHAIN is set nowhere, so the go command never switches toolchains", "GOTOOLCHAIN"
	switch {
	case sel.pinned:
		where, what = fmt.Sprintf("its `toolchain default` line tells the go command to run the default toolchain (%s, from %s) and never switch", "go"+sel.running, advice.Where(gotc)), "`toolchain default`"
	case sel.gotoolchain != "":
		where = advice.Where(gotc) + ", so the go command will not switch to a newer toolchain"
	}
	is := &issue{status: finding.Fail,
		title: fmt.Sprintf("%s needs go %s; %s lets only go %s run", g.short, goLine.value, what, sel.running),
		detail: fmt.Sprintf("%s says `go %s` and %s. Every go command that loads this workspace fails with:\n%s\ngopls shows that error and loads no package: no completion, no diagnostics, imports unresolved.",
			g.short, goLine.value, where, msg)}
	lower := kindEdit(g.work, "-go="+sel.running)
	if !isReleased(f, "go"+goLine.value) {
		// No Go release gomedic knows is that new: downloading cannot help.
		is.fix = goFix(fmt.Sprintf("go %s is newer than any Go release gomedic knows (%s), so no toolchain can be downloaded for it: lower the go line to the release you run, if the code does not need more.",
			goLine.value, f.NewestGo()), advice.DocsToolchain, dir, lower)
		return is
	}
	is.fix = advice.Set(f, "GOTOOLCHAIN", "auto", fmt.Sprintf(" so the go command downloads go%s when a module asks for it (or install Go %s, or lower the go line with `go -C %s %s` if the code does not need the newer release)",
		goLine.value, goLine.value, dir, strings.Join(lower, " ")))
	is.fix.Docs = advice.DocsToolchain
	return is
}

// toolchainSwitch is a switch the go command makes in a folder, to target.
type toolchainSwitch struct {
	f      *facts.Facts
	folder string
	g      governing
	sel    selection
	dir    string // the governing file's directory
	target string // "go1.99.0"
	osArch string // "linux-amd64", as the toolchain module's version names it
	why    string // the line that asks for target, and the GOTOOLCHAIN that allows switching
}

// local looks for target where the go command finds it without a download: on PATH, then (but
// with GOTOOLCHAIN=path) in the module cache; one it finds is run, as the go command would run
// it. found is false when it must be downloaded.
func (s *toolchainSwitch) local() (is *issue, ev []finding.Evidence, found bool) {
	f, target := s.f, s.target
	if p, err := host.LookPath(f.Host, target, f.Host.Env().Get("PATH"), f.Host.Env().Get("PATHEXT")); err == nil {
		is, ev := s.runOnPath(p)
		return is, ev, true
	}
	if s.sel.mode == "path" {
		msg := fmt.Sprintf("go: cannot find %q in PATH", target)
		return &issue{status: finding.Fail, title: msg,
			detail: fmt.Sprintf("%s, but only to a %s found on PATH (GOTOOLCHAIN=path), and there is none. Every go command here fails with:\n%s\nand gopls loads nothing.", s.why, target, msg),
			fix: &finding.Fix{Summary: fmt.Sprintf("Install %s on PATH (go install golang.org/dl/%s@latest && %s download), or allow downloads with GOTOOLCHAIN=auto.", target, target, target),
				Commands: []string{"go install golang.org/dl/" + target + "@latest", target + " download"}, Docs: advice.DocsToolchain}}, nil, true
	}
	if root := s.cached(); root != "" {
		if is, ev := s.ranHere(); is != nil || ev != nil {
			return is, ev, true
		}
		is, ev := s.runCached(root)
		return is, ev, true
	}
	return nil, nil, false
}

// cached is the directory of target in the module cache when the go command takes it as
// downloaded (modfetch.DownloadDir: the directory, its bin/go and the zip's hash, no .partial
// file), else "".
func (s *toolchainSwitch) cached() string {
	f := s.f
	cache := f.ModCache()
	if cache == "" {
		return ""
	}
	vers := "v0.0.1-" + s.target + "." + s.osArch
	root := filepath.Join(cache, "golang.org", "toolchain@"+vers)
	dl := filepath.Join(cache, "cache", "download", "golang.org", "toolchain", "@v", vers)
	if !host.Executable(f.Host, filepath.Join(root, "bin", "go"), host.Exts(f.Host, f.Host.Env().Get("PATHEXT"))) {
		return ""
	}
	if _, err := f.Host.Stat(dl + ".ziphash"); err != nil {
		return ""
	}
	if _, err := f.Host.Stat(dl + ".partial"); err == nil {
		return ""
	}
	return root
}

// ranHere is the verdict of the run's go env when it ran in the folder checked: it went through
// the switch, so it shows whether the switch works (nil, nil when it did not run here or failed
// for another reason).
func (s *toolchainSwitch) ranHere() (*issue, []finding.Evidence) {
	f := s.f
	if filepath.Clean(s.folder) != filepath.Clean(f.Dir) {
		return nil, nil
	}
	env := f.GoEnv()
	if env == nil || env.Result == nil {
		return nil, nil
	}
	if env.OK() {
		return nil, []finding.Evidence{doctor.Ran(env.Result)}
	}
	ev := []finding.Evidence{doctor.Ran(env.Result)}
	if !gocmd.Parse(env.Result.Output()).Has(switchFailures...) {
		return nil, nil
	}
	msg := goMessage(env.Result)
	if strings.Contains(msg, ": verifying module: ") {
		return s.unverified(msg), ev
	}
	return s.cannot(msg, "", ev)
}

// unverified is the issue of a toolchain the go command has in the module cache but cannot
// verify: it checks every toolchain against the checksum database before running it (the lookup
// is cached beside the module after a download), and GOSUMDB=off does not exempt it.
func (s *toolchainSwitch) unverified(msg string) *issue {
	return &issue{status: finding.Fail, title: fmt.Sprintf("%s, and the copy in the module cache cannot be verified", s.needs()),
		detail: fmt.Sprintf("%s. The go command finds %s in the module cache, but it verifies a toolchain against the checksum database before it runs it (GOSUMDB=off is refused for golang.org/toolchain, and a copy not downloaded by the go command has no cached lookup), and that failed, so every go command here (go env too) prints:\n%s\ngopls cannot run the go command and loads nothing.", s.why, s.target, msg),
		fix: &finding.Fix{Summary: fmt.Sprintf("Let the go command reach the checksum database (unset GOSUMDB, or set it to sum.golang.org, with a GOPROXY that serves it), or install Go %s yourself, or %s.",
			strings.TrimPrefix(s.target, "go"), s.lower()), Docs: advice.DocsToolchain}}
}

// needs says what asks for the target: "go.mod needs go1.27.0", or "go.mod's toolchain line asks
// for go1.27.0" when its go line alone would not switch.
func (s *toolchainSwitch) needs() string {
	if s.sel.reason == "toolchain line" {
		return fmt.Sprintf("%s's toolchain line asks for %s", s.g.short, s.target)
	}
	return fmt.Sprintf("%s needs %s", s.g.short, s.target)
}

// lower says how to make the file ask for no more than the local release, with the command: the
// go line lowered where it asks for more, the toolchain line dropped where it does. The command
// runs with GOTOOLCHAIN=local, since the go command switches toolchains before it edits (go mod
// edit alone fails the same way as everything else here).
func (s *toolchainSwitch) lower() string {
	var flags, what []string
	if goLine := lookupDirective(s.g.data, "go"); goLine.line > 0 && cmpGo(goLine.value, s.sel.running) > 0 {
		flags, what = append(flags, "-go="+s.sel.running), append(what, "lower the go line to the release you have")
	}
	if tl := lookupDirective(s.g.data, "toolchain"); tl.line > 0 && cmpGo(toolchainVersion(tl.value), s.sel.running) > 0 {
		flags, what = append(flags, "-toolchain=none"), append(what, "drop the toolchain line")
	}
	if len(flags) == 0 {
		flags, what = []string{"-go=" + s.sel.running}, []string{"lower the go line to the release you have"}
	}
	kind := "mod"
	if s.g.work {
		kind = "work"
	}
	cmd := host.Cmd{Path: "go", Args: append([]string{"-C", s.dir, kind, "edit"}, flags...)}.String()
	return fmt.Sprintf("%s if the code does not need go%s: GOTOOLCHAIN=local %s (GOTOOLCHAIN=local because the go command would otherwise switch toolchains, and fail, before it edits)",
		strings.Join(what, " and "), strings.TrimPrefix(s.target, "go"), cmd)
}

// switchEnv is the environment the go command gives the toolchain it switches to
// (toolchain.execGoToolchain): GOROOT set to root ("" unsets it), and the switch's own markers.
func (s *toolchainSwitch) switchEnv(root string) []string {
	env := s.f.Host.Env().Without("GOROOT")
	if root != "" {
		env = env.With("GOROOT=" + root)
	}
	return env.With("GOTOOLCHAIN_INTERNAL_SWITCH_VERSION="+s.target, "GOTOOLCHAIN_INTERNAL_SWITCH_COUNT=1").Environ()
}

// runOnPath runs the target found on PATH as the go command would (`target version` in the
// folder): a golang.org/dl wrapper whose release was never downloaded fails there, and so does
// every go command in the folder.
func (s *toolchainSwitch) runOnPath(exe string) (*issue, []finding.Evidence) {
	res := s.f.Run(host.Cmd{Path: exe, Args: []string{"version"}, Dir: s.dir, Env: s.switchEnv(""), OutputLimit: 16 << 10})
	ev := []finding.Evidence{doctor.Ran(res)}
	if res.OK() {
		return nil, ev
	}
	if c, ok := gocmd.Parse(res.Output()).First(gocmd.ToolchainNotDownloaded); ok {
		return &issue{status: finding.Fail,
			title: fmt.Sprintf("%s, and the %s on PATH is a golang.org/dl wrapper that was never downloaded", s.needs(), s.target),
			detail: fmt.Sprintf("%s. The go command runs the %s it finds on PATH (%s) before it would download the release itself, and that wrapper has no Go in %s yet, so every go command here (go env too) prints:\n%s\ngopls cannot run the go command and loads nothing.",
				s.why, s.target, exe, c.Path, text.FirstLine(res.Output())),
			fix: &finding.Fix{Summary: fmt.Sprintf("Download the release into %s with `%s download` (it needs the network), or remove %s so that the go command downloads %s through GOPROXY itself.", c.Path, s.target, exe, s.target),
				Commands: []string{s.target + " download"}, Docs: advice.DocsToolchain}}, ev
	}
	return s.brokenToolchain(exe, res, "Reinstall it (go install golang.org/dl/"+s.target+"@latest && "+s.target+" download), or remove it from PATH so that the go command downloads "+s.target+" itself."), ev
}

// runCached runs the target's go in the module cache, as the go command would.
func (s *toolchainSwitch) runCached(root string) (*issue, []finding.Evidence) {
	exe := filepath.Join(root, "bin", "go")
	res := s.f.Run(host.Cmd{Path: exe, Args: []string{"version"}, Dir: s.dir, Env: s.switchEnv(root), OutputLimit: 16 << 10})
	ev := []finding.Evidence{doctor.Ran(res)}
	if res.OK() {
		return nil, ev
	}
	return s.brokenToolchain(exe, res, fmt.Sprintf("Remove %s (go clean -modcache removes the whole module cache) so that the go command downloads %s again.", root, s.target)), ev
}

// brokenToolchain is the issue of a toolchain the go command would run that fails by itself.
func (s *toolchainSwitch) brokenToolchain(exe string, res *host.Result, remedy string) *issue {
	return &issue{status: finding.Fail,
		title:  fmt.Sprintf("%s, and the %s the go command would run fails", s.needs(), exe),
		detail: fmt.Sprintf("%s, and the go command runs %s, which does not work: %s\nEvery go command here fails the same way and gopls loads nothing.", s.why, exe, res.Failure()),
		fix:    &finding.Fix{Summary: remedy, Docs: advice.DocsToolchain}}
}

// notAvailable is the go command's message when the proxy has no such toolchain.
func (s *toolchainSwitch) notAvailable() string {
	return fmt.Sprintf("go: download %s for %s: toolchain not available", s.target, strings.Replace(s.osArch, "-", "/", 1))
}

// cannot is the issue of a toolchain that cannot be downloaded: the go command fails with msg,
// because of cause (" because ...", or "").
func (s *toolchainSwitch) cannot(msg, cause string, ev []finding.Evidence) (*issue, []finding.Evidence) {
	return &issue{status: finding.Fail, title: fmt.Sprintf("%s, which cannot be downloaded", s.needs()),
		detail: fmt.Sprintf("%s, so every go command here (go env too) first downloads %s; that fails%s:\n%s\ngopls cannot run the go command and loads nothing.", s.why, s.target, cause, msg),
		fix: &finding.Fix{Summary: fmt.Sprintf("Install Go %s yourself, or let the go command reach a module proxy, or %s.",
			strings.TrimPrefix(s.target, "go"), s.lower()), Docs: advice.DocsToolchain}}, ev
}

// download judges whether the go command can download target: GOPROXY=off forbids it; the run's
// go env (in the directory checked) shows whether it did; else the first proxy is asked.
func (s *toolchainSwitch) download() (*issue, []finding.Evidence) {
	f := s.f
	proxy := f.Value("GOPROXY")
	first := firstProxy(proxy.Value)
	if first == "off" {
		return s.cannot(s.notAvailable(), " because "+advice.Where(proxy)+" forbids every download", valueEvidence(proxy))
	}
	if is, ev := s.ranHere(); is != nil || ev != nil {
		return is, ev
	}
	u := toolchainURL(first, s.target, s.osArch)
	if u == nil || f.Offline && u.Scheme != "file" {
		what := "--offline"
		if u == nil {
			what = "GOPROXY=" + proxy.Value + " names no proxy to ask"
		}
		if !isReleased(f, s.target) {
			return &issue{status: finding.Warn, title: fmt.Sprintf("%s, newer than any Go release gomedic knows", s.needs()),
				detail: fmt.Sprintf("%s. gomedic could not ask whether it can be downloaded (%s); if it does not exist every go command here fails with \"%s\".", s.why, what, s.notAvailable())}, nil
		}
		return nil, nil
	}
	probe := f.HTTPGet(u)
	ev := []finding.Evidence{{Command: probe.Request(), Output: probe.Summary()}}
	switch {
	case probe.Code == 200:
		return nil, ev
	case probe.Code == 403 || probe.Code == 404 || probe.Code == 410:
		return s.cannot(s.notAvailable(), fmt.Sprintf(" (the module proxy %s has no %s for %s)", redact.URL(mustParse(first)), s.target, strings.Replace(s.osArch, "-", "/", 1)), ev)
	}
	return s.cannot("GOPROXY answered "+probe.Summary(), " now", ev)
}

// switchFailures are the go command's failures to switch toolchains.
var switchFailures = []gocmd.Kind{gocmd.ToolchainDownload, gocmd.ToolchainSwitch, gocmd.ToolchainNotInPath, gocmd.ToolchainNotDownloaded, gocmd.InvalidToolchain}

// mustParse parses a URL that toolchainURL already parsed.
func mustParse(s string) *url.URL {
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{Opaque: s}
	}
	return u
}

// goTarget is the GOOS-GOARCH of the go binary ("linux-amd64"), which the toolchain module's
// version names.
func goTarget(f *facts.Facts) string {
	if goBin, err := f.GoBin(); err == nil {
		if bi := f.BinInfo(goBin); bi.Err == nil && bi.Info != nil && len(bi.Info.Targets) == 1 && bi.Info.Targets[0].Arch != "" {
			return bi.Info.Targets[0].OS + "-" + bi.Info.Targets[0].Arch
		}
	}
	return f.Host.OS() + "-" + f.Host.Arch()
}

// firstProxy is the first entry of a GOPROXY list: "off", "direct" or a URL ("" when unset).
func firstProxy(goproxy string) string {
	if strings.TrimSpace(goproxy) == "" {
		return "https://proxy.golang.org"
	}
	first := strings.FieldsFunc(goproxy, func(r rune) bool { return r == ',' || r == '|' })
	if len(first) == 0 {
		return ""
	}
	return strings.TrimSpace(first[0])
}

// toolchainURL is where a proxy serves the toolchain module's .info, or nil for direct.
func toolchainURL(proxy, target, osArch string) *url.URL {
	if proxy == "" || proxy == "direct" || proxy == "off" {
		return nil
	}
	if !strings.Contains(proxy, "://") {
		proxy = "https://" + proxy
	}
	u, err := url.Parse(strings.TrimSuffix(proxy, "/") + "/golang.org/toolchain/@v/v0.0.1-" + target + "." + osArch + ".info")
	if err != nil {
		return nil
	}
	return u
}

// isReleased reports whether a toolchain's release is not newer than the newest Go gomedic knows.
func isReleased(f *facts.Facts, target string) bool {
	v := toolchainVersion(target)
	return goenv.Minor(gv(v)) <= goenv.Minor(f.NewestGo())
}

// goWorkDefault is the go version the go command assumes for a go.work without a go line.
const goWorkDefault = "1.18"

// workModules checks that the go.work's go line is at least each used module's, as the go
// command requires.
func workModules(f *facts.Facts, folder string, g governing, goLine directive) []issue {
	_, uses, _, err := readWork(f, g.path)
	if err != nil {
		return nil
	}
	// Without a go line the go command takes go.work for go 1.18 (gover.DefaultGoWork) and says so.
	workGo, says, lists := goLine.value, "go.work says go "+goLine.value, "lists go "+goLine.value
	if workGo == "" {
		workGo, says, lists = goWorkDefault, "go.work has no go line (so go "+goWorkDefault+")", "implicitly requires go "+goWorkDefault
	}
	var out []issue
	for _, u := range uses {
		if u.goMod == "" {
			continue
		}
		data, err := f.Host.ReadFile(u.goMod, maxModFile)
		if err != nil {
			continue
		}
		mg := lookupDirective(data, "go")
		if mg.value == "" || !modfile.GoVersionRE.MatchString(mg.value) || cmpGo(mg.value, workGo) <= 0 {
			continue
		}
		clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(u.path)))
		msg := fmt.Sprintf("go: module %s listed in go.work file requires go >= %s, but go.work %s; to update it:\n\tgo work use", clean, mg.value, lists)
		out = append(out, issue{status: finding.Fail,
			title:  fmt.Sprintf("%s, but its module %s needs go %s", says, u.path, mg.value),
			detail: fmt.Sprintf("Every go command in the workspace fails with:\n%s\nand gopls loads nothing.", msg),
			fix:    goFix("Raise the go.work's go line to its modules' (go work use does it).", docsWorkspaces, filepath.Dir(g.path), []string{"work", "use"})})
	}
	return out
}
