package classify

import (
	"testing"

	"github.com/gomedic/gomedic/internal/gocmd"
)

// TestClassifyEnvCause: a go command that the environment stopped (gocmd's reading of its
// messages) is a build failure that says what stopped it and which layers of
// gomedic check to run.
func TestClassifyEnvCause(t *testing.T) {
	stderr := "go: downloading example.com/m v1.0.0\n" +
		"main.go:3:8: example.com/m@v1.0.0: Get \"https://proxy.example/example.com/m/@v/v1.0.0.zip\": dial tcp 10.0.0.1:443: i/o timeout\n"
	in := Input{Phase: PhaseBuild, ExitCode: 1, Args: []string{"go", "build", "-o", "/tmp/app", "."}, Cwd: "/w",
		Stderr: []byte(stderr)}
	res := Classify(in)
	if res.ID != BuildFailed {
		t.Errorf("ID = %s, want %s", res.ID, BuildFailed)
	}
	checkResult(t, res, "main.go:3:8", []string{"the module proxy did not answer", "gomedic check --layer net /w"}, nil)

	in.ExitCode = 0
	if res := Classify(in); res.Title == "the build failed: a module could not be downloaded: the module proxy did not answer" {
		t.Errorf("a build that succeeded: %s %q", res.ID, res.Title)
	}
	in.ExitCode, in.Phase, in.Args = 1, PhaseRun, []string{"./app"}
	if res := Classify(in); res.Title == "the build failed: a module could not be downloaded: the module proxy did not answer" {
		t.Errorf("a program that printed the go command's words: %s %q", res.ID, res.Title)
	}
}

// TestEnvCausesAreReasons: every environment reason of gocmd that a build can meet has its words
// here, and nothing else does.
func TestEnvCausesAreReasons(t *testing.T) {
	known := map[gocmd.Reason]bool{}
	for _, c := range []gocmd.Reason{gocmd.ReasonProxyUnreachable, gocmd.ReasonConnectionRefused, gocmd.ReasonDNS,
		gocmd.ReasonProxyConnect, gocmd.ReasonTLS, gocmd.ReasonHTTP403, gocmd.ReasonHTTP404,
		gocmd.ReasonHTTP410, gocmd.ReasonGoproxyOff, gocmd.ReasonModulesOff, gocmd.ReasonModVendor,
		gocmd.ReasonToolchainUnavailable, gocmd.ReasonBuildCache, gocmd.ReasonModuleCache,
		gocmd.ReasonChecksumMismatch} {
		known[c] = true
		if _, ok := envCauses[c]; !ok {
			t.Errorf("gocmd's reason %q has no entry in envCauses", c)
		}
	}
	for c := range envCauses {
		if !known[c] {
			t.Errorf("envCauses has %q, which is not an environment reason", c)
		}
	}
}
