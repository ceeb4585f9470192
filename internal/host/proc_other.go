//go:build !unix && !windows

package host

import (
	"os"
	"os/exec"
)

func setProcessGroup(*exec.Cmd, bool) {}

func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}

func signalProcessGroup(cmd *exec.Cmd, sig os.Signal) error { return cmd.Process.Signal(sig) }

func endGroup(*exec.Cmd) []Leftover { return nil }

func signalOf(*exec.ExitError) string { return "" }

func started(*exec.Cmd) {}
