package shellenv

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

var markArg = regexp.MustCompile(`printf %s ([0-9a-f]{12});`)

// fakeBash prints its environment with the variables of *extra added, and stands for a shell that
// sourced ~/.bashrc (in its trace when traced) and exits with *exit.
func fakeBash(extra *[]string, exit *int) func(host.Cmd) *host.Result {
	return func(c host.Cmd) *host.Result {
		m := markArg.FindStringSubmatch(c.Args[len(c.Args)-1])
		env := host.NewEnv(c.Env, false)
		for _, kv := range *extra {
			env = env.With(kv)
		}
		stderr := "bash: no job control in this shell\n"
		if c.Args[0] == "-x" {
			stderr += "+ . /home/a/.bashrc\n++ export PATH=/home/a/go/bin:/usr/bin\n"
		}
		out := m[1] + strings.Join(env.Environ(), "\n") + "\n" + m[1]
		return &host.Result{Stdout: []byte(out), Stderr: []byte(stderr), ExitCode: *exit}
	}
}

// TestRunCached checks when a lookup is replayed: the same shell, start environment and files;
// never after a change, a failure or a value that holds a credential.
func TestRunCached(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	h.AddFile("/bin/bash", []byte("bash"), 0o755)
	h.AddFile("/home/a/.bashrc", []byte("export PATH=/home/a/go/bin:$PATH\n"), 0o644)
	extra, exit := []string{"PATH=/home/a/go/bin:/usr/bin", "GOFLAGS=-mod=mod", "SECRET_TOKEN=ghp_notkept"}, 0
	h.Commands = map[string]func(host.Cmd) *host.Result{"bash": fakeBash(&extra, &exit)}
	c := &Cache{Dir: t.TempDir(), Keep: []string{"GOFLAGS", "GOPROXY"}}
	base := []string{"HOME=/home/a", "PATH=/usr/bin"}
	runs := 0
	lookup := func(what string, wantRun bool) *Lookup {
		t.Helper()
		l := RunCached(context.Background(), h, c, "/bin/bash", Login, base, "/home/a", time.Minute)
		ran := len(h.Ran()) > runs
		runs = len(h.Ran())
		if ran != wantRun {
			t.Fatalf("%s: shell started %v, want %v", what, ran, wantRun)
		}
		return l
	}

	l := lookup("first", true)
	if c := h.Ran()[0]; c.Args[0] != "-x" || strings.Contains(string(l.Result.Stderr), "+ .") || l.Result.Cmd.Args[0] == "-x" {
		t.Errorf("the first lookup is traced (%q) and shown untraced (%q, stderr %q)", c.Args, l.Result.Cmd.Args, l.Result.Stderr)
	}
	l = lookup("nothing changed", false)
	if l.Result.CachedAt.IsZero() || !l.OK() || l.Env.Get("GOFLAGS") != "-mod=mod" || l.Env.Get("PATH") != "/home/a/go/bin:/usr/bin" {
		t.Errorf("replayed %v, env %q", l.Result.CachedAt, l.Env.Environ())
	}
	if _, ok := l.Env.Lookup("SECRET_TOKEN"); ok {
		t.Errorf("a variable the caller does not read was kept")
	}
	files, _ := os.ReadDir(c.Dir)
	for _, f := range files {
		if data, _ := os.ReadFile(c.Dir + "/" + f.Name()); strings.Contains(string(data), "ghp_") {
			t.Errorf("the record holds the token: %s", data)
		}
	}

	h.AddFile("/home/a/.bashrc", []byte("export PATH=/home/a/go/bin:$PATH # edited\n"), 0o644)
	lookup("the sourced file changed", true)
	lookup("and again nothing changed", false)
	base = append(base, "LANG=C.UTF-8")
	lookup("another start environment", true)
	lookup("the same again", false)

	// A failure is never kept: the next run starts the shell again.
	h.AddFile("/home/a/.profile", []byte("exit 3\n"), 0o644)
	exit = 3
	lookup("a failing shell", true)
	lookup("still failing", true)

	// Nor a value that holds a credential.
	exit = 0
	extra = append(extra, "GOPROXY=https://user:s3cret-Pass@proxy.example.com")
	h.AddFile("/home/a/.profile", []byte("export GOPROXY=...\n"), 0o644)
	lookup("a credential", true)
	lookup("a credential, again", true)

	if l := RunCached(context.Background(), h, nil, "/bin/bash", Login, base, "/home/a", time.Minute); !l.Result.CachedAt.IsZero() || len(h.Ran()) == runs {
		t.Errorf("without a cache (--no-cache) the shell is not started")
	}
}
