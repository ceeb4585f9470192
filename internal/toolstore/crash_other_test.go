//go:build !unix

package toolstore

import (
	"fmt"
	"os"
)

// helperMain: the crash tests that use helper processes run on Unix only.
func helperMain(role string) int {
	fmt.Fprintf(os.Stderr, "helper role %s: not on this OS\n", role)
	return 2
}
