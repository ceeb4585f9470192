package toolbuild

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testproxy"
)

// statusServer is a loopback module proxy that answers every request with code and a text body,
// as proxy.golang.org does.
func statusServer(t *testing.T, code int, body string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(code)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// silentServer is a loopback server that accepts connections and never answers.
func silentServer(t *testing.T) string {
	url, stop, err := testproxy.SilentServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return url
}

// TestClassifyReal classifies what the real go command prints for each broken setup, built here:
// every case runs the go command for real against loopback servers and the test proxy.
func TestClassifyReal(t *testing.T) {
	t.Parallel()
	type classifyCase struct {
		name    string
		setup   func(t *testing.T, s *sandbox)
		arg     string   // the target, with its version
		goArgs  []string // run this go command instead of Build (for what BuildEnv overrides)
		gobin   string   // the directory given to BuildEnv, when not the store
		timeout time.Duration
		cause   gocmd.Reason
		says    []string // in the Summary or Detail
		fix     []string // in the Fix's summary or commands
		tail    string   // in the Tail
	}
	cases := []classifyCase{
		{name: "dead proxy", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.set("GOPROXY", "http://"+deadAddr(t)) },
			cause: gocmd.ReasonConnectionRefused, says: []string{"the module proxy http://127.0.0.1:", "refused the connection", "(GOPROXY, from the environment)"},
			fix: []string{"gomedic check --layer net", "unset GOPROXY where your shell"}, tail: "connect: connection refused"},
		{name: "goproxy off", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.set("GOPROXY", "off") },
			cause: gocmd.ReasonGoproxyOff, says: []string{"GOPROXY=off forbids downloading example.com/hello", "GOPROXY=off (from the environment)"},
			fix: []string{"GOPROXY=https://proxy.golang.org,direct gomedic tools install example.com/hello@v1.0.0"}, tail: "no such file or directory"},
		{name: "goproxy off in go env file", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.unset("GOPROXY").goEnvFile("GOPROXY=off") },
			cause: gocmd.ReasonGoproxyOff, says: []string{"(set with go env -w)"}, fix: []string{"go env -u GOPROXY"}},
		{name: "unknown version", arg: "example.com/hello@v9.9.9",
			cause: gocmd.ReasonUnknownVersion, says: []string{"example.com/hello has no version v9.9.9", "@v/v9.9.9.info: no such file or directory"},
			fix: []string{"go list -m -versions example.com/hello", "gomedic tools install example.com/hello@latest"}},
		{name: "needs newer go", arg: "example.com/newgo@v1.0.0",
			cause: gocmd.ReasonNeedsNewerGo,
			says: []string{"example.com/newgo@v1.0.0 needs go 1.99; the go on PATH is go " + strings.TrimPrefix(runtime.Version(), "go") + " and GOTOOLCHAIN=local keeps it from switching",
				"GOTOOLCHAIN=local (from the environment)"},
			fix:  []string{"go env -w GOTOOLCHAIN=auto", "unset GOTOOLCHAIN", "GOTOOLCHAIN=go1.99.0 gomedic tools install example.com/newgo@v1.0.0"},
			tail: "requires go >= 1.99 (running go "},
		{name: "needs newer go, local in go env file", arg: "example.com/newgo@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.unset("GOTOOLCHAIN").goEnvFile("GOTOOLCHAIN=local") },
			cause: gocmd.ReasonNeedsNewerGo, says: []string{"(set with go env -w)"}, fix: []string{"go env -w GOTOOLCHAIN=auto"}},
		{name: "toolchain unavailable", arg: "example.com/newgo@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.set("GOTOOLCHAIN", "auto") },
			cause: gocmd.ReasonToolchainUnavailable, says: []string{"needs go 1.99, and the go command could not get that toolchain", "does not serve Go toolchains"},
			fix: []string{"Install go 1.99"}, tail: "switching to go >= 1.99"},
		{name: "compile error", arg: "example.com/broken@v1.0.0",
			cause: gocmd.ReasonCompileError,
			says: []string{"example.com/broken@v1.0.0 does not compile with go", "example.com/broken@v1.0.0/main.go:4:2: undefined: undefinedThing",
				"example.com/broken@v1.0.0/main.go:5:14: cannot use \"s\""},
			fix: []string{"go list -m -versions example.com/broken"}, tail: "# example.com/broken"},
		{name: "no C compiler", arg: "example.com/cgotool@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.set("CC", "nonexistent-cc").set("CGO_ENABLED", "1") },
			cause: gocmd.ReasonNoCCompiler, says: []string{`its C compiler (nonexistent-cc) is missing`, `cgo: C compiler "nonexistent-cc" not found`},
			fix: []string{"Stop setting CC in your environment", "unset CC"}},
		{name: "cgo forced on", arg: "example.com/cgotool@v1.0.0",
			setup: func(t *testing.T, s *sandbox) {
				// No C compiler on PATH at all, and CGO_ENABLED=1 from the go env file.
				s.set("PATH", filepath.Dir(machine.goBin)).unset("GOFLAGS").goEnvFile("CGO_ENABLED=1", "GOFLAGS=-modcacherw")
			},
			cause: gocmd.ReasonNoCCompiler, says: []string{`C compiler (gcc) is missing`},
			fix: []string{"CGO_ENABLED=1 (from the go env file", "CGO_ENABLED=0 gomedic tools install example.com/cgotool@v1.0.0"}},
		{name: "gobin relative", arg: "example.com/hello@v1.0.0", gobin: "relative-bin",
			cause: gocmd.ReasonGOBINRelative, says: []string{"GOBIN is not an absolute path"}, tail: "cannot install, GOBIN must be an absolute path"},
		{name: "gobin relative, user's", arg: "example.com/hello@v1.0.0", gobin: "bin",
			setup: func(t *testing.T, s *sandbox) { s.set("GOBIN", "bin") },
			cause: gocmd.ReasonGOBINRelative, says: []string{"GOBIN=bin (from the environment) is relative"}, fix: []string{"unset GOBIN"}},
		{name: "gocache under a file", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) {
				file := filepath.Join(t.TempDir(), "file")
				os.WriteFile(file, nil, 0o644)
				s.set("GOCACHE", filepath.Join(file, "cache"))
			},
			cause: gocmd.ReasonBuildCache, says: []string{"cannot use its build cache (GOCACHE=", "failed to initialize build cache at", "not a directory"},
			fix: []string{"Stop setting GOCACHE in your environment"}},
		{name: "gomodcache under a file", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) {
				file := filepath.Join(t.TempDir(), "file")
				os.WriteFile(file, nil, 0o644)
				s.set("GOMODCACHE", filepath.Join(file, "mod"))
			},
			cause: gocmd.ReasonModuleCache, says: []string{"cannot use its module cache (GOMODCACHE=", "could not create module cache"}},
		{name: "not a main package", arg: "example.com/multi/lib@v1.0.0",
			cause: gocmd.ReasonNotMainPackage, says: []string{"example.com/multi/lib is a library, not a program"}},
		{name: "no such package", arg: "example.com/multi/nothere@v1.0.0",
			setup: func(t *testing.T, s *sandbox) {},
			cause: gocmd.ReasonNoPackage, says: []string{"does not contain package example.com/multi/nothere"}},
		{name: "http 403", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.set("GOPROXY", statusServer(t, 403, "forbidden")) },
			cause: gocmd.ReasonHTTP403, says: []string{"refused access to example.com/hello (403 Forbidden)"}, fix: []string{"go env -w GOPRIVATE=example.com/hello"}},
		{name: "http 404", arg: "example.com/hello@latest",
			setup: func(t *testing.T, s *sandbox) { s.set("GOPROXY", statusServer(t, 404, "not found")) },
			cause: gocmd.ReasonHTTP404, says: []string{"does not have example.com/hello (404 Not Found)", "@v/list: 404 Not Found"}, fix: []string{"GOPRIVATE"}},
		{name: "http 410", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) { s.set("GOPROXY", statusServer(t, 410, "gone")) },
			cause: gocmd.ReasonHTTP410, says: []string{"(410 Gone)"}},
		{name: "http 404 unknown revision", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) {
				s.set("GOPROXY", statusServer(t, 404, "not found: example.com/hello@v1.0.0: invalid version: unknown revision v1.0.0"))
			},
			cause: gocmd.ReasonUnknownVersion, says: []string{"has no version v1.0.0"}},
		{name: "tls", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) {
				srv := httptest.NewUnstartedServer(http.NotFoundHandler())
				srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the go command's refused handshakes
				srv.StartTLS()
				t.Cleanup(srv.Close)
				s.set("GOPROXY", srv.URL)
			},
			cause: gocmd.ReasonTLS, says: []string{"is not trusted", "x509: certificate signed by unknown authority"}, fix: []string{"trust store"}},
		{name: "proxyconnect", arg: "example.com/hello@v1.0.0",
			setup: func(t *testing.T, s *sandbox) {
				s.set("GOPROXY", "https://proxy.example.com").set("HTTPS_PROXY", "http://"+deadAddr(t))
			},
			cause: gocmd.ReasonProxyConnect, says: []string{"the HTTP proxy http://127.0.0.1:", "(HTTPS_PROXY) did not let the go command through", "proxyconnect tcp: dial tcp"},
			fix: []string{"unset HTTPS_PROXY"}},
		{name: "timeout", arg: "example.com/hello@v1.0.0", timeout: 2 * time.Second,
			setup: func(t *testing.T, s *sandbox) { s.set("GOPROXY", silentServer(t)) },
			cause: gocmd.ReasonTimeout, says: []string{"did not finish within 2s and was stopped", "printed nothing"}, fix: []string{"gomedic check --layer net"}},
		// What BuildEnv overrides, run as the user would have it.
		{name: "mod vendor", arg: "example.com/hello@latest", goArgs: []string{"list", "-m", "-json", "example.com/hello@latest"},
			setup: func(t *testing.T, s *sandbox) { s.set("GOFLAGS", "-mod=vendor") },
			cause: gocmd.ReasonModVendor, says: []string{"GOFLAGS=-mod=vendor keeps the go command from looking up modules", "cannot query module due to -mod=vendor"},
			fix: []string{"unset GOFLAGS"}},
		{name: "mod vendor in go env file", arg: "example.com/hello@v1.0.0", goArgs: []string{"install", "example.com/hello@v1.0.0"},
			setup: func(t *testing.T, s *sandbox) { s.unset("GOFLAGS").goEnvFile("GOFLAGS=-mod=vendor -modcacherw") },
			cause: gocmd.ReasonModVendor, fix: []string{"go env -w GOFLAGS=-modcacherw"}},
		{name: "modules off", arg: "example.com/hello@v1.0.0", goArgs: []string{"install", "example.com/hello@v1.0.0"},
			setup: func(t *testing.T, s *sandbox) { s.goEnvFile("GO111MODULE=off") },
			cause: gocmd.ReasonModulesOff, says: []string{"module mode is off", "GO111MODULE=off (from the go env file"}, fix: []string{"go env -u GO111MODULE"}},
	}
	if runtime.GOOS == "linux" && os.Geteuid() == 0 {
		// Root may write anywhere but in a few kernel directories: a real "permission denied".
		if f, err := os.Create("/sys/kernel/gomedic-probe"); err != nil && os.IsPermission(err) {
			cases = append(cases, classifyCase{name: "permission denied", arg: "example.com/hello@v1.0.0", gobin: "/sys/kernel",
				cause: gocmd.ReasonPermissionDenied, says: []string{"the go command cannot write /sys/kernel/hello: permission denied", "could not write to gomedic's tool store /sys/kernel"},
				fix: []string{`sudo chown -R "$(id -un)" /sys/kernel`}})
		} else if err == nil {
			f.Close()
			os.Remove("/sys/kernel/gomedic-probe")
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSandbox(t)
			if tc.setup != nil {
				tc.setup(t, s)
			}
			f := s.facts(nil)
			target, version, err := ParseTarget(tc.arg)
			if err != nil {
				t.Fatal(err)
			}
			var res *host.Result
			if tc.goArgs != nil {
				res = s.runGo(nil, tc.goArgs...)
			} else {
				gobin := s.store
				if tc.gobin != "" {
					gobin = tc.gobin
				}
				timeout := tc.timeout
				if timeout == 0 {
					timeout = time.Minute
				}
				_, res, err = Build(context.Background(), f, target, version, BuildEnv(f, gobin), s.store, nil, timeout, nil)
				if err == nil {
					t.Fatalf("Build succeeded:\n%s", res.Output())
				}
			}
			fl := Classify(f, target, version, res)
			if fl == nil {
				t.Fatalf("Classify: nil for\n%s", res.Output())
			}
			text := fl.Summary + "\n" + fl.Detail
			t.Logf("%s: %s\n%s\nfix: %s", fl.Cause, fl.Summary, fl.Detail, fixText(fl.Fix))
			if fl.Cause != tc.cause {
				t.Errorf("cause %s, want %s\n%s\ntail:\n%s", fl.Cause, tc.cause, text, fl.Tail)
			}
			for _, want := range tc.says {
				if !strings.Contains(text, want) {
					t.Errorf("does not say %q:\n%s\ntail:\n%s", want, text, fl.Tail)
				}
			}
			if strings.Contains(fl.Summary, "\n") {
				t.Errorf("summary of more than one line: %q", fl.Summary)
			}
			if fl.Fix == nil && len(tc.fix) > 0 {
				t.Fatalf("no fix; want one with %q", tc.fix)
			}
			if fl.Fix != nil {
				fix := fl.Fix.Summary + "\n" + strings.Join(fl.Fix.Commands, "\n")
				for _, want := range tc.fix {
					if !strings.Contains(fix, want) {
						t.Errorf("fix does not say %q:\n%s", want, fix)
					}
				}
			}
			if !strings.Contains(fl.Tail, tc.tail) || fl.Tail == "" && !res.TimedOut {
				t.Errorf("tail does not hold %q:\n%s", tc.tail, fl.Tail)
			}
			if n := strings.Count(fl.Tail, "\n"); n >= TailLines {
				t.Errorf("tail of %d lines", n+1)
			}
		})
	}
}

func fixText(fix *finding.Fix) string {
	if fix == nil {
		return "(none)"
	}
	return fix.Summary + "\n\t" + strings.Join(fix.Commands, "\n\t")
}
