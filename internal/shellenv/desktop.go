package shellenv

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// Desktop is the environment programs started from the desktop (the Dock, an application menu, a
// file manager) get before any shell runs.
type Desktop struct {
	// Source says where it was read: "the systemd user manager (systemctl --user show-environment)".
	Source string
	// Env is the environment read, or nil when it could not be read (Reason says why).
	Env    *host.Env
	Reason string
	// Results are the commands run, for evidence.
	Results []*host.Result
}

// LaunchdPath is the PATH launchd gives applications on macOS when nothing set one with
// `launchctl setenv PATH` or `launchctl config user path`.
const LaunchdPath = "/usr/bin:/bin:/usr/sbin:/sbin"

// ReadDesktop reads the desktop environment on h: on macOS launchd's (`launchctl getenv NAME` for PATH
// and each of names: launchd keeps no list to print), elsewhere on Unix the systemd user manager's
// (`systemctl --user show-environment`: on systemd systems the desktop session's applications are
// started with it, and desktop sessions import their environment into it). Windows has no such
// separate environment: its Env is nil.
func ReadDesktop(ctx context.Context, h host.Host, names []string, timeout time.Duration) *Desktop {
	switch h.OS() {
	case "windows":
		return &Desktop{Reason: "Windows programs get the user and system environment from the registry, wherever they are started"}
	case "darwin":
		return readLaunchd(ctx, h, names, timeout)
	}
	return readSystemd(ctx, h, timeout)
}

func readSystemd(ctx context.Context, h host.Host, timeout time.Duration) *Desktop {
	d := &Desktop{Source: "the systemd user manager (systemctl --user show-environment)"}
	if why := noUserManager(h); why != "" {
		d.Reason = why
		return d
	}
	res := h.Run(ctx, host.Cmd{Path: "systemctl", Args: []string{"--user", "show-environment"}, Timeout: timeout})
	d.Results = append(d.Results, res)
	if !res.OK() {
		d.Reason = "systemctl --user show-environment failed: " + outputLine(res)
		return d
	}
	var pairs []string
	for _, line := range strings.Split(string(res.Stdout), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && k != "" {
			pairs = append(pairs, k+"="+unquoteSystemd(v))
		}
	}
	d.Env = host.NewEnv(pairs, false)
	return d
}

// noUserManager says why `systemctl --user` cannot reach a user manager, without running it (on a
// machine without one, systemctl spends as long as the rest of a check run to fail), or "" when it
// may. systemctl connects to $XDG_RUNTIME_DIR/systemd/private, else to the session bus: the
// unix:path= of $DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus (systemd's
// bus_connect_user_systemd and sd_bus_default_user).
func noUserManager(h host.Host) string {
	env := h.Env()
	run := env.Get("XDG_RUNTIME_DIR")
	bus := env.Get("DBUS_SESSION_BUS_ADDRESS")
	var sockets []string
	if run != "" {
		sockets = append(sockets, filepath.Join(run, "systemd", "private"))
	}
	switch {
	case bus != "":
		path, ok := strings.CutPrefix(bus, "unix:path=")
		if !ok || strings.ContainsAny(path, ",;") {
			return "" // an abstract socket, a TCP address or a list: only systemctl can tell
		}
		sockets = append(sockets, path)
	case run != "":
		sockets = append(sockets, filepath.Join(run, "bus"))
	}
	for _, s := range sockets {
		if _, err := h.Stat(s); err == nil {
			return ""
		}
	}
	if len(sockets) == 0 {
		return "no systemd user manager: neither XDG_RUNTIME_DIR nor DBUS_SESSION_BUS_ADDRESS is set, so `systemctl --user` has nothing to connect to"
	}
	return "no systemd user manager: there is no socket at " + strings.Join(sockets, " or ") + ", so `systemctl --user` has nothing to connect to"
}

// outputLine is what a failed command said, in one line: its failure when it printed nothing.
func outputLine(res *host.Result) string {
	if f := res.Failure(); f != "" && (res.Err != nil || len(strings.TrimSpace(res.Output())) == 0) {
		return f
	}
	return text.FirstLine(res.Output())
}

// unquoteSystemd undoes the quoting systemctl show-environment applies to values with special
// characters: $'...' with C escapes.
func unquoteSystemd(v string) string {
	if !strings.HasPrefix(v, "$'") || !strings.HasSuffix(v, "'") || len(v) < 3 {
		return v
	}
	v = v[2 : len(v)-1]
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' || i+1 == len(v) {
			b.WriteByte(v[i])
			continue
		}
		i++
		switch v[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		default:
			b.WriteByte(v[i])
		}
	}
	return b.String()
}

func readLaunchd(ctx context.Context, h host.Host, names []string, timeout time.Duration) *Desktop {
	d := &Desktop{Source: "launchd (launchctl getenv)"}
	var pairs []string
	for i, name := range append([]string{"PATH"}, names...) {
		if name == "PATH" && i > 0 {
			continue
		}
		res := h.Run(ctx, host.Cmd{Path: "launchctl", Args: []string{"getenv", name}, Timeout: timeout})
		d.Results = append(d.Results, res)
		if !res.OK() {
			d.Reason = "launchctl getenv failed: " + outputLine(res)
			return d
		}
		v := strings.TrimRight(string(res.Stdout), "\n")
		switch {
		case v != "":
			pairs = append(pairs, name+"="+v)
		case name == "PATH":
			pairs = append(pairs, "PATH="+LaunchdPath)
			d.Source = "launchd (launchctl getenv; PATH is not set there, so applications get " + LaunchdPath + ")"
		}
	}
	// launchd gives every application these from the user's account.
	for _, name := range []string{"HOME", "USER", "LOGNAME", "SHELL", "TMPDIR"} {
		if v, ok := h.Env().Lookup(name); ok {
			pairs = append(pairs, name+"="+v)
		}
	}
	d.Env = host.NewEnv(pairs, false)
	return d
}

// sessionVars are the variables of gomedic's own environment that a desktop session has too (set by
// the login manager, not by shell start-up files), kept when a bare session environment is built.
var sessionVars = []string{"HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TMPDIR", "TZ", "DISPLAY", "WAYLAND_DISPLAY",
	"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_DIRS",
	"XDG_DATA_DIRS", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP", "ZDOTDIR", "SSH_AUTH_SOCK"}

// DefaultPath is the PATH a desktop session starts with when nothing else is known: pam_env's
// /etc/environment PATH when that file sets one, else systemd's default for user managers.
func DefaultPath(h host.Host) string {
	if h.OS() == "darwin" {
		return LaunchdPath
	}
	if data, err := h.ReadFile("/etc/environment", 1<<20); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
			if v, ok := strings.CutPrefix(line, "PATH="); ok {
				return strings.Trim(v, `"'`)
			}
		}
	}
	return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

// BareSession is the environment a desktop session gives its programs, built when the real one
// cannot be read: the session variables of gomedic's own environment (HOME, USER, LANG, XDG_*, ...)
// and DefaultPath, without anything a shell start-up file adds.
func BareSession(h host.Host) []string {
	var out []string
	for _, name := range sessionVars {
		if v, ok := h.Env().Lookup(name); ok {
			out = append(out, name+"="+v)
		}
	}
	for _, kv := range h.Env().Environ() {
		if strings.HasPrefix(kv, "LC_") {
			out = append(out, kv)
		}
	}
	return append(out, "PATH="+DefaultPath(h))
}

// StartEnv is the environment the editor starts with, from which it runs the shell: the desktop
// environment d when it was read, completed with the account variables of gomedic's own
// environment that it lacks (HOME, USER, LOGNAME, SHELL); else BareSession.
func StartEnv(h host.Host, d *Desktop) []string {
	if d.Env == nil {
		return BareSession(h)
	}
	out := d.Env.Environ()
	for _, name := range []string{"HOME", "USER", "LOGNAME", "SHELL"} {
		if _, ok := d.Env.Lookup(name); ok {
			continue
		}
		if v, ok := h.Env().Lookup(name); ok {
			out = append(out, name+"="+v)
		}
	}
	return out
}
