package watch

import (
	"path"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// editorExes maps the base name of a VS Code-family editor's executable (its Linux binary, or on
// macOS the app's main and helper executables up to " Helper") to the editor's name: the
// extension host that starts gopls and dlv runs that executable.
var editorExes = map[string]string{
	"code": "Code", "code-oss": "Code", "electron": "Code",
	"code-insiders": "Code - Insiders", "code - insiders": "Code - Insiders",
	"codium": "VSCodium", "vscodium": "VSCodium",
	"cursor": "Cursor", "windsurf": "Windsurf",
	"antigravity": "Antigravity", "trae": "Trae",
	"code-server": "code-server",
}

// remoteServers are the folders a VS Code-family editor's remote server is installed in on the
// machine it serves (Remote-SSH, WSL, Dev Containers): its node runs the extension host there.
var remoteServers = map[string]string{
	".vscode-server": "Code", ".vscode-server-insiders": "Code - Insiders", ".vscodium-server": "VSCodium",
	".cursor-server": "Cursor", ".windsurf-server": "Windsurf",
}

// shells are the programs that mean a process was started by hand in a terminal.
var shells = map[string]bool{
	"sh": true, "bash": true, "zsh": true, "fish": true, "dash": true, "ksh": true, "tcsh": true,
	"nu": true, "pwsh": true, "powershell": true, "cmd": true, "tmux": true, "screen": true,
}

// reapers are the programs orphans are re-parented to: init and the per-user service managers
// (subreapers), and the init of a container.
var reapers = map[string]bool{
	"systemd": true, "init": true, "launchd": true, "tini": true, "dumb-init": true, "docker-init": true,
}

// exeName is the lower-case base name of p's executable, without .exe and without a macOS
// helper's suffix ("Code Helper (Plugin)" is "code").
func exeName(p host.ProcInfo) string {
	n := strings.ToLower(strings.TrimSuffix(p.Name(), ".exe"))
	if i := strings.Index(n, " helper"); i > 0 {
		n = n[:i]
	}
	return n
}

// editorOf walks p's ancestors and names the first editor or shell among them: the editor's
// name, "terminal", or "" when there is neither (an orphan, a service).
func editorOf(p host.ProcInfo, byPid map[int]host.ProcInfo) string {
	seen := map[int]bool{p.Pid: true}
	for pid := p.PPid; pid > 1 && !seen[pid]; {
		seen[pid] = true
		a, ok := byPid[pid]
		if !ok {
			return ""
		}
		n := exeName(a)
		if ed, ok := editorExes[n]; ok {
			return ed
		}
		if ed := editorByPath(a.Exe); ed != "" {
			return ed
		}
		if shells[n] {
			return "terminal"
		}
		pid = a.PPid
	}
	return ""
}

// editorByPath recognises an editor from the folders its executable sits in (an AppImage's
// mount, /usr/share/cursor/...): the first folder named after an editor.
func editorByPath(exe string) string {
	for _, dir := range strings.Split(path.Dir(strings.ReplaceAll(exe, `\`, "/")), "/") {
		d := strings.ToLower(dir)
		d = strings.TrimSuffix(d, ".app")
		if ed, ok := editorExes[d]; ok && d != "electron" {
			return ed
		}
		if d == "visual studio code" || strings.HasPrefix(d, "vscode-linux") {
			return "Code"
		}
		if ed, ok := remoteServers[d]; ok {
			return ed
		}
	}
	return ""
}

// orphaned reports whether p was re-parented: its parent is init (pid 1) or a process that
// adopts orphans (a reaper), or started after p did (a parent cannot be younger than its child,
// so p's own parent is gone).
func orphaned(p host.ProcInfo, byPid map[int]host.ProcInfo) bool {
	if p.PPid <= 1 {
		return true
	}
	parent, ok := byPid[p.PPid]
	if !ok {
		return false
	}
	if reapers[exeName(parent)] {
		return true
	}
	return !parent.Start.IsZero() && !p.Start.IsZero() && parent.Start.After(p.Start)
}

// binaryState says whether the binary p runs is still the file at its path: "deleted" when the
// file is gone, "replaced" when another file has its path now, "" when it is the same.
func binaryState(h host.Host, p host.ProcInfo) string {
	if p.Exe == "" {
		return ""
	}
	fi, err := h.Stat(p.Exe)
	if err != nil {
		if p.ExeDeleted {
			return "deleted"
		}
		return ""
	}
	if p.ExeDeleted {
		return "replaced"
	}
	if id := host.DevIno(fi); id != "" && p.ExeID != "" && id != p.ExeID {
		return "replaced"
	}
	return ""
}
