package host

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkRun is the cost of running a command that does nothing: fork, exec, wait, and what
// Run does around them (process group, leftovers, bookkeeping of children).
func BenchmarkRun(b *testing.B) {
	if runtime.GOOS == "windows" {
		b.Skip("runs true")
	}
	h := NewReal([]string{"PATH=/usr/bin:/bin"})
	for b.Loop() {
		if res := h.Run(context.Background(), Cmd{Path: "true"}); !res.OK() {
			b.Fatal(res.Failure())
		}
	}
}
