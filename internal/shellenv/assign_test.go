package shellenv

import (
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

// TestFindAssignment: the lines that set a variable in each kind of start-up file, and the lines
// that only mention it.
func TestFindAssignment(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"export GOFLAGS=-mod=mod", true},
		{"  GOFLAGS=-mod=mod; export GOFLAGS", true},
		{"declare -x GOFLAGS=-v", true},
		{"typeset -x GOFLAGS=-v", true},
		{`[ -d /opt ] && export GOFLAGS="-v"`, true},
		{"set -gx GOFLAGS -mod=mod", true},
		{"set -Ux GOFLAGS -mod=mod", true},
		{"set --global --export GOFLAGS -v", true},
		{"set -e GOFLAGS", false},
		{"setenv GOFLAGS -v", true},
		{`$env:GOFLAGS = "-v"`, true},
		{"GOFLAGS=-v", true}, // environment.d
		{"# export GOFLAGS=-v", false},
		{"export MYGOFLAGS=-v", false},
		{"echo $GOFLAGS", false},
		{`export PATH="$GOFLAGS:$PATH"`, false},
		{"unset GOFLAGS", false},
	}
	for _, tt := range tests {
		h := host.NewFake("linux", "amd64")
		h.AddFile("/home/a/.bashrc", []byte("# first\n"+tt.line+"\n"), 0o644)
		got := FindAssignment(h, []string{"/home/a/missing", "/home/a/.bashrc"}, "GOFLAGS")
		if (got.File != "") != tt.want {
			t.Errorf("%q: FindAssignment = %+v, want found %v", tt.line, got, tt.want)
		}
		if tt.want && got.N != 2 {
			t.Errorf("%q: line %d, want 2", tt.line, got.N)
		}
	}
}

// TestEnvironmentD: the user's environment.d directory is used only where systemd's generator
// reads it, under XDG_CONFIG_HOME when that is absolute; its *.conf files in lexical order.
func TestEnvironmentD(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	if got := EnvironmentD(h); got != "" {
		t.Errorf("without the generator: %q, want none", got)
	}
	h.AddFile("/lib/systemd/user-environment-generators/30-systemd-environment-d-generator", []byte("x"), 0o755)
	if got := EnvironmentD(h); got != "/home/a/.config/environment.d" {
		t.Errorf("EnvironmentD = %q", got)
	}
	h.AddFile("/home/a/.config/environment.d/60-go.conf", []byte("GOFLAGS=-v\n"), 0o644)
	h.AddFile("/home/a/.config/environment.d/10-path.conf", []byte("PATH=/x:$PATH\n"), 0o644)
	h.AddFile("/home/a/.config/environment.d/notes.txt", []byte("GOFLAGS=-x\n"), 0o644)
	files := EnvironmentDFiles(h)
	if len(files) != 2 || files[0] != "/home/a/.config/environment.d/10-path.conf" {
		t.Errorf("EnvironmentDFiles = %q", files)
	}
	for xdg, want := range map[string]string{"relative": "/home/a/.config/environment.d", "/home/a/cfg": "/home/a/cfg/environment.d"} {
		h := host.NewFake("linux", "amd64")
		h.Home = "/home/a"
		h.Environ = []string{"XDG_CONFIG_HOME=" + xdg}
		h.AddFile("/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator", []byte("x"), 0o755)
		if got := EnvironmentD(h); got != want {
			t.Errorf("XDG_CONFIG_HOME=%s: %q, want %q", xdg, got, want)
		}
	}
	if got := EnvironmentD(host.NewFake("darwin", "arm64")); got != "" {
		t.Errorf("macOS: %q", got)
	}
}
