package facts

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// CCompiler is the C compiler the go command would run for cgo, as CCompiler found it.
type CCompiler struct {
	Path string // the compiler, "" when there is none to run
	Why  string // why there is none: "gcc (CC) is not on PATH", ...
	// Probe is the command that decided, when one ran (xcode-select -p on macOS), else nil.
	Probe *host.Result
	// CC is the CC variable with where it was set; Source is goenv.FromDefault when nothing
	// sets it (or it is empty) and the go command runs its default compiler.
	CC goenv.Value
	// Name is the program the go command runs: the first word of CC, split as the go command
	// splits it (goenv.SplitQuoted), or Default.
	Name string
	// Default is the go command's own default compiler on this OS (cmd/go/internal/cfg's
	// DefaultCC: clang on macOS, FreeBSD and OpenBSD, gcc elsewhere), and DefaultPath where it is
	// on PATH, or "".
	Default, DefaultPath string
	// NotFound is what cgo adds to `cgo: C compiler "NAME" not found: ` (exec.LookPath's error),
	// when Path is "" because Name is not there.
	NotFound string
	// Short is what is wrong with a CC that is set and names no compiler, for a title:
	// "CC=/opt/gcc does not exist", "CC=ccache gcc: ccache is not on PATH"; "" otherwise.
	Short string
	// Problem is what is wrong with Name in a few words ("does not exist", "is not on PATH", "is
	// not an executable file", "has an unterminated quote" for CC itself), "" when there is none
	// or the stub of macOS is the problem (see Why).
	Problem string
}

// UserSet reports whether CC is set (environment, go env file) rather than the go command's
// default.
func (c CCompiler) UserSet() bool { return c.CC.Source != goenv.FromDefault }

// CgoError is the line a build of a cgo package fails with when the compiler is missing, as cmd/cgo
// words it; "" when the compiler is there.
func (c CCompiler) CgoError() string {
	if c.Path != "" || c.NotFound == "" {
		return ""
	}
	return fmt.Sprintf("cgo: C compiler %q not found: %s", c.Name, c.NotFound)
}

// DefaultCC is the go command's default C compiler for goos (cmd/go/internal/cfg.DefaultCC of a
// release build).
func DefaultCC(goos string) string {
	switch goos {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang"
	}
	return "gcc"
}

// CCompiler finds the C compiler the go command would run: the first word of CC (go env reports
// the default, gcc or clang) looked up on PATH. On macOS /usr/bin/clang is a stub that works only
// once the Command Line Tools are installed, which xcode-select -p tells. When CC is set and names
// nothing, Why says where it is set and where the default compiler is, if it is on PATH.
func (f *Facts) CCompiler() CCompiler { return f.CCompilerOf(f.Value("CC")) }

// CCompilerOf is CCompiler for a CC value set elsewhere (an editor's go.toolsEnvVars): v with its
// source; an empty value means the default compiler.
func (f *Facts) CCompilerOf(v goenv.Value) CCompiler {
	env := f.Host.Env()
	c := CCompiler{CC: v, Default: DefaultCC(f.Host.OS())}
	if p, err := host.LookPath(f.Host, c.Default, env.Get("PATH"), env.Get("PATHEXT")); err == nil {
		c.DefaultPath = p
	}
	if strings.TrimSpace(c.CC.Value) == "" {
		c.CC.Source = goenv.FromDefault
	}
	words, ok := []string{c.Default}, true
	if c.UserSet() {
		words, ok = goenv.SplitQuoted(c.CC.Value)
	}
	if !ok {
		c.Problem = "has an unterminated quote"
		c.Why = fmt.Sprintf("CC=%s (from %s) has an unterminated quote, which the go command rejects", c.CC.Value, c.CC.Where())
		c.Short = fmt.Sprintf("CC=%s has an unterminated quote", c.CC.Value)
		return c
	}
	c.Name = c.Default
	if len(words) > 0 {
		c.Name = words[0]
	}
	set := ""
	if c.UserSet() {
		set = fmt.Sprintf("CC=%s (from %s)", c.CC.Value, c.CC.Where())
		if len(words) > 1 {
			set = fmt.Sprintf("%s, the first word of %s,", c.Name, set)
		}
	}
	var path string
	if host.IsAbs(f.Host, c.Name) || strings.ContainsAny(c.Name, `/\`) {
		if !host.Executable(f.Host, c.Name, host.Exts(f.Host, env.Get("PATHEXT"))) {
			if _, err := f.Host.Stat(c.Name); err != nil {
				c.Why, c.NotFound = "does not exist", fmt.Sprintf("exec: %q: stat %s: no such file or directory", c.Name, c.Name)
			} else {
				c.Why, c.NotFound = "is not an executable file", fmt.Sprintf("exec: %q: permission denied", c.Name)
			}
		}
		path = c.Name
	} else if p, err := host.LookPath(f.Host, c.Name, env.Get("PATH"), env.Get("PATHEXT")); err != nil {
		c.Why, c.NotFound = "is not on PATH", fmt.Sprintf("exec: %q: executable file not found in $PATH", c.Name)
	} else {
		path = p
	}
	if c.Why != "" {
		c.Problem = c.Why
		if c.UserSet() {
			c.Short = fmt.Sprintf("CC=%s %s", c.CC.Value, c.Why)
			if len(words) > 1 {
				c.Short = fmt.Sprintf("CC=%s: %s %s", c.CC.Value, c.Name, c.Why)
			}
		}
		switch {
		case set == "":
			c.Why = fmt.Sprintf("%s (the go command's default CC) %s", c.Name, c.Why)
		case c.DefaultPath != "" && c.DefaultPath != path:
			c.Why = fmt.Sprintf("%s %s; %s is at %s", set, c.Why, c.Default, c.DefaultPath)
		default:
			c.Why = fmt.Sprintf("%s %s", set, c.Why)
		}
		return c
	}
	if f.Host.OS() == "darwin" && (path == "/usr/bin/clang" || path == "/usr/bin/gcc" || path == "/usr/bin/cc") {
		res := f.Run(host.Cmd{Path: "xcode-select", Args: []string{"-p"}})
		c.Probe = res
		if !res.OK() {
			c.Why = fmt.Sprintf("%s is Apple's stub, and the Command Line Tools are not installed (xcode-select -p: %s)", path, text.FirstLine(res.Output()))
			return c
		}
	}
	c.Path = path
	return c
}
