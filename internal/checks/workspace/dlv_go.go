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
	"github.com/gomedic/gomedic/internal/vscode"
)

// delveModule is the module dlv is built from, whose version in dlv's build info is the Delve
// release.
const delveModule = "github.com/go-delve/delve"

// builder is the Go release that builds a program in a folder, as the go command selects it.
type builder struct {
	version string // "1.28.0"
	how     string // how the go command comes to run it, for the detail
	ev      []finding.Evidence
	// goLine and toolLine are the values of the go and toolchain lines of the folder's go.work
	// or go.mod that select it ("" when there is none).
	goLine, toolLine string
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
	b.goLine, b.toolLine = goLine.value, toolLine.value
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
		return unlessSuppressed(f, folder, dlvTooOldPart(t, v, r, b, minor, ev))
	case minor >= 0 && minor < r.Min:
		return unlessSuppressed(f, folder, dlvGoTooOldPart(t, v, r, b, minor, ev))
	}
	return part{status: finding.OK, ev: ev,
		title: fmt.Sprintf("dlv %s debugs programs built by go%s (it supports Go 1.%d to 1.%d)", v, b.version, r.Min, r.Max)}
}

// unlessSuppressed turns Delve's refusal p into a warning when every debug session the editor
// starts in folder passes dlv --check-go-version=false, and names the launch configurations that
// still fail when only some do. The Go extension (goDebugConfiguration.ts,
// resolveDebugConfiguration) gives a session the dlvFlags of its launch configuration when it has
// that member, else those of go.delveConfig: a configuration's own dlvFlags replace the
// setting's, they are not merged. "debug test" and F5 without a launch.json always get the
// setting's.
func unlessSuppressed(f *facts.Facts, folder string, p part) part {
	c := delveCheckOff(f, folder)
	switch {
	case c.settings == "" && len(c.off) == 0:
		return p
	case len(c.on) > 0:
		p.title += fmt.Sprintf(" (launch configuration %s fails)", strings.Join(c.on, ", "))
		p.detail += "\n\n" + c.partly()
		return p
	}
	p.status = finding.Warn
	if c.settings != "" {
		p.title += " (the check is turned off)"
		p.detail += fmt.Sprintf("\n\ngo.delveConfig.dlvFlags (%s) passes --check-go-version=false, so dlv does not refuse them: debug sessions start, but this dlv may misread what that Go writes (variables, goroutines, stacks).", c.settings)
		if len(c.off) > 0 {
			p.detail += fmt.Sprintf(" Every Go launch configuration here passes it too: %s.", strings.Join(c.off, ", "))
		} else {
			p.detail += " A launch configuration with dlvFlags of its own does not get it and fails as above."
		}
		return p
	}
	p.title += " (every launch configuration turns the check off)"
	p.detail += fmt.Sprintf("\n\nEvery Go launch configuration here passes --check-go-version=false in its dlvFlags (%s), so dlv does not refuse them when started from Run and Debug, but may misread what that Go writes (variables, goroutines, stacks). \"debug test\" and F5 without a launch configuration get go.delveConfig.dlvFlags instead, which does not pass it: they fail as above.",
		strings.Join(c.off, ", "))
	return p
}

// versionCheckOff is where the editor's debug sessions in a folder pass --check-go-version=false.
type versionCheckOff struct {
	settings string   // go.delveConfig's file:line when its dlvFlags pass it, else ""
	off, on  []string // the Go launch configurations that pass it and that do not: "NAME" (file:line)
	own      []string // of on, those whose own dlvFlags replace the setting's
}

// partly explains a folder where some launch configurations pass the flag and others do not.
func (c versionCheckOff) partly() string {
	s := fmt.Sprintf("These launch configurations do not pass --check-go-version=false to dlv and fail as above: %s.", strings.Join(c.on, ", "))
	if c.settings != "" && len(c.own) > 0 {
		s += fmt.Sprintf(" go.delveConfig.dlvFlags (%s) passes it, but a launch configuration's own dlvFlags replace the setting's.", c.settings)
	}
	if len(c.off) > 0 {
		s += fmt.Sprintf(" These pass it and start: %s.", strings.Join(c.off, ", "))
	}
	return s + " Add \"--check-go-version=false\" to the dlvFlags of the failing ones, or install a dlv that supports this Go."
}

// delveCheckOff reads go.delveConfig.dlvFlags and the dlvFlags of folder's Go launch
// configurations (its .vscode/launch.json, then the "launch" member of the .code-workspace and
// of the user's settings.json).
func delveCheckOff(f *facts.Facts, folder string) versionCheckOff {
	var c versionCheckOff
	if st, ok := f.Settings().ExtensionValue("go.delveConfig"); ok {
		var cfg struct {
			DlvFlags []string `json:"dlvFlags"`
		}
		if json.Unmarshal(st.Value, &cfg) == nil && checksGoVersionOff(cfg.DlvFlags) {
			c.settings = fmt.Sprintf("%s:%d", st.File, st.Line)
		}
	}
	srcs := vscode.LaunchSources([]string{folder}, f.Settings().LaunchFiles())
	for _, lc := range vscode.ReadLaunchConfigs(f.Host, srcs) {
		var m map[string]json.RawMessage
		var head struct{ Name, Type, Request, Mode string }
		if json.Unmarshal(lc.Raw, &m) != nil || json.Unmarshal(lc.Raw, &head) != nil ||
			head.Type != "go" || head.Request != "launch" || head.Mode == "remote" {
			continue // not a Go launch the extension starts dlv for
		}
		name := fmt.Sprintf("%q (%s:%d)", head.Name, lc.File, lc.Line)
		off := c.settings != ""
		raw, own := m["dlvFlags"]
		if own {
			var flags []string
			off = json.Unmarshal(raw, &flags) == nil && checksGoVersionOff(flags)
		}
		switch {
		case off:
			c.off = append(c.off, name)
		case own:
			c.on, c.own = append(c.on, name), append(c.own, name)
		default:
			c.on = append(c.on, name)
		}
	}
	return c
}

// checksGoVersionOff reports whether flags turn off Delve's Go version check, as dlv's flag
// parser (cobra's pflag) reads them: two dashes (one dash starts shorthand flags, which dlv then
// rejects), a boolean flag's false only after = (a separate "false" is an argument), and the last
// of repeated flags wins (the extension passes them in order).
func checksGoVersionOff(flags []string) bool {
	off := false
	for _, fl := range flags {
		name, val, ok := strings.Cut(fl, "=")
		if name != "--check-go-version" {
			continue
		}
		if !ok {
			off = false // the flag alone is true
			continue
		}
		if b, err := strconv.ParseBool(val); err == nil {
			off = !b
		}
	}
	return off
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
