package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gomedic/gomedic/internal/testproxy"
)

// proxyCmds are the testscript commands of the tools installer's scenarios.
func proxyCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"fileproxy": cmdFileproxy,
	}
}

// cmdFileproxy builds a file:// module proxy in $WORK/proxy from module sources in SRCDIR, laid out
// as <module path>@<version>/<files> (example.com/hello@v1.0.0/go.mod, .../main.go), and sets VAR
// to its GOPROXY URL:
//
//	fileproxy SRCDIR VAR
//
// Scripts that use it also set GOFLAGS=-modcacherw, GOMODCACHE in $WORK, and GONOSUMDB (or
// GOSUMDB=off) for the proxy's module paths, so that the go command neither asks the checksum
// database about them nor leaves a read-only module cache behind.
func cmdFileproxy(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: fileproxy SRCDIR VAR")
	}
	goproxy, err := testproxy.Build(ts.MkAbs("proxy"), os.DirFS(ts.MkAbs(args[0])))
	ts.Check(err)
	ts.Setenv(args[1], goproxy)
}

// TestFileproxyCommand runs fileproxy in a script of its own: the go command lists, resolves and
// installs through the proxy it builds.
func TestFileproxyCommand(t *testing.T) {
	goEnv := realGoEnv(t)
	dir := t.TempDir()
	script := `fileproxy mods GOPROXY
env GOFLAGS=-modcacherw
env GOMODCACHE=$WORK/modcache
env GONOSUMDB=example.com
env GOTOOLCHAIN=local
env GOWORK=off
env GO111MODULE=on
env GOBIN=$WORK/bin
exec go list -m -versions example.com/hello
stdout '^example.com/hello v1.0.0 v1.1.0$'
exec go list -m example.com/hello@latest
stdout '^example.com/hello v1.1.0$'
exec go install example.com/hello/v2/cmd/hello@latest
exec $WORK/bin/hello
stderr '^hello v2$'

# Building again adds to the proxy.
fileproxy more GOPROXY
exec go list -m -versions example.com/hello
stdout '^example.com/hello v1.0.0 v1.1.0 v1.2.0$'

-- mods/example.com/hello@v1.0.0/go.mod --
module example.com/hello
-- mods/example.com/hello@v1.1.0/go.mod --
module example.com/hello
-- mods/example.com/hello/v2@v2.0.0/go.mod --
module example.com/hello/v2

go 1.22
-- mods/example.com/hello/v2@v2.0.0/cmd/hello/main.go --
package main

func main() { println("hello v2") }
-- more/example.com/hello@v1.0.0/go.mod --
module example.com/hello
-- more/example.com/hello@v1.1.0/go.mod --
module example.com/hello
-- more/example.com/hello@v1.2.0/go.mod --
module example.com/hello
`
	if err := os.WriteFile(filepath.Join(dir, "fileproxy.txtar"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  dir,
		Cmds: proxyCmds(),
		Setup: func(e *testscript.Env) error {
			e.Setenv("GOCACHE", goEnv["GOCACHE"])
			return nil
		},
	})
}
