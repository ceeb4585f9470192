package host

import "golang.org/x/sys/unix"

// remoteMagic names the file systems, by their statfs(2) magic number, where the kernel's access
// check does not decide: network file systems, whose server does, and FUSE, whose program does.
var remoteMagic = map[uint32]string{
	0x6969:     "NFS",
	0x517b:     "SMB",
	0xff534d42: "CIFS",
	0xfe534d42: "SMB2",
	0x65735546: "FUSE",
	0x01021997: "9P",
	0x00c36400: "Ceph",
	0x5346414f: "AFS",
	0x6b414653: "kAFS",
	0x73757245: "Coda",
	0x564c:     "NCP",
	0x7461636f: "OCFS2",
	0x01161970: "GFS2",
	0x0bd00bd0: "Lustre",
	0x786f4256: "VirtualBox shared folder",
}

// remoteFS names the type of the file system dir is on when the kernel's access check does not
// decide there (remoteMagic); "" for a local file system.
func remoteFS(dir string) string {
	var st unix.Statfs_t
	if unix.Statfs(dir, &st) != nil {
		return ""
	}
	return remoteMagic[uint32(st.Type)]
}
