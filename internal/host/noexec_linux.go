package host

import "golang.org/x/sys/unix"

// NoExec reports whether dir is on a file system mounted noexec (statfs(2)'s ST_NOEXEC), where
// no program can be started from.
func (*Real) NoExec(dir string) (bool, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false, err
	}
	return st.Flags&unix.ST_NOEXEC != 0, nil
}
