package host

import (
	"os"

	"golang.org/x/sys/unix"
)

// pipeSize is the capacity asked for the output pipe of a long-lived process: a program that
// prints a lot then blocks less often on a reader that is busy (the default is 64 KiB).
const pipeSize = 1 << 20

// growPipe enlarges the pipe f is an end of, when the system allows (an unprivileged process is
// limited by /proc/sys/fs/pipe-max-size); the default size stays otherwise.
func growPipe(f *os.File) {
	if sc, err := f.SyscallConn(); err == nil {
		_ = sc.Control(func(fd uintptr) {
			_, _ = unix.FcntlInt(fd, unix.F_SETPIPE_SZ, pipeSize)
		})
	}
}
