//go:build unix

package host

import (
	"fmt"
	"io/fs"
	"syscall"
)

// FileID is the device, inode and change time of a real file, or "" when fi does not come from
// the file system (a Fake's): a file replaced in place keeps its path, and maybe its size and
// modification time, but not all of these. Caches key on it together with size and mtime.
func FileID(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d:%d", st.Dev, st.Ino, ctimeNano(st))
}

// DevIno is the device and inode of a real file ("dev:ino", as ProcInfo.ExeID), or "" for a
// file that does not come from the file system.
func DevIno(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
}
