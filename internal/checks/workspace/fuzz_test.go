package workspace

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// modFilesHost is a Linux machine with go 1.26.8 and a workspace /w whose go.mod and go.work hold
// gomod and gowork (a nil one is not there), beside a module ./a and a package in /w/cmd.
func modFilesHost(gomod, gowork []byte) *host.Fake {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/ana"
	h.Environ = []string{"PATH=/usr/local/go/bin:/usr/bin", "HOME=/home/ana"}
	h.AddFile("/usr/local/go/bin/go", []byte("x"), 0o755)
	h.AddFile("/usr/local/go/VERSION", []byte("go1.26.8\ntime 2026-01-01T00:00:00Z\n"), 0o644)
	h.AddFile("/w/cmd/main.go", []byte("package main\n"), 0o644)
	h.AddFile("/w/a/go.mod", []byte("module example.com/a\n\ngo 1.25\n"), 0o644)
	h.AddFile("/w/a/a.go", []byte("package a\n"), 0o644)
	goenv := map[string]string{"GOROOT": "/usr/local/go", "GOPATH": "/home/ana/go", "GOVERSION": "go1.26.8",
		"GOMODCACHE": "/home/ana/go/pkg/mod", "GOTOOLCHAIN": "auto", "GOMOD": "/dev/null"}
	if gomod != nil {
		h.AddFile("/w/go.mod", gomod, 0o644)
		goenv["GOMOD"] = "/w/go.mod"
	}
	if gowork != nil {
		h.AddFile("/w/go.work", gowork, 0o644)
		goenv["GOWORK"] = "/w/go.work"
	}
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": func(c host.Cmd) *host.Result {
		if len(c.Args) >= 2 && c.Args[0] == "env" && c.Args[1] == "-json" {
			data, _ := json.Marshal(goenv)
			return &host.Result{Stdout: data}
		}
		return &host.Result{ExitCode: 1, Stderr: []byte("go: not in this test\n")}
	}}
	return h
}

// FuzzModFiles: whatever a go.mod and a go.work hold, the checks that read them (ws.module,
// ws.gowork, ws.go_directive, the ignore directives of the package walk) and the facts read from
// them (the workspace's go line) never panic, do work (bytes allocated) that follows the files'
// size, and give each folder a verdict with a title; a failure says what is wrong.
func FuzzModFiles(f *testing.F) {
	for _, seed := range []struct{ gomod, gowork string }{
		{"module example.com/w\n\ngo 1.25\n", ""},
		{"module example.com/w\n\ngo 1.99\ntoolchain go1.99.1\n\nrequire example.com/a v0.0.0\nreplace example.com/a => ./a\n", "go 1.25\n\nuse (\n\t.\n\t./a\n)\n"},
		{"module example.com/w // c\n\ngo 1.21rc1\ntoolchain default\nignore (\n\t./cmd\n\tnode_modules\n)\ntool example.com/a/cmd/x\n", "go 1.26\nuse ./missing\nuse ./a\nuse ./a\n"},
		{"go 1.22.0\n", "go 1.2x\ntoolchain local\n"},
		{"module \"example.com/q\"\ngo 1.22.0 // comment\nexclude example.com/a v1.0.0\nretract [v1.0.0, v1.9.9]\n", "use \"/abs/path\"\ngodebug default=go1.21\n"},
		{"module x\ngo 1.22\ngodebug (\n\tpanicnil=1\n)\n", "\x00"},
		{"module example.com/w\ngo 1.22\ngo 1.23\n", "go 1.22\ngo 1.23\n"},
	} {
		f.Add([]byte(seed.gomod), []byte(seed.gowork), seed.gowork != "")
	}
	f.Fuzz(func(t *testing.T, gomod, gowork []byte, withWork bool) {
		if !withWork {
			gowork = nil
		}
		fx := facts.New(context.Background(), modFilesHost(gomod, gowork), "/w", time.Minute)
		fx.Offline = true
		fx.GoEnv() // runs the fake go env: not the work measured
		var parts []part
		testtools.LinearAlloc(t, len(gomod)+len(gowork), func() {
			parts = []part{moduleFolder(fx, "/w"), goworkFolder(fx, "/w"), directiveFolder(fx, "/w")}
			ignoredByGoMod(fx, "/w", "/w/cmd")
			fx.WorkspaceGo()
		})
		for i, p := range parts {
			if p.title == "" {
				t.Fatalf("check %d: a %s with no title", i, p.status)
			}
			if p.status == finding.Fail && p.detail == "" {
				t.Fatalf("check %d: %q fails and says nothing more", i, p.title)
			}
		}
	})
}
