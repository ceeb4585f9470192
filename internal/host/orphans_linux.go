package host

import (
	"errors"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// dieWithParent makes the kernel kill the command when gomedic dies, however it dies (SIGKILL
// included): PR_SET_PDEATHSIG. The signal is sent when the thread that started the command
// ends; gomedic never ends a thread (it locks none to a goroutine), so that is when the process
// ends.
func dieWithParent(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGKILL
}

// adopting is set once this process is the subreaper of its descendants.
var adopting atomic.Bool

// AdoptOrphans makes this process the subreaper of everything it starts (PR_SET_CHILD_SUBREAPER):
// a process a command started that outlives the command — a daemon that forked twice, a child
// that called setsid or made a process group of its own — is re-parented to gomedic instead of
// to init. The sweep it returns kills and reaps every such orphan (every child of this process
// but the commands a Real host is running); call it before the process exits, once the
// commands are done. Where the system has no subreaper, AdoptOrphans returns an error and a
// sweep that does nothing: commands are still killed with their process group.
func AdoptOrphans() (sweep func(), err error) {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return func() {}, err
	}
	adopting.Store(true)
	return sweepOrphans, nil
}

// maxSweeps bounds the rounds of a sweep: each round kills the orphans found, whose own children
// are re-parented here in turn and killed by the next round.
const maxSweeps = 16

// sweepOrphans kills and reaps every child of this process that no Real host is running as a
// command.
func sweepOrphans() {
	family.starting.Lock()
	defer family.starting.Unlock()
	for range maxSweeps {
		var orphans []int
		for _, pid := range ownChildren() {
			if !family.isLive(pid) {
				orphans = append(orphans, pid)
			}
		}
		if len(orphans) == 0 {
			return
		}
		for _, pid := range orphans {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		for _, pid := range orphans {
			reap(pid)
		}
	}
}

// reapGroup waits for the killed members of group pgid that were re-parented to this process
// (their parent was killed with them), so that none stays a zombie while gomedic runs. Members
// whose parent is elsewhere are that parent's to wait for.
func reapGroup(pgid int) {
	if !adopting.Load() {
		return
	}
	deadline := time.Now().Add(reapTimeout)
	for time.Now().Before(deadline) {
		pending := false
		for _, pid := range ownChildren() {
			if st, ok := readStat(pid); ok && st.pgrp == pgid && !family.isLive(pid) {
				pending = pending || !reapNow(pid)
			}
		}
		if !pending {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// reapTimeout bounds the wait for a killed process to be gone: one stuck in the kernel
// (uninterruptible sleep on a dead network file system) is left to init when gomedic exits.
const reapTimeout = 2 * time.Second

// reap waits for the killed child pid, at most reapTimeout.
func reap(pid int) {
	for deadline := time.Now().Add(reapTimeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if reapNow(pid) {
			return
		}
	}
}

// reapNow collects pid's exit status if it has exited; it reports whether pid is gone (reaped
// now, or not a child of this process any more).
func reapNow(pid int) bool {
	var ws unix.WaitStatus
	got, err := unix.Wait4(pid, &ws, unix.WNOHANG, nil)
	if errors.Is(err, unix.EINTR) {
		return false
	}
	return err != nil || got == pid
}

// isLive reports whether pid is a registered child.
func (c *children) isLive(pid int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live[pid]
}
