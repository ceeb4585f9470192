//go:build unix

package install_test

import (
	"bufio"
	"bytes"
	"math/rand/v2"
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
	"github.com/gomedic/gomedic/internal/testproxy"
	"github.com/gomedic/gomedic/internal/testtools"
)

// sandbox is a user with a file:// module proxy holding example.com/hello v1.0.0 to v1.9.0, a
// gomedic binary built from this tree, and private GOBIN, GOMEDIC_HOME, module cache and HOME.
type sandbox struct {
	t       *testing.T
	gomedic string
	gobin   string
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
	s := &sandbox{t: t, gomedic: gomedicBin, gobin: filepath.Join(root, "bin")}
	// The machine's build cache (testtools.BuildEnv), not one of the sandbox's HOME: every install
	// builds hello, and a cold cache would compile the standard library for each sandbox.
	s.env, err = testtools.BuildEnv(
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GOBIN="+s.gobin, "GOMEDIC_HOME="+filepath.Join(root, "gmhome"), "GOMEDIC_CACHE="+filepath.Join(root, "cache"),
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
	out, err := s.command(args...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("gomedic %s: %v\n%s", strings.Join(args, " "), err, out)
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

// TestKilledUpgradeLeavesAWholeTool kills `gomedic tools install` (its whole process group,
// SIGKILL) at each phase of an upgrade and at random moments, and checks after each kill that the
// tool in GOBIN runs as the old or the new version, and that the next run completes.
func TestKilledUpgradeLeavesAWholeTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gomedic and kills it many times")
	}
	t.Parallel()
	s := newSandbox(t)
	s.run("tools", "install", "example.com/hello@v1.0.0")
	if got := s.active(); got != "hello v1.0.0" {
		t.Fatalf("after the first install: %q", got)
	}
	// At a phase: kill when the progress line of that phase appears, upgrading each time to a
	// version never built, so that every phase happens.
	killed := 0
	prev := "v1.0.0"
	for i, phase := range []string{"resolving", "downloading", "building", "verifying", "activating"} {
		want := "v1." + string(rune('1'+i)) + ".0"
		if s.killAt(want, func(line string) bool { return strings.Contains(line, ": "+phase) }) {
			killed++
		}
		if got := s.active(); got != "hello "+prev && got != "hello "+want {
			t.Fatalf("killed while %s: hello prints %q, want hello %s or hello %s", phase, got, prev, want)
		}
		s.run("tools", "install", "example.com/hello@"+want)
		if got := s.active(); got != "hello "+want {
			t.Fatalf("after the install following a kill while %s: %q, want hello %s", phase, got, want)
		}
		prev = want
	}
	if killed < 4 {
		t.Errorf("only %d of 5 phases were reached before the install ended", killed)
	}
	versions := []string{"v1.7.0", "v1.8.0", "v1.9.0"}
	// At random moments.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 12; i++ {
		want := versions[i%3]
		delay := time.Duration(rng.IntN(400)) * time.Millisecond
		cmd := s.command("tools", "install", "example.com/hello@"+want)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		if got := s.active(); !strings.HasPrefix(got, "hello v1.") {
			t.Fatalf("killed after %s: hello prints %q", delay, got)
		}
		s.run("tools", "install", "example.com/hello@"+want)
		if got := s.active(); got != "hello "+want {
			t.Fatalf("after the install following a kill at %s: %q, want hello %s", delay, got, want)
		}
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

// killAt starts an install of version and kills its process group when a progress line matches;
// it reports whether one did.
func (s *sandbox) killAt(version string, match func(string) bool) bool {
	s.t.Helper()
	cmd := s.command("tools", "install", "example.com/hello@"+version)
	var out bytes.Buffer
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	sc := bufio.NewScanner(pipe)
	killed := false
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if match(sc.Text()) {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			killed = true
			break
		}
	}
	_, _ = bufio.NewReader(pipe).WriteTo(&out)
	_ = cmd.Wait()
	return killed
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
