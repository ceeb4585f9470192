package editor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

// toolsEnvProblem is one variable of go.toolsEnvVars that breaks the go command.
type toolsEnvProblem struct {
	status finding.Status
	st     vscode.Setting
	detail string
	runs   []*host.Result // the go commands that showed the problem
}

func breaksResults(breaks []facts.VendorBreak) []*host.Result {
	var rs []*host.Result
	for _, b := range breaks {
		rs = append(rs, b.Result)
	}
	return rs
}

// toolsEnvCheck judges GO111MODULE, GOFLAGS, GOTOOLCHAIN and GOPROXY set in go.toolsEnvVars the
// way the env layer judges them in the environment. The extension adds go.toolsEnvVars to the
// environment of the go command, gopls and every tool it runs (toolExecutionEnvironment in its
// src/goEnv.ts), with ${env:NAME}, ${workspaceFolder} and ~ expanded; when it installs tools it
// drops GO111MODULE and GOFLAGS and sets GOTOOLCHAIN=auto, so those three break the editor's
// builds, tests and gopls rather than its tool installs.
func toolsEnvCheck(_ context.Context, f *facts.Facts) finding.Finding {
	te := readToolsEnv(f.Settings())
	if len(te.members) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "go.toolsEnvVars is not set"}
	}
	te.judgeGO111MODULE()
	te.judgeGOFLAGS(f)
	proxy := te.judgeGOPROXY(f.GoVar("GOPROXY"))
	te.judgeGOTOOLCHAIN(f, proxy)
	te.judgeWorkDir(f)
	te.judgeCC(f)
	if len(te.problems) == 0 {
		var set []string
		for _, m := range te.members {
			set = append(set, strings.TrimPrefix(m.Key, vscode.KeyToolsEnvVars+"."))
		}
		return finding.Finding{Status: finding.OK, Title: "go.toolsEnvVars (" + strings.Join(set, ", ") + ") breaks nothing the go command needs",
			Detail: strings.Join(te.notes, "\n"), Evidence: te.ev}
	}
	return te.problemFinding(f)
}

// toolsEnv is go.toolsEnvVars as the extension passes it on, and what is wrong with it.
type toolsEnv struct {
	members  []vscode.Setting          // the members, in the files' order
	vars     map[string]vscode.Setting // the string members by variable name
	values   map[string]string         // their values, ${...} expanded
	ev       []finding.Evidence
	problems []toolsEnvProblem
	notes    []string
}

// readToolsEnv reads go.toolsEnvVars from the merged settings. A member that is not a string is
// left out: the extension passes it on as is, and the schema check reports its type.
func readToolsEnv(s *vscode.Settings) *toolsEnv {
	te := &toolsEnv{members: s.Merged(vscode.KeyToolsEnvVars), vars: map[string]vscode.Setting{}, values: map[string]string{}}
	for _, m := range te.members {
		var raw string
		if json.Unmarshal(m.Value, &raw) != nil {
			continue
		}
		name := strings.TrimPrefix(m.Key, vscode.KeyToolsEnvVars+".")
		te.vars[name] = m
		folder := m.Folder
		if folder == "" {
			folder = s.Dir
		}
		te.values[name] = s.Var(raw, folder).Expanded
		te.ev = append(te.ev, settingEvidence(m))
	}
	return te
}

func (te *toolsEnv) add(st finding.Status, name, detail string) {
	te.problems = append(te.problems, toolsEnvProblem{status: st, st: te.vars[name], detail: detail})
}

// where names a variable's value and the line that sets it.
func (te *toolsEnv) where(name string) string {
	m := te.vars[name]
	return fmt.Sprintf("go.toolsEnvVars sets %s=%s (%s:%d)", name, te.values[name], m.File, m.Line)
}

func (te *toolsEnv) judgeGO111MODULE() {
	v, ok := te.values["GO111MODULE"]
	switch {
	case !ok:
	case strings.TrimSpace(v) == "off":
		te.add(finding.Fail, "GO111MODULE", te.where("GO111MODULE")+": modules are off for everything the extension runs: gopls cannot load a module (imports of dependencies are reported as not found), "+
			"and builds and tests look for dependencies in GOPATH and fail with \"cannot find package ... in any of ... ($GOPATH)\". (The extension drops GO111MODULE when it installs tools, so installs still work.)")
	case !goenv.GO111MODULEValid(v):
		te.add(finding.Fail, "GO111MODULE", te.where("GO111MODULE")+fmt.Sprintf(": the go command rejects it; every go command the extension runs, and gopls, fails with \"go: unknown environment setting GO111MODULE=%s\".", v))
	}
}

func (te *toolsEnv) judgeGOFLAGS(f *facts.Facts) {
	v, ok := te.values["GOFLAGS"]
	if !ok || strings.TrimSpace(v) == "" {
		return
	}
	if p, note := toolsEnvGoflags(f, v, te.where("GOFLAGS")); p != nil {
		p.st = te.vars["GOFLAGS"]
		te.problems = append(te.problems, *p)
	} else if note != "" {
		te.notes = append(te.notes, note)
	}
}

// judgeGOPROXY judges a GOPROXY set there and returns the GOPROXY the tools get (else proxy).
func (te *toolsEnv) judgeGOPROXY(proxy string) string {
	v, ok := te.values["GOPROXY"]
	if !ok {
		return strings.TrimSpace(proxy)
	}
	if strings.TrimSpace(v) == "off" {
		te.add(finding.Warn, "GOPROXY", te.where("GOPROXY")+": the go command and gopls can use only modules already in the module cache; a new dependency, and installing or updating a tool, fail with \"module lookup disabled by GOPROXY=off\".")
	}
	return strings.TrimSpace(v)
}

func (te *toolsEnv) judgeGOTOOLCHAIN(f *facts.Facts, proxy string) {
	v, ok := te.values["GOTOOLCHAIN"]
	if !ok || v == "" {
		return
	}
	if msg := goenv.ToolchainError(v); msg != "" {
		te.add(finding.Fail, "GOTOOLCHAIN", te.where("GOTOOLCHAIN")+fmt.Sprintf(": every go command the extension runs, and gopls, fails with \"go: %s\".", msg))
	} else if p := toolsEnvToolchain(f, v, proxy, te.where("GOTOOLCHAIN")); p != nil {
		te.add(p.status, "GOTOOLCHAIN", p.detail)
	}
}

// judgeWorkDir judges the directory the go command makes its work directories in when
// go.toolsEnvVars names it: GOTMPDIR, or TMPDIR while no GOTMPDIR is set anywhere (the go
// command then uses the system's temporary directory, which TMPDIR names on Unix). It never
// creates it, so a missing, relative or unwritable one fails every build, test and gopls load
// the extension starts with "go: creating work dir", as env.gotmpdir says of the environment.
func (te *toolsEnv) judgeWorkDir(f *facts.Facts) {
	name := "GOTMPDIR"
	dir, ok := te.values[name]
	if !ok && f.GoVar("GOTMPDIR") == "" && f.Host.OS() != "windows" {
		name = "TMPDIR"
		dir, ok = te.values[name]
	}
	if !ok || dir == "" {
		return
	}
	var problem string
	if !host.IsAbs(f.Host, dir) {
		problem = "is a relative path: the go command makes its work directories relative to whatever directory it runs in"
	} else if fi, err := f.Host.Stat(dir); err != nil {
		problem = "does not exist (the go command never creates it)"
		if !host.IsNotExist(err) {
			problem = fmt.Sprintf("cannot be used: %v", err)
		}
	} else if !fi.IsDir() {
		problem = "is a file, not a directory"
	} else if w := f.Host.Writable(dir, f.OwnDirs()); !w.Unknown && !w.OK() {
		problem = fmt.Sprintf("cannot be written (%v)", w.Err)
	}
	if problem != "" {
		te.add(finding.Fail, name, te.where(name)+": "+dir+" "+problem+". Every build, test, vet and gopls package load the extension starts makes a work directory there first and fails with \"go: creating work dir: ...\" (a load error on every file).")
	}
}

// judgeCC judges a CC set there as env.cgo judges it: the go command runs its first word for every
// cgo package (the extension's builds, tests and gopls's loads of them), so a CC that names no
// compiler fails them with cgo's "C compiler ... not found", while cgo is on.
func (te *toolsEnv) judgeCC(f *facts.Facts) {
	v, ok := te.values["CC"]
	if !ok || strings.TrimSpace(v) == "" {
		return
	}
	cgo := f.GoVar("CGO_ENABLED")
	if f.Value("CGO_ENABLED").Source == goenv.FromDefault {
		// With CC in its environment the go command does not turn cgo off for want of its
		// default compiler (cmd/go/internal/cfg): it stays on, on this machine's own platform.
		cgo = "1"
	}
	if c, ok := te.values["CGO_ENABLED"]; ok && c != "" {
		cgo = c
	}
	cc := f.CCompilerOf(goenv.Value{Name: "CC", Value: v, Source: goenv.FromEnvironment})
	if cc.Path != "" || cc.Problem == "" || cgo == "0" {
		return
	}
	what := cc.Name + " " + cc.Problem
	if cc.Problem == "has an unterminated quote" {
		what = "the value " + cc.Problem + ", which the go command rejects"
	}
	detail := te.where("CC") + ": " + what
	if cc.DefaultPath != "" {
		detail += fmt.Sprintf(" (%s, the go command's default, is at %s)", cc.Default, cc.DefaultPath)
	}
	detail += ". Every build, test and gopls load the extension starts of a package that uses cgo fails"
	if e := cc.CgoError(); e != "" {
		detail += " with \"" + e + "\""
	}
	detail += ", and gopls reports it on their files."
	te.add(finding.Warn, "CC", detail)
}

// problemFinding reports the problems found, with the fix that removes each variable from the
// settings.
func (te *toolsEnv) problemFinding(f *facts.Facts) finding.Finding {
	status := finding.Warn
	var details, summaries []string
	var actions []finding.Action
	for _, p := range te.problems {
		if p.status == finding.Fail {
			status = finding.Fail
		}
		details = append(details, p.detail)
		te.ev = append(te.ev, doctor.RanAll(p.runs...)...)
		summaries = append(summaries, settingEditSummary(p.st, "")+" The extension then passes on the value of your environment or go env file.")
		actions = append(actions, settingEditAction(p.st, ""))
	}
	details = append(details, te.notes...)
	title := fmt.Sprintf("go.toolsEnvVars sets %d variables that break the go command", len(te.problems))
	if len(te.problems) == 1 {
		p := te.problems[0]
		name := strings.TrimPrefix(p.st.Key, vscode.KeyToolsEnvVars+".")
		title = fmt.Sprintf("go.toolsEnvVars sets %s=%s (%s:%d)", name, te.values[name], p.st.File, p.st.Line)
	}
	return finding.Finding{Status: status, Title: title, Detail: strings.Join(details, "\n"), Evidence: te.ev,
		Fix: settingsFix(summaries, actions, "https://github.com/golang/vscode-go/wiki/settings#gotoolsenvvars")}
}

// toolsEnvGoflags has the go command parse a GOFLAGS value from go.toolsEnvVars, as env.goflags
// does; it returns a problem, or a note when the value is fine but worth knowing.
func toolsEnvGoflags(f *facts.Facts, v, where string) (*toolsEnvProblem, string) {
	if _, err := f.GoBin(); err == nil {
		res := f.Run(f.GoflagsCmd("GOFLAGS=" + v))
		if !res.OK() {
			msg := strings.TrimSpace(res.Output())
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i]
			}
			if res.TimedOut || msg == "" {
				msg = res.Failure()
			}
			return &toolsEnvProblem{status: finding.Fail, detail: where + fmt.Sprintf(": the go command rejects it (%s), so every build, test and list the extension and gopls run fails the same way.", msg)}, ""
		}
	}
	switch goenv.GoflagsModMode(v) {
	case "vendor":
		if breaks := f.VendorBreaks(v); len(breaks) > 0 {
			var where2 []string
			for _, b := range breaks {
				where2 = append(where2, fmt.Sprintf("in %s the go command stops with:\n  %s", b.Folder, strings.ReplaceAll(b.Message, "\n", "\n  ")))
			}
			return &toolsEnvProblem{status: finding.Fail, detail: where + ": " + strings.Join(where2, "\n") + "\nso every build, test and list the extension runs fails, and gopls cannot load the workspace (\"Inconsistent vendoring detected\"). " +
				"Since Go 1.14 the go command uses vendor/ by itself when it is present and consistent; to vendor on purpose run go mod vendor instead.", runs: breaksResults(breaks)}, ""
		}
		return &toolsEnvProblem{status: finding.Warn, detail: where + ": this workspace vendors consistently, but in any module without a vendor directory (or with one out of step with go.mod) every build, test and gopls load fails with \"inconsistent vendoring\", " +
			"and the extension's go get and go mod commands fail with \"disabled by -mod=vendor\". Since Go 1.14 the go command uses vendor/ by itself when it is present."}, ""
	case "mod":
		return nil, where + ": builds, tests and gopls may rewrite go.mod and go.sum silently."
	}
	return nil, ""
}

// toolsEnvToolchain judges a valid GOTOOLCHAIN from go.toolsEnvVars as env.gotoolchain does:
// local while the workspace needs a newer Go, or auto with GOPROXY=off.
func toolsEnvToolchain(f *facts.Facts, v, proxy, where string) *toolsEnvProblem {
	minimum, mode, _ := strings.Cut(v, "+")
	if v == "auto" || v == "path" {
		minimum, mode = "local", v
	}
	switch {
	case minimum == "local" && mode == "":
		local := goenv.Normalize(f.GoVar("GOVERSION"))
		if line, file := f.WorkspaceGo(); line != "" && local != "" && goenv.CompareVersions("go"+line, local) > 0 {
			return &toolsEnvProblem{status: finding.Warn, detail: where + fmt.Sprintf(": the go command will not switch to a newer toolchain, but %s says go %s. Every go command the extension runs in this workspace fails with "+
				"\"go: go.mod requires go >= %s (running go %s; GOTOOLCHAIN=local)\", and gopls cannot load it.", file, line, line, strings.TrimPrefix(local, "go"))}
		}
	case mode == "auto" && proxy == "off":
		return &toolsEnvProblem{status: finding.Warn, detail: where + fmt.Sprintf(": it asks the go command to download newer toolchains, but GOPROXY=off: a module that needs a newer Go fails with \"go: download go1.N for %s/%s: toolchain not available\".", f.Host.OS(), f.Host.Arch())}
	}
	return nil
}
