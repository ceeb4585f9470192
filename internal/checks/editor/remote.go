package editor

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/vscode"
)

// remoteCheckID is the id of remoteCheck, which editor.settings.paths names as its cause.
const remoteCheckID = "editor.remote"

// remoteCheck says on which side of a remote gomedic runs, when there is a remote: the workspace's
// folders on another machine (gomedic then checks the wrong machine); a path setting that names a
// path of another machine (another OS's shape, and absent here), which the editor's tools, running
// here, cannot use; machine-scoped settings a remote window does not apply.
func remoteCheck(_ context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	if len(s.RemoteFolders) > 0 {
		return remoteWorkspace(s.RemoteFolders)
	}
	servers := serverEditors(s)
	if foreign := foreignPaths(f.Host, s); len(foreign) > 0 {
		return foreignPathsFinding(f.Host, s, foreign, servers)
	}
	if len(s.NotApplied) > 0 {
		return notAppliedFinding(s)
	}
	if len(servers) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no remote: the workspace is on this machine, and no editor's remote server is installed here"}
	}
	return finding.Finding{Status: finding.Info, Title: "this machine is a remote host of " + strings.Join(editorNames(servers), ", "),
		Detail: "Found " + serverNote(servers) + ". The editor runs the Go extension and its tools here, so gomedic's findings about this machine are the ones that count. " + remoteSettingsNote}
}

// remoteSettingsNote is how VS Code assembles a remote window's settings.
const remoteSettingsNote = "In a remote window VS Code applies the local machine's user settings (which gomedic cannot see from here), " +
	"then the remote's Machine settings (data/Machine/settings.json in the server's folder), then the workspace's and the folders'; " +
	"machine-scoped settings (go.goroot, go.gopath, go.toolsGopath, go.toolsManagement.go) are never taken from the user settings."

// serverEditors are the editors whose remote server (or whose served windows) live on this machine.
func serverEditors(s *vscode.Settings) []vscode.Editor {
	var out []vscode.Editor
	for _, e := range s.Editors {
		if e.MachineDir != "" || e.RemoteExtensionsDir != "" || e.RemoteWindow {
			out = append(out, e)
		}
	}
	return out
}

func editorNames(es []vscode.Editor) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

// serverNote says where each server keeps its settings and extensions, and its Go extension.
func serverNote(servers []vscode.Editor) string {
	var parts []string
	for _, e := range servers {
		where := filepath.Dir(e.RemoteExtensionsDir) // ~/.vscode-server, ~/.local/share/code-server
		switch {
		case e.RemoteExtensionsDir != "":
		case e.RemoteWindow:
			where = filepath.Dir(e.MachineDir)
		default:
			where = filepath.Dir(filepath.Dir(e.MachineDir)) // ~/.vscode-server/data/Machine
		}
		x := "no Go extension"
		for _, ext := range e.Extensions {
			if ext.Remote && ext.ID == vscode.GoExtensionID {
				x = "the Go extension " + ext.Version
			}
		}
		parts = append(parts, fmt.Sprintf("%s's server in %s (%s)", e.Name, where, x))
	}
	return strings.Join(parts, "; ")
}

// remoteWorkspace is the finding when the workspace's folders are on another machine.
func remoteWorkspace(folders []vscode.RemoteFolder) finding.Finding {
	first := folders[0]
	var lines, commands []string
	for _, rf := range folders {
		lines = append(lines, fmt.Sprintf("  %s (%s)", rf.URI, rf.WorkspaceFile))
		if c := remoteCommand(rf); c != "" && !slices.Contains(commands, c) {
			commands = append(commands, c)
		}
	}
	return finding.Finding{Status: finding.Warn,
		Title: fmt.Sprintf("the workspace's folders are on %s %s: the Go extension and its tools run there, not here", first.Kind, first.Host),
		Detail: fmt.Sprintf("The workspace lists folders on another machine:\n%s\nVS Code runs the Go extension, gopls, dlv and the go command on the remote side, with the remote's environment, tools and Machine settings. "+
			"gomedic checked this machine, so its findings about Go, the tools and the environment say nothing about the remote.", strings.Join(lines, "\n")),
		Fix: &finding.Fix{Summary: "Run gomedic on the remote side, in the folder: in a terminal of the remote window, or:", Commands: commands}}
}

// remoteCommand runs gomedic check in the remote folder rf from this machine, for the remotes a
// command can reach (ssh, WSL); "" for the others (containers, tunnels, codespaces).
func remoteCommand(rf vscode.RemoteFolder) string {
	switch rf.Kind {
	case "ssh-remote":
		return shell.Join([]string{"ssh", rf.Host, "cd " + shell.Quote(rf.Path) + " && gomedic check"})
	case "wsl":
		return shell.Join([]string{"wsl", "-d", rf.Host, "--cd", rf.Path, "gomedic", "check"})
	}
	return ""
}

// foreignPath is a path setting whose path is another machine's.
type foreignPath struct {
	st    vscode.Setting
	pv    vscode.PathValue
	shape string // "a Windows path", "a macOS home", ...
}

var (
	windowsPath = regexp.MustCompile(`^([A-Za-z]:[\\/]|\\\\)`)
	macHome     = regexp.MustCompile(`^/Users/[^/]+`)
	linuxHome   = regexp.MustCompile(`^/home/[^/]+`)
)

// pathShape names the kind of machine whose path p is, when it cannot be one of h's: a Windows
// path on Linux or macOS, a POSIX path on Windows, a macOS home on Linux, a Linux home on macOS;
// "" otherwise.
func pathShape(h host.Host, p string) string {
	switch h.OS() {
	case "windows":
		if strings.HasPrefix(p, "/") {
			return "a Linux or macOS path"
		}
	case "darwin":
		if windowsPath.MatchString(p) {
			return "a Windows path"
		}
		if linuxHome.MatchString(p) {
			return "a Linux home directory"
		}
	default:
		if windowsPath.MatchString(p) {
			return "a Windows path"
		}
		if macHome.MatchString(p) {
			return "a macOS home directory"
		}
	}
	return ""
}

// foreignPaths are the path settings the extension reads whose path is another machine's and does
// not exist here.
func foreignPaths(h host.Host, s *vscode.Settings) []foreignPath {
	var out []foreignPath
	for _, key := range vscode.PathKeys {
		var sts []vscode.Setting
		if key == vscode.KeyAlternateTools {
			sts = s.Merged(key)
		} else if pv, st, ok := s.PathSetting(key); ok {
			st.Paths = []vscode.PathValue{pv}
			sts = append(sts, st)
		}
		for _, st := range sts {
			for _, pv := range st.Paths {
				if shape := pathShape(h, pv.Expanded); shape != "" && !exists(h, pv.Expanded) {
					out = append(out, foreignPath{st: st, pv: pv, shape: shape})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pv.Key < out[j].pv.Key })
	return out
}

func exists(h host.Host, p string) bool {
	_, err := h.Stat(p)
	return err == nil
}

// foreignPathsFinding is the finding of path settings that name another machine's paths.
func foreignPathsFinding(h host.Host, s *vscode.Settings, foreign []foreignPath, servers []vscode.Editor) finding.Finding {
	var lines, summaries []string
	var actions []finding.Action
	var ev []finding.Evidence
	for _, fp := range foreign {
		lines = append(lines, fmt.Sprintf("%s = %q (%s:%d, %s scope) is %s, and nothing is there on this machine.", fp.pv.Key, fp.pv.Raw, fp.st.File, fp.st.Line, fp.st.Scope, fp.shape))
		ev = append(ev, settingEvidence(fp.st))
		summaries = append(summaries, settingEditSummary(fp.st, ""))
		actions = append(actions, settingEditAction(fp.st, ""))
	}
	where := "on this machine"
	if len(servers) > 0 {
		where = "here, on this remote host (" + serverNote(servers) + ")"
	}
	fd := finding.Finding{Status: finding.Fail, Evidence: ev,
		Title: fmt.Sprintf("%s names a path of another machine (%s)", foreign[0].pv.Key, foreign[0].shape),
		Detail: fmt.Sprintf("%s\nThe Go extension runs the go command and its tools %s, where such a path cannot exist: "+
			"a setting written for the machine on the other side of a remote (or by a teammate on another OS) that reached this one through the user settings, Settings Sync or a committed .vscode/settings.json. "+
			"The extension passes over a missing alternate tool and looks for the tool by name, and a missing go.goroot or go.gopath breaks every tool. %s",
			strings.Join(lines, "\n"), where, remoteSettingsNote)}
	fd.Fix = settingsFix(summaries, actions, "https://code.visualstudio.com/docs/remote/remote-overview")
	fd.Fix.Summary += "\nTo keep a value for this machine only, set it in its Machine settings (Preferences: Open Remote Settings in the remote window)."
	fd.Fix.Auto = false // removing a setting someone wrote for their machine is a choice
	return fd
}

// notAppliedFinding is the finding of machine-scoped settings in a remote window's user settings.
func notAppliedFinding(s *vscode.Settings) finding.Finding {
	var lines []string
	var ev []finding.Evidence
	for _, st := range s.NotApplied {
		lines = append(lines, fmt.Sprintf("%s (%s:%d) = %s", st.Key, st.File, st.Line, st.Value))
		ev = append(ev, settingEvidence(st))
	}
	first := s.NotApplied[0]
	machine := ""
	for _, e := range s.Editors {
		if e.Name == first.Editor && e.RemoteWindow {
			dir := e.MachineDir
			if dir == "" {
				dir = filepath.Join(filepath.Dir(e.UserDir), "Machine")
			}
			machine = filepath.Join(dir, "settings.json")
		}
	}
	return finding.Finding{Status: finding.Warn, Evidence: ev,
		Title: fmt.Sprintf("%s in %s's user settings is not applied: its windows are remote windows", first.Key, first.Editor),
		Detail: fmt.Sprintf("%s's windows are remote windows, and VS Code applies no machine-scoped setting of their user settings:\n%s\nThe Go extension runs as if they were not set.",
			first.Editor, strings.Join(lines, "\n")),
		Fix: &finding.Fix{Summary: fmt.Sprintf("Move them to the Machine settings, %s (Preferences: Open Remote Settings), or to the workspace's .vscode/settings.json.", machine)}}
}
