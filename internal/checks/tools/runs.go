package tools

import (
	"debug/elf"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/toolset"
)

// runsCheck runs t's version command (or -h) once, with the timeout, and judges how it ended.
func runsCheck(f *facts.Facts, t *toolset.Tool) finding.Finding {
	path, skip := installed(f, t)
	if skip != nil {
		return *skip
	}
	res := f.Probe(path, t.ProbeArgs())
	ev := []finding.Evidence{doctor.Ran(res)}
	cmd := res.Cmd.String()
	fail := func(title, detail string) finding.Finding {
		return finding.Finding{Status: finding.Fail, Title: title, Detail: detail, Evidence: ev, Fix: replaceFix(f, t, "latest", fmt.Sprintf("Reinstall %s with the go command.", t.Name), path)}
	}
	if b, ok := windowsBlock(f, res); ok {
		return blockedFinding(f, t, path, b, ev)
	}
	switch {
	case res.TimedOut:
		return fail(fmt.Sprintf("%s did not answer within %s", t.Name, res.Cmd.Timeout),
			fmt.Sprintf("%s ran for %s without finishing and was killed. The editor starts %s the same way and will wait on it the same way: %s. "+
				"A wrapper script waiting for input, a binary on an unreachable network share or a security scanner holding the file are the usual causes; run the command yourself to see where it stops.",
				cmd, res.Cmd.Timeout, path, t.HangSymptom()))
	case res.NotStarted():
		title, detail := startFailure(f, t, path, res.Err)
		return fail(title, detail)
	case res.Err != nil && res.Signal == "":
		return finding.Finding{Status: finding.Error, Title: fmt.Sprintf("%s could not be run to the end", cmd), Detail: res.Err.Error(), Evidence: ev}
	}
	if how, crash := crashOf(res); crash != "" {
		return fail(fmt.Sprintf("%s crashes (%s)", t.Name, how), fmt.Sprintf("%s %s.%s\n%s", cmd, crash, truncatedNote(f, path), t.CrashSymptom()))
	}
	if t.HelpOnly() {
		return leftoverWarning(judgeHelp(res, t, ev, fail), res, t)
	}
	if res.ExitCode != 0 {
		return fail(fmt.Sprintf("%s exits with status %d", cmd, res.ExitCode),
			fmt.Sprintf("Asked for its version, %s printed:\n%s\nand exited with status %d. A %s that cannot print its version fails the same way when the editor starts it. %s%s",
				t.Name, orNothing(text.FirstLines(text.Printable(res.Output()), 8)), res.ExitCode, t.Name, t.StartSymptom(), leftBehind(res, t)))
	}
	return leftoverWarning(versionFinding(f, t, path, res, ev), res, t)
}

// windowsBlock is the Windows security feature that refused to run the tool, if one did.
func windowsBlock(f *facts.Facts, res *host.Result) (host.ExecBlock, bool) {
	if f.Host.OS() != "windows" {
		return host.ExecBlock{}, false
	}
	return host.WindowsExecBlock(res)
}

// blockedFinding is the failure of a tool Windows refuses to run, named after who refused it, with
// the way out that feature has.
func blockedFinding(f *facts.Facts, t *toolset.Tool, path string, b host.ExecBlock, ev []finding.Evidence) finding.Finding {
	dir := dirOf(path)
	fd := finding.Finding{Status: finding.Fail, Evidence: ev,
		Title: fmt.Sprintf("Windows blocks %s: %s refused to run it", t.Name, b.By),
		Detail: fmt.Sprintf("Starting %s: %s (%s). The program itself is not at fault: Windows refused it before it ran, and refuses the editor the same way. %s",
			path, b.Said, b.Code, t.StartSymptom())}
	fd.Fix = advice.WindowsBlock(b, dir, "go install "+t.Package+"@latest")
	return fd
}

// leftBehind says, after a space, what the command left running when it exited, and that it was
// killed; "" when it left nothing.
func leftBehind(res *host.Result, t *toolset.Tool) string {
	if len(res.Leftovers) == 0 && !res.HeldOutput {
		return ""
	}
	held := "was still running"
	if res.HeldOutput {
		held = "kept its output open, so gomedic stopped reading it after a second"
	}
	return fmt.Sprintf(" When %s exited, %s %s; gomedic killed it.", t.Name, host.Leftovers(res.Leftovers), held)
}

// leftoverWarning turns the ok finding of a version command that left a process running (a
// wrapper script's background child) into a warning that names it: what the tool printed still
// counts, but every start of the tool by the editor leaves such a process behind.
func leftoverWarning(fd finding.Finding, res *host.Result, t *toolset.Tool) finding.Finding {
	left := leftBehind(res, t)
	if fd.Status != finding.OK || left == "" {
		return fd
	}
	fd.Status = finding.Warn
	fd.Title = fmt.Sprintf("%s, but leaves %s running", fd.Title, host.Leftovers(res.Leftovers))
	fd.Detail = strings.TrimSpace(fmt.Sprintf("%s\nAsked for its version, %s exited with status %d.%s What it printed is judged as usual. "+
		"The editor starts %s the same way, and each start leaves such a process behind. A wrapper script that starts a program in the background (`cmd &`) is the usual cause: "+
		"redirect that program's output and wait for it, or `exec` the real %s.", fd.Detail, t.Name, res.ExitCode, left, t.Name, t.Name))
	return fd
}

// versionFinding is the finding of a version command that exited 0: ok with the version it
// printed, else a warning. A build of t prints its version; one that prints none, or text gomedic
// does not recognize, is a wrapper that replaces the output, another program under t's name, or a
// damaged build, and the editor reads gopls's version too.
func versionFinding(f *facts.Facts, t *toolset.Tool, path string, res *host.Result, ev []finding.Evidence) finding.Finding {
	out := res.Output()
	if p, ok := t.ParseVersion(out); ok {
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s runs: version %s (%s)", t.Name, p.Shown, timing(res)), Evidence: ev}
	}
	cmd := strings.Join(append([]string{t.Name}, t.ProbeArgs()...), " ")
	title := fmt.Sprintf("%s runs, but `%s` prints no version", t.Name, cmd)
	detail := fmt.Sprintf("Asked for its version, %s exited with status 0 but printed nothing.", path)
	if first := text.FirstLines(text.Printable(out), 1); strings.TrimSpace(first) != "" {
		title = fmt.Sprintf("%s runs, but `%s` prints no version gomedic recognizes", t.Name, cmd)
		detail = fmt.Sprintf("Asked for its version, %s exited with status 0 but printed no version gomedic recognizes: %q.", path, first)
	}
	detail += fmt.Sprintf(" A build of %s prints its version; this is a wrapper that replaces its output, another program under its name, or a damaged build, and gomedic cannot tell which %s it is.", t.Name, t.Name)
	if t.Name == "gopls" {
		detail += " The Go extension asks gopls for its version too (`gopls version -json`, then `gopls version`): one it cannot read counts as out of date, so it offers to update gopls every day (or updates it, with go.toolsManagement.autoUpdate)."
	}
	fix := replaceFix(f, t, "latest", fmt.Sprintf("Reinstall %s with the go command.", t.Name), path)
	fix.Auto = false // a version text gomedic does not know may still be a working tool: the user judges
	return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("%s (%s)", title, timing(res)), Evidence: ev, Detail: detail, Fix: fix}
}

// timing says how long the probe took, or, for an answer replayed from the probe cache, when the
// unchanged binary gave it.
func timing(res *host.Result) string {
	if !res.CachedAt.IsZero() {
		return fmt.Sprintf("answer of %s, binary unchanged since; --no-cache runs it again", res.CachedAt.Local().Format("Jan 2 15:04"))
	}
	return fmt.Sprintf("%d ms", res.Duration.Milliseconds())
}

// usageText recognizes a usage message: "Usage:", "usage of", or an indented flag list.
var usageText = regexp.MustCompile(`(?im)usage|^\s+-{1,2}[a-z]`)

// judgeHelp judges a tool that has no version flag by its -h: Go's flag package prints the usage
// and exits 0 (since go1.16; 2 before), so either status with a usage text is a working tool.
func judgeHelp(res *host.Result, t *toolset.Tool, ev []finding.Evidence, fail func(string, string) finding.Finding) finding.Finding {
	out := res.Output()
	if (res.ExitCode == 0 || res.ExitCode == 2) && usageText.MatchString(out) {
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s runs (its -h prints the usage, %s)", t.Name, timing(res)), Evidence: ev}
	}
	return fail(fmt.Sprintf("%s -h exits with status %d without a usage text", t.Name, res.ExitCode),
		fmt.Sprintf("%s has no version flag, so gomedic asks for its usage; a working build prints it and exits 0 or 2. This one printed:\n%s", t.Name, orNothing(text.FirstLines(text.Printable(out), 8))))
}

// panicLine finds the start of a Go panic or fatal runtime error.
var panicLine = regexp.MustCompile(`(?m)^(panic: |fatal error: |runtime: |SIGSEGV: |unexpected fault address)`)

// crashOf says how the command crashed: in a few words ("panic", "signal segmentation fault") and
// in a sentence ("was killed by signal segmentation fault"); both are "" when it did not.
func crashOf(res *host.Result) (how, crash string) {
	out := res.Output()
	if loc := panicLine.FindStringIndex(out); loc != nil {
		msg := out[loc[0]:]
		how, _, _ = strings.Cut(msg, ":")
		if i := strings.Index(msg, "\n\n"); i >= 0 {
			msg = msg[:i] // the message, without the goroutine dump that follows
		}
		return how, "crashed:\n" + text.FirstLines(text.Printable(msg), 6)
	}
	if res.Signal != "" {
		return "signal " + res.Signal, "was killed by signal " + res.Signal
	}
	return "", ""
}

// execErrorKind names the exec failures that have a cause a user can fix.
func execErrorKind(msg string) string {
	switch {
	case strings.Contains(msg, "exec format error"), strings.Contains(msg, "not a valid Win32 application"), strings.Contains(msg, "bad CPU type"):
		return "format"
	case strings.Contains(msg, "permission denied"), strings.Contains(msg, "Access is denied"):
		return "permission"
	case strings.Contains(msg, "no such file or directory"):
		return "loader"
	case strings.Contains(msg, "text file busy"):
		return "busy"
	}
	return ""
}

// startFailure explains why the program could not be started.
func startFailure(f *facts.Facts, t *toolset.Tool, path string, err error) (title, detail string) {
	sees := t.StartSymptom()
	switch execErrorKind(err.Error()) {
	case "format":
		return fmt.Sprintf("%s is not a program this machine can run", t.Name),
			fmt.Sprintf("Starting %s fails: %v. The file is not an executable for %s/%s: a binary for another system, or a damaged file.%s %s",
				path, err, f.Host.OS(), f.Host.Arch(), truncatedNote(f, path), sees)
	case "permission":
		if f.Host.OS() == "windows" {
			return fmt.Sprintf("%s cannot be executed: access is denied", t.Name),
				fmt.Sprintf("Starting %s fails: %v. On Windows an antivirus scanning or holding a program just written says this, and so does a file whose permissions deny you execute: "+
					"run it again in a minute, check the antivirus's protection history, and the file's Security tab. %s", path, err, sees)
		}
		return fmt.Sprintf("%s cannot be executed: permission denied", t.Name),
			fmt.Sprintf("Starting %s fails: %v. The file has an execute bit, so the file system it is on forbids running programs (mounted noexec), "+
				"or a directory on its path cannot be searched. %s", path, err, sees)
	case "loader":
		return fmt.Sprintf("%s cannot start: its interpreter or loader is missing", t.Name),
			fmt.Sprintf("Starting %s fails: %v, although the file exists: %s %s", path, err, missingLoader(f, path), sees)
	case "busy":
		return fmt.Sprintf("%s is being written", t.Name),
			fmt.Sprintf("Starting %s fails: %v. Another program (an install or update in progress) has it open for writing; run gomedic again when it is done. %s", path, err, sees)
	}
	return fmt.Sprintf("%s cannot be started", t.Name), fmt.Sprintf("Starting %s fails: %v. %s", path, err, sees)
}

// missingLoader names what the kernel could not find: a script's #! interpreter, or an ELF
// program's dynamic loader (PT_INTERP: a binary built for musl on a glibc system, or for a Nix
// store that is not there).
func missingLoader(f *facts.Facts, path string) string {
	if bi := f.BinInfo(path); bi.Info != nil && bi.Info.Format == binfo.FormatScript {
		return fmt.Sprintf("its #! line names %s, which does not exist here.", orNothing(bi.Info.Interpreter))
	}
	if interp := elfInterpreter(f, path); interp != "" {
		if _, err := f.Host.Stat(interp); err != nil {
			return fmt.Sprintf("it is a dynamically linked program whose loader, %s, does not exist here (a binary built for another C library or distribution).", interp)
		}
		return fmt.Sprintf("it is a dynamically linked program (loader %s) that needs a library that is missing.", interp)
	}
	return "the program it needs to start (a #! interpreter or a dynamic loader) does not exist here."
}

// elfInterpreter reads the PT_INTERP of an ELF file, or "".
func elfInterpreter(f *facts.Facts, path string) string {
	file, err := f.Host.Open(path)
	if err != nil {
		return ""
	}
	defer file.Close()
	ef, err := elf.NewFile(file)
	if err != nil {
		return ""
	}
	for _, p := range ef.Progs {
		if p.Type != elf.PT_INTERP || p.Filesz == 0 || p.Filesz > 4096 {
			continue
		}
		buf := make([]byte, p.Filesz)
		if _, err := p.ReadAt(buf, 0); err != nil {
			return ""
		}
		return strings.TrimRight(string(buf), "\x00")
	}
	return ""
}

// truncatedNote explains a file whose headers could not be read (cut short, damaged).
func truncatedNote(f *facts.Facts, path string) string {
	bi := f.BinInfo(path)
	if bi.Err == nil || !errors.Is(bi.Err, binfo.ErrMalformed) {
		return ""
	}
	return fmt.Sprintf(" Its headers cannot be read (%v): the file is damaged or was cut short by an interrupted download or copy.", bi.Err)
}

func orNothing(s string) string {
	if s == "" {
		return "(nothing)"
	}
	return s
}
