package editor

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/shellenv"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/vscode"
)

// editorGoVars are the Go variables whose values the editor and a terminal should agree on.
var editorGoVars = []string{"GOPATH", "GOROOT", "GOBIN", "GOFLAGS", "GO111MODULE", "GOPROXY", "GOTOOLCHAIN"}

// lookupTimeout is how long gomedic lets the user's shell run: the editor's own 10 s, unless
// gomedic's --timeout is shorter than half of that, in which case twice --timeout (so that the
// check, whose own limit is 3 × --timeout + 5 s, can still report what happened).
func lookupTimeout(f *facts.Facts) time.Duration {
	return min(shellenv.EditorTimeout, 2*f.Timeout)
}

// slowLookup is the duration past which a working lookup is worth mentioning: every start of the
// editor waits that long for its extensions.
const slowLookup = 3 * time.Second

// envModel is the two environments the check compares and how they were obtained.
type envModel struct {
	shell    string
	desk     *shellenv.Desktop
	login    *shellenv.Lookup // the editor's lookup: -i -l
	term     *shellenv.Lookup // a terminal window's shell: -i on Linux; the login shell on macOS
	startup  shellenv.Startup
	editor   *host.Env // what the editor ends up with; nil when it cannot be known
	terminal *host.Env // what a terminal has
	// editorFrom and terminalFrom say where each came from, for details.
	editorFrom, terminalFrom string
}

func envMismatch(ctx context.Context, f *facts.Facts) finding.Finding {
	h := f.Host
	if h.OS() == "windows" {
		return finding.Finding{Status: finding.Skip, Title: "VS Code does not read a shell's environment on Windows",
			Detail: "On Windows the editor, like every program, gets the user and system environment from the registry wherever it is started, so a terminal and the editor see the same variables once both are restarted."}
	}
	sh := shellenv.Shell(h.Env())
	if sh == "" {
		return finding.Finding{Status: finding.Skip, Title: "SHELL is not set, so the shell the editor would run is unknown",
			Detail: "VS Code runs $SHELL, else the login shell of the user database, to read the environment; gomedic reads only its own environment. Run gomedic from your usual shell."}
	}
	m := buildModel(ctx, f, sh)
	return judge(f, m)
}

// buildModel reads the desktop environment, then runs the shell the way the editor does and the
// way a terminal does, both from that environment, at the same time.
func buildModel(ctx context.Context, f *facts.Facts, sh string) *envModel {
	h := f.Host
	m := &envModel{shell: sh, startup: shellenv.Files(h, sh)}
	m.desk = shellenv.ReadDesktop(ctx, h, editorGoVars, f.Timeout)
	start := shellenv.StartEnv(h, m.desk)
	limit := lookupTimeout(f)
	dir := h.HomeDir()
	cache := lookupCache(f)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.login = shellenv.RunCached(ctx, h, cache, sh, shellenv.Login, start, dir, limit)
	}()
	if h.OS() != "darwin" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.term = shellenv.RunCached(ctx, h, cache, sh, shellenv.Interactive, start, dir, limit)
		}()
	}
	wg.Wait()
	if m.term == nil {
		// Terminal.app and iTerm2 open login shells: a terminal is the login shell.
		m.term = m.login
	}

	switch {
	case m.login.OK():
		m.editor, m.editorFrom = m.login.Env, fmt.Sprintf("what `%s` printed", shortCmd(m.login))
	case m.desk.Env != nil:
		m.editor, m.editorFrom = host.NewEnv(start, false), m.desk.Source+", which the editor keeps when the lookup fails"
	}
	switch {
	case m.term.OK():
		m.terminal, m.terminalFrom = m.term.Env, fmt.Sprintf("what `%s` printed", shortCmd(m.term))
	default:
		m.terminal, m.terminalFrom = h.Env(), "gomedic's own environment, since a terminal's shell could not be read either"
	}
	return m
}

// lookupCache is where the shells' environments are replayed from while nothing they read
// changed; nil with --no-cache.
func lookupCache(f *facts.Facts) *shellenv.Cache {
	if f.NoCache || f.CacheDir == "" {
		return nil
	}
	c := &shellenv.Cache{Dir: filepath.Join(f.CacheDir, "shellenv"), Keep: append([]string{"PATHEXT"}, editorGoVars...)}
	if file := goenv.UserFile(f.Host); file != "" {
		c.Also = append(c.Also, file)
	}
	return c
}

// shortCmd is the lookup's command line without the long marked command: "bash -i -l -c ...".
func shortCmd(l *shellenv.Lookup) string {
	args := l.Result.Cmd.Args
	if len(args) > 0 {
		args = args[:len(args)-1]
	}
	return strings.Join(append([]string{l.Shell}, args...), " ") + " <print the environment>"
}

// envProblem is one thing the check found, with the status it deserves.
type envProblem struct {
	status  finding.Status
	title   string
	detail  string
	fix     *finding.Fix
	related []finding.Evidence
}

func judge(f *facts.Facts, m *envModel) finding.Finding {
	probs := problems(f, m)
	notes := envNotes(f, m)

	ev := modelEvidence(m)
	if len(probs) == 0 {
		title := "the editor started from the desktop sees the same go, tools directory and Go variables as a terminal"
		if m.editor == nil {
			title = "the editor's shell lookup could not be judged"
		}
		status := finding.OK
		if len(notes) > 0 {
			status = finding.Info
		}
		return finding.Finding{Status: status, Title: title, Detail: strings.Join(append([]string{comparedText(m)}, notes...), "\n\n"), Evidence: ev}
	}
	worst := probs[0]
	for _, p := range probs[1:] {
		if p.status.Rank() < worst.status.Rank() {
			worst = p
		}
	}
	var details []string
	fix := &finding.Fix{Auto: true}
	var summaries []string
	for _, p := range probs {
		details = append(details, p.detail)
		ev = append(ev, p.related...)
		if p.fix == nil {
			continue
		}
		summaries = append(summaries, p.fix.Summary)
		fix.Commands = append(fix.Commands, p.fix.Commands...)
		fix.Actions = append(fix.Actions, p.fix.Actions...)
		fix.Auto = fix.Auto && p.fix.Auto
		if fix.Docs == "" {
			fix.Docs = p.fix.Docs
		}
	}
	details = append(details, comparedText(m))
	details = append(details, notes...)
	fd := finding.Finding{Status: worst.status, Title: worst.title, Detail: strings.Join(details, "\n\n"), Evidence: ev}
	if len(summaries) > 0 {
		fix.Summary = strings.Join(summaries, " ")
		fix.Auto = fix.Auto && len(fix.Actions) > 0
		fd.Fix = fix
	}
	return fd
}

// problems are what the check found. A shell that did not finish within gomedic's limit is
// reported as that, a warning: a slow shell is not a different environment. What the comparison
// finds then is only what follows if the editor gives up too, told in the timeout's detail.
func problems(f *facts.Facts, m *envModel) []envProblem {
	var probs, compared []envProblem
	for _, judge := range []func(*facts.Facts, *envModel) *envProblem{lookupProblem, termTimeoutProblem} {
		if p := judge(f, m); p != nil {
			probs = append(probs, *p)
		}
	}
	for _, judge := range []func(*facts.Facts, *envModel) *envProblem{goProblem, toolsDirProblem, varsProblem} {
		if p := judge(f, m); p != nil {
			compared = append(compared, *p)
		}
	}
	if !m.login.Result.TimedOut && !m.term.Result.TimedOut {
		return append(probs, compared...)
	}
	for _, p := range compared {
		probs[0].detail += "\n\nIf the editor gives up too: " + p.detail
		probs[0].related = append(probs[0].related, p.related...)
	}
	return probs
}

// termTimeoutProblem reports a terminal's shell (-i, when it is not the editor's lookup) that did
// not finish within gomedic's limit: every terminal window takes that long to open.
func termTimeoutProblem(f *facts.Facts, m *envModel) *envProblem {
	r := m.term.Result
	if m.term == m.login || !r.TimedOut {
		return nil
	}
	name := shellenv.Name(m.shell)
	files := m.startup.InteractiveOnly
	if len(files) == 0 {
		files = m.startup.Searched
	}
	return &envProblem{status: finding.Warn,
		title: fmt.Sprintf("a terminal's shell (%s) did not finish within %s", shortCmd(m.term), r.Cmd.Timeout),
		detail: fmt.Sprintf("`%s`, the shell a terminal window runs, was still running after %s, when gomedic stopped it, so a terminal's environment could not be read and the editor's was not compared with it. Every new terminal window (and the editor's integrated terminal) waits that long for its prompt.",
			shortCmd(m.term), r.Cmd.Timeout),
		fix: &finding.Fix{Summary: fmt.Sprintf("Find what makes `%s -i -c true` slow in the files it reads (%s and what they source) and fix it.", name, strings.Join(advice.HomeTildeAll(f, files), ", ")),
			Commands: []string{"time " + m.shell + " -i -c true", m.shell + " -i -x -c true 2>&1 | tail -20"}}}
}

// comparedText says what was comparedText with what.
func comparedText(m *envModel) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Compared: the editor started from the desktop (%s) with a terminal (%s).", orUnknown(m.editorFrom), m.terminalFrom)
	if m.desk.Env != nil {
		fmt.Fprintf(&b, " The shell was started from the desktop environment, read from %s.", m.desk.Source)
	} else {
		fmt.Fprintf(&b, " The desktop environment could not be read (%s), so the shell was started from a bare session environment (HOME, USER, LANG, XDG_* and the like from gomedic's own environment, PATH=%s), and the editor's fallback when its lookup fails is not known.",
			m.desk.Reason, startPath(m))
	}
	return b.String()
}

// startPath is the PATH the shells were started with.
func startPath(m *envModel) string {
	for _, kv := range m.login.Result.Cmd.Env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			return v
		}
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown: its lookup failed and the desktop environment could not be read"
	}
	return s
}

// lookupProblem reports a lookup that gives the editor nothing.
func lookupProblem(f *facts.Facts, m *envModel) *envProblem {
	why := m.login.Problem()
	if why == "" {
		return nil
	}
	r := m.login.Result
	var b strings.Builder
	fmt.Fprintf(&b, "Started from the desktop, the editor runs your shell as `%s` to read its environment, and here %s.", shortCmd(m.login), why)
	if r.TimedOut && r.Cmd.Timeout < shellenv.EditorTimeout {
		fmt.Fprintf(&b, " gomedic waited %s (twice its --timeout); the editor waits %s, so run gomedic with --timeout %s to wait as long.", r.Cmd.Timeout, shellenv.EditorTimeout, shellenv.EditorTimeout/2)
	}
	if m.desk.Env != nil {
		fmt.Fprintf(&b, " The editor then runs with the desktop environment from %s, without what %s adds.", m.desk.Source, m.startup.Login)
	} else {
		b.WriteString(" The editor then runs with the desktop session's environment, which gomedic could not read, without anything your shell's start-up files add.")
	}
	if m.login.Noise != "" {
		fmt.Fprintf(&b, "\nIts last words on stdout:\n  %s", strings.ReplaceAll(tailLines(m.login.Noise, 5), "\n", "\n  "))
	}
	if tail := tailLines(string(r.Stderr), 5); tail != "" {
		fmt.Fprintf(&b, "\nIts last words on stderr:\n  %s", strings.ReplaceAll(tail, "\n", "\n  "))
	}
	summary := fmt.Sprintf("Find what makes `%s -i -l -c true` slow or fail in the files it reads (%s and what it sources) and fix it, or skip it for the editor: wrap it in `if [ -z \"$VSCODE_RESOLVING_ENVIRONMENT\" ]; then ...; fi` (the editor sets VSCODE_RESOLVING_ENVIRONMENT=1 while it reads the environment).", shellenv.Name(m.shell), m.startup.Login)
	fix := &finding.Fix{Summary: summary, Commands: []string{"time " + m.shell + " -i -l -c true", m.shell + " -i -l -x -c true 2>&1 | tail -20"}, Docs: "https://code.visualstudio.com/docs/supporting/faq#_resolving-shell-environment-fails"}
	if r.TimedOut {
		fix.Summary += " A lookup that is slow but finishes can be given more time with \"application.shellEnvironmentResolutionTimeout\": 30 (seconds, at most 120) in the user settings."
		for _, e := range f.Settings().Editors {
			if file := e.UserSettings(); file != "" {
				fix.Actions = append(fix.Actions, finding.Action{Kind: finding.SettingsEdit, File: file, Key: "/application.shellEnvironmentResolutionTimeout", Value: "30"})
				break
			}
		}
	}
	fix.Auto = false
	return &envProblem{status: finding.Warn, title: "the editor cannot read your shell's environment: " + shortProblem(m.login), detail: b.String(), fix: fix}
}

func shortProblem(l *shellenv.Lookup) string {
	r := l.Result
	switch {
	case r.TimedOut:
		return fmt.Sprintf("the shell did not finish within %s", r.Cmd.Timeout)
	case r.Err != nil && r.Signal != "":
		return "the shell was killed by " + r.Signal
	case r.Err != nil:
		return "the shell could not be started"
	case r.ExitCode != 0:
		return fmt.Sprintf("the shell exited with status %d", r.ExitCode)
	}
	return "the shell never printed the environment"
}

// ttyNoise are what shells print on stderr when they run interactively without a terminal, as they
// always do in the editor's lookup: not worth showing.
var ttyNoise = []string{"cannot set terminal process group", "no job control in this shell", "Could not set up terminal",
	"TERM environment variable not set", "Using fallback terminal type", "can't access tty", "Inappropriate ioctl for device"}

// tailLines is the last n lines of s that are not ttyNoise.
func tailLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		noise := false
		for _, t := range ttyNoise {
			noise = noise || strings.Contains(l, t)
		}
		if !noise {
			lines = append(lines, l)
		}
	}
	return strings.TrimSpace(strings.Join(text.LastLines(lines, n), "\n"))
}

// goFor is the go the Go extension runs with env: its own resolution (go.alternateTools, GOROOT/bin,
// PATH, then /usr/local/go/bin and /usr/local/bin), or "".
func goFor(f *facts.Facts, env *host.Env) vscode.Resolution {
	gopath := host.SplitList(f.Host, env.Get("GOPATH"))
	return vscode.Resolve(f.Host, "go", f.ToolSettings(), vscode.GoPaths{GOBIN: env.Get("GOBIN"), GOPATH: gopath, GOROOT: env.Get("GOROOT"), PATH: env.Get("PATH")})
}

// shellGo is the go a shell with env runs: the first on its PATH.
func shellGo(f *facts.Facts, env *host.Env) string {
	p, err := host.LookPath(f.Host, "go", env.Get("PATH"), env.Get("PATHEXT"))
	if err != nil {
		return ""
	}
	return p
}

func envSameFile(f *facts.Facts, a, b string) bool {
	return facts.SamePathKey(f.Host, a) == facts.SamePathKey(f.Host, b)
}

// goProblem reports a go the terminal runs and the editor cannot find (fail), or a different go.
func goProblem(f *facts.Facts, m *envModel) *envProblem {
	if m.editor == nil {
		return nil
	}
	termGo := shellGo(f, m.terminal)
	if termGo == "" {
		return nil // go.found's business
	}
	res := goFor(f, m.editor)
	dir := filepath.Dir(termGo)
	if res.Path == "" {
		var b strings.Builder
		fmt.Fprintf(&b, "A terminal runs %s, but the editor started from the desktop has PATH=%s and finds no go there, in GOROOT/bin or in /usr/local/go/bin: "+
			"the Go extension says \"Failed to find the \\\"go\\\" binary in either GOROOT() or PATH(%s). Check PATH, or Install Go and reload the window.\", and gopls, the debugger and every Go command of the editor fail.",
			termGo, m.editor.Get("PATH"), m.editor.Get("PATH"))
		origin := explainMissing(f, m, dir)
		b.WriteString(origin.text)
		p := &envProblem{status: finding.Fail, title: "go is on a terminal's PATH but not on the PATH of the editor started from the desktop", detail: b.String(), related: origin.evidence}
		if m.login.OK() {
			// When the lookup fails, its own fix comes first.
			p.fix = pathFix(f, m, dir, origin)
		}
		return p
	}
	if !envSameFile(f, res.Path, termGo) {
		p := &envProblem{status: finding.Warn, title: "the editor started from the desktop runs a different go than a terminal",
			detail: fmt.Sprintf("A terminal runs %s; the Go extension in the editor started from the desktop runs %s (found by its %s rule), so builds, tests and gopls in the editor may use another Go release and GOROOT than the command line.",
				termGo, res.Path, res.Describe())}
		if m.login.OK() {
			origin := explainMissing(f, m, dir)
			p.detail += origin.text
			p.related = origin.evidence
			p.fix = pathFix(f, m, dir, origin)
		}
		return p
	}
	return nil
}

// where says which start-up file sets a directory on a terminal's PATH and why the editor's
// lookup does not see it.
type pathOrigin struct {
	text     string
	line     shellenv.Line
	evidence []finding.Evidence
}

func explainMissing(f *facts.Facts, m *envModel, dir string) pathOrigin {
	var w pathOrigin
	w.line = shellenv.FindLine(f.Host, m.startup.Searched, shellenv.PathNeedles(f.Host, dir)...)
	if w.line.File != "" {
		w.evidence = []finding.Evidence{doctor.Read(fmt.Sprintf("%s:%d", w.line.File, w.line.N), w.line.Text)}
	}
	interactiveOnly := false
	for _, io := range m.startup.InteractiveOnly {
		if w.line.File != "" && envSameFile(f, io, w.line.File) {
			interactiveOnly = true
		}
	}
	switch {
	case !m.login.OK():
		w.text = " The editor's lookup failed (above), so it has only the desktop environment, where " + dir + " is not on PATH."
	case interactiveOnly:
		w.text = fmt.Sprintf(" %s:%d puts it there (%s), but that file is read only by interactive shells that are not login shells; "+
			"the editor runs `%s`, a login shell, which reads %s (%s) and not %s unless that file sources it.",
			advice.HomeTilde(f, w.line.File), w.line.N, w.line.Text, shortCmd(m.login), m.startup.Login, m.startup.LoginNote, advice.HomeTilde(f, w.line.File))
	case w.line.File != "":
		w.text = fmt.Sprintf(" %s:%d puts it there (%s), but not in a way an interactive login shell started from the desktop environment keeps (a condition on the terminal, or a later line that resets PATH).",
			advice.HomeTilde(f, w.line.File), w.line.N, w.line.Text)
	default:
		w.text = fmt.Sprintf(" None of %s mentions %s: the terminal gets it from elsewhere (its own settings, a file they source, or the environment gomedic was started in).", strings.Join(advice.HomeTildeAll(f, m.startup.Searched), ", "), dir)
	}
	return w
}

// loginFileShell is the user's shell set up to write fixes into the login file.
func loginFileShell(f *facts.Facts, m *envModel) shell.Shell {
	sh := f.Shell()
	sh.RC, sh.RCPath = m.startup.Login, m.startup.LoginPath
	return sh
}

// pathFix puts dir on PATH in the file the editor's lookup reads.
func pathFix(f *facts.Facts, m *envModel, dir string, w pathOrigin) *finding.Fix {
	sh := loginFileShell(f, m)
	summary := fmt.Sprintf("Put %s on PATH in %s (%s)", dir, m.startup.Login, m.startup.LoginNote)
	if w.line.File != "" && !envSameFile(f, w.line.File, m.startup.LoginPath) {
		summary += fmt.Sprintf(" rather than only in %s", advice.HomeTilde(f, w.line.File))
	}
	summary += ", then quit the editor completely and start it again."
	if shellenv.Name(m.shell) == "bash" {
		summary += " (Sourcing ~/.bashrc from " + m.startup.Login + " with `[ -f ~/.bashrc ] && . ~/.bashrc` does it too.)"
	}
	return &finding.Fix{
		Summary:  summary,
		Commands: sh.AddToPath(dir),
		Auto:     m.startup.LoginPath != "",
		Actions:  []finding.Action{{Kind: finding.PathAdd, Path: dir, File: m.startup.LoginPath}},
	}
}

// envOnPath reports whether env's PATH names dir.
func envOnPath(f *facts.Facts, env *host.Env, dir string) bool {
	key := facts.SamePathKey(f.Host, dir)
	for _, e := range host.SplitList(f.Host, env.Get("PATH")) {
		if e != "" && host.IsAbs(f.Host, e) && facts.SamePathKey(f.Host, e) == key {
			return true
		}
	}
	return false
}

// toolsDirProblem reports the tools directory on a terminal's PATH and not on the editor's. The Go
// extension finds its own tools in GOBIN and GOPATH/bin without PATH, so this breaks only what runs
// installed tools by name from the editor: tasks, go:generate directives, preLaunchTasks.
func toolsDirProblem(f *facts.Facts, m *envModel) *envProblem {
	dir := f.InstallDir()
	if m.editor == nil || dir == "" || !host.IsAbs(f.Host, dir) || !envOnPath(f, m.terminal, dir) || envOnPath(f, m.editor, dir) {
		return nil
	}
	w := explainMissing(f, m, dir)
	detail := fmt.Sprintf("go install puts tools in %s, which is on a terminal's PATH but not on the PATH of the editor started from the desktop (%s). "+
		"The Go extension still finds gopls and dlv there by itself, but whatever the editor runs by name does not: tasks and preLaunchTasks that run an installed tool "+
		"(\"/bin/bash: line 1: golangci-lint: command not found\"), and go:generate directives (\"exec: \\\"stringer\\\": executable file not found in $PATH\").",
		dir, m.editor.Get("PATH")) + w.text
	p := &envProblem{status: finding.Warn, title: "the tools directory is on a terminal's PATH but not on the editor's", detail: detail, related: w.evidence}
	if m.login.OK() {
		p.fix = pathFix(f, m, dir, w)
	}
	return p
}

// varsProblem reports Go variables the editor and a terminal disagree on.
func varsProblem(f *facts.Facts, m *envModel) *envProblem {
	if m.editor == nil {
		return nil
	}
	var lines []string
	fix := &finding.Fix{Docs: "https://pkg.go.dev/cmd/go#hdr-Print_Go_environment_information"}
	var ev []finding.Evidence
	var names []string
	for _, name := range editorGoVars {
		tv, ev2 := m.terminal.Get(name), m.editor.Get(name)
		if tv == ev2 {
			continue
		}
		names = append(names, name)
		line := fmt.Sprintf("  %s: terminal %s, editor %s", name, showValue(tv), showValue(ev2))
		// The line that sets it: in a start-up file, or, for a value only the desktop session
		// has, in the environment.d files its systemd user manager reads.
		set := shellenv.FindAssignment(f.Host, append(slices.Clone(m.startup.Searched), shellenv.EnvironmentDFiles(f.Host)...), name)
		if set.File != "" {
			line += fmt.Sprintf(" (%s:%d: %s)", advice.HomeTilde(f, set.File), set.N, set.Text)
			ev = append(ev, doctor.Read(fmt.Sprintf("%s:%d", set.File, set.N), set.Text))
		}
		lines = append(lines, line)
		// Without the line, nothing says which file to edit: the commands say where to look.
		var unset []finding.Action
		if set.File != "" {
			unset = []finding.Action{{Kind: finding.EnvUnset, Key: name, File: set.File}}
		}
		switch {
		case name == "GOROOT" || tv == "":
			fix.Actions = append(fix.Actions, unset...)
			fix.Commands = append(fix.Commands, fmt.Sprintf("# delete the line that sets %s from %s", name, orStartup(f, set, m)))
		default:
			fix.Actions = append(append(fix.Actions, finding.Action{Kind: finding.GoEnvSet, Key: name, Value: tv}), unset...)
			fix.Commands = append(fix.Commands, "go env -w "+name+"="+shell.Quote(tv), fmt.Sprintf("# then delete the line that sets %s from %s", name, orStartup(f, set, m)))
		}
	}
	if len(names) == 0 {
		return nil
	}
	fix.Summary = fmt.Sprintf("Give %s one value for every program: set it with `go env -w` (the go env file, which the go command reads wherever it is started) and stop setting it in a start-up file.", strings.Join(names, ", "))
	if slices.Contains(names, "GOROOT") {
		fix.Summary += " GOROOT is best left unset everywhere: the go command finds its own."
	}
	detail := fmt.Sprintf("Go variables differ between a terminal and the editor started from the desktop, so the editor's builds, gopls and tool installs do not behave like the command line:\n%s", strings.Join(lines, "\n"))
	return &envProblem{status: finding.Warn, title: strings.Join(names, ", ") + " differ between a terminal and the editor started from the desktop", detail: detail, fix: fix, related: ev}
}

func orStartup(f *facts.Facts, l shellenv.Line, m *envModel) string {
	if l.File != "" {
		return fmt.Sprintf("%s (line %d)", advice.HomeTilde(f, l.File), l.N)
	}
	return "your shell's start-up files (" + strings.Join(advice.HomeTildeAll(f, m.startup.Searched), ", ") + ")"
}

func showValue(v string) string {
	if v == "" {
		return "unset"
	}
	return fmt.Sprintf("%q", v)
}

// envNotes are facts worth knowing that break nothing.
func envNotes(f *facts.Facts, m *envModel) []string {
	var notes []string
	if m.login.OK() && m.login.Noise != "" {
		notes = append(notes, fmt.Sprintf("Your start-up files print on stdout (%s). The editor ignores everything outside its marks, so its lookup still works; programs that read a shell's output over ssh (scp, rsync, VS Code Remote-SSH) may not.",
			quoteNoise(m.login.Noise)))
	}
	if m.login.OK() && m.login.Result.Duration >= slowLookup {
		notes = append(notes, fmt.Sprintf("The lookup took %s: every start of the editor waits that long before extensions get their environment (the editor gives up at %s).",
			m.login.Result.Duration.Round(100*time.Millisecond), shellenv.EditorTimeout))
	}
	if m.login.OK() && m.desk.Env != nil && goFor(f, m.editor).Path != "" && goFor(f, m.desk.Env).Path == "" {
		notes = append(notes, fmt.Sprintf("go reaches the editor only through this lookup: %s has PATH=%s without it, which is what the editor keeps if the lookup ever fails or takes longer than %s.",
			m.desk.Source, m.desk.Env.Get("PATH"), shellenv.EditorTimeout))
	}
	return notes
}

func quoteNoise(s string) string {
	lines := strings.Split(s, "\n")
	first := text.Clip(lines[0], 80)
	if len(lines) == 1 {
		return fmt.Sprintf("%q", first)
	}
	return fmt.Sprintf("%d lines, the first %q", len(lines), first)
}

// modelEvidence shows the desktop environment and the two shells' results, with only the variables
// that matter (a whole environment may hold secrets).
func modelEvidence(m *envModel) []finding.Evidence {
	var ev []finding.Evidence
	for _, r := range m.desk.Results {
		e := doctor.Ran(r)
		if r.OK() && m.desk.Env != nil {
			e.Output = relevantVars(m.desk.Env)
		}
		ev = append(ev, e)
	}
	for _, l := range []*shellenv.Lookup{m.login, m.term} {
		if l == m.term && m.term == m.login {
			continue
		}
		e := finding.Evidence{Command: shortCmd(l), DurationMS: l.Result.Duration.Milliseconds()}
		if l.Result.Err == nil {
			code := l.Result.ExitCode
			e.ExitCode = &code
		}
		var out []string
		if !l.Result.CachedAt.IsZero() {
			e.CachedAt = l.Result.CachedAt.UTC().Format(time.RFC3339)
			out = append(out, fmt.Sprintf("replayed: what the shell printed at %s; the shell binary, its start environment and the %d start-up files and directories it read are unchanged since (--no-cache runs it again)",
				l.Result.CachedAt.Local().Format("Jan 2 15:04"), l.Depends))
		}
		if l.Env != nil {
			out = append(out, relevantVars(l.Env))
		}
		if l.Noise != "" {
			out = append(out, "stdout outside the marks: "+quoteNoise(l.Noise))
		}
		if p := l.Problem(); p != "" {
			out = append(out, p)
		}
		if tail := tailLines(string(l.Result.Stderr), 3); tail != "" {
			out = append(out, "stderr: "+tail)
		}
		e.Output = strings.Join(out, "\n")
		ev = append(ev, e)
	}
	return ev
}

func relevantVars(env *host.Env) string {
	lines := []string{"PATH=" + env.Get("PATH")}
	for _, name := range editorGoVars {
		if v, ok := env.Lookup(name); ok && v != "" {
			lines = append(lines, name+"="+v)
		}
	}
	return strings.Join(lines, "\n")
}
