package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/vscode"
)

// driverVar is the variable go/packages reads (golang.org/x/tools/go/packages/external.go).
const driverVar = "GOPACKAGESDRIVER"

// driverMode is the go/packages load mode gopls asks for (gopls/internal/cache/load.go config):
// NeedName, NeedFiles, NeedCompiledGoFiles, NeedImports, NeedDeps, NeedTypesSizes, the internal
// DepsErrors, NeedForTest, TypecheckCgo, NeedModule and NeedEmbedFiles.
const driverMode = 1 | 2 | 4 | 8 | 16 | 512 | 1024 | 2048 | 4096 | 8192 | 16384

// maxDriverAnswer bounds the answer kept: a Bazel workspace's can be tens of megabytes.
const maxDriverAnswer = 64 << 20

// docsDriver is rules_go's page on editor setup with gopackagesdriver.
const docsDriver = "https://github.com/bazel-contrib/rules_go/wiki/Editor-setup"

// driverChoice is the driver gopls will run for a folder, and where that came from.
type driverChoice struct {
	value string // as set ("" when none is set)
	from  string // "the gopls build.env setting in /x/settings.json:3", "go.toolsEnvVars in ...", "the environment", "PATH: ..."
	// literal is set when the value comes from the gopls settings, which nothing expands.
	literal bool
	env     *host.Env // the environment gopls (and so the driver) gets
	// onPath is set for a gopackagesdriver found on PATH because the variable is empty.
	onPath bool
}

// label names the driver in titles: "GOPACKAGESDRIVER /x/d.sh" or "the gopackagesdriver on PATH (/x/gopackagesdriver)".
func (c driverChoice) label() string {
	if c.onPath {
		return fmt.Sprintf("the gopackagesdriver on PATH (%s)", c.value)
	}
	return driverVar + " " + c.value
}

// findDriver decides the driver as gopls does (gopls/internal/cache/view.go and go/packages
// findExternalDriver): the gopls "build.env" setting wins, then gopls's own environment (the
// user's, with go.toolsEnvVars on top); when neither sets it, a program named gopackagesdriver on
// PATH is used. "off" means none.
func findDriver(f *facts.Facts) driverChoice {
	var extra []string
	c := driverChoice{}
	if v := f.Host.Env().Get(driverVar); v != "" {
		c = driverChoice{value: v, from: "the environment"}
	}
	for _, v := range f.ToolVars() {
		extra = append(extra, v.Name+"="+v.Value)
		if v.Name == driverVar {
			c = driverChoice{value: v.Value, from: fmt.Sprintf("%s in %s:%d", v.Setting, v.File, v.Line)}
		}
	}
	c.env = f.Host.Env().With(extra...)
	if v, where, ok := goplsEnvDriver(f.Settings()); ok {
		c = driverChoice{value: v, from: "the gopls build.env setting in " + where, literal: true, env: c.env.With(driverVar + "=" + v)}
	}
	if c.value == "" {
		// go/packages looks for gopackagesdriver whenever the variable is empty, set or not.
		if p, err := host.LookPath(f.Host, "gopackagesdriver", c.env.Get("PATH"), c.env.Get("PATHEXT")); err == nil {
			c.value, c.from, c.onPath = p, "PATH: go/packages runs a program named gopackagesdriver when GOPACKAGESDRIVER is not set", true
		}
	}
	return c
}

// goplsEnvDriver is GOPACKAGESDRIVER in the gopls settings' env object ("build.env", or any key
// whose last segment is env: gopls keeps only that segment), with the file and line.
func goplsEnvDriver(s *vscode.Settings) (value, where string, ok bool) {
	for _, m := range s.Merged("gopls") {
		key := strings.TrimPrefix(m.Key, "gopls.")
		if key != "env" && !strings.HasSuffix(key, ".env") {
			continue
		}
		var env map[string]any
		if json.Unmarshal(m.Value, &env) != nil {
			continue
		}
		if v, found := env[driverVar]; found {
			str, _ := v.(string)
			value, where, ok = str, fmt.Sprintf("%s:%d", m.File, m.Line), true
		}
	}
	return value, where, ok
}

// driverFolder checks the package driver gopls uses for one folder: it runs and answers, and a
// Bazel workspace has one.
func driverFolder(f *facts.Facts, folder string) part {
	c := findDriver(f)
	bz := findBazel(f, folder)
	switch {
	case c.value == "off":
		return part{status: finding.Info, title: fmt.Sprintf("GOPACKAGESDRIVER=off (from %s): gopls loads packages with the go command", c.from),
			detail: bazelNote(bz)}
	case c.value == "" && bz != nil:
		return bazelWithoutDriver(bz, c)
	case c.value == "":
		return part{status: finding.Skip, title: "no GOPACKAGESDRIVER: gopls loads packages with the go command"}
	}
	return probeDriver(f, folder, c)
}

// driverPath is the program go/packages starts for the value: a name without a separator is
// looked up in PATH; a relative path is taken from the folder, gopls's working directory.
func driverPath(f *facts.Facts, folder string, c driverChoice) (string, string) {
	v := c.value
	switch {
	case c.literal && strings.Contains(v, "${"):
		return "", fmt.Sprintf("gopls reads its settings as written: the Go extension expands ${...} variables in go.toolsEnvVars but not in the gopls settings, so %s names no file", v)
	case strings.HasPrefix(v, "~"):
		return "", fmt.Sprintf("%s starts with ~, which nothing expands for gopls: no program %s exists", v, v)
	case !strings.ContainsAny(v, `/\`):
		p, err := host.LookPath(f.Host, v, c.env.Get("PATH"), c.env.Get("PATHEXT"))
		if err != nil {
			return "", fmt.Sprintf("no program %s on the PATH gopls gets", v)
		}
		return p, ""
	case !host.IsAbs(f.Host, v):
		return filepath.Join(folder, v), ""
	}
	return v, ""
}

// driverAnswer is the part of go/packages's DriverResponse the check reads.
type driverAnswer struct {
	NotHandled bool
	Roots      []string
	Packages   []struct {
		ID     string
		Errors []struct{ Pos, Msg string }
	}
}

// probeDriver runs the driver as gopls's first load does: the request on stdin, the pattern
// ./... as argument, in the folder, within three times the fact timeout (a build system may
// build first).
func probeDriver(f *facts.Facts, folder string, c driverChoice) part {
	name := fmt.Sprintf("GOPACKAGESDRIVER=%s (from %s)", c.value, c.from)
	if c.onPath {
		name = fmt.Sprintf("%s (from %s)", c.label(), c.from)
	}
	path, why := driverPath(f, folder, c)
	if why != "" {
		return part{status: finding.Fail, title: fmt.Sprintf("%s cannot be run: gopls loads no package", c.label()),
			detail: name + ". " + why + ". gopls fails every load with \"err: exit status 1: stderr: ...\" or \"exec: ...: no such file or directory\".",
			fix:    driverFix(c)}
	}
	env := f.ToolEnv(c.env, facts.IsolateCaches)
	req, _ := json.Marshal(map[string]any{"mode": driverMode, "env": env.Environ(), "build_flags": []string{}, "tests": true, "overlay": map[string]any{}})
	r := f.Run(host.Cmd{Path: path, Args: []string{"./..."}, Dir: folder, Env: env.With("PWD=" + folder).Environ(),
		Stdin: req, Timeout: 3 * f.Timeout, OutputLimit: maxDriverAnswer})
	ev := []finding.Evidence{{Command: name}, driverEvidence(r)}
	return judgeDriver(r, c, name, ev)
}

// driverEvidence is the run, without the (possibly huge) answer: its size and first bytes.
func driverEvidence(r *host.Result) finding.Evidence {
	ev := doctor.Ran(r)
	ev.Command += " < (a go/packages request as gopls sends it)"
	if r.OK() {
		ev.Output = fmt.Sprintf("%d bytes on stdout: %s", len(r.Stdout), text.Clip(strings.TrimSpace(string(r.Stdout)), 300))
	}
	return ev
}

// judgeDriver reads the driver's run as go/packages does.
func judgeDriver(r *host.Result, c driverChoice, name string, ev []finding.Evidence) part {
	p := part{ev: ev}
	switch {
	case r.TimedOut:
		p.status, p.title = finding.Warn, fmt.Sprintf("%s did not answer within %s", c.label(), r.Cmd.Timeout)
		p.detail = name + ". gopls waits for it before any completion or diagnostic works (it has no time limit); a build system may be building the workspace first. Run it yourself to see where it stops."
		p.fix = &finding.Fix{Summary: "Run the driver as gopls does and see where it stops; a driver that hangs keeps gopls loading for ever.",
			Commands: []string{"echo '{}' | " + r.Cmd.String()}, Docs: docsDriver}
		return p
	case r.Err != nil || r.ExitCode != 0:
		stderr := text.FirstLine(strings.TrimSpace(string(r.Stderr)))
		p.status, p.title = finding.Fail, fmt.Sprintf("%s fails: %s", c.label(), oneLineFailure(r))
		msg := c.value + ": " + goPackagesErr(r)
		if stderr != "" {
			msg += ": " + stderr
		}
		p.detail = fmt.Sprintf("%s. go/packages gives up on its error, so gopls loads no package and shows: %s", name, msg)
		p.fix = driverFix(c)
		return p
	}
	var a driverAnswer
	if err := json.Unmarshal(r.Stdout, &a); err != nil {
		p.status, p.title = finding.Fail, fmt.Sprintf("%s does not answer with JSON", c.label())
		p.detail = fmt.Sprintf("%s. It exited 0, but go/packages cannot read its standard output (%v), so gopls loads no package. Anything else it prints must go to stderr.", name, err)
		p.fix = driverFix(c)
		return p
	}
	return judgeAnswer(p, a, c, name)
}

// judgeAnswer reads a well-formed answer.
func judgeAnswer(p part, a driverAnswer, c driverChoice, name string) part {
	switch {
	case a.NotHandled:
		p.status, p.title = finding.Info, fmt.Sprintf("%s declines this workspace (NotHandled): gopls uses the go command", c.label())
		p.detail = name + "."
		return p
	case len(a.Roots) == 0 && len(a.Packages) == 0:
		p.status, p.title = finding.Warn, fmt.Sprintf("%s answers with no package for ./...", c.label())
		p.detail = name + ". gopls will show \"No packages found for open file\" for every file of this folder."
		p.fix = driverFix(c)
		return p
	}
	var errs []string
	for _, pkg := range a.Packages {
		for _, e := range pkg.Errors {
			errs = append(errs, strings.TrimSpace(pkg.ID+": "+strings.TrimSpace(e.Pos+" "+e.Msg)))
		}
	}
	if len(errs) > 0 {
		p.status, p.title = finding.Warn, fmt.Sprintf("%s answers with %s", c.label(), count(len(errs), "package error"))
		p.detail = name + ". gopls shows them as diagnostics:\n  " + strings.Join(text.CapList(errs, 5), "\n  ")
		return p
	}
	p.status, p.title = finding.OK, fmt.Sprintf("%s answers: %s, %s", c.label(), count(len(a.Packages), "package"), count(len(a.Roots), "root"))
	p.detail = name + "."
	return p
}

// oneLineFailure says in a few words how the run failed.
func oneLineFailure(r *host.Result) string {
	switch {
	case r.NotStarted():
		return "it cannot be started (" + goPackagesErr(r) + ")"
	case r.Err != nil:
		return r.Err.Error()
	}
	return fmt.Sprintf("exit status %d", r.ExitCode)
}

// goPackagesErr is the error part of go/packages's message for a failed driver.
func goPackagesErr(r *host.Result) string {
	if r.Err != nil {
		var se *host.StartError
		if errors.As(r.Err, &se) {
			return se.Err.Error()
		}
		return r.Err.Error()
	}
	return fmt.Sprintf("exit status %d", r.ExitCode)
}

// count is n with the noun, plural when n is not 1: "1 package", "3 roots".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// driverFix says where the driver is set, to correct it or turn it off.
func driverFix(c driverChoice) *finding.Fix {
	if c.onPath {
		return &finding.Fix{
			Summary: fmt.Sprintf("%s is used by go/packages (gopls, staticcheck, ...) because GOPACKAGESDRIVER is not set: remove it from PATH if this workspace does not need it, or set GOPACKAGESDRIVER=off in go.toolsEnvVars.", c.value),
			Docs:    docsDriver,
		}
	}
	return &finding.Fix{
		Summary: fmt.Sprintf("Correct the driver set in %s so that it runs and prints a go/packages answer (JSON) on stdout, or set GOPACKAGESDRIVER=off there to have gopls use the go command.", c.from),
		Docs:    docsDriver,
	}
}
