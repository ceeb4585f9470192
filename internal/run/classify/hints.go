package classify

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/text"
)

// Hints added to a classification: a file opened relative to a working directory where it is
// not, and a program that the code tried to execute and did not find. They come from --trace's
// failing system calls, or from the error text the program printed.

var openErrRE = regexp.MustCompile(`open ([^\s:][^:]*): (?:no such file or directory|The system cannot find the (?:file|path) specified\.)`)

// fileSyscalls are the calls that look a path up.
var fileSyscalls = map[string]bool{
	"open": true, "openat": true, "openat2": true, "stat": true, "lstat": true, "newfstatat": true,
	"fstatat64": true, "statx": true, "access": true, "faccessat": true, "faccessat2": true,
	"stat64": true, "lstat64": true, "open_nocancel": true, "stat_nocancel": true,
}

func addHints(f *facts, res Result) Result {
	switch res.ID {
	case BuildFailed, NotMainPackage, NoMainFunc, VetFailed, ExecNotFound:
		return res // the program never ran
	}
	if h, ok := missingFileHint(f); ok {
		res = h.apply(res)
	}
	if h, ok := missingExecHint(f); ok {
		res = h.apply(res)
	}
	if h, ok := carriageReturnHint(f); ok {
		res = h.apply(res)
	}
	return res
}

// carriageReturnHint: a value the program failed to parse ends with \r — input saved with Windows
// line endings (CRLF), read by code that splits at \n only (ReadString('\n'), strings.Split).
func carriageReturnHint(f *facts) (hint, bool) {
	for _, l := range f.lines {
		if strings.Contains(l, `\r"`) && (strings.Contains(l, "parsing") || strings.Contains(l, "invalid")) {
			return hint{
				explanation: "The value it could not use ends with \\r (a carriage return): the input has Windows " +
					"line endings (CRLF), and the code splits lines at \\n only, so each line keeps its \\r.",
				details: []string{strings.TrimSpace(l)},
				fix: "Trim each line before parsing it (strings.TrimSpace, or strings.TrimRight(line, \"\\r\\n\")), " +
					"or save the input with LF line endings. bufio.Scanner's ScanLines drops a \\r before \\n.",
			}, true
		}
	}
	return hint{}, false
}

type hint struct {
	explanation string
	details     []string
	fix         string
	commands    []string
}

func (h hint) apply(res Result) Result {
	res.Explanation = strings.TrimSpace(res.Explanation + " " + h.explanation)
	for _, d := range h.details {
		if !slices.Contains(res.Details, d) {
			res.Details = append(res.Details, d)
		}
	}
	if h.fix == "" {
		return res
	}
	var summary string
	var commands []string
	if res.Fix != nil {
		summary, commands = res.Fix.Summary, res.Fix.Commands
	}
	if res.ID == OK || res.ID == ExitCode || res.ID == Panic || res.ID == StdinEOF {
		// the missing file is the likely cause: its fix goes first
		res.Fix = newFix(strings.TrimSpace(h.fix+" "+summary), append(slices.Clone(h.commands), commands...)...)
	} else {
		res.Fix = newFix(strings.TrimSpace(summary+" "+h.fix), append(slices.Clone(commands), h.commands...)...)
	}
	return res
}

// goToolFiles are relative names the go command itself looks up (when go run is traced).
var goToolFiles = map[string]bool{"go.mod": true, "go.sum": true, "go.work": true, "go.work.sum": true,
	"vendor/modules.txt": true, "vendor": true}

// missingFileHint: the program looked up a relative file that is not in its working directory.
func missingFileHint(f *facts) (hint, bool) {
	src := f.in.Source
	name, evidence := missingFile(f)
	if name == "" {
		return hint{}, false
	}
	if f.exit != 0 && !mentionsPath(f.stdout+f.stderr, name) {
		// Only the trace saw the failed lookup, and the program's failure does not mention the
		// file: it handled the missing file (an optional config) and failed for another reason.
		return hint{}, false
	}
	cwd := orDot(f.in.Cwd)
	if (f.goCmd == "test" || f.in.Phase == PhaseTest) && src != nil && src.Dir != "" {
		cwd = src.Dir // go test runs each test binary in its package's directory
	}
	h := hint{details: []string{evidence}}
	if pathSpellingHint(&h, name, cwd) {
		return h, true
	}
	o := openedAs(src, name)
	strong := o != nil && o.InDir && src.Dir != "" && !samePath(cwd, src.Dir)
	switch {
	case f.exit == 0 && f.ran() && !strong:
		return hint{}, false // it worked: a missing optional file is not news
	case strong:
		h.explanation = fmt.Sprintf("The program opens %q (%s) relative to its working directory, %s, where there "+
			"is no such file; the file is in the package directory, %s. An editor's Run uses the package directory "+
			"(or the workspace folder, or launch.json's \"cwd\"), a terminal uses wherever you are.",
			o.Name, o.Pos, cwd, src.Dir)
		h.fix = fmt.Sprintf("Run it from %s (or set \"cwd\" in launch.json to it), or open the file relative to "+
			"the executable (os.Executable) or pass its path as an argument, instead of relying on the working directory.", src.Dir)
		h.commands = []string{f.inDir(src.Dir, f.target()) + "go run " + f.target()}
	case o != nil:
		openedElsewhereHint(&h, src, o, cwd)
	default:
		h.explanation = fmt.Sprintf("The program looked for %q relative to its working directory, %s, where there "+
			"is no such file.", name, cwd)
		if src != nil && src.Dir != "" && !samePath(cwd, src.Dir) {
			h.explanation += fmt.Sprintf(" The package directory is %s: if the file is there, run the program from it.", src.Dir)
		}
	}
	return h, true
}

// missingFile is the relative file the program looked for and did not find, with the evidence.
// The evidence, strongest first: a failing lookup in the trace of a file the source opens by
// that name; a "open NAME: no such file or directory" in the output; the last relative lookup
// in the trace that failed (only when the program failed: a successful program may probe for
// optional files).
func missingFile(f *facts) (name, evidence string) {
	var lastRel Syscall
	for _, sc := range f.in.Trace {
		if sc.Errno != "ENOENT" || !fileSyscalls[sc.Name] || sc.Path == "" || goToolFiles[sc.Path] {
			continue
		}
		if openedAs(f.in.Source, sc.Path) != nil {
			return sc.Path, syscallLine(sc)
		}
		if !IsAbsAnywhere(sc.Path) {
			lastRel = sc // not absolute: the runtime's and the loader's own probes are
		}
	}
	for _, l := range f.lines {
		if !strings.Contains(l, "open ") {
			continue
		}
		if m := openErrRE.FindStringSubmatch(l); m != nil && !IsAbsAnywhere(m[1]) {
			return m[1], l
		}
	}
	if lastRel.Path != "" && !(f.exit == 0 && f.ran()) {
		return lastRel.Path, syscallLine(lastRel)
	}
	return "", ""
}

// pathSpellingHint: a path spelt as a shell or Windows would take it, which Go does not: ~ for
// the home directory, \ as the separator on another system.
func pathSpellingHint(h *hint, name, cwd string) bool {
	switch {
	case strings.HasPrefix(name, "~/") || name == "~":
		h.explanation = fmt.Sprintf("The program opens %q: Go does not expand ~ (a shell does), so it looked for a "+
			"directory named ~ in its working directory, %s.", name, cwd)
		h.fix = "Build the path from the home directory: home, _ := os.UserHomeDir(); filepath.Join(home, " +
			strconv.Quote(strings.TrimPrefix(strings.TrimPrefix(name, "~"), "/")) + ")."
		return true
	case strings.Contains(name, `\`) && !strings.Contains(name, "/") && !isWindowsCwd(cwd):
		h.explanation = fmt.Sprintf("The program opens %q, a path written with backslashes: on this system \\ is "+
			"not a separator but part of the file name, so it looked for one file with that whole name.", name)
		h.fix = "Write paths with / (Go accepts / on Windows too) or build them with filepath.Join."
		return true
	}
	return false
}

// openedElsewhereHint: a file the source opens is neither where the program ran nor in the
// package directory; perhaps in another directory the program would be started in.
func openedElsewhereHint(h *hint, src *Source, o *Opened, cwd string) {
	h.explanation = fmt.Sprintf("The program opens %q (%s) relative to its working directory, %s, and there is "+
		"no such file there", o.Name, o.Pos, cwd)
	if src.Dir != "" && !samePath(cwd, src.Dir) {
		h.explanation += " nor in the package directory, " + src.Dir
	}
	h.explanation += "."
	h.fix = fmt.Sprintf("Create %s where the program runs, or give it the right path.", o.Name)
	if o.FoundIn == "" || samePath(o.FoundIn, cwd) {
		return
	}
	h.explanation += fmt.Sprintf(" But %s is in %s: the program finds it only when it is started "+
		"there (as go run from that directory does), while an editor's Run and Debug start it in the "+
		"package directory unless launch.json's \"cwd\" says otherwise.", o.Name, o.FoundIn)
	h.fix = fmt.Sprintf("Start it in %s: in VS Code, \"cwd\": %q in the launch configuration (or "+
		"\"${workspaceFolder}\" when that is the folder you opened); or give the program the file's path "+
		"as an argument instead of relying on the working directory.", o.FoundIn, o.FoundIn)
	if rel, err := filepath.Rel(o.FoundIn, src.Dir); err == nil && !strings.HasPrefix(rel, "..") {
		h.commands = []string{"cd " + shell.Quote(o.FoundIn) + " && go run ./" + toSlash(rel)}
	}
}

func syscallLine(sc Syscall) string {
	if sc.Line != "" {
		return sc.Line
	}
	return fmt.Sprintf("%s(%q) = -1 %s", sc.Name, sc.Path, sc.Errno)
}

// openedAs finds the Opened entry of the source for a path (as the trace or error shows it).
func openedAs(src *Source, p string) *Opened {
	if src == nil {
		return nil
	}
	p = path.Clean(toSlash(p))
	for i, o := range src.OpenedFiles {
		n := path.Clean(toSlash(o.Name))
		if n == p || (IsAbsAnywhere(p) && strings.HasSuffix(p, "/"+n)) {
			return &src.OpenedFiles[i]
		}
	}
	return nil
}

func samePath(a, b string) bool {
	return path.Clean(toSlash(filepath.Clean(a))) == path.Clean(toSlash(filepath.Clean(b)))
}

// missingExecHint: the program tried to start another program that does not exist.
func missingExecHint(f *facts) (hint, bool) {
	if f.exit == 0 && f.ran() {
		return hint{}, false
	}
	var tried []string
	var evidence []string
	for _, sc := range f.in.Trace {
		if sc.Name != "execve" && sc.Name != "execveat" && sc.Name != "posix_spawn" {
			continue
		}
		if sc.Errno != "ENOENT" || sc.Path == "" || slices.Contains(tried, sc.Path) {
			continue
		}
		tried = append(tried, sc.Path)
		if sc.Line != "" && len(evidence) < 3 {
			evidence = append(evidence, sc.Line)
		}
	}
	if len(tried) > 0 {
		base := path.Base(toSlash(tried[0]))
		h := hint{details: evidence}
		if len(tried) == 1 {
			h.explanation = fmt.Sprintf("The program tried to run %s, which does not exist.", tried[0])
		} else {
			h.explanation = fmt.Sprintf("The program tried to run %s and found it nowhere (tried %s).", base,
				strings.Join(text.CapList(tried, 4), ", "))
		}
		h.fix = fmt.Sprintf("Install %s or put its directory on the PATH the program gets (an editor started "+
			"from the desktop may have a shorter PATH than your shell).", base)
		if len(tried) == 1 && IsAbsAnywhere(tried[0]) {
			h.fix = fmt.Sprintf("The code names %s by its absolute path, so PATH plays no part: install it "+
				"there, or change the path in the code (exec.LookPath finds a program on PATH).", tried[0])
		}
		return h, true
	}
	for _, l := range f.lines {
		if !strings.Contains(l, "executable file not found") {
			continue
		}
		if m := notOnPathRE.FindStringSubmatch(l); m != nil {
			return hint{
				explanation: fmt.Sprintf("The program tried to run %s, which is not on its PATH.", m[1]),
				details:     []string{l},
				fix: fmt.Sprintf("Install %s or put its directory on the PATH the program gets (an editor started "+
					"from the desktop may have a shorter PATH than your shell).", m[1]),
			}, true
		}
	}
	return hint{}, false
}

// isWindowsCwd reports a working directory written the Windows way (C:\...), where \ separates.
func isWindowsCwd(cwd string) bool {
	return len(cwd) >= 2 && cwd[1] == ':' || strings.HasPrefix(cwd, `\\`)
}

// mentionsPath reports whether text names the path or one of its parts ("templates" for
// templates/index.html).
func mentionsPath(text, p string) bool {
	for _, part := range strings.Split(toSlash(p), "/") {
		if part != "" && part != "." && part != ".." && strings.Contains(text, part) {
			return true
		}
	}
	return false
}

// IsAbsAnywhere reports whether name is absolute on any platform ("/x", "C:\x", `\\host\x`).
func IsAbsAnywhere(name string) bool {
	if strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) {
		return true
	}
	return len(name) >= 3 && name[1] == ':' && (name[2] == '\\' || name[2] == '/')
}
