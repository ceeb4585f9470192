package watch

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// flagValue is the value of gopls's flag name in argv (-name=v, --name=v or -name v), "" when
// absent.
func flagValue(argv []string, name string) string {
	for i, a := range argv {
		trimmed := strings.TrimLeft(a, "-")
		if trimmed == a {
			continue
		}
		if k, v, ok := strings.Cut(trimmed, "="); ok && k == name {
			return v
		}
		if trimmed == name && i+1 < len(argv) {
			return argv[i+1]
		}
	}
	return ""
}

// envMismatch is one difference that matters between a forwarder and its daemon.
type envMismatch struct {
	fwd, daemon Proc
	what        string
}

// DaemonEnv reports forwarders whose environment differs from their daemon's where the
// forwarder cannot carry it over. At initialize, gopls's forwarder adds the values of its own
// `go env` to the session (gopls/internal/lsprpc, addGoEnvToInitializeRequest), so GOFLAGS,
// GOPROXY and the other go env variables follow the editor; but the daemon runs the go command
// found on its own PATH, and GOWORK is passed on only when the forwarder's environment sets it.
func DaemonEnv(h host.Host, procs []Proc) finding.Finding {
	var daemons []Proc
	for _, p := range procs {
		if p.Role == "daemon" {
			daemons = append(daemons, p)
		}
	}
	var found []envMismatch
	for _, p := range procs {
		if p.Role != "forwarder" || p.Info.Env == nil {
			continue
		}
		if d, ok := daemonOf(h.OS(), p, daemons); ok && d.Info.Env != nil {
			found = append(found, mismatches(h, p, d)...)
		}
	}
	if len(found) == 0 {
		return ok(IDDaemonEnv, "every forwarder's environment agrees with its daemon's")
	}
	var whats []string
	var ps []Proc
	for _, m := range found {
		whats = append(whats, fmt.Sprintf("pid %d: %s", m.fwd.Pid, m.what))
		ps = append(ps, m.fwd, m.daemon)
	}
	return finding.Finding{
		ID: IDDaemonEnv, Layer: finding.LayerWatch, Status: finding.Warn,
		Title: "A shared gopls daemon runs with another environment than the editor that uses it: " + strings.Join(whats, "; "),
		Detail: "The forwarder passes its go env values to the daemon, but the daemon runs the go command found on its " +
			"own PATH, and GOWORK only when the editor sets it: builds, diagnostics and the Go version differ from the terminal's.",
		Evidence: []finding.Evidence{procEvidence(ps)},
		Fix: &finding.Fix{
			Summary: "Restart the daemon from the editor's environment (the same PATH and GOWORK): stop `gomedic watch --daemon` " +
				"and start it again from a shell that has them, or set GOWORK in the editor's go.toolsEnvVars",
		},
	}
}

// daemonOf is the daemon among daemons that the forwarder fwd dials, resolving its -remote
// address as gopls does (internal/lsprpc: ParseAddr, autoDialer): "unix;PATH" is a socket (a
// relative PATH from the forwarder's directory, the daemon's from its own), anything else a TCP
// address, where a daemon listening on all interfaces or loopback answers any loopback name for
// its port; "auto" (or "auto;ID") is the daemon the forwarder starts itself, its executable
// listening on a socket named after the binary, a hash of it, the user and ID, in
// $XDG_RUNTIME_DIR or the temporary directory (":37374" on Windows).
func daemonOf(goos string, fwd Proc, daemons []Proc) (Proc, bool) {
	remote := flagValue(fwd.Info.Argv, "remote")
	network, id := parseAddr(remote)
	for _, d := range daemons {
		listen := flagValue(d.Info.Argv, "listen")
		switch {
		case network != "auto":
			if addrKey(remote, fwd.Info.Cwd) == addrKey(listen, d.Info.Cwd) {
				return d, true
			}
		case goos == "windows":
			if id == "" && addrKey(listen, "") == addrKey(":37374", "") && d.Info.Exe == fwd.Info.Exe {
				return d, true
			}
		default:
			if autoSocket(fwd.Info, id, listen) && d.Info.Exe == fwd.Info.Exe {
				return d, true
			}
		}
	}
	return Proc{}, false
}

// parseAddr splits a gopls address into its network and address, as lsprpc.ParseAddr does.
func parseAddr(addr string) (network, rest string) {
	if addr == "auto" {
		return "auto", ""
	}
	if n, a, ok := strings.Cut(addr, ";"); ok {
		return n, a
	}
	return "tcp", addr
}

// addrKey is what a gopls address reaches, for comparing a -remote with a -listen: "" for none.
func addrKey(addr, cwd string) string {
	if addr == "" {
		return ""
	}
	network, a := parseAddr(addr)
	switch network {
	case "unix":
		if !filepath.IsAbs(a) && cwd != "" {
			a = filepath.Join(cwd, a)
		}
		return "unix;" + filepath.Clean(a)
	case "tcp", "tcp4", "tcp6":
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			return "tcp;" + a
		}
		switch strings.ToLower(host) {
		case "", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::":
			host = "" // this machine: a daemon on all interfaces answers a loopback dial
		}
		return "tcp;" + strings.ToLower(host) + ":" + port
	}
	return network + ";" + a
}

// autoSocket reports whether listen is the socket a forwarder started with -remote=auto (or
// auto;id) dials: lsprpc's autoNetworkAddressPosix puts it in $XDG_RUNTIME_DIR, else the
// temporary directory, named BINARY-HASH-daemon.USER[-ID], HASH six hex digits of the binary's
// build ID.
func autoSocket(fwd host.ProcInfo, id, listen string) bool {
	network, sock := parseAddr(listen)
	if network != "unix" || fwd.Exe == "" {
		return false
	}
	dir := fwd.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = fwd.Getenv("TMPDIR")
	}
	if dir == "" {
		dir = "/tmp"
	}
	user := fwd.Getenv("USER")
	if user == "" {
		user = "shared"
	}
	if id != "" {
		user += "-" + id
	}
	if filepath.Clean(filepath.Dir(sock)) != filepath.Clean(dir) {
		return false
	}
	hash, ok := strings.CutPrefix(filepath.Base(sock), filepath.Base(fwd.Exe)+"-")
	if !ok {
		return false
	}
	hash, ok = strings.CutSuffix(hash, "-daemon."+user)
	return ok && len(hash) == 6 && strings.Trim(hash, "0123456789abcdef") == ""
}

// mismatches compares the go on PATH and GOWORK of a forwarder and its daemon.
func mismatches(h host.Host, fwd, d Proc) []envMismatch {
	var out []envMismatch
	if a, b := goOnPath(h, fwd.Info), goOnPath(h, d.Info); a != b && a != "" && b != "" {
		out = append(out, envMismatch{fwd, d, fmt.Sprintf("the editor's go is %s, the daemon's %s", a, b)})
	}
	if dw := d.Info.Getenv("GOWORK"); dw != "" && !hasEnv(fwd.Info, "GOWORK") {
		out = append(out, envMismatch{fwd, d, fmt.Sprintf("the daemon has GOWORK=%s, which the editor does not set", dw)})
	}
	return out
}

func hasEnv(p host.ProcInfo, key string) bool {
	for _, kv := range p.Env {
		if strings.HasPrefix(kv, key+"=") {
			return true
		}
	}
	return false
}

// goOnPath is the go command the process's PATH finds, symlinks resolved; "" when none.
func goOnPath(h host.Host, p host.ProcInfo) string {
	exe, err := host.LookPath(h, "go", p.Getenv("PATH"), p.Getenv("PATHEXT"))
	if err != nil {
		return ""
	}
	if real, err := h.EvalSymlinks(exe); err == nil {
		return real
	}
	return filepath.Clean(exe)
}
