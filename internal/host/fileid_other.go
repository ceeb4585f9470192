//go:build !unix

package host

import "io/fs"

// FileID adds nothing where the file system's identity is not at hand: size, modification time
// and mode still change when a file is replaced.
func FileID(fs.FileInfo) string { return "" }

// DevIno is "" where the file system's identity of a file is not read.
func DevIno(fs.FileInfo) string { return "" }
