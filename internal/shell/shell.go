// Package shell writes fix commands for the user's own shell: zsh, bash, fish, PowerShell or cmd.
package shell

import (
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// Shell is the user's interactive shell and the start-up file where lasting settings go.
type Shell struct {
	Name string // "zsh", "bash", "fish", "sh", "powershell", "cmd"
	// RC is the start-up file as the user would write it ("~/.zshrc", "$PROFILE").
	RC string
	// RCPath is RC with the home directory expanded, or "" when it is not a plain file path.
	RCPath string
	home   string
}

// Detect finds the user's shell: $SHELL on Unix, PowerShell on Windows unless only cmd is evident.
func Detect(h host.Host) Shell {
	home := h.HomeDir()
	if h.OS() == "windows" {
		if h.Env().Get("PSModulePath") == "" && h.Env().Get("PROMPT") != "" {
			return Shell{Name: "cmd", home: home}
		}
		return Shell{Name: "powershell", RC: "$PROFILE", home: home}
	}
	name := filepath.Base(h.Env().Get("SHELL"))
	s := Shell{Name: name, home: home}
	switch name {
	case "zsh":
		s.RC = "~/.zshrc"
		if zd := h.Env().Get("ZDOTDIR"); zd != "" {
			s.RC = zd + "/.zshrc"
		}
	case "fish":
		s.RC = "~/.config/fish/config.fish"
	case "bash":
		s.RC = "~/.bashrc"
		if h.OS() == "darwin" {
			s.RC = "~/.bash_profile"
		}
	default:
		s.Name = "sh"
		s.RC = "~/.profile"
	}
	s.RCPath = s.expand(s.RC)
	return s
}

func (s Shell) expand(p string) string {
	if strings.HasPrefix(p, "~/") && s.home != "" {
		return filepath.Join(s.home, p[2:])
	}
	if strings.HasPrefix(p, "$") {
		return ""
	}
	return p
}

// homeRel writes p relative to $HOME for a POSIX shell when it is under the home directory, so
// the line keeps working if the home directory moves.
func (s Shell) homeRel(p string) string {
	if s.home != "" && (p == s.home || strings.HasPrefix(p, s.home+"/")) {
		return "$HOME" + strings.TrimPrefix(p, s.home)
	}
	return p
}

// AddToPath returns the commands that put dir at the front of PATH for good and in the current shell.
func (s Shell) AddToPath(dir string) []string {
	switch s.Name {
	case "fish":
		return []string{"fish_add_path " + quoteSh(dir)}
	case "powershell":
		return []string{
			`[Environment]::SetEnvironmentVariable("Path", "` + dir + `;" + [Environment]::GetEnvironmentVariable("Path", "User"), "User")`,
			`$env:Path = "` + dir + `;" + $env:Path`,
		}
	case "cmd":
		return []string{`setx PATH "` + dir + `;%PATH%"`}
	}
	line := `export PATH="` + s.homeRel(dir) + `:$PATH"`
	return []string{"echo '" + line + "' >> " + s.RC, line}
}

// Unset returns the commands that remove the environment variable name for the current shell, and
// says to delete the line that sets it from the start-up file.
func (s Shell) Unset(name string) []string {
	switch s.Name {
	case "fish":
		return []string{"set -e " + name, "set -Ue " + name}
	case "powershell":
		return []string{`[Environment]::SetEnvironmentVariable("` + name + `", $null, "User")`, `Remove-Item Env:` + name}
	case "cmd":
		return []string{`reg delete HKCU\Environment /v ` + name + ` /f`, "set " + name + "="}
	}
	return []string{"# delete the line that sets " + name + " in " + s.RC + " (or the file that exports it), then:", "unset " + name}
}

// Set returns the commands that set the environment variable name to value for good.
func (s Shell) Set(name, value string) []string {
	switch s.Name {
	case "fish":
		return []string{"set -Ux " + name + " " + quoteSh(value)}
	case "powershell":
		return []string{`[Environment]::SetEnvironmentVariable("` + name + `", "` + value + `", "User")`, `$env:` + name + ` = "` + value + `"`}
	case "cmd":
		return []string{`setx ` + name + ` "` + value + `"`}
	}
	line := "export " + name + "=" + quoteSh(value)
	return []string{"echo '" + strings.ReplaceAll(line, "'", `'\''`) + "' >> " + s.RC, line}
}

// quoteSh quotes s for a POSIX shell or fish when it needs quoting.
func quoteSh(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '-' || r == '_' || r == '.' || r == ':' || r == ',' || r == '=' || r == '+' || r == '@' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
