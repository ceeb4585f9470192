//go:build !linux

package host

// Processes is answered by ps on macOS (host.Processes) and not at all elsewhere yet.
func (*Real) Processes() ([]ProcInfo, error) { return nil, ErrNoProcessList }

// ProcessDetails reads nothing where Processes is not answered by the host itself.
func (*Real) ProcessDetails(*ProcInfo) {}
