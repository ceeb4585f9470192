package classify

import (
	"testing"

	"github.com/gomedic/gomedic/internal/toolbuild"
)

// TestClassifyEnvCause: a go command that the environment stopped (Input.GoCause, toolbuild's
// reading of its messages) is a build failure that says what stopped it and which layers of
// gomedic check to run.
func TestClassifyEnvCause(t *testing.T) {
	stderr := "go: downloading example.com/m v1.0.0\n" +
		"main.go:3:8: example.com/m@v1.0.0: Get \"https://proxy.example/example.com/m/@v/v1.0.0.zip\": dial tcp 10.0.0.1:443: i/o timeout\n"
	in := Input{Phase: PhaseBuild, ExitCode: 1, Args: []string{"go", "build", "-o", "/tmp/app", "."}, Cwd: "/w",
		Stderr: []byte(stderr), GoCause: toolbuild.CauseProxyUnreachable}
	res := Classify(in)
	if res.ID != BuildFailed {
		t.Errorf("ID = %s, want %s", res.ID, BuildFailed)
	}
	checkResult(t, res, "main.go:3:8", []string{"the module proxy did not answer", "gomedic check --layer net /w"}, nil)

	in.GoCause = ""
	if res := Classify(in); res.ID != BuildFailed || res.Title == "the build failed: a module could not be downloaded: the module proxy did not answer" {
		t.Errorf("without a cause: %s %q", res.ID, res.Title)
	}
}

// TestEnvCausesAreToolbuildCauses: the keys of envCauses are toolbuild's names for the causes
// (the runner passes toolbuild.CauseOf as Input.GoCause).
func TestEnvCausesAreToolbuildCauses(t *testing.T) {
	known := map[string]bool{}
	for _, c := range []string{toolbuild.CauseProxyUnreachable, toolbuild.CauseConnectionRefused, toolbuild.CauseDNS,
		toolbuild.CauseProxyConnect, toolbuild.CauseTLS, toolbuild.CauseHTTP403, toolbuild.CauseHTTP404,
		toolbuild.CauseHTTP410, toolbuild.CauseGoproxyOff, toolbuild.CauseModulesOff, toolbuild.CauseModVendor,
		toolbuild.CauseToolchainUnavailable, toolbuild.CauseBuildCache, toolbuild.CauseModuleCache,
		toolbuild.CauseChecksumMismatch} {
		known[c] = true
		if _, ok := envCauses[c]; !ok {
			t.Errorf("toolbuild's cause %q has no entry in envCauses", c)
		}
	}
	for c := range envCauses {
		if !known[c] {
			t.Errorf("envCauses has %q, which is not one of toolbuild's causes", c)
		}
	}
}
