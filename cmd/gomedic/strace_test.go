package main

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// This file reads what `strace -f -qq -z -y -Y -s 4096 -e trace=...` prints (straceArgs) and
// lists the changes the traced processes made to the file system: every path created, written,
// renamed, removed, or whose mode, owner, times or extended attributes were changed.

// straceTraced are the system calls traced: every call that takes a file name (%file), the
// calls that change a file through a descriptor, fchdir (the working directory), and the
// process calls (%process), whose clone results say which process started which.
const straceTraced = "trace=%file,%process,fchdir,ftruncate,fchmod,fchown,fsetxattr,fremovexattr"

// straceArgs are strace's arguments before the command, writing the trace to out: follow every
// process (-f), print only successful calls (-z), the path of every descriptor (-y, and
// AT_FDCWD</working/dir>), the command name of every process (-Y), and whole file names.
func straceArgs(out string) []string {
	return []string{"-f", "-qq", "-z", "-y", "-Y", "-s", "4096", "-o", out, "-e", straceTraced, "--"}
}

// fsWrite is one change a traced process made to the file system.
type fsWrite struct {
	Pid  int
	Comm string // the process's command name (its program's base name, at most 15 bytes)
	Call string // the system call
	Path string // the absolute path changed; it starts with "?/" when the directory a relative path was relative to is unknown
	Line string // strace's line
}

// pathArg says where a system call names the path it changes: the argument holding a directory
// descriptor (-1: the working directory) and the argument holding the name (-1: the descriptor
// itself is the file).
type pathArg struct{ dir, name int }

// straceWriteCalls are the system calls that change the file system, with the paths they change.
var straceWriteCalls = map[string][]pathArg{
	"creat": {{-1, 0}}, "mkdir": {{-1, 0}}, "mkdirat": {{0, 1}}, "rmdir": {{-1, 0}},
	"unlink": {{-1, 0}}, "unlinkat": {{0, 1}},
	"rename": {{-1, 0}, {-1, 1}}, "renameat": {{0, 1}, {2, 3}}, "renameat2": {{0, 1}, {2, 3}},
	"link": {{-1, 1}}, "linkat": {{2, 3}}, "symlink": {{-1, 1}}, "symlinkat": {{1, 2}},
	"chmod": {{-1, 0}}, "fchmodat": {{0, 1}}, "fchmodat2": {{0, 1}}, "fchmod": {{0, -1}},
	"chown": {{-1, 0}}, "lchown": {{-1, 0}}, "fchownat": {{0, 1}}, "fchown": {{0, -1}},
	"truncate": {{-1, 0}}, "ftruncate": {{0, -1}},
	"utime": {{-1, 0}}, "utimes": {{-1, 0}}, "utimensat": {{0, 1}}, "futimesat": {{0, 1}},
	"mknod": {{-1, 0}}, "mknodat": {{0, 1}},
	"setxattr": {{-1, 0}}, "lsetxattr": {{-1, 0}}, "fsetxattr": {{0, -1}},
	"removexattr": {{-1, 0}}, "lremovexattr": {{-1, 0}}, "fremovexattr": {{0, -1}},
}

// straceOpenCalls open a file, which changes it only with one of straceOpenWriteFlags: where the
// directory, the name and the flags are.
var straceOpenCalls = map[string]struct{ dir, name, flags int }{
	"open": {-1, 0, 1}, "openat": {0, 1, 2}, "openat2": {0, 1, 2},
}

// straceOpenWriteFlags are the open flags with which opening a file may change it.
var straceOpenWriteFlags = regexp.MustCompile(`\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND|TMPFILE)\b`)

// straceLine is "PID<COMM> REST" (-Y).
var straceLine = regexp.MustCompile(`^(\d+)<([^>]*)> (.*)$`)

// straceResumed is the start of the second half of a call another process's line interrupted.
var straceResumed = regexp.MustCompile(`^<\.\.\. [a-z0-9_]+ resumed>`)

// straceEvent is a call of one process that matters here: a change, a change of working
// directory, or a new process or thread.
type straceEvent struct {
	write *fsWrite // a change, its Path possibly relative (resolved later)
	dirs  []string // for a change with relative names: the directory of each, "" for the working directory
	names []string // the names as the call gave them
	chdir string   // a new working directory ("" for none), relative to the current one
	child int      // a process or thread started
}

// parseStrace reads strace's output and returns the changes to the file system, in the order
// of the trace within each process. root is the working directory of the first process.
func parseStrace(r io.Reader, root string) ([]fsWrite, error) {
	events := map[int][]straceEvent{}
	var order []int
	pending := map[int]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		m := straceLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		pid, _ := strconv.Atoi(m[1])
		rest := m[3]
		if loc := straceResumed.FindStringIndex(rest); loc != nil {
			rest = pending[pid] + rest[loc[1]:]
			delete(pending, pid)
		}
		if head, ok := strings.CutSuffix(rest, " <unfinished ...>"); ok {
			pending[pid] = head
			continue
		}
		ev, ok := straceParseCall(pid, m[2], rest)
		if !ok {
			continue
		}
		if _, seen := events[pid]; !seen {
			order = append(order, pid)
		}
		events[pid] = append(events[pid], ev)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the trace: %w", err)
	}
	return straceResolve(events, order, root), nil
}

// straceResolve resolves the relative names of the changes against the working directory each
// process had then: a process starts in its parent's, and changes it with chdir and fchdir.
func straceResolve(events map[int][]straceEvent, order []int, root string) []fsWrite {
	start := map[int]string{}
	if len(order) > 0 {
		start[order[0]] = root
	}
	var out []fsWrite
	done := map[int]bool{}
	var walk func(pid int)
	walk = func(pid int) {
		if done[pid] {
			return
		}
		done[pid] = true
		cwd, known := start[pid]
		if !known {
			cwd = "?"
		}
		for _, ev := range events[pid] {
			switch {
			case ev.child != 0:
				start[ev.child] = cwd
			case ev.chdir != "":
				cwd = straceJoin(cwd, ev.chdir)
			case ev.write != nil:
				out = append(out, straceResolveWrite(ev, cwd)...)
			}
		}
		for _, ev := range events[pid] {
			if ev.child != 0 {
				walk(ev.child)
			}
		}
	}
	for _, pid := range order {
		walk(pid)
	}
	return out
}

// straceResolveWrite is the change ev made, one per path it changed, its names resolved
// against cwd where the call gave no directory.
func straceResolveWrite(ev straceEvent, cwd string) []fsWrite {
	var out []fsWrite
	for i, name := range ev.names {
		w := *ev.write
		dir := ev.dirs[i]
		if dir == "" {
			dir = cwd
		}
		w.Path = straceJoin(dir, name)
		out = append(out, w)
	}
	return out
}

// straceJoin resolves name against dir: an absolute name stands alone, an empty one is dir.
func straceJoin(dir, name string) string {
	switch {
	case name == "":
		return dir
	case filepath.IsAbs(name):
		return filepath.Clean(name)
	case dir == "?" || strings.HasPrefix(dir, "?/"):
		return dir + "/" + name
	}
	return filepath.Join(dir, name)
}

// straceParseCall reads "NAME(ARGS) = RESULT" and returns the event it is, if any.
func straceParseCall(pid int, comm, call string) (straceEvent, bool) {
	name, after, ok := strings.Cut(call, "(")
	if !ok || strings.ContainsAny(name, " <") {
		return straceEvent{}, false
	}
	args, result := straceSplitArgs(after)
	switch name {
	case "clone", "clone3", "fork", "vfork":
		res := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(result), "="))
		child, err := strconv.Atoi(res[:straceNumberLen(res)])
		if err != nil || child <= 0 {
			return straceEvent{}, false
		}
		return straceEvent{child: child}, true
	case "chdir":
		if len(args) > 0 {
			return straceEvent{chdir: straceString(args[0])}, true
		}
	case "fchdir":
		if len(args) > 0 {
			if p := straceFdPath(args[0]); p != "" {
				return straceEvent{chdir: p}, true
			}
		}
	}
	w := &fsWrite{Pid: pid, Comm: comm, Call: name, Line: call}
	if o, ok := straceOpenCalls[name]; ok {
		if o.flags >= len(args) || !straceOpenWriteFlags.MatchString(args[o.flags]) {
			return straceEvent{}, false
		}
		ev := straceEvent{write: w}
		straceAddPath(&ev, args, pathArg{o.dir, o.name})
		return ev, true
	}
	pas, ok := straceWriteCalls[name]
	if !ok {
		return straceEvent{}, false
	}
	ev := straceEvent{write: w}
	for _, pa := range pas {
		straceAddPath(&ev, args, pa)
	}
	return ev, len(ev.names) > 0
}

// straceAddPath adds the path the arguments name at pa to ev.
func straceAddPath(ev *straceEvent, args []string, pa pathArg) {
	dir := ""
	if pa.dir >= 0 && pa.dir < len(args) {
		dir = straceFdPath(args[pa.dir])
	}
	if pa.name < 0 {
		if dir != "" {
			ev.dirs, ev.names = append(ev.dirs, dir), append(ev.names, "")
		}
		return
	}
	if pa.name >= len(args) {
		return
	}
	name := ""
	if args[pa.name] != "NULL" {
		name = straceString(args[pa.name])
	}
	if name == "" && dir == "" {
		return
	}
	ev.dirs, ev.names = append(ev.dirs, dir), append(ev.names, name)
}

// straceNumberLen is the length of the decimal number s starts with.
func straceNumberLen(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// straceFdPath is the path -y printed for a descriptor argument ("5</a/b>", "AT_FDCWD</a>"),
// or "" when it printed none.
func straceFdPath(arg string) string {
	i := strings.Index(arg, "<")
	if i < 0 || !strings.HasSuffix(arg, ">") {
		return ""
	}
	return arg[i+1 : len(arg)-1]
}

// straceString is the value of a quoted string argument, as strace escapes it (C escapes).
func straceString(arg string) string {
	arg = strings.TrimSuffix(arg, "...")
	if s, err := strconv.Unquote(arg); err == nil {
		return s
	}
	return strings.Trim(arg, `"`)
}

// straceSplitArgs splits the text after "NAME(" into the call's arguments and what follows
// the closing parenthesis (" = RESULT"), keeping quoted strings, brackets, braces and the
// -y paths in angle brackets whole.
func straceSplitArgs(s string) (args []string, result string) {
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == '<' && i > 0 && (s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] == 'D'):
			// A descriptor's path (-y): up to the matching '>'.
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				i += j
			}
		case c == ']' || c == '}':
			depth--
		case c == ')' && depth > 0:
			depth--
		case c == ')':
			if arg := strings.TrimSpace(s[start:i]); arg != "" {
				args = append(args, arg)
			}
			return args, s[i+1:]
		case c == ',' && depth == 0:
			args = append(args, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return args, ""
}
