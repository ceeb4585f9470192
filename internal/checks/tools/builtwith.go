package tools

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/toolset"
)

// dwarf5Go is the first Go whose compiler and linker write DWARF 5, which a dlv built with an
// older Go refuses (pkg/goversion/compat.go).
const dwarf5Go = "go1.25"

// dlvDWARF5 is what such a dlv says.
const dlvDWARF5 = "To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later"

// built is what a tool's build info says about how it was built.
type built struct {
	path    string
	goVer   string // the Go that built it ("go1.26.8"), "" for a development Go
	version string // the tool's module version, "" when not a release ("(devel)")
}

// builtWithCheck judges the Go version inside t's binary against what t needs: its own release,
// the workspace's go line, the go command on PATH.
func builtWithCheck(f *facts.Facts, t *toolset.Tool) finding.Finding {
	path, skip := installed(f, t)
	if skip != nil {
		return *skip
	}
	bi := f.BinInfo(path)
	ev := []finding.Evidence{doctor.Read(path, describeBinary(bi.Info, bi.Err))}
	switch info := bi.Info; {
	case info == nil || errors.Is(bi.Err, binfo.ErrMalformed):
		return finding.Finding{Status: finding.Skip, Title: fmt.Sprintf("cannot read the build info of %s", path), Detail: fmt.Sprint(bi.Err), Evidence: ev}
	case info.Format == binfo.FormatScript:
		return finding.Finding{Status: finding.Info, Title: fmt.Sprintf("%s is a script run by %s; the Go that built the program it starts is not visible", t.Name, orNothing(info.Interpreter)), Evidence: ev}
	case info.GoVersion == "":
		return noBuildInfo(f, t, path, ev)
	}
	b := &built{path: path, goVer: goenv.Normalize(bi.Info.GoVersion), version: moduleVersion(bi.Info, t)}
	if b.goVer == "" {
		return finding.Finding{Status: finding.Info, Title: fmt.Sprintf("%s was built with a development Go (%s)", t.Name, bi.Info.GoVersion),
			Detail: "gomedic cannot compare a development build of Go with releases.", Evidence: ev}
	}
	for _, rule := range []func(*facts.Facts, *toolset.Tool, *built) *finding.Finding{releaseRule, workspaceRule, dwarf5Rule, agingRule} {
		if fd := rule(f, t, b); fd != nil {
			fd.Evidence = append(fd.Evidence, ev...)
			return *fd
		}
	}
	return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s %s was built with %s", t.Name, orDevel(b.version), b.goVer), Evidence: ev}
}

// noBuildInfo is a binary without Go build info.
func noBuildInfo(f *facts.Facts, t *toolset.Tool, path string, ev []finding.Evidence) finding.Finding {
	return finding.Finding{Status: finding.Warn, Evidence: ev,
		Title: fmt.Sprintf("%s has no Go build info", t.Name),
		Detail: fmt.Sprintf("%s is not a Go program gomedic can read (built by another compiler, or not %s at all), so gomedic cannot tell which Go built it or which version it is. "+
			"The Go extension reads the same build info to offer updates, so it cannot either.", path, t.Name),
		Fix: replaceFix(f, t, "latest", fmt.Sprintf("Reinstall %s with the go command, which records its build info.", t.Name), path)}
}

// moduleVersion is the version of t's module inside the binary: the main module's, or the
// dependency's when t was built inside another module; "" when it is not a release.
func moduleVersion(info *binfo.Info, t *toolset.Tool) string {
	v := info.Version
	if info.Module != t.Module {
		v = info.Deps[t.Module]
	}
	if !semver.IsValid(v) {
		return ""
	}
	return v
}

// releaseRule: gopls must be built with at least the Go of its release's go.mod go line; the go
// command refuses older ones ("requires go >= 1.25"), so such a binary came from a patched or
// pre-toolchain Go. The line comes from the module cache when it holds that go.mod, else from
// gomedic's table.
func releaseRule(f *facts.Facts, t *toolset.Tool, b *built) *finding.Finding {
	if t.Name != "gopls" || b.version == "" {
		return nil
	}
	line, file := f.ModCacheGoLine(t.Module, b.version)
	source := file
	if line == "" {
		line, source = toolset.GoplsGoLine(b.version), "gomedic's table of gopls releases (from proxy.golang.org)"
	}
	if line == "" || goenv.CompareVersions(b.goVer, line) >= 0 {
		return nil
	}
	fd := &finding.Finding{Status: finding.Fail,
		Title: fmt.Sprintf("gopls %s was built with %s, older than the go %s its release requires", b.version, b.goVer, line),
		Detail: fmt.Sprintf("gopls %s declares go %s in its go.mod (read from %s): the oldest Go it may be built with. The go command refuses to build it with an older one "+
			"(\"requires go >= %s\"), so %s came from a patched or pre-toolchain Go, a build the gopls team does not support: expect crashes and wrong results.",
			b.version, line, source, line, b.path),
		Fix: rebuildFix(f, t, b, line)}
	if file != "" {
		fd.Evidence = append(fd.Evidence, doctor.Read(file, "go "+line))
	}
	return fd
}

// workspaceRule: a tool that type-checks with the go/types it was built with cannot check code
// whose language version (the workspace's go line) is newer than that Go's: go/types reports
// "file requires newer Go version go1.N (application built with go1.M)", staticcheck and
// golangci-lint refuse the module. For gopls, the editor's language server, that is a failure;
// for the lint tools a warning.
func workspaceRule(f *facts.Facts, t *toolset.Tool, b *built) *finding.Finding {
	if !t.TypeChecks {
		return nil
	}
	line, file := f.WorkspaceGo()
	if line == "" || goenv.CompareVersions(goenv.Lang(line), goenv.Lang(b.goVer)) <= 0 {
		return nil
	}
	status := finding.Warn
	if t.Name == "gopls" {
		status = finding.Fail
	}
	return &finding.Finding{Status: status,
		Title: fmt.Sprintf("%s was built with %s, older than the workspace's go %s", t.Name, b.goVer, line),
		Detail: fmt.Sprintf("%s says go %s. %s type-checks code with the go/types of the Go that built it (%s), which knows the language and standard library only up to %s, so on this workspace it reports errors that are not there, such as %q. %s",
			file, line, t.Name, b.goVer, goenv.Lang(b.goVer), t.TooNew(line, b.goVer), typeCheckEffect(t)),
		Evidence: []finding.Evidence{doctor.Read(file, "go "+line)},
		Fix:      rebuildFix(f, t, b, line)}
}

// typeCheckEffect is what the user loses when t cannot type-check the workspace.
func typeCheckEffect(t *toolset.Tool) string {
	if t.Name == "gopls" {
		return "Diagnostics, completion and navigation are wrong or missing wherever newer language features or standard library APIs are used."
	}
	return fmt.Sprintf("%s stops with that error instead of reporting problems.", t.Feature)
}

// dwarf5Rule: since go1.25 the go command writes DWARF 5, and a dlv built with an older Go stops
// every debug session (unless GOEXPERIMENT=nodwarf5 keeps DWARF 4).
func dwarf5Rule(f *facts.Facts, t *toolset.Tool, b *built) *finding.Finding {
	goVer := goenv.Normalize(f.GoVar("GOVERSION"))
	if t.Name != "dlv" || goVer == "" || goenv.CompareVersions(goVer, dwarf5Go) < 0 || goenv.CompareVersions(b.goVer, dwarf5Go) >= 0 {
		return nil
	}
	if strings.Contains(f.GoVar("GOEXPERIMENT"), "nodwarf5") {
		return nil
	}
	return &finding.Finding{Status: finding.Fail,
		Title: fmt.Sprintf("dlv was built with %s and cannot debug programs built by %s", b.goVer, goVer),
		Detail: fmt.Sprintf("The go command (%s) writes DWARF 5 debug information, which Delve reads only when it was itself built with go1.25 or later; this dlv was built with %s. "+
			"Every debug session stops with %q.", goVer, b.goVer, dlvDWARF5),
		Evidence: []finding.Evidence{{Command: "go env GOVERSION GOEXPERIMENT", Output: "GOVERSION=" + f.GoVar("GOVERSION") + "\nGOEXPERIMENT=" + f.GoVar("GOEXPERIMENT")}},
		Fix:      rebuildFix(f, t, b, dwarf5Go)}
}

// agingRule: a type-checking tool built with a Go two or more releases older than the go on PATH
// fails on the first module whose go line follows the current release.
func agingRule(f *facts.Facts, t *toolset.Tool, b *built) *finding.Finding {
	goVer := goenv.Normalize(f.GoVar("GOVERSION"))
	if !t.TypeChecks || goVer == "" {
		return nil
	}
	behind := minor(goVer) - minor(b.goVer)
	if behind < 2 {
		return nil
	}
	return &finding.Finding{Status: finding.Warn,
		Title: fmt.Sprintf("%s was built with %s, %d releases behind the go on PATH (%s)", t.Name, b.goVer, behind, goVer),
		Detail: fmt.Sprintf("%s type-checks code with the go/types of the Go that built it, which knows the language only up to %s. Modules written for the Go you use (go %s) "+
			"make it fail with %q. Rebuild it with the current Go.", t.Name, goenv.Lang(b.goVer), strings.TrimPrefix(goenv.Lang(goVer), "go"), t.TooNew(strings.TrimPrefix(goenv.Lang(goVer), "go")+".0", b.goVer)),
		Fix: rebuildFix(f, t, b, "")}
}

// minor is N of go1.N, or -1.
func minor(v string) int {
	var n int
	if _, err := fmt.Sscanf(goenv.Lang(v), "go1.%d", &n); err != nil {
		return -1
	}
	return n
}

// rebuildFix rebuilds t (at its version, else latest) with a Go at least as new as need (a go line or
// a runtime version; "" for the go on PATH): when the go on PATH is older, GOTOOLCHAIN makes the
// go command fetch that release for the build.
func rebuildFix(f *facts.Facts, t *toolset.Tool, b *built, need string) *finding.Fix {
	version := b.version
	if version == "" {
		version = "latest"
	}
	goVer := goenv.Normalize(f.GoVar("GOVERSION"))
	if need == "" || goVer == "" || goenv.CompareVersions(goVer, need) >= 0 {
		return replaceFix(f, t, version, fmt.Sprintf("Rebuild %s with the go on PATH (%s).", t.Name, orNothing(goVer)), b.path)
	}
	toolchain := releaseOf(need)
	fix := replaceFix(f, t, version, fmt.Sprintf("Rebuild %s with %s: the go on PATH is %s, so the command has the go command download %s for the build (GOTOOLCHAIN).",
		t.Name, toolchain, goVer, toolchain), b.path)
	if !installs(fix) {
		return fix // the program a go.alternateTools entry names: nothing is installed
	}
	fix.Commands[0] = "GOTOOLCHAIN=" + toolchain + " " + fix.Commands[0]
	fix.Auto = false
	return fix
}

// releaseOf is the first release of a go line or language version: "1.26" -> "go1.26.0",
// "1.25.3" -> "go1.25.3".
func releaseOf(line string) string {
	v := goenv.Normalize(line)
	if v == goenv.Lang(v) && minor(v) >= 21 {
		v += ".0"
	}
	return v
}

func orDevel(v string) string {
	if v == "" {
		return "(devel)"
	}
	return v
}
