package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gomedic/gomedic/internal/toolstore"
)

// writeCmds are the testscript commands of the scenarios about what gomedic writes.
func writeCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"writes":     cmdWrites,
		"rodir":      cmdRodir,
		"passwdhome": cmdPasswdhome,
		"noexecdir":  cmdNoexecdir,
	}
}

// goCacheWriters are the programs that may write in GOCACHE and GOMODCACHE: the go command and
// the tools it runs to build. What it caches, and whether it downloads a module, is the go
// command's own decision; gomedic and the editor tools it examines write nothing there
// themselves.
var goCacheWriters = []string{"go", "compile", "link", "asm", "cgo", "vet", "buildid", "pack", "cover"}

// traces numbers the trace files of a test process.
var traces atomic.Int64

// cmdWrites runs gomedic under strace and fails when it, or any program it started, created,
// changed or removed a file outside the places a run that repairs nothing may write to:
//
//	writes ARGS...
//
// Those places are gomedic's own cache and data directories (its scratch space, $GOMEDIC_CACHE/tmp,
// must be gone when it exits); the temporary directory, as long as nothing is left there; the
// terminal and /dev/null; and GOCACHE and GOMODCACHE for the go command and the programs it runs
// alone (goCacheWriters). gomedic must exit with status 0 or 1; its stdout and stderr are kept
// for the commands that follow, as exec keeps them.
func cmdWrites(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: writes gomedic-args...")
	}
	tmp := ts.Getenv("TMPDIR")
	before := treeEntries(tmp)
	dir := filepath.Join(ts.Getenv("WORK"), ".strace")
	ts.Check(os.MkdirAll(dir, 0o755))
	out := filepath.Join(dir, fmt.Sprintf("%d.trace", traces.Add(1)))
	err := ts.Exec("strace", append(straceArgs(out), append([]string{"gomedic"}, args...)...)...)
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		ts.Fatalf("gomedic %s under strace: %v\n%s", strings.Join(args, " "), err, ts.ReadFile("stderr"))
	}
	f, err := os.Open(out)
	ts.Check(err)
	defer f.Close()
	changes, err := parseStrace(f, ts.MkAbs("."))
	ts.Check(err)
	bad := newWriteRules(ts.Getenv).forbidden(changes)
	for _, p := range treeEntries(tmp) {
		if !slices.Contains(before, p) {
			bad = appendOnce(bad, p+": left in the temporary directory")
		}
	}
	for _, p := range treeEntries(filepath.Join(ts.Getenv("GOMEDIC_CACHE"), "tmp")) {
		bad = appendOnce(bad, p+": left in gomedic's scratch space")
	}
	if len(bad) > 0 {
		if len(bad) > 60 {
			bad = append(bad[:60], fmt.Sprintf("... and %d more", len(bad)-60))
		}
		ts.Fatalf("gomedic %s changed what it must leave alone (trace: %s):\n\t%s", strings.Join(args, " "), out, strings.Join(bad, "\n\t"))
	}
	ts.Logf("gomedic %s: %d changes to the file system, each where it may write", strings.Join(args, " "), len(changes))
}

// forbidden lists the changes a read-only run must not make, one line per path and program
// with the calls that changed it.
func (r writeRules) forbidden(changes []fsWrite) []string {
	type key struct{ path, why, comm string }
	var keys []key
	calls := map[key][]string{}
	for _, w := range changes {
		why := r.judge(w)
		if why == "" {
			continue
		}
		k := key{w.Path, why, w.Comm}
		if _, seen := calls[k]; !seen {
			keys = append(keys, k)
		}
		calls[k] = appendOnce(calls[k], w.Call)
	}
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%s: %s, by %s (%s)", k.path, k.why, k.comm, strings.Join(calls[k], ", ")))
	}
	return out
}

func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// treeEntries lists every path under dir (not dir itself); none when it does not exist.
func treeEntries(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err == nil && p != dir {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// writeRules are the places a read-only run may change.
type writeRules struct {
	anyone []string // anyone may write here
	goOnly []string // only goCacheWriters may write here
}

// newWriteRules are the places of a scenario's environment (getenv).
func newWriteRules(getenv func(string) string) writeRules {
	var r writeRules
	home := getenv("HOME")
	for _, d := range []string{getenv("GOMEDIC_CACHE"), toolstore.DefaultHome(getenv, runtime.GOOS, home), getenv("TMPDIR"), "/dev/null", "/dev/tty", "/dev/pts"} {
		r.anyone = appendRoot(r.anyone, d)
	}
	for _, d := range []string{getenv("GOCACHE"), getenv("GOMODCACHE")} {
		r.goOnly = appendRoot(r.goOnly, d)
	}
	return r
}

// appendRoot adds dir, and the path it resolves to when that differs, to roots.
func appendRoot(roots []string, dir string) []string {
	if dir == "" {
		return roots
	}
	roots = append(roots, filepath.Clean(dir))
	if real, err := filepath.EvalSymlinks(dir); err == nil && real != filepath.Clean(dir) {
		roots = append(roots, real)
	}
	return roots
}

// judge says why w is a change a read-only run must not make, or "" when it may.
func (r writeRules) judge(w fsWrite) string {
	if under(w.Path, r.anyone) {
		return ""
	}
	if under(w.Path, r.goOnly) {
		if slices.Contains(goCacheWriters, w.Comm) {
			return ""
		}
		return "a Go cache changed by a program other than the go command"
	}
	return "outside the places a check may write"
}

// under reports whether p is one of roots or inside one.
func under(p string, roots []string) bool {
	for _, r := range roots {
		if p == r || strings.HasPrefix(p, strings.TrimSuffix(r, "/")+"/") {
			return true
		}
	}
	return false
}

// roMountScript makes its first argument a read-only bind mount of itself, then runs the rest.
const roMountScript = `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"`

// unshareArgs are unshare's flags for a private mount namespace: root has the right to mount;
// another user gets it in a user namespace of its own, mapped to root.
func unshareArgs() []string {
	if os.Geteuid() == 0 {
		return []string{"-m"}
	}
	return []string{"-rm"}
}

// roMountErr is why a read-only bind mount cannot be made here, decided once.
var roMountErr = sync.OnceValue(func() error {
	dir, err := os.MkdirTemp("", "romount")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	args := append(unshareArgs(), "sh", "-c", roMountScript, "sh", dir, "sh", "-c", `! touch "$0/probe" 2>/dev/null`, dir)
	if out, err := exec.Command("unshare", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("unshare %s: %v %s", strings.Join(args, " "), err, out)
	}
	return nil
})

// cmdRodir runs a command, as exec does, in a private mount namespace where DIR is mounted
// read-only (a read-only file system: root cannot write it either). Guard it with [romount].
//
//	rodir DIR COMMAND [ARGS...]
func cmdRodir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: rodir dir command [args...]")
	}
	unshare := append(unshareArgs(), "sh", "-c", roMountScript, "sh", ts.MkAbs(args[0]))
	err := ts.Exec("unshare", append(unshare, args[1:]...)...)
	switch {
	case err != nil && !neg:
		ts.Fatalf("%s (in a namespace where %s is read-only): %v\n%s", strings.Join(args[1:], " "), args[0], err, ts.ReadFile("stderr"))
	case err == nil && neg:
		ts.Fatalf("%s (in a namespace where %s is read-only) succeeded unexpectedly", strings.Join(args[1:], " "), args[0])
	}
}

// noExecMountScript makes its first argument a noexec bind mount of itself, then runs the rest.
const noExecMountScript = `mount --bind "$1" "$1" && mount -o remount,noexec,bind "$1" && shift && exec "$@"`

// cmdNoexecdir runs a command, as exec does, in a private mount namespace where DIR is mounted
// noexec (a hardened /tmp: no program can be started from it). Guard it with [romount].
//
//	noexecdir DIR COMMAND [ARGS...]
func cmdNoexecdir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: noexecdir dir command [args...]")
	}
	unshare := append(unshareArgs(), "sh", "-c", noExecMountScript, "sh", ts.MkAbs(args[0]))
	err := ts.Exec("unshare", append(unshare, args[1:]...)...)
	switch {
	case err != nil && !neg:
		ts.Fatalf("%s (in a namespace where %s is noexec): %v\n%s", strings.Join(args[1:], " "), args[0], err, ts.ReadFile("stderr"))
	case err == nil && neg:
		ts.Fatalf("%s (in a namespace where %s is noexec) succeeded unexpectedly", strings.Join(args[1:], " "), args[0])
	}
}

// passwdScript bind-mounts its first argument over /etc/passwd, then runs the rest.
const passwdScript = `mount --bind "$1" /etc/passwd && shift && exec "$@"`

// cmdPasswdhome runs a command, as exec does, in a private mount namespace where the password
// database gives the user it runs as (root there: unshare maps another user to it) the home
// directory DIR: programs that take the home directory from it rather than from HOME (dlv,
// through os/user) then look there. Guard it with [romount].
//
//	passwdhome DIR COMMAND [ARGS...]
func cmdPasswdhome(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: passwdhome dir command [args...]")
	}
	data, err := os.ReadFile("/etc/passwd")
	ts.Check(err)
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if f := strings.Split(l, ":"); len(f) == 7 && f[2] == "0" {
			f[5] = ts.MkAbs(args[0])
			l = strings.Join(f, ":")
		}
		lines = append(lines, l)
	}
	passwd := filepath.Join(ts.Getenv("WORK"), ".passwd")
	ts.Check(os.WriteFile(passwd, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	unshare := append(unshareArgs(), "sh", "-c", passwdScript, "sh", passwd)
	if err := ts.Exec("unshare", append(unshare, args[1:]...)...); err != nil {
		ts.Fatalf("%s (with the home directory %s): %v\n%s", strings.Join(args[1:], " "), args[0], err, ts.ReadFile("stderr"))
	}
}
