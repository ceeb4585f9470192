package main

import (
	"os"
	"os/exec"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gomedic/gomedic/internal/testtools"
)

// toolCmds are the testscript commands of the tools layer's scenarios.
func toolCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"truncate":  cmdTruncate,
		"buildwith": cmdBuildWith,
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
