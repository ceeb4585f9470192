package shellenv

import (
	"slices"
	"testing"
)

// TestTracedReads reads the files and directories out of traces as bash, zsh and fish print them
// (recorded here from the real shells, bash 5.2, zsh 5.9, fish 3.6).
func TestTracedReads(t *testing.T) {
	for _, tt := range []struct {
		name, trace       string
		wantFiles, wantDs []string
	}{
		{name: "bash source and dot, nested, quoted",
			trace:     "+ '[' -f /etc/bash.bashrc ']'\n+ . /etc/bash.bashrc\n++ shopt -s checkwinsize\n+ . '/h/d/a b.sh'\n++ source /h/d/c\n+++ export C=1\n",
			wantFiles: []string{"/etc/bash.bashrc", "/h/d/a b.sh", "/h/d/c"}},
		{name: "bash for loop over a glob, as written",
			trace:     "+ for i in /etc/profile.d/*.sh\n+ for f in \"$HOME\"/rc.d/*.sh ~/x/*.y ${HOME}/z/*\n+ . /h/rc.d/a.sh\n",
			wantFiles: []string{"/h/rc.d/a.sh"}, wantDs: []string{"/etc/profile.d", "/h/rc.d", "/h/x", "/h/z"}},
		{name: "a relative path is taken from the shell's directory; an unexpanded one is left out",
			trace:     "+ . .cargo/env\n+ . $UNSET/x\n",
			wantFiles: []string{"/h/.cargo/env"}},
		{name: "zsh: the file of each line, and what it sources",
			trace:     "+/etc/zsh/zshenv:15> [[ -z /usr/bin ]]\n+bind2maps:1> local i\n+/h/.zshrc:1> source /h/zextra\n+/h/zextra:1> export GOFLAGS=-mod=mod\n",
			wantFiles: []string{"/etc/zsh/zshenv", "/h/.zshrc", "/h/zextra"}},
		{name: "fish",
			trace:     "> source /usr/share/fish/config.fish\n--> set -g IFS \\n\\ \\t\n--> source /h/.config/fish/conf.d/go.fish\n",
			wantFiles: []string{"/usr/share/fish/config.fish", "/h/.config/fish/conf.d/go.fish"}},
		{name: "what the start-up files printed is not a trace",
			trace: "bash: no job control in this shell\nsource me please\n. /not/traced\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files, dirs := tracedReads([]byte(tt.trace), "/h", "/h")
			if !slices.Equal(files, tt.wantFiles) || !slices.Equal(dirs, tt.wantDs) {
				t.Errorf("files %q, dirs %q; want %q, %q", files, dirs, tt.wantFiles, tt.wantDs)
			}
		})
	}
}

func TestShellWords(t *testing.T) {
	for in, want := range map[string][]string{
		`. '/a b/c'`:            {".", "/a b/c"},
		`echo 'it'\''s'  x`:     {"echo", "it's", "x"},
		`for f in "$HOME"/a/*`:  {"for", "f", "in", "$HOME/a/*"},
		`a\ b c`:                {"a b", "c"},
		`'' x`:                  {"", "x"},
		``:                      nil,
		"source\t/etc/x":        {"source", "/etc/x"},
		`. /etc/profile.d/x.sh`: {".", "/etc/profile.d/x.sh"},
	} {
		if got := shellWords(in); !slices.Equal(got, want) {
			t.Errorf("shellWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUntrace checks that a traced shell's stderr shows what the start-up files wrote there, as
// the editor's untraced lookup would.
func TestUntrace(t *testing.T) {
	in := "bash: no job control in this shell\n+ . /etc/x\n++ echo giving up\ngiving up\n+/h/.zshrc:3> exit 3\n--> set -gx A 1\n"
	want := "bash: no job control in this shell\ngiving up\n"
	if got := string(untrace([]byte(in))); got != want {
		t.Errorf("untrace = %q, want %q", got, want)
	}
}
