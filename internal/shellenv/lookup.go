// Package shellenv reads the environment programs started from the desktop get: it runs the user's
// shell the way VS Code (and the editors built on it: Cursor, VSCodium, Windsurf) runs it at start-up
// to learn the shell's environment, reads the desktop session's own environment (the systemd user
// manager on Linux, launchd on macOS), and knows which start-up files each kind of shell reads.
//
// VS Code's mechanism (src/vs/platform/shell/node/shellEnv.ts, getResolvedShellEnv and
// doResolveUnixShellEnv): unless it was started from a terminal (VSCODE_CLI=1) or runs on Windows,
// it spawns $SHELL (else the user database's shell, else sh; /bin/false counts as /bin/bash) as
//
//	$SHELL -i -l -c '<node> -p '"MARK" + JSON.stringify(process.env) + "MARK"''
//
// (tcsh and csh: -ic; pwsh: -Login -Command '& ...'; nu: -i -l -c with ^ before the program; xonsh:
// -i -l -c with a Python one-liner), where MARK is 12 random hex digits, in a new session without a
// controlling terminal (detached) and with stdin from /dev/null, with VSCODE_RESOLVING_ENVIRONMENT=1
// added to its own environment. It takes the JSON between the first pair of marks, so anything the
// start-up files print around them is ignored. When the shell exits non-zero ("Unexpected exit code
// from spawned shell (code N, signal S)") or cannot be started, or does not finish within 10 s
// (application.shellEnvironmentResolutionTimeout, 1-120 s: "Unable to resolve your shell environment
// in a reasonable time. Please review your shell configuration and restart."), it shows the error
// and runs with the environment it was started with; when the marks are missing it silently does
// the same.
package shellenv

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// EditorTimeout is how long VS Code waits for the shell by default.
const EditorTimeout = 10 * time.Second

// Mode is how a shell is started, which decides the start-up files it reads.
type Mode int

// The modes gomedic runs a shell in.
const (
	// Login is what the editor runs: an interactive login shell (-i -l).
	Login Mode = iota
	// Interactive is what a terminal window runs on Linux: interactive, not login (-i).
	Interactive
)

func (m Mode) String() string {
	if m == Login {
		return "interactive login"
	}
	return "interactive non-login"
}

// Shell is the shell VS Code would run for this environment: $SHELL, with /bin/false replaced by
// /bin/bash as VS Code does. It returns "" when SHELL is not set (VS Code would then ask the user
// database, which gomedic does not read).
func Shell(env *host.Env) string {
	s := env.Get("SHELL")
	if s == "/bin/false" {
		return "/bin/bash"
	}
	return s
}

// Name is the shell's base name as VS Code compares it ("zsh", "bash", "pwsh", ...).
func Name(shell string) string { return filepath.Base(shell) }

// NewMark returns a fresh mark: 12 random hex digits, as VS Code's.
func NewMark() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// envProgram prints the environment between two marks. It is one external program run by its
// absolute path, as VS Code runs its own executable, so that nothing of the shell (aliases,
// functions, its PATH) changes what it prints; /bin/sh -c reads no start-up file.
func envProgram(mark string) (prog, script string) {
	return "/bin/sh", "printf %s " + mark + "; /usr/bin/env; printf %s " + mark
}

// Args are the arguments that make shell print its environment between marks, in VS Code's form for
// mode Login and with the login flag left out for mode Interactive.
func Args(shell string, mode Mode, mark string) []string {
	prog, script := envProgram(mark)
	cmd := "'" + prog + "' -c '" + script + "'"
	name := Name(shell)
	switch {
	case powershell.MatchString(name):
		if mode == Login {
			return []string{"-Login", "-Command", "& " + cmd}
		}
		return []string{"-Command", "& " + cmd}
	case name == "nu":
		return append(modeFlags(mode), "^"+cmd)
	case name == "xonsh":
		return append(modeFlags(mode), `import os, json; print("`+mark+`", json.dumps(dict(os.environ)), "`+mark+`")`)
	case name == "tcsh" || name == "csh":
		// VS Code runs these without -l: the lookup is not a login shell.
		return []string{"-ic", cmd}
	}
	return append(modeFlags(mode), cmd)
}

var powershell = regexp.MustCompile(`^(?:pwsh|powershell)(?:-preview)?$`)

func modeFlags(mode Mode) []string {
	if mode == Login {
		return []string{"-i", "-l", "-c"}
	}
	return []string{"-i", "-c"}
}

// Lookup is one run of the user's shell to read its environment.
type Lookup struct {
	Shell  string
	Mode   Mode
	Mark   string
	Result *host.Result
	// Env is the environment printed between the marks, or nil when there was none.
	Env *host.Env
	// Noise is what the shell printed on stdout outside the marks, trimmed.
	Noise string
	// Depends is, for a lookup replayed from a Cache, how many files and directories were found
	// unchanged since it ran (its Result's CachedAt is when); 0 for a lookup run now.
	Depends int
	// trace is the traced shell's stderr, trace lines included.
	trace []byte
}

// Run runs shell in mode with the environment base (plus VSCODE_RESOLVING_ENVIRONMENT=1, which
// VS Code adds and start-up files may test), detached from gomedic's terminal and with an empty
// stdin, and reads the environment it prints.
func Run(ctx context.Context, h host.Host, shell string, mode Mode, base []string, dir string, timeout time.Duration) *Lookup {
	return run(ctx, h, shell, mode, base, dir, timeout, false)
}

// command is the command line of a lookup as the editor runs it; traced, it also makes the shell
// trace what it runs (see Traceable), which changes nothing it prints on stdout.
func command(h host.Host, shell string, mode Mode, base []string, dir string, timeout time.Duration, mark string, traced bool) host.Cmd {
	env := host.NewEnv(base, h.OS() == "windows").With("VSCODE_RESOLVING_ENVIRONMENT=1")
	args := Args(shell, mode, mark)
	if traced {
		if traceFlag[Name(shell)] {
			args = append([]string{"-x"}, args...)
		} else if v := traceEnv[Name(shell)]; v != "" {
			env = env.With(v)
		}
	}
	// At its timeout the shell is stopped as the editor stops it (SIGTERM), so that what its
	// start-up files run can clean up: a lock left behind would slow every later shell.
	grace := host.ScaleTimeout(h.Env(), time.Second)
	return host.Cmd{Path: shell, Args: args, Env: env.Environ(), Dir: dir, Timeout: timeout, Grace: grace, Detached: true, OutputLimit: 4 << 20}
}

func run(ctx context.Context, h host.Host, shell string, mode Mode, base []string, dir string, timeout time.Duration, traced bool) *Lookup {
	mark := NewMark()
	c := command(h, shell, mode, base, dir, timeout, mark, traced)
	l := &Lookup{Shell: shell, Mode: mode, Mark: mark, Result: h.Run(ctx, c)}
	if traced {
		// The lookup is shown as the editor runs it, and its stderr as the start-up files wrote it.
		l.trace = l.Result.Stderr
		l.Result.Stderr = untrace(l.Result.Stderr)
		l.Result.Cmd = command(h, shell, mode, base, dir, timeout, mark, false)
	}
	payload, noise, ok := Extract(l.Result.Stdout, mark)
	l.Noise = strings.TrimSpace(string(noise))
	if ok {
		if vars, err := ParseEnv(payload); err == nil {
			l.Env = host.NewEnv(vars, h.OS() == "windows")
		}
	}
	return l
}

// OK reports whether the lookup gave the editor an environment: the shell exited 0 and printed
// one between the marks.
func (l *Lookup) OK() bool { return l.Result.OK() && l.Env != nil }

// Problem says, in the editor's words where it has some, why the lookup gave the editor nothing; it
// is "" when it worked.
func (l *Lookup) Problem() string {
	r := l.Result
	switch {
	case r.TimedOut:
		return fmt.Sprintf("the shell did not finish within %s (the editor then says \"Unable to resolve your shell environment in a reasonable time. Please review your shell configuration and restart.\")", r.Cmd.Timeout)
	case r.Err != nil && r.Signal != "":
		return fmt.Sprintf("the shell was killed by signal %s (the editor says \"Unable to resolve your shell environment: Unexpected exit code from spawned shell (code null, signal %s)\")", r.Signal, r.Signal)
	case r.Err != nil:
		return fmt.Sprintf("the shell could not be started: %v (the editor says \"Unable to resolve your shell environment: ...\")", r.Err)
	case r.ExitCode != 0:
		return fmt.Sprintf("the shell exited with status %d (the editor says \"Unable to resolve your shell environment: Unexpected exit code from spawned shell (code %d, signal null)\")", r.ExitCode, r.ExitCode)
	case l.Env == nil:
		return "the shell exited 0 but never ran the command that prints the environment (a start-up file exec'd another program, or exited early); the editor then silently keeps the environment it was started with"
	}
	return ""
}

// Extract finds the text between the first two marks of out, as VS Code's regular expression does;
// noise is the rest. ok is false when the marks are not there.
func Extract(out []byte, mark string) (payload, noise []byte, ok bool) {
	m := []byte(mark)
	i := bytes.Index(out, m)
	if i < 0 {
		return nil, out, false
	}
	j := bytes.Index(out[i+len(m):], m)
	if j < 0 {
		return nil, out, false
	}
	payload = out[i+len(m) : i+len(m)+j]
	noise = append(append([]byte(nil), out[:i]...), out[i+len(m)+j+len(m):]...)
	return payload, noise, true
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// ParseEnv reads an environment as env(1) prints it (NAME=value lines; a line that does not start
// with a name continues the value before it) or as a JSON object (xonsh's form), into KEY=VALUE pairs.
func ParseEnv(payload []byte) ([]string, error) {
	text := strings.TrimSpace(string(payload))
	if strings.HasPrefix(text, "{") {
		var m map[string]string
		if err := json.Unmarshal([]byte(text), &m); err != nil {
			return nil, fmt.Errorf("parsing the environment: %w", err)
		}
		out := make([]string, 0, len(m))
		for k, v := range m {
			out = append(out, k+"="+v)
		}
		return out, nil
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(string(payload), "\n"), "\n") {
		if envName.MatchString(line) || len(out) == 0 {
			out = append(out, line)
			continue
		}
		out[len(out)-1] += "\n" + line
	}
	return out, nil
}
