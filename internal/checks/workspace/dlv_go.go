package workspace

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/toolset"
)

// delveModule is the module dlv is built from, whose version in dlv's build info is the Delve
// release.
const delveModule = "github.com/go-delve/delve"

// builder is the Go release that builds a program in a folder, as the go command selects it.
type builder struct {
	version string // "1.28.0"
	how     string // how the go command comes to run it, for the detail
	ev      []finding.Evidence
}

// builderGo is the Go release the go command runs to build in folder: the toolchain its go.work
// or go.mod and GOTOOLCHAIN select (selectToolchain), else the local go; "" when the local go's
// release is unknown.
func builderGo(f *facts.Facts, folder string) builder {
	local, from := f.LocalGo()
	if local == "" {
		return builder{}
	}
	local = strings.TrimPrefix(local, "go")
	gotc := f.Value("GOTOOLCHAIN")
	b := builder{version: local, how: "the local go (" + from + ")"}
	var goLine, toolLine directive
	short := ""
	l := f.Layout(folder)
	if path := cmp.Or(l.GoWork, l.GoMod); path != "" && !l.Missing {
		if data, err := f.Host.ReadFile(path, maxModFile); err == nil {
			goLine, toolLine = lookupDirective(data, "go"), lookupDirective(data, "toolchain")
			short = rel(folder, path)
			b.ev = append(b.ev, doctor.Read(path, directiveExcerpt(goLine, toolLine)))
		}
	}
	b.ev = append(b.ev, valueEvidence(gotc)...)
	sel := selectToolchain(local, strings.TrimSpace(gotc.Value), short, goLine.value, toolLine.value)
	switch {
	case sel.target != "":
		b.version = toolchainVersion(sel.target)
		b.how = fmt.Sprintf("the toolchain the go command switches to for the %s of %s", sel.reason, short)
	case sel.running != local:
		b.version = sel.running
		b.how = "the toolchain " + advice.Where(gotc) + " names"
	}
	return b
}

// dlvGoFolder judges, without running dlv, whether the dlv the editor finds debugs programs built
// in folder: Delve refuses a program built by a Go outside its release's range (its
// pkg/goversion/compat.go, toolset.DelveRange) when it loads it, so every debug session fails.
func dlvGoFolder(f *facts.Facts, folder string) part {
	t := toolset.Lookup("dlv")
	path := f.Tool(t).Resolution.Path
	if path == "" {
		return part{status: finding.Skip, title: "dlv is not installed (tools.dlv.found)"}
	}
	bi := f.BinInfo(path)
	if bi.Info == nil || bi.Info.GoVersion == "" {
		return part{status: finding.Skip, title: "cannot read the build info of " + path + " (tools.dlv.built_with)"}
	}
	v := bi.Info.Version
	if bi.Info.Module != delveModule {
		v = bi.Info.Deps[delveModule]
	}
	ev := []finding.Evidence{doctor.Read(path, fmt.Sprintf("%s %s (build info)", delveModule, orDevelVersion(v)))}
	b := builderGo(f, folder)
	ev = append(ev, b.ev...)
	if b.version == "" {
		return part{status: finding.Skip, title: "the local go's release is unknown", ev: ev}
	}
	r, known := toolset.DelveRange(v)
	minor := goenv.Minor("go" + b.version)
	if !known {
		return part{status: finding.Info, ev: ev,
			title:  fmt.Sprintf("dlv %s: gomedic does not know which Go releases it debugs", orDevelVersion(v)),
			detail: fmt.Sprintf("gomedic's table of Delve releases goes to %s.x; programs here are built by go%s (%s). If dlv says \"Version of Delve is too old for Go version ...\", install a newer dlv.", toolset.NewestDelveSeries(), b.version, b.how)}
	}
	switch {
	case minor > r.Max:
		return unlessSuppressed(f, dlvTooOldPart(t, v, r, b, minor, ev))
	case minor >= 0 && minor < r.Min:
		return unlessSuppressed(f, dlvGoTooOldPart(t, v, r, b, minor, ev))
	}
	return part{status: finding.OK, ev: ev,
		title: fmt.Sprintf("dlv %s debugs programs built by go%s (it supports Go 1.%d to 1.%d)", v, b.version, r.Min, r.Max)}
}

// unlessSuppressed turns Delve's refusal p into a warning when the editor passes dlv
// --check-go-version=false: the Go extension gives every debug session whose launch
// configuration has no dlvFlags of its own (F5 without a launch.json, "debug test") the dlvFlags
// of go.delveConfig, and dlv then loads the program anyway. A launch configuration's own dlvFlags
// replace them; those are not read here.
func unlessSuppressed(f *facts.Facts, p part) part {
	st, ok := f.Settings().ExtensionValue("go.delveConfig")
	if !ok {
		return p
	}
	var cfg struct {
		DlvFlags []string `json:"dlvFlags"`
	}
	if json.Unmarshal(st.Value, &cfg) != nil || !checksGoVersionOff(cfg.DlvFlags) {
		return p
	}
	p.status = finding.Warn
	p.title += " (the check is turned off)"
	p.detail += fmt.Sprintf("\n\ngo.delveConfig.dlvFlags (%s:%d) passes --check-go-version=false, so dlv does not refuse them: debug sessions start, but this dlv may misread what that Go writes (variables, goroutines, stacks). A launch configuration with dlvFlags of its own does not get it and fails as above.", st.File, st.Line)
	return p
}

// checksGoVersionOff reports whether flags turn off Delve's Go version check, as dlv's flag
// parser (cobra's pflag) reads them: two dashes (one dash starts shorthand flags, which dlv then
// rejects), and a boolean flag's false only after = (a separate "false" is an argument).
func checksGoVersionOff(flags []string) bool {
	for _, fl := range flags {
		name, val, ok := strings.Cut(fl, "=")
		if !ok || name != "--check-go-version" {
			continue
		}
		if b, err := strconv.ParseBool(val); err == nil && !b {
			return true
		}
	}
	return false
}

// orDevelVersion names a module version that is not a release.
func orDevelVersion(v string) string {
	if v == "" {
		return "(devel)"
	}
	return v
}

// dlvTooOldPart is a dlv older than the Go that builds the program.
func dlvTooOldPart(t *toolset.Tool, v string, r toolset.DelveGoRange, b builder, minor int, ev []finding.Evidence) part {
	msg := fmt.Sprintf("Version of Delve is too old for Go version go%s (maximum supported version 1.%d, suppress this error with --check-go-version=false)", b.version, r.Max)
	p := part{status: finding.Fail, ev: ev,
		title: fmt.Sprintf("dlv %s is too old for go%s: it debugs programs of Go 1.%d to 1.%d", v, b.version, r.Min, r.Max),
		detail: fmt.Sprintf("Programs here are built by go%s (%s), and dlv %s refuses them: every debug session and test debug in the editor fails with\n%s",
			b.version, b.how, v, msg)}
	if first := toolset.FirstDelveFor(minor); first != "" {
		p.fix = dlvInstallFix(t, first, fmt.Sprintf("Install dlv %s or later, the first Delve release that debugs Go 1.%d.", first, minor))
		return p
	}
	p.fix = dlvInstallFix(t, "latest", fmt.Sprintf("No Delve release gomedic knows (to %s.x) debugs Go 1.%d: install the newest dlv, which may, or build with Go 1.%d, the newest release dlv %s debugs (a go line of 1.%d or lower, and GOTOOLCHAIN that does not ask for more).",
		toolset.NewestDelveSeries(), minor, r.Max, v, r.Max))
	return p
}

// dlvGoTooOldPart is a dlv newer than the Go that builds the program supports.
func dlvGoTooOldPart(t *toolset.Tool, v string, r toolset.DelveGoRange, b builder, minor int, ev []finding.Evidence) part {
	msg := fmt.Sprintf("Go version go%s is too old for this version of Delve (minimum supported version 1.%d, suppress this error with --check-go-version=false)", b.version, r.Min)
	p := part{status: finding.Fail, ev: ev,
		title: fmt.Sprintf("dlv %s does not debug programs built by go%s: it debugs Go 1.%d to 1.%d", v, b.version, r.Min, r.Max),
		detail: fmt.Sprintf("Programs here are built by go%s (%s), and dlv %s refuses them: every debug session in the editor fails with\n%s",
			b.version, b.how, v, msg)}
	last := toolset.LastDelveFor(minor)
	if last == "" {
		p.fix = &finding.Fix{Summary: fmt.Sprintf("Build with Go 1.%d or newer (go%s is older than every Delve release gomedic knows supports).", r.Min, b.version), Docs: dlvDocsDebugging}
		return p
	}
	p.fix = dlvInstallFix(t, last, fmt.Sprintf("Use Go 1.%d or newer for this workspace, or install dlv %s, the newest Delve release that still debugs Go 1.%d.", r.Min, last, minor))
	return p
}

// dlvInstallFix installs dlv at version with gomedic or the go command.
func dlvInstallFix(t *toolset.Tool, version, summary string) *finding.Fix {
	arg := "dlv"
	if version != "latest" {
		arg += "@" + version
	}
	return &finding.Fix{Summary: summary + " Without gomedic: " + t.InstallCommand(version) + ".",
		Commands: []string{"gomedic tools install " + arg}, Docs: dlvDocsDebugging, Auto: true,
		Actions: []finding.Action{{Kind: finding.GoInstall, Package: t.Package, Version: version}}}
}
