package watch

import (
	"fmt"
	"strconv"
	"strings"
)

// memUnits are the suffixes GOMEMLIMIT accepts (runtime/debug.SetMemoryLimit's syntax, parsed
// by the runtime's parseByteCount): B and the binary units only.
var memUnits = []struct {
	suffix string
	mult   int64
}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// ParseMemLimit reads a GOMEMLIMIT value as the Go runtime does: a byte count with an optional
// B, KiB, MiB, GiB or TiB suffix. "" and "off" are no limit (0, no error).
func ParseMemLimit(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "off" {
		return 0, nil
	}
	mult := int64(1)
	for _, u := range memUnits {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = num, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("reading the memory limit %q: not a byte count like 2GiB", s)
	}
	return n * mult, nil
}
