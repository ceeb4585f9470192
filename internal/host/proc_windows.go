package host

import (
	"os"
	"os/exec"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

// jobs holds the job object each command runs in, by process id: Windows has no process groups
// to kill a command with its children, so every command gets a job of its own, which also dies
// with gomedic (however it ends: the job is closed with its last handle, and kills what is in
// it). One per process, like the children it is about (see family); nothing swaps it.
var jobs sync.Map // int -> windows.Handle

func setProcessGroup(*exec.Cmd, bool) {}

// started puts the command's process into a new job object that kills every process in it when
// it is closed, so that the command's children are killed with it and with gomedic. A process
// that cannot be put in a job (gomedic's own job forbids it) is killed alone, as before.
func started(cmd *exec.Cmd) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return
	}
	var info windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	_, err = windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation, uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	if err == nil {
		// os.Process keeps a handle of the process open, so its id names no other process.
		var proc windows.Handle
		proc, err = windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(cmd.Process.Pid))
		if err == nil {
			err = windows.AssignProcessToJobObject(job, proc)
			windows.CloseHandle(proc)
		}
	}
	if err != nil {
		windows.CloseHandle(job)
		return
	}
	jobs.Store(cmd.Process.Pid, job)
}

// killProcessGroup kills the command's job, or the process alone when it has none.
func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	if job, ok := jobs.Load(cmd.Process.Pid); ok && windows.TerminateJobObject(job.(windows.Handle), 1) == nil {
		return nil
	}
	return cmd.Process.Kill()
}

func signalProcessGroup(cmd *exec.Cmd, sig os.Signal) error { return cmd.Process.Signal(sig) }

// endGroup kills what remains in the command's job once the command has been waited for, and
// closes the job. Windows does not name what was left here.
func endGroup(cmd *exec.Cmd) []Leftover {
	if cmd.Process == nil {
		return nil
	}
	if job, ok := jobs.LoadAndDelete(cmd.Process.Pid); ok {
		_ = windows.TerminateJobObject(job.(windows.Handle), 1)
		windows.CloseHandle(job.(windows.Handle))
	}
	return nil
}

func signalOf(*exec.ExitError) string { return "" }
