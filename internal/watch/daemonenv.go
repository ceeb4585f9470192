package watch

import (
	"fmt"
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
	daemons := map[string]Proc{}
	for _, p := range procs {
		if p.Role == "daemon" {
			daemons[flagValue(p.Info.Argv, "listen")] = p
		}
	}
	var found []envMismatch
	for _, p := range procs {
		addr := flagValue(p.Info.Argv, "remote")
		d, ok := daemons[addr]
		if p.Role != "forwarder" || !ok || addr == "auto" || p.Info.Env == nil || d.Info.Env == nil {
			continue
		}
		found = append(found, mismatches(h, p, d)...)
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
