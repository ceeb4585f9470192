package main

import (
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/testscript"
)

func screenCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"screen": cmdScreen,
	}
}

// screenLines is how many lines the first screen of `gomedic check` (without -v) may take for
// up to ten problems: one terminal.
const screenLines = 40

// screenNormal rewrites what changes from run to run or machine to machine in a first screen:
// the run's time, the Go release of the machine, the release gomedic was built with.
var screenNormal = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\b\d+\.\d s$`), "$SECONDS s"},
	{regexp.MustCompile(`\bgo1\.\d+(\.\d+)?([a-z]+\d+)?\b`), "$GOVERSION"},
	{regexp.MustCompile(`\bgomedic \d+\.\d+\.\d+\b`), "gomedic $VERSION"},
	{regexp.MustCompile(`\(\d+ ms\)`), "($MS ms)"},
	{regexp.MustCompile(`/\S*/sysbin/`), "$SYSBIN/"},
}

// cmdScreen checks that the last command's stdout, a first screen, fits 40 lines — and, when the
// scenario sets COLUMNS, that many columns — and compares it with the golden file FILE when one
// is named, after normalising it ($WORK for the scenario's directory, $GOROOT for the machine's
// Go, $SECONDS, $GOVERSION, $VERSION). Compare screens printed without COLUMNS: a line cut to the
// width is cut inside the scenario's directory, whose name has no fixed length.
//
//	screen [FILE]
func cmdScreen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 1 {
		ts.Fatalf("usage: screen [FILE]")
	}
	got := ts.ReadFile("stdout")
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) > screenLines {
		ts.Fatalf("the first screen has %d lines, more than %d:\n%s", len(lines), screenLines, got)
	}
	width, _ := strconv.Atoi(ts.Getenv("COLUMNS"))
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); width > 0 && n > width {
			ts.Fatalf("line %d of the first screen has %d columns, more than COLUMNS=%d:\n%s", i+1, n, width, l)
		}
		lines[i] = normaliseScreenLine(ts, l)
	}
	if len(args) == 0 {
		return
	}
	got = strings.Join(lines, "\n") + "\n"
	if want := ts.ReadFile(args[0]); got != want {
		ts.Fatalf("the first screen differs from %s:\n--- got\n%s--- want\n%s", args[0], got, want)
	}
}

func normaliseScreenLine(ts *testscript.TestScript, l string) string {
	l = strings.ReplaceAll(l, ts.Getenv("WORK"), "$WORK")
	if goroot := ts.Getenv("GOROOT_REAL"); goroot != "" {
		l = strings.ReplaceAll(l, goroot, "$GOROOT")
	}
	for _, n := range screenNormal {
		l = n.re.ReplaceAllLiteralString(l, n.with)
	}
	l = strings.ReplaceAll(l, strings.TrimPrefix(runtime.Version(), "go"), "$GOVERSION") // go 1.26.8, -go=1.26.8
	return strings.ReplaceAll(l, runtime.GOOS+"/"+runtime.GOARCH, "$GOOS/$GOARCH")
}
