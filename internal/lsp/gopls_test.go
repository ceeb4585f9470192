package lsp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// These tests run the real pinned gopls, and real misbehaving programs, through the real host.

// writeTree writes files (path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goplsHost is the real host with the test's environment, hermetic where it matters: no user
// GOFLAGS or go.work, and gopls's telemetry sidecar off.
func goplsHost(t *testing.T, extra ...string) *host.Real {
	t.Helper()
	env := append(os.Environ(), "GOFLAGS=", "GOWORK=", "GO111MODULE=", "GOTOOLCHAIN=local", "GOPROXY=off", "GO_TELEMETRY_CHILD=2",
		"HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	return host.NewReal(append(env, extra...))
}

// tinyModule is a module of two packages.
var tinyModule = map[string]string{
	"go.mod":        "module example.com/tiny\n\ngo 1.22\n",
	"main.go":       "package main\n\nimport \"example.com/tiny/sub\"\n\nfunc main() { println(sub.X()) }\n",
	"sub/sub.go":    "package sub\n\n// X is one.\nfunc X() int { return 1 }\n",
	"README":        "not Go\n",
	"testdata/x.go": "package broken(\n",
}

func realProbe(t *testing.T, h host.Host, cfg Config) *Report {
	t.Helper()
	cfg.Host = h
	if cfg.Path == "" {
		cfg.Path = testtools.Need(t, "gopls")
		cfg.Args = []string{"-mode=stdio"}
	}
	if cfg.Dir == "" {
		cfg.Dir = cfg.Folders[0]
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Minute
	}
	rep := Probe(context.Background(), cfg)
	t.Logf("exchange:\n%s", strings.Join(rep.Trace, "\n"))
	return rep
}

func TestGoplsHealthy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, tinyModule)
	rep := realProbe(t, goplsHost(t), Config{Folders: []string{dir}, Settings: json.RawMessage(`{"verboseWorkDoneProgress":true}`)})
	if rep.Failure != nil {
		t.Fatalf("failure: %v\n%s", rep.Failure, rep.Printed())
	}
	if rep.Packages != 2 || rep.Stats == nil || len(rep.Stats.Views) != 1 {
		t.Errorf("packages %d, stats %+v", rep.Packages, rep.Stats)
	}
	if !strings.HasPrefix(rep.Server, "gopls v0.21.1") {
		t.Errorf("server %q", rep.Server)
	}
	if errs := rep.Errors(); len(errs) != 0 {
		t.Errorf("errors %q", errs)
	}
	if rep.ReadyTime < rep.InitTime || rep.InitTime <= 0 {
		t.Errorf("init %s, ready %s", rep.InitTime, rep.ReadyTime)
	}
	if runtime.GOOS == "linux" && rep.PeakMemory < 10<<20 {
		t.Errorf("peak memory %d (%s)", rep.PeakMemory, rep.MemoryNote)
	}
	if !rep.ShutdownClean {
		t.Errorf("gopls did not exit cleanly: %+v", rep.Exit)
	}
	found := false
	for _, p := range rep.Progress {
		found = found || p.Title == iwlTitle && p.Done
	}
	if !found {
		t.Errorf("no %q progress: %+v", iwlTitle, rep.Progress)
	}
}

// TestGoplsSettings checks that gopls reads the settings it is given: a directory filter that
// leaves sub out loads one package, not two.
func TestGoplsSettings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, tinyModule)
	settings := json.RawMessage(`{"build.directoryFilters":["-sub"]}`)
	rep := realProbe(t, goplsHost(t), Config{Folders: []string{dir}, Settings: settings})
	if rep.Failure != nil {
		t.Fatalf("failure: %v", rep.Failure)
	}
	if rep.Packages != 1 {
		t.Errorf("packages %d, want 1 with sub filtered out", rep.Packages)
	}
}

func TestGoplsMultiFolder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	writeTree(t, a, tinyModule)
	writeTree(t, b, map[string]string{"go.mod": "module example.com/b\n\ngo 1.22\n", "b.go": "package b\n"})
	rep := realProbe(t, goplsHost(t), Config{Folders: []string{a, b}, Settings: json.RawMessage(`{"verboseWorkDoneProgress":true}`)})
	if rep.Failure != nil {
		t.Fatalf("failure: %v", rep.Failure)
	}
	if rep.Packages != 3 || len(rep.Stats.Views) != 2 {
		t.Errorf("packages %d, views %+v", rep.Packages, rep.Stats.Views)
	}
}

// TestGoplsLoadError checks the error gopls reports for a go.mod that needs a newer Go than the
// local one, with GOTOOLCHAIN=local.
func TestGoplsLoadError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"go.mod": "module example.com/new\n\ngo 1.99\n", "a.go": "package a\n"})
	rep := realProbe(t, goplsHost(t), Config{Folders: []string{dir}, Settings: json.RawMessage(`{"verboseWorkDoneProgress":true}`)})
	if rep.Failure != nil {
		t.Fatalf("failure: %v", rep.Failure)
	}
	if rep.Packages != 0 {
		t.Errorf("packages %d", rep.Packages)
	}
	if len(rep.Diagnostics) == 0 || rep.Diagnostics[0].File != filepath.Join(dir, "go.mod") || !strings.Contains(rep.Diagnostics[0].Message, "go.mod requires go >= 1.99") {
		t.Errorf("diagnostics %+v", rep.Diagnostics)
	}
	if errs := strings.Join(rep.Errors(), "\n"); !strings.Contains(errs, "GOTOOLCHAIN=local") {
		t.Errorf("errors %q", errs)
	}
}
