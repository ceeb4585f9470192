package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// Daemon is one shared gopls (`gopls serve -listen=unix;<Socket>`) for all editor windows,
// supervised: restarted with a growing delay when it dies, with its memory limit, each start
// and end recorded. Editors reach it through forwarders started with -remote=unix;<Socket>:
// gopls's forwarder (gopls/internal/lsprpc) dials the socket and, at initialize, adds its own
// `go env` values to the session's environment, so the daemon runs the go command the way
// the editor's environment says (but with the go found on the daemon's own PATH).
type Daemon struct {
	H     host.Host
	Gopls string
	// Socket is the Unix socket's path, or with TCP (always on Windows) the loopback address
	// "127.0.0.1:port" (port 0 until Resolve picks a free one).
	Socket string
	// TCP makes the daemon listen on a loopback TCP address, as it does on Windows, which has
	// no Unix sockets gopls can listen on.
	TCP bool
	// MemoryLimit becomes the daemon's GOMEMLIMIT (0: none).
	MemoryLimit int64
	// Env is the daemon's environment (nil: the host's).
	Env []string
	// Journal, when set, is the file each start and end is appended to (JSON lines, capped).
	Journal string
	// MinBackoff and MaxBackoff bound the delay before a restart; it doubles after each death
	// that came less than StableAfter after its start.
	MinBackoff, MaxBackoff, StableAfter time.Duration
}

// DaemonEvent is a start or an end of the supervised gopls (result.DaemonEvent).
type DaemonEvent = result.DaemonEvent

// daemonLifetime bounds one run of the daemon (host.Start's timeout): longer than any session.
const daemonLifetime = 100 * 365 * 24 * time.Hour

// maxJournalBytes caps the daemon's journal; it restarts from empty past it.
const maxJournalBytes = 256 << 10

// Network is how the daemon listens: "tcp" (a loopback address) or "unix" (a socket file).
func (d *Daemon) Network() string {
	if d.TCP || d.H.OS() == "windows" {
		return "tcp"
	}
	return "unix"
}

// address is the daemon's address as gopls's -listen and -remote flags take it: gopls reads a
// value prefixed "unix;" as a Unix socket's path and any other as a TCP address
// (gopls/internal/lsprpc).
func (d *Daemon) address() string {
	if d.Network() == "tcp" {
		return d.Socket
	}
	return "unix;" + d.Socket
}

// RemoteFlag is the go.languageServerFlags value that points an editor's gopls at the daemon.
func (d *Daemon) RemoteFlag() string { return "-remote=" + d.address() }

// listenFlag is the daemon's own -listen flag.
func (d *Daemon) listenFlag() string { return "-listen=" + d.address() }

// Resolve checks a TCP address and picks a free port for port 0, once, so that every restart
// listens where the editors' -remote value points. The address must be loopback: gopls's daemon
// serves anyone who connects, with the user's files and go command.
func (d *Daemon) Resolve() error {
	if d.Network() != "tcp" {
		return nil
	}
	hostPart, port, err := net.SplitHostPort(d.Socket)
	if err != nil {
		return fmt.Errorf("reading the daemon's address %q: %w; give host:port, such as 127.0.0.1:37400", d.Socket, err)
	}
	if ip := net.ParseIP(hostPart); hostPart != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("the daemon's address %s is not a loopback address: anyone who reaches it could use gopls with your files; listen on 127.0.0.1", d.Socket)
	}
	if port != "0" {
		return nil
	}
	l, err := net.Listen("tcp", d.Socket)
	if err != nil {
		return fmt.Errorf("finding a free port on %s: %w", hostPart, err)
	}
	d.Socket = l.Addr().String()
	return l.Close()
}

// Run keeps the daemon running until ctx ends, calling emit with each event.
func (d *Daemon) Run(ctx context.Context, emit func(DaemonEvent)) error {
	delay := d.MinBackoff
	for {
		if err := d.clearStaleSocket(); err != nil {
			return err
		}
		start := time.Now()
		res, err := d.runOnce(ctx, emit)
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			d.record(emit, DaemonEvent{Event: "stopped"})
			return nil
		}
		if time.Since(start) >= d.StableAfter {
			delay = d.MinBackoff
		}
		d.record(emit, DaemonEvent{Event: "exited", Pid: res.pid, Cause: res.cause})
		d.record(emit, DaemonEvent{Event: "restarting", Delay: delay.String()})
		select {
		case <-ctx.Done():
			d.record(emit, DaemonEvent{Event: "stopped"})
			return nil
		case <-time.After(delay):
		}
		delay = min(2*delay, d.MaxBackoff)
	}
}

type daemonEnd struct {
	pid   int
	cause string
}

// runOnce starts gopls and waits for it to end.
func (d *Daemon) runOnce(ctx context.Context, emit func(DaemonEvent)) (daemonEnd, error) {
	env := d.Env
	if env == nil {
		env = d.H.Env().Environ()
	}
	if d.MemoryLimit > 0 {
		env = append(env, "GOMEMLIMIT="+strconv.FormatInt(d.MemoryLimit, 10))
	}
	proc, err := d.H.Start(ctx, host.Cmd{Path: d.Gopls, Args: []string{"serve", d.listenFlag()}, Env: env, Timeout: daemonLifetime})
	if err != nil {
		return daemonEnd{}, fmt.Errorf("starting the gopls daemon: %w; install gopls (gomedic tools install gopls) or pass its path", err)
	}
	go func() { _, _ = io.Copy(io.Discard, proc.Stdout) }()
	d.record(emit, DaemonEvent{Event: "started", Pid: proc.Pid})
	res := proc.Wait()
	return daemonEnd{pid: proc.Pid, cause: endCause(res)}, nil
}

// signalNames are the signals' names for the descriptions Go gives them (syscall.Signal's
// String, which host.Result.Signal holds).
var signalNames = map[string]string{
	"killed": "SIGKILL", "terminated": "SIGTERM", "interrupt": "SIGINT", "aborted": "SIGABRT",
	"segmentation fault": "SIGSEGV", "bus error": "SIGBUS", "hangup": "SIGHUP", "quit": "SIGQUIT",
}

// endCause says how a process ended, in words.
func endCause(r *host.Result) string {
	switch {
	case r.Signal != "":
		if name, ok := signalNames[r.Signal]; ok {
			return "killed by " + name
		}
		return "killed by signal " + r.Signal
	case r.ExitCode >= 0:
		return "exit status " + strconv.Itoa(r.ExitCode)
	case r.Err != nil:
		return r.Err.Error()
	}
	return "ended"
}

// clearStaleSocket removes a socket file nothing listens on any more (a daemon that was
// killed leaves it, and listening on it again fails with "address already in use"); a socket
// something answers on is another daemon's, and an error.
func (d *Daemon) clearStaleSocket() error {
	if d.Network() == "tcp" {
		return d.checkPortFree()
	}
	fi, err := os.Lstat(d.Socket)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(filepath.Dir(d.Socket), 0o700)
	}
	if err != nil {
		return fmt.Errorf("checking the daemon's socket: %w", err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%s is not a socket; remove it or pass another --socket", d.Socket)
	}
	if c, err := net.DialTimeout("unix", d.Socket, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("a server already listens on %s: another gomedic watch --daemon (or gopls) runs; stop it or pass another --socket", d.Socket)
	}
	return os.Remove(d.Socket)
}

// checkPortFree fails when something already answers on the daemon's TCP address.
func (d *Daemon) checkPortFree() error {
	if c, err := net.DialTimeout("tcp", d.Socket, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("a server already listens on %s: another gomedic watch --daemon (or gopls) runs; stop it or pass another --listen", d.Socket)
	}
	return nil
}

// record stamps an event, appends it to the journal and passes it on.
func (d *Daemon) record(emit func(DaemonEvent), e DaemonEvent) {
	e.Time = time.Now()
	if d.Journal != "" {
		d.appendJournal(e)
	}
	emit(e)
}

// appendJournal appends one JSON line to the journal, starting it over past its cap.
func (d *Daemon) appendJournal(e DaemonEvent) {
	data, err := json.Marshal(e)
	if err != nil {
		return
	}
	if fi, err := os.Stat(d.Journal); err == nil && fi.Size() > maxJournalBytes {
		_ = os.Remove(d.Journal)
	}
	if err := os.MkdirAll(filepath.Dir(d.Journal), 0o700); err != nil {
		return
	}
	f, err := os.OpenFile(d.Journal, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = f.Write(append(data, '\n'))
}
