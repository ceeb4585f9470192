//go:build unix

package host

import (
	"os"
	"os/exec"
	"syscall"
)

// setProcessGroup starts the command in a process group of its own, so that a timeout kills the
// command with every child it started (a go command's compiler, a shell's pipeline). A detached
// command gets a session of its own too (setsid), which also makes it the leader of a new process
// group, and leaves it without a controlling terminal. Where the system can, the command is also
// killed when gomedic dies, even by SIGKILL (dieWithParent).
func setProcessGroup(cmd *exec.Cmd, detached bool) {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if detached {
		attr = &syscall.SysProcAttr{Setsid: true}
	}
	dieWithParent(attr)
	cmd.SysProcAttr = attr
}

func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	// The negative pid names the group; fall back to the process if the group is gone.
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		return cmd.Process.Kill()
	}
	return nil
}

// signalProcessGroup sends sig to the command's process group, or to the process alone when the
// group is gone or sig is not a system signal.
func signalProcessGroup(cmd *exec.Cmd, sig os.Signal) error {
	if s, ok := sig.(syscall.Signal); ok && syscall.Kill(-cmd.Process.Pid, s) == nil {
		return nil
	}
	return cmd.Process.Signal(sig)
}

// endGroup kills what remains of the command's process group once the command has been waited
// for, and returns the processes it killed, named where the system tells (Linux). While a member
// remains the group keeps its id; an empty group is simply not found.
func endGroup(cmd *exec.Cmd) []Leftover {
	if cmd.Process == nil {
		return nil
	}
	pgid := cmd.Process.Pid
	if syscall.Kill(-pgid, 0) != nil {
		return nil // nothing was left behind
	}
	left := groupMembers(pgid)
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	reapGroup(pgid)
	return left
}

func signalOf(ee *exec.ExitError) string {
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	return ws.Signal().String()
}

// started does nothing more on Unix: the process group was made by the start itself.
func started(*exec.Cmd) {}
