package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
	"github.com/gomedic/gomedic/internal/toolset"
)

// A scenario's environment is built from nothing but what it needs, so that no setting or
// program of the test machine changes a verdict: testscript starts it empty but for PATH, and
// the sandbox gives it its own home, go env file and GOPATH, the machine's Go caches (so that
// nothing is downloaded or built twice) and a PATH of gomedic, the machine's go and a directory
// of links to the system programs scenarios run (sysPrograms). A tool installed on the machine
// (a staticcheck in /usr/local/bin, a gopls from a distribution package in /usr/bin) is
// therefore never found by a scenario that says it is not installed.

// sysPrograms are the system programs a scenario may find on PATH: shells, the basic utilities
// of the scripts and of the fakes they write, what the go command runs (git, the C toolchain),
// what gomedic runs by name (strace, systemctl) and what rodir runs (unshare, mount). Those the
// machine lacks are left out, as the scenarios that need them check. Never an editor tool or a
// go command: the scenarios install those themselves.
var sysPrograms = []string{
	// shells
	"sh", "bash", "dash", "zsh", "fish",
	// utilities
	"awk", "basename", "cat", "chmod", "cmp", "cp", "cut", "date", "diff", "dirname", "du", "echo", "env", "expr",
	"false", "find", "grep", "head", "id", "kill", "ln", "ls", "mkdir", "mktemp", "mv", "nproc", "od", "printf",
	"ps", "readlink", "realpath", "rm", "rmdir", "sed", "seq", "setsid", "sleep", "sort", "stat", "tail", "tee", "test",
	"timeout", "touch", "tr", "true", "uname", "uniq", "wc", "which", "xargs",
	// what the go command runs: version control and the C toolchain for cgo
	"git", "gcc", "cc", "g++", "c++", "cpp", "clang", "as", "ld", "ld.bfd", "ld.gold", "ar", "pkg-config",
	// what gomedic runs by name
	"strace", "systemctl",
	// what rodir runs: a private mount namespace with a read-only bind mount
	"unshare", "mount",
}

// sandbox is what every scenario shares.
type sandbox struct {
	goEnv  map[string]string // the machine's Go caches and module settings (testtools.MachineGoEnv)
	sysBin string            // the directory of links to sysPrograms
}

// newSandbox links the system programs into a directory of the test's own.
func newSandbox(t *testing.T) *sandbox {
	sb := &sandbox{goEnv: realGoEnv(t), sysBin: filepath.Join(t.TempDir(), "sysbin")}
	if err := linkSystemPrograms(sb.sysBin); err != nil {
		t.Fatal(err)
	}
	return sb
}

// linkSystemPrograms makes dir hold a link to each of sysPrograms that the test process finds on
// its PATH. On Windows it stays empty: PATH keeps the Windows directories instead (scenarioPath).
func linkSystemPrograms(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if runtime.GOOS == "windows" {
		return nil
	}
	for _, name := range sysPrograms {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if p, err = filepath.Abs(p); err != nil {
			return err
		}
		if err := os.Symlink(p, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

// scenarioPath is a scenario's PATH: gomedic (testscript's own bin directory), the machine's go
// and the system programs.
func (sb *sandbox) scenarioPath(scriptBin string) string {
	dirs := []string{scriptBin, filepath.Join(sb.goEnv["GOROOT"], "bin"), sb.sysBin}
	if runtime.GOOS == "windows" {
		root := os.Getenv("SystemRoot")
		dirs = append(dirs, filepath.Join(root, "System32"), root)
	}
	return strings.Join(dirs, string(os.PathListSeparator))
}

// setup makes a scenario's environment: a hermetic user with its own home, go env file and
// GOPATH; the machine's caches; a PATH of only what scenarios need; time limits stretched for
// a busy machine.
func (sb *sandbox) setup(e *testscript.Env) error {
	home := filepath.Join(e.WorkDir, "home")
	// Go telemetry off in the sandbox: the go command would otherwise start a telemetry
	// child that can outlive the script and race the removal of $WORK.
	telemetry := filepath.Join(home, ".config", "go", "telemetry")
	if err := os.MkdirAll(telemetry, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(telemetry, "mode"), []byte("off"), 0o644); err != nil {
		return err
	}
	for _, kv := range [][2]string{
		{"HOME", home}, {"USERPROFILE", home}, {"XDG_CONFIG_HOME", filepath.Join(home, ".config")},
		{"GOMEDIC_CACHE", filepath.Join(e.WorkDir, "gomedic-cache")},
		{"GOMODCACHE", sb.goEnv["GOMODCACHE"]}, {"GOCACHE", sb.goEnv["GOCACHE"]},
		{"GOROOT_REAL", sb.goEnv["GOROOT"]}, {"GOBIN_DEFAULT", filepath.Join(home, "go", "bin")},
		{"SHELL", "/bin/bash"}, {"NO_COLOR", "1"},
		// The shared test data beside the repository (../shared), for scenarios guarded by [shared].
		{"SHARED", sharedDir()},
		{host.TimeoutScaleVar, testtools.TimeoutScale()},
		{"SYSBIN", sb.sysBin},
	} {
		e.Setenv(kv[0], kv[1])
	}
	// testscript starts from an empty environment; these are set empty all the same, so that a
	// scenario that names one starts from the go command's default.
	for _, k := range []string{"GOFLAGS", "GOENV", "GOPATH", "GOBIN", "GO111MODULE", "GOTOOLCHAIN", "GOROOT", "CGO_ENABLED", "CC",
		"GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOWORK",
		"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy"} {
		e.Setenv(k, "")
	}
	// testscript's own bin directory, which holds only gomedic, comes first in the PATH it starts
	// with; the rest of that PATH is the machine's and is dropped.
	scriptBin, _, _ := strings.Cut(e.Getenv("PATH"), string(os.PathListSeparator))
	e.Setenv("GOMEDIC_BIN", scriptBin)
	e.Setenv("PATH", sb.scenarioPath(scriptBin))
	checkWordsAtEnd(e)
	return nil
}

// TestSandboxHoldsNoGoOrEditorTool checks that the system programs a scenario finds on PATH
// include no go command and no editor tool gomedic looks for: scenarios install those themselves.
func TestSandboxHoldsNoGoOrEditorTool(t *testing.T) {
	sb := newSandbox(t)
	entries, err := os.ReadDir(sb.sysBin)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".exe")
		if name == "go" || name == "gofmt" || toolset.Lookup(name) != nil {
			t.Errorf("the scenarios' PATH holds %s: remove it from sysPrograms", name)
		}
	}
	if len(entries) == 0 && runtime.GOOS != "windows" {
		t.Errorf("no system program linked into %s: is PATH empty?", sb.sysBin)
	}
}
