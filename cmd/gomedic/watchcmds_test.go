//go:build linux

package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gomedic/gomedic/internal/testtools"
)

// watchCmds are the testscript commands of the watch scenarios: real processes under stand-in
// editors.
func watchCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"spawn":    cmdSpawn,
		"waitfile": cmdWaitFile,
		"reap":     cmdReap,
		"waitargv": cmdWaitArgv,
	}
}

// spawnEnv are the variables of the scenario a spawned program gets (with -env's).
var spawnEnv = []string{"HOME", "PATH", "TMPDIR", "GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOPROXY", "GOTOOLCHAIN", "XDG_CONFIG_HOME"}

// cmdSpawn starts PROG with ARGS in the current directory, its standard input a pipe kept open
// (a language server on stdio waits on it), and writes its pid to PIDFILE. With -editor EXE, a
// copy of /bin/sh at EXE (a stand-in for an editor's extension host: its executable path is what
// the census reads) starts PROG and waits for it; with -orphan too, that parent exits at once,
// so PROG is re-parented the way the kernel re-parents an editor's leftovers. With -ready FILE,
// it returns once PROG has written FILE (a program that must first reach a state). Everything it
// starts is killed when the scenario ends.
//
//	spawn [-editor EXE] [-orphan] [-ready FILE] [-env K=V]... PIDFILE PROG [ARGS...]
func cmdSpawn(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("spawn", flag.ContinueOnError)
	editor := fs.String("editor", "", "")
	orphan := fs.Bool("orphan", false, "")
	ready := fs.String("ready", "", "")
	hold := fs.String("hold", "", "")
	var envs multiFlag
	fs.Var(&envs, "env", "")
	if neg || fs.Parse(args) != nil || fs.NArg() < 2 || ((*orphan || *hold != "") && *editor == "") {
		ts.Fatalf("usage: spawn [-editor EXE [-orphan] [-hold LOG]] [-ready FILE] [-env K=V]... PIDFILE PROG [ARGS...]")
	}
	pidfile, prog := fs.Arg(0), fs.Arg(1)
	if strings.Contains(prog, "/") {
		prog = ts.MkAbs(prog)
	}
	stdinR, stdinW, err := os.Pipe()
	ts.Check(err)
	ts.Defer(func() { stdinW.Close() })
	env := []string{}
	for _, k := range spawnEnv {
		env = append(env, k+"="+ts.Getenv(k))
	}
	env = append(env, envs...)
	var pid int
	if *editor == "" {
		pid = startDirect(ts, prog, fs.Args()[2:], env, stdinR)
	} else {
		if *hold != "" {
			env = append(env, "SPAWN_HOLD="+ts.MkAbs(*hold))
		}
		pid = startUnderEditor(ts, ts.MkAbs(*editor), *orphan, prog, fs.Args()[2:], env, stdinR)
	}
	stdinR.Close()
	ts.Defer(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	waitFor(ts, "pid "+strconv.Itoa(pid)+" to run "+prog, func() bool {
		exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
		return err == nil && strings.TrimSuffix(exe, " (deleted)") == prog
	})
	if *ready != "" {
		waitFor(ts, *ready+" to be written", func() bool { _, err := os.Stat(ts.MkAbs(*ready)); return err == nil })
	}
	ts.Check(os.WriteFile(ts.MkAbs(pidfile), []byte(strconv.Itoa(pid)+"\n"), 0o644))
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func startDirect(ts *testscript.TestScript, prog string, args, env []string, stdin *os.File) int {
	cmd := exec.Command(prog, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = ts.MkAbs("."), env, stdin
	ts.Check(cmd.Start())
	go func() { _ = cmd.Wait() }()
	return cmd.Process.Pid
}

// startUnderEditor starts prog from a shell copied to editorExe, which reports prog's pid on a
// pipe and then waits for prog, or exits at once when orphan is set.
func startUnderEditor(ts *testscript.TestScript, editorExe string, orphan bool, prog string, args, env []string, stdin *os.File) int {
	ts.Check(os.MkdirAll(filepath.Dir(editorExe), 0o755))
	if _, err := os.Stat(editorExe); err != nil {
		data, err := os.ReadFile("/bin/sh")
		ts.Check(err)
		ts.Check(os.WriteFile(editorExe, data, 0o755))
	}
	end := "wait"
	if orphan {
		end = "exit 0"
	}
	pidR, pidW, err := os.Pipe()
	ts.Check(err)
	defer pidR.Close()
	script := `"$@" <&3 3<&- 4>&- & echo $! >&4; exec 4>&-; ` + end
	if slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, "SPAWN_HOLD=") }) {
		script = `exec 5>>"$SPAWN_HOLD"; "$@" <&3 3<&- 4>&- 5>&- & echo $! >&4; exec 4>&-; ` + end
	}
	cmd := exec.Command(editorExe, append([]string{"-c", script, "editor", prog}, args...)...)
	cmd.Dir, cmd.Env, cmd.ExtraFiles = ts.MkAbs("."), env, []*os.File{stdin, pidW}
	ts.Check(cmd.Start())
	pidW.Close()
	ts.Defer(func() { _ = cmd.Process.Kill() })
	go func() { _ = cmd.Wait() }()
	data := make([]byte, 32)
	n, _ := pidR.Read(data)
	pid, err := strconv.Atoi(strings.TrimSpace(string(data[:n])))
	if err != nil {
		ts.Fatalf("spawn: the stand-in editor printed %q, not a pid", data[:n])
	}
	if orphan {
		waitFor(ts, "pid "+strconv.Itoa(pid)+" to be re-parented", func() bool { return parentOf(pid) != cmd.Process.Pid })
	}
	return pid
}

// parentOf is the ppid field of /proc/PID/stat, -1 when it cannot be read.
func parentOf(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(f) < 2 {
		return -1
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}

// waitFor polls cond until it holds, failing the scenario after a generous (scaled) time.
func waitFor(ts *testscript.TestScript, what string, cond func() bool) {
	deadline := time.Now().Add(testtools.Timeout(30 * time.Second))
	for !cond() {
		if time.Now().After(deadline) {
			ts.Fatalf("spawn: waited in vain for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// cmdWaitFile waits until each FILE exists (written by a program a scenario spawned; a glob
// pattern waits for a file it matches), failing after a generous scaled time.
//
//	waitfile FILE...
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: waitfile FILE...")
	}
	for _, f := range args {
		waitFor(ts, f+" to be written", func() bool { m, err := filepath.Glob(ts.MkAbs(f)); return err == nil && len(m) > 0 })
	}
}

// cmdWaitArgv waits until N processes (1 by default) whose executable lies in the scenario's
// directory have ARG among their arguments: children a spawned program starts on its own.
//
//	waitargv ARG [N]
func cmdWaitArgv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitargv ARG [N]")
	}
	n := 1
	if len(args) == 2 {
		var err error
		n, err = strconv.Atoi(args[1])
		ts.Check(err)
	}
	work := ts.Getenv("WORK") + string(filepath.Separator)
	waitFor(ts, fmt.Sprintf("%d processes with the argument %q", n, args[0]), func() bool {
		count := 0
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			exe, err := os.Readlink("/proc/" + e.Name() + "/exe")
			if err != nil || !strings.HasPrefix(exe, work) {
				continue
			}
			argv, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
			if slices.Contains(strings.Split(string(argv), "\x00"), args[0]) {
				count++
			}
		}
		return count >= n
	})
}

// cmdReap ends, when the scenario ends, every process whose executable lies in the scenario's
// directory: what a spawned program started on its own (gopls -remote=auto starts its daemon in a
// session of its own, which spawn does not know of).
//
//	reap
func cmdReap(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: reap")
	}
	work := ts.Getenv("WORK")
	ts.Defer(func() {
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == os.Getpid() {
				continue
			}
			exe, err := os.Readlink("/proc/" + e.Name() + "/exe")
			if err == nil && strings.HasPrefix(exe, work+string(filepath.Separator)) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
}
