package text

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFirstLine(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                    "",
		"one":                 "one",
		"\n\n  one  \ntwo\n":  "one",
		"go: error\r\nmore":   "go: error",
		"  \t\n":              "",
		"only line, no eol  ": "only line, no eol",
	} {
		if got := FirstLine(in); got != want {
			t.Errorf("FirstLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFirstLines(t *testing.T) {
	t.Parallel()
	if got := FirstLines("a\nb\nc\n", 2); got != "a\nb\n…" {
		t.Errorf("FirstLines = %q", got)
	}
	if got := FirstLines("\na\nb\n", 2); got != "a\nb" {
		t.Errorf("FirstLines of exactly n lines = %q", got)
	}
}

func TestLastLines(t *testing.T) {
	t.Parallel()
	got := LastLines([]string{"a", "", "b", "  ", "c", ""}, 2)
	if !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("LastLines = %q", got)
	}
	if got := LastLines(nil, 3); len(got) != 0 {
		t.Errorf("LastLines(nil) = %q", got)
	}
}

func TestClip(t *testing.T) {
	t.Parallel()
	if got := Clip("hello", 5); got != "hello" {
		t.Errorf("Clip short = %q", got)
	}
	if got := Clip("hello world", 5); got != "hello…" {
		t.Errorf("Clip = %q", got)
	}
	// "é" is two bytes: a cut inside it backs up to before it.
	if got := Clip("aé", 2); got != "a…" {
		t.Errorf("Clip inside a character = %q", got)
	}
	if got := ClipRunes("ééééé", 3); got != "éé…" {
		t.Errorf("ClipRunes = %q", got)
	}
	if got := ClipRunes("éé", 3); got != "éé" {
		t.Errorf("ClipRunes short = %q", got)
	}
}

func TestClipNote(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("line\n", 100)
	got := ClipNote(s, 52)
	if !strings.HasPrefix(got, strings.Repeat("line\n", 9)+"line\n… (") || !strings.HasSuffix(got, " more bytes)") {
		t.Errorf("ClipNote cuts at a line end and notes the rest: %q", got)
	}
	if !utf8.ValidString(ClipNote(strings.Repeat("é", 100), 51)) {
		t.Error("ClipNote cut inside a character")
	}
	if got := ClipNote("short", 10); got != "short" {
		t.Errorf("ClipNote short = %q", got)
	}
}

func TestPrintable(t *testing.T) {
	t.Parallel()
	if got := Printable("ok\tfine\n\x1b[31mred\x00\xff"); got != "ok\tfine\n\uFFFD[31mred\uFFFD\uFFFD" {
		t.Errorf("Printable = %q", got)
	}
}

func TestTail(t *testing.T) {
	t.Parallel()
	if got := string(Tail([]byte("abcdef"), 3)); got != "def" {
		t.Errorf("Tail = %q", got)
	}
	if got := string(Tail([]byte("ab"), 3)); got != "ab" {
		t.Errorf("Tail short = %q", got)
	}
}

func TestClipJSON(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{`{ "b": 1,
		    "a": [true, null] }`, 100, `{"b":1,"a":[true,null]}`},
		{`"été"`, 4, `"ét…`},
		{`["aaaa", "bbbb"]`, 8, `["aaaa"…`},
		{"  not json {  ", 100, "not json {"},
		{``, 10, ``},
	} {
		if got := ClipJSON([]byte(tt.in), tt.n); got != tt.want {
			t.Errorf("ClipJSON(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestHasPrefixFold(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s, prefix string
		want      bool
	}{
		{"gofumpt", "GoF", true},
		{"GOFMT", "gofmt", true},
		{"go", "gofmt", false},
		{"anything", "", true},
		{"", "", true},
		{"ÉTÉ", "été", true},
		{"goimports", "gofmt", false},
		{strings.Repeat("x", 30<<20), "xY", false},
	} {
		got := HasPrefixFold(tt.s, tt.prefix)
		old := strings.HasPrefix(strings.ToLower(tt.s), strings.ToLower(tt.prefix))
		if got != tt.want || got != old {
			t.Errorf("HasPrefixFold(%.10q, %q) = %v, want %v (strings.ToLower says %v)", tt.s, tt.prefix, got, tt.want, old)
		}
	}
}

// TestClipLargeValues: clipping a 30 MB value copies no more of it than it shows.
func TestClipLargeValues(t *testing.T) {
	huge := `{"go.formatTool": "` + strings.Repeat("x", 30<<20) + `"}`
	for name, clip := range map[string]func() string{
		"ClipJSON":  func() string { return ClipJSON([]byte(huge), 20) },
		"ClipRunes": func() string { return ClipRunes(huge, 20) },
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got := clip()
		runtime.ReadMemStats(&after)
		if want := `{"go.formatTool":"x…`; name == "ClipJSON" && got != want || name == "ClipRunes" && got != huge[:19]+"…" {
			t.Errorf("%s = %q", name, got)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("%s allocated %d bytes to show 20 characters of %d", name, alloc, len(huge))
		}
	}
}
