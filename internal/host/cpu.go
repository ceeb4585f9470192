package host

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

// CPUInfo is what a Host that knows the processor answers: the highest GOAMD64 level (1 to 4)
// the machine's amd64 processor runs, or 0 when it is not an amd64 processor or cannot tell.
// Real answers from the processor's feature flags; Fake from its AMD64Level.
type CPUInfo interface {
	AMD64Level() int
}

// AMD64Level is the highest GOAMD64 level h's processor runs, 0 when h cannot tell.
func AMD64Level(h Host) int {
	if ci, ok := h.(CPUInfo); ok {
		return ci.AMD64Level()
	}
	return 0
}

// AMD64Level reads the processor's feature flags as the Go runtime checks them at start for a
// program built with GOAMD64=vN (the x86-64 microarchitecture levels): v2 adds SSE3, SSSE3,
// SSE4.1, SSE4.2 and POPCNT; v3 AVX, AVX2, BMI1, BMI2, FMA and OS support for AVX; v4 the
// AVX-512 F, BW, CD, DQ and VL sets. A few flags of a level (CX16, MOVBE, F16C, LZCNT) are not
// read, so a level may be overestimated, never underestimated: a program is never said not to run
// when it does.
func (r *Real) AMD64Level() int {
	if runtime.GOARCH != "amd64" {
		return 0
	}
	x := cpu.X86
	level := 1
	if x.HasSSE3 && x.HasSSSE3 && x.HasSSE41 && x.HasSSE42 && x.HasPOPCNT {
		level = 2
	} else {
		return level
	}
	if x.HasAVX && x.HasAVX2 && x.HasBMI1 && x.HasBMI2 && x.HasFMA && x.HasOSXSAVE {
		level = 3
	} else {
		return level
	}
	if x.HasAVX512F && x.HasAVX512BW && x.HasAVX512CD && x.HasAVX512DQ && x.HasAVX512VL {
		level = 4
	}
	return level
}

// AMD64Level is the fake processor's GOAMD64 level (AMD64LevelValue; 0: unknown).
func (f *Fake) AMD64Level() int { return f.AMD64LevelValue }
