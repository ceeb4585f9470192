//go:build !unix

package host

import "io/fs"

// Writable implements Host. Windows has no access(2) that answers for its access control lists,
// so it decides by creating a file in dir and removing it at once: the one place where gomedic
// touches a directory it only examines.
func (*Real) Writable(dir string, _ []string) Writability {
	if dir == "" {
		return Writability{Err: &fs.PathError{Op: "probe", Path: dir, Err: fs.ErrInvalid}}
	}
	return Writability{Err: probeIn(dir), How: "a file created and removed in " + dir}
}
