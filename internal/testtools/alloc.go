package testtools

import (
	"runtime"
	"testing"
)

// Allocated is how many bytes are allocated while f runs: work a test can count where time
// would depend on the machine. Allocations of other goroutines running meanwhile count too.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// fixedAlloc and allocPerByte are the budget of LinearAlloc: what reading any input may cost,
// and what each byte of it may add.
const (
	fixedAlloc   = 256 << 10
	allocPerByte = 1 << 10
)

// LinearAlloc fails t when f, which reads an input of size bytes, allocates more than a fixed
// 256 KB and 1 KB a byte of the input: the bound a fuzz target puts on work, counted rather than
// timed. Work that grows with the square of its input, or faster, passes it for a few KB.
func LinearAlloc(t testing.TB, size int, f func()) {
	t.Helper()
	budget := fixedAlloc + allocPerByte*uint64(size)
	if n := Allocated(f); n > budget {
		t.Fatalf("reading %d bytes allocated %d bytes, more than the %d a linear reading may", size, n, budget)
	}
}
