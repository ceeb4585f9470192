package watch

import (
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// maxSessions is how many of an editor's newest log sessions are read; maxLogBytes caps a file.
const (
	maxSessions = 10
	maxLogBytes = 8 << 20
)

// crashKind is one kind of line the Go extension or its language client writes when gopls ends.
type crashKind struct {
	name  string
	re    *regexp.Regexp
	fatal bool // the extension gave up: no language server until the window reloads
}

// crashKinds recognise the lines of vscode-languageclient (node/main.ts: "Server process exited
// with code N." / "with signal S.", "Connection to server got closed. Server will restart.",
// the ErrorHandler's "The gopls server crashed 5 times in the last 3 minutes. The server will
// not be restarted.", "Starting client failed"), the Go extension's ("The gopls server crashed
// and will restart.", "couldn't create connection to server") and gopls's own panics, which it
// writes to the channel as its stderr.
var crashKinds = []crashKind{
	{"gave up after repeated crashes", regexp.MustCompile(`server crashed \d+ times in the last \d+ minutes`), true},
	{"failed to start", regexp.MustCompile(`Starting client failed|Restarting server failed|couldn't create connection to server|Launching server using command .* failed`), true},
	{"killed by a signal", regexp.MustCompile(`Server process exited with signal (SIG[A-Z]+)`), false},
	{"exited with an error", regexp.MustCompile(`Server process exited with code [1-9][0-9]*`), false},
	{"crashed and restarted", regexp.MustCompile(`Connection to server got closed\. Server will restart|server crashed and will restart`), false},
	{"panicked", regexp.MustCompile(`^panic: |fatal error: runtime: out of memory`), false},
}

// CrashLine is a line of an editor's log that records a gopls crash.
type CrashLine struct {
	Editor string
	File   string
	Time   time.Time // the session's date with the line's time, or the file's modification time
	Kind   string
	Fatal  bool
	Signal string // SIGKILL, ...
	Text   string
}

// sessionLayout is how VS Code names a log session folder: its start time.
const sessionLayout = "20060102T150405"

// CrashLines reads the gopls output channels of the editors' newest log sessions and returns the
// lines that record a crash in files modified since since, oldest first.
func CrashLines(h host.Host, since time.Time) []CrashLine {
	return crashLines(nil, h, since)
}

// goplsLogs lists, in the newest sessions under root, the output channels of the language
// server and the Go extension: window*/exthost/output_logging_*/N-<channel>.log where the
// channel is "gopls (server)", "gopls", "Go" or "Go (language server)".
func goplsLogs(h host.Host, root string) []string {
	sessions, err := h.ReadDir(root)
	if err != nil {
		return nil
	}
	var names []string
	for _, s := range sessions {
		if s.IsDir() {
			names = append(names, s.Name())
		}
	}
	slices.Sort(names)
	if len(names) > maxSessions {
		names = names[len(names)-maxSessions:]
	}
	var files []string
	for _, s := range names {
		files = append(files, sessionLogs(h, filepath.Join(root, s))...)
	}
	return files
}

// sessionLogs lists the Go channels of one session's windows.
func sessionLogs(h host.Host, session string) []string {
	var files []string
	windows, _ := h.ReadDir(session)
	for _, w := range windows {
		if !w.IsDir() || !strings.HasPrefix(w.Name(), "window") {
			continue
		}
		exthost := filepath.Join(session, w.Name(), "exthost")
		outs, _ := h.ReadDir(exthost)
		for _, o := range outs {
			if !o.IsDir() || !strings.HasPrefix(o.Name(), "output_logging_") {
				continue
			}
			logs, _ := h.ReadDir(filepath.Join(exthost, o.Name()))
			for _, l := range logs {
				if goChannel(l.Name()) {
					files = append(files, filepath.Join(exthost, o.Name(), l.Name()))
				}
			}
		}
	}
	return files
}

// goChannel reports whether an output channel's log file ("2-gopls (server).log") belongs to
// the Go extension's language server.
func goChannel(name string) bool {
	base := strings.TrimSuffix(name, ".log")
	if _, rest, ok := strings.Cut(base, "-"); ok {
		base = rest
	}
	switch strings.ToLower(base) {
	case "gopls (server)", "gopls", "go", "go (language server)", "gopls (client)":
		return true
	}
	return false
}

// scanLog reads one channel's log and returns its crash lines.
func scanLog(h host.Host, editor, file string, mtime time.Time) []CrashLine {
	// The recent end: a "gopls (server)" channel with -rpc.trace grows past any whole read.
	data, err := host.ReadTail(h, file, maxLogBytes)
	if err != nil {
		return nil
	}
	day := sessionDay(file)
	var out []CrashLine
	last := mtime // a line without a time of its own (gopls's stderr) was written after the last that has one
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if t, ok := lineTime(line, day); ok {
			last = t
		}
		for _, k := range crashKinds {
			m := k.re.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			c := CrashLine{Editor: editor, File: file, Kind: k.name, Fatal: k.fatal, Text: line, Time: last}
			if len(m) > 1 {
				c.Signal = m[1]
			}
			out = append(out, c)
			break
		}
	}
	return out
}

// sessionDay is the start of the log session a file belongs to, from its folder's name.
func sessionDay(file string) time.Time {
	for dir := filepath.Dir(file); dir != "." && dir != "/" && dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if t, err := time.ParseInLocation(sessionLayout, path.Base(filepath.ToSlash(dir)), time.Local); err == nil {
			return t
		}
	}
	return time.Time{}
}

// clockRe finds the time of a language client line ("[Error - 7:08:08 PM]", "[Info  - 19:08:08]")
// or of a log channel's line ("2025-01-02 19:08:08.123 [error]").
var (
	clockRe = regexp.MustCompile(`^\[\w+\s*-\s*(\d{1,2}:\d{2}:\d{2}(?:\s*[AP]M)?)\]`)
	stampRe = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})`)
)

// lineTime is when a line was written: its own full stamp, else its clock time on the session's
// day; false when the line says neither.
func lineTime(line string, day time.Time) (time.Time, bool) {
	if m := stampRe.FindStringSubmatch(line); m != nil {
		if t, err := time.ParseInLocation("2006-01-02 15:04:05", m[1], time.Local); err == nil {
			return t, true
		}
	}
	if m := clockRe.FindStringSubmatch(line); m != nil && !day.IsZero() {
		for _, layout := range []string{"3:04:05 PM", "15:04:05"} {
			if c, err := time.Parse(layout, strings.Join(strings.Fields(m[1]), " ")); err == nil {
				t := time.Date(day.Year(), day.Month(), day.Day(), c.Hour(), c.Minute(), c.Second(), 0, time.Local)
				if t.Before(day) {
					t = t.AddDate(0, 0, 1) // a session that ran past midnight
				}
				return t, true
			}
		}
	}
	return time.Time{}, false
}
