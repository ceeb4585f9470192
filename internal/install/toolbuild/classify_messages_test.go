package toolbuild

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
)

// fakeFacts are the facts of a Linux machine whose go env prints vars, with environ as the
// process environment.
func fakeFacts(t *testing.T, vars map[string]string, environ ...string) *facts.Facts {
	t.Helper()
	all := map[string]string{"GOROOT": "/usr/local/go", "GOVERSION": "go1.26.8", "GOPROXY": DefaultGOPROXY, "GOSUMDB": "sum.golang.org",
		"GOMODCACHE": "/home/a/go/pkg/mod", "GOCACHE": "/home/a/.cache/go-build", "GOTOOLCHAIN": "auto", "GOOS": "linux", "GOARCH": "amd64",
		"GOHOSTOS": "linux", "GOHOSTARCH": "amd64"}
	for k, v := range vars {
		all[k] = v
	}
	out, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	h.Environ = append([]string{"PATH=/usr/local/go/bin", "HOME=/home/a", "SHELL=/bin/zsh"}, environ...)
	h.AddFile("/usr/local/go/bin/go", nil, 0o755)
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": host.Output(string(out), 0)}
	return (&sandbox{t: t}).facts(h)
}

// TestClassifyMessages classifies the go command's messages that a test cannot produce on a
// loopback-only machine (DNS, unreachable networks, checksum database answers, other operating
// systems), as cmd/go and net print them.
func TestClassifyMessages(t *testing.T) {
	hello := Target{Name: "hello", Package: "example.com/hello", Module: "example.com/hello"}
	gopls, _, _ := ParseTarget("gopls")
	tests := []struct {
		name    string
		vars    map[string]string
		environ []string
		target  Target
		version string
		out     string
		cause   gocmd.Reason
		says    []string
		fix     []string
	}{
		{name: "dns", out: `go: example.com/hello@v1.0.0: Get "https://proxy.corp.example/example.com/hello/@v/v1.0.0.info": dial tcp: lookup proxy.corp.example on 127.0.0.53:53: no such host`,
			vars: map[string]string{"GOPROXY": "https://proxy.corp.example"}, environ: []string{"GOPROXY=https://proxy.corp.example"},
			cause: gocmd.ReasonDNS, says: []string{"the name of the module proxy https://proxy.corp.example cannot be looked up (DNS)", "(GOPROXY, from the environment)"},
			fix: []string{"go back to the default proxy: unset GOPROXY"}},
		{name: "dns cgo resolver", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": dial tcp: lookup proxy.golang.org: Temporary failure in name resolution`,
			cause: gocmd.ReasonDNS, says: []string{"the module proxy https://proxy.golang.org cannot be looked up"}, fix: []string{"gomedic check --layer net"}},
		{name: "dns timeout", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": dial tcp: lookup proxy.golang.org on 10.0.0.1:53: read udp 10.0.0.2:5353->10.0.0.1:53: i/o timeout`,
			cause: gocmd.ReasonDNS},
		{name: "network unreachable", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": dial tcp 142.250.1.1:443: connect: network is unreachable`,
			cause: gocmd.ReasonProxyUnreachable, says: []string{"the module proxy https://proxy.golang.org cannot be reached"}},
		{name: "dial timeout", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": dial tcp 142.250.1.1:443: i/o timeout`,
			cause: gocmd.ReasonProxyUnreachable},
		{name: "reset", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": read tcp 10.0.0.2:1234->142.250.1.1:443: read: connection reset by peer`,
			cause: gocmd.ReasonProxyUnreachable},
		{name: "refused on windows", out: `go: module example.com/hello: Get "http://127.0.0.1:1/example.com/hello/@v/list": dial tcp 127.0.0.1:1: connectex: No connection could be made because the target machine actively refused it.`,
			cause: gocmd.ReasonConnectionRefused},
		{name: "checksum database refused", out: `go: example.com/hello@v1.0.0: verifying module: example.com/hello@v1.0.0: Get "https://sum.golang.org/lookup/example.com/hello@v1.0.0": dial tcp 127.0.0.1:1: connect: connection refused`,
			cause: gocmd.ReasonConnectionRefused, says: []string{"the checksum database sum.golang.org refused the connection", "(GOSUMDB, from the default)"}},
		{name: "proxy.golang.org unknown revision", out: "go: example.com/hello@v9.9.9: reading https://proxy.golang.org/example.com/hello/@v/v9.9.9.info: 404 Not Found\n\tserver response: not found: example.com/hello@v9.9.9: invalid version: unknown revision v9.9.9",
			version: "v9.9.9", cause: gocmd.ReasonUnknownVersion, says: []string{"example.com/hello has no version v9.9.9"}},
		{name: "direct unknown revision", out: "go: example.com/hello@v9.9.9: invalid version: unknown revision v9.9.9", version: "v9.9.9", cause: gocmd.ReasonUnknownVersion},
		{name: "private module gone", out: "go: module github.com/corp/private: reading https://proxy.golang.org/github.com/corp/private/@v/list: 410 Gone\n\tserver response: not found: github.com/corp/private@latest: terminal prompts disabled",
			target: Target{Name: "private", Package: "github.com/corp/private"}, cause: gocmd.ReasonHTTP410,
			says: []string{"the module proxy https://proxy.golang.org does not have github.com/corp/private (410 Gone)"}, fix: []string{"go env -w GOPRIVATE=github.com/corp/private"}},
		{name: "table tool not mirrored", out: "go: golang.org/x/tools/gopls@v0.21.1: reading https://athens.corp/golang.org/x/tools/gopls/@v/v0.21.1.info: 404 Not Found",
			vars: map[string]string{"GOPROXY": "https://athens.corp"}, target: gopls, version: "v0.21.1", cause: gocmd.ReasonHTTP404,
			fix: []string{"golang.org/x/tools/gopls is public", "GOPROXY=https://proxy.golang.org,direct gomedic tools install gopls@v0.21.1"}},
		{name: "checksum mismatch", out: "go: downloading example.com/hello v1.0.0\nverifying example.com/hello@v1.0.0: checksum mismatch\n\tdownloaded: h1:abc=\n\tsum.golang.org: h1:def=\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.",
			cause: gocmd.ReasonChecksumMismatch, says: []string{"does not match its checksum"}},
		{name: "replace directives", out: "go: example.com/hello@latest (in example.com/hello@v1.2.0):\n\tThe go.mod file for the module providing named packages contains one or more replace directives.\n\tIt must not contain directives that would cause it to be interpreted differently than if it were the main module.",
			cause: gocmd.ReasonModuleReplaces},
		{name: "cross compile", out: "go: cannot install cross-compiled binaries when GOBIN is set", vars: map[string]string{"GOHOSTARCH": "386"},
			cause: gocmd.ReasonCrossCompile, says: []string{"the go on PATH is a linux/386 build"}, fix: []string{"Install Go for linux/amd64"}},
		{name: "gocache off", out: "build cache is disabled by GOCACHE=off, but required as of Go 1.12", vars: map[string]string{"GOCACHE": "off"},
			environ: []string{"GOCACHE=off"}, cause: gocmd.ReasonBuildCache, fix: []string{"unset GOCACHE"}},
		{name: "gocache relative", out: "build cache is required, but could not be located: GOCACHE is not an absolute path", vars: map[string]string{"GOCACHE": ""},
			cause: gocmd.ReasonBuildCache, fix: []string{"go env -w GOCACHE=/home/a/.cache/go-build"}},
		{name: "gocache not writable", out: "go: example.com/hello@v1.0.0: open /home/a/.cache/go-build/12/1234-d: permission denied",
			cause: gocmd.ReasonBuildCache, fix: []string{`sudo chown -R "$(id -un)" /home/a/.cache/go-build`}},
		{name: "module cache not writable", out: "go: example.com/hello@v1.0.0: mkdir /home/a/go/pkg/mod/cache/download/example.com: permission denied",
			cause: gocmd.ReasonPermissionDenied, says: []string{"could not write to the module cache /home/a/go/pkg/mod (GOMODCACHE)"}, fix: []string{`sudo chown -R "$(id -un)" /home/a/go/pkg/mod`}},
		{name: "read-only file system", out: "go: example.com/hello@v1.0.0: mkdir /home/a/go/pkg/mod/cache: read-only file system",
			cause: gocmd.ReasonPermissionDenied},
		{name: "access denied on windows", out: `go: example.com/hello@v1.0.0: mkdir C:\Users\a\go\pkg\mod\cache\download\example.com: Access is denied.`,
			cause: gocmd.ReasonPermissionDenied},
		{name: "toolchain not available", out: "go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available",
			environ: []string{"GOTOOLCHAIN=go1.99.0"}, cause: gocmd.ReasonToolchainUnavailable},
		{name: "no such release", out: "go: go: example.com/hello@v1.0.0 requires go >= 1.99 (running go 1.26.8)\ngo: go: switching to go >= 1.99: no releases found for go >= 1.99",
			cause: gocmd.ReasonToolchainUnavailable, says: []string{"needs go 1.99", "No Go release 1.99 or newer is published"}, fix: []string{"go list -m -versions example.com/hello"}},
		{name: "toolchain download refused", out: `go: downloading go1.99.0 (linux/amd64)` + "\n" + `go: download go1.99.0: golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64: Get "http://127.0.0.1:1/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.zip": dial tcp 127.0.0.1:1: connect: connection refused`,
			cause: gocmd.ReasonToolchainUnavailable, fix: []string{"gomedic check --layer net"}},
		{name: "query under -mod=vendor", out: "go: example.com/hello@v1.0.0: cannot query module due to -mod=vendor\n\t(Go version in go.mod is at least 1.14 and vendor directory exists.)",
			vars: map[string]string{"GOFLAGS": "-mod=vendor"}, environ: []string{"GOFLAGS=-mod=vendor"}, cause: gocmd.ReasonModVendor, says: []string{"GOFLAGS=-mod=vendor keeps the go command from looking up modules"}},
		{name: "go.mod updates under -mod=vendor", out: "go: updates to go.mod needed, disabled by -mod=vendor\n\t(Go version in go.mod is at least 1.14 and vendor directory exists.)",
			cause: gocmd.ReasonModVendor},
		{name: "vendored dependency too new", out: "go: example.com/lib in vendor/modules.txt requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)",
			cause: gocmd.ReasonNeedsNewerGo, says: []string{"example.com/lib needs go 1.99; the go on PATH is go 1.26.8 and GOTOOLCHAIN=local keeps it from switching"}},
		{name: "file proxy without the version", out: "go: example.com/hello@v9.9.9: example.com/hello@v9.9.9: reading file:///mirror/example.com/hello/@v/v9.9.9.info: no such file or directory",
			version: "v9.9.9", cause: gocmd.ReasonUnknownVersion},
		{name: "file proxy without the module", out: "go: example.com/hello@latest: module example.com/hello: reading file:///mirror/example.com/hello/@v/list: no such file or directory",
			version: "latest", cause: gocmd.ReasonHTTP404},
		{name: "no xcode tools", out: "# runtime/cgo\nxcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun",
			cause: gocmd.ReasonNoCCompiler},
		{name: "linker error", out: "# example.com/hello\n/usr/local/go/pkg/tool/linux_amd64/link: running gcc failed: exit status 1", cause: gocmd.ReasonCompileError},
		{name: "something new", out: "go: downloading example.com/hello v1.0.0\ngo: something entirely new happened", cause: gocmd.ReasonOther,
			says: []string{"go: something entirely new happened\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fakeFacts(t, tt.vars, tt.environ...)
			target := tt.target
			if target.Package == "" {
				target = hello
			}
			version := tt.version
			if version == "" {
				version = "v1.0.0"
			}
			res := &host.Result{Cmd: host.Cmd{Path: "/usr/local/go/bin/go", Args: []string{"install", "-v", target.Package + "@" + version}, Dir: "/home/a/store"},
				Stderr: []byte(tt.out + "\n"), ExitCode: 1}
			fl := Classify(f, target, version, res)
			if fl == nil {
				t.Fatal("Classify: nil")
			}
			text := fl.Summary + "\n" + fl.Detail
			if fl.Cause != tt.cause {
				t.Errorf("cause %s, want %s\n%s", fl.Cause, tt.cause, text)
			}
			for _, want := range tt.says {
				if !strings.Contains(text, want) {
					t.Errorf("does not say %q:\n%s", want, text)
				}
			}
			if len(tt.fix) > 0 {
				if fl.Fix == nil {
					t.Fatalf("no fix; want %q", tt.fix)
				}
				fix := fl.Fix.Summary + "\n" + strings.Join(fl.Fix.Commands, "\n")
				for _, want := range tt.fix {
					if !strings.Contains(fix, want) {
						t.Errorf("fix does not say %q:\n%s", want, fix)
					}
				}
			}
			if fl.Tail != strings.TrimSpace(tt.out) && strings.Count(tt.out, "\n") < TailLines {
				t.Errorf("tail %q, want the whole output", fl.Tail)
			}
		})
	}
}

func TestClassifyNothing(t *testing.T) {
	f := fakeFacts(t, nil)
	if fl := Classify(f, Target{}, "", nil); fl != nil {
		t.Errorf("Classify(nil) = %+v", fl)
	}
	if fl := Classify(f, Target{}, "", &host.Result{}); fl != nil {
		t.Errorf("Classify(success) = %+v", fl)
	}
}

func TestTail(t *testing.T) {
	var lines []string
	for i := range 40 {
		lines = append(lines, "line "+strings.Repeat("x", i%3)+string(rune('a'+i%26)))
	}
	res := &host.Result{Stderr: []byte(strings.Join(lines, "\n") + "\n"), ExitCode: 2}
	fl := Classify(fakeFacts(t, nil), Target{Name: "x", Package: "example.com/x"}, "v1.0.0", res)
	if got, want := fl.Tail, strings.Join(lines[40-TailLines:], "\n"); got != want {
		t.Errorf("tail:\n%s\nwant\n%s", got, want)
	}
}

func TestOneShot(t *testing.T) {
	tests := []struct{ sh, want string }{
		{"bash", "GOTOOLCHAIN=go1.99.0 gomedic tools install gopls"},
		{"zsh", "GOTOOLCHAIN=go1.99.0 gomedic tools install gopls"},
		{"fish", "env GOTOOLCHAIN=go1.99.0 gomedic tools install gopls"},
		{"powershell", "$env:GOTOOLCHAIN = 'go1.99.0'; gomedic tools install gopls; Remove-Item Env:GOTOOLCHAIN"},
		{"cmd", `cmd /C "set GOTOOLCHAIN=go1.99.0&& gomedic tools install gopls"`},
	}
	for _, tt := range tests {
		if got := OneShot(tt.sh, "GOTOOLCHAIN", "go1.99.0", "gomedic tools install gopls"); got != tt.want {
			t.Errorf("OneShot(%s) = %s, want %s", tt.sh, got, tt.want)
		}
	}
	if got := OneShot("sh", "X", "a b", "cmd"); got != "X='a b' cmd" {
		t.Errorf("OneShot quoting: %s", got)
	}
}

func TestToolchainFor(t *testing.T) {
	for line, want := range map[string]string{"1.99": "go1.99.0", "1.22.3": "go1.22.3", "1.20": "go1.20", "1.21": "go1.21.0", "1.23rc1": "go1.23rc1"} {
		if got := ToolchainFor(line); got != want {
			t.Errorf("ToolchainFor(%s) = %s, want %s", line, got, want)
		}
	}
}
