package tools

import (
	"fmt"

	"golang.org/x/mod/semver"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/toolset"
)

// latestCheck compares the installed version of t with the newest one GOPROXY offers.
func latestCheck(f *facts.Facts, t *toolset.Tool) finding.Finding {
	path, skip := installed(f, t)
	if skip != nil {
		return *skip
	}
	have, from := installedVersion(f, t, path)
	l, res, err := f.LatestVersion(t.Module)
	var ev []finding.Evidence
	if res != nil {
		ev = append(ev, doctor.Ran(res))
	}
	if err != nil {
		return finding.Finding{Status: finding.Skip, Title: fmt.Sprintf("could not ask GOPROXY for the newest %s", t.Module),
			Detail: fmt.Sprintf("%v\nnet.goproxy says whether the module proxy can be reached.", err), Evidence: ev}
	}
	if l.CacheFile != "" {
		ev = append(ev, doctor.Read(l.CacheFile, fmt.Sprintf("%s %s (asked %s through GOPROXY=%s)", l.Module, l.Version, l.Checked.Format("2006-01-02 15:04"), l.GOPROXY)))
	}
	ev = append(ev, finding.Evidence{Command: "installed version", Output: fmt.Sprintf("%s (from %s)", orUnknown(have), from)})
	switch {
	case have == "":
		return finding.Finding{Status: finding.Info, Title: fmt.Sprintf("the newest %s is %s; the installed version is unknown", t.Name, l.Version), Evidence: ev,
			Detail: fmt.Sprintf("%s names no release version (a development build, or no build info), so gomedic cannot compare it with %s.", path, l.Version),
			Fix:    updateFix(f, t, l, path)}
	case semver.Compare(have, l.Version) == 0:
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s %s is the newest version", t.Name, have), Evidence: ev}
	case semver.Compare(have, l.Version) > 0:
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s %s is newer than the newest release, %s", t.Name, have, l.Version), Evidence: ev}
	}
	return finding.Finding{Status: finding.Info, Evidence: ev,
		Title:  fmt.Sprintf("%s %s is available (installed: %s)", t.Name, l.Version, have),
		Detail: fmt.Sprintf("GOPROXY offers %s %s%s; %s is %s.%s", t.Module, l.Version, published(l), path, have, toolchainNote(f, t, l)),
		Fix:    updateFix(f, t, l, path)}
}

// installedVersion is the module version of the binary at path: from its build info, else from
// what its version command prints; with where it was read.
func installedVersion(f *facts.Facts, t *toolset.Tool, path string) (version, from string) {
	if bi := f.BinInfo(path); bi.Info != nil {
		if v := moduleVersion(bi.Info, t); v != "" {
			return v, "its build info"
		}
	}
	if t.HelpOnly() {
		return "", "its build info"
	}
	res := f.Probe(path, t.ProbeArgs())
	if res.OK() {
		if p, ok := t.ParseVersion(res.Output()); ok && p.Module != "" {
			return p.Module, "`" + res.Cmd.String() + "`"
		}
	}
	return "", "its build info and version command"
}

func published(l *toolset.Latest) string {
	if l.Time.IsZero() {
		return ""
	}
	return ", published " + l.Time.Format("2006-01-02")
}

// toolchainNote says whether the go on PATH can build the newest version: a release whose go line
// is newer needs a toolchain download, which GOTOOLCHAIN=local forbids.
func toolchainNote(f *facts.Facts, t *toolset.Tool, l *toolset.Latest) string {
	goVer := goenv.Normalize(f.GoVar("GOVERSION"))
	if l.GoVersion == "" || goVer == "" || goenv.CompareVersions(goVer, l.GoVersion) >= 0 {
		return ""
	}
	if f.GoVar("GOTOOLCHAIN") == "local" {
		return fmt.Sprintf(" It needs go %s and the go on PATH is %s with GOTOOLCHAIN=local, so installing it fails with \"go: %s@%s requires go >= %s (running go %s; GOTOOLCHAIN=local)\": so the fix names the toolchain for that one command.",
			l.GoVersion, goVer, t.Package, l.Version, l.GoVersion, goVer[2:])
	}
	return fmt.Sprintf(" It needs go %s; the go on PATH is %s, so go install downloads that toolchain to build it.", l.GoVersion, goVer)
}

// updateFix installs the newest version, named exactly, in place of the copy at path. When that
// version needs a newer Go and GOTOOLCHAIN=local forbids the download, the command names the
// toolchain (GOTOOLCHAIN=go1.N.0 in the command's environment overrides local).
func updateFix(f *facts.Facts, t *toolset.Tool, l *toolset.Latest, path string) *finding.Fix {
	if st, ok := f.AlternateTool(t); ok && sameFile(f, path, f.Tool(t).Resolution.Path) {
		return advice.AlternateTool(f, t, st, fmt.Sprintf("The editor runs %s because %q names it: update that program, or point the entry at %s %s.", path, st.Key, t.Name, l.Version))
	}
	fix := replaceFix(f, t, l.Version, fmt.Sprintf("Update %s to %s with the go command.", t.Name, l.Version), path)
	goVer := goenv.Normalize(f.GoVar("GOVERSION"))
	if installs(fix) && l.GoVersion != "" && goVer != "" && goenv.CompareVersions(goVer, l.GoVersion) < 0 && f.GoVar("GOTOOLCHAIN") == "local" {
		toolchain := releaseOf(l.GoVersion)
		fix.Commands[0] = "GOTOOLCHAIN=" + toolchain + " " + fix.Commands[0]
		fix.Summary += fmt.Sprintf(" It needs %s: the command has the go command download it for this build.", toolchain)
		fix.Auto = false
	}
	return fix
}

func orUnknown(v string) string {
	if v == "" {
		return "unknown"
	}
	return v
}
