package toolbuild

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
)

func TestResolve(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arg          string
		module, want string
		goVersion    string
		lists        int // go list -m runs
	}{
		{arg: "example.com/hello", module: "example.com/hello", want: helloLatest, goVersion: "1.22", lists: 1},
		{arg: "example.com/hello@latest", module: "example.com/hello", want: helloLatest, goVersion: "1.22", lists: 1},
		{arg: "example.com/hello@v1", module: "example.com/hello", want: helloLatest, goVersion: "1.22", lists: 1},
		{arg: "example.com/hello@v1.2.0-pre", module: "example.com/hello", want: "v1.2.0-pre", goVersion: "1.22", lists: 1},
		{arg: "example.com/hello@" + helloPseudo, module: "example.com/hello", want: helloPseudo, goVersion: "1.22", lists: 1},
		{arg: "example.com/hello@v1.0.0", module: "example.com/hello", want: "v1.0.0", goVersion: "1.22", lists: 1},
		// Longest path first: example.com/multi/cmd/tool, example.com/multi/cmd, example.com/multi.
		{arg: "example.com/multi/cmd/tool@latest", module: "example.com/multi", want: "v1.0.0", goVersion: "1.22", lists: 3},
		{arg: "example.com/tool/v2", module: "example.com/tool/v2", want: "v2.0.0", goVersion: "1.22", lists: 1},
		{arg: "example.com/newgo", module: "example.com/newgo", want: "v1.0.0", goVersion: "1.99", lists: 1},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			t.Parallel()
			s := newSandbox(t)
			h := &countingHost{Host: host.NewReal(s.environ())}
			target, query, err := ParseTarget(tt.arg)
			if err != nil {
				t.Fatal(err)
			}
			r, res, err := Resolve(context.Background(), s.facts(h), target, query)
			if err != nil {
				t.Fatalf("Resolve: %v\n%s", err, res.Output())
			}
			if r.Module != tt.module || r.Version != tt.want || r.GoVersion != tt.goVersion {
				t.Errorf("Resolve(%s) = %+v, want %s %s go %s", tt.arg, r, tt.module, tt.want, tt.goVersion)
			}
			if n := h.goRuns("list -m -json"); n != tt.lists {
				t.Errorf("%d go list -m runs, want %d", n, tt.lists)
			}
			if res == nil || !strings.HasSuffix(strings.Join(res.Cmd.Args, " "), r.Module+"@"+defaultQuery(query)) {
				t.Errorf("res is not the run that answered: %v", res)
			}
		})
	}
}

func defaultQuery(q string) string {
	if q == "" {
		return "latest"
	}
	return q
}

// TestResolveCanonicalRunsNothing: a canonical version of a known module needs no question to
// GOPROXY, and Resolve runs no command at all (the fake host runs none: go would fail to start).
func TestResolveCanonicalRunsNothing(t *testing.T) {
	for _, v := range []string{"v0.21.1", "v0.0.0-20240301000000-abcdefabcdef", "v2.0.0+incompatible"} {
		h := host.NewFake("linux", "amd64")
		s := &sandbox{t: t}
		target, _, _ := ParseTarget("gopls")
		if strings.HasSuffix(v, "+incompatible") {
			target = Target{Name: "x", Package: "example.com/x", Module: "example.com/x"}
		}
		r, res, err := Resolve(context.Background(), s.facts(h), target, v)
		if err != nil || res != nil {
			t.Fatalf("Resolve(%s): %v, %v", v, err, res)
		}
		if r.Module != target.Module || r.Version != v {
			t.Errorf("Resolve(%s) = %+v", v, r)
		}
		if ran := h.Ran(); len(ran) != 0 {
			t.Errorf("Resolve(%s) ran %v", v, ran)
		}
	}
	// Not canonical, or the module unknown: the go command must answer.
	for _, arg := range []string{"gopls@v0.21", "gopls@latest", "example.com/x/cmd/foo@v1.0.0"} {
		h := host.NewFake("linux", "amd64")
		target, query, _ := ParseTarget(arg)
		if _, _, err := Resolve(context.Background(), (&sandbox{t: t}).facts(h), target, query); err == nil {
			t.Errorf("Resolve(%s) answered without the go command", arg)
		}
	}
}

func TestResolveFailures(t *testing.T) {
	t.Parallel()
	dead := deadAddr(t)
	tests := []struct {
		name  string
		arg   string
		env   []string
		cause gocmd.Reason
		lists int
		err   string
	}{
		// The module exists, the version does not: a file:// proxy has no .info for it, so each
		// shorter path is tried too (a missing file says nothing about which path is the module).
		{name: "unknown version", arg: "example.com/hello@v9.9.9", cause: gocmd.ReasonUnknownVersion, lists: 2, err: "GOPROXY has example.com/hello@v9.9.9 under no module path"},
		{name: "no matching versions", arg: "example.com/multi/cmd/tool@v9", cause: gocmd.ReasonUnknownVersion, lists: 4, err: `no matching versions for query "v9"`},
		{name: "unknown module", arg: "example.com/nothere/cmd/x", cause: gocmd.ReasonHTTP404, lists: 4},
		{name: "table tool, unknown version", arg: "gopls@v0.99", env: nil, cause: gocmd.ReasonHTTP404, lists: 1},
		// A failure that is not "no such module" ends the search at once.
		{name: "dead proxy", arg: "example.com/multi/cmd/tool", env: []string{"GOPROXY=http://" + dead}, cause: gocmd.ReasonConnectionRefused, lists: 1},
		{name: "goproxy off", arg: "example.com/multi/cmd/tool", env: []string{"GOPROXY=off"}, cause: gocmd.ReasonGoproxyOff, lists: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSandbox(t)
			for _, kv := range tt.env {
				k, v, _ := strings.Cut(kv, "=")
				s.set(k, v)
			}
			h := &countingHost{Host: host.NewReal(s.environ())}
			f := s.facts(h)
			target, query, _ := ParseTarget(tt.arg)
			_, res, err := Resolve(context.Background(), f, target, query)
			if err == nil {
				t.Fatalf("Resolve(%s) succeeded", tt.arg)
			}
			if tt.err != "" && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %q does not say %q", err, tt.err)
			}
			if fl := Classify(f, target, query, res); fl == nil || fl.Cause != tt.cause {
				t.Errorf("Classify: %+v, want cause %s\n%s", fl, tt.cause, res.Output())
			}
			if n := h.goRuns("list -m -json"); n != tt.lists {
				t.Errorf("%d go list -m runs, want %d", n, tt.lists)
			}
		})
	}
}

// deadAddr is a loopback host:port where nothing listens (a port taken and freed).
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestResolveEnv: the go command resolves with the user's environment and only the overrides
// BuildEnv lists for modules: GO111MODULE=on, GOWORK=off, GOFLAGS without -mod.
func TestResolveEnv(t *testing.T) {
	user := []string{"PATH=/usr/local/go/bin", "HOME=/home/a", "GOPROXY=https://athens.corp,direct", "GONOSUMDB=corp.example",
		"GOPRIVATE=corp.example/*", "GOINSECURE=insecure.example", "GOTOOLCHAIN=go1.26.8+auto", "GOFLAGS=-mod=vendor -tags=netgo", "GOWORK=/w/go.work",
		"GO111MODULE=auto", "GOOS=windows"}
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	h.Environ = user
	h.AddFile("/usr/local/go/bin/go", nil, 0o755)
	var listEnv []string
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": func(c host.Cmd) *host.Result {
		if c.Args[0] == "list" {
			listEnv = c.Env
			return &host.Result{Stdout: []byte(`{"Path": "golang.org/x/tools/gopls", "Version": "v0.21.1", "GoVersion": "1.25"}`)}
		}
		return &host.Result{Stdout: []byte(`{"GOROOT": "/usr/local/go", "GOFLAGS": "-mod=vendor -tags=netgo", "GOWORK": "/w/go.work"}`)}
	}}
	target, query, _ := ParseTarget("gopls@latest")
	r, _, err := Resolve(context.Background(), (&sandbox{t: t}).facts(h), target, query)
	if err != nil || r.Version != "v0.21.1" || r.GoVersion != "1.25" {
		t.Fatalf("Resolve = %+v, %v", r, err)
	}
	want := envMap(user)
	want["GO111MODULE"], want["GOWORK"], want["GOFLAGS"] = "on", "off", "-tags=netgo -mod=readonly"
	got := envMap(listEnv)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("go list ran with %s=%q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("go list ran with %d variables, want %d: %q", len(got), len(want), listEnv)
	}
}
