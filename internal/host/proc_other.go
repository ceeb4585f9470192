//go:build !unix

package host

import "os/exec"

func setProcessGroup(*exec.Cmd, bool) {}

func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}

func killLeftovers(*exec.Cmd) {}

func signalOf(*exec.ExitError) string { return "" }
