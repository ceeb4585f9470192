package classify

import (
	"fmt"
	"path"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/shell"
)

// recogniseExec: the command could not be started (StartErr), or go run could not start the
// program it built (exec format error for another GOOS/GOARCH), or a program exited 127 because a
// command it started was not found.
func recogniseExec(f *facts) (Result, bool) {
	msg, fromGoRun := f.in.StartErr, false
	if msg == "" {
		if f.in.ExitCode == 0 {
			return Result{}, false
		}
		if msg = goRunExecError(f); msg == "" {
			if f.in.ExitCode == 127 {
				return missingCommandResult(f)
			}
			return Result{}, false
		}
		fromGoRun = true
	}
	s := newStartFailure(f, msg, fromGoRun)
	res := Result{ID: ExecNotFound, Details: []string{msg}}
	for _, cause := range startCauses {
		if cause(s, &res) {
			break
		}
	}
	if res.Title == " could not be started" || strings.HasPrefix(res.Title, " ") {
		res.Title = "the command could not be started"
	}
	return res, true
}

// goRunExecError is go run's "fork/exec" line when it could not start the program it built, or "".
func goRunExecError(f *facts) string {
	if c, ok := f.goRunForkExec(); ok {
		return c.Line
	}
	return ""
}

// goRunForkExec is go run's failure to start the program it built (in its go-build directory).
func (f *facts) goRunForkExec() (gocmd.Cause, bool) {
	for _, c := range f.causes().All(gocmd.ForkExec) {
		if f.inStderr(c) && strings.Contains(toSlash(c.Path), "/go-build") {
			return c, true
		}
	}
	return gocmd.Cause{}, false
}

// startFailure is what is known of a command that could not be started.
type startFailure struct {
	f         *facts
	msg       string // the system's error, as given
	lower     string // msg in lower case
	name      string // the command: as run, or as the fork/exec error names it
	fromGoRun bool   // go run built it (the error is go run's)
	x         *ExecFacts
	notOnPath []string // the match of an "executable file not found in $PATH" error
}

func newStartFailure(f *facts, msg string, fromGoRun bool) *startFailure {
	s := &startFailure{f: f, msg: msg, lower: strings.ToLower(msg), fromGoRun: fromGoRun, x: f.in.Exec}
	if len(f.in.Args) > 0 {
		s.name = f.in.Args[0]
	}
	if c, ok := gocmd.First(msg, gocmd.ForkExec); ok {
		s.name = c.Path
	}
	if s.x == nil {
		s.x = &ExecFacts{}
	}
	if s.notOnPath = notOnPathRE.FindStringSubmatch(msg); s.notOnPath == nil {
		s.notOnPath = lookPathRE.FindStringSubmatch(msg)
	}
	return s
}

// says reports whether the error says one of the words (in any case).
func (s *startFailure) says(words ...string) bool {
	for _, w := range words {
		if strings.Contains(s.lower, w) {
			return true
		}
	}
	return false
}

// noSuchFile: the system found no file to start, by its words on Unix or on Windows.
func (s *startFailure) noSuchFile() bool {
	return s.says("no such file or directory", "cannot find the file")
}

// startCauses are the reasons a command could not start, tried in order: each fills in the
// title, explanation and fix of the result when it is the reason. The last one always is.
var startCauses = []func(s *startFailure, res *Result) bool{
	windowsBlockStart,       // Smart App Control, an antivirus or a group policy refused it
	goSourceStart,           // main.go started as a program
	shebangCRStart,          // a script saved with CRLF
	notOnPathStart,          // no such command on PATH
	execFormatStart,         // a binary for another platform, or no binary at all
	directoryStart,          // a directory
	permissionStart,         // no execute permission
	missingInterpreterStart, // the #! line's interpreter does not exist
	missingLoaderStart,      // the binary's dynamic loader does not exist
	noSuchFileStart,         // nothing there
	otherStart,
}

func goSourceStart(s *startFailure, res *Result) bool {
	if !strings.HasSuffix(s.name, ".go") || s.notOnPath != nil {
		return false
	}
	res.Title = s.name + " is Go source, not a program"
	res.Explanation = fmt.Sprintf("%s is a Go source file; the system cannot start it (%s). Go source is "+
		"compiled first: go run compiles and starts it in one step.", s.name, s.msg)
	res.Fix = newFix("Run it with go run (or build it with go build and start the binary).",
		"go run "+shell.Quote(s.name))
	return true
}

func shebangCRStart(s *startFailure, res *Result) bool {
	if !s.x.ShebangCR {
		return false
	}
	res.Title = s.name + "'s #! line ends with a carriage return (Windows line endings)"
	res.Explanation = fmt.Sprintf("%s starts with a #! line that ends in \\r, so the system looks for an "+
		"interpreter whose name ends with a carriage return (%q), which does not exist (%s). The file was saved "+
		"with Windows line endings (CRLF).", s.name, s.x.Interpreter+"\r", s.msg)
	res.Fix = newFix("Save the file with Unix line endings (LF): in VS Code, click CRLF in the status bar; or convert it.",
		"sed -i 's/\\r$//' "+shell.Quote(s.name))
	return true
}

func notOnPathStart(s *startFailure, res *Result) bool {
	if s.notOnPath == nil {
		return false
	}
	prog := s.notOnPath[1]
	res.Title = prog + " is not on PATH"
	res.Explanation = fmt.Sprintf("The command %s was not found in any directory of PATH, so nothing ran.", prog)
	base := strings.TrimSuffix(path.Base(toSlash(prog)), ".exe")
	switch {
	case s.x.InstallDir != "":
		res.Explanation += fmt.Sprintf(" It is installed in %s, where go install puts programs, and that "+
			"directory is not on the PATH the command got.", s.x.InstallDir)
		res.Fix = newFix(fmt.Sprintf("Add %s to PATH (in your shell's startup file, and restart the editor so that it "+
			"sees the new PATH); gomedic check shows the exact line for your shell.", s.x.InstallDir),
			"gomedic check --only env.gobin_on_path")
	case base == "go":
		res.Fix = newFix("Install Go (https://go.dev/dl/) or add its bin directory to PATH (for the official archive, "+
			"/usr/local/go/bin); an editor started from the desktop may have another PATH than your shell.",
			"gomedic check")
	case toolModules[base] != "":
		res.Fix = newFix(fmt.Sprintf("Install %s with go install, and make sure $(go env GOPATH)/bin (or GOBIN) is on PATH.", base),
			"go install "+toolModules[base],
			"gomedic check --layer tools")
	default:
		res.Fix = newFix("Check the command's spelling, install it, or give its path (./" + base + " for a program in " +
			"the current directory: the current directory is not searched).")
	}
	return true
}

// execFormatStart: the system does not take the file for a program of this machine: one built
// for another GOOS/GOARCH (by the go command when it built it), or no executable at all.
func execFormatStart(s *startFailure, res *Result) bool {
	if !s.says("exec format error", "bad cpu type", "not a valid win32 application") {
		return false
	}
	name, x := s.name, s.x
	res.Title = name + " is not a program this machine can run"
	if s.fromGoRun {
		res.Title = "go run built a program for another machine (GOOS/GOARCH)"
	}
	res.Explanation = fmt.Sprintf("The system refused to start %s (%s): it was built for another operating "+
		"system or architecture (GOOS/GOARCH), or it is not an executable at all (go build -o on a package "+
		"that is not main writes an archive; a script needs a #! line).", name, s.msg)
	if len(x.Targets) > 0 && x.Host != "" {
		res.Title = fmt.Sprintf("%s is built for %s; this machine is %s", name, strings.Join(x.Targets, ", "), x.Host)
		res.Explanation = fmt.Sprintf("The system refused to start %s (%s): it is a program for %s, and this "+
			"machine is %s.", name, s.msg, strings.Join(x.Targets, ", "), x.Host)
	}
	built := s.fromGoRun
	if x.Built {
		built = true // the same cause: the build's GOOS/GOARCH
		res.Title = "gomedic run built a program for another machine (GOOS/GOARCH)"
		if len(x.Targets) > 0 {
			res.Title = fmt.Sprintf("the program was built for %s, and this machine is %s", strings.Join(x.Targets, ", "), x.Host)
		}
	}
	if !built {
		res.Fix = newFix("Rebuild it for this machine (go build with GOOS and GOARCH unset), and check what it is.",
			"file "+shell.Quote(name),
			"go env GOHOSTOS GOHOSTARCH")
		return true
	}
	res.Explanation += " The go command built it, so GOOS or GOARCH is set for another platform in the environment or in go env."
	res.Fix = newFix("Build for this machine: unset GOOS and GOARCH (and remove them from go env -w) to run "+
		"programs here; cross-compile with go build only.",
		"go env GOOS GOARCH GOHOSTOS GOHOSTARCH",
		"go env -u GOOS GOARCH")
	return true
}

func directoryStart(s *startFailure, res *Result) bool {
	if !s.x.IsDir {
		return false
	}
	res.Title = s.name + " is a directory"
	res.Explanation = fmt.Sprintf("%s is a directory, not a program, so the system cannot start it (%s).", s.name, s.msg)
	res.Fix = newFix("Give the program's file; for a Go package directory, run it with go run (or gomedic run DIR).",
		"go run "+shell.Quote(s.name))
	return true
}

// windowsBlockStart: Windows refused to start the program for its security policy (a test binary
// or go run's program, freshly built in the go-build directory, is what Smart App Control and
// antivirus scanners refuse most).
func windowsBlockStart(s *startFailure, res *Result) bool {
	b, ok := host.WindowsExecBlockError(s.msg)
	if !ok {
		return false
	}
	dir := path.Dir(toSlash(s.name))
	built := ""
	if strings.Contains(toSlash(s.name), "/go-build") {
		dir = "the go command's temporary build directory (GOTMPDIR, else %TEMP%)"
		built = " The go command built it a moment ago in its temporary directory, so it is unsigned and new to every reputation service."
	}
	res.Title = fmt.Sprintf("Windows blocked %s: %s refused to run it", s.name, b.By)
	res.Explanation = fmt.Sprintf("Starting %s failed: %s (%s). The program itself is not at fault: Windows refused it before it ran.%s", s.name, s.msg, b.Code, built)
	res.Fix = advice.WindowsBlock(b, dir, "")
	return true
}

func permissionStart(s *startFailure, res *Result) bool {
	if !s.says("permission denied") {
		return false
	}
	res.Title = s.name + " is not executable"
	res.Explanation = fmt.Sprintf("The system refused to start %s: permission denied. It has no execute "+
		"permission, is a directory, or is on a file system mounted noexec.", s.name)
	res.Fix = newFix("Give it execute permission, or run it from a file system that allows programs.",
		"chmod +x "+shell.Quote(s.name))
	return true
}

func missingInterpreterStart(s *startFailure, res *Result) bool {
	if !s.noSuchFile() || !s.x.InterpreterMissing {
		return false
	}
	res.Title = fmt.Sprintf("%s names an interpreter that is not here: %s", s.name, s.x.Interpreter)
	res.Explanation = fmt.Sprintf("%s is a script, and its #! line asks for %s, which does not exist on this "+
		"machine; the system reports that as \"no such file or directory\", about the script.", s.name, s.x.Interpreter)
	res.Fix = newFix(fmt.Sprintf("Install %s, or change the script's #! line to an interpreter this machine has "+
		"(#!/usr/bin/env NAME finds it on PATH).", s.x.Interpreter), "head -1 "+shell.Quote(s.name))
	return true
}

func missingLoaderStart(s *startFailure, res *Result) bool {
	if !s.noSuchFile() || !s.x.Exists || len(s.x.Targets) == 0 {
		return false
	}
	res.Title = s.name + " exists, but what it needs to start does not"
	res.Explanation = fmt.Sprintf("%s is a program for %s, and the system could not start it: \"no such file "+
		"or directory\" for a file that exists means its dynamic loader (the ELF interpreter) is missing — a "+
		"binary built against another C library (musl on a glibc system, or the reverse), or for another "+
		"distribution.", s.name, strings.Join(s.x.Targets, ", "))
	res.Fix = newFix("Build it on this machine, or build it static (CGO_ENABLED=0 go build) so that it needs no loader.",
		"file "+shell.Quote(s.name),
		"ldd "+shell.Quote(s.name))
	return true
}

func noSuchFileStart(s *startFailure, res *Result) bool {
	if !s.noSuchFile() {
		return false
	}
	res.Title = s.name + " was not found"
	res.Explanation = fmt.Sprintf("%s could not be started: no such file or directory. Either there is no such "+
		"file (a relative path is taken from the working directory %s), or it exists and what it needs to start "+
		"does not: the interpreter on a script's #! line, or the dynamic loader of a binary built for another "+
		"system (a cgo binary built against musl on a glibc system, or the reverse).", s.name, orDot(s.f.in.Cwd))
	res.Fix = newFix("Check the path; for a file that exists, check its #! line or its loader (file, ldd), or build it "+
		"here with CGO_ENABLED=0 for a static binary.", "ls -l "+shell.Quote(s.name), "file "+shell.Quote(s.name))
	return true
}

func otherStart(s *startFailure, res *Result) bool {
	res.Title = s.name + " could not be started"
	res.Explanation = "The command could not be started: " + s.msg + "."
	res.Fix = newFix("Check the command and its path.")
	return true
}
