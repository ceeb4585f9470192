package classify

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/text"
)

// How the process ended when nothing more specific was said: it did not start, a signal killed
// it, it exited non-zero itself, or it exited 0.

var (
	notOnPathRE = regexp.MustCompile(`exec: "([^"]*)": executable file not found in (?:\$PATH|%PATH%)`)
	lookPathRE  = regexp.MustCompile(`^(\S+): executable file not found in (?:\$?PATH|%PATH%)`)
	logTimeRE   = regexp.MustCompile(`^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? `)
)

// toolModules are the Go tools an editor runs, with the package to go install.
var toolModules = map[string]string{
	"gopls":       "golang.org/x/tools/gopls@latest",
	"dlv":         "github.com/go-delve/delve/cmd/dlv@latest",
	"staticcheck": "honnef.co/go/tools/cmd/staticcheck@latest",
	"goimports":   "golang.org/x/tools/cmd/goimports@latest",
	"gotests":     "github.com/cweill/gotests/gotests@latest",
	"impl":        "github.com/josharian/impl@latest",
}

// missingCmdRE is the message of a program that exited 127 because a command it started was not
// found: env on a #!/usr/bin/env line ("/usr/bin/env: 'python': No such file or directory",
// "env: python: No such file or directory"), or a shell ("sh: 1: foo: not found", "bash: line 1:
// foo: command not found", "zsh:1: command not found: foo").
var missingCmdRE = regexp.MustCompile(`^(?:\S*/)?env: '?([^':]+)'?: No such file or directory$|^\S*sh:(?: line)? ?\d+: ([^:]+): (?:command )?not found$|^\S*sh:\d+: command not found: (\S+)$`)

func missingCommandResult(f *facts) (Result, bool) {
	for i := len(f.errLns) - 1; i >= 0; i-- {
		m := missingCmdRE.FindStringSubmatch(strings.TrimSpace(f.errLns[i]))
		if m == nil {
			continue
		}
		cmd := m[1] + m[2] + m[3]
		prog := "the command"
		if len(f.in.Args) > 0 {
			prog = f.in.Args[0]
		}
		res := Result{ID: ExecNotFound, Details: []string{f.errLns[i]},
			Title: cmd + " is not on PATH (" + prog + " needs it)"}
		if m[1] != "" {
			res.Explanation = fmt.Sprintf("%s starts %s through env (a #!/usr/bin/env %s line, or an env command), "+
				"and env found no %s on PATH, so it exited 127.", prog, cmd, cmd, cmd)
		} else {
			res.Explanation = fmt.Sprintf("A shell run by %s could not find the command %s on PATH, and exited 127 "+
				"(a shell's status for a command not found).", prog, cmd)
		}
		base := strings.TrimSuffix(path.Base(toSlash(cmd)), ".exe")
		if mod := toolModules[base]; mod != "" {
			res.Fix = newFix(fmt.Sprintf("Install %s with go install, and make sure $(go env GOPATH)/bin (or GOBIN) is on PATH.", base),
				"go install "+mod,
				"gomedic check --layer tools")
		} else {
			res.Fix = newFix(fmt.Sprintf("Install %s, or put the directory that holds it on PATH (an editor started from "+
				"the desktop may have another PATH than your shell).", cmd))
		}
		return res, true
	}
	return Result{}, false
}

func orDot(s string) string {
	if s == "" {
		return "."
	}
	return s
}

// signalNames normalises the ways a signal is named (os.ProcessState's words, SIGNAME, numbers).
var signalNames = map[string]string{
	"killed": "SIGKILL", "sigkill": "SIGKILL", "kill": "SIGKILL", "9": "SIGKILL",
	"segmentation fault": "SIGSEGV", "sigsegv": "SIGSEGV", "segv": "SIGSEGV", "11": "SIGSEGV",
	"aborted": "SIGABRT", "sigabrt": "SIGABRT", "abort": "SIGABRT", "abrt": "SIGABRT", "6": "SIGABRT",
	"terminated": "SIGTERM", "sigterm": "SIGTERM", "term": "SIGTERM", "15": "SIGTERM",
	"interrupt": "SIGINT", "sigint": "SIGINT", "int": "SIGINT", "2": "SIGINT",
	"hangup": "SIGHUP", "sighup": "SIGHUP", "hup": "SIGHUP", "1": "SIGHUP",
	"broken pipe": "SIGPIPE", "sigpipe": "SIGPIPE", "pipe": "SIGPIPE", "13": "SIGPIPE",
	"bus error": "SIGBUS", "sigbus": "SIGBUS", "bus": "SIGBUS", "7": "SIGBUS",
	"illegal instruction": "SIGILL", "sigill": "SIGILL", "ill": "SIGILL", "4": "SIGILL",
	"floating point exception": "SIGFPE", "sigfpe": "SIGFPE", "fpe": "SIGFPE", "8": "SIGFPE",
	"quit": "SIGQUIT", "sigquit": "SIGQUIT", "3": "SIGQUIT",
	"bad system call": "SIGSYS", "sigsys": "SIGSYS", "sys": "SIGSYS", "31": "SIGSYS",
	"trace/breakpoint trap": "SIGTRAP", "sigtrap": "SIGTRAP", "trap": "SIGTRAP", "5": "SIGTRAP",
	"cpu time limit exceeded": "SIGXCPU", "sigxcpu": "SIGXCPU", "24": "SIGXCPU",
	"file size limit exceeded": "SIGXFSZ", "sigxfsz": "SIGXFSZ", "25": "SIGXFSZ",
}

func signalName(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "signal: ")))
	if n, ok := signalNames[s]; ok {
		return n
	}
	if strings.HasPrefix(s, "sig") {
		return strings.ToUpper(s)
	}
	return s
}

// recogniseSignal: the process was killed by a signal (or go run reports "signal: killed").
func recogniseSignal(f *facts) (Result, bool) {
	raw := f.killedBy()
	if raw == "" {
		return Result{}, false
	}
	sig := signalName(raw)
	if f.in.Phase == PhaseBuild && sig == "SIGINT" {
		return Result{ID: Signal, Title: "interrupted while it was being built",
			Explanation: "gomedic run was interrupted (Ctrl-C) while the go command built the program, so the " +
				"build stopped and the program never ran.",
			Fix: newFix("Run it again and let the build finish (a first build of a large module takes a while).")}, true
	}
	res := Result{ID: Signal, Title: "killed by " + sig}
	if f.in.TimedOut {
		// Stopped at the timeout but not recognised as such: should not happen (timeout comes first).
		res.Title += " at the timeout"
	}
	c, ok := signalCauses[sig]
	if !ok {
		res.Explanation = "The process was killed by the signal " + raw + "."
		res.Fix = newFix("Find who sent it: the program's environment (a supervisor, a judge, a terminal) or the program itself.")
		return res, true
	}
	res.Explanation = strings.ReplaceAll(c.explanation, "SIGNAL", sig)
	res.Fix = newFix(c.fix, c.commands...)
	return res, true
}

// killedBy is the signal that killed the process, as the runner, go run ("signal: killed" at the
// end of its standard error) or go test (its test binary's, on standard output) says it; "" when
// none did.
func (f *facts) killedBy() string {
	if f.in.Signal != "" {
		return f.in.Signal
	}
	for i := len(f.errLns) - 1; i >= 0 && i >= len(f.errLns)-5 && f.in.ExitCode != 0; i-- {
		if c, ok := f.at(i, gocmd.ExitSignal); ok {
			return c.Value
		}
	}
	s, _ := testBinarySignal(f)
	return s
}

// signalCause is what a signal that killed a process means, and what to do; SIGNAL in the
// explanation stands for the signal's name.
type signalCause struct {
	explanation string
	fix         string
	commands    []string
}

var (
	crashSignal = signalCause{"The process crashed with SIGNAL and the Go runtime did not report it: the crash " +
		"was in C code (cgo) with the runtime's handlers replaced, or this is not a Go program.",
		"Run it under a debugger (gdb, or dlv for Go code) to see where it crashed.", nil}
	stopSignal = signalCause{"The process was asked to stop (SIGNAL): Ctrl-C, an editor's Stop button, kill, " +
		"a closed terminal or a service manager. It did not crash.",
		"Nothing to fix unless the stop was unexpected; the program can catch the signal (os/signal) to clean up.", nil}
	limitSignal = signalCause{"The process passed a resource limit (SIGNAL: CPU time or file size, ulimit -t / -f).",
		"Raise the limit (ulimit) or make the program use less.", nil}
)

// signalCauses are the signals explained, by name.
var signalCauses = map[string]signalCause{
	"SIGKILL": {"The process was killed with SIGKILL, which cannot be caught: it stopped at once, with no " +
		"message of its own and no deferred calls run. " +
		"The usual sender is the kernel's out-of-memory killer (the program, or everything in its container, " +
		"used more memory than allowed); otherwise a supervisor, a judge's time or memory limit, or kill -9.",
		"Look for the out-of-memory killer in the kernel log; if it was, reduce the memory the program " +
			"uses (a heap profile shows where it goes) or raise the limit.",
		[]string{"dmesg | grep -i -E 'out of memory|killed process|oom'", "journalctl -k | grep -i oom"}},
	"SIGSEGV": crashSignal,
	"SIGBUS":  crashSignal,
	"SIGABRT": {"The process aborted (SIGABRT): abort() in C code, a failed C assertion, or " +
		"GOTRACEBACK=crash after a Go panic (then the panic is printed above).",
		"Read the output above the abort; for C code, run it under gdb.", nil},
	"SIGTERM": stopSignal,
	"SIGINT":  stopSignal,
	"SIGHUP":  stopSignal,
	"SIGPIPE": {"The process wrote to a pipe whose reader had gone (prog | head): it was stopped by SIGPIPE.",
		"Nothing to fix when the reader stops early on purpose.", nil},
	"SIGILL": {"The CPU refused an instruction (SIGILL): the binary was built for a newer CPU than this " +
		"one (GOAMD64=v3 or higher on an older x86-64, GOARM64 features), or memory corruption.",
		"Build with the default GOAMD64/GOARM64 level.", []string{"go env GOAMD64 GOARM64"}},
	"SIGSYS": {"A system call was refused (SIGSYS): a seccomp sandbox (container, judge) forbids it.",
		"Run outside the sandbox, or allow the system call in its profile.", nil},
	"SIGXCPU": limitSignal,
	"SIGXFSZ": limitSignal,
}

// recogniseExitCode: a non-zero exit the program chose (os.Exit, log.Fatal) or its command did.
func recogniseExitCode(f *facts) (Result, bool) {
	if f.exit == 0 {
		return Result{}, false
	}
	if f.exit == -1 {
		return Result{ID: ExitCode, Title: "ended without an exit status",
			Explanation: "The process ended without an exit status gomedic could read (no exit code, no signal, no start error)."}, true
	}
	code := f.exit
	res := Result{ID: ExitCode, Title: fmt.Sprintf("exited with status %d", code)}
	msg := f.lastMessage()
	if msg != "" {
		res.Title += ": " + text.Clip(strings.TrimSpace(logTimeRE.ReplaceAllString(msg, "")), 160) // log's timestamp is noise here
		res.Details = text.LastLines(nonGoRun(f, f.errLns), 5)
	}
	if f.goCmd == "test" && f.exit == f.in.ExitCode {
		// go test exits 1 for any failing binary and does not print the binary's own status.
		res.Title = "the test binary failed without a test failure"
		if msg != "" {
			res.Title += ": " + text.Clip(strings.TrimSpace(logTimeRE.ReplaceAllString(msg, "")), 160)
		}
	}
	res.Explanation = exitExplanation(f, code, msg)
	if !strings.HasSuffix(res.Explanation, ".") {
		res.Explanation += "."
	}
	if f.exit != f.in.ExitCode && f.in.ExitCode == 1 {
		res.Explanation += fmt.Sprintf(" (go %s printed \"exit status %d\" and exited 1 itself.)", orWord(f.goCmd, "run"), code)
	}
	res.Explanation += exitStatusNote(f.who(), code, msg)
	res.Fix = newFix("The status is the program's own decision: its message says what it did not like. Note that " +
		"os.Exit and log.Fatal skip deferred calls, so buffered output may be lost.")
	return res, true
}

// exitExplanation says who chose the exit status code, and how, with its last message (msg).
func exitExplanation(f *facts, code int, msg string) string {
	who := f.who()
	switch {
	case f.goCmd == "test" && f.exit == f.in.ExitCode:
		s := "A test binary ended with a non-zero status (go test exits 1 whatever that status was, " +
			"and does not show it)"
		if msg != "" {
			s += "; the last thing it printed was: " + msg
		}
		return s
	case logTimeRE.MatchString(msg) && code == 1:
		return fmt.Sprintf("%s stopped itself with log.Fatal (the last line it printed, with its "+
			"timestamp, is log.Fatal's message), which exits with status 1: %s", who, strings.TrimSpace(logTimeRE.ReplaceAllString(msg, "")))
	case msg != "":
		how := fmt.Sprintf("os.Exit(%d)", code)
		switch code {
		case 1:
			how += ", log.Fatal, or an error returned to a command framework"
		case 255:
			how = "os.Exit(255), or os.Exit(-1): a status is one byte"
		}
		return fmt.Sprintf("%s exited with status %d itself (%s); its message%s was: %s", who, code, how, onStderr(f), msg)
	case code == 255:
		return fmt.Sprintf("%s exited with status 255 without printing an error: an os.Exit(255) or "+
			"os.Exit(-1) (a status is one byte) somewhere in its code (or a library's).", who)
	case f.lastStdoutMessage() != "" && who == "The program":
		return fmt.Sprintf("%s exited with status %d itself (os.Exit(%d)), with nothing on standard "+
			"error; the last line it printed on standard output was: %s", who, code, code, f.lastStdoutMessage())
	}
	return fmt.Sprintf("%s exited with status %d without printing an error: an os.Exit(%d) "+
		"somewhere in its code (or a library's).", who, code, code)
}

// exitStatusNote is what else the status says: how a test binary stops early, what a shell
// means by 126, 127 and 128+N, what else exits 2.
func exitStatusNote(who string, code int, msg string) string {
	switch {
	case who == "The test binary":
		return " No test reported a failure: the binary exited on its own, from TestMain's os.Exit, " +
			"or a test or the code under test calling os.Exit or log.Fatal, which stops every test."
	case code == 126:
		return " In a shell, 126 means a command was found but could not be executed."
	case code == 127:
		return " In a shell, 127 means a command was not found."
	case code > 128 && code <= 128+31:
		return fmt.Sprintf(" A shell reports %d for a command killed by signal %d (%s).", code, code-128,
			signalName(strconv.Itoa(code-128)))
	case code == 2 && msg == "":
		return " Status 2 is also what a Go panic or the flag package exits with, but neither printed its message here."
	}
	return ""
}

func onStderr(f *facts) string {
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		return ""
	}
	return " on standard error"
}

// nonGoRun are lines (a prefix of f.lines) without go run's "exit status N".
func nonGoRun(f *facts, lines []string) []string {
	var out []string
	for i, l := range lines {
		if _, ok := f.at(i, gocmd.ExitStatus); !ok || !f.wrapper() {
			out = append(out, l)
		}
	}
	return out
}

func orWord(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// recogniseOK: it exited 0.
func recogniseOK(f *facts) (Result, bool) {
	return okResult(f), true
}

func okResult(f *facts) Result {
	res := Result{ID: OK, Title: "exited normally (status 0)"}
	if f.exit != 0 || !f.ran() {
		// reached only when nothing else matched a failure: say what is known.
		return exitCodeOrUnknown(f)
	}
	if f.goCmd == "test" || f.in.Phase == PhaseTest {
		var pkgs []string
		for _, l := range f.lines {
			if m := okLineRE.FindStringSubmatch(l); m != nil {
				pkgs = append(pkgs, m[1])
			}
		}
		res.Title = "the tests passed"
		res.Explanation = "go test ran the tests and none failed"
		if len(pkgs) > 0 {
			res.Explanation += " (" + strings.Join(text.CapList(pkgs, 5), ", ") + ")"
		}
		res.Explanation += "."
		return res
	}
	res.Explanation = "The program ran and exited with status 0."
	if src := f.in.Source; src != nil && src.ReadsStdin && f.in.Stdin == result.RunStdinNone && len(f.in.Args) <= 1 {
		// Given no arguments (one could name a file it reads instead of standard input).
		res.Explanation += " Note that it reads standard input and got none; give it input with --stdin FILE or --input TEXT."
	}
	return res
}

func exitCodeOrUnknown(f *facts) Result {
	res, ok := recogniseExitCode(f)
	if !ok {
		res = Result{ID: ExitCode, Title: "did not exit normally",
			Explanation: "The process did not exit normally, and nothing in its output says why."}
	}
	return res
}
