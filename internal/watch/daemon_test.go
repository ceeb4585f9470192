//go:build linux

package watch

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/lsp"
	"github.com/gomedic/gomedic/internal/testtools"
)

// TestDaemonRestartsAfterSIGKILL runs the pinned gopls as the supervised daemon, has an
// editor-side forwarder (gopls -remote=unix;...) load a module through it, kills the daemon with
// SIGKILL, and checks that the supervisor records the cause, starts it again and that a new
// forwarder loads the module again.
func TestDaemonRestartsAfterSIGKILL(t *testing.T) {
	gopls := testtools.Need(t, "gopls")
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	must(t, os.MkdirAll(ws, 0o755))
	must(t, os.WriteFile(filepath.Join(ws, "go.mod"), []byte("module example.com/ws\n\ngo 1.22\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(ws, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644))
	env, err := testtools.BuildEnv("HOME="+dir, "GOPROXY=off", "GOFLAGS=-mod=mod")
	must(t, err)
	h := host.NewReal(env)
	d := &Daemon{H: h, Gopls: gopls, Socket: filepath.Join(dir, "d.sock"), Env: env, MemoryLimit: 1 << 30,
		Journal: filepath.Join(dir, "daemon.jsonl"), MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, StableAfter: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan DaemonEvent, 16)
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, func(e DaemonEvent) { events <- e }) }()
	stopped := false
	defer func() {
		if !stopped {
			cancel()
			<-done
		}
	}()

	first := next(t, events, "started")
	probeThrough(t, h, d, gopls, ws, env)
	must(t, syscall.Kill(first.Pid, syscall.SIGKILL))
	if e := next(t, events, "exited"); e.Cause != "killed by SIGKILL" || e.Pid != first.Pid {
		t.Errorf("exit recorded as %+v", e)
	}
	second := next(t, events, "started")
	if second.Pid == first.Pid {
		t.Fatal("the daemon was not started again")
	}
	probeThrough(t, h, d, gopls, ws, env)

	cancel()
	stopped = true
	must(t, <-done)
	if syscall.Kill(second.Pid, 0) == nil && !zombie(second.Pid) {
		t.Errorf("the daemon (pid %d) outlived its supervisor", second.Pid)
	}
	journal, err := os.ReadFile(d.Journal)
	must(t, err)
	for _, want := range []string{`"event":"started"`, `"cause":"killed by SIGKILL"`, `"event":"restarting"`, `"event":"stopped"`} {
		if !strings.Contains(string(journal), want) {
			t.Errorf("the journal lacks %s:\n%s", want, journal)
		}
	}
}

// probeThrough waits for the daemon's socket and has a forwarder load ws through it.
func probeThrough(t *testing.T, h host.Host, d *Daemon, gopls, ws string, env []string) {
	t.Helper()
	deadline := time.Now().Add(testtools.Timeout(30 * time.Second))
	for {
		c, err := net.Dial("unix", d.Socket)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon never listened on %s: %v", d.Socket, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	r := lsp.Probe(context.Background(), lsp.Config{Host: h, Path: gopls, Args: []string{d.RemoteFlag()}, Env: env, Dir: ws,
		Folders: []string{ws}, Timeout: testtools.Timeout(60 * time.Second), ClientName: "gomedic-test"})
	if r.Failure != nil || !strings.HasPrefix(r.Server, "gopls") || r.Packages < 1 {
		t.Fatalf("the forwarder did not load the module through the daemon: phase %s, failure %v, server %q, packages %d", r.Phase, r.Failure, r.Server, r.Packages)
	}
}

// next waits for the next event of kind, skipping others.
func next(t *testing.T, events <-chan DaemonEvent, kind string) DaemonEvent {
	t.Helper()
	timeout := time.After(testtools.Timeout(60 * time.Second))
	for {
		select {
		case e := <-events:
			if e.Event == kind {
				return e
			}
		case <-timeout:
			t.Fatalf("no %s event", kind)
		}
	}
}

func zombie(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	i := strings.LastIndexByte(string(data), ')')
	return i > 0 && i+2 < len(data) && data[i+2] == 'Z'
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
