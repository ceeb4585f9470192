//go:build unix

package binfo

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading without blocking, should it have
// become a FIFO since it was checked to be a regular file.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
