package toolbuild

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testproxy"
	"github.com/gomedic/gomedic/internal/toolset"
)

// The versions of example.com/hello in the test proxy.
const (
	helloPseudo = "v1.1.1-0.20240301000000-abcdefabcdef"
	helloLatest = "v1.1.0"
)

// helloMain prints its module version for "version", a usage for -h, and "hello" otherwise.
const helloMain = `package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "version" {
		bi, _ := debug.ReadBuildInfo()
		fmt.Println("example.com/hello", bi.Main.Version)
		return
	}
	flag.Parse()
	fmt.Println("hello")
}
`

func goMod(path, goLine string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("module " + path + "\n\ngo " + goLine + "\n")}
}

func goFile(src string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(src)} }

// sources are the modules of the test proxy: small tools with several versions, a nested
// command, a /v2 module, one that needs go 1.99, one that does not compile, one that needs cgo,
// one that hangs when asked its version and one that crashes.
func sources() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, v := range []string{"v1.0.0", helloLatest, "v1.2.0-pre", helloPseudo} {
		fsys["example.com/hello@"+v+"/go.mod"] = goMod("example.com/hello", "1.22")
		fsys["example.com/hello@"+v+"/main.go"] = goFile(helloMain)
	}
	fsys["example.com/multi@v1.0.0/go.mod"] = goMod("example.com/multi", "1.22")
	fsys["example.com/multi@v1.0.0/cmd/tool/main.go"] = goFile("package main\n\nfunc main() {}\n")
	fsys["example.com/multi@v1.0.0/lib/lib.go"] = goFile("package lib\n")
	fsys["example.com/tool/v2@v2.0.0/go.mod"] = goMod("example.com/tool/v2", "1.22")
	fsys["example.com/tool/v2@v2.0.0/main.go"] = goFile("package main\n\nfunc main() {}\n")
	fsys["example.com/newgo@v1.0.0/go.mod"] = goMod("example.com/newgo", "1.99")
	fsys["example.com/newgo@v1.0.0/main.go"] = goFile("package main\n\nfunc main() {}\n")
	fsys["example.com/broken@v1.0.0/go.mod"] = goMod("example.com/broken", "1.22")
	fsys["example.com/broken@v1.0.0/main.go"] = goFile("package main\n\nfunc main() {\n\tundefinedThing()\n\tvar x int = \"s\"\n}\n")
	fsys["example.com/cgotool@v1.0.0/go.mod"] = goMod("example.com/cgotool", "1.22")
	fsys["example.com/cgotool@v1.0.0/main.go"] = goFile("package main\n\n// int two() { return 2; }\nimport \"C\"\n\nfunc main() { println(C.two()) }\n")
	fsys["example.com/hang@v1.0.0/go.mod"] = goMod("example.com/hang", "1.22")
	fsys["example.com/hang@v1.0.0/main.go"] = goFile("package main\n\nimport \"time\"\n\nfunc main() {\n\tfor {\n\t\ttime.Sleep(time.Hour)\n\t}\n}\n")
	fsys["example.com/crash@v1.0.0/go.mod"] = goMod("example.com/crash", "1.22")
	fsys["example.com/crash@v1.0.0/main.go"] = goFile("package main\n\nfunc main() { panic(\"boom\") }\n")
	return fsys
}

// machine is what every test shares: the go command, the machine's build cache and the proxy.
var machine struct {
	once    sync.Once
	err     error
	goBin   string
	gocache string
	proxy   string
	dir     string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if machine.dir != "" {
		os.RemoveAll(machine.dir)
	}
	os.Exit(code)
}

func setupMachine(t *testing.T) {
	t.Helper()
	machine.once.Do(func() {
		machine.goBin, machine.err = exec.LookPath("go")
		if machine.err != nil {
			return
		}
		out, err := exec.Command(machine.goBin, "env", "GOCACHE").Output()
		if err != nil {
			machine.err = fmt.Errorf("go env GOCACHE: %v", err)
			return
		}
		machine.gocache = strings.TrimSpace(string(out))
		if machine.dir, machine.err = os.MkdirTemp("", "toolbuild-proxy-"); machine.err != nil {
			return
		}
		machine.proxy, machine.err = testproxy.Build(filepath.Join(machine.dir, "proxy"), sources())
	})
	if machine.err != nil {
		t.Skipf("no go command or proxy: %v", machine.err)
	}
}

// sandbox is one test's hermetic Go environment: its own home, go env file, GOPATH and module
// cache, the test proxy as GOPROXY, and the machine's build cache.
type sandbox struct {
	t     *testing.T
	home  string
	env   map[string]string
	store string // a directory outside any module to build into
}

// goVars are the variables a sandbox starts without, whatever the machine has.
var goVars = []string{"GOFLAGS", "GOENV", "GOPATH", "GOBIN", "GO111MODULE", "GOTOOLCHAIN", "GOROOT", "CGO_ENABLED", "CC", "CXX",
	"GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOWORK", "GOOS", "GOARCH", "GOCACHE", "GOMODCACHE",
	"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy", "GOEXPERIMENT", "GODEBUG"}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	setupMachine(t)
	root := t.TempDir()
	s := &sandbox{t: t, home: filepath.Join(root, "home"), env: map[string]string{}, store: filepath.Join(root, "store")}
	for _, d := range []string{s.home, s.store} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		s.env[k] = v
	}
	for _, k := range goVars {
		delete(s.env, k)
	}
	s.set("PATH", filepath.Dir(machine.goBin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	s.set("HOME", s.home)
	s.set("USERPROFILE", s.home)
	s.set("XDG_CONFIG_HOME", filepath.Join(s.home, ".config"))
	s.set("AppData", filepath.Join(s.home, "AppData"))
	s.set("GOPATH", filepath.Join(s.home, "go"))
	s.set("GOMODCACHE", filepath.Join(root, "modcache"))
	s.set("GOCACHE", machine.gocache)
	s.set("GOFLAGS", "-modcacherw")
	s.set("GOPROXY", machine.proxy)
	s.set("GONOSUMDB", "example.com")
	s.set("GOTOOLCHAIN", "local")
	s.set("SHELL", "/bin/bash")
	// Telemetry off, as `go telemetry off` records it: otherwise the go command writes counters in
	// the home directory and may start a process that outlives the test and its temporary
	// directory.
	for _, config := range []string{filepath.Join(s.home, ".config"), filepath.Join(s.home, "AppData"), filepath.Join(s.home, "Library", "Application Support")} {
		mode := filepath.Join(config, "go", "telemetry", "mode")
		if err := os.MkdirAll(filepath.Dir(mode), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(mode, []byte("off"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s *sandbox) set(k, v string) *sandbox {
	s.env[k] = v
	return s
}

func (s *sandbox) unset(k string) *sandbox {
	delete(s.env, k)
	return s
}

// goEnvFile writes the user's go env file (what `go env -w` writes) and returns its path.
func (s *sandbox) goEnvFile(lines ...string) string {
	s.t.Helper()
	name := filepath.Join(s.home, ".config", "go", "env")
	if runtime.GOOS == "windows" {
		name = filepath.Join(s.home, "AppData", "go", "env")
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		s.t.Fatal(err)
	}
	return name
}

func (s *sandbox) environ() []string {
	var out []string
	for k, v := range s.env {
		out = append(out, k+"="+v)
	}
	return out
}

// facts are fresh facts of a run in the sandbox, with h (nil: the real host with the sandbox's
// environment).
func (s *sandbox) facts(h host.Host) *facts.Facts {
	if h == nil {
		h = host.NewReal(s.environ())
	}
	return facts.New(context.Background(), h, s.home, 30*time.Second)
}

// runGo runs the go command in the sandbox, with extra variables, in a directory outside any
// module, as the real-output tests of Classify do.
func (s *sandbox) runGo(extra []string, args ...string) *host.Result {
	h := host.NewReal(s.environ())
	return h.Run(context.Background(), host.Cmd{Path: machine.goBin, Args: args, Dir: s.store, Env: h.Env().With(extra...).Environ(), Timeout: time.Minute})
}

// tool is a made-up table entry for a test module, so that Verify runs its version command.
func tool(name, pkg, module string, versionArgs ...string) Target {
	return TargetFor(&toolset.Tool{Name: name, Package: pkg, Module: module, VersionArgs: versionArgs})
}

// countingHost counts the commands run through it.
type countingHost struct {
	host.Host
	mu  sync.Mutex
	ran []host.Cmd
}

func (c *countingHost) Run(ctx context.Context, cmd host.Cmd) *host.Result {
	c.mu.Lock()
	c.ran = append(c.ran, cmd)
	c.mu.Unlock()
	return c.Host.Run(ctx, cmd)
}

func (c *countingHost) goRuns(sub string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, cmd := range c.ran {
		if strings.Contains(strings.Join(cmd.Args, " "), sub) {
			n++
		}
	}
	return n
}
