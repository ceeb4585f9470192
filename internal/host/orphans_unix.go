//go:build unix && !linux

package host

import "syscall"

// dieWithParent does nothing: only Linux kills a child when its parent dies.
func dieWithParent(*syscall.SysProcAttr) {}

// groupMembers cannot name the members of a process group here.
func groupMembers(int) []Leftover { return nil }
