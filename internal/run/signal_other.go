//go:build !unix

package run

import "os"

func signalNumber(string) int { return 0 }

// quitSignal is nil where a process cannot be sent SIGQUIT: a timeout kills it at once.
var quitSignal os.Signal
