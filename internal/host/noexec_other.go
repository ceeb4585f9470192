//go:build !linux

package host

import "errors"

// NoExec reports whether dir is on a file system mounted noexec; gomedic asks only Linux.
func (*Real) NoExec(string) (bool, error) {
	return false, errors.New("mount options are read on Linux only")
}
