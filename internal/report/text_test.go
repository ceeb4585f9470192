package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
)

// sample is a report of every status, its findings in the order doctor.Sort puts them (problems
// first, root causes first; package report does not depend on the engine, even in its tests).
func sample() *Report {
	fs := []finding.Finding{
		{ID: "go.found", Layer: finding.LayerGo, Status: finding.Fail, Title: "no go on PATH",
			Detail: "Shells print \"go: command not found\".\nEditors too.",
			Fix:    &finding.Fix{Summary: "Put /usr/local/go/bin on PATH.", Commands: []string{"echo 'export PATH=\"/usr/local/go/bin:$PATH\"' >> ~/.zshrc"}, Docs: "https://go.dev/doc/install"},
			Evidence: []finding.Evidence{
				{Command: "go version", ExitCode: intp(127), Output: "sh: go: not found", DurationMS: 12},
				{Command: "go env GOROOT", ExitCode: intp(0), Output: "/usr/local/go"},
				{File: "/home/ana/.zshrc", Output: "export PATH=/bin\nexport X=1"},
			}},
		{ID: "go.error", Layer: finding.LayerGo, Status: finding.Error, Title: "the check go.error crashed", Detail: "This is a bug in gomedic."},
		{ID: "env.gopath", Layer: finding.LayerEnv, Status: finding.Warn, Title: "GOPATH has two entries", Detail: "Only the first is used."},
		{ID: "go.origin", Layer: finding.LayerGo, Status: finding.Info, Title: "official archive", Detail: "from go.dev"},
		{ID: "go.version", Layer: finding.LayerGo, Status: finding.OK, Title: "go1.26.8", Detail: "supported",
			Fix: &finding.Fix{Summary: "never shown for ok"}},
		{ID: "env.gobin", Layer: finding.LayerEnv, Status: finding.Skip, Title: "not checked: blocked by go.found", BlockedBy: "go.found"},
		{ID: "net.goproxy", Layer: finding.LayerNet, Status: finding.Skip, Title: "not checked: --offline"},
	}
	return New(Gomedic{Version: "v0.1.0"}, Host{OS: "linux", Arch: "amd64", GoVersion: "go1.26.8"}, "/home/ana/src/app", fs, 1234)
}

func render(t *testing.T, o TextOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Text(&buf, sample(), o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestTextPlain(t *testing.T) {
	t.Parallel()
	got := render(t, TextOptions{Home: "/home/ana"})
	want := `gomedic v0.1.0 | linux/amd64 | go1.26.8 | ~/src/app

FAIL  go     no go on PATH  [go.found]
          blocks 1 check · fix: echo 'export PATH="/usr/local/go/bin:$PATH"' >> ~/.zshrc
ERROR go     the check go.error crashed  [go.error]
WARN  env    GOPATH has two entries  [env.gopath]
info  go     official archive
ok    go     go1.26.8

1 failed, 1 error (a check could not run), 1 warning, 1 ok, 1 info, 2 skipped (1 blocked), -v lists them, 1.2 s
next: echo 'export PATH="/usr/local/go/bin:$PATH"' >> ~/.zshrc  (the first root cause's fix; -v shows them all)
`
	if got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(got, "\x1b") {
		t.Error("plain text holds an escape sequence")
	}
}

func TestTextVerbose(t *testing.T) {
	t.Parallel()
	got := render(t, TextOptions{Home: "/home/ana", Verbose: true})
	want := `gomedic v0.1.0 | linux/amd64 | go1.26.8 | ~/src/app

FAIL  go     no go on PATH  [go.found]
          Shells print "go: command not found".
          Editors too.
          fix: Put /usr/local/go/bin on PATH.
            echo 'export PATH="/usr/local/go/bin:$PATH"' >> ~/.zshrc
          docs: https://go.dev/doc/install
          $ go version   (exit 127)   (12 ms)
            sh: go: not found
          $ go env GOROOT
            /usr/local/go
          file /home/ana/.zshrc
            export PATH=/bin
            export X=1
ERROR go     the check go.error crashed  [go.error]
          This is a bug in gomedic.
WARN  env    GOPATH has two entries  [env.gopath]
          Only the first is used.
info  go     official archive  [go.origin]
          from go.dev
ok    go     go1.26.8  [go.version]
          supported
skip  env    not checked: blocked by go.found  [env.gobin]
skip  net    not checked: --offline  [net.goproxy]

1 failed, 1 error (a check could not run), 1 warning, 1 ok, 1 info, 2 skipped (1 blocked by a failure above), 1.2 s
`
	if got != want {
		t.Errorf("Text -v =\n%s\nwant\n%s", got, want)
	}
}

func TestTextColorAndGlyphs(t *testing.T) {
	t.Parallel()
	got := render(t, TextOptions{Home: "/home/ana", Color: true, Glyphs: true})
	for _, want := range []string{
		"\x1b[1mgomedic v0.1.0 · linux/amd64 · go1.26.8 · ~/src/app\x1b[0m\n\n",
		"\x1b[31m✗ \x1b[0m go     no go on PATH  \x1b[2m[go.found]\x1b[0m\n",
		"\x1b[35mE \x1b[0m go     the check go.error crashed",
		"\x1b[33m! \x1b[0m env    GOPATH has two entries",
		"\x1b[36mi \x1b[0m go     official archive\n",
		"          blocks 1 check · \x1b[1mfix: \x1b[0mecho 'export PATH=",
		"\n\n1 failed · 1 error (a check could not run) · 1 warning · 1 ok · 1 info · 2 skipped (1 blocked), -v lists them · 1.2 s\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Text with colour and glyphs lacks %q:\n%q", want, got)
		}
	}
	// Glyphs without colour, colour without glyphs.
	if got := render(t, TextOptions{Glyphs: true}); strings.Contains(got, "\x1b") || !strings.Contains(got, "✗  go     no go on PATH  [go.found]") {
		t.Errorf("glyphs only:\n%s", got)
	}
	if got := render(t, TextOptions{Color: true}); !strings.Contains(got, "\x1b[31mFAIL \x1b[0m go") {
		t.Errorf("colour only:\n%q", got)
	}
}

func TestTextSummaryLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fs   []finding.Finding
		o    TextOptions
		want string
	}{
		{nil, TextOptions{}, "0.0 s"},
		{[]finding.Finding{{Status: finding.OK}, {Status: finding.OK}}, TextOptions{}, "2 ok, 0.0 s"},
		{[]finding.Finding{{Status: finding.Fail}, {Status: finding.Fail}, {Status: finding.Error}, {Status: finding.Error}, {Status: finding.Warn}, {Status: finding.Warn}},
			TextOptions{}, "2 failed, 2 errors (checks could not run), 2 warnings, 0.0 s"},
		{[]finding.Finding{{Status: finding.Skip}}, TextOptions{}, "1 skipped, -v lists them, 0.0 s"},
		{[]finding.Finding{{Status: finding.Skip, BlockedBy: "a"}, {Status: finding.Skip, BlockedBy: "a"}}, TextOptions{Verbose: true}, "2 skipped (2 blocked by a failure above), 0.0 s"},
	}
	for _, tt := range tests {
		r := New(Gomedic{}, Host{}, "/w", tt.fs, 40)
		if got := summaryLine(r, tt.o); got != tt.want {
			t.Errorf("summaryLine = %q, want %q", got, tt.want)
		}
	}
}

func TestTextControlCharacters(t *testing.T) {
	t.Parallel()
	r := New(Gomedic{Version: "v"}, Host{OS: "windows", Arch: "amd64"}, `C:\Users\ana\src\app`, []finding.Finding{{
		ID: "go.runs", Layer: finding.LayerGo, Status: finding.Fail, Title: "go env fails\x1b]0;pwned\x07",
		Evidence: []finding.Evidence{{Command: "go env", Output: "line one\r\n\x1b[2Jline two\r\n\ttabbed\x7f\x00"}},
	}}, 0)
	var buf bytes.Buffer
	if err := Text(&buf, r, TextOptions{Verbose: true, Home: `C:\Users\ana`}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	if strings.ContainsAny(got, "\x1b\x07\r\x00\x7f") {
		t.Errorf("control characters reach the terminal:\n%q", got)
	}
	for _, want := range []string{
		"v | windows/amd64 | ~\\src\\app\n",
		"go env fails^[]0;pwned^G  [go.runs]\n",
		"            line one\n            ^[[2Jline two\n            \ttabbed^?^@\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Text lacks %q:\n%s", want, got)
		}
	}
}

func TestWrapKeepsWordsListsAndWidth(t *testing.T) {
	p := &printer{o: TextOptions{Width: 60}}
	in := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen\n  /a/list/item with some words that go on and on and on and on past the edge"
	got := p.wrap(in, 10, 5)
	lines := strings.Split(got, "\n")
	if len(lines) < 4 {
		t.Fatalf("wrap did not break lines:\n%s", got)
	}
	for i, l := range lines {
		limit := 50
		if i == 0 {
			limit = 45
		}
		if n := len([]rune(l)); n > limit {
			t.Errorf("line %d is %d columns, over %d: %q", i, n, limit, l)
		}
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(in), " ") {
		t.Errorf("wrap changed the words:\n%s", got)
	}
	if !strings.HasPrefix(lines[len(lines)-1], "  ") {
		t.Errorf("a list line's continuation lost its indent: %q", lines[len(lines)-1])
	}
	if (&printer{}).wrap(in, 10, 0) != in {
		t.Error("Width 0 changed the text")
	}
}
