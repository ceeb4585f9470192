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
	testDaemonRestarts(t, func(dir string) *Daemon { return &Daemon{Socket: filepath.Join(dir, "d.sock")} })
}

// TestDaemonTCPRestartsAfterSIGKILL is the same on a loopback TCP port, the way the daemon
// listens on Windows: port 0 becomes a free port once, the -remote value is that address
// (gopls reads an address without "unix;" as TCP), and the restart listens on the same port.
func TestDaemonTCPRestartsAfterSIGKILL(t *testing.T) {
	var d *Daemon
	testDaemonRestarts(t, func(string) *Daemon {
		d = &Daemon{Socket: "127.0.0.1:0", TCP: true}
		return d
	})
	if !strings.HasPrefix(d.RemoteFlag(), "-remote=127.0.0.1:") || strings.HasSuffix(d.RemoteFlag(), ":0") {
		t.Errorf("RemoteFlag = %q, want -remote=127.0.0.1:PORT", d.RemoteFlag())
	}
}

func TestDaemonResolveRefusesOtherHosts(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:37400", ":37400", "192.0.2.1:1", "example.com:80", "127.0.0.1"} {
		d := &Daemon{H: host.NewReal(nil), Socket: addr, TCP: true}
		if err := d.Resolve(); err == nil {
			t.Errorf("Resolve(%q) = nil, want an error", addr)
		}
	}
	d := &Daemon{H: host.NewReal(nil), Socket: "[::1]:37400", TCP: true}
	if err := d.Resolve(); err != nil || d.RemoteFlag() != "-remote=[::1]:37400" {
		t.Errorf("Resolve([::1]:37400) = %v, flag %q", err, d.RemoteFlag())
	}
}

// testDaemonRestarts runs the scenario of TestDaemonRestartsAfterSIGKILL on the daemon newDaemon
// returns for a scratch directory (its address set; the rest is filled in here).
func testDaemonRestarts(t *testing.T, newDaemon func(dir string) *Daemon) {
	gopls := testtools.Need(t, "gopls")
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	must(t, os.MkdirAll(ws, 0o755))
	must(t, os.WriteFile(filepath.Join(ws, "go.mod"), []byte("module example.com/ws\n\ngo 1.22\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(ws, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644))
	env, err := testtools.BuildEnv("HOME="+dir, "GOPROXY=off", "GOFLAGS=-mod=mod")
	must(t, err)
	h := host.NewReal(env)
	d := newDaemon(dir)
	d.H, d.Gopls, d.Env, d.MemoryLimit = h, gopls, env, 1<<30
	d.Journal, d.MinBackoff, d.MaxBackoff, d.StableAfter = filepath.Join(dir, "daemon.jsonl"), 10*time.Millisecond, 100*time.Millisecond, time.Hour
	must(t, d.Resolve())
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
		c, err := net.Dial(d.Network(), d.Socket)
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
