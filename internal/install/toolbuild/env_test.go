package toolbuild

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

func TestOverrideString(t *testing.T) {
	tests := []struct {
		o    Override
		want string
	}{
		{Override{Name: "GO111MODULE", UserValue: "off", Where: "the go env file /h/.config/go/env:1 (set with go env -w)", Value: "on"},
			"GO111MODULE=off from the go env file /h/.config/go/env:1 (set with go env -w) is overridden (on) for this install"},
		{Override{Name: "GOFLAGS", UserValue: "-mod=vendor -tags=x", Where: "the environment", Value: "-tags=x -mod=readonly"},
			"GOFLAGS=-mod=vendor -tags=x from the environment is overridden (-tags=x -mod=readonly) for this install"},
		{Override{Name: "GOARCH", UserValue: "amd64", Where: "the default of the go command, a darwin/amd64 build", Value: "arm64"},
			"GOARCH=amd64 from the default of the go command, a darwin/amd64 build is overridden (arm64) for this install"},
	}
	for _, tt := range tests {
		if got := tt.o.String(); got != tt.want {
			t.Errorf("String() =\n%s\nwant\n%s", got, tt.want)
		}
	}
}

func otherArch() string {
	if runtime.GOARCH == "arm64" {
		return "amd64"
	}
	return "arm64"
}

func envMap(environ []string) map[string]string {
	m := map[string]string{}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

func TestBuildEnv(t *testing.T) {
	t.Parallel()
	t.Run("hostile", func(t *testing.T) {
		t.Parallel()
		s := newSandbox(t)
		file := s.goEnvFile("GO111MODULE=off", "GOFLAGS=-mod=vendor")
		work := filepath.Join(t.TempDir(), "go.work")
		if err := os.WriteFile(work, []byte("go 1.22\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		s.unset("GOFLAGS").set("GOARCH", otherArch()).set("GOWORK", work)
		f := s.facts(nil)
		env := BuildEnv(f, s.store)
		got := envMap(env.Environ)
		want := map[string]string{"GO111MODULE": "on", "GOFLAGS": "-mod=readonly", "GOWORK": "off", "GOOS": runtime.GOOS, "GOARCH": runtime.GOARCH, "GOBIN": s.store, "GOPROXY": machine.proxy}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("Environ: %s=%q, want %q", k, got[k], v)
			}
		}
		if env.GOBIN != s.store {
			t.Errorf("GOBIN = %q, want %q", env.GOBIN, s.store)
		}
		fileWhere := func(line string) string { return "the go env file " + file + ":" + line + " (set with go env -w)" }
		wantOver := []Override{
			{Name: "GO111MODULE", UserValue: "off", Where: fileWhere("1"), Value: "on"},
			{Name: "GOFLAGS", UserValue: "-mod=vendor", Where: fileWhere("2"), Value: "-mod=readonly"},
			{Name: "GOWORK", UserValue: work, Where: "the environment", Value: "off"},
			{Name: "GOARCH", UserValue: otherArch(), Where: "the environment", Value: runtime.GOARCH},
		}
		if !slices.Equal(env.Overrides, wantOver) {
			t.Errorf("Overrides:\n%s\nwant\n%s", overrides(env.Overrides), overrides(wantOver))
		}
	})
	t.Run("clean", func(t *testing.T) {
		t.Parallel()
		s := newSandbox(t)
		env := BuildEnv(s.facts(nil), s.store)
		if len(env.Overrides) != 0 {
			t.Errorf("Overrides of a clean environment:\n%s", overrides(env.Overrides))
		}
		got := envMap(env.Environ)
		if got["GOFLAGS"] != "-modcacherw" || got["GO111MODULE"] != "on" || got["GOWORK"] != "off" || got["GOBIN"] != s.store {
			t.Errorf("Environ: GOFLAGS=%q GO111MODULE=%q GOWORK=%q GOBIN=%q; want the user's GOFLAGS kept", got["GOFLAGS"], got["GO111MODULE"], got["GOWORK"], got["GOBIN"])
		}
	})
	t.Run("goflags", func(t *testing.T) {
		t.Parallel()
		s := newSandbox(t)
		s.set("GOFLAGS", "-mod=mod -tags=x -modfile=/a/go.mod -modcacherw").set("GO111MODULE", "auto")
		env := BuildEnv(s.facts(nil), s.store)
		if got := envMap(env.Environ)["GOFLAGS"]; got != "-tags=x -modcacherw -mod=readonly" {
			t.Errorf("GOFLAGS = %q, want the other flags kept and -mod=readonly", got)
		}
		want := []Override{
			{Name: "GO111MODULE", UserValue: "auto", Where: "the environment", Value: "on"},
			{Name: "GOFLAGS", UserValue: "-mod=mod -tags=x -modfile=/a/go.mod -modcacherw", Where: "the environment", Value: "-tags=x -modcacherw -mod=readonly"},
		}
		if !slices.Equal(env.Overrides, want) {
			t.Errorf("Overrides:\n%s\nwant\n%s", overrides(env.Overrides), overrides(want))
		}
	})
}

// TestBuildEnvForeignGo is an amd64 go command on an arm64 Mac (Rosetta 2): its default GOARCH is
// amd64, which the build overrides.
func TestBuildEnvForeignGo(t *testing.T) {
	h := host.NewFake("darwin", "arm64")
	h.Home = "/Users/a"
	h.Environ = []string{"PATH=/usr/local/go/bin", "HOME=/Users/a"}
	h.AddFile("/usr/local/go/bin/go", nil, 0o755)
	h.Commands = map[string]func(host.Cmd) *host.Result{
		"go": host.Output(`{"GOROOT": "/usr/local/go", "GOOS": "darwin", "GOARCH": "amd64", "GOHOSTOS": "darwin", "GOHOSTARCH": "amd64"}`, 0),
	}
	s := &sandbox{t: t}
	env := BuildEnv(s.facts(h), "/Users/a/Library/Application Support/gomedic/store/x")
	want := []Override{{Name: "GOARCH", UserValue: "amd64", Where: "the default of the go command, a darwin/amd64 build", Value: "arm64"}}
	if !slices.Equal(env.Overrides, want) {
		t.Errorf("Overrides:\n%s\nwant\n%s", overrides(env.Overrides), overrides(want))
	}
	if got := envMap(env.Environ); got["GOARCH"] != "arm64" || got["GOOS"] != "darwin" {
		t.Errorf("GOOS/GOARCH = %s/%s, want darwin/arm64", got["GOOS"], got["GOARCH"])
	}
}

func overrides(os []Override) string {
	var b strings.Builder
	for _, o := range os {
		b.WriteString("\t" + o.String() + "\n")
	}
	return b.String()
}
