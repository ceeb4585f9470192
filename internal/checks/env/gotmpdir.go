package env

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// workDirSetting is the directory the go command makes its work directories in, and the
// variable that names it: GOTMPDIR when set (environment or go env file), else the OS temporary
// directory (TMPDIR on Unix), else its default.
type workDirSetting struct {
	v       goenv.Value // the variable; Source is FromDefault for the OS's default directory
	dir     string
	viaTemp bool // GOTMPDIR is empty: the directory is the OS temporary directory
}

func workDirOf(f *facts.Facts) workDirSetting {
	if v := f.Value("GOTMPDIR"); v.Value != "" {
		return workDirSetting{v: v, dir: v.Value}
	}
	dir, name := goenv.TempDir(f.Host)
	if name == "" {
		return workDirSetting{v: goenv.Value{Name: "TMPDIR", Value: dir, Source: goenv.FromDefault}, dir: dir, viaTemp: true}
	}
	return workDirSetting{v: goenv.Value{Name: name, Value: dir, Source: goenv.FromEnvironment}, dir: dir, viaTemp: true}
}

// what names the setting for a title: "GOTMPDIR", "TMPDIR (GOTMPDIR is not set)", "the
// temporary directory /tmp".
func (w workDirSetting) what() string {
	switch {
	case !w.viaTemp:
		return "GOTMPDIR " + w.dir
	case w.v.Source == goenv.FromDefault:
		return "the temporary directory " + w.dir
	}
	return fmt.Sprintf("%s %s (GOTMPDIR is not set)", w.v.Name, w.dir)
}

// gotmpdir judges the directory every build, test, run, vet, install and gopls package load makes
// its work directory in (cmd/go/internal/work.NewBuilder: os.MkdirTemp(GOTMPDIR, "go-build")).
// The go command never creates it, and go env and go list -m do not need it, so a missing or
// read-only one leaves them working while everything that compiles fails with "go: creating work
// dir: ...".
func gotmpdir(_ context.Context, f *facts.Facts) finding.Finding {
	w := workDirOf(f)
	ev := []finding.Evidence{{Command: w.v.Name + "=" + w.dir, Output: "from " + w.v.Where()}}
	if w.viaTemp {
		ev[0].Output += "; GOTMPDIR is not set, so the go command uses the system's temporary directory"
	}
	problem, fix := workDirProblem(f, w, &ev)
	switch {
	case problem == "" && host.NoExec(f.Host, w.dir):
		return noExecWorkDir(f, w, ev)
	case problem == "":
		return finding.Finding{Status: finding.OK, Title: "the go command makes its work directories in " + w.dir, Evidence: ev}
	case fix == nil:
		return finding.Finding{Status: finding.Info, Title: "cannot tell whether the go command can make its work directories in " + w.dir,
			Detail: problem + ".\nIf it cannot, every build, test and gopls load fails with \"go: creating work dir\".", Evidence: ev}
	}
	return finding.Finding{
		Status: finding.Fail,
		Title:  problem,
		Detail: fmt.Sprintf("%s. Every go build, go test, go run, go vet, go install and every package load of gopls makes a work directory there first, "+
			"so each fails with \"go: creating work dir: ...\" (the editor shows it as a load error on every file, and tool installs fail the same way), "+
			"while go env and go list -m, which build nothing, still work.", advice.Where(w.v)),
		Evidence: ev,
		Fix:      fix,
	}
}

// workDirProblem says what keeps the go command from making a work directory in w.dir, as a
// title, with the fix; no fix means it could not be decided. It adds the writability evidence.
func workDirProblem(f *facts.Facts, w workDirSetting, ev *[]finding.Evidence) (string, *finding.Fix) {
	if !host.IsAbs(f.Host, w.dir) {
		p := fmt.Sprintf("%s=%s is a relative path", w.v.Name, w.dir)
		if strings.HasPrefix(w.dir, "~") {
			p = fmt.Sprintf("%s=%s starts with a literal ~, which the go command does not expand", w.v.Name, w.dir)
		}
		return p + ": the go command makes its work directories relative to whatever directory it runs in", unsetWorkDir(f, w)
	}
	fi, err := f.Host.Stat(w.dir)
	switch {
	case host.IsNotExist(err):
		return w.what() + " does not exist (the go command never creates it)", createWorkDir(f, w)
	case err != nil:
		return fmt.Sprintf("%s cannot be used: %v", w.what(), err), unsetWorkDir(f, w)
	case !fi.IsDir():
		return w.what() + " is a file, not a directory", unsetWorkDir(f, w)
	}
	wr := f.Host.Writable(w.dir, f.OwnDirs())
	*ev = append(*ev, writableEvidence(w.dir, wr))
	switch {
	case wr.Unknown:
		return fmt.Sprintf("%s: %v", w.what(), wr.Err), nil
	case !wr.OK():
		return fmt.Sprintf("%s cannot be written (%v)", w.what(), wr.Err), unsetWorkDir(f, w)
	}
	return "", nil
}

// createWorkDir is the fix for a work directory that does not exist: create it when its nearest
// existing parent takes new directories, else stop setting the variable.
func createWorkDir(f *facts.Facts, w workDirSetting) *finding.Fix {
	if c := creatable(f, w.dir); !c.OK() {
		return unsetWorkDir(f, w)
	}
	summary := fmt.Sprintf("Create %s: the go command uses it as it is and never creates it.", w.dir)
	if w.v.Source != goenv.FromDefault {
		summary += fmt.Sprintf(" If it is a directory that goes away (a mount, a per-session directory), stop setting %s instead.", w.v.Name)
	}
	return &finding.Fix{Summary: summary, Commands: []string{"mkdir -p " + f.Shell().Quote(w.dir)}, Auto: true,
		Actions: []finding.Action{{Kind: finding.Mkdir, Path: w.dir}}, Docs: advice.DocsGoEnv}
}

// unsetWorkDir is the fix that stops setting the variable naming an unusable work directory, so
// the go command falls back to the system's temporary directory; for the system's own default,
// the directory has to be repaired by hand.
func unsetWorkDir(f *facts.Facts, w workDirSetting) *finding.Fix {
	if w.v.Source == goenv.FromDefault {
		return &finding.Fix{Summary: fmt.Sprintf("Make %s a directory every user can write (on most systems: a directory with mode 1777), or set GOTMPDIR to a directory you can write.", w.dir),
			Commands: []string{"go env -w GOTMPDIR=" + f.Shell().Quote(filepath.Join(f.Host.HomeDir(), "tmp")) + "   # after mkdir -p of that directory"}, Docs: advice.DocsGoEnv}
	}
	why := " so the go command uses the system's temporary directory"
	if !w.viaTemp {
		if tmp, _ := goenv.TempDir(f.Host); tmp != "" {
			why += " (" + tmp + ")"
		}
	}
	return advice.Unset(f, w.v, why)
}

// noExecWorkDir is the finding for a work directory on a file system mounted noexec (a hardened
// /tmp): builds work, but go run and go test start the program they built from the work
// directory, and the kernel refuses ("fork/exec .../b001/exe/main: permission denied").
func noExecWorkDir(f *facts.Facts, w workDirSetting, ev []finding.Evidence) finding.Finding {
	ev = append(ev, finding.Evidence{Command: "statfs " + w.dir, Output: "mounted noexec"})
	fd := finding.Finding{
		Status: finding.Warn,
		Title:  w.what() + " is on a file system mounted noexec",
		Detail: fmt.Sprintf("%s. Builds, gopls and tool installs work, but go run and go test start the program they build from their work directory there, and the kernel refuses: "+
			"\"fork/exec %s/go-build.../b001/exe/main: permission denied\" (the editor's run test and debug test code lenses fail the same way).", advice.Where(w.v), w.dir),
		Evidence: ev,
	}
	home := f.Host.HomeDir()
	if home == "" || host.NoExec(f.Host, home) {
		fd.Fix = &finding.Fix{Summary: "Set GOTMPDIR to a directory you can write on a file system that allows running programs (go env -w GOTMPDIR=DIR, after creating it).", Docs: advice.DocsGoEnv}
		return fd
	}
	dir := filepath.Join(home, ".cache", "go-tmp")
	fd.Fix = advice.Set(f, "GOTMPDIR", dir, " (a directory of yours where programs may run; the go command never creates it, so it is created first)")
	fd.Fix.Commands = append([]string{"mkdir -p " + f.Shell().Quote(dir)}, fd.Fix.Commands...)
	fd.Fix.Actions = append([]finding.Action{{Kind: finding.Mkdir, Path: dir}}, fd.Fix.Actions...)
	return fd
}
