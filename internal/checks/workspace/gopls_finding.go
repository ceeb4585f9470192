package workspace

import (
	"fmt"
	"go/build/constraint"
	"regexp"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/lsp"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// goplsEditorEffect is what the user sees while gopls cannot load the workspace.
const goplsEditorEffect = "The editor shows the error (on go.mod or go.work, or as a notification) and in the \"gopls (server)\" output channel, and gopls has no packages to work with: no completion, navigation, hover or diagnostics in this workspace."

// goplsDocs is gopls's troubleshooting guide.
const goplsDocs = "https://go.dev/gopls/troubleshooting"

// goplsFinding judges a gopls session.
func goplsFinding(rep *lsp.Report, st goplsSetup) finding.Finding {
	fd := goplsVerdict(rep, st)
	fd.Evidence = goplsEvidence(rep, st)
	if fd.Status == finding.Fail && fd.Fix == nil {
		fd.Fix = goplsFix(rep, st)
	}
	if st.alternate != nil && fd.Status == finding.Fail && fd.BlockedBy == "" && goplsBinaryFailed(rep) {
		// The editor runs the program go.alternateTools.gopls names: that program, or the
		// entry, is what to fix; installing gopls would change nothing the editor runs.
		fd.Title = fmt.Sprintf("%s: %s (%s)", st.alternate.key, fd.Title, st.alternate.where)
		fd.Detail = st.alternate.note + "\n" + fd.Detail
		fd.Fix = st.alternate.fix
	}
	if note := goplsRemoteNote(st); note != "" && fd.Status != finding.Skip {
		fd.Detail += "\n" + note
	}
	return fd
}

// goplsBinaryFailed reports whether the session failed because of the gopls program itself (it
// could not start, printed something that is not LSP, hung or exited), not because of what it
// was asked to load.
func goplsBinaryFailed(rep *lsp.Report) bool {
	f := rep.Failure
	if f == nil {
		return false
	}
	switch f.Kind {
	case lsp.FailStart, lsp.FailProtocol, lsp.FailExit:
		return true
	case lsp.FailTimeout:
		return f.Phase != lsp.PhaseLoad
	}
	return false
}

// goplsRestart is how the user makes the editor start gopls again.
const goplsRestart = "then restart the language server (Go: Restart Language Server)"

// goplsFix is the fix of a failure that no other check explains.
func goplsFix(rep *lsp.Report, st goplsSetup) *finding.Fix {
	reinstall := []string{"gomedic tools install gopls"}
	try := fmt.Sprintf("To watch it yourself, run `%s` in %s: a working gopls prints nothing and waits for LSP messages on its input.", rep.Command, st.cfg.Dir)
	f := rep.Failure
	errs := goplsErrorTexts(goplsErrors(rep))
	switch {
	case f == nil && rep.Packages == 0 && len(errs) == 0:
		return &finding.Fix{Summary: "Open the folder that holds go.mod or go.work (or a .code-workspace listing such folders), or make this folder a module with `go mod init`; " + goplsRestart + ".",
			Commands: []string{"go mod init example.com/m   # with your module path"}, Docs: "https://go.dev/doc/tutorial/create-module"}
	case f == nil && goplsCause(errs, st) == "editor.settings.tools_env":
		if fix := goplsToolsEnvFix(errs, st); fix != nil {
			return fix
		}
		fallthrough
	case f == nil:
		return &finding.Fix{Summary: "Fix the errors gopls reports above (the go command, run in the workspace, shows the same: `go list ./...`), " + goplsRestart + ".", Docs: goplsDocs}
	case f.Kind == lsp.FailProtocol:
		return &finding.Fix{Summary: fmt.Sprintf("The editor runs %s, which does not speak LSP on its standard output: a wrapper that prints, or another program. Make the editor run the real gopls (reinstall it, or point go.alternateTools.gopls at it), %s. %s", st.cfg.Path, goplsRestart, try),
			Commands: reinstall, Docs: goplsDocs}
	case f.Kind == lsp.FailTimeout:
		return &finding.Fix{Summary: fmt.Sprintf("gopls hangs before it answers: a wrapper waiting for something, a -remote daemon that does not answer (see go.languageServerFlags), or a broken build. %s Reinstall it, %s.", try, goplsRestart),
			Commands: reinstall, Docs: goplsDocs}
	case f.Kind == lsp.FailStart:
		return &finding.Fix{Summary: "Reinstall gopls, " + goplsRestart + ".", Commands: reinstall, Docs: goplsDocs}
	}
	return &finding.Fix{Summary: fmt.Sprintf("gopls crashed. Update it (a newer release may have fixed the crash), %s. If it still crashes, report it with what it printed at https://go.dev/issue/new (title \"x/tools/gopls: ...\"). %s", goplsRestart, try),
		Commands: reinstall, Docs: goplsDocs}
}

// goplsToolsEnvFix is the fix of load errors that a variable of go.toolsEnvVars causes: remove it
// there, where it was set; nil when no variable the errors name is set there.
func goplsToolsEnvFix(errs []string, st goplsSetup) *finding.Fix {
	name := "GO111MODULE"
	if goplsModFlagCaused(errs, goplsEnvValue(st, "GOFLAGS")) || strings.Contains(strings.Join(errs, "\n"), "GOFLAGS") {
		name = "GOFLAGS"
	}
	for _, v := range st.toolVars {
		if v.Name != name {
			continue
		}
		summary := fmt.Sprintf("In %s, line %d: remove %q from \"go.toolsEnvVars\": the Go extension gives gopls (and the other tools) %s=%s, and the go command gopls runs with it fails as reported (the go command in a terminal does not get it); %s.",
			v.File, v.Line, name, name, v.Value, goplsRestart)
		if mod, _ := goplsModFlags(v.Value); mod == "vendor" {
			summary += fmt.Sprintf(" If vendoring is meant, keep the setting and make the vendor directory match go.mod instead: run `go mod vendor` in %s.", st.cfg.Dir)
		}
		return &finding.Fix{Summary: summary, Docs: "https://github.com/golang/vscode-go/wiki/settings#gotoolsenvvars"}
	}
	return nil
}

// goplsRemoteNote warns that gopls's shared daemon, which -remote=auto starts detached, outlives
// the session as it outlives the editor's.
func goplsRemoteNote(st goplsSetup) string {
	for _, a := range st.cfg.Args {
		if strings.HasPrefix(strings.TrimLeft(a, "-"), "remote") {
			return fmt.Sprintf("go.languageServerFlags has %s: gopls forwards to a shared gopls daemon (starting it when needed, detached), so the memory figure is the forwarder's, and a daemon it started stays up until it has been idle for a while, as with the editor.", a)
		}
	}
	return ""
}

// goplsVerdict is the status, title, detail and cause of a session.
func goplsVerdict(rep *lsp.Report, st goplsSetup) finding.Finding {
	name := goplsName(rep, st)
	errs := goplsErrors(rep)
	if f := rep.Failure; f != nil {
		printed := rep.Printed()
		detail := goplsStarted(rep, st)
		switch {
		case f.Kind == lsp.FailStart:
			return finding.Finding{Status: finding.Fail, Title: fmt.Sprintf("gopls could not be started: %v", f.Err),
				Detail: detail + fmt.Sprintf("\nStarting it failed: %v. The editor cannot start it either: no language features at all.", f.Err)}
		case f.Kind == lsp.FailTimeout && f.Phase == lsp.PhaseLoad && len(errs) == 0:
			return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("%s did not finish loading the workspace within %s", name, st.cfg.Timeout.Round(time.Second)),
				Detail: detail + "\n" + f.Err.Error() + ". The editor shows \"Setting up workspace\" meanwhile, with no language features. On a large workspace or a cold cache this can be slowness rather than a hang: run again with a larger --timeout (gopls gets three times it)." + goplsPrintedNote(printed),
				Fix:    &finding.Fix{Summary: "Run `gomedic check --deep --only ws.gopls --timeout 30s` to give gopls longer; if it still does not finish, see gopls's troubleshooting guide.", Docs: goplsDocs}}
		case f.Kind == lsp.FailTimeout && f.Phase == lsp.PhaseLoad:
			// The load errors say more than the wait.
		default:
			title, what := goplsBroken(rep, name, st.cfg.Timeout)
			fd := finding.Finding{Status: finding.Fail, Title: title,
				Detail: detail + "\n" + what + goplsPrintedNote(printed)}
			fd.BlockedBy = goplsCause(append([]string{printed}, goplsErrorTexts(errs)...), st)
			return fd
		}
	}
	if len(errs) > 0 {
		fd := finding.Finding{Status: finding.Fail, Title: fmt.Sprintf("%s cannot load the workspace: %s", name, errs[0].msg),
			Detail: goplsStarted(rep, st) + "\nIt reported:\n  " + strings.Join(goplsErrorTexts(errs), "\n  ") + "\n" + goplsEditorEffect + goplsNotes(rep, st)}
		fd.BlockedBy = goplsCause(goplsErrorTexts(errs), st)
		return fd
	}
	if fd := goplsOpenedVerdict(rep, st, name); fd != nil {
		return *fd
	}
	if rep.Packages == 0 && !st.hasGoFiles {
		return finding.Finding{Status: finding.Info, Title: "gopls started, and found no Go package to load: the workspace has no Go files",
			Detail: goplsStarted(rep, st) + "\n" + goplsLoaded(rep, st) + goplsNotes(rep, st)}
	}
	if rep.Packages == 0 {
		return finding.Finding{Status: finding.Fail, Title: fmt.Sprintf("%s loaded no packages from the workspace", name),
			Detail:    goplsStarted(rep, st) + "\nIt reported no error, but found no package to load in " + goplsFolders(st.cfg.Folders) + ": the editor has no language features in its Go files. Open the folder that holds go.mod (or go.work), or add one." + goplsNotes(rep, st),
			BlockedBy: "ws.module"}
	}
	return finding.Finding{Status: finding.OK, Title: goplsOKTitle(rep), Detail: goplsStarted(rep, st) + "\n" + goplsLoaded(rep, st) + goplsOpenedNote(rep, st) + goplsNotes(rep, st)}
}

// goplsBroken is the title of a session that broke off, and what happened in words.
func goplsBroken(rep *lsp.Report, name string, timeout time.Duration) (title, what string) {
	f := rep.Failure
	first := text.FirstLine(goplsStderr(rep))
	switch f.Kind {
	case lsp.FailProtocol:
		return fmt.Sprintf("%s does not speak LSP: it printed %q on its standard output", name, text.Clip(text.FirstLine(rep.Stdout), 80)),
			fmt.Sprintf("%v. The editor reads LSP messages there, so it cannot talk to it: no language features.", f.Err)
	case lsp.FailRefused:
		return fmt.Sprintf("%s refused to %s: %v", name, f.Phase, f.Err),
			fmt.Sprintf("%v. The editor fails the same way.", f.Err)
	case lsp.FailTimeout:
		return fmt.Sprintf("%s did not answer initialize within %s", name, timeout.Round(100*time.Millisecond)),
			fmt.Sprintf("%v; it was killed with its children. The editor waits for it the same way, with no language features (\"Starting gopls\" never ends).", f.Err)
	}
	// The process exited (or closed its output).
	code := ""
	if rep.Exit != nil {
		switch {
		case rep.Exit.Signal != "" && rep.Exit.Signal != "killed":
			code = " (killed by signal " + rep.Exit.Signal + ")"
		case rep.Exit.ExitCode > 0:
			code = fmt.Sprintf(" (exit status %d)", rep.Exit.ExitCode)
		}
	}
	when := "at start, before answering initialize"
	if f.Phase != lsp.PhaseInitialize {
		when = "while loading the workspace"
	}
	title = fmt.Sprintf("%s exited %s%s", name, when, code)
	if first != "" {
		title += ": " + text.Clip(first, 120)
	}
	what = fmt.Sprintf("%v%s. The editor restarts it a few times, then gives up: \"The gopls server crashed\" and no language features.", f.Err, code)
	return title, what
}

// goplsName is gopls and its version, for titles.
func goplsName(rep *lsp.Report, st goplsSetup) string {
	switch {
	case rep.Server != "" && rep.Server != "the server":
		return rep.Server
	case st.version != "":
		return "gopls " + st.version
	}
	return "gopls"
}

// started says how gopls was started, for the detail.
func goplsStarted(rep *lsp.Report, st goplsSetup) string {
	s := fmt.Sprintf("gomedic started gopls as the Go extension does:\n  %s\nin %s, on %s (%s).", rep.Command, st.cfg.Dir, goplsFolders(st.cfg.Folders), st.settingsNote)
	if len(st.envNotes) > 0 {
		s += "\nThe settings add to the environment: " + strings.Join(st.envNotes, "; ") + "."
	}
	return s
}

func goplsFolders(folders []string) string {
	if len(folders) == 1 {
		return "the workspace folder " + folders[0]
	}
	return fmt.Sprintf("%d workspace folders: %s", len(folders), strings.Join(folders, ", "))
}

// goplsOKTitle is "gopls loaded N packages in T s (peak memory M MB)".
func goplsOKTitle(rep *lsp.Report) string {
	what := "the workspace"
	if rep.Packages > 0 {
		what = fmt.Sprintf("%d packages", rep.Packages)
		if rep.Packages == 1 {
			what = "1 package"
		}
	}
	mem := ""
	if rep.PeakMemory > 0 {
		mem = fmt.Sprintf(" (peak memory %d MB)", (rep.PeakMemory+(1<<19))>>20)
	}
	return fmt.Sprintf("gopls loaded %s in %.1f s%s", what, rep.ReadyTime.Seconds(), mem)
}

// goplsLoaded says what loaded, how fast (and from which cache), with how much memory.
func goplsLoaded(rep *lsp.Report, st goplsSetup) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s answered initialize after %.2f s and had loaded the workspace, with its first diagnostics, after %.2f s", goplsName(rep, goplsSetup{}), rep.InitTime.Seconds(), rep.ReadyTime.Seconds())
	b.WriteString(goplsCacheNote(st.cache))
	b.WriteString(".")
	if rep.Stats != nil {
		all := 0
		var gos []string
		for _, v := range rep.Stats.Views {
			all += v.AllPackages.Packages
			if v.GoCommandVersion != "" && !strings.Contains(strings.Join(gos, " "), v.GoCommandVersion) {
				gos = append(gos, v.GoCommandVersion)
			}
		}
		views := "1 view"
		if n := len(rep.Stats.Views); n != 1 {
			views = fmt.Sprintf("%d views", n)
		}
		fmt.Fprintf(&b, " Workspace packages, as gopls counts them (test variants included): %d, %d with their dependencies, in %s", rep.Packages, all, views)
		if len(gos) > 0 {
			fmt.Fprintf(&b, " using %s", strings.Join(gos, ", "))
		}
		b.WriteString(".")
	} else if rep.StatsNote != "" {
		b.WriteString(" " + rep.StatsNote + ".")
	}
	if rep.PeakMemory > 0 {
		fmt.Fprintf(&b, " Peak memory (resident, VmHWM): %d MB.", (rep.PeakMemory+(1<<19))>>20)
	} else if rep.MemoryNote != "" {
		b.WriteString(" " + goplsCapitalize(rep.MemoryNote) + ".")
	}
	return b.String()
}

// goplsNotes are what else the session saw: warnings, errors in Go files, a shutdown that needed a kill.
func goplsNotes(rep *lsp.Report, st goplsSetup) string {
	var notes []string
	for _, m := range rep.Messages {
		switch {
		case m.Type == lsp.MessageWarning:
			notes = append(notes, fmt.Sprintf("gopls warned (%s): %s", m.Method, cleanGoplsMessage(m.Text)))
		case m.Type == lsp.MessageError && !goplsLoadError(m):
			notes = append(notes, fmt.Sprintf("gopls logged an error, which the editor only writes to the \"gopls (server)\" output channel: %s", cleanGoplsMessage(m.Text)))
		}
	}
	for _, d := range rep.Diagnostics {
		if d.Severity == lsp.SeverityWarning {
			notes = append(notes, fmt.Sprintf("gopls warns on %s:%d: %s", d.File, d.Line, cleanGoplsMessage(d.Message)))
		}
	}
	if rep.GoDiagnostics > 0 {
		notes = append(notes, fmt.Sprintf("gopls reports %d errors in Go files: the code itself does not compile there (see ws.packages); the editor underlines them.", rep.GoDiagnostics))
	}
	if rep.Exit != nil && rep.Failure == nil && !rep.ShutdownClean {
		notes = append(notes, "gopls did not exit by itself after shutdown and exit; it was killed with its children.")
	}
	if len(notes) == 0 {
		return ""
	}
	return "\n" + strings.Join(notes, "\n")
}

// goplsLogStamp is the time stamp gopls puts before its log messages.
var goplsLogStamp = regexp.MustCompile(`^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? `)

// cleanGoplsMessage is the first line of a gopls message without its time stamp and, for an
// error of the go command, without gopls's wrapping ("packages.Load error: err: exit status 1:
// stderr: go: ..." is "go: ...").
func cleanGoplsMessage(s string) string {
	s = text.FirstLine(goplsLogStamp.ReplaceAllString(strings.TrimSpace(s), ""))
	if i := strings.LastIndex(s, "stderr: "); i >= 0 && strings.TrimSpace(s[i+len("stderr: "):]) != "" {
		s = s[i+len("stderr: "):]
	}
	return strings.TrimSpace(s)
}

// goplsError is a load error gopls reported, and where ("/x/go.mod:3"; "" for a message).
type goplsError struct{ msg, where string }

func (e goplsError) String() string {
	if e.where == "" {
		return e.msg
	}
	return e.where + ": " + e.msg
}

// goplsErrors are the load errors gopls reported, cleaned and without duplicates: the
// diagnostics of go.mod and go.work first (they name the file), then the messages that do not
// repeat one of them.
func goplsErrors(rep *lsp.Report) []goplsError {
	var out []goplsError
	add := func(msg, where string) {
		msg = cleanGoplsMessage(msg)
		if msg == "" {
			return
		}
		for _, e := range out {
			if strings.Contains(msg, e.msg) {
				return
			}
		}
		out = append(out, goplsError{msg, where})
	}
	for _, d := range rep.Diagnostics {
		if d.Severity == lsp.SeverityError {
			add(d.Message, fmt.Sprintf("%s:%d", d.File, d.Line))
		}
	}
	for _, m := range rep.Messages {
		if goplsLoadError(m) {
			add(m.Text, "")
		}
	}
	for _, p := range rep.Progress {
		if strings.HasPrefix(p.End, "Error loading") {
			add(p.End, "")
		}
	}
	return out
}

// goplsLoadError reports whether a message is a load error: every error gopls shows the user
// (window/showMessage, window/showMessageRequest), and the errors it logs about loading the
// workspace. Its other logged errors are internal (the editor only writes them to the output
// channel) and are kept as notes.
func goplsLoadError(m lsp.Message) bool {
	if m.Type != lsp.MessageError {
		return false
	}
	if m.Method != "window/logMessage" {
		return true
	}
	for _, s := range []string{"packages.Load", "workspace load failed", "Error loading", "failed to load view", "go: "} {
		if strings.Contains(m.Text, s) {
			return true
		}
	}
	return false
}

// goplsErrorTexts are the errors as lines.
func goplsErrorTexts(errs []goplsError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.String())
	}
	return out
}

// goplsStderr is what gopls printed on its standard error.
func goplsStderr(rep *lsp.Report) string {
	if rep.Exit == nil {
		return ""
	}
	return strings.TrimSpace(string(rep.Exit.Stderr))
}

func goplsPrintedNote(printed string) string {
	if printed == "" {
		return "\nIt printed nothing else."
	}
	lines := strings.Split(printed, "\n")
	if len(lines) > 16 {
		lines = append(lines[:16], fmt.Sprintf("… (%d more lines in the evidence)", len(lines)-16))
	}
	return "\nWhat it printed:\n" + goplsIndent(text.ClipNote(strings.Join(lines, "\n"), 1500))
}

// goplsCause names the check whose failure explains what gopls said, "" when none does.
//
// It matches words, not gocmd causes, on purpose. Its texts are not the go command's output as
// printed: gopls's own messages are among them (its flag errors, "not able to find modules",
// "no go.mod"), a diagnostic comes as "FILE:LINE: message", and cleanGoplsMessage keeps one line
// of each, so the go command's continuation lines are gone and two of its lines can come joined
// ("go: downloading go1.99.0 (linux/amd64): toolchain not available", which no gocmd rule reads).
// And it blames a check for any mention of what that check owns (go.work, go.sum,
// vendor/modules.txt, GOPROXY, GOFLAGS, GO111MODULE, "reading https://"), whichever message holds
// it, which no kind expresses. Reading the texts with gocmd.Parse would either miss these or need
// gocmd's rules loosened past the go command's own lines; gopls relays the go command's words
// (requires go >=, missing go.sum entry, no required module provides package, ...), so a word
// here is the go command's wording as gopls passes it on.
func goplsCause(texts []string, st goplsSetup) string {
	all := strings.Join(texts, "\n")
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(all, s) {
				return true
			}
		}
		return false
	}
	envCause := func(name, check string) string {
		if st.toolsEnv[name] {
			return "editor.settings.tools_env"
		}
		return check
	}
	switch {
	case st.driver != "" && has(st.driver):
		// go/packages names the driver in its error: "DRIVER: exit status 1: STDERR".
		return "ws.packagesdriver"
	case has("flag provided but not defined", "invalid value \"", "Usage: gopls", "gopls [flags] <command>", "gopls: unable to create log file") && !has("GOFLAGS"):
		return "editor.settings.language_server"
	case has("requires go >=", "requires go1", "toolchain not available", "downloading go1", "GOTOOLCHAIN=local", "invalid go version", "invalid toolchain"):
		return "ws.go_directive"
	case goplsModFlagCaused(texts, goplsEnvValue(st, "GOFLAGS")):
		return envCause("GOFLAGS", "env.goflags")
	case has("GOFLAGS", "parsing $GOFLAGS"):
		return envCause("GOFLAGS", "env.goflags")
	case has("GO111MODULE", "modules disabled"):
		return envCause("GO111MODULE", "env.go111module")
	case has("go.work"):
		return "ws.gowork"
	case has("excluded due to its build tags", "No active builds contain"):
		return "ws.packages"
	case has("missing go.sum entry", "inconsistent vendoring", "module lookup disabled", "cannot find module providing package",
		"no required module provides package", "updates to go.mod needed", "verifying module", "unknown revision", "invalid version",
		"reading https://", "go.sum", "vendor/modules.txt", "GOPROXY"):
		return "ws.deps"
	case has("go.mod file not found", "cannot find main module", "not in a module", "outside main module", "does not contain main module",
		"not able to find modules", "no go.mod"):
		return "ws.module"
	}
	return ""
}

// goplsEnvValue is a variable of the environment gopls was started with, "" when unset.
func goplsEnvValue(st goplsSetup, name string) string {
	v := ""
	for _, kv := range st.cfg.Env {
		if n, val, ok := strings.Cut(kv, "="); ok && n == name {
			v = val
		}
	}
	return v
}

// goplsModFlags are the -mod value and whether -modfile is set, in a GOFLAGS value.
func goplsModFlags(goflags string) (mod string, modfile bool) {
	for _, f := range strings.Fields(goflags) {
		name, val, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		switch name {
		case "mod":
			mod = val
		case "modfile":
			modfile = true
		}
	}
	return mod, modfile
}

// goplsModFlagCaused reports whether the errors are ones the -mod or -modfile flag of goflags
// (the GOFLAGS gopls runs the go command with) causes: inconsistent vendoring and "can't compute
// 'all'" under -mod=vendor, a lookup or an update of go.mod refused by the -mod it names, -mod or
// -modfile refused in workspace mode, a -mod value the go command does not know. Without the flag
// the go command decides the mode from the workspace (vendor/modules.txt, the go line), and these
// errors are the workspace's own.
func goplsModFlagCaused(texts []string, goflags string) bool {
	mod, modfile := goplsModFlags(goflags)
	if mod == "" && !modfile {
		return false
	}
	for _, t := range texts {
		// gopls's own diagnostic on go.mod for the go command's "inconsistent vendoring"
		// (goCommandDiagnostic in gopls/internal/cache/mod.go).
		if mod == "vendor" && strings.Contains(t, "Inconsistent vendoring detected") {
			return true
		}
		for _, c := range gocmd.Parse(t) {
			switch c.Kind {
			case gocmd.InconsistentVendoring, gocmd.VendorAll:
				if mod == "vendor" {
					return true
				}
			case gocmd.ModFlag, gocmd.GoModUpdates:
				if (mod != "" && c.Flag == "-mod="+mod) || (modfile && c.Flag == "-modfile") {
					return true
				}
			case gocmd.WorkspaceModFlag:
				if (mod != "" && c.Value == mod) || (modfile && c.Flag == "-modfile") {
					return true
				}
			case gocmd.ModFlagInvalid:
				return true
			}
		}
	}
	return false
}

// goplsEvidence is the command with what it printed and the exchange, and each go.mod or go.work
// file gopls reported an error on.
func goplsEvidence(rep *lsp.Report, st goplsSetup) []finding.Evidence {
	cmd := rep.Command
	if env := goplsEnvPrefix(st); env != "" {
		cmd = env + " " + cmd
	}
	var out []string
	if p := rep.Printed(); p != "" {
		out = append(out, text.ClipNote(p, 1500))
	}
	if len(rep.Trace) > 0 {
		out = append(out, "LSP exchange (→ sent, ← received):\n"+strings.Join(rep.Trace, "\n"))
	}
	ev := finding.Evidence{Command: cmd, Output: text.ClipNote(strings.Join(out, "\n"), 3900)}
	if rep.Exit != nil {
		ev.DurationMS = rep.Exit.Duration.Milliseconds()
		if rep.Exit.Err == nil {
			code := rep.Exit.ExitCode
			ev.ExitCode = &code
		}
	}
	evs := []finding.Evidence{ev}
	byFile := map[string][]string{}
	var files []string
	for _, d := range rep.Diagnostics {
		if _, ok := byFile[d.File]; !ok {
			files = append(files, d.File)
		}
		sev := "error"
		if d.Severity != lsp.SeverityError {
			sev = "warning"
		}
		byFile[d.File] = append(byFile[d.File], fmt.Sprintf("line %d: %s: %s", d.Line, sev, d.Message))
	}
	for _, f := range files {
		evs = append(evs, doctor.Read(f, strings.Join(byFile[f], "\n")))
	}
	return evs
}

// goplsEnvPrefix is the variables the settings add, as a shell prefix of the command line.
func goplsEnvPrefix(st goplsSetup) string {
	var parts []string
	for _, n := range st.envNotes {
		kv, _, _ := strings.Cut(n, " (")
		name, value, _ := strings.Cut(kv, "=")
		parts = append(parts, shell.Assign(name, value))
	}
	parts = append(parts, goplsTelemetryOff)
	return strings.Join(parts, " ")
}

func goplsIndent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

func goplsCapitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// goplsOpenedVerdict judges the Go file the session opened as the editor does: gopls (v0.15 and
// later) loads the module of an opened file even when the workspace folder is not one, so what
// counts is whether a package holds that file, not how many packages the folder's root has; nil
// when the file loaded (or none was opened).
func goplsOpenedVerdict(rep *lsp.Report, st goplsSetup, name string) *finding.Finding {
	o := rep.Opened
	msg := o.Orphaned()
	if msg == "" {
		return nil
	}
	file := rel(st.cfg.Dir, o.File)
	detail := goplsStarted(rep, st) + "\n" + goplsLoaded(rep, st) + fmt.Sprintf("\nOpened as the editor opens it, %s got from gopls:\n  %s\nso the editor gives no completion, navigation or diagnostics there.", file, msg) + goplsNotes(rep, st)
	fd := &finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("%s loads no package for %s: %s", name, file, text.FirstLine(msg)), Detail: detail,
		BlockedBy: goplsCause([]string{msg}, st)}
	if rep.Packages == 0 {
		fd.Status = finding.Fail
	}
	fd.Fix = goplsOrphanFix(st, file, msg, goplsBuildTags(st.cfg.Host, o.File))
	return fd
}

// goplsBuildTags are the build tags a Go file's //go:build line names, "" when it has none.
func goplsBuildTags(h host.Host, path string) string {
	if h == nil {
		return ""
	}
	data, err := h.ReadFile(path, 1<<20)
	if err != nil {
		return ""
	}
	for _, line := range constraintLines(data) {
		if !constraint.IsGoBuild(line) {
			continue
		}
		expr, err := constraint.Parse(line)
		if err != nil {
			return ""
		}
		var tags []string
		expr.Eval(func(tag string) bool {
			if !knownBuildTag(tag) {
				tags = append(tags, tag)
			}
			return true
		})
		return strings.Join(tags, ",")
	}
	return ""
}

// knownBuildTag reports whether a build tag is one the go command sets by itself (an OS, an
// architecture, a release, cgo, gc): adding it with -tags does not help.
func knownBuildTag(tag string) bool {
	return tag == "cgo" || tag == "gc" || tag == "gccgo" || strings.HasPrefix(tag, "go1.") || platformTags[tag]
}

// platformTags are the GOOS and GOARCH values (and unix), which -tags does not change.
var platformTags = func() map[string]bool {
	m := map[string]bool{"unix": true}
	for _, t := range strings.Fields("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos " +
		"386 amd64 arm arm64 loong64 mips mipsle mips64 mips64le ppc64 ppc64le riscv64 s390x wasm") {
		m[t] = true
	}
	return m
}()

// goplsOrphanFix is the fix for an opened file that no package holds: the build tags its
// //go:build line needs, else the module layout.
func goplsOrphanFix(st goplsSetup, file, msg, tags string) *finding.Fix {
	if tags != "" {
		return &finding.Fix{Summary: fmt.Sprintf("%s builds only with the build tags %s: tell gopls, in the workspace's .vscode/settings.json, with \"go.buildTags\": %q (or \"gopls\": {\"build.buildFlags\": [\"-tags=%s\"]}), %s.", file, tags, tags, tags, goplsRestart),
			Docs: "https://go.dev/gopls/settings#buildflags-string"}
	}
	if strings.HasPrefix(msg, "This file is within module ") {
		return &finding.Fix{Summary: fmt.Sprintf("Add the module of %s to the go.work (go work use), or open its folder on its own; %s.", file, goplsRestart), Docs: docsWorkspaces}
	}
	return &finding.Fix{Summary: fmt.Sprintf("Make %s part of a package the go command builds here: in a module (go.mod at or above it, or a go.work that uses it), with a package clause like its neighbours' and no build constraint that excludes it (`go list -e -f '{{.IgnoredGoFiles}}' ./...` shows files left out); %s.", file, goplsRestart),
		Docs: "https://github.com/golang/tools/blob/master/gopls/doc/workspace.md"}
}

// goplsOpenedNote says which file the session opened, or found held without opening it, and that
// a package holds it.
func goplsOpenedNote(rep *lsp.Report, st goplsSetup) string {
	o := rep.Opened
	switch {
	case o == nil:
		return ""
	case o.Err != "":
		return fmt.Sprintf(" gomedic opened %s as the editor does; %s.", rel(st.cfg.Dir, o.File), o.Err)
	case o.Package != "":
		return fmt.Sprintf(" gopls holds %s in its workspace package %s (gopls.packages, asked once the workspace loaded), so the editor opening it loads nothing more and gets no package-less diagnostic: gomedic did not open it.", rel(st.cfg.Dir, o.File), o.Package)
	}
	return fmt.Sprintf(" gomedic opened %s as the editor does, and gopls loaded a package for it (gopls v0.15 and later load the module of each file opened).", rel(st.cfg.Dir, o.File))
}

// goplsCacheNote says which gopls cache the session used and whether it started cold: never the
// editor's, which a check does not grow.
func goplsCacheNote(c facts.GoplsCache) string {
	switch {
	case c.Dir == "":
		return ""
	case c.Persistent && c.Warm:
		return fmt.Sprintf(", with gomedic's own gopls cache (GOPLSCACHE=%s), kept from an earlier run of this gopls, not the editor's, which a check does not grow", c.Dir)
	case c.Persistent:
		return fmt.Sprintf(", from a cold start: gomedic's own gopls cache (GOPLSCACHE=%s) had no completed load by this gopls binary yet (later runs start warm), not the editor's, which a check does not grow", c.Dir)
	}
	return fmt.Sprintf(", from a cold start: its cache (GOPLSCACHE) was an empty one of gomedic's own for this run only (%s), not the editor's, which a check does not grow", c.Why)
}
