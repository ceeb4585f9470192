package run

import (
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

func TestLineMeter(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		max    int
		total  int64
	}{
		{"empty", nil, 0, 0},
		{"one line", []string{"abc\n"}, 3, 4},
		{"no final newline", []string{"a\nbcdef"}, 5, 7},
		{"crlf", []string{"abcd\r\nxy\r\n"}, 4, 10},
		{"crlf split across writes", []string{"abcd\r", "\nxy\n"}, 4, 9},
		{"a line across writes", []string{"ab", "cd", "ef\ng\n"}, 6, 9},
		{"a lone cr is data", []string{"a\rb\n"}, 3, 4},
		{"blank lines", []string{"\n\n\n"}, 0, 3},
		{"100 KiB", []string{"1\n", strings.Repeat("x", 100<<10), "\n2\n"}, 100 << 10, 100<<10 + 5},
	} {
		m := &lineMeter{}
		for _, c := range tc.chunks {
			if n, err := m.Write([]byte(c)); n != len(c) || err != nil {
				t.Errorf("%s: Write = %d, %v", tc.name, n, err)
			}
		}
		if m.Max() != tc.max || m.Total() != tc.total {
			t.Errorf("%s: longest line %d, total %d; want %d, %d", tc.name, m.Max(), m.Total(), tc.max, tc.total)
		}
	}
}

// TestOpenStdinInfo: what the document says the program got as standard input.
func TestOpenStdinInfo(t *testing.T) {
	f := host.NewFake("linux", "amd64")
	f.AddFile("/w/in.txt", []byte("3\n1 2 3\n"), 0o644)
	for _, tc := range []struct {
		o    StdinOptions
		want result.RunStdin
	}{
		{StdinOptions{}, result.RunStdin{Kind: result.RunStdinNone}},
		{StdinOptions{File: "/w/in.txt"}, result.RunStdin{Kind: result.RunStdinFile, File: "/w/in.txt", Bytes: 8, MaxLine: 5}},
		{StdinOptions{Text: "", TextSet: true}, result.RunStdin{Kind: result.RunStdinText, Bytes: 1}},
		{StdinOptions{Own: strings.NewReader(""), OwnIsTerminal: true}, result.RunStdin{Kind: result.RunStdinTerminal}},
		{StdinOptions{File: "-"}, result.RunStdin{Kind: result.RunStdinFile, File: "-"}},
	} {
		s, err := openStdin(f, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		s.finish()
		if s.info != tc.want {
			t.Errorf("%+v: %+v, want %+v", tc.o, s.info, tc.want)
		}
	}
	if _, err := openStdin(f, StdinOptions{File: "/w/missing"}); err == nil {
		t.Error("a missing --stdin file opened")
	}
}
