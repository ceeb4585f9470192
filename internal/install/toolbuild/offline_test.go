package toolbuild

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/testtools"
)

// TestGoproxyOffCached: with GOPROXY=off, a plain go install fails even for a version in the
// module cache (it also reads the module's newest go.mod for deprecation and retractions); the
// build environment reads the module cache's download directory as a proxy instead, so the
// install works without the network, and says so.
func TestGoproxyOffCached(t *testing.T) {
	t.Parallel()
	s := newSandbox(t)
	target := tool("hello", "example.com/hello", "example.com/hello", "version")
	s.build(target, "v1.0.0") // fills the module cache
	s.set("GOPROXY", "off")
	f := s.facts(nil)
	env := BuildEnv(f, s.store)
	local := "file://" + filepath.ToSlash(filepath.Join(s.env["GOMODCACHE"], "cache", "download"))
	found := false
	for _, o := range env.Overrides {
		found = found || o.Name == "GOPROXY" && strings.HasPrefix(o.Value, local)
	}
	if !found {
		t.Errorf("no GOPROXY override to %s in %v", local, env.Overrides)
	}
	if _, res, err := Build(context.Background(), f, target, "v1.0.0", env, s.store, nil, time.Minute, nil); err != nil {
		t.Fatalf("Build with GOPROXY=off from the module cache: %v\n%s", err, res.Output())
	}
	// The plain go command does fail there: that is why the environment differs.
	cmd := exec.Command(machine.goBin, "install", "example.com/hello@v1.0.0")
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOBIN="+t.TempDir(), "GOMODCACHE="+s.env["GOMODCACHE"], "GOFLAGS=-modcacherw", "GO111MODULE=on", "GOWORK=off")
	cmd.Dir = t.TempDir()
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "GOPROXY=off") {
		t.Logf("go install with GOPROXY=off from a warm cache: %v\n%s (the go command's behaviour changed?)", err, out)
	}
}

// TestGopls builds the real gopls at the tests' pinned version from the machine's module cache,
// through its download directory (no network), and verifies it: its build info, and `gopls
// version` run with GO_TELEMETRY_CHILD=2.
func TestGopls(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gopls")
	}
	t.Parallel()
	pin := testtools.Pinned["gopls"]
	s := newSandbox(t)
	out, err := exec.Command(machine.goBin, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	cache := strings.TrimSpace(string(out))
	if _, err := os.Stat(filepath.Join(cache, "cache", "download", "golang.org", "x", "tools", "gopls", "@v", pin.Version+".zip")); err != nil {
		t.Skipf("the module cache has no gopls %s: %v", pin.Version, err)
	}
	s.set("GOMODCACHE", cache).set("GOPROXY", "file://"+filepath.ToSlash(filepath.Join(cache, "cache", "download"))).set("GOSUMDB", "off").unset("GONOSUMDB")
	f := s.facts(nil)
	target, _, _ := ParseTarget("gopls@" + pin.Version)
	r, res, err := Resolve(context.Background(), f, target, pin.Version)
	if err != nil || res != nil {
		t.Fatalf("Resolve: %v, %v", err, res)
	}
	bin, res, err := Build(context.Background(), f, target, r.Version, BuildEnv(f, s.store), s.store, nil, 10*time.Minute, nil)
	if err != nil {
		fl := Classify(f, target, r.Version, res)
		t.Fatalf("Build: %v\n%s\n%s", err, fl.Summary, fl.Tail)
	}
	if fl := Verify(context.Background(), f, target, r, bin, 30*time.Second); fl != nil {
		t.Fatalf("Verify: %s: %s\n%s\n%s", fl.Cause, fl.Summary, fl.Detail, fl.Tail)
	}
	if fl := Verify(context.Background(), f, target, Resolved{Module: r.Module, Version: "v0.20.0"}, bin, 30*time.Second); fl == nil || fl.Cause != CauseVerifyVersion {
		t.Errorf("Verify of another version: %+v", fl)
	}
}
