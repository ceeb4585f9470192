//go:build !linux

package host

import "os"

// growPipe is a no-op where pipe capacity cannot be set.
func growPipe(*os.File) {}
