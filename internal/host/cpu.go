package host

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

// CPUInfo is what a Host that knows the processor answers: the highest GOAMD64 level (1 to 4)
// the machine's amd64 processor runs, or 0 when it is not an amd64 processor or cannot tell; and
// the features of an arm or arm64 processor that the Go runtime checks at start. Real answers
// from the processor's feature flags; Fake from its AMD64LevelValue and ARMValue.
type CPUInfo interface {
	AMD64Level() int
	ARM() ARMFeatures
}

// ARMFeatures are the features of an arm (32-bit) or arm64 processor that a Go program's runtime
// checks before main: on linux/arm64, LSE when built with GOARM64=v8.1 or later (or ",lse");
// on linux/arm, VFP and VFPv3 for hard float (checkgoarm); on netbsd/arm and openbsd/arm, more
// than one processor when built with GOARM below 7.
type ARMFeatures struct {
	// Read says LSE, VFP and VFPv3 were read from the processor; without it they say nothing.
	Read bool
	// LSE is arm64's Large System Extensions (atomics, FEAT_LSE; HWCAP_ATOMICS).
	LSE bool
	// VFP and VFPv3 are arm's floating-point hardware (HWCAP_VFP, HWCAP_VFPv3).
	VFP, VFPv3 bool
	// CPUs is the number of processors (0: unknown).
	CPUs int
}

// ARM is what h's arm or arm64 processor has; the zero value when h cannot tell.
func ARM(h Host) ARMFeatures {
	if ci, ok := h.(CPUInfo); ok {
		return ci.ARM()
	}
	return ARMFeatures{}
}

// ARM reads the processor's hardware capabilities (the kernel's auxiliary vector, through
// x/sys/cpu) as the runtime does. Only Linux is read: elsewhere x/sys/cpu guesses a minimum.
func (r *Real) ARM() ARMFeatures {
	switch runtime.GOARCH {
	case "arm64":
		return ARMFeatures{Read: runtime.GOOS == "linux", LSE: cpu.ARM64.HasATOMICS, CPUs: runtime.NumCPU()}
	case "arm":
		return ARMFeatures{Read: runtime.GOOS == "linux", VFP: cpu.ARM.HasVFP, VFPv3: cpu.ARM.HasVFPv3, CPUs: runtime.NumCPU()}
	}
	return ARMFeatures{}
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

// ARM is the fake processor's ARMValue.
func (f *Fake) ARM() ARMFeatures { return f.ARMValue }
