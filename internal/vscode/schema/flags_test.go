package schema

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/testtools"
)

// realUsage is the pinned gopls's usage, parsed.
func realUsage(t *testing.T) (string, *Usage) {
	t.Helper()
	gopls := testtools.Need(t, "gopls")
	help, err := goplsCmd(t, gopls, "help").CombinedOutput()
	if err != nil {
		t.Fatalf("gopls help: %v\n%s", err, help)
	}
	serve, err := goplsCmd(t, gopls, "help", "serve").CombinedOutput()
	if err != nil {
		t.Fatalf("gopls help serve: %v\n%s", err, serve)
	}
	u, err := ParseUsage(string(help), string(serve))
	if err != nil {
		t.Fatal(err)
	}
	return gopls, u
}

func TestParseUsageRealGopls(t *testing.T) {
	_, u := realUsage(t)
	for name, want := range map[string]FlagSpec{
		"rpc.trace":      {Name: "rpc.trace", Type: "", Serve: true},
		"debug":          {Name: "debug", Type: "string", Serve: true},
		"listen.timeout": {Name: "listen.timeout", Type: "duration", Serve: true},
		"port":           {Name: "port", Type: "int", Serve: true},
		"remote":         {Name: "remote", Type: "string", Serve: false},
		"profile.cpu":    {Name: "profile.cpu", Type: "string", Serve: false},
		"v":              {Name: "v", Type: "", Serve: false},
		"verbose":        {Name: "verbose", Type: "", Serve: false},
		"vv":             {Name: "vv", Type: "", Serve: false},
	} {
		if got := u.Flags[name]; got != want {
			t.Errorf("flag %s = %+v, want %+v", name, got, want)
		}
	}
	if !u.ServeKnown || !contains(u.Commands, "serve") || !contains(u.Commands, "version") || !contains(u.Commands, "api-json") {
		t.Errorf("usage: serve known %v, commands %v", u.ServeKnown, u.Commands)
	}
}

func TestParseUsageWithoutServeHelp(t *testing.T) {
	u, err := ParseUsage("Command:\n\nMain\n  serve   run a server\n\nflags:\n  -rpc.trace\n    \tprint\n  -v,-verbose\n    \tverbose\n  -port=int\n    \tport\n", "")
	if err != nil {
		t.Fatal(err)
	}
	if u.ServeKnown || !u.Flags["verbose"].Serve || u.Flags["port"].Type != "int" || !reflect.DeepEqual(u.Commands, []string{"serve"}) {
		t.Errorf("usage: %+v", u)
	}
	if _, err := ParseUsage("no flags here", ""); err == nil {
		t.Error("a usage without flags parsed")
	}
}

// TestCheckFlagsRealGopls checks flags as gopls would, and for the flags that make gopls exit
// at once, runs the real gopls the way the Go extension does to prove the message is gopls's own.
// Only arguments that make gopls exit before it serves are run: none that starts a listener or
// a daemon.
func TestCheckFlagsRealGopls(t *testing.T) {
	gopls, u := realUsage(t)
	for _, tc := range []struct {
		flags   []string
		message string // of the first problem; "" for none
		where   int    // the index of the flag it is about
		fixed   []string
		runIt   bool // run gopls to compare its message
	}{
		{flags: []string{"-rpc.trace"}, fixed: []string{"-rpc.trace"}},
		{flags: []string{"--debug=localhost:6060", "-remote=auto"}, fixed: []string{"--debug=localhost:6060", "-remote=auto"}},
		{flags: []string{"-logfile", "/tmp/gopls.log", "-rpc.trace"}, fixed: []string{"-logfile", "/tmp/gopls.log", "-rpc.trace"}},
		{flags: []string{"-remote=auto", "serve", "-rpc.trace", "--listen.timeout=1m"}, fixed: []string{"-remote=auto", "serve", "-rpc.trace", "--listen.timeout=1m"}},
		{flags: []string{"-vv", "-rpc.trace=false"}, fixed: []string{"-vv", "-rpc.trace=false"}},

		{flags: []string{"-foo"}, message: "flag provided but not defined: -foo", fixed: []string{}, runIt: true},
		{flags: []string{"-rpc.trace", "--foo=1"}, message: "flag provided but not defined: -foo", where: 1, fixed: []string{"-rpc.trace"}, runIt: true},
		{flags: []string{"-rpc-trace"}, message: "flag provided but not defined: -rpc-trace", fixed: []string{"-rpc.trace"}, runIt: true},
		{flags: []string{"serve", "-v"}, message: "flag provided but not defined: -v", where: 1, fixed: []string{"serve"}, runIt: true},
		{flags: []string{"-port=abc"}, message: `invalid value "abc" for flag -port: parse error`, fixed: []string{}, runIt: true},
		{flags: []string{"-port", "abc", "-rpc.trace"}, message: `invalid value "abc" for flag -port: parse error`, fixed: []string{"-rpc.trace"}, runIt: true},
		{flags: []string{"-listen.timeout=5"}, message: `invalid value "5" for flag -listen.timeout: parse error`, fixed: []string{}, runIt: true},
		{flags: []string{"-rpc.trace=maybe"}, message: `invalid boolean value "maybe" for -rpc.trace: parse error`, fixed: []string{}, runIt: true},
		{flags: []string{"-rpc.trace", "-logfile"}, message: "flag needs an argument: -logfile", where: 1, fixed: []string{"-rpc.trace"}, runIt: true},
		{flags: []string{"serve", "extra"}, message: "server does not take arguments, got [extra]", where: 1, fixed: []string{"serve"}, runIt: true},
		{flags: []string{"bogus"}, message: "Unknown command bogus", fixed: []string{}, runIt: true},
		{flags: []string{"--", "-rpc.trace"}, message: "Unknown command -rpc.trace", where: 1, fixed: []string{"--"}, runIt: true},
		{flags: []string{"---x"}, message: "bad flag syntax: ---x", fixed: []string{}, runIt: true},
		{flags: []string{"-h"}, message: "-h makes gopls print its usage and exit", fixed: []string{}},
		{flags: []string{"version"}, message: `"version" is a gopls command`, fixed: []string{}},
		{flags: []string{"-listen.timeout=5", "-vv", "-bogus"}, message: `invalid value "5"`, fixed: []string{"-vv"}},
	} {
		t.Run(strings.Join(tc.flags, " "), func(t *testing.T) {
			probs := CheckFlags(tc.flags, u)
			fixed, all := RepairFlags(tc.flags, u)
			if tc.message == "" {
				if len(probs) > 0 || len(all) > 0 {
					t.Fatalf("unexpected problems: %+v", probs)
				}
			} else {
				if len(probs) == 0 {
					t.Fatalf("no problem, want %q", tc.message)
				}
				p := probs[0]
				if !strings.Contains(p.Message, tc.message) || p.Key != "go.languageServerFlags" || p.Path[0] != itoa(tc.where) {
					t.Errorf("got %s: %s, want [%d]: %s", p.Where(), p.Message, tc.where, tc.message)
				}
			}
			if !reflect.DeepEqual(append([]string{}, fixed...), tc.fixed) {
				t.Errorf("repaired to %q, want %q", fixed, tc.fixed)
			}
			if len(CheckFlags(fixed, u)) > 0 {
				t.Errorf("the repaired flags %q still have problems", fixed)
			}
			if tc.runIt {
				first := runGopls(t, gopls, tc.flags)
				if first != probs[0].Message && !strings.HasSuffix(first, probs[0].Message) {
					t.Errorf("gopls says %q, gomedic %q", first, probs[0].Message)
				}
			}
		})
	}
}

// runGopls starts gopls as the Go extension does and returns the first line it prints on stderr,
// without the "gopls: " program prefix; the test fails unless gopls exits with status 2.
func runGopls(t *testing.T, gopls string, flags []string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := goplsCmd(t, gopls, append(append([]string(nil), ExtensionArgs...), flags...)...)
	cmd = exec.CommandContext(ctx, cmd.Path, cmd.Args[1:]...)
	cmd.Stdin = bytes.NewReader(nil)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("gopls %q: %v (want exit status 2)\n%s", flags, err, stderr.String())
	}
	first, _, _ := strings.Cut(stderr.String(), "\n")
	return strings.TrimPrefix(first, "gopls: ")
}

func itoa(i int) string { return string(rune('0' + i)) }
