//go:build unix

package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

// procCmds are the testscript commands of the scenarios about the processes gomedic starts.
func procCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"gone": cmdGone,
	}
}

// cmdGone checks that the process whose pid each file holds no longer runs (a zombie has ended
// too): a process a scenario's program started, which must not outlive gomedic. It kills one
// that still runs, so that a failing scenario leaves nothing behind either.
//
//	gone PIDFILE...
func cmdGone(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: gone pidfile...")
	}
	var alive []string
	for _, file := range args {
		data := strings.TrimSpace(ts.ReadFile(file))
		pid, err := strconv.Atoi(data)
		if err != nil || pid <= 0 {
			ts.Fatalf("gone: %s holds %q, not a pid", file, data)
		}
		if running(pid) {
			alive = append(alive, file+" ("+data+")")
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	if len(alive) > 0 {
		ts.Fatalf("still running: %s", strings.Join(alive, ", "))
	}
}

// running reports whether process pid exists and has not ended (a zombie has).
func running(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && err != syscall.EPERM {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true // no /proc: kill says it exists
	}
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || (stat[i+2] != 'Z' && stat[i+2] != 'X')
}
