//go:build unix

package host

// NetworkFS names the file system dir is on when its server or program, not this kernel, decides
// what happens there (NFS, SMB, FUSE, 9P, a VirtualBox shared folder, ...); "" for a local file
// system or where the system cannot tell. It reads this machine, not a Host: a fake has none.
func NetworkFS(dir string) string { return remoteFS(dir) }
