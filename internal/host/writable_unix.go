//go:build unix

package host

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// Writable implements Host. It asks the kernel (access(2) for write and search permission, with
// the effective user and group ids: faccessat with AT_EACCESS when they differ from the real
// ones), which accounts for permissions, ACLs, read-only mounts (EROFS) and immutable files, and
// for root says yes to everything but those. Only on a network or FUSE file system, where the
// server or the FUSE program decides and the kernel's yes proves nothing, does it create a file:
// in one of gomedic's own directories on the same file system, else it says it cannot decide.
func (*Real) Writable(dir string, own []string) Writability {
	return decideWritable(dir, own, remoteFS)
}

// decideWritable is Writable with the file system's type (remote: "" for a local file system)
// as a parameter, for tests.
func decideWritable(dir string, own []string, remote func(string) string) Writability {
	if dir == "" {
		return Writability{Err: &fs.PathError{Op: "access", Path: dir, Err: fs.ErrInvalid}}
	}
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return Writability{Err: &fs.PathError{Op: "stat", Path: dir, Err: err}}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return Writability{Err: &fs.PathError{Op: "access", Path: dir, Err: unix.ENOTDIR}}
	}
	if err := canCreateIn(dir); err != nil {
		return Writability{Err: &fs.PathError{Op: "access", Path: dir, Err: err}, How: howAccess}
	}
	fsType := remote(dir)
	if fsType == "" {
		return Writability{How: howAccess}
	}
	dev := uint64(st.Dev)
	return probeOwn(dir, fsType, own, func(p string) bool {
		var o unix.Stat_t
		return unix.Stat(p, &o) == nil && uint64(o.Dev) == dev
	})
}

// canCreateIn asks the kernel whether this process may create entries in dir: write and search
// permission for its effective ids.
func canCreateIn(dir string) error {
	mode := uint32(unix.W_OK | unix.X_OK)
	if os.Geteuid() == os.Getuid() && os.Getegid() == os.Getgid() {
		// access(2) checks the real ids, the same here, and is the kernel's own check everywhere
		// (faccessat with a flag falls back to reading mode bits where faccessat2 is missing).
		return unix.Access(dir, mode)
	}
	return unix.Faccessat(unix.AT_FDCWD, dir, mode, unix.AT_EACCESS)
}
