package host

import "golang.org/x/sys/unix"

// remoteFS names the type of the file system dir is on when it is not a local one (statfs(2)
// without MNT_LOCAL: NFS, SMB, AFP, ...), where the server decides who may write; "" for a local one.
func remoteFS(dir string) string {
	var st unix.Statfs_t
	if unix.Statfs(dir, &st) != nil || st.Flags&unix.MNT_LOCAL != 0 {
		return ""
	}
	if name := unix.ByteSliceToString(st.Fstypename[:]); name != "" {
		return name
	}
	return "network"
}
