//go:build unix

package install_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/install"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/testproxy"
	"github.com/gomedic/gomedic/internal/testtools"
	"github.com/gomedic/gomedic/internal/toolstore"
)

// sandbox is a user with a file:// module proxy holding example.com/hello v1.0.0 to v1.9.0 and
// example.com/cgohello v1.0.0 (cgo), a gomedic binary built from this tree, and private GOBIN,
// GOMEDIC_HOME, module cache and HOME.
type sandbox struct {
	t       *testing.T
	gomedic string
	gobin   string
	home    string // GOMEDIC_HOME
	env     []string
}

var (
	buildOnce  sync.Once
	gomedicBin string
	buildErr   error
)

// TestMain removes the gomedic binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if gomedicBin != "" {
		os.RemoveAll(filepath.Dir(gomedicBin))
	}
	os.Exit(code)
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gomedic-bin-")
		if err != nil {
			buildErr = err
			return
		}
		gomedicBin = filepath.Join(dir, "gomedic")
		out, err := exec.Command("go", "build", "-o", gomedicBin, "../../cmd/gomedic").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building gomedic: %v", buildErr)
	}
	root := t.TempDir()
	src := fstest.MapFS{}
	for i := 0; i <= 9; i++ {
		v := "v1." + string(rune('0'+i)) + ".0"
		src["example.com/hello@"+v+"/go.mod"] = &fstest.MapFile{Data: []byte("module example.com/hello\n\ngo 1.21\n")}
		src["example.com/hello@"+v+"/main.go"] = &fstest.MapFile{Data: []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello " + v + "\") }\n")}
	}
	// A module with cgo: go install runs the C compiler (CC) for it.
	src["example.com/cgohello@v1.0.0/go.mod"] = &fstest.MapFile{Data: []byte("module example.com/cgohello\n\ngo 1.21\n")}
	src["example.com/cgohello@v1.0.0/main.go"] = &fstest.MapFile{Data: []byte("package main\n\n// int answer(void) { return 42; }\nimport \"C\"\n\nfunc main() { println(C.answer()) }\n")}
	proxy, err := testproxy.Build(filepath.Join(root, "proxy"), src)
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(root, "home")
	telemetry := filepath.Join(home, ".config", "go", "telemetry")
	if err := os.MkdirAll(telemetry, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(telemetry, "mode"), []byte("off"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &sandbox{t: t, gomedic: gomedicBin, gobin: filepath.Join(root, "bin"), home: filepath.Join(root, "gmhome")}
	// The machine's build cache (testtools.BuildEnv), not one of the sandbox's HOME: every install
	// builds hello, and a cold cache would compile the standard library for each sandbox.
	s.env, err = testtools.BuildEnv(
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GOBIN="+s.gobin, "GOMEDIC_HOME="+s.home, "GOMEDIC_CACHE="+filepath.Join(root, "cache"),
		"GOMODCACHE="+filepath.Join(root, "modcache"), "GOFLAGS=-modcacherw", "GOPROXY="+proxy, "GONOSUMDB=example.com",
		"GO111MODULE=", "NO_COLOR=1", host.TimeoutScaleVar+"="+testtools.TimeoutScale())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// command is gomedic with args in the sandbox, in a process group of its own.
func (s *sandbox) command(args ...string) *exec.Cmd {
	cmd := exec.Command(s.gomedic, args...)
	cmd.Env = s.env
	cmd.Dir = s.t.TempDir()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

func (s *sandbox) run(args ...string) string {
	s.t.Helper()
	out, err := s.command(args...).Output() // stdout alone: tools list --json is read
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		s.t.Fatalf("gomedic %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr)
	}
	return string(out)
}

// active runs the tool in GOBIN and returns the version it prints; the test fails if it does not
// run: at no moment may the tool be missing or half written.
func (s *sandbox) active() string {
	s.t.Helper()
	out, err := exec.Command(filepath.Join(s.gobin, "hello")).Output()
	if err != nil {
		s.t.Fatalf("hello in GOBIN does not run: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// killPoints are the points TestKilledUpgradeLeavesAWholeTool kills an upgrade at, each inside
// a phase: the install pauses there (install.PauseVar) and says so in a file before the kill.
// activeAfter is the version GOBIN/hello must run after the kill: the old one, except once the
// new link has been renamed into place.
var killPoints = []struct {
	point, activeAfter string
}{
	{install.PauseResolving, "old"},  // go list has resolved the version
	{install.PauseBuilding, "old"},   // go install has written the binary into .build-*
	{install.PauseVerifying, "old"},  // the binary passed its checks, not yet committed
	{"commit:renamed", "old"},        // the store directory is in place, its entry.json not yet
	{install.PauseActivating, "old"}, // committed, not yet active
	{"activate:linked", "old"},       // the new link exists under its temporary name in GOBIN
	{"activate:renamed", "new"},      // the new link replaced the old one; history not yet written
}

// TestKilledUpgradeLeavesAWholeTool kills `gomedic tools install` (its whole process group,
// SIGKILL) inside each phase of an upgrade on purpose, and checks after each kill that the kill
// landed there (the install said it paused at that point, and died of the SIGKILL), that the tool
// in GOBIN runs as the version it must be, whole, that every version in the store is whole, that
// `gomedic tools list` reports what runs, and that the next run completes and cleans up.
func TestKilledUpgradeLeavesAWholeTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gomedic and kills it many times")
	}
	t.Parallel()
	s := newSandbox(t)
	s.run("tools", "install", "example.com/hello@v1.0.0")
	prev := "v1.0.0"
	for i, kp := range killPoints {
		want := "v1." + string(rune('1'+i)) + ".0" // a version never built, so that every phase happens
		s.killAt(want, kp.point)
		expect := prev
		if kp.activeAfter == "new" {
			expect = want
		}
		if got := s.active(); got != "hello "+expect {
			t.Fatalf("killed at %s: hello prints %q, want hello %s", kp.point, got, expect)
		}
		s.checkStore(kp.point)
		if got := s.listed(); got != expect {
			t.Errorf("killed at %s: tools list says hello %s, want %s", kp.point, got, expect)
		}
		s.run("tools", "install", "example.com/hello@"+want)
		if got := s.active(); got != "hello "+want {
			t.Fatalf("after the install following a kill at %s: %q, want hello %s", kp.point, got, want)
		}
		s.checkStore(kp.point + ", then installed")
		prev = want
	}
	// What the killed runs left behind is cleaned up by the next ones: no temporary link remains.
	entries, err := os.ReadDir(s.gobin)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("GOBIN holds %d entries after the runs, want only hello: %v", len(entries), entries)
	}
}

// killAt starts an install of version that pauses at point, waits until it says it is there,
// kills its process group and checks that it died of that kill.
func (s *sandbox) killAt(version, point string) {
	s.t.Helper()
	marker := filepath.Join(s.t.TempDir(), "paused")
	cmd := s.command("tools", "install", "example.com/hello@"+version)
	cmd.Env = append(cmd.Env, install.PauseVar+"="+point, install.PauseFileVar+"="+marker)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(testtools.Timeout(time.Minute))
	for {
		if data, _ := os.ReadFile(marker); strings.HasSuffix(string(data), "\n") {
			if got := strings.TrimSpace(string(data)); got != point {
				s.t.Fatalf("the install paused at %q, not %q", got, point)
			}
			break
		}
		select {
		case err := <-exited:
			s.t.Fatalf("the install of %s ended (%v) before it reached %s:\n%s", version, err, point, out.String())
		case <-deadline:
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			s.t.Fatalf("the install of %s did not reach %s:\n%s", version, point, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		s.t.Fatal(err)
	}
	err := <-exited
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		s.t.Fatalf("killed at %s, the install ended with %v, not the SIGKILL:\n%s", point, err, out.String())
	}
}

// checkStore checks that every version in hello's store is whole and that GOBIN/hello is one of
// them.
func (s *sandbox) checkStore(when string) {
	s.t.Helper()
	st, err := toolstore.Open(s.home)
	if err != nil {
		s.t.Fatal(err)
	}
	entries, err := st.Entries("hello")
	if err != nil {
		s.t.Fatalf("%s: %v", when, err)
	}
	for _, e := range entries {
		if err := e.Verify(); err != nil {
			s.t.Errorf("%s: %v", when, err)
		}
	}
	if e, err := st.Active("hello", s.gobin); err != nil || e == nil {
		s.t.Errorf("%s: GOBIN/hello is not a version of the store (%v)", when, err)
	}
}

// listed is the version `gomedic tools list --json --offline` says hello is, managed.
func (s *sandbox) listed() string {
	s.t.Helper()
	var doc result.ToolsList
	if err := json.Unmarshal([]byte(s.run("tools", "list", "--json", "--offline")), &doc); err != nil {
		s.t.Fatal(err)
	}
	for _, tl := range doc.Tools {
		if tl.Name == "hello" {
			if !tl.Managed {
				s.t.Errorf("tools list: hello is not managed")
			}
			return tl.Version
		}
	}
	s.t.Fatal("tools list does not list hello")
	return ""
}

// TestConcurrentInstallsOfOneTool starts two installs of the same tool at once, at different
// versions: both finish, and the tool is one of them, whole.
func TestConcurrentInstallsOfOneTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gomedic")
	}
	t.Parallel()
	s := newSandbox(t)
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	errs := make([]error, 2)
	for i, v := range []string{"v1.0.0", "v1.1.0"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = s.command("tools", "install", "example.com/hello@"+v).CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range errs {
		if errs[i] != nil {
			t.Errorf("install %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	if got := s.active(); got != "hello v1.0.0" && got != "hello v1.1.0" {
		t.Fatalf("after two concurrent installs hello prints %q", got)
	}
}
