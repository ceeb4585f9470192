package lsp

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// PeakMemory is the peak resident set size of process pid in bytes, read from the VmHWM line of
// /proc/PID/status on Linux; elsewhere, or when it cannot be read, it is 0 and note says why.
func PeakMemory(h host.Host, pid int) (bytes int64, note string) {
	if h.OS() != "linux" {
		return 0, fmt.Sprintf("peak memory is measured on Linux only (/proc/PID/status), not on %s", h.OS())
	}
	file := fmt.Sprintf("/proc/%d/status", pid)
	data, err := h.ReadFile(file, 1<<20)
	if err != nil {
		return 0, fmt.Sprintf("peak memory unknown: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		rest, ok := strings.CutPrefix(line, "VmHWM:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 2 && f[1] == "kB" {
			if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				return kb * 1024, ""
			}
		}
		break
	}
	return 0, fmt.Sprintf("peak memory unknown: %s has no VmHWM line", file)
}
