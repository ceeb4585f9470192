package goenv

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// slash writes a path with forward slashes whatever the OS, for comparing fake paths built with
// filepath.Join.
func slash(p string) string { return strings.ReplaceAll(p, `\`, "/") }

func TestParseFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want map[string]Line
	}{
		{name: "empty", data: "", want: map[string]Line{}},
		{
			name: "go env -w output",
			data: "GOPROXY=https://proxy.example.com,direct\nGOFLAGS=-mod=mod\n",
			want: map[string]Line{"GOPROXY": {"https://proxy.example.com,direct", 1}, "GOFLAGS": {"-mod=mod", 2}},
		},
		{
			name: "GOROOT/go.env with comments and blank lines",
			data: "# This file contains the initial defaults for go command configuration.\n\n# Use the Go module mirror and checksum database by default.\n# See https://proxy.golang.org for details.\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n\n# Automatically download newer toolchains as directed by go.mod files.\nGOTOOLCHAIN=auto\n",
			want: map[string]Line{"GOPROXY": {"https://proxy.golang.org,direct", 5}, "GOSUMDB": {"sum.golang.org", 6}, "GOTOOLCHAIN": {"auto", 9}},
		},
		{
			name: "a later line wins and keeps its line number",
			data: "GOFLAGS=-v\nGOFLAGS=-mod=mod\n",
			want: map[string]Line{"GOFLAGS": {"-mod=mod", 2}},
		},
		{
			name: "lines without = and keys not starting with an upper-case letter are ignored",
			data: "GOFLAGS\ngoflags=-v\n_X=1\n1X=2\n=3\n GOPATH=/x\n\tGOBIN=/y\nGOBIN=/z\n",
			want: map[string]Line{"GOBIN": {"/z", 8}},
		},
		{
			name: "the key is everything before the first =, the value everything after",
			data: "GOFLAGS=-ldflags=-X=main.v=1\nGOPRIVATE=\nA b=c\nGoPath=/mixed\n",
			want: map[string]Line{"GOFLAGS": {"-ldflags=-X=main.v=1", 1}, "GOPRIVATE": {"", 2}, "A b": {"c", 3}, "GoPath": {"/mixed", 4}},
		},
		{
			// cmd/go's readEnvFile splits on \n only: a CRLF file keeps \r in its values.
			name: "CRLF keeps the carriage return in the value, as the go command does",
			data: "GOPROXY=direct\r\nGOFLAGS=-v\r\n\r\n",
			want: map[string]Line{"GOPROXY": {"direct\r", 1}, "GOFLAGS": {"-v\r", 2}},
		},
		{
			name: "no final newline",
			data: "\n\nGOPATH=/go",
			want: map[string]Line{"GOPATH": {"/go", 3}},
		},
		{
			name: "a value with spaces and quotes is kept as written",
			data: `GOFLAGS="-tags=a b" 'x'` + "\n",
			want: map[string]Line{"GOFLAGS": {`"-tags=a b" 'x'`, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseFile([]byte(tt.data)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseFile(%q) = %v, want %v", tt.data, got, tt.want)
			}
		})
	}
}

func fake(goos string, environ ...string) *host.Fake {
	h := host.NewFake(goos, "amd64")
	h.Environ = environ
	switch goos {
	case "windows":
		h.Home = "C:/Users/ana"
	case "darwin":
		h.Home = "/Users/ana"
	default:
		h.Home = "/home/ana"
	}
	return h
}

func TestUserFile(t *testing.T) {
	t.Parallel()
	homeless := fake("linux")
	homeless.Home = ""
	darwinHomeless := fake("darwin")
	darwinHomeless.Home = ""
	tests := []struct {
		name string
		h    host.Host
		want string
	}{
		{"linux default", fake("linux"), "/home/ana/.config/go/env"},
		{"linux XDG_CONFIG_HOME", fake("linux", "XDG_CONFIG_HOME=/xdg"), "/xdg/go/env"},
		{"linux XDG_CONFIG_HOME empty", fake("linux", "XDG_CONFIG_HOME="), "/home/ana/.config/go/env"},
		{"linux XDG_CONFIG_HOME relative: os.UserConfigDir fails, no go env file", fake("linux", "XDG_CONFIG_HOME=xdg"), ""},
		{"linux GOENV", fake("linux", "GOENV=/etc/go.env", "XDG_CONFIG_HOME=/xdg"), "/etc/go.env"},
		{"linux GOENV=off", fake("linux", "GOENV=off"), ""},
		{"linux GOENV empty is unset", fake("linux", "GOENV="), "/home/ana/.config/go/env"},
		{"linux no home", homeless, ""},
		{"darwin", fake("darwin", "XDG_CONFIG_HOME=/xdg"), "/Users/ana/Library/Application Support/go/env"},
		{"darwin no home", darwinHomeless, ""},
		{"darwin GOENV=off", fake("darwin", "GOENV=off"), ""},
		{"windows", fake("windows", "APPDATA=C:/Users/ana/AppData/Roaming"), "C:/Users/ana/AppData/Roaming/go/env"},
		{"windows, names fold case", fake("windows", "AppData=C:/Users/ana/AppData/Roaming", "goenv="), "C:/Users/ana/AppData/Roaming/go/env"},
		{"windows GOENV", fake("windows", "AppData=C:/x", "GoEnv=D:/go.env"), "D:/go.env"},
		{"windows no AppData", fake("windows", "XDG_CONFIG_HOME=/xdg"), ""},
	}
	for _, tt := range tests {
		if got := slash(UserFile(tt.h)); got != tt.want {
			t.Errorf("%s: UserFile = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestUserFileMatchesGoCommand asks the real go command where its go env file is.
func TestUserFileMatchesGoCommand(t *testing.T) {
	t.Parallel()
	goBin := needGo(t)
	home := t.TempDir()
	for _, extra := range [][]string{
		{"HOME=" + home},
		{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "xdg")},
		{"HOME=" + home, "XDG_CONFIG_HOME=relative"},
		{"HOME=" + home, "GOENV=" + filepath.Join(home, "my.env")},
		{"HOME=" + home, "GOENV=off"},
	} {
		environ := host.NewEnv(os.Environ(), false).Without("GOENV", "XDG_CONFIG_HOME", "HOME", "AppData", "USERPROFILE").With(extra...).Environ()
		h := host.NewReal(environ)
		res := h.Run(context.Background(), host.Cmd{Path: goBin, Args: []string{"env", "GOENV"}, Timeout: time.Minute, Env: environ})
		if !res.OK() {
			t.Fatalf("go env GOENV: %s", res.Failure())
		}
		want := strings.TrimSpace(string(res.Stdout))
		if want == "off" {
			want = ""
		}
		if got := UserFile(h); got != want {
			t.Errorf("%q: UserFile = %q, go env GOENV = %q", extra, got, want)
		}
	}
}

func TestDefaultGOCACHE(t *testing.T) {
	t.Parallel()
	homeless := fake("linux")
	homeless.Home = ""
	tests := []struct {
		name string
		h    host.Host
		want string
	}{
		{"linux", fake("linux"), "/home/ana/.cache/go-build"},
		{"linux XDG_CACHE_HOME", fake("linux", "XDG_CACHE_HOME=/cache"), "/cache/go-build"},
		{"linux XDG_CACHE_HOME relative: no default", fake("linux", "XDG_CACHE_HOME=cache"), ""},
		{"linux no home", homeless, ""},
		{"linux no home, XDG", func() host.Host { h := fake("linux", "XDG_CACHE_HOME=/c"); h.Home = ""; return h }(), "/c/go-build"},
		{"darwin", fake("darwin", "XDG_CACHE_HOME=/cache"), "/Users/ana/Library/Caches/go-build"},
		{"windows", fake("windows", "LocalAppData=C:/Users/ana/AppData/Local"), "C:/Users/ana/AppData/Local/go-build"},
		{"windows, upper case", fake("windows", "LOCALAPPDATA=C:/L"), "C:/L/go-build"},
		{"windows without LocalAppData", fake("windows"), ""},
		{"plan9", func() host.Host { h := host.NewFake("plan9", "amd64"); h.Home = "/usr/ana"; return h }(), "/usr/ana/lib/cache/go-build"},
	}
	for _, tt := range tests {
		if got := slash(DefaultGOCACHE(tt.h)); got != tt.want {
			t.Errorf("%s: DefaultGOCACHE = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDefaultGOCACHEMatchesGoCommand asks the real go command for its default build cache.
func TestDefaultGOCACHEMatchesGoCommand(t *testing.T) {
	t.Parallel()
	goBin := needGo(t)
	home := t.TempDir()
	for _, extra := range [][]string{
		{"HOME=" + home},
		{"HOME=" + home, "XDG_CACHE_HOME=" + filepath.Join(home, "c")},
		{"HOME=" + home, "XDG_CACHE_HOME=relative"},
	} {
		environ := host.NewEnv(os.Environ(), false).Without("GOCACHE", "XDG_CACHE_HOME", "HOME", "LocalAppData", "GOENV").With(append(extra, "GOENV=off")...).Environ()
		h := host.NewReal(environ)
		res := h.Run(context.Background(), host.Cmd{Path: goBin, Args: []string{"env", "GOCACHE"}, Timeout: time.Minute, Env: environ})
		if !res.OK() {
			t.Fatalf("go env GOCACHE: %s", res.Failure())
		}
		want := strings.TrimSpace(string(res.Stdout))
		if want == "off" {
			want = ""
		}
		if got := DefaultGOCACHE(h); got != want {
			t.Errorf("%q: DefaultGOCACHE = %q, go env GOCACHE = %q", extra, got, want)
		}
	}
}

func needGo(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	return goBin
}

func TestLoadRealGo(t *testing.T) {
	t.Parallel()
	goBin := needGo(t)
	dir := t.TempDir()
	h := host.NewReal(os.Environ())
	e := Load(context.Background(), h, goBin, dir, time.Minute)
	if !e.OK() || e.Err != nil {
		t.Fatalf("Load: %v", e.Err)
	}
	if e.Get("GOROOT") == "" || !strings.HasPrefix(e.Get("GOVERSION"), "go") || e.Get("GOMODCACHE") == "" {
		t.Errorf("GOROOT %q, GOVERSION %q, GOMODCACHE %q", e.Get("GOROOT"), e.Get("GOVERSION"), e.Get("GOMODCACHE"))
	}
	if e.Result == nil || e.Result.Cmd.Dir != dir || e.Result.Cmd.String() != (host.Cmd{Path: goBin, Args: append([]string{"env", "-json"}, Names...)}).String() {
		t.Errorf("Result = %+v", e.Result)
	}
	for _, name := range Names {
		if _, ok := e.Vars[name]; !ok {
			t.Errorf("go env -json did not print %s", name)
		}
	}
	if e.Get("NO_SUCH_VARIABLE") != "" {
		t.Error("Get of an unknown variable is not empty")
	}
	// The same go run in a directory that does not exist fails, and says why.
	e = Load(context.Background(), h, goBin, filepath.Join(dir, "missing"), time.Minute)
	if e.OK() || e.Err == nil || e.Get("GOROOT") != "" {
		t.Errorf("Load in a missing directory: OK %v, Err %v", e.OK(), e.Err)
	}
}

func TestLoadFakes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		run     func(host.Cmd) *host.Result
		ok      bool
		errText string
	}{
		{name: "good", run: host.Output(`{"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPATH": "/home/ana/go"}`, 0), ok: true},
		{name: "old go without GOVERSION", run: host.Output(`{"GOROOT": "/usr/local/go"}`, 0), ok: true},
		{name: "garbage", run: host.Output("hello, world\n", 0), errText: "parsing the output of /usr/local/go/bin/go env -json GOROOT GOVERSION"},
		{name: "truncated JSON", run: host.Output(`{"GOROOT": "/usr`, 0), errText: "parsing the output"},
		{name: "JSON of another shape", run: host.Output(`["GOROOT"]`, 0), errText: "parsing the output"},
		{name: "JSON without GOROOT", run: host.Output(`{"GOVERSION": "go1.26.8", "GOPATH": "/x"}`, 0), errText: "printed no GOROOT"},
		{name: "empty JSON", run: host.Output(`{}`, 0), errText: "printed no GOROOT"},
		{name: "not JSON strings", run: host.Output(`{"GOROOT": 1}`, 0), errText: "parsing the output"},
		{name: "exit 1", run: func(host.Cmd) *host.Result {
			return &host.Result{ExitCode: 1, Stderr: []byte("go: GOPATH entry is relative; must be absolute path: \"x\".\n")}
		}, errText: " GOWASM exited with status 1: go: GOPATH entry is relative"},
		{name: "exit 2 with valid JSON", run: host.Output(`{"GOROOT": "/usr/local/go"}`, 2), errText: "exited with status 2"},
		{name: "timeout", run: func(c host.Cmd) *host.Result {
			return &host.Result{ExitCode: -1, TimedOut: true, Err: host.ErrTimeout}
		}, errText: "did not finish within 3s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := fake("linux")
			h.Commands = map[string]func(host.Cmd) *host.Result{"go": tt.run}
			e := Load(context.Background(), h, "/usr/local/go/bin/go", "/work", 3*time.Second)
			if e.OK() != tt.ok || (e.Err == nil) != tt.ok {
				t.Fatalf("OK %v, Err %v; want ok %v", e.OK(), e.Err, tt.ok)
			}
			if !tt.ok && !strings.Contains(e.Err.Error(), tt.errText) {
				t.Errorf("Err = %q, want it to contain %q", e.Err, tt.errText)
			}
			if !tt.ok && e.Vars != nil {
				t.Errorf("Vars = %v, want nil when the run failed", e.Vars)
			}
			ran := h.Ran()
			if len(ran) != 1 || ran[0].Dir != "/work" || ran[0].Timeout != 3*time.Second || strings.Join(ran[0].Args, " ") != "env -json "+strings.Join(Names, " ") {
				t.Errorf("ran %+v", ran)
			}
		})
	}
	// A missing go: the fake has no command at all.
	e := Load(context.Background(), fake("linux"), "/nowhere/go", "/work", time.Second)
	if e.OK() || e.Err == nil || !strings.Contains(e.Err.Error(), "running /nowhere/go env -json") {
		t.Errorf("missing go: %v", e.Err)
	}
	var nilEnv *Env
	if nilEnv.OK() || nilEnv.Get("GOROOT") != "" {
		t.Error("a nil Env is not empty")
	}
}
