package tools

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/toolset"
)

// rosettaRuntime exists when Rosetta 2 is installed on a Mac with Apple silicon.
const rosettaRuntime = "/Library/Apple/usr/libexec/oah/libRosettaRuntime"

// dlvRosetta is what dlv says when it runs under Rosetta 2 (pkg/proc/macutil/rosetta_darwin.go).
const dlvRosetta = "can not run under Rosetta, check that the installed build of Go is right for your CPU architecture"

// archCheck compares the targets inside t's binary with the machine. The machine's architecture
// is the native one (arm64 on Apple silicon even when gomedic runs under Rosetta 2).
func archCheck(f *facts.Facts, t *toolset.Tool) finding.Finding {
	path, skip := installed(f, t)
	if skip != nil {
		return *skip
	}
	bi := f.BinInfo(path)
	info := bi.Info
	ev := []finding.Evidence{doctor.Read(path, describeBinary(info, bi.Err))}
	hostOS, hostArch := f.Host.OS(), f.Host.Arch()
	machine := hostOS + "/" + hostArch
	switch {
	case info == nil:
		return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("cannot read %s to tell what it is built for", path), Detail: bi.Err.Error(), Evidence: ev}
	case errors.Is(bi.Err, binfo.ErrMalformed) || bi.Err != nil:
		return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("cannot tell what %s is built for: its %s headers cannot be read", t.Name, formatName(info.Format)),
			Detail: fmt.Sprintf("%v. The file is damaged or was cut short (an interrupted download or copy); %sruns says whether it still starts.", bi.Err, t.IDPrefix()), Evidence: ev}
	case info.Format == binfo.FormatScript:
		return finding.Finding{Status: finding.Info, Title: fmt.Sprintf("%s is a script run by %s", t.Name, orNothing(info.Interpreter)),
			Detail: "A #! script runs wherever its interpreter does; the architecture of the program it starts is not visible here.", Evidence: ev}
	case info.Format == binfo.FormatUnknown || len(info.Targets) == 0:
		return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("%s is not an executable format gomedic knows", t.Name),
			Detail: fmt.Sprintf("%s is neither ELF, Mach-O, PE nor a #! script, so gomedic cannot tell whether it runs on %s; %sruns tries it.", path, machine, t.IDPrefix()), Evidence: ev}
	case info.Matches(hostOS, hostArch) && len(info.Targets) > 1:
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s is a universal binary (%s); its %s slice runs natively", t.Name, targetList(info), nativeSlice(info, hostOS, hostArch)), Evidence: ev}
	case info.Matches(hostOS, hostArch):
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s is built for %s and runs natively on this %s machine", t.Name, targetList(info), machine), Evidence: ev}
	case info.Emulated(hostOS, hostArch):
		return emulated(f, t, path, info, ev)
	}
	return finding.Finding{
		Status:   finding.Fail,
		Title:    fmt.Sprintf("%s is built for %s, not for this %s machine", t.Name, targetList(info), machine),
		Detail:   fmt.Sprintf("%s is a %s program. This machine cannot run it: starting it fails with \"exec format error\", and %s", path, targetList(info), lower(t.StartSymptom())),
		Evidence: ev,
		Fix:      replaceFix(f, t, "latest", fmt.Sprintf("Reinstall %s with the go command, which builds it for this machine.", t.Name), path),
	}
}

// emulated judges a binary this machine runs only through emulation.
func emulated(f *facts.Facts, t *toolset.Tool, path string, info *binfo.Info, ev []finding.Evidence) finding.Finding {
	machine := f.Host.OS() + "/" + f.Host.Arch()
	fix := replaceFix(f, t, "latest", fmt.Sprintf("Reinstall %s with the go command, which builds it for %s.", t.Name, machine), path)
	if f.Host.OS() == "darwin" {
		if _, err := f.Host.Stat(rosettaRuntime); err != nil {
			return finding.Finding{Status: finding.Fail, Evidence: ev, Fix: fix,
				Title:  fmt.Sprintf("%s is an Intel (%s) program and Rosetta 2 is not installed", t.Name, targetList(info)),
				Detail: fmt.Sprintf("%s needs Rosetta 2 on this Mac with Apple silicon, and %s does not exist: starting it fails with \"Bad CPU type in executable\". %s", path, rosettaRuntime, t.StartSymptom())}
		}
		if t.Name == "dlv" {
			return finding.Finding{Status: finding.Fail, Evidence: ev, Fix: fix,
				Title: fmt.Sprintf("dlv is an Intel (%s) program, and dlv refuses to run under Rosetta 2", targetList(info)),
				Detail: fmt.Sprintf("%s runs on this Mac with Apple silicon only through Rosetta 2, and Delve cannot debug there: every debug session fails with "+
					"\"could not launch process: %s\". It was built by an Intel (amd64) Go, or with GOARCH=amd64.", path, dlvRosetta)}
		}
	}
	return finding.Finding{Status: finding.Warn, Evidence: ev, Fix: fix,
		Title: fmt.Sprintf("%s is built for %s and runs on this %s machine only through emulation", t.Name, targetList(info), machine),
		Detail: fmt.Sprintf("%s has no %s code: the system translates it (%s), which makes it slower to start and run and uses more memory. "+
			"It was built by a Go for another architecture, or with GOARCH set.", path, f.Host.Arch(), emulator(f))}
}

func emulator(f *facts.Facts) string {
	if f.Host.OS() == "darwin" {
		return "Rosetta 2"
	}
	return "x64 emulation on Windows on Arm"
}

// nativeSlice names the first target that runs natively on the machine.
func nativeSlice(info *binfo.Info, goos, goarch string) string {
	for _, t := range info.Targets {
		if t.Matches(goos, goarch) {
			return t.String()
		}
	}
	return ""
}

// targetList names a binary's targets: "darwin/amd64", or "darwin/amd64 + darwin/arm64".
func targetList(info *binfo.Info) string {
	var ts []string
	for _, t := range info.Targets {
		ts = append(ts, t.String())
	}
	return strings.Join(ts, " + ")
}

// describeBinary says what binfo read, for evidence.
func describeBinary(info *binfo.Info, err error) string {
	if info == nil {
		return fmt.Sprint(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "format: %s", info.Format)
	if len(info.Targets) > 0 {
		fmt.Fprintf(&b, "\ntargets: %s", targetList(info))
	}
	if info.Interpreter != "" {
		fmt.Fprintf(&b, "\ninterpreter: %s", info.Interpreter)
	}
	if info.GoVersion != "" {
		fmt.Fprintf(&b, "\ngo: %s\npath: %s\nmod: %s %s", info.GoVersion, info.MainPath, info.Module, info.Version)
	}
	if err != nil {
		fmt.Fprintf(&b, "\nerror: %v", err)
	}
	return b.String()
}

func formatName(f binfo.Format) string {
	switch f {
	case binfo.FormatELF:
		return "ELF"
	case binfo.FormatMachO, binfo.FormatMachOFat:
		return "Mach-O"
	case binfo.FormatPE:
		return "PE"
	}
	return string(f)
}

// lower lowers the first letter of a sentence.
func lower(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
