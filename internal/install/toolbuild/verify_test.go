package toolbuild

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/gocmd"
)

// build installs pkg@version into the sandbox's store with Build, and returns the binary.
func (s *sandbox) build(target Target, version string) string {
	s.t.Helper()
	f := s.facts(nil)
	bin, res, err := Build(context.Background(), f, target, version, BuildEnv(f, s.store), s.store, nil, time.Minute, nil)
	if err != nil {
		s.t.Fatalf("Build: %v\n%s", err, res.Output())
	}
	return bin
}

func TestVerify(t *testing.T) {
	t.Parallel()
	s := newSandbox(t)
	hello := tool("hello", "example.com/hello", "example.com/hello", "version")
	bin := s.build(hello, "v1.0.0")
	f := s.facts(nil)
	ok := Resolved{Module: "example.com/hello", Version: "v1.0.0"}
	tests := []struct {
		name   string
		target Target
		r      Resolved
		binary string
		cause  gocmd.Reason // "" for none
		says   string
	}{
		{name: "ok", target: hello, r: ok, binary: bin},
		{name: "help only", target: tool("hello", "example.com/hello", "example.com/hello"), r: ok, binary: bin},
		{name: "not a table tool", target: Target{Name: "hello", Package: "example.com/hello"}, r: ok, binary: bin},
		{name: "another version", target: hello, r: Resolved{Module: "example.com/hello", Version: "v1.1.0"}, binary: bin,
			cause: CauseVerifyVersion, says: "is example.com/hello v1.0.0, not v1.1.0"},
		{name: "devel", target: hello, r: Resolved{Module: "example.com/hello", Version: "(devel)"}, binary: bin,
			cause: CauseVerifyVersion, says: "not (devel)"},
		{name: "another module", target: hello, r: Resolved{Module: "example.com/other", Version: "v1.0.0"}, binary: bin,
			cause: CauseVerifyModule, says: "is example.com/hello from module example.com/hello, not example.com/hello from example.com/other"},
		{name: "another package", target: tool("x", "example.com/hello/cmd/x", "example.com/hello", "version"), r: ok, binary: bin,
			cause: CauseVerifyModule},
		{name: "missing", target: hello, r: ok, binary: filepath.Join(s.store, "nothere"), cause: CauseVerifyBuildInfo, says: "cannot read the build info"},
	}
	script := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho hello\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests = append(tests, struct {
		name   string
		target Target
		r      Resolved
		binary string
		cause  gocmd.Reason
		says   string
	}{name: "a script", target: hello, r: ok, binary: script, cause: CauseVerifyBuildInfo, says: "is not a Go program with build info"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fl := Verify(context.Background(), f, tt.target, tt.r, tt.binary, 10*time.Second)
			switch {
			case tt.cause == "" && fl != nil:
				t.Fatalf("Verify: %s: %s\n%s", fl.Cause, fl.Summary, fl.Detail)
			case tt.cause == "":
			case fl == nil:
				t.Fatalf("Verify passed, want %s", tt.cause)
			case fl.Cause != tt.cause || !strings.Contains(fl.Summary+"\n"+fl.Detail, tt.says):
				t.Errorf("Verify: %s: %s\n%s\nwant %s saying %q", fl.Cause, fl.Summary, fl.Detail, tt.cause, tt.says)
			}
		})
	}
}

// TestVerifyRuns runs the version command of tools that hang or crash.
func TestVerifyRuns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target Target
		cause  gocmd.Reason
		says   string
		tail   string
	}{
		{target: tool("hang", "example.com/hang", "example.com/hang", "version"), cause: CauseVerifyTimeout, says: "hang version` did not finish within 1s"},
		{target: tool("crash", "example.com/crash", "example.com/crash", "version"), cause: CauseVerifyRun, says: "exited with status 2", tail: "panic: boom"},
		{target: tool("crash", "example.com/crash", "example.com/crash"), cause: CauseVerifyRun, says: "-h` printed no usage", tail: "panic: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.target.Name+strings.Join(tt.target.Tool.VersionArgs, ""), func(t *testing.T) {
			t.Parallel()
			s := newSandbox(t)
			bin := s.build(tt.target, "v1.0.0")
			fl := Verify(context.Background(), s.facts(nil), tt.target, Resolved{Module: tt.target.Module, Version: "v1.0.0"}, bin, time.Second)
			if fl == nil {
				t.Fatal("Verify passed")
			}
			if fl.Cause != tt.cause || !strings.Contains(fl.Summary, tt.says) || !strings.Contains(fl.Tail, tt.tail) {
				t.Errorf("Verify: %s: %s\n%s\ntail: %s\nwant %s saying %q", fl.Cause, fl.Summary, fl.Detail, fl.Tail, tt.cause, tt.says)
			}
		})
	}
}

// TestVerifyPlatform verifies a binary go install built for another architecture, as it does
// with GOARCH set (into GOPATH/bin/GOOS_GOARCH: it refuses a cross-compiled binary in GOBIN).
func TestVerifyPlatform(t *testing.T) {
	t.Parallel()
	s := newSandbox(t)
	other := otherArch()
	res := s.runGo([]string{"GOARCH=" + other, "CGO_ENABLED=0"}, "install", "example.com/hello@v1.0.0")
	if !res.OK() {
		t.Fatalf("cross-building: %s", res.Output())
	}
	bin := filepath.Join(s.home, "go", "bin", runtime.GOOS+"_"+other, "hello")
	fl := Verify(context.Background(), s.facts(nil), tool("hello", "example.com/hello", "example.com/hello", "version"),
		Resolved{Module: "example.com/hello", Version: "v1.0.0"}, bin, 10*time.Second)
	if fl == nil || fl.Cause != CauseVerifyPlatform {
		t.Fatalf("Verify: %+v, want %s", fl, CauseVerifyPlatform)
	}
	if want := "is built for " + runtime.GOOS + "/" + other + ", not for this " + runtime.GOOS + "/" + runtime.GOARCH + " machine"; !strings.Contains(fl.Summary, want) {
		t.Errorf("summary %q does not say %q", fl.Summary, want)
	}
}
