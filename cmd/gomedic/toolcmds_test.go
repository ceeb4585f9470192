package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gomedic/gomedic/internal/testtools"
)

// toolCmds are the testscript commands of the tools layer's scenarios.
func toolCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"truncate":   cmdTruncate,
		"buildwith":  cmdBuildWith,
		"debugcache": cmdDebugCache,
	}
}

// cmdTruncate cuts a file down to its first N bytes, as an interrupted download or copy leaves it:
//
//	truncate FILE N
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate file bytes")
	}
	n, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil || n < 0 {
		ts.Fatalf("truncate: invalid size %q", args[1])
	}
	ts.Check(os.Truncate(ts.MkAbs(args[0]), n))
}

// cmdBuildWith builds the main package in DIR into OUT with an older Go release, the way a tool
// installed long ago was built:
//
//	buildwith GOVERSION OUT DIR
//
// It runs with the test machine's module settings and caches (testtools.BuildEnv, like crossbuild
// and pinned), so the go command takes that toolchain from the module cache, where the machine
// keeps it, and fetches it through the module proxy once when it is not there yet. The
// scenario's gomedic never reaches the network. GOFLAGS names -buildvcs=auto, the default, so
// that the version stamp a git tag gives is recorded.
func cmdBuildWith(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: buildwith goversion out dir")
	}
	env, err := testtools.BuildEnv("GOTOOLCHAIN="+args[0], "GOFLAGS=-buildvcs=auto", "CGO_ENABLED=0")
	ts.Check(err)
	cmd := exec.Command("go", "build", "-o", ts.MkAbs(args[1]), ".")
	cmd.Dir = ts.MkAbs(args[2])
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		ts.Fatalf("buildwith %s: %v\n%s", args[0], err, out)
	}
}

// debugCacheMain imports what the program ws.dlv debugs imports (dlvScratchSource in
// internal/checks/workspace): building it with dlv's flags compiles the same packages.
const debugCacheMain = `package main

import (
	"os"
	"strconv"
)

func main() { _ = os.WriteFile(os.DevNull, []byte(strconv.Itoa(os.Getpid())), 0o644) }
`

// debugCacheMu lets one scenario at a time fill the build cache: the go command does not share a
// build under way with another process, so scenarios that need the same packages wait for the
// first and then find them in the cache instead of compiling them each.
var debugCacheMu sync.Mutex

// cmdDebugCache builds, in the script's environment (its go, GOFLAGS, GOARCH, GOCACHE), a program
// that imports what ws.dlv's scratch program imports, with dlv's flags (-gcflags all=-N -l), so
// that the packages dlv builds for the probe are in the build cache and only the program itself
// is left to build within the probe's time. A cold build cache (the first run on a machine, or
// a new GOARCH, GOFLAGS=-trimpath or Go release) then costs the scenario time, never its
// verdict. Like exec, it leaves the go command's output in stdout and stderr.
//
//	debugcache
func cmdDebugCache(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: debugcache")
	}
	dir, err := os.MkdirTemp(ts.Getenv("TMPDIR"), "debugcache")
	ts.Check(err)
	defer os.RemoveAll(dir)
	ts.Check(os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module gomedic.invalid/debugcache\n\ngo 1.18\n"), 0o644))
	ts.Check(os.WriteFile(filepath.Join(dir, "main.go"), []byte(debugCacheMain), 0o644))
	debugCacheMu.Lock()
	defer debugCacheMu.Unlock()
	if err := ts.Exec("go", "build", "-C", dir, "-gcflags", "all=-N -l", "-o", os.DevNull, "."); err != nil {
		ts.Fatalf("debugcache: %v\n%s", err, ts.ReadFile("stderr"))
	}
}
