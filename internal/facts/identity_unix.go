//go:build unix

package facts

import (
	"fmt"
	"io/fs"
	"syscall"
)

// fileSysIdentity is the inode and change time of a real file: a binary replaced in place keeps
// its path, and maybe its size and modification time, but not both of these.
func fileSysIdentity(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d:%d", st.Dev, st.Ino, ctimeNano(st))
}
