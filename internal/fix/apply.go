package fix

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// Journal is the journal of this run, nil until a step was applied.
func (e *Engine) Journal() *Journal { return e.journal }

// Apply applies step s with the journal written ahead of every change, then re-checks the checks
// of the step and those it blocked. A step that fails to apply is rolled back.
func (e *Engine) Apply(ctx context.Context, s *Step) {
	if e.journal == nil {
		j, err := newJournal(e.o.Root, e.o.Workspace)
		if err != nil {
			s.Outcome, s.Error = result.FixFailed, err.Error()
			return
		}
		e.journal = j
	}
	js := e.journal.step(s.N, s.Checks, s.Actions)
	for _, a := range s.Actions {
		err := e.apply(ctx, js, a)
		e.pause("changed")
		if err != nil {
			s.Outcome, s.Error = result.FixFailed, err.Error()
			if uerr := e.journal.undoStep(ctx, js, false, e.o.Installer, &result.FixUndo{}); uerr != nil {
				s.Error += "; undoing the step: " + uerr.Error()
			} else {
				// Undone already: a later --undo must not roll a tool back a second time.
				js.Files, js.Dirs, js.Moves, js.Tools = nil, nil, nil, nil // the kills stay: they happened
			}
			js.Outcome = s.Outcome
			_ = e.journal.save()
			return
		}
	}
	s.Recheck = e.recheck(ctx, s)
	s.Outcome = result.FixFixed
	for _, r := range s.Recheck {
		if containsID(s.Checks, r.ID) && !cleared(r) {
			s.Outcome = result.FixNotCleared
		}
	}
	js.Outcome, js.Recheck = s.Outcome, s.Recheck
	if err := e.journal.save(); err != nil {
		s.Error = err.Error()
	}
	e.pause("step")
}

// Finish marks the journal complete.
func (e *Engine) Finish() error {
	if e.journal == nil {
		return nil
	}
	e.journal.Finished = true
	return e.journal.save()
}

// apply applies one action, recording it in js before it changes anything.
func (e *Engine) apply(ctx context.Context, js *JournalStep, a finding.Action) error {
	switch a.Kind {
	case finding.PathAdd, finding.EnvUnset, finding.SettingsEdit:
		ed, err := e.fileEdit(ctx, a)
		if err != nil {
			return err
		}
		return e.writeEdit(js, ed)
	case finding.GoEnvSet, finding.GoEnvUnset:
		return e.applyGoEnv(ctx, js, a)
	case finding.Mkdir:
		return e.mkdir(js, a.Path)
	case finding.Remove:
		return e.remove(js, a.Path)
	case finding.GoInstall:
		return e.install(ctx, js, a)
	case finding.RunCommand:
		return e.run(ctx, js, a)
	case finding.Kill:
		return e.kill(ctx, js, a)
	}
	return fmt.Errorf("unknown action %q", a.Kind)
}

// writeEdit writes an edit: the backup and the journal first, then the file, atomically.
func (e *Engine) writeEdit(js *JournalStep, ed *edit) error {
	if ed.existed && string(ed.old) == string(ed.new) {
		return nil
	}
	jf, err := e.journal.backup(js, ed.path, hash(ed.new))
	if err != nil {
		return err
	}
	e.pause("journaled")
	if err := atomicfile.WriteFileStep(ed.path, ed.new, jf.Mode, e.pause); err != nil {
		return fmt.Errorf("writing %s: %w", ed.path, err)
	}
	return nil
}

// applyGoEnv runs the real go env -w or -u after backing up the go env file; the file's hash
// after is what the go command wrote.
func (e *Engine) applyGoEnv(ctx context.Context, js *JournalStep, a finding.Action) error {
	ed, err := e.fileEdit(ctx, a)
	if err != nil {
		return err
	}
	if string(ed.old) == string(ed.new) && (ed.existed || ed.new == nil) {
		return nil
	}
	if js.GoEnv == nil {
		js.GoEnv = map[string]string{}
	}
	js.GoEnv[a.Key] = redact.Var(a.Key, goEnvValue(ed.old, a.Key))
	jf, err := e.journal.backup(js, ed.path, hash(ed.new))
	if err != nil {
		return err
	}
	e.pause("journaled")
	if res := e.goEnvCmd(ctx, a, "GOENV="+ed.path); !res.OK() {
		return fmt.Errorf("%s: %s", goEnvArgs(a), res.Output())
	}
	after, err := fileHash(ed.path)
	if err == nil && after != jf.HashAfter {
		jf.HashAfter = after
		return e.journal.save()
	}
	return err
}

// goEnvValue is the value of key in the go env file's content data ("" when it sets none), for
// the journal: the file is read rather than the go command asked, which may not run.
func goEnvValue(data []byte, key string) string {
	v := ""
	for _, line := range strings.Split(string(data), "\n") {
		if val, ok := strings.CutPrefix(strings.TrimSpace(line), key+"="); ok {
			v = val // the go command reads the last one
		}
	}
	return v
}

// mkdir creates dir and the directories above it that are missing, recording them first.
func (e *Engine) mkdir(js *JournalStep, dir string) error {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append([]string{d}, missing...)
	}
	if len(missing) == 0 {
		return nil
	}
	js.Dirs = append(js.Dirs, missing...)
	if err := e.journal.save(); err != nil {
		return err
	}
	e.pause("journaled")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	return nil
}

// remove moves path aside into the run's directory, recording the move first.
func (e *Engine) remove(js *JournalStep, path string) error {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	to := filepath.Join(e.journal.dir, "moved-"+strconv.Itoa(js.N)+"-"+strconv.Itoa(len(js.Moves))+"-"+filepath.Base(path))
	js.Moves = append(js.Moves, JournalMove{From: path, To: to})
	if err := e.journal.save(); err != nil {
		return err
	}
	e.pause("journaled")
	if err := moveAside(path, to); err != nil {
		return fmt.Errorf("moving %s aside (into %s): %w; move or delete it by hand", path, e.journal.dir, err)
	}
	return nil
}

// moveAside renames from to to; across file systems it copies a regular file or a link (mode
// kept) and then removes from, so that from is either still there or gone with its copy whole.
func moveAside(from, to string) error {
	err := os.Rename(from, to)
	if err == nil || !errors.Is(err, syscall.EXDEV) {
		return err
	}
	fi, err := os.Lstat(from)
	if err != nil {
		return err
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(from)
		if err != nil {
			return err
		}
		if err := os.Symlink(target, to); err != nil {
			return err
		}
	case fi.Mode().IsRegular():
		data, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := atomicfile.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%s is on another file system and is not a file", from)
	}
	return os.Remove(from)
}

// install installs a tool through the Installer, recording the version before.
func (e *Engine) install(ctx context.Context, js *JournalStep, a finding.Action) error {
	if e.o.Installer == nil {
		return errors.New("no tools installer: run gomedic tools install " + a.Package + "@" + a.Version)
	}
	js.Tools = append(js.Tools, JournalTool{Package: a.Package})
	if err := e.journal.save(); err != nil {
		return err
	}
	tool, prev, err := e.o.Installer.Install(ctx, a.Package, a.Version)
	t := &js.Tools[len(js.Tools)-1]
	t.Tool, t.Previous, t.Done = tool, prev, err == nil
	if serr := e.journal.save(); serr != nil && err == nil {
		err = serr
	}
	return err
}

// moduleFiles are the files a command run in a module may change, backed up before it runs.
var moduleFiles = []string{"go.mod", "go.sum", "go.work", "go.work.sum"}

// run runs a's command in its directory, with a timeout, after backing up the module files there.
func (e *Engine) run(ctx context.Context, js *JournalStep, a finding.Action) error {
	if len(a.Argv) == 0 {
		return errors.New("a run action without a command")
	}
	var files []int
	for _, name := range moduleFiles {
		p := filepath.Join(a.Dir, name)
		if _, err := e.journal.backup(js, p, ""); err != nil {
			return err
		}
		files = append(files, len(js.Files)-1)
	}
	res := e.o.Host.Run(ctx, host.Cmd{Path: a.Argv[0], Args: a.Argv[1:], Dir: a.Dir, Timeout: 10 * e.o.Timeout})
	for _, i := range files {
		js.Files[i].HashAfter, _ = fileHash(js.Files[i].Path)
	}
	if err := e.journal.save(); err != nil {
		return err
	}
	if !res.OK() {
		return errors.New(res.Failure())
	}
	return nil
}

// cleared reports whether a re-checked check of a step passes: not a problem, and not skipped
// because something it needs fails now.
func cleared(r result.FixRecheck) bool {
	return !r.Status.Problem() && !(r.Status == finding.Skip && r.BlockedBy != "")
}

func containsID(ids []string, id string) bool {
	for _, i := range ids {
		if i == id {
			return true
		}
	}
	return false
}
