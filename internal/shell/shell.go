// Package shell writes commands for the user's own shell — zsh, bash, sh, fish, PowerShell or cmd —
// and is gomedic's one quoter of words for each of them. It imports nothing of the project.
package shell

import (
	"path/filepath"
	"strings"
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

// Detect finds the user's shell on an OS goos (GOOS's values) from its home directory and
// environment: $SHELL on Unix, PowerShell on Windows unless only cmd is evident.
func Detect(goos, home string, getenv func(string) string) Shell {
	if goos == "windows" {
		if getenv("PSModulePath") == "" && getenv("PROMPT") != "" {
			return Shell{Name: "cmd", home: home}
		}
		return Shell{Name: "powershell", RC: "$PROFILE", home: home}
	}
	name := filepath.Base(getenv("SHELL"))
	s := Shell{Name: name, home: home}
	switch name {
	case "zsh":
		s.RC = "~/.zshrc"
		if zd := strings.TrimRight(getenv("ZDOTDIR"), "/"); zd != "" {
			s.RC = zd + "/.zshrc"
		}
	case "fish":
		s.RC = "~/.config/fish/config.fish"
		if xdg := strings.TrimRight(getenv("XDG_CONFIG_HOME"), "/"); strings.HasPrefix(xdg, "/") {
			s.RC = xdg + "/fish/config.fish"
		}
	case "bash":
		s.RC = "~/.bashrc"
		if goos == "darwin" {
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
	prefix, rest := s.splitHome(p)
	return prefix + rest
}

// splitHome splits p into "$HOME" and the rest when p is the home directory or under it, and
// into "" and p otherwise.
func (s Shell) splitHome(p string) (string, string) {
	home := strings.TrimRight(s.home, "/")
	if home != "" && (p == home || strings.HasPrefix(p, home+"/")) {
		return "$HOME", strings.TrimPrefix(p, home)
	}
	return "", p
}

// AddToPath returns the commands that put dir at the front of PATH for good and in the current shell.
func (s Shell) AddToPath(dir string) []string {
	switch s.Name {
	case "fish":
		// fish_add_path skips a directory that does not exist yet (GOBIN before the first
		// go install), saying nothing unless -v.
		q := QuoteFish(dir)
		return []string{"mkdir -p " + q + "; and fish_add_path " + q}
	case "powershell":
		return []string{
			`[Environment]::SetEnvironmentVariable("Path", ` + QuotePowerShell(dir+";") + ` + [Environment]::GetEnvironmentVariable("Path", "User"), "User")`,
			`$env:Path = ` + QuotePowerShell(dir+";") + ` + $env:Path`,
		}
	case "cmd":
		// Not setx PATH "dir;%PATH%": that copies the machine's PATH into the user's and cuts it
		// at 1024 characters. PowerShell edits the user's PATH alone; set is for this window.
		return []string{
			`powershell -NoProfile -Command "[Environment]::SetEnvironmentVariable('Path', ` + QuotePowerShell(dir+";") + ` + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"`,
			`set "PATH=` + dir + `;%PATH%"`,
		}
	}
	// Inside double quotes, so that $HOME and $PATH expand when the line runs; the rest of dir
	// is escaped so that nothing else does. A ! would be history expansion when the line is
	// pasted into an interactive bash or zsh, even between double quotes: such a rest goes
	// between single quotes instead.
	prefix, rest := s.splitHome(dir)
	line := `export PATH="` + prefix + quoteDouble(rest) + `:$PATH"`
	if strings.Contains(rest, "!") {
		line = `export PATH="` + prefix + `"` + quoteSingle(rest) + `":$PATH"`
	}
	return []string{s.appendLine(line), line}
}

// appendLine is the command that appends line to the start-up file.
func (s Shell) appendLine(line string) string {
	// echo may interpret backslashes (dash, zsh); printf '%s\n' never does.
	write := "echo "
	if strings.Contains(line, `\`) {
		write = `printf '%s\n' `
	}
	return write + quoteSingle(line) + " >> " + s.rcArg()
}

// rcArg is the start-up file as a shell word: a leading ~/ stays unquoted so that it expands.
func (s Shell) rcArg() string {
	if rest, ok := strings.CutPrefix(s.RC, "~/"); ok {
		return "~/" + Quote(rest)
	}
	return Quote(s.RC)
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
		return []string{"set -Ux " + name + " " + QuoteFish(value)}
	case "powershell":
		return []string{`[Environment]::SetEnvironmentVariable("` + name + `", ` + QuotePowerShell(value) + `, "User")`, `$env:` + name + ` = ` + QuotePowerShell(value)}
	case "cmd":
		// setx reads \" as a quote: a value ending in a backslash needs it doubled.
		if strings.HasSuffix(value, `\`) {
			value += `\`
		}
		return []string{`setx ` + name + ` "` + value + `"`}
	}
	line := "export " + name + "=" + Quote(value)
	return []string{s.appendLine(line), line}
}
