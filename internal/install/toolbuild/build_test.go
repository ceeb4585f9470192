package toolbuild

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

func TestBuild(t *testing.T) {
	t.Parallel()
	exe := func(name string) string {
		if runtime.GOOS == "windows" {
			return name + ".exe"
		}
		return name
	}
	tests := []struct {
		arg, version, module string
		name                 string // binary
	}{
		{arg: "example.com/hello", version: "v1.0.0", module: "example.com/hello", name: "hello"},
		{arg: "example.com/hello", version: helloPseudo, module: "example.com/hello", name: "hello"},
		{arg: "example.com/multi/cmd/tool", version: "v1.0.0", module: "example.com/multi", name: "tool"},
		{arg: "example.com/tool/v2", version: "v2.0.0", module: "example.com/tool/v2", name: "tool"},
	}
	for _, tt := range tests {
		t.Run(tt.arg+"@"+tt.version, func(t *testing.T) {
			t.Parallel()
			s := newSandbox(t)
			f := s.facts(host.NewReal(s.environ()))
			target, _, err := ParseTarget(tt.arg)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var phases []string
			var log bytes.Buffer
			env := BuildEnv(f, s.store)
			bin, res, err := Build(context.Background(), f, target, tt.version, env, s.store, &log, time.Minute, func(p string) {
				mu.Lock()
				phases = append(phases, p)
				mu.Unlock()
			})
			if err != nil {
				t.Fatalf("Build: %v\n%s", err, res.Output())
			}
			if want := filepath.Join(s.store, exe(tt.name)); bin != want {
				t.Errorf("binary %s, want %s", bin, want)
			}
			if _, err := os.Stat(bin); err != nil {
				t.Error(err)
			}
			if got := strings.Join(res.Cmd.Args, " "); got != "install -v "+target.Package+"@"+tt.version {
				t.Errorf("ran go %s", got)
			}
			// A fresh module cache: the module is downloaded first. The build cache is the
			// machine's, so the package may already be compiled, and then -v prints nothing more.
			if len(phases) == 0 || phases[0] != PhaseDownloading || len(phases) > 2 || len(phases) == 2 && phases[1] != PhaseBuilding {
				t.Errorf("phases %q, want downloading[, building]", phases)
			}
			if !strings.Contains(log.String(), "go: downloading "+tt.module+" "+tt.version) {
				t.Errorf("log does not hold the go command's output:\n%s", log.String())
			}
			r := Resolved{Module: tt.module, Version: tt.version}
			if fl := Verify(context.Background(), f, target, r, bin, 10*time.Second); fl != nil {
				t.Errorf("Verify: %s\n%s", fl.Summary, fl.Detail)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		out  string
		want []string
	}{
		{"", nil},
		{"go: downloading a v1\ngo: downloading b v1\na\nb\n", []string{PhaseDownloading, PhaseBuilding}},
		{"a\nb\n", []string{PhaseBuilding}},
		// A late download is part of building; a go: message is no progress.
		{"go: downloading a v1\na\ngo: downloading b v1\n", []string{PhaseDownloading, PhaseBuilding}},
		{"go: example.com/x@v1: reading x: 404 Not Found\n", nil},
		// Lines split across writes, and a last line without a newline.
		{"go: down|loading a v1\nexample.com/a", []string{PhaseDownloading, PhaseBuilding}},
	}
	for _, tt := range tests {
		var got []string
		var log bytes.Buffer
		p := &progress{log: &log, phase: func(s string) { got = append(got, s) }}
		for _, part := range strings.Split(tt.out, "|") {
			p.Write([]byte(part))
		}
		p.flush()
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: phases %q, want %q", tt.out, got, tt.want)
		}
		if log.String() != strings.ReplaceAll(tt.out, "|", "") {
			t.Errorf("%q: log %q", tt.out, log.String())
		}
	}
}

// TestBuildHostile builds in an environment that breaks a plain go install: module mode off and
// -mod=vendor saved with go env -w, another GOARCH and a workspace in the environment. BuildEnv
// overrides each, and the tool is built for this machine.
func TestBuildHostile(t *testing.T) {
	t.Parallel()
	s := newSandbox(t)
	s.goEnvFile("GO111MODULE=off", "GOFLAGS=-mod=vendor -modcacherw")
	work := filepath.Join(t.TempDir(), "go.work")
	if err := os.WriteFile(work, []byte("go 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.unset("GOFLAGS").set("GOARCH", otherArch()).set("GOWORK", work)
	f := s.facts(nil)
	target := tool("hello", "example.com/hello", "", "version")
	r, res, err := Resolve(context.Background(), f, target, "latest")
	if err != nil {
		t.Fatalf("Resolve: %v\n%s", err, res.Output())
	}
	target.Module = r.Module
	env := BuildEnv(f, s.store)
	if len(env.Overrides) != 4 {
		t.Errorf("overrides:\n%s", overrides(env.Overrides))
	}
	bin, res, err := Build(context.Background(), f, target, r.Version, env, s.store, nil, time.Minute, nil)
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, res.Output())
	}
	if fl := Verify(context.Background(), f, target, r, bin, 10*time.Second); fl != nil {
		t.Errorf("Verify: %s\n%s", fl.Summary, fl.Detail)
	}
}
