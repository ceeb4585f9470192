package bugreport

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/text"
)

// The editor's log: VS Code keeps one folder per session under <data dir>/logs (named by its
// start time, so the newest sorts last), and the Go extension's output channels ("gopls (server)",
// "Go") under window*/exthost in it (output_logging_*/N-gopls (server).log, or the extension's own
// folder). Only the newest session is read, only files whose name says gopls, only their last
// bytes.
const (
	maxLogLines = 20        // error lines kept
	maxLogRead  = 256 << 10 // bytes read from the end of one log file
	maxLogDepth = 4         // directories below the session folder
)

// EditorLog are the most recent gopls error lines in the logs of the editors in settings.
func EditorLog(h host.Host, settings *result.Settings) []result.LogLine {
	if settings == nil {
		return nil
	}
	var out []result.LogLine
	for _, e := range settings.Editors {
		if e.UserDir == "" {
			continue
		}
		session := newestDir(h, filepath.Join(filepath.Dir(e.UserDir), "logs"))
		if session == "" {
			continue
		}
		for _, file := range goplsLogs(h, session, 0) {
			out = append(out, errorLines(h, file)...)
		}
	}
	if len(out) > maxLogLines {
		out = out[len(out)-maxLogLines:]
	}
	return out
}

func newestDir(h host.Host, dir string) string {
	entries, err := h.ReadDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return ""
	}
	return filepath.Join(dir, slices.Max(names))
}

func goplsLogs(h host.Host, dir string, depth int) []string {
	entries, err := h.ReadDir(dir)
	if err != nil || depth > maxLogDepth {
		return nil
	}
	var out []string
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir():
			out = append(out, goplsLogs(h, p, depth+1)...)
		case strings.Contains(strings.ToLower(e.Name()), "gopls") && strings.HasSuffix(e.Name(), ".log"):
			out = append(out, p)
		}
	}
	return out
}

// errorLines are the lines of a gopls log that report an error: gopls's "[Error - time]" trace
// lines and window/showMessage errors, a panic, "Error loading workspace".
func errorLines(h host.Host, file string) []result.LogLine {
	data := tail(h, file)
	var out []result.LogLine
	for _, line := range strings.Split(string(data), "\n") {
		l := strings.ToLower(line)
		if strings.Contains(l, "[error") || strings.Contains(l, "panic:") || strings.Contains(l, "error loading workspace") {
			out = append(out, result.LogLine{File: file, Line: text.Clip(strings.TrimSpace(line), 300)})
		}
	}
	return out
}

// tail is the last maxLogRead bytes of file, from the start of a line.
func tail(h host.Host, file string) []byte {
	data, _ := host.ReadTail(h, file, maxLogRead)
	return data
}
