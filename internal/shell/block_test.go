package shell

import "testing"

func TestSyntaxOf(t *testing.T) {
	for file, want := range map[string]Syntax{
		"/h/.bashrc": SyntaxPOSIX, "/h/.profile": SyntaxPOSIX, "/h/.zprofile": SyntaxPOSIX,
		"/h/.config/fish/config.fish": SyntaxFish, `C:\u\Documents\PowerShell\Microsoft.PowerShell_profile.ps1`: SyntaxPowerShell,
		"/h/.config/environment.d/go.conf": SyntaxEnvironmentD, "/etc/foo.conf": SyntaxPOSIX,
	} {
		if got := SyntaxOf(file); got != want {
			t.Errorf("SyntaxOf(%q) = %s, want %s", file, got, want)
		}
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		sy         Syntax
		dir, path  string
		name, uset string
	}{
		{SyntaxPOSIX, "/h/go/bin", `export PATH="$HOME/go/bin:$PATH"`, "GOFLAGS", "unset GOFLAGS"},
		{SyntaxPOSIX, "/opt/my tools", `export PATH="/opt/my tools:$PATH"`, "X", "unset X"},
		{SyntaxFish, "/h/go/bin", "set -gx PATH /h/go/bin $PATH", "X", "set -e X"},
		{SyntaxPowerShell, "/h/go/bin", "$env:PATH = '/h/go/bin' + [IO.Path]::PathSeparator + $env:PATH", "X", "Remove-Item Env:X -ErrorAction SilentlyContinue"},
		{SyntaxEnvironmentD, "/h/go/bin", "PATH=/h/go/bin:${PATH}", "X", "X="},
	}
	for _, tt := range tests {
		if got := tt.sy.PathLine(tt.dir, "/h"); got != tt.path {
			t.Errorf("%s PathLine(%q) = %q, want %q", tt.sy, tt.dir, got, tt.path)
		}
		if got := tt.sy.UnsetLine(tt.name); got != tt.uset {
			t.Errorf("%s UnsetLine(%q) = %q, want %q", tt.sy, tt.name, got, tt.uset)
		}
	}
}

func TestWithBlock(t *testing.T) {
	block := func(nl string, lines ...string) string {
		s := BlockStart + nl + blockNote + nl
		for _, l := range lines {
			s += l + nl
		}
		return s + BlockEnd + nl
	}
	tests := []struct{ name, in, want string }{
		{"empty file", "", block("\n", "a")},
		{"appended after a blank line", "x\n", "x\n\n" + block("\n", "a")},
		{"no final newline", "x", "x\n\n" + block("\n", "a")},
		{"updated in place", "x\n" + block("\n", "b") + "y\n", "x\n" + block("\n", "b", "a") + "y\n"},
		{"already there", "x\n" + block("\n", "a") + "y\n", "x\n" + block("\n", "a") + "y\n"},
		{"crlf", "x\r\n", "x\r\n\r\n" + block("\r\n", "a")},
	}
	for _, tt := range tests {
		if got := string(WithBlock([]byte(tt.in), []string{"a"})); got != tt.want {
			t.Errorf("%s: WithBlock =\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
}
