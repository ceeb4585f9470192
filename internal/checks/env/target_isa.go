package env

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// This file judges GOARM64 and GOARM against the processor the way the Go runtime does before
// main (src/runtime/asm_arm64.s, os_*_arm.go's checkgoarm): only where a program built with the
// value stops at start. GOARM64 above v8.0 implies the LSE atomics, which the runtime checks on
// Linux and FreeBSD; no other GOARM64 feature is checked, and the compiler uses no other, so a
// v9.0 program runs on a v8.2 processor. GO386=sse2 is not checked at start (the runtime checks
// only MMX), so it is not judged here: see docs/checks.md's decision table.

// isaRefused is the failure of an instruction-set variable above what this machine's processor
// runs, when the go command builds for this machine: GOAMD64, GOARM64 or GOARM.
func isaRefused(f *facts.Facts, t targetSetting, ev []finding.Evidence) (finding.Finding, bool) {
	if t.goos != f.Host.OS() || t.goarch != f.Host.Arch() {
		return finding.Finding{}, false
	}
	switch t.goarch {
	case "amd64":
		return levelTooHigh(f, t, ev)
	case "arm64":
		return arm64TooHigh(f, ev)
	case "arm":
		return armRefused(f, ev)
	}
	return finding.Finding{}, false
}

// goarm64LSE reports whether a GOARM64 value makes the compiler use the LSE atomics, as
// cmd/go passes -D GOARM64_LSE (internal/buildcfg.ParseGoarm64: v8.1 and later, or ",lse");
// ok is false for a value the go command rejects.
func goarm64LSE(v string) (lse, ok bool) {
	for {
		switch {
		case strings.HasSuffix(v, ",lse"):
			lse, v = true, strings.TrimSuffix(v, ",lse")
			continue
		case strings.HasSuffix(v, ",crypto"):
			v = strings.TrimSuffix(v, ",crypto")
			continue
		}
		break
	}
	if v == "v8.0" {
		return lse, true
	}
	if len(v) == 4 && v[0] == 'v' && v[2] == '.' && v[3] >= '0' && v[3] <= '9' &&
		(v[1] == '8' || v[1] == '9' && v[3] <= '5') {
		return true, true
	}
	return false, false
}

// arm64TooHigh is GOARM64 asking for LSE on a Linux arm64 processor without it: every program
// stops with the runtime's message.
func arm64TooHigh(f *facts.Facts, ev []finding.Evidence) (finding.Finding, bool) {
	v := f.Value("GOARM64")
	lse, ok := goarm64LSE(strings.TrimSpace(v.Value))
	cpu := host.ARM(f.Host)
	if v.Source == goenv.FromDefault || !ok || !lse || !cpu.Read || cpu.LSE || f.Host.OS() != "linux" {
		return finding.Finding{}, false
	}
	ev = append(ev, finding.Evidence{Command: "the processor's features (HWCAP)", Output: "no LSE atomics (atomics): an Armv8.0 processor"})
	return finding.Finding{Status: finding.Fail, Evidence: ev,
		Title:  fmt.Sprintf("GOARM64=%s builds programs this processor cannot run (it has no LSE atomics: Armv8.0)", v.Value),
		Detail: fmt.Sprintf("%s. GOARM64 v8.1 and later (or \",lse\") make the compiler use the LSE atomic instructions, which this processor lacks, so every program the go command builds here — go run, go test, the tools go install writes (gopls, dlv, ...), the programs dlv debugs — stops at once with \"This program can only run on ARM64 processors with LSE support.\"", advice.Where(v)),
		Fix:    advice.Unset(f, v, " so the go command builds for every arm64 processor (v8.0)"),
	}, true
}

// armRefused is GOARM asking for floating-point hardware a Linux arm processor lacks, or, on
// NetBSD and OpenBSD, GOARM below 7 on a machine of several processors: checkgoarm stops every
// program before main.
func armRefused(f *facts.Facts, ev []finding.Evidence) (finding.Finding, bool) {
	v := f.Value("GOARM")
	val := strings.TrimSpace(v.Value)
	if v.Source == goenv.FromDefault || val == "" {
		return finding.Finding{}, false
	}
	version, soft := int(val[0]-'0'), strings.HasSuffix(val, ",softfloat") || val == "5"
	if version < 5 || version > 7 {
		return finding.Finding{}, false // a value the go command rejects ("invalid GOARM")
	}
	cpu := host.ARM(f.Host)
	var msg, why string
	switch os := f.Host.OS(); {
	case (os == "netbsd" || os == "openbsd") && version < 7 && cpu.CPUs > 1:
		msg = "runtime: this system has multiple CPUs and must use atomic synchronization instructions. Recompile using GOARM=7."
		why = fmt.Sprintf("this machine has %d processors, and below GOARM=7 the runtime has no atomic instructions for them", cpu.CPUs)
	case os != "linux" || !cpu.Read || soft:
		return finding.Finding{}, false
	case !cpu.VFP:
		msg = "runtime: this CPU has no floating point hardware, so it cannot run a binary compiled for hard floating point. Recompile adding ,softfloat to GOARM."
		why = "this processor has no floating-point hardware (VFP)"
	case version > 6 && !cpu.VFPv3:
		msg = "runtime: this CPU has no VFPv3 floating point hardware, so it cannot run a binary compiled for VFPv3 hard floating point. Recompile adding ,softfloat to GOARM or changing GOARM to 6."
		why = "this processor has no VFPv3 floating-point hardware (an Armv6 processor, such as a Raspberry Pi 1 or Zero)"
	default:
		return finding.Finding{}, false
	}
	ev = append(ev, finding.Evidence{Command: "the processor's features (HWCAP)", Output: why})
	return finding.Finding{Status: finding.Fail, Evidence: ev,
		Title:  fmt.Sprintf("GOARM=%s builds programs this machine cannot run: %s", v.Value, why),
		Detail: fmt.Sprintf("%s. Every program the go command builds here — go run, go test, the tools go install writes (gopls, dlv, ...), the programs dlv debugs — stops before main with\n%s", advice.Where(v), msg),
		Fix:    advice.Unset(f, v, " so the go command builds for this processor (its default GOARM)"),
	}, true
}

// isaVars are the instruction-set variables, each with the GOARCH it is for.
var isaVars = []struct{ name, goarch string }{
	{"GOAMD64", "amd64"}, {"GOARM64", "arm64"}, {"GOARM", "arm"}, {"GO386", "386"},
	{"GOMIPS", "mips"}, {"GOMIPS64", "mips64"}, {"GOPPC64", "ppc64"}, {"GORISCV64", "riscv64"}, {"GOWASM", "wasm"},
}

// isaInvalid is an instruction-set variable set to a value the go command does not accept, judged
// as the go command of this release treats it (internal/buildcfg: its init records one Error, and
// since Go 1.23 the parse of GOARM64, which follows those of GOAMD64 and GOARM, overwrites it):
// an invalid GOAMD64 or GOARM is ignored and the default level built; an invalid GOARM64,
// GOMIPS, GOMIPS64, GOPPC64, GORISCV64 or GOWASM stops every go command, go env included,
// whatever GOARCH is; GO386 is checked only by the compiler, so only builds for 386 fail.
func isaInvalid(f *facts.Facts, t targetSetting, ev []finding.Evidence) (finding.Finding, bool) {
	for _, iv := range isaVars {
		v := f.Value(iv.name)
		val := strings.TrimSpace(v.Value)
		if v.Source == goenv.FromDefault || goenv.ISAValueOK(iv.name, val) {
			continue
		}
		ev = append(ev, valueEvidence(v)...)
		minor := goenv.Minor(goVersion(f)) // -1: unknown, taken as a supported release
		ignored := (iv.name == "GOAMD64" || iv.name == "GOARM") && (minor < 0 || minor >= 23)
		switch {
		case ignored && t.goarch != iv.goarch:
			return finding.Finding{Status: finding.Warn, Evidence: ev,
				Title:  fmt.Sprintf("%s=%s is not a valid %s value", iv.name, v.Value, iv.name),
				Detail: fmt.Sprintf("%s. It matters only for GOARCH=%s builds, where the go command ignores it without a word and builds for its default level.", advice.Where(v), iv.goarch),
				Fix:    advice.Unset(f, v, "")}, true
		case ignored:
			return finding.Finding{Status: finding.Warn, Evidence: ev,
				Title: fmt.Sprintf("%s=%s is not a valid %s value; the go command ignores it", iv.name, v.Value, iv.name),
				Detail: fmt.Sprintf("%s. The go command and the compiler drop an invalid %s without a word (the error internal/buildcfg records is overwritten) and build for the default level (v1 for GOAMD64 unless this Go was built otherwise): "+
					"programs build and run, but not for the level you meant.", advice.Where(v), iv.name),
				Fix: advice.Unset(f, v, "")}, true
		case iv.name == "GO386" && t.goarch != "386":
			continue // only the compiler reads it, for 386
		case iv.name == "GO386":
			return finding.Finding{Status: finding.Fail, Evidence: ev,
				Title:  fmt.Sprintf("GO386=%s is not a valid GO386 value: every build for 386 fails", v.Value),
				Detail: fmt.Sprintf("%s. The compiler rejects it (\"unsupported setting GO386=%s\"; GO386 is sse2 or softfloat), so every build, test, tool install and gopls load fails.", advice.Where(v), v.Value),
				Fix:    advice.Unset(f, v, "")}, true
		}
		return finding.Finding{Status: finding.Fail, Evidence: ev,
			Title: fmt.Sprintf("%s=%s is not a valid %s value: every go command fails", iv.name, v.Value, iv.name),
			Detail: fmt.Sprintf("%s. The go command checks it at start whatever GOARCH is, and every command — go env, builds, gopls's loads, tool installs — fails with \"go: invalid %s: ...\".",
				advice.Where(v), iv.name),
			Fix: advice.Unset(f, v, "")}, true
	}
	return finding.Finding{}, false
}

// goVersion is the release of the go command: go env's, else its tree's VERSION.
func goVersion(f *facts.Facts) string {
	if v := f.GoVar("GOVERSION"); v != "" {
		return v
	}
	goBin, _ := f.GoBin()
	return goenv.ReadVersion(f.Host, goenv.RootOf(f.Host, goBin))
}
