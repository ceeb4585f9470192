package shell

import (
	"bytes"
	"context"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestQuote(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, sh, fish, ps, cmd string }{
		{"go", "go", "go", "'go'", "go"},
		{"/usr/local/go/bin", "/usr/local/go/bin", "/usr/local/go/bin", "'/usr/local/go/bin'", "/usr/local/go/bin"},
		{"-tags=a,b", "-tags=a,b", "-tags=a,b", "'-tags=a,b'", "-tags=a,b"},
		{"", "''", "''", "''", `""`},
		{"=ls", "'=ls'", "'=ls'", "'=ls'", `"=ls"`},
		{"my dir", "'my dir'", "'my dir'", "'my dir'", `"my dir"`},
		{"it's", `'it'\''s'`, `'it\'s'`, `'it''s'`, `"it's"`},
		{"it’s", `'it’s'`, `'it’s'`, `'it’’s'`, `"it’s"`},
		{`a\b`, `'a\b'`, `'a\\b'`, `'a\b'`, `"a\b"`},
		{`say "hi"\`, `'say "hi"\'`, `'say "hi"\\'`, `'say "hi"\'`, `"say \"hi\"\\"`},
		{"{}!~*?[]#$`;&|<>()", "'{}!~*?[]#$`;&|<>()'", "'{}!~*?[]#$`;&|<>()'", "'{}!~*?[]#$`;&|<>()'", "\"{}!~*?[]#$`;&|<>()\""},
		{"a\nb", "'a\nb'", "'a\nb'", "'a\nb'", "\"a\nb\""},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.sh {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.sh)
		}
		if got := QuoteFish(tt.in); got != tt.fish {
			t.Errorf("QuoteFish(%q) = %s, want %s", tt.in, got, tt.fish)
		}
		if got := QuotePowerShell(tt.in); got != tt.ps {
			t.Errorf("QuotePowerShell(%q) = %s, want %s", tt.in, got, tt.ps)
		}
		if got := QuoteCmd(tt.in); got != tt.cmd {
			t.Errorf("QuoteCmd(%q) = %s, want %s", tt.in, got, tt.cmd)
		}
	}
}

func TestJoin(t *testing.T) {
	t.Parallel()
	if got, want := Join([]string{"go", "-C", "/a b", "mod", "edit", "-go=1.22"}), "go -C '/a b' mod edit -go=1.22"; got != want {
		t.Errorf("Join = %s, want %s", got, want)
	}
	ps := Shell{Name: "powershell"}
	if got, want := ps.Join([]string{`C:\Program Files\Go\bin\go.exe`, "version"}), `& 'C:\Program Files\Go\bin\go.exe' 'version'`; got != want {
		t.Errorf("PowerShell Join = %s, want %s", got, want)
	}
	if got, want := (Shell{Name: "fish"}).Join([]string{"echo", "it's"}), `echo 'it\'s'`; got != want {
		t.Errorf("fish Join = %s, want %s", got, want)
	}
}

// shells are the real shells a quoted word is tried in, each with the quoter for it: those that
// are installed (CI installs zsh and fish).
func shells(t testing.TB) map[string]func(string) string {
	if runtime.GOOS == "windows" {
		t.Skip("runs POSIX shells")
	}
	out := map[string]func(string) string{}
	for _, name := range []string{"sh", "bash", "zsh", "dash"} {
		if p, err := exec.LookPath(name); err == nil {
			out[p] = Quote
		}
	}
	if p, err := exec.LookPath("fish"); err == nil {
		out[p] = QuoteFish
	}
	return out
}

// echoes runs `printf %s WORD` in the shell at path and returns what it printed.
func echoes(t testing.TB, path, word string) []byte {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-c", "printf %s "+word)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "LC_ALL=C.UTF-8", "XDG_CONFIG_HOME=" + t.TempDir()}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s -c %q: %v\n%s", path, "printf %s "+word, err, stderr.Bytes())
	}
	return out
}

// FuzzQuote checks that every word comes back from every installed shell as the same bytes: no
// expansion, no splitting, no globbing, no history, no lost byte.
func FuzzQuote(f *testing.F) {
	for _, s := range append(hardDirs, "", "=ls", "~", "~root", "a b\tc", "'", `\`, "!!", "$(id)", "{a,b}", "%self", "\x01\x7f", "\xff\xfe", "ü\u2019", "-n", "--", "a\nb\n") {
		f.Add(s)
	}
	sh := shells(f)
	f.Fuzz(func(t *testing.T, s string) {
		if strings.IndexByte(s, 0) >= 0 {
			t.Skip("no argument can hold a NUL byte")
		}
		for path, quote := range sh {
			if got := echoes(t, path, quote(s)); !bytes.Equal(got, []byte(s)) {
				t.Errorf("%s: printf %%s %s printed %q, want %q", path, quote(s), got, s)
			}
		}
	})
}

func TestAssign(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, value, want string }{
		{"GOFLAGS", "-mod=mod", "GOFLAGS=-mod=mod"},
		{"GOFLAGS", "-tags=a b", "GOFLAGS='-tags=a b'"},
		{"GOPROXY", "", "GOPROXY=''"},
	} {
		if got := Assign(tt.name, tt.value); got != tt.want {
			t.Errorf("Assign(%q, %q) = %s, want %s", tt.name, tt.value, got, tt.want)
		}
	}
}
