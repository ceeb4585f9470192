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
// group, and leaves it without a controlling terminal.
func setProcessGroup(cmd *exec.Cmd, detached bool) {
	if detached {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
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

// killLeftovers kills what remains of the command's process group once the command has been
// waited for. While a member remains the group keeps its id; an empty group is simply not found.
func killLeftovers(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

func signalOf(ee *exec.ExitError) string {
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	return ws.Signal().String()
}
