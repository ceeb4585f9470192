package workspace

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// This file explains what stops dlv on this kind of machine, from what dlv said and the host's
// facts: ptrace restrictions on Linux (Yama, containers, seccomp), a missing debugserver or
// Developer Mode on macOS, and Rosetta 2.

// dlvPlatform is a reason of the machine's why dlv cannot debug.
type dlvPlatform struct {
	cause    string // in a few words, for the title
	why      string // the explanation
	fix      *finding.Fix
	evidence []finding.Evidence
}

// Files and programs the explanations read.
const (
	dlvYamaScopeFile = "/proc/sys/kernel/yama/ptrace_scope"
	dlvProcStatus    = "/proc/self/status"
	dlvInitCgroup    = "/proc/1/cgroup"
	dlvCapSysPtrace  = 19
	// debugserver, as dlv looks for it (pkg/proc/gdbserial/gdbserver.go).
	dlvCLTDebugserver   = "/Library/Developer/CommandLineTools/Library/PrivateFrameworks/LLDB.framework/Versions/A/Resources/debugserver"
	dlvXcodeDebugserver = "../SharedFrameworks/LLDB.framework/Versions/A/Resources/debugserver"
	dlvDevToolsSecurity = "/usr/sbin/DevToolsSecurity"
)

// dlvPlatformReason is the platform reason for said, or nil.
func dlvPlatformReason(f *facts.Facts, said string) *dlvPlatform {
	switch {
	case strings.Contains(said, "can not run under Rosetta"):
		return dlvRosetta(f, said)
	case strings.Contains(said, "debugserver or lldb-server not found"):
		return dlvNoDebugserver(f, said)
	case strings.Contains(said, "stub exited while waiting for connection") || strings.Contains(said, "stub exited while attempting to connect"):
		return dlvDeveloperMode(f, said)
	case f.Host.OS() == "linux":
		return dlvPtrace(f, said)
	}
	return nil
}

// dlvRosetta explains dlv's refusal to run under Rosetta 2. A dlv built for Intel is
// tools.dlv.arch's failure; this is the other case: an arm64 dlv started from a terminal or shell
// that runs under Rosetta 2, which dlv detects (`uname -m` says x86_64) and refuses.
func dlvRosetta(f *facts.Facts, said string) *dlvPlatform {
	why := fmt.Sprintf("dlv said: %s. ", text.FirstLine(said))
	if f.Host.Translated() {
		why += "gomedic itself runs under Rosetta 2 here, so the terminal or shell that started it is an Intel (x86_64) program, and so is whatever the editor inherits from it."
	} else {
		why += "dlv found that the shell it runs in is emulated (uname -m says x86_64): the editor or the terminal it was started from is an Intel program."
	}
	return &dlvPlatform{cause: "it runs under Rosetta 2", why: why,
		fix: &finding.Fix{Summary: "Start the editor from a native (Apple silicon) terminal, and check that neither the terminal nor your login shell is an Intel build " +
			"(Get Info > \"Open using Rosetta\" off; `file $SHELL` lists arm64).", Docs: dlvDocsMacOS}}
}

// dlvNoDebugserver explains a Mac without the debugserver dlv launches programs with.
func dlvNoDebugserver(f *facts.Facts, said string) *dlvPlatform {
	res := f.Run(host.Cmd{Path: "xcode-select", Args: []string{"-p"}})
	ev := []finding.Evidence{doctor.Ran(res)}
	why := fmt.Sprintf("dlv said: %s. On macOS dlv debugs through Apple's debugserver, which comes with the Xcode Command Line Tools. ", text.FirstLine(said))
	fix := &finding.Fix{Summary: "Install the Xcode Command Line Tools.", Commands: []string{"xcode-select --install"}, Docs: dlvDocsMacOS}
	if !res.OK() {
		why += fmt.Sprintf("They are not installed: xcode-select -p fails (%s).", text.FirstLine(res.Output()))
		return &dlvPlatform{cause: "the Xcode Command Line Tools are not installed", why: why, fix: fix, evidence: ev}
	}
	dev := strings.TrimSpace(string(res.Stdout))
	inXcode := filepath.Join(dev, dlvXcodeDebugserver)
	why += fmt.Sprintf("xcode-select -p names %s, but neither %s nor %s exists: the tools are incomplete or the selected folder is wrong.", dev, dlvCLTDebugserver, inXcode)
	fix.Summary = "Reset the developer folder, and reinstall the Command Line Tools if debugserver is still missing."
	fix.Commands = []string{"sudo xcode-select --reset", "xcode-select --install"}
	return &dlvPlatform{cause: "debugserver is missing", why: why, fix: fix, evidence: ev}
}

// dlvDeveloperMode explains debugserver exiting at once: Developer Mode off, or a user outside the
// _developer group (over ssh, where no password dialog can appear).
func dlvDeveloperMode(f *facts.Facts, said string) *dlvPlatform {
	res := f.Run(host.Cmd{Path: dlvDevToolsSecurity, Args: []string{"-status"}})
	ev := []finding.Evidence{doctor.Ran(res)}
	out := strings.ToLower(res.Output())
	group := `sudo dseditgroup -o edit -a "$USER" -t user _developer`
	why := fmt.Sprintf("dlv said: %s. debugserver, which dlv debugs through on macOS, exited before dlv could connect to it. ", text.FirstLine(said))
	if strings.Contains(out, "disabled") {
		why += "Developer Mode is off (DevToolsSecurity -status: " + text.FirstLine(res.Output()) + "): macOS lets no program debug another without asking for an administrator's password, " +
			"and an editor's debug session has nowhere to ask."
		return &dlvPlatform{cause: "Developer Mode is off", why: why, evidence: ev,
			fix: &finding.Fix{Summary: "Turn Developer Mode on, and add yourself to the _developer group.", Commands: []string{"sudo DevToolsSecurity -enable", group}, Docs: dlvDocsMacOS}}
	}
	why += "Developer Mode is on; the usual other causes are a user outside the _developer group (always the case over ssh), and an /etc/hosts where localhost does not resolve to 127.0.0.1."
	return &dlvPlatform{cause: "debugserver exits at once", why: why, evidence: ev,
		fix: &finding.Fix{Summary: "Add yourself to the _developer group, and check that /etc/hosts maps localhost to 127.0.0.1.", Commands: []string{group}, Docs: dlvDocsMacOS}}
}

// dlvPtrace explains a launch the kernel refused to trace: Yama's ptrace_scope, a container
// without CAP_SYS_PTRACE or with a seccomp profile that denies ptrace. It returns nil when said is
// not such a refusal and ptrace_scope does not forbid tracing children.
func dlvPtrace(f *facts.Facts, said string) *dlvPlatform {
	scope, scopeEv := dlvYamaScope(f)
	eperm := strings.Contains(said, "operation not permitted")
	if !eperm && scope < 2 {
		return nil
	}
	if !eperm && !strings.Contains(said, "could not launch process") {
		return nil
	}
	status := dlvReadSmall(f, dlvProcStatus)
	capPtrace, hasCaps := dlvCapability(status, dlvCapSysPtrace)
	seccomp := dlvStatusField(status, "Seccomp")
	container, containerEv := dlvInContainer(f)
	ev := []finding.Evidence{scopeEv}
	if status != "" {
		ev = append(ev, doctor.Read(dlvProcStatus, dlvStatusExcerpt(status)))
	}
	if containerEv.File != "" {
		ev = append(ev, containerEv)
	}
	why := fmt.Sprintf("dlv said: %s. dlv debugs a program by tracing it with ptrace, and the system refused. ", text.FirstLine(said))
	persist := "echo 'kernel.yama.ptrace_scope = 1' | sudo tee /etc/sysctl.d/10-ptrace.conf"
	switch {
	case scope == 3:
		why += dlvYamaScopeFile + " is 3: no program may trace another, not even one it starts itself, and the setting cannot be lowered until the machine restarts."
		return &dlvPlatform{cause: "ptrace is disabled (kernel.yama.ptrace_scope = 3)", why: why, evidence: ev,
			fix: &finding.Fix{Summary: "Set kernel.yama.ptrace_scope to 1 (programs may trace their own children) in /etc/sysctl.d and restart the machine.", Commands: []string{persist, "sudo reboot"}, Docs: dlvDocsDebugging}}
	case scope == 2 && !(hasCaps && capPtrace):
		why += dlvYamaScopeFile + " is 2: only programs with CAP_SYS_PTRACE (root) may trace others, and the editor's dlv runs as you."
		return &dlvPlatform{cause: "ptrace is for root only (kernel.yama.ptrace_scope = 2)", why: why, evidence: ev,
			fix: &finding.Fix{Summary: "Let programs trace their own children again (kernel.yama.ptrace_scope = 1), now and after restarts.", Commands: []string{"sudo sysctl -w kernel.yama.ptrace_scope=1", persist}, Docs: dlvDocsDebugging}}
	case container != "" && (hasCaps && !capPtrace || seccomp == "2"):
		why += fmt.Sprintf("gomedic runs in a container (%s)", container)
		switch {
		case hasCaps && !capPtrace && seccomp == "2":
			why += " without the CAP_SYS_PTRACE capability and with a seccomp filter (Seccomp: 2)"
		case hasCaps && !capPtrace:
			why += " without the CAP_SYS_PTRACE capability"
		default:
			why += " with a seccomp filter (Seccomp: 2)"
		}
		why += "; container runtimes forbid ptrace unless the container is started to allow it."
		return &dlvPlatform{cause: "the container does not allow ptrace", why: why, evidence: ev,
			fix: &finding.Fix{Summary: "Start the container with ptrace allowed: docker run --cap-add=SYS_PTRACE --security-opt seccomp=unconfined; " +
				"in a dev container, add \"capAdd\": [\"SYS_PTRACE\"] and \"securityOpt\": [\"seccomp=unconfined\"] to devcontainer.json (\"runArgs\" for older versions).", Docs: dlvDocsDebugging}}
	case seccomp == "2":
		why += "gomedic itself runs under a seccomp filter (Seccomp: 2 in " + dlvProcStatus + "), set by whatever started it (a sandbox such as snap, flatpak or firejail), and dlv inherits it."
		return &dlvPlatform{cause: "a sandbox forbids ptrace", why: why, evidence: ev,
			fix: &finding.Fix{Summary: "Run the editor outside the sandbox (for VS Code, the .deb/.rpm or tarball build rather than a snap or flatpak), or allow ptrace in the sandbox's profile.", Docs: dlvDocsDebugging}}
	}
	why += "Neither Yama (" + dlvYamaScopeFile + ") nor gomedic's own capabilities and seccomp state explain it"
	if container != "" {
		why += fmt.Sprintf(" (gomedic runs in a container, %s, that allows ptrace)", container)
	}
	why += ": a security module (SELinux, AppArmor), or a sandbox or wrapper around dlv, forbids it."
	return &dlvPlatform{cause: "ptrace is not allowed", why: why, evidence: ev,
		fix: &finding.Fix{Summary: "Find the policy that denies ptrace: the audit log (sudo ausearch -m avc, or journalctl -k | grep -i -e apparmor -e denied) names it.", Docs: dlvDocsDebugging}}
}

// dlvYamaScope reads kernel.yama.ptrace_scope; -1 when there is no Yama.
func dlvYamaScope(f *facts.Facts) (int, finding.Evidence) {
	data, err := f.Host.ReadFile(dlvYamaScopeFile, 64)
	if err != nil {
		return -1, doctor.Read(dlvYamaScopeFile, "not readable: "+err.Error()+" (no Yama security module)")
	}
	v := strings.TrimSpace(string(data))
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1, doctor.Read(dlvYamaScopeFile, v)
	}
	return n, doctor.Read(dlvYamaScopeFile, v)
}

// dlvInContainer names the sign that gomedic runs in a container, or "".
func dlvInContainer(f *facts.Facts) (string, finding.Evidence) {
	for _, p := range []string{"/.dockerenv", "/run/.containerenv"} {
		if _, err := f.Host.Stat(p); err == nil {
			return p + " exists", doctor.Read(p, "exists")
		}
	}
	cg := dlvReadSmall(f, dlvInitCgroup)
	for _, word := range []string{"docker", "kubepods", "containerd", "libpod", "lxc"} {
		if strings.Contains(cg, word) {
			return dlvInitCgroup + " names " + word, doctor.Read(dlvInitCgroup, text.FirstLines(text.Printable(cg), 6))
		}
	}
	return "", finding.Evidence{}
}

func dlvReadSmall(f *facts.Facts, name string) string {
	data, err := f.Host.ReadFile(name, 64<<10)
	if err != nil {
		return ""
	}
	return string(data)
}

// dlvStatusField is the value of a "Name:\tvalue" line of /proc/PID/status.
func dlvStatusField(status, name string) string {
	for _, l := range strings.Split(status, "\n") {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// dlvCapability reports whether the effective capability set (CapEff) has bit; ok is false when
// the status has no readable CapEff.
func dlvCapability(status string, bit uint) (has, ok bool) {
	v := dlvStatusField(status, "CapEff")
	if v == "" {
		return false, false
	}
	n, err := strconv.ParseUint(v, 16, 64)
	if err != nil {
		return false, false
	}
	return n&(1<<bit) != 0, true
}

// dlvStatusExcerpt keeps the lines of /proc/self/status that the explanation reads.
func dlvStatusExcerpt(status string) string {
	var keep []string
	for _, l := range strings.Split(status, "\n") {
		for _, p := range []string{"CapEff:", "Seccomp:", "NoNewPrivs:"} {
			if strings.HasPrefix(l, p) {
				keep = append(keep, l)
			}
		}
	}
	return strings.Join(keep, "\n")
}
