package shellenv

import (
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

func TestArgs(t *testing.T) {
	const mark = "0123456789ab"
	cmd := "'/bin/sh' -c 'printf %s " + mark + "; /usr/bin/env; printf %s " + mark + "'"
	for _, tc := range []struct {
		shell string
		mode  Mode
		want  []string
	}{
		{"/bin/bash", Login, []string{"-i", "-l", "-c", cmd}},
		{"/bin/bash", Interactive, []string{"-i", "-c", cmd}},
		{"/usr/bin/zsh", Login, []string{"-i", "-l", "-c", cmd}},
		{"/usr/bin/fish", Login, []string{"-i", "-l", "-c", cmd}},
		{"/bin/tcsh", Login, []string{"-ic", cmd}},
		{"/bin/csh", Interactive, []string{"-ic", cmd}},
		{"/usr/local/bin/pwsh", Login, []string{"-Login", "-Command", "& " + cmd}},
		{"/usr/bin/powershell-preview", Interactive, []string{"-Command", "& " + cmd}},
		{"/usr/bin/nu", Login, []string{"-i", "-l", "-c", "^" + cmd}},
		{"/usr/bin/xonsh", Login, []string{"-i", "-l", "-c", `import os, json; print("` + mark + `", json.dumps(dict(os.environ)), "` + mark + `")`}},
	} {
		if got := Args(tc.shell, tc.mode, mark); !slices.Equal(got, tc.want) {
			t.Errorf("Args(%s, %s) = %q, want %q", tc.shell, tc.mode, got, tc.want)
		}
	}
}

func TestShell(t *testing.T) {
	for in, want := range map[string]string{"/bin/zsh": "/bin/zsh", "/bin/false": "/bin/bash", "": ""} {
		if got := Shell(host.NewEnv([]string{"SHELL=" + in}, false)); got != want {
			t.Errorf("Shell(SHELL=%s) = %q, want %q", in, got, want)
		}
	}
	if m := NewMark(); len(m) != 12 || strings.Trim(m, "0123456789abcdef") != "" || m == NewMark() {
		t.Errorf("NewMark() = %q, want 12 fresh hex digits", m)
	}
}

func TestExtractAndParse(t *testing.T) {
	const mark = "cafe00000000"
	out := "\x1b]0;title\x07Welcome!\n" + mark + "A=1\nMULTI=line one\nline two\nPATH=/usr/bin:/bin\n" + mark + "bye\n"
	payload, noise, ok := Extract([]byte(out), mark)
	if !ok {
		t.Fatal("marks not found")
	}
	if string(noise) != "\x1b]0;title\x07Welcome!\nbye\n" {
		t.Errorf("noise %q", noise)
	}
	vars, err := ParseEnv(payload)
	if err != nil {
		t.Fatal(err)
	}
	env := host.NewEnv(vars, false)
	if env.Get("A") != "1" || env.Get("MULTI") != "line one\nline two" || env.Get("PATH") != "/usr/bin:/bin" {
		t.Errorf("parsed %q", vars)
	}
	if _, _, ok := Extract([]byte("only "+mark+" once"), mark); ok {
		t.Error("one mark taken for two")
	}
	vars, err = ParseEnv([]byte(` {"PATH": "/x", "GOFLAGS": "-mod=mod"} `))
	if err != nil || host.NewEnv(vars, false).Get("GOFLAGS") != "-mod=mod" {
		t.Errorf("JSON form: %q, %v", vars, err)
	}
}

func TestUnquoteSystemd(t *testing.T) {
	for in, want := range map[string]string{`plain`: "plain", `$'a\nb'`: "a\nb", `$'it\'s'`: "it's", `$'x\\y'`: `x\y`} {
		if got := unquoteSystemd(in); got != want {
			t.Errorf("unquoteSystemd(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestFiles(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	h.Environ = []string{"HOME=/home/a"}
	s := Files(h, "/bin/bash")
	if s.Login != "~/.profile" || s.LoginPath != "/home/a/.profile" || !strings.Contains(s.LoginNote, "none of") {
		t.Errorf("bash, no files: %+v", s)
	}
	h.AddFile("/home/a/.profile", nil, 0o644)
	h.AddFile("/home/a/.bash_login", nil, 0o644)
	if s := Files(h, "/bin/bash"); s.Login != "~/.bash_login" || !slices.Contains(s.InteractiveOnly, "/home/a/.bashrc") {
		t.Errorf("bash reads the first of .bash_profile, .bash_login, .profile: %+v", s)
	}
	mac := host.NewFake("darwin", "arm64")
	mac.Home = "/Users/a"
	if s := Files(mac, "/bin/bash"); s.Login != "~/.bash_profile" {
		t.Errorf("bash on macOS, no files: %+v", s)
	}
	h = host.NewFake("linux", "amd64") // a Fake reads Environ once
	h.Home = "/home/a"
	h.Environ = []string{"HOME=/home/a", "ZDOTDIR=/home/a/.config/zsh"}
	if s := Files(h, "/usr/bin/zsh"); s.LoginPath != "/home/a/.config/zsh/.zprofile" || len(s.InteractiveOnly) != 0 {
		t.Errorf("zsh with ZDOTDIR: %+v", s)
	}
	h = host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	h.Environ = []string{"HOME=/home/a", "XDG_CONFIG_HOME=/home/a/cfg"}
	h.AddFile("/home/a/cfg/fish/conf.d/go.fish", nil, 0o644)
	if s := Files(h, "/usr/bin/fish"); s.LoginPath != "/home/a/cfg/fish/config.fish" || !slices.Contains(s.Searched, "/home/a/cfg/fish/conf.d/go.fish") {
		t.Errorf("fish: %+v", s)
	}
}

func TestFindLine(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	h.AddFile("/home/a/.bashrc", []byte("# export PATH=$HOME/go/bin:$PATH\n\nexport PATH=\"$HOME/go/bin:$PATH\"\n"), 0o644)
	l := FindLine(h, []string{"/home/a/.missing", "/home/a/.bashrc"}, PathNeedles(h, "/home/a/go/bin")...)
	if l.File != "/home/a/.bashrc" || l.N != 3 {
		t.Errorf("FindLine = %+v, want line 3 of .bashrc (the comment skipped)", l)
	}
}

func TestDefaultPath(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	if got := DefaultPath(h); got != "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" {
		t.Errorf("no /etc/environment: %s", got)
	}
	h.AddFile("/etc/environment", []byte("LANG=C\nPATH=\"/usr/local/bin:/usr/bin:/bin:/snap/bin\"\n"), 0o644)
	if got := DefaultPath(h); got != "/usr/local/bin:/usr/bin:/bin:/snap/bin" {
		t.Errorf("/etc/environment: %s", got)
	}
}

// TestNoUserManager decides, as systemctl --user would connect, whether there is a user manager
// to ask, without running systemctl.
func TestNoUserManager(t *testing.T) {
	for _, tt := range []struct {
		name    string
		env     []string
		sockets []string
		want    string // a part of the reason; "" when systemctl is to be run
	}{
		{"the manager's private socket", []string{"XDG_RUNTIME_DIR=/run/user/1000"}, []string{"/run/user/1000/systemd/private"}, ""},
		{"the user bus under XDG_RUNTIME_DIR", []string{"XDG_RUNTIME_DIR=/run/user/1000"}, []string{"/run/user/1000/bus"}, ""},
		{"the bus address's path", []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/bus"}, []string{"/tmp/bus"}, ""},
		{"an abstract bus address: only systemctl can tell", []string{"DBUS_SESSION_BUS_ADDRESS=unix:abstract=/tmp/dbus-x"}, nil, ""},
		{"nothing set", nil, nil, "neither XDG_RUNTIME_DIR nor DBUS_SESSION_BUS_ADDRESS is set"},
		{"no socket", []string{"XDG_RUNTIME_DIR=/run/user/1000"}, nil, "no socket at /run/user/1000/systemd/private or /run/user/1000/bus"},
		{"a bus address that names nothing hides XDG_RUNTIME_DIR/bus", []string{"XDG_RUNTIME_DIR=/run/user/1000", "DBUS_SESSION_BUS_ADDRESS=unix:path=/gone"}, []string{"/run/user/1000/bus"}, "no socket at /run/user/1000/systemd/private or /gone"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := host.NewFake("linux", "amd64")
			h.Environ = tt.env
			for _, s := range tt.sockets {
				h.AddFile(s, nil, 0o755)
			}
			got := noUserManager(h)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("noUserManager = %q, want %q", got, tt.want)
			}
		})
	}
}
