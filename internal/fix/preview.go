package fix

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gomedic/gomedic/internal/text"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/vscode"
)

// maxFile bounds the files fix edits: start-up and settings files are small.
const maxFile = 8 << 20

// edit is what one action does to one file: its path (symbolic links resolved, so that a linked
// ~/.bashrc stays a link) and its content before and after.
type edit struct {
	path     string
	old, new []byte
	existed  bool
}

// preview shows what each action of s changes, from the files as they are now.
func (e *Engine) preview(ctx context.Context, s *Step) []result.FixChange {
	var out []result.FixChange
	for _, a := range s.Actions {
		out = append(out, e.describe(ctx, a))
	}
	return out
}

// describe is the change a makes: a diff, a command or an install.
func (e *Engine) describe(ctx context.Context, a finding.Action) result.FixChange {
	c := result.FixChange{Kind: a.Kind}
	switch a.Kind {
	case finding.PathAdd, finding.EnvUnset, finding.SettingsEdit, finding.GoEnvSet, finding.GoEnvUnset:
		ed, err := e.fileEdit(ctx, a)
		if err != nil {
			c.Error = err.Error()
			return c
		}
		c.File = e.tilde(ed.path)
		c.Noop = string(ed.old) == string(ed.new)
		c.Diff = e.diff(ed)
		if a.Kind == finding.GoEnvSet || a.Kind == finding.GoEnvUnset {
			c.Command = goEnvArgs(a)
		}
	case finding.Mkdir:
		c.Command = "mkdir -p " + shell.Quote(a.Path)
		_, err := os.Stat(a.Path)
		c.Noop = err == nil
	case finding.Remove:
		c.File = e.tilde(a.Path)
		c.Command = "move " + shell.Quote(a.Path) + " aside into the journal"
		_, err := os.Lstat(a.Path)
		c.Noop = errors.Is(err, fs.ErrNotExist)
	case finding.GoInstall:
		c.Tool, c.Version = a.Package, a.Version
		c.Command = "gomedic tools install " + a.Package + "@" + a.Version
	case finding.RunCommand:
		c.Command = "(cd " + shell.Quote(a.Dir) + " && " + shell.Join(a.Argv) + ")"
	case finding.Kill:
		var err error
		if c.Command, c.Noop, err = e.describeKill(ctx, a); err != nil {
			c.Error = err.Error()
		}
	default:
		c.Error = "gomedic does not know the action " + string(a.Kind)
	}
	return c
}

// goEnvArgs is the go env command of a.
func goEnvArgs(a finding.Action) string {
	if a.Kind == finding.GoEnvUnset {
		return "go env -u " + a.Key
	}
	return "go env -w " + shell.Quote(a.Key+"="+a.Value)
}

// fileEdit computes the edit a makes to its file.
func (e *Engine) fileEdit(ctx context.Context, a finding.Action) (*edit, error) {
	file := a.File
	if a.Kind == finding.GoEnvSet || a.Kind == finding.GoEnvUnset {
		file = e.goEnv
	}
	if file == "" {
		return nil, errors.New("no file to edit (the start-up file or go env file is unknown)")
	}
	ed, err := readEdit(e.expand(file))
	if err != nil {
		return nil, err
	}
	switch a.Kind {
	case finding.PathAdd:
		ed.new = shell.WithBlock(ed.old, []string{shell.SyntaxOf(ed.path).PathLine(a.Path, e.o.Host.HomeDir())})
	case finding.EnvUnset:
		ed.new = shell.WithBlock(ed.old, []string{shell.SyntaxOf(ed.path).UnsetLine(a.Key)})
	case finding.SettingsEdit:
		ed.new, err = vscode.Edit(ed.old, a.Key, a.Value)
	default:
		ed.new, err = e.simulateGoEnv(ctx, a, ed)
	}
	return ed, err
}

// readEdit reads the file at path (through a symbolic link) as the start of an edit.
func readEdit(path string) (*edit, error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	ed := &edit{path: path}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ed, nil
	case err != nil:
		return nil, fmt.Errorf("reading %s: %w", path, err)
	case !fi.Mode().IsRegular() || fi.Size() > maxFile:
		return nil, fmt.Errorf("%s is not a regular file of at most %d MB", path, maxFile>>20)
	}
	ed.old, err = os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	ed.existed = true
	return ed, nil
}

// simulateGoEnv runs the go env command of a on a copy of the go env file and returns what the
// file would become: the go command itself decides the file's syntax.
func (e *Engine) simulateGoEnv(ctx context.Context, a finding.Action, ed *edit) ([]byte, error) {
	dir, err := os.MkdirTemp("", "gomedic-fix-")
	if err != nil {
		return nil, fmt.Errorf("simulating %s: %w", goEnvArgs(a), err)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "env")
	if !ed.existed && a.Kind == finding.GoEnvUnset {
		return nil, nil // nothing to remove (go env -u fails on a missing file: nothing to read)
	}
	if ed.existed {
		if err := os.WriteFile(tmp, ed.old, 0o644); err != nil {
			return nil, fmt.Errorf("simulating %s: %w", goEnvArgs(a), err)
		}
	}
	if res := e.goEnvCmd(ctx, a, "GOENV="+tmp); !res.OK() {
		return nil, fmt.Errorf("%s: %s", goEnvArgs(a), res.Output())
	}
	data, err := os.ReadFile(tmp)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// goEnvCmd runs go env -w or -u for a with extra environment variables, in an empty directory of
// its own and with GOTOOLCHAIN=local: in a module whose go line needs a newer Go, or with a go env
// file naming a toolchain that cannot be had, every other go env command first tries to switch
// toolchains and fails (`go: download go1.99.0: toolchain not available`), which would make the
// very fix of that impossible. GOFLAGS is set for the same reason: the go command applies the go
// env file's GOFLAGS to go env too, and an entry -w, -u or -json there makes go env -u fail ("go:
// cannot use -u with -w"); only a non-empty value in the environment hides the file's.
func (e *Engine) goEnvCmd(ctx context.Context, a finding.Action, extra ...string) *host.Result {
	args := []string{"env", "-u", a.Key}
	if a.Kind == finding.GoEnvSet {
		args = []string{"env", "-w", a.Key + "=" + a.Value}
	}
	goBin := e.goBin
	if goBin == "" {
		goBin = "go"
	}
	dir, err := os.MkdirTemp("", "gomedic-goenv-")
	if err != nil {
		return &host.Result{Err: err, ExitCode: -1, Cmd: host.Cmd{Path: goBin, Args: args}}
	}
	defer os.RemoveAll(dir)
	env := e.o.Host.Env().With(append([]string{"GOTOOLCHAIN=local", "GOFLAGS=-mod=mod"}, extra...)...)
	res := e.o.Host.Run(ctx, host.Cmd{Path: goBin, Args: args, Dir: dir, Env: env.Environ(), Timeout: e.o.Timeout})
	// The go command warns that the GOTOOLCHAIN or GOFLAGS given here overrides the value it writes.
	for _, name := range []string{"GOTOOLCHAIN", "GOFLAGS"} {
		res.Stderr = bytes.ReplaceAll(res.Stderr, []byte("warning: go env -w "+name+"=... does not override conflicting OS environment variable\n"), nil)
	}
	return res
}

// diff is the unified diff of ed, with paths under the home directory written ~/...
func (e *Engine) diff(ed *edit) string {
	name := e.tilde(ed.path)
	from := name
	if !ed.existed {
		from = "/dev/null"
	}
	return udiff.Unified(from, name, string(ed.old), string(ed.new))
}

// tilde writes p as ~/... when it is under the home directory.
func (e *Engine) tilde(p string) string { return text.Tilde(p, e.o.Host.HomeDir()) }

// expand turns a leading ~ (or $HOME) into the home directory.
func (e *Engine) expand(p string) string {
	if full := host.ExpandHome(e.o.Host, p); full != "" {
		return full
	}
	return p
}
