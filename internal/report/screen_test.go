package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/finding"
)

func missingTool(name string, st finding.Status) finding.Finding {
	return finding.Finding{ID: "tools." + name + ".found", Layer: finding.LayerTools, Status: st,
		Title: name + " is not installed", Detail: "The Go extension looks for " + name + " in these places",
		Fix: &finding.Fix{Summary: "Install " + name + ".", Commands: []string{"gomedic tools install " + name}}}
}

func TestScreenFoldsOneKindIntoOneLine(t *testing.T) {
	t.Parallel()
	fs := []finding.Finding{
		{ID: "env.go111module", Layer: finding.LayerEnv, Status: finding.Fail, Title: "GO111MODULE=off turns modules off",
			Fix: &finding.Fix{Summary: "Remove it.", Commands: []string{"go env -u GO111MODULE"}, Actions: []finding.Action{{Kind: finding.GoEnvUnset, Key: "GO111MODULE"}}}},
		missingTool("gopls", finding.Fail),
		missingTool("staticcheck", finding.Warn),
		missingTool("impl", finding.Warn),
		missingTool("goplay", finding.Warn),
		missingTool("gotests", finding.Warn),
		{ID: "tools.gopls.runs", Layer: finding.LayerTools, Status: finding.Skip, BlockedBy: "tools.gopls.found"},
		{ID: "tools.gopls.arch", Layer: finding.LayerTools, Status: finding.Skip, BlockedBy: "tools.gopls.found"},
		{ID: "ws.module", Layer: finding.LayerWorkspace, Status: finding.Skip, BlockedBy: "env.go111module"},
		{ID: "go.version", Layer: finding.LayerGo, Status: finding.OK, Title: "go1.26.8"},
	}
	var b bytes.Buffer
	r := New(Gomedic{Version: "v"}, Host{OS: "linux", Arch: "amd64"}, "/w", fs, 100)
	if err := Text(&b, r, TextOptions{FixCommand: "gomedic fix"}); err != nil {
		t.Fatal(err)
	}
	want := `v | linux/amd64 | /w

FAIL  env    GO111MODULE=off turns modules off  [env.go111module]
          blocks 1 check · fix: go env -u GO111MODULE
FAIL  tools  gopls is not installed  [tools.gopls.found]
          blocks 2 checks · fix: gomedic tools install gopls
WARN  tools  4 tools are not installed: staticcheck, impl, goplay, gotests  [tools.*.found]
          fix: gomedic tools install staticcheck impl goplay gotests
ok    go     go1.26.8

2 failed, 4 warnings, 1 ok, 3 skipped (3 blocked), -v lists them, 0.1 s
next: gomedic fix  (shows the plan, asks before each change; -v here shows every fix)
`
	if got := strings.Replace(b.String(), "gomedic v", "v", 1); got != want {
		t.Errorf("first screen =\n%s\nwant\n%s", got, want)
	}
}

func TestScreenFoldedTitleFallsBack(t *testing.T) {
	t.Parallel()
	a, b := missingTool("gopls", finding.Warn), missingTool("dlv", finding.Warn)
	b.Title = "the dlv on PATH is not the one the editor runs"
	if got, want := foldedTitle([]finding.Finding{a, b}), "gopls is not installed (and 1 more of this kind)"; got != want {
		t.Errorf("foldedTitle = %q, want %q", got, want)
	}
	b.Fix.Commands = []string{"rm /x/dlv"}
	if got, want := foldedFix([]finding.Finding{a, b}, ""), "gomedic tools install gopls"; got != want {
		t.Errorf("foldedFix of commands that differ in more than a word = %q, want the first fix %q", got, want)
	}
}

func TestFixLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fix  *finding.Fix
		want string
	}{
		{nil, ""},
		{&finding.Fix{Summary: "Run it.", Commands: []string{"go env -u GOFLAGS"}}, "go env -u GOFLAGS"},
		// A comment is not a command; two commands are summarised by the first sentence.
		{&finding.Fix{Summary: "Set GOTOOLCHAIN=auto (go1.21 and later). Then restart.", Commands: []string{"# delete the line", "unset GOTOOLCHAIN", "go env -w GOTOOLCHAIN=auto"}},
			"Set GOTOOLCHAIN=auto (go1.21 and later)."},
		{&finding.Fix{Summary: "Add /home/ana/go/bin to PATH in /home/ana/.zshrc. Then log in again.", Commands: []string{"a", "b"}}, "Add ~/go/bin to PATH in ~/.zshrc."},
		// A command is shown as it is typed: a ~ inside its quotes would not be expanded.
		{&finding.Fix{Commands: []string{"go env -w GOBIN='/home/ana/go/bin'"}}, "go env -w GOBIN='/home/ana/go/bin'"},
		{&finding.Fix{Summary: "Version 1.2.3 is too old"}, "Version 1.2.3 is too old"},
	}
	for _, tt := range tests {
		if got := fixLine(tt.fix, "/home/ana"); got != tt.want {
			t.Errorf("fixLine(%+v) = %q, want %q", tt.fix, got, tt.want)
		}
	}
}

func TestScreenFitsTheWidth(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("very long title ", 20)
	fs := []finding.Finding{{ID: "env.x", Layer: finding.LayerEnv, Status: finding.Fail, Title: long,
		Fix: &finding.Fix{Summary: long + "."}}}
	r := New(Gomedic{Version: "v"}, Host{}, "/w", fs, 0)
	for _, o := range []TextOptions{{Width: 60}, {Width: 60, Color: true, Glyphs: true}} {
		var b bytes.Buffer
		if err := Text(&b, r, o); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")[2:4] {
			if n := visibleLen(l); n > 60 {
				t.Errorf("%+v: line of %d columns, more than 60: %q", o, n, l)
			}
			if !strings.Contains(l, "…") || !utf8.ValidString(l) {
				t.Errorf("%+v: a cut line is not marked, or not UTF-8: %q", o, l)
			}
			if o.Color && strings.LastIndex(l, "\x1b[") != strings.LastIndex(l, reset) {
				t.Errorf("a cut line leaves a colour open: %q", l)
			}
		}
	}
}

func TestScreenFoldsOKWhenTheyDoNotFit(t *testing.T) {
	t.Parallel()
	var fs []finding.Finding
	for i := range 10 {
		f := missingTool(fmt.Sprint("tool", i), finding.Fail)
		f.ID = fmt.Sprintf("env.x%d", i) // not one family: ten lines
		fs = append(fs, f)
	}
	for range 16 {
		fs = append(fs, finding.Finding{ID: "go.version", Layer: finding.LayerGo, Status: finding.OK, Title: "fine"})
	}
	var b bytes.Buffer
	if err := Text(&b, New(Gomedic{}, Host{}, "/w", fs, 0), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if n := strings.Count(got, "\n"); n > screenLines || strings.Contains(got, "fine") || !strings.Contains(got, "16 ok") {
		t.Errorf("ten problems and 16 ok: %d lines, want the ok counted, not listed:\n%s", n, got)
	}
}

func TestNextLineWithoutProblems(t *testing.T) {
	t.Parallel()
	r := New(Gomedic{}, Host{}, "/w", []finding.Finding{{Status: finding.OK}}, 0)
	if got := nextLine(r, TextOptions{FixCommand: "gomedic fix"}); got != "" {
		t.Errorf("nextLine on a healthy machine = %q, want nothing", got)
	}
}
