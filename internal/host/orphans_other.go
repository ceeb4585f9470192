//go:build !linux

package host

import "errors"

// AdoptOrphans is Linux's (PR_SET_CHILD_SUBREAPER): elsewhere it returns an error and a sweep
// that does nothing, and commands are killed with their process group (Unix) or their job
// object (Windows).
func AdoptOrphans() (sweep func(), err error) {
	return func() {}, errors.New("adopting orphaned processes: not supported on this system")
}

// exitedUnreaped is not known here: false.
func exitedUnreaped(int) bool { return false }
