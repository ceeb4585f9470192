//go:build !linux

package host

import "context"

// Processes is answered by ps on macOS (host.Processes) and not at all elsewhere yet.
func (*Real) Processes() ([]ProcInfo, error) { return nil, ErrNoProcessList }

// ProcessDetails reads nothing where Processes is not answered by the host itself.
func (*Real) ProcessDetails(*ProcInfo) {}

// process finds one process in the process list (ps on macOS); false when it does not run.
func (r *Real) process(ctx context.Context, pid int) (ProcInfo, bool) {
	all, err := Processes(ctx, r)
	if err != nil {
		return ProcInfo{}, false
	}
	for _, p := range all {
		if p.Pid == pid {
			return p, true
		}
	}
	return ProcInfo{}, false
}
