package editor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/vscode"
)

// toolsEnvProblem is one variable of go.toolsEnvVars that breaks the go command.
type toolsEnvProblem struct {
	status finding.Status
	st     vscode.Setting
	detail string
}

// toolsEnvCheck judges GO111MODULE, GOFLAGS, GOTOOLCHAIN and GOPROXY set in go.toolsEnvVars the
// way the env layer judges them in the environment. The extension adds go.toolsEnvVars to the
// environment of the go command, gopls and every tool it runs (toolExecutionEnvironment in its
// src/goEnv.ts), with ${env:NAME}, ${workspaceFolder} and ~ expanded; when it installs tools it
// drops GO111MODULE and GOFLAGS and sets GOTOOLCHAIN=auto, so those three break the editor's
// builds, tests and gopls rather than its tool installs.
func toolsEnvCheck(_ context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	members := s.Merged(vscode.KeyToolsEnvVars)
	if len(members) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "go.toolsEnvVars is not set"}
	}
	vars := map[string]vscode.Setting{}
	values := map[string]string{}
	var ev []finding.Evidence
	for _, m := range members {
		var raw string
		if json.Unmarshal(m.Value, &raw) != nil {
			continue // not a string: the extension passes it on as is, and the schema check reports its type
		}
		name := strings.TrimPrefix(m.Key, vscode.KeyToolsEnvVars+".")
		vars[name] = m
		folder := m.Folder
		if folder == "" {
			folder = s.Dir
		}
		values[name] = s.Var(raw, folder).Expanded
		ev = append(ev, settingEvidence(m))
	}
	var problems []toolsEnvProblem
	var notes []string
	add := func(st finding.Status, name, detail string) {
		problems = append(problems, toolsEnvProblem{st, vars[name], detail})
	}
	where := func(name string) string {
		m := vars[name]
		return fmt.Sprintf("go.toolsEnvVars sets %s=%s (%s:%d)", name, values[name], m.File, m.Line)
	}
	if v, ok := values["GO111MODULE"]; ok {
		switch {
		case strings.TrimSpace(v) == "off":
			add(finding.Fail, "GO111MODULE", where("GO111MODULE")+": modules are off for everything the extension runs: gopls cannot load a module (imports of dependencies are reported as not found), "+
				"and builds and tests look for dependencies in GOPATH and fail with \"cannot find package ... in any of ... ($GOPATH)\". (The extension drops GO111MODULE when it installs tools, so installs still work.)")
		case !goenv.GO111MODULEValid(v):
			add(finding.Fail, "GO111MODULE", where("GO111MODULE")+fmt.Sprintf(": the go command rejects it; every go command the extension runs, and gopls, fails with \"go: unknown environment setting GO111MODULE=%s\".", v))
		}
	}
	if v, ok := values["GOFLAGS"]; ok && strings.TrimSpace(v) != "" {
		if p, note := toolsEnvGoflags(f, v, where("GOFLAGS")); p != nil {
			p.st = vars["GOFLAGS"]
			problems = append(problems, *p)
		} else if note != "" {
			notes = append(notes, note)
		}
	}
	proxy := f.GoVar("GOPROXY")
	if v, ok := values["GOPROXY"]; ok {
		proxy = v
		if strings.TrimSpace(v) == "off" {
			add(finding.Warn, "GOPROXY", where("GOPROXY")+": the go command and gopls can use only modules already in the module cache; a new dependency, and installing or updating a tool, fail with \"module lookup disabled by GOPROXY=off\".")
		}
	}
	if v, ok := values["GOTOOLCHAIN"]; ok && v != "" {
		if msg := goenv.ToolchainError(v); msg != "" {
			add(finding.Fail, "GOTOOLCHAIN", where("GOTOOLCHAIN")+fmt.Sprintf(": every go command the extension runs, and gopls, fails with \"go: %s\".", msg))
		} else if p := toolsEnvToolchain(f, v, strings.TrimSpace(proxy), where("GOTOOLCHAIN")); p != nil {
			add(p.status, "GOTOOLCHAIN", p.detail)
		}
	}
	if len(problems) == 0 {
		var set []string
		for _, m := range members {
			set = append(set, strings.TrimPrefix(m.Key, vscode.KeyToolsEnvVars+"."))
		}
		return finding.Finding{Status: finding.OK, Title: "go.toolsEnvVars (" + strings.Join(set, ", ") + ") breaks nothing the go command needs",
			Detail: strings.Join(notes, "\n"), Evidence: ev}
	}
	status := finding.Warn
	var details, summaries []string
	var actions []finding.Action
	for _, p := range problems {
		if p.status == finding.Fail {
			status = finding.Fail
		}
		details = append(details, p.detail)
		summaries = append(summaries, settingEditSummary(p.st, "")+" The extension then passes on the value of your environment or go env file.")
		actions = append(actions, settingEditAction(f.Settings(), p.st, ""))
	}
	details = append(details, notes...)
	title := fmt.Sprintf("go.toolsEnvVars sets %d variables that break the go command", len(problems))
	if len(problems) == 1 {
		p := problems[0]
		name := strings.TrimPrefix(p.st.Key, vscode.KeyToolsEnvVars+".")
		title = fmt.Sprintf("go.toolsEnvVars sets %s=%s (%s:%d)", name, values[name], p.st.File, p.st.Line)
	}
	return finding.Finding{Status: status, Title: title, Detail: strings.Join(details, "\n"), Evidence: ev,
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
		return &toolsEnvProblem{status: finding.Warn, detail: where + ": in a module without a vendor directory every build, test and gopls load fails with \"inconsistent vendoring\"; " +
			"since Go 1.14 the go command uses vendor/ by itself when it is present."}, ""
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
