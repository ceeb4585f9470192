//go:build unix

package host

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
	"testing"
)

// mkfifo makes a named pipe at path.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
}

// alive reports whether the process pid exists and is not a zombie (a killed orphan that its
// new parent has not reaped yet is gone for our purposes).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	if errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, rerr := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if rerr != nil {
		return err == nil || errors.Is(err, syscall.EPERM)
	}
	// The state follows the command name in parentheses: "pid (comm) S ...".
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z' && stat[i+2] != 'X'
	}
	return true
}

var errExecFormat = syscall.ENOEXEC

var errTextBusy = syscall.ETXTBSY
