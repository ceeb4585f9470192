package env

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// targetSetting is the platform the go command builds for, from the variables that set it.
type targetSetting struct {
	goos, goarch string        // effective values
	set          []goenv.Value // GOOS and GOARCH where the user set them (environment, go env files)
	editor       []facts.ToolVar
	subs         []goenv.Value // instruction-set variables (GOAMD64, GOARM, ...) the user set
}

func targetOf(f *facts.Facts) targetSetting {
	t := targetSetting{goos: f.Host.OS(), goarch: f.Host.Arch()}
	for _, name := range []string{"GOOS", "GOARCH"} {
		v := f.Value(name)
		if v.Source == goenv.FromDefault || v.Value == "" {
			continue
		}
		t.set = append(t.set, v)
		if name == "GOOS" {
			t.goos = v.Value
		} else {
			t.goarch = v.Value
		}
	}
	for _, tv := range f.ToolVars() {
		if tv.Name == "GOOS" || tv.Name == "GOARCH" {
			t.editor = append(t.editor, tv)
		}
	}
	for _, name := range goenv.ArchVars() {
		if v := f.Value(name); v.Source != goenv.FromDefault && v.Value != "" {
			t.subs = append(t.subs, v)
		}
	}
	return t
}

// platform is "os/arch".
func (t targetSetting) platform() string { return t.goos + "/" + t.goarch }

// where lists where the user set GOOS and GOARCH: "GOOS=windows (from the environment)".
func (t targetSetting) where() string {
	var out []string
	for _, v := range t.set {
		out = append(out, advice.Where(v))
	}
	return strings.Join(out, " and ")
}

// target judges GOOS and GOARCH (and the instruction-set variables) against the machine the
// editor's tools are built and run on. Set to another platform, go install writes programs to
// GOPATH/bin/GOOS_GOARCH, where no editor looks (or refuses when GOBIN is set: "cannot install
// cross-compiled binaries when GOBIN is set"), go run and go test fail with "exec format error",
// dlv cannot debug, and gopls reads the files of the other platform. The Go extension's own tool
// installer drops GOOS and GOARCH from the environment, not from the go env file.
func target(_ context.Context, f *facts.Facts) finding.Finding {
	t := targetOf(f)
	here := f.Host.OS() + "/" + f.Host.Arch()
	ev := targetEvidence(t)
	if fd, ok := isaInvalid(f, t, ev); ok {
		return fd
	}
	if fd, ok := isaRefused(f, t, ev); ok {
		return fd
	}
	if len(t.set) == 0 && len(t.editor) == 0 {
		return finding.Finding{Status: finding.OK, Title: "the go command builds for this machine (" + here + ")", Detail: subsNote(t), Evidence: ev}
	}
	if !goenv.KnownOS(t.goos) || !goenv.KnownArch(t.goarch) {
		return finding.Finding{Status: finding.Fail, Title: fmt.Sprintf("%s is not a platform the go command knows", t.platform()), Evidence: ev,
			Detail: fmt.Sprintf("%s. Every build, test, run, tool install and gopls load fails with \"go: unsupported GOOS/GOARCH pair %s\".", t.where(), t.platform()),
			Fix:    unsetTarget(f, t, "")}
	}
	if t.platform() == here {
		if len(t.set) == 0 {
			return editorTarget(f, t, here, ev)
		}
		return finding.Finding{Status: finding.Info, Title: fmt.Sprintf("GOOS/GOARCH are set to this machine's platform (%s)", here), Evidence: ev,
			Detail: t.where() + ". Builds run here; the setting only matters if it is later changed. " + subsNote(t)}
	}
	return foreignTarget(f, t, here, ev)
}

// levelTooHigh is the failure of a GOAMD64 above the level this machine's processor runs, when
// the go command builds for this machine: every program it builds starts with the runtime's check
// of the processor's features and stops there.
func levelTooHigh(f *facts.Facts, t targetSetting, ev []finding.Evidence) (finding.Finding, bool) {
	v := f.Value("GOAMD64")
	want, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(v.Value), "v"))
	have := host.AMD64Level(f.Host)
	if v.Source == goenv.FromDefault || err != nil || have == 0 || want <= have {
		return finding.Finding{}, false
	}
	ev = append(ev, finding.Evidence{Command: "the processor's features (cpuid)", Output: fmt.Sprintf("runs GOAMD64 up to v%d", have)})
	return finding.Finding{Status: finding.Fail, Evidence: ev,
		Title:  fmt.Sprintf("GOAMD64=%s builds programs this processor cannot run (it runs up to v%d)", v.Value, have),
		Detail: fmt.Sprintf("%s. Every program the go command builds here — go run, go test, the tools go install writes (gopls, dlv, ...), the programs dlv debugs — stops at once with \"This program can only be run on AMD64 processors with v%d microarchitecture support.\"", advice.Where(v), want),
		Fix:    advice.Unset(f, v, " so the go command builds for every amd64 processor"),
	}, true
}

// foreignTarget is the finding for a go command set to build for another platform than host.
func foreignTarget(f *facts.Facts, t targetSetting, here string, ev []finding.Evidence) finding.Finding {
	detail := fmt.Sprintf("%s, so the go command builds for %s and this machine is %s. %s", t.where(), t.platform(), here, installNote(f, t))
	if wrapper := execWrapper(f, t); wrapper != "" {
		return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("the go command builds for %s, through %s", t.platform(), filepath.Base(wrapper)), Evidence: ev,
			Detail: detail + fmt.Sprintf(" go run and go test run the programs through %s (a deliberate cross-platform setup), but tools the editor needs cannot be installed for this machine and dlv cannot debug.", wrapper),
			Fix:    unsetTarget(f, t, " when you work on code for this machine")}
	}
	status, run := finding.Fail, fmt.Sprintf(" go run and go test fail with \"fork/exec ...: exec format error\" (the program is a %s program), the debugger cannot start it, and gopls reads the files of %s (a file ending in _%s.go is left out).", t.platform(), t.goos, f.Host.OS())
	if t.goos == f.Host.OS() && f.Host.OS() == "darwin" && t.goarch == "amd64" {
		status, run = finding.Warn, " Programs run under Rosetta 2, where dlv cannot debug them (\"can not run under Rosetta\")."
	}
	return finding.Finding{Status: status, Title: fmt.Sprintf("GOOS/GOARCH make the go command build for %s, not for this %s machine", t.platform(), here), Evidence: ev,
		Detail: detail + run + " To cross-compile, set them on the build's command line (GOOS=" + t.goos + " GOARCH=" + t.goarch + " go build) instead.",
		Fix:    unsetTarget(f, t, " so the go command builds for this machine")}
}

// editorTarget judges GOOS/GOARCH set only in go.toolsEnvVars: usually deliberate (gopls then
// reads another platform's files), but the extension passes go.toolsEnvVars to go test and to
// the debugger too.
func editorTarget(f *facts.Facts, t targetSetting, here string, ev []finding.Evidence) finding.Finding {
	var set []string
	goos, goarch := t.goos, t.goarch
	for _, tv := range t.editor {
		set = append(set, tv.String())
		if tv.Name == "GOOS" {
			goos = tv.Value
		} else {
			goarch = tv.Value
		}
	}
	if goos+"/"+goarch == here {
		return finding.Finding{Status: finding.Info, Title: "go.toolsEnvVars sets GOOS/GOARCH to this machine's platform (" + here + ")", Evidence: ev, Detail: strings.Join(set, "; ")}
	}
	return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("the editor's tools build for %s/%s (go.toolsEnvVars)", goos, goarch), Evidence: ev,
		Detail: fmt.Sprintf("%s. The Go extension gives go.toolsEnvVars to gopls (which then reads the files of %s/%s: usually why it was set), and also to go test and the debugger it starts, "+
			"which build %s/%s programs this %s machine cannot run (\"exec format error\"). Its tool installer drops GOOS and GOARCH, so tool installs are not affected.", strings.Join(set, "; "), goos, goarch, goos, goarch, here),
		Fix: &finding.Fix{Summary: fmt.Sprintf("To have only gopls read %s/%s files, move the variables from go.toolsEnvVars to the gopls setting \"build.env\" ({\"GOOS\": %q, \"GOARCH\": %q}); tests and debugging then build for this machine.", goos, goarch, goos, goarch),
			Docs: advice.DocsGopls}}
}

// installNote says where go install puts programs built for t.
func installNote(f *facts.Facts, t targetSetting) string {
	if gobin := f.GoVar("GOBIN"); gobin != "" {
		return fmt.Sprintf("go install refuses to build tools (\"go: cannot install cross-compiled binaries when GOBIN is set\"; GOBIN=%s).", gobin)
	}
	if gp := f.GOPATHs(); len(gp) > 0 && gp[0] != "" {
		return fmt.Sprintf("go install writes tools to %s, where no editor and no PATH entry looks, so an installed gopls or dlv is still \"not found\".", filepath.Join(gp[0], "bin", t.goos+"_"+t.goarch))
	}
	return "go install writes tools to GOPATH/bin/" + t.goos + "_" + t.goarch + ", where no editor looks."
}

// execWrapper is the go_GOOS_GOARCH_exec program on PATH through which go run and go test run
// cross-built programs, or "".
func execWrapper(f *facts.Facts, t targetSetting) string {
	env := f.Host.Env()
	p, err := host.LookPath(f.Host, "go_"+t.goos+"_"+t.goarch+"_exec", env.Get("PATH"), env.Get("PATHEXT"))
	if err != nil {
		return ""
	}
	return p
}

// unsetTarget stops setting GOOS and GOARCH wherever the user set them, as one fix.
func unsetTarget(f *facts.Facts, t targetSetting, why string) *finding.Fix {
	var fix *finding.Fix
	for _, v := range t.set {
		u := advice.Unset(f, v, why)
		if u == nil {
			continue
		}
		if fix == nil {
			fix = u
			continue
		}
		fix.Summary += " " + u.Summary
		fix.Commands = append(fix.Commands, u.Commands...)
		fix.Actions = append(fix.Actions, u.Actions...)
		fix.Auto = fix.Auto && u.Auto
	}
	return fix
}

// subsNote says which instruction-set variables are set and whether they apply.
func subsNote(t targetSetting) string {
	var notes []string
	for _, v := range t.subs {
		if goenv.ArchVar(t.goarch) == v.Name {
			notes = append(notes, advice.Where(v)+" applies to "+t.goarch+" builds: programs built with a level this CPU lacks stop at start")
		} else {
			notes = append(notes, advice.Where(v)+" is ignored: it applies only to builds for another architecture")
		}
	}
	return strings.Join(notes, ". ")
}

func targetEvidence(t targetSetting) []finding.Evidence {
	var lines []string
	for _, v := range append(append([]goenv.Value(nil), t.set...), t.subs...) {
		lines = append(lines, fmt.Sprintf("%s=%s (from %s)", v.Name, v.Value, v.Where()))
	}
	for _, tv := range t.editor {
		lines = append(lines, tv.String())
	}
	if len(lines) == 0 {
		lines = append(lines, "GOOS, GOARCH and their instruction-set variables are not set")
	}
	return []finding.Evidence{{Command: "go env GOOS GOARCH GOHOSTOS GOHOSTARCH", Output: strings.Join(lines, "\n")}}
}
