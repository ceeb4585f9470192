package checks

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// These tests run the checks on this machine's real go command, with a home directory, start-up
// files and go env file of their own, and assert the actions `gomedic fix` would apply: which
// kind, which variable, which file.

// realHome is a real host whose home directory, go env file and caches are the test's own, with
// the go command first on PATH and extra added to its environment. It returns the host and the
// home directory.
func realHome(t *testing.T, extra ...string) (*host.Real, string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the start-up files are a Unix shell's")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	home := t.TempDir()
	env := []string{
		"HOME=" + home, "PATH=" + filepath.Dir(goBin) + ":/usr/bin:/bin", "SHELL=/bin/bash",
		"GOENV=" + filepath.Join(home, ".config", "go", "env"), "GOCACHE=" + filepath.Join(home, ".cache", "go-build"),
		"GOTOOLCHAIN=local", "GOFLAGS=", "GOPROXY=off",
	}
	return host.NewReal(append(env, extra...)), home
}

// writeFile writes data to the file name under dir, making its directory.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestVariableFixesUndoTheValueWhereItWasSet: a bad Go variable is repaired where it was set, as
// the go command and the shells read it: go env -u for the go env file; the line of the shell's
// start-up file that sets it (bash, zsh, fish) removed, automatically when that line is found;
// and, when no start-up file of the user sets it, an action that waits for a confirmation.
func TestVariableFixesUndoTheValueWhereItWasSet(t *testing.T) {
	tests := []struct {
		name      string
		check     string
		env       []string
		files     map[string]string // under the home directory
		goEnvFile string
		want      []finding.Action // Key and File (relative to home) of each action
		auto      bool
	}{
		{name: "go env -w", check: "env.go111module", goEnvFile: "GO111MODULE=off\n",
			want: []finding.Action{{Kind: finding.GoEnvUnset, Key: "GO111MODULE"}}, auto: true},
		{name: "export in ~/.bashrc", check: "env.go111module", env: []string{"GO111MODULE=off"},
			files: map[string]string{".bashrc": "# mine\nalias ll='ls -l'\n  export GO111MODULE=off # old tutorial\n"},
			want:  []finding.Action{{Kind: finding.EnvUnset, Key: "GO111MODULE", File: ".bashrc"}}, auto: true},
		{name: "~/.profile read by a bash login shell", check: "env.goflags", env: []string{"GOFLAGS=-mod=vendor"},
			files: map[string]string{".profile": "GOFLAGS=-mod=vendor; export GOFLAGS\n", ".bashrc": "export MYGOFLAGS=-x\n"},
			want:  []finding.Action{{Kind: finding.EnvUnset, Key: "GOFLAGS", File: ".profile"}}, auto: true},
		{name: "zsh's .zprofile", check: "env.goflags", env: []string{"SHELL=/bin/zsh", "GOFLAGS=-mod=vendor"},
			files: map[string]string{".zshrc": "echo $GOFLAGS\n", ".zprofile": "export GOFLAGS=-mod=vendor\n"},
			want:  []finding.Action{{Kind: finding.EnvUnset, Key: "GOFLAGS", File: ".zprofile"}}, auto: true},
		{name: "fish's set -gx, then go env -w", check: "env.gotoolchain", env: []string{"SHELL=/usr/bin/fish", "GOTOOLCHAIN=bogus"},
			files: map[string]string{".config/fish/config.fish": "set -gx GOTOOLCHAIN bogus\n"},
			want:  []finding.Action{{Kind: finding.EnvUnset, Key: "GOTOOLCHAIN", File: ".config/fish/config.fish"}}, auto: true},
		{name: "set by no start-up file of the user's", check: "env.go111module", env: []string{"GO111MODULE=off"},
			files: map[string]string{".bashrc": "# GO111MODULE=off was here\nexport NOTGO111MODULE=off\n"},
			want:  []finding.Action{{Kind: finding.EnvUnset, Key: "GO111MODULE", File: ".bashrc"}}, auto: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, home := realHome(t, tt.env...)
			for name, data := range tt.files {
				writeFile(t, home, name, data)
			}
			if tt.goEnvFile != "" {
				writeFile(t, home, ".config/go/env", tt.goEnvFile)
			}
			fd := runChecks(t, h, tt.check)[tt.check]
			if !fd.Status.Problem() || fd.Fix == nil {
				t.Fatalf("%s = %s %q, fix %+v; want a problem with a fix", tt.check, fd.Status, fd.Title, fd.Fix)
			}
			if fd.Fix.Auto != tt.auto {
				t.Errorf("Auto = %v, want %v (%s)", fd.Fix.Auto, tt.auto, fd.Fix.Summary)
			}
			if len(fd.Fix.Actions) < len(tt.want) {
				t.Fatalf("actions = %+v, want %+v first", fd.Fix.Actions, tt.want)
			}
			for i, w := range tt.want {
				a := fd.Fix.Actions[i]
				wantFile := ""
				if w.File != "" {
					wantFile = filepath.Join(home, w.File)
				}
				if a.Kind != w.Kind || a.Key != w.Key || a.File != wantFile {
					t.Errorf("action %d = %+v, want %s %s in %q", i, a, w.Kind, w.Key, wantFile)
				}
			}
		})
	}
}

// systemdLinux is a Linux machine whose systemd reads environment.d for the user's manager, with
// bash as the shell and the tools directory off PATH.
func systemdLinux(generator bool, extra ...string) *host.Fake {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/ana"
	h.Environ = append([]string{"PATH=/usr/local/go/bin:/usr/bin:/bin", "HOME=/home/ana", "SHELL=/bin/bash"}, extra...)
	h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
	h.AddDir("/home/ana/go/bin")
	if generator {
		h.AddFile("/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator", []byte("\x7fELF"), 0o755)
	}
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": fakeGo(map[string]string{
		"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPATH": "/home/ana/go", "GOBIN": "",
		"GOMODCACHE": "/home/ana/go/pkg/mod", "GOCACHE": "/home/ana/.cache/go-build", "GOOS": "linux", "GOARCH": "amd64",
	})}
	return h
}

// TestGOBINOffPathReachesTheDesktopSession: GOBIN off PATH is added in the shell's start-up file
// and, where systemd's environment-d generator is installed, in the user's environment.d (under
// XDG_CONFIG_HOME when it is set), which the user manager passes to programs started from the
// desktop; on a Linux without it, and on macOS (launchd's PATH needs root: a command, never an
// action), only the shell's file.
func TestGOBINOffPathReachesTheDesktopSession(t *testing.T) {
	tests := []struct {
		name  string
		h     *host.Fake
		files []string
		cmd   string
	}{
		{"systemd", systemdLinux(true), []string{"/home/ana/.bashrc", "/home/ana/.config/environment.d/90-gomedic.conf"}, "PATH=/home/ana/go/bin:${PATH}"},
		{"systemd, XDG_CONFIG_HOME", systemdLinux(true, "XDG_CONFIG_HOME=/home/ana/conf"), []string{"/home/ana/.bashrc", "/home/ana/conf/environment.d/90-gomedic.conf"}, ""},
		{"no systemd", systemdLinux(false), []string{"/home/ana/.bashrc"}, ""},
		{"macOS", darwinHostGOBINOff(), []string{"/Users/ana/.zshrc"}, "sudo launchctl config user path /Users/ana/go/bin:/usr/bin:/bin:/usr/sbin:/sbin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := runChecks(t, tt.h, "env.gobin_on_path")["env.gobin_on_path"]
			if fd.Status != finding.Fail || fd.Fix == nil {
				t.Fatalf("env.gobin_on_path = %s %q, fix %+v", fd.Status, fd.Title, fd.Fix)
			}
			var files []string
			for _, a := range fd.Fix.Actions {
				if a.Kind != finding.PathAdd || !strings.HasSuffix(a.Path, "/go/bin") {
					t.Errorf("action %+v, want path_add of the tools directory", a)
				}
				files = append(files, a.File)
			}
			if !slices.Equal(files, tt.files) || !fd.Fix.Auto {
				t.Errorf("path_add in %q (auto %v), want %q, automatic", files, fd.Fix.Auto, tt.files)
			}
			if tt.cmd != "" && !slices.ContainsFunc(fd.Fix.Commands, func(c string) bool { return strings.Contains(c, tt.cmd) }) {
				t.Errorf("commands %q lack %q", fd.Fix.Commands, tt.cmd)
			}
		})
	}
}

// darwinHostGOBINOff is darwinHost with the tools directory off PATH.
func darwinHostGOBINOff() *host.Fake {
	h := darwinHost()
	h.AddDir("/Users/ana/go/bin")
	return h
}

// TestMissingToolIsInstalledAutomatically: a gopls the editor cannot find is a go_install of the
// latest gopls, which fix --yes applies.
func TestMissingToolIsInstalledAutomatically(t *testing.T) {
	h, _ := realHome(t)
	fd := runChecks(t, h, "tools.gopls.found")["tools.gopls.found"]
	if fd.Status != finding.Fail || fd.Fix == nil {
		t.Fatalf("tools.gopls.found = %s %q", fd.Status, fd.Title)
	}
	want := []finding.Action{{Kind: finding.GoInstall, Package: "golang.org/x/tools/gopls", Version: "latest"}}
	if !reflect.DeepEqual(fd.Fix.Actions, want) || !fd.Fix.Auto {
		t.Errorf("fix actions %+v (auto %v), want %+v, automatic", fd.Fix.Actions, fd.Fix.Auto, want)
	}
}

// TestGOROOTGoEnvValueIsOverriddenInTheGoEnvFile: a value from the Go distribution's
// GOROOT/go.env, which the user does not edit, is overridden in the user's go env file, which
// the go command reads before it — with the upstream value where an empty one would break the go
// command (an empty GOPROXY stops every download), else empty.
func TestGOROOTGoEnvValueIsOverriddenInTheGoEnvFile(t *testing.T) {
	h := systemdLinux(false)
	h.AddFile("/usr/local/go/go.env", []byte("GOPROXY=https://proxy.golang.org,direct\nGO111MODULE=off\n"), 0o644)
	h.Commands["go"] = fakeGo(map[string]string{"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPATH": "/home/ana/go", "GO111MODULE": "off"})
	fd := runChecks(t, h, "env.go111module")["env.go111module"]
	want := []finding.Action{{Kind: finding.GoEnvSet, Key: "GO111MODULE", Value: ""}}
	if fd.Status != finding.Fail || fd.Fix == nil || !reflect.DeepEqual(fd.Fix.Actions, want) || !fd.Fix.Auto {
		t.Fatalf("env.go111module = %s %q, fix %+v; want go env -w GO111MODULE= (automatic)", fd.Status, fd.Title, fd.Fix)
	}
	if !strings.Contains(fd.Fix.Summary, "/usr/local/go/go.env") {
		t.Errorf("summary does not name go.env: %s", fd.Fix.Summary)
	}
}
