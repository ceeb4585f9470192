//go:build unix && !linux

package host

import "syscall"

// dieWithParent does nothing: only Linux kills a child when its parent dies.
func dieWithParent(*syscall.SysProcAttr) {}

// groupMembers cannot name the members of a process group here.
func groupMembers(int) []Leftover { return nil }

// reapGroup does nothing: without a subreaper, init waits for the killed members.
func reapGroup(int) {}
