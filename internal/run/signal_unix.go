//go:build unix

package run

import (
	"os"
	"syscall"
)

// signalNumber is the number of the signal this system names name ("killed", "aborted"), or 0.
func signalNumber(name string) int {
	for n := 1; n < 65; n++ {
		if syscall.Signal(n).String() == name {
			return n
		}
	}
	return 0
}

// quitSignal makes a Go program print every goroutine's stack and exit.
var quitSignal os.Signal = syscall.SIGQUIT
