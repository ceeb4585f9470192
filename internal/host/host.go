// Package host is the machine as gomedic's checks see it: its environment, its files, the commands
// it can run and what kind of machine it is. Checks never call os.Getenv or exec.Command directly;
// they go through a Host, so that the macOS- and Windows-only facts can be tested on any machine
// with a Fake.
package host

import (
	"context"
	"io"
	"io/fs"
)

// File is an open regular file.
type File interface {
	io.ReaderAt
	io.Closer
	Size() int64
}

// Host is the machine gomedic examines.
type Host interface {
	// OS is the machine's operating system in GOOS terms.
	OS() string
	// Arch is the machine's native architecture in GOARCH terms. It differs from the architecture
	// gomedic was built for when gomedic itself runs under emulation (Rosetta 2).
	Arch() string
	// Translated reports whether this process runs under binary translation (Rosetta 2 on macOS,
	// x64 emulation on Windows on Arm).
	Translated() bool

	// Env is the process environment gomedic was started with.
	Env() *Env
	// HomeDir is the user's home directory, or "" when it cannot be determined.
	HomeDir() string

	// Stat, Lstat, ReadDir, Readlink and EvalSymlinks behave like their os and path/filepath namesakes.
	Stat(name string) (fs.FileInfo, error)
	Lstat(name string) (fs.FileInfo, error)
	ReadDir(name string) ([]fs.DirEntry, error)
	Readlink(name string) (string, error)
	EvalSymlinks(name string) (string, error)
	// ReadFile reads at most limit bytes of a regular file; a longer file is an error wrapping
	// ErrTooLarge, and a file that is not regular (a FIFO, a device) an error, so a read never hangs.
	ReadFile(name string, limit int64) ([]byte, error)
	// Open opens a regular file for reading at random offsets (reading a binary's headers); a file
	// that is not regular is an error, so an open never blocks on a FIFO.
	Open(name string) (File, error)
	// Writable decides whether files can be created in the existing directory dir, without
	// creating anything in it where the OS allows (writable_unix.go): own are gomedic's own
	// directories, where a file may be created and removed instead, on dir's file system, when
	// the OS cannot answer for dir.
	Writable(dir string, own []string) Writability

	// Run runs a command to completion or until its timeout, and never returns a nil Result. The
	// Result tells apart a command that could not be started (NotStarted), one that exited (with
	// the processes it left running named in Leftovers, and killed), and one that timed out.
	Run(ctx context.Context, c Cmd) *Result
	// Start starts a long-lived command with pipes to its standard input and output (a
	// language server), in a process group of its own that is killed when ctx ends, when c's
	// timeout passes, or by Process.Kill. It fails only when the command cannot be started, with
	// a *StartError.
	Start(ctx context.Context, c Cmd) (*Process, error)
}

// MountInfo is what a Host that can read mount options answers: whether a directory is on a file
// system mounted noexec. Real answers on Linux; Fake from its NoExecDirs.
type MountInfo interface {
	NoExec(dir string) (bool, error)
}

// NoExec reports whether h knows dir to be on a noexec mount; false when h cannot tell.
func NoExec(h Host, dir string) bool {
	mi, ok := h.(MountInfo)
	if !ok {
		return false
	}
	noexec, err := mi.NoExec(dir)
	return err == nil && noexec
}
