package editor

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// These tests cover editor.env_mismatch where a Linux test machine cannot: macOS's launchd, and
// desktop environments with chosen contents. Real shells are run by
// testdata/script/editor_env_*.txtar.

var markArg = regexp.MustCompile(`printf %s ([0-9a-f]{12});`)

// fakeShell answers the editor's lookup like a shell whose login start-up files apply login and
// whose interactive non-login ones apply interactive: "PATH+=/dir" puts dir first on PATH,
// "NAME=value" sets a variable. It starts from the environment it is given, as a shell does.
func fakeShell(login, interactive []string, noise string) func(host.Cmd) *host.Result {
	return func(c host.Cmd) *host.Result {
		m := markArg.FindStringSubmatch(c.Args[len(c.Args)-1])
		if m == nil {
			return &host.Result{ExitCode: 2, Stderr: []byte("unexpected command")}
		}
		changes := interactive
		if slices.Contains(c.Args, "-l") {
			changes = login
		}
		env := host.NewEnv(c.Env, false)
		for _, ch := range changes {
			if dir, ok := strings.CutPrefix(ch, "PATH+="); ok {
				env = env.With("PATH=" + dir + ":" + env.Get("PATH"))
				continue
			}
			env = env.With(ch)
		}
		out := noise + m[1] + strings.Join(env.Environ(), "\n") + "\n" + m[1]
		return &host.Result{Stdout: []byte(out), Duration: 30 * time.Millisecond}
	}
}

// fakeGoEnv answers `go env -json`.
func fakeGoEnv(gopath string) func(host.Cmd) *host.Result {
	return func(c host.Cmd) *host.Result {
		if len(c.Args) > 0 && c.Args[0] == "env" {
			return &host.Result{Stdout: []byte(`{"GOPATH":"` + gopath + `","GOBIN":"","GOROOT":"/opt/homebrew/Cellar/go/1.26.8/libexec","GOVERSION":"go1.26.8"}`)}
		}
		return &host.Result{ExitCode: 2}
	}
}

// mac is a Mac with Homebrew's go, put on PATH by ~/.zprofile, and a user running zsh.
func mac(launchd map[string]string) *host.Fake {
	h := host.NewFake("darwin", "arm64")
	h.Home = "/Users/a"
	h.Environ = []string{"HOME=/Users/a", "USER=a", "SHELL=/bin/zsh", "PATH=/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin", "GOFLAGS=-mod=mod"}
	h.AddFile("/opt/homebrew/bin/go", []byte("go"), 0o755)
	h.AddFile("/bin/zsh", []byte("zsh"), 0o755)
	h.AddFile("/Users/a/.zprofile", []byte("eval \"$(/opt/homebrew/bin/brew shellenv)\"\n"), 0o644)
	h.AddDir("/Users/a/go/bin")
	h.Commands = map[string]func(host.Cmd) *host.Result{
		"go": fakeGoEnv("/Users/a/go"),
		"launchctl": func(c host.Cmd) *host.Result {
			return &host.Result{Stdout: []byte(launchd[c.Args[len(c.Args)-1]] + "\n")}
		},
		"zsh": fakeShell([]string{"PATH+=/opt/homebrew/bin", "GOFLAGS=-mod=mod"}, nil, ""),
	}
	return h
}

func runEnvMismatch(t *testing.T, h host.Host, timeout time.Duration) finding.Finding {
	t.Helper()
	f := facts.New(context.Background(), h, "/work", timeout)
	fd := envMismatch(context.Background(), f)
	t.Logf("%s: %s\n%s", fd.Status, fd.Title, fd.Detail)
	return fd
}

func TestEnvMismatchMacLookupWorks(t *testing.T) {
	h := mac(nil)
	fd := runEnvMismatch(t, h, 5*time.Second)
	if fd.Status != finding.Info {
		t.Fatalf("status %s, want info (go reaches the editor only through the lookup)", fd.Status)
	}
	if !strings.Contains(fd.Detail, "go reaches the editor only through this lookup") || !strings.Contains(fd.Detail, "/usr/bin:/bin:/usr/sbin:/sbin") {
		t.Errorf("detail does not explain that launchd's PATH lacks go:\n%s", fd.Detail)
	}
	// launchd has no list: one getenv per variable, and the lookup is run once (a terminal on
	// macOS is a login shell).
	var getenvs, shells int
	for _, c := range h.Ran() {
		switch c.Path {
		case "launchctl":
			getenvs++
			if c.Args[0] != "getenv" {
				t.Errorf("ran launchctl %v", c.Args)
			}
		case "/bin/zsh":
			shells++
			if !slices.Equal(c.Args[:3], []string{"-i", "-l", "-c"}) || !c.Detached || c.Timeout != 10*time.Second {
				t.Errorf("lookup run as %v (detached %v, timeout %s), want -i -l -c, detached, 10s", c.Args, c.Detached, c.Timeout)
			}
			if !slices.Contains(c.Env, "VSCODE_RESOLVING_ENVIRONMENT=1") || !slices.Contains(c.Env, "PATH=/usr/bin:/bin:/usr/sbin:/sbin") {
				t.Errorf("lookup environment %v lacks VS Code's marker or launchd's PATH", c.Env)
			}
		}
	}
	if getenvs != 1+len(editorGoVars) || shells != 1 {
		t.Errorf("%d launchctl getenv and %d shell runs, want %d and 1", getenvs, shells, 1+len(editorGoVars))
	}
}

func TestEnvMismatchMacLookupTimesOut(t *testing.T) {
	h := mac(map[string]string{"GOPROXY": "off"})
	h.Commands["zsh"] = func(c host.Cmd) *host.Result {
		return &host.Result{ExitCode: -1, TimedOut: true, Err: host.ErrTimeout, Duration: c.Timeout, Stdout: []byte("Updating oh-my-zsh...\n")}
	}
	fd := runEnvMismatch(t, h, time.Second)
	// A slow shell is a warning about the shell, not a mismatch: the editor may wait longer than
	// gomedic did. What follows if it gives up too is told in the detail.
	if fd.Status != finding.Warn || !strings.Contains(fd.Title, "did not finish within 2s") {
		t.Fatalf("%s: %s, want a warning about the timeout", fd.Status, fd.Title)
	}
	for _, want := range []string{
		"did not finish within 2s", "Unable to resolve your shell environment in a reasonable time",
		"--timeout 5s", `If the editor gives up too: A terminal runs`, `Failed to find the \"go\" binary`,
		`GOFLAGS: terminal "-mod=mod", editor unset`, `GOPROXY: terminal unset, editor "off"`,
	} {
		if !strings.Contains(fd.Detail, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	if fd.Fix == nil || !strings.Contains(fd.Fix.Summary, "VSCODE_RESOLVING_ENVIRONMENT") || !strings.Contains(fd.Fix.Summary, "shellEnvironmentResolutionTimeout") {
		t.Errorf("fix does not say how to make the lookup work: %+v", fd.Fix)
	}
}

func TestEnvMismatchMacLaunchdSetsVariable(t *testing.T) {
	// launchctl setenv GOFLAGS -mod=vendor: the lookup starts from it and the shell keeps it, so
	// the editor has it while a terminal started the same way has it too: no difference to report.
	h := mac(map[string]string{"GOFLAGS": "-mod=vendor"})
	h.Commands["zsh"] = fakeShell([]string{"PATH+=/opt/homebrew/bin"}, nil, "")
	fd := runEnvMismatch(t, h, 5*time.Second)
	if fd.Status.Problem() {
		t.Fatalf("status %s, want no problem", fd.Status)
	}
}

// linuxDesktop is a Linux machine whose systemd user manager answers, with go in ~/sdk/go/bin
// put on PATH by ~/.bashrc only.
func linuxDesktop() *host.Fake {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	h.Environ = []string{"HOME=/home/a", "USER=a", "SHELL=/bin/bash", "PATH=/home/a/sdk/go/bin:/usr/bin:/bin", "XDG_RUNTIME_DIR=/run/user/1000"}
	h.AddFile("/run/user/1000/systemd/private", nil, 0o755) // the user manager's socket
	h.AddFile("/home/a/sdk/go/bin/go", []byte("go"), 0o755)
	h.AddFile("/home/a/.bashrc", []byte("# go\nexport PATH=\"$HOME/sdk/go/bin:$PATH\"\n"), 0o644)
	h.AddFile("/home/a/.profile", []byte("# nothing\n"), 0o644)
	h.Commands = map[string]func(host.Cmd) *host.Result{
		"go":        fakeGoEnv("/home/a/go"),
		"systemctl": host.Output("HOME=/home/a\nLANG=C.UTF-8\nPATH=/usr/local/bin:/usr/bin:/bin\nXDG_DATA_DIRS=$'/usr/share\\n'\n", 0),
		"bash":      fakeShell(nil, []string{"PATH+=/home/a/sdk/go/bin"}, "welcome\n"),
	}
	return h
}

func TestEnvMismatchBashrcOnly(t *testing.T) {
	h := linuxDesktop()
	fd := runEnvMismatch(t, h, 5*time.Second)
	if fd.Status != finding.Fail {
		t.Fatalf("status %s, want fail", fd.Status)
	}
	for _, want := range []string{"~/.bashrc:2", "read only by interactive shells that are not login shells", "~/.profile", "systemd user manager", "print on stdout"} {
		if !strings.Contains(fd.Detail, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	if fd.Fix == nil || len(fd.Fix.Actions) == 0 {
		t.Fatalf("no fix actions")
	}
	a := fd.Fix.Actions[0]
	if a.Kind != finding.PathAdd || a.Path != "/home/a/sdk/go/bin" || a.File != "/home/a/.profile" {
		t.Errorf("action %+v, want path_add of /home/a/sdk/go/bin in /home/a/.profile", a)
	}
	if !slices.Contains(fd.Fix.Commands, `echo 'export PATH="$HOME/sdk/go/bin:$PATH"' >> ~/.profile`) {
		t.Errorf("commands %q lack the line for ~/.profile", fd.Fix.Commands)
	}
	var modes []string
	for _, c := range h.Ran() {
		if c.Path == "/bin/bash" {
			modes = append(modes, strings.Join(c.Args[:len(c.Args)-1], " "))
			if !slices.Contains(c.Env, "PATH=/usr/local/bin:/usr/bin:/bin") || !slices.Contains(c.Env, "XDG_DATA_DIRS=/usr/share\n") {
				t.Errorf("shell started with %q, not the systemd user manager's environment", c.Env)
			}
		}
	}
	slices.Sort(modes)
	if !slices.Equal(modes, []string{"-i -c", "-i -l -c"}) {
		t.Errorf("shell runs %q, want a login and a non-login one", modes)
	}
}

func TestEnvMismatchNoDesktopNoShell(t *testing.T) {
	h := host.NewFake("windows", "amd64")
	if fd := runEnvMismatch(t, h, time.Second); fd.Status != finding.Skip {
		t.Errorf("windows: status %s, want skip", fd.Status)
	}
	h = linuxDesktop()
	h.Environ = []string{"HOME=/home/a", "PATH=/usr/bin"}
	if fd := runEnvMismatch(t, h, time.Second); fd.Status != finding.Skip || !strings.Contains(fd.Title, "SHELL") {
		t.Errorf("no SHELL: %s %q, want skip naming SHELL", fd.Status, fd.Title)
	}
}

func TestLookupTimeout(t *testing.T) {
	for _, tc := range []struct{ flag, want time.Duration }{{5 * time.Second, 10 * time.Second}, {time.Second, 2 * time.Second}, {30 * time.Second, 10 * time.Second}} {
		f := facts.New(context.Background(), host.NewFake("linux", "amd64"), "/", tc.flag)
		if got := lookupTimeout(f); got != tc.want {
			t.Errorf("--timeout %s: lookup limit %s, want %s", tc.flag, got, tc.want)
		}
	}
}
