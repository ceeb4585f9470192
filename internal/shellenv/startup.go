package shellenv

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// Startup is what gomedic knows of a shell's start-up files.
type Startup struct {
	// Login is the user's file that the editor's lookup reads and where settings for programs
	// started from the desktop belong, as the user writes it ("~/.bash_profile") and as a path.
	Login, LoginPath string
	// LoginNote says how the shell chose Login, for details.
	LoginNote string
	// InteractiveOnly are user files an interactive non-login shell (a terminal window on Linux)
	// reads and the lookup does not, as paths.
	InteractiveOnly []string
	// Searched are the user files worth searching for the line that sets a variable, as paths.
	Searched []string
}

// Files returns the start-up files of shell for the user of h. The rules are the shells' own:
//
//   - bash: a login shell reads /etc/profile, then the first of ~/.bash_profile, ~/.bash_login and
//     ~/.profile that exists; an interactive non-login shell reads /etc/bash.bashrc (Debian, Ubuntu,
//     Fedora's /etc/bashrc through ~/.bashrc) and ~/.bashrc. An interactive login shell does not
//     read ~/.bashrc unless the login file sources it.
//   - zsh: every shell reads $ZDOTDIR/.zshenv; login shells .zprofile, interactive ones .zshrc,
//     login shells then .zlogin — so -i -l reads them all.
//   - fish: every fish reads ~/.config/fish/config.fish and conf.d (status is-login tells them apart).
//   - sh, dash, ksh: a login shell reads /etc/profile and ~/.profile; an interactive one $ENV.
//   - tcsh, csh: the lookup runs them with -ic, not as login shells: ~/.tcshrc or ~/.cshrc.
func Files(h host.Host, shell string) Startup {
	home := h.HomeDir()
	env := h.Env()
	abs := func(rc string) string {
		if rest, ok := strings.CutPrefix(rc, "~/"); ok && home != "" {
			return filepath.Join(home, rest)
		}
		return rc
	}
	exists := func(rc string) bool { _, err := h.Stat(abs(rc)); return err == nil }
	var s Startup
	switch Name(shell) {
	case "bash":
		for _, rc := range []string{"~/.bash_profile", "~/.bash_login", "~/.profile"} {
			if exists(rc) {
				s.Login = rc
				s.LoginNote = "the first of ~/.bash_profile, ~/.bash_login and ~/.profile that exists, which a bash login shell reads after /etc/profile"
				break
			}
		}
		if s.Login == "" {
			s.Login = "~/.profile"
			if h.OS() == "darwin" {
				s.Login = "~/.bash_profile"
			}
			s.LoginNote = "none of ~/.bash_profile, ~/.bash_login and ~/.profile exists yet; a bash login shell reads the first of them"
		}
		s.InteractiveOnly = []string{abs("~/.bashrc")}
		s.Searched = []string{abs("~/.bashrc"), abs("~/.bash_profile"), abs("~/.bash_login"), abs("~/.profile")}
	case "zsh":
		zd := strings.TrimRight(env.Get("ZDOTDIR"), "/")
		rc := func(name string) string {
			if zd != "" {
				return zd + "/" + name
			}
			return "~/" + name
		}
		s.Login, s.LoginNote = rc(".zprofile"), "which zsh login shells read (an interactive login shell reads .zshenv, .zprofile, .zshrc and .zlogin)"
		for _, n := range []string{".zshenv", ".zprofile", ".zshrc", ".zlogin"} {
			s.Searched = append(s.Searched, abs(rc(n)))
		}
	case "fish":
		conf := "~/.config/fish"
		if xdg := strings.TrimRight(env.Get("XDG_CONFIG_HOME"), "/"); strings.HasPrefix(xdg, "/") {
			conf = xdg + "/fish"
		}
		s.Login, s.LoginNote = conf+"/config.fish", "which every fish reads, login or not"
		s.Searched = []string{abs(conf + "/config.fish")}
		if entries, err := h.ReadDir(abs(conf + "/conf.d")); err == nil {
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".fish") {
					s.Searched = append(s.Searched, abs(conf+"/conf.d/"+e.Name()))
				}
			}
		}
	case "tcsh", "csh":
		s.Login, s.LoginNote = "~/.cshrc", "which csh reads at every start (the editor runs it with -ic, not as a login shell)"
		if Name(shell) == "tcsh" && exists("~/.tcshrc") {
			s.Login, s.LoginNote = "~/.tcshrc", "which tcsh reads at every start (the editor runs it with -ic, not as a login shell)"
		}
		s.Searched = []string{abs(s.Login)}
	default:
		s.Login, s.LoginNote = "~/.profile", "which POSIX login shells read after /etc/profile"
		s.Searched = []string{abs("~/.profile")}
		if e := env.Get("ENV"); e != "" {
			s.InteractiveOnly = []string{abs(e)}
			s.Searched = append(s.Searched, abs(e))
		}
	}
	s.LoginPath = abs(s.Login)
	return s
}

// Line is one line of a start-up file.
type Line struct {
	File string
	N    int
	Text string
}

// FindLine returns the first line of files that mentions one of the needles and is not a comment,
// or a zero Line.
func FindLine(h host.Host, files []string, needles ...string) Line {
	return firstLine(h, files, func(t string) bool {
		for _, n := range needles {
			if n != "" && strings.Contains(t, n) {
				return true
			}
		}
		return false
	})
}

// firstLine returns the first line of files, trimmed, that is neither empty nor a comment and
// that match accepts; or a zero Line.
func firstLine(h host.Host, files []string, match func(string) bool) Line {
	for _, file := range files {
		data, err := h.ReadFile(file, 1<<20)
		if err != nil {
			continue
		}
		for i, text := range strings.Split(string(data), "\n") {
			t := strings.TrimSpace(text)
			if t != "" && !strings.HasPrefix(t, "#") && match(t) {
				return Line{File: file, N: i + 1, Text: t}
			}
		}
	}
	return Line{}
}

// PathNeedles are the ways a start-up file may write dir: as is, and under the home directory as
// $HOME/..., ${HOME}/... or ~/....
func PathNeedles(h host.Host, dir string) []string {
	out := []string{dir}
	home := strings.TrimRight(h.HomeDir(), "/")
	if rest, ok := strings.CutPrefix(dir, home+"/"); ok && home != "" {
		out = append(out, "$HOME/"+rest, "${HOME}/"+rest, "~/"+rest)
	}
	return out
}

// FindAssignment returns the first line of files that sets the environment variable name, as
// each kind of start-up file writes it: `NAME=...` or `export NAME=...` (also declare -x,
// typeset -x, readonly) in a POSIX shell's file and in an environment.d file, `set -gx NAME ...`
// (or its long flags) in fish, `setenv NAME ...` in csh and `$env:NAME = ...` in PowerShell; or a zero Line. Comments,
// `set -e NAME` and lines that only mention NAME (a test, another variable ending in NAME) are not
// assignments.
func FindAssignment(h host.Host, files []string, name string) Line {
	q := regexp.QuoteMeta(name)
	re := regexp.MustCompile(`(?:^|[\s;&|(])(?:(?:export|declare\s+-\w+|typeset\s+-\w+|readonly|local)\s+)?` + q + `=` +
		`|^\s*set\s+(?:(?:-[a-zA-Z]*[gxU][a-zA-Z]*|--(?:export|global|universal))\s+)+` + q + `(?:\s|$)` +
		`|^\s*setenv\s+` + q + `(?:\s|$)` +
		`|(?i:\$env:)` + q + `\s*=`)
	return firstLine(h, files, re.MatchString)
}

// environmentDGenerators are where systemd installs the generator that reads environment.d.
var environmentDGenerators = []string{
	"/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator",
	"/lib/systemd/user-environment-generators/30-systemd-environment-d-generator",
}

// EnvironmentD is the user's environment.d directory ($XDG_CONFIG_HOME/environment.d, else
// ~/.config/environment.d) when systemd's environment-d generator is installed to read it, or "".
// The generator runs when the user's systemd manager starts (at login), and the manager passes
// what the *.conf files there set (KEY=VALUE lines, $VAR and ${VAR} expanded, files in lexical
// order) to the services it starts — on GNOME and KDE Plasma the desktop session and the
// applications started from it (environment.d(5)).
func EnvironmentD(h host.Host) string {
	if h.OS() != "linux" {
		return ""
	}
	found := false
	for _, g := range environmentDGenerators {
		if _, err := h.Stat(g); err == nil {
			found = true
			break
		}
	}
	if !found {
		return ""
	}
	if xdg := h.Env().Get("XDG_CONFIG_HOME"); filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "environment.d")
	}
	if home := h.HomeDir(); home != "" {
		return filepath.Join(home, ".config", "environment.d")
	}
	return ""
}

// EnvironmentDFiles are the *.conf files of the user's environment.d directory, in the order the
// generator reads them.
func EnvironmentDFiles(h host.Host) []string {
	dir := EnvironmentD(h)
	if dir == "" {
		return nil
	}
	entries, err := h.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".conf") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}
