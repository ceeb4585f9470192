// Package testtools gives tests the real editor tools at pinned versions: the first use on a
// machine installs each with `go install` into a cache directory, later uses reuse it. Tests run
// the real gopls and dlv, never fakes.
package testtools

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/lockedfile"

	"github.com/gomedic/gomedic/internal/text"
)

// Pinned are the tool versions the tests use.
var Pinned = map[string]struct{ Package, Version string }{
	"gopls": {"golang.org/x/tools/gopls", "v0.21.1"},
	"dlv":   {"github.com/go-delve/delve/cmd/dlv", "v1.27.2"},
	// A golang.org/dl wrapper, which the go command runs when a go line asks for its release;
	// tests never run its download (no network but the module proxy): one without its release is
	// the broken case.
	"go1.27.0": {"golang.org/dl/go1.27.0", "v0.0.0-20260901195035-4393e4265563"},
}

// locks serialise the look-up and install of each tool within the process (another process waits
// on the install's file lock); tools are installed side by side, so that a test waiting for one
// does not wait for the other's build too.
var locks = func() map[string]*sync.Mutex {
	m := map[string]*sync.Mutex{}
	for name := range Pinned {
		m[name] = new(sync.Mutex)
	}
	return m
}()

// paths are the tools found or installed so far, guarded by their locks.
var paths sync.Map

// CacheDir is where pinned tools are kept: $GOMEDIC_TEST_TOOLS, else the user cache directory.
func CacheDir() (string, error) {
	if d := os.Getenv("GOMEDIC_TEST_TOOLS"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding a cache directory for test tools (set GOMEDIC_TEST_TOOLS): %w", err)
	}
	return filepath.Join(d, "gomedic-test", "tools"), nil
}

// Path returns the path of the pinned tool name, installing it first if needed.
func Path(name string) (string, error) {
	pin, ok := Pinned[name]
	if !ok {
		return "", fmt.Errorf("no pinned version of %s", name)
	}
	locks[name].Lock()
	defer locks[name].Unlock()
	if p, ok := paths.Load(name); ok {
		return p.(string), nil
	}
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, runtime.GOOS+"_"+runtime.GOARCH, name+"@"+pin.Version)
	exe := name
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	bin := filepath.Join(dir, exe)
	if _, err := os.Stat(bin); err != nil {
		if err := install(pin.Package, pin.Version, dir, exe); err != nil {
			return "", err
		}
	}
	paths.Store(name, bin)
	return bin, nil
}

// install runs go install into a fresh directory next to dir and renames it into place, under a
// lock shared by every test process of the machine.
func install(pkg, version, dir, exe string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("creating the test tool cache: %w", err)
	}
	unlock, err := lockedfile.MutexAt(dir + ".lock").Lock()
	if err != nil {
		return fmt.Errorf("locking the test tool cache: %w", err)
	}
	defer unlock()
	if _, err := os.Stat(filepath.Join(dir, exe)); err == nil {
		return nil // another process installed it while we waited
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".install-*")
	if err != nil {
		return fmt.Errorf("creating a temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	env, err := BuildEnv("GOBIN="+tmp, "GOTOOLCHAIN=auto", "CGO_ENABLED=0")
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "install", pkg+"@"+version)
	cmd.Env = env
	cmd.Dir = tmp
	done := make(chan struct{})
	var out []byte
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Minute):
		_ = cmd.Process.Kill()
		<-done
		err = errors.New("timed out after 15 minutes")
	}
	if err != nil {
		return fmt.Errorf("installing %s@%s for tests: %v\n%s", pkg, version, err, strings.TrimSpace(string(out)))
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("activating %s@%s in the test cache: %w", pkg, version, err)
	}
	return nil
}

// Need returns the path of the pinned tool for a Go test. When it cannot be had, the test fails
// in CI (CI=true) and is skipped elsewhere.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := Path(name)
	if err != nil {
		Unavailable(t.Fatalf, t.Skipf, err)
	}
	return p
}

// Unavailable reports a tool that cannot be had: fatal in CI, a skip elsewhere.
func Unavailable(fatalf, skipf func(string, ...any), err error) {
	if os.Getenv("CI") == "true" {
		fatalf("pinned test tool unavailable in CI: %v", err)
		return
	}
	skipf("pinned test tool unavailable: %v", err)
}

// Download makes sure the module cache (MachineGoEnv's GOMODCACHE) holds the modules the pinned
// tool name is built from, as its go install left them: a test that builds the tool offline
// (GOPROXY=off) needs them, and a tool in the cache directory does not say that the module cache
// still has them. When they are missing it fetches them through the machine's module proxy.
func Download(name string) error {
	pin, ok := Pinned[name]
	if !ok {
		return fmt.Errorf("no pinned version of %s", name)
	}
	env, err := BuildEnv("GOTOOLCHAIN=auto", "CGO_ENABLED=0")
	if err != nil {
		return err
	}
	// go install -n loads every package of the build, downloading the modules that hold them, and
	// prints the commands instead of running them.
	cmd := exec.Command("go", "install", "-n", pin.Package+"@"+pin.Version)
	cmd.Env = env
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("downloading the modules of %s@%s: %v\n%s", pin.Package, pin.Version, err, text.Tail(out, 4000))
	}
	return nil
}
