// Package bugreport builds the sections of `gomedic report` (result.BugReport) from the run's
// facts, the findings of the checks and the settings document: the verdict (root causes and what
// they block), the chain link by link, the machine, every Go found, the Go variables with their
// sources, the tools' build info, the workspace's shape and the editors' recent gopls errors. It
// belongs to the commands tier: it reads facts and findings and decides what a bug report says;
// internal/cli builds the settings document (package settings) and passes it in, and package
// report renders and anonymises the result.
package bugreport

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/modfile"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/toolset"
)

// Build is the bug report's sections for the workspace f.Dir: findings are what the checks found
// there, settings the document of `gomedic settings` for it.
func Build(f *facts.Facts, findings []finding.Finding, settings *result.Settings, deep bool) *result.BugReport {
	return &result.BugReport{
		Verdict:   Verdict(findings),
		Chain:     Chain(findings),
		Machine:   machine(f, settings),
		Gos:       gos(f),
		GoEnv:     goEnv(f),
		Paths:     paths(f),
		Settings:  settings,
		Tools:     tools(f),
		Layout:    layouts(f),
		Deep:      deep,
		EditorLog: EditorLog(f.Host, settings),
	}
}

// Verdict are the root causes among findings: each failed (or warned) check that is not blocked,
// whose failure the runner put first, with the ids of the checks it blocked. Warnings come after
// failures; a report with no failure and no warning has no root cause.
func Verdict(findings []finding.Finding) []result.RootCause {
	blocks := map[string][]string{}
	for _, f := range findings {
		if f.BlockedBy != "" {
			blocks[f.BlockedBy] = append(blocks[f.BlockedBy], f.ID)
		}
	}
	out := []result.RootCause{}
	for _, status := range []finding.Status{finding.Fail, finding.Error, finding.Warn} {
		for _, f := range findings {
			if f.Status != status || f.BlockedBy != "" {
				continue
			}
			rc := result.RootCause{ID: f.ID, Layer: string(f.Layer), Status: string(f.Status), Title: f.Title, Blocks: blocks[f.ID]}
			if f.Fix != nil {
				rc.Fix = f.Fix.Summary
				if len(f.Fix.Commands) > 0 {
					rc.Fix = f.Fix.Commands[0]
				}
			}
			out = append(out, rc)
		}
	}
	return out
}

// Links are the chain's links in the order the editor depends on them.
var Links = []string{"editor", "settings", "tools", "go", "env", "network", "workspace"}

// LinkOf is the link of the chain a check judges: the editor layer holds two links, the editor
// with its Go extension and the extension's settings (settings files, launch.json, tasks.json).
func LinkOf(f finding.Finding) string {
	switch f.Layer {
	case finding.LayerEditor:
		if f.ID == "editor.found" || f.ID == "editor.extension" || f.ID == "editor.env_mismatch" || f.ID == "editor.remote" {
			return "editor"
		}
		return "settings"
	case finding.LayerNet:
		return "network"
	case finding.LayerGo, finding.LayerEnv, finding.LayerTools:
		return string(f.Layer)
	}
	return "workspace"
}

// Chain is each link's worst status over its checks ("skip" when none ran), the ids with a
// problem, and the link of the first root cause marked.
func Chain(findings []finding.Finding) []result.ChainLink {
	links := make([]result.ChainLink, len(Links))
	for i, name := range Links {
		links[i] = result.ChainLink{Name: name, Status: string(finding.Skip)}
	}
	index := func(name string) int { return slices.Index(Links, name) }
	for _, f := range findings {
		l := &links[index(LinkOf(f))]
		if f.Status.Rank() < finding.Status(l.Status).Rank() {
			l.Status = string(f.Status)
		}
		if f.Status.Problem() {
			l.Checks = append(l.Checks, f.ID)
		}
	}
	if v := Verdict(findings); len(v) > 0 {
		for _, f := range findings {
			if f.ID == v[0].ID {
				links[index(LinkOf(f))].Root = true
				break
			}
		}
	}
	return links
}

func machine(f *facts.Facts, settings *result.Settings) result.Machine {
	m := result.Machine{OS: f.Host.OS(), Arch: f.Host.Arch(), Translated: f.Host.Translated(), Shell: f.Shell().Name}
	env := f.Host.Env()
	m.WSL = env.Get("WSL_DISTRO_NAME")
	switch {
	case env.Get("CODESPACES") == "true":
		m.Remote = "codespaces"
	case env.Get("REMOTE_CONTAINERS") == "true":
		m.Remote = "dev-container"
	case env.Get("VSCODE_AGENT_FOLDER") != "" || settings != nil && slices.ContainsFunc(settings.Editors, func(e result.Editor) bool { return e.MachineDir != "" }):
		m.Remote = "vscode-server"
	}
	if m.Remote == "" {
		for _, rf := range f.Settings().RemoteFolders {
			m.Remote = rf.Kind
			break
		}
	}
	return m
}

// gos are the go on PATH first, then every other installation found.
func gos(f *facts.Facts) []result.GoInstall {
	out := []result.GoInstall{}
	onPath, err := f.GoBin()
	resolved := onPath
	if err == nil {
		if r, err := f.Host.EvalSymlinks(onPath); err == nil {
			resolved = r
		}
		out = append(out, result.GoInstall{Go: onPath, Root: f.GOROOT(), Version: f.GoVar("GOVERSION"), OnPath: true})
	}
	for _, in := range f.Installations() {
		if err == nil && (in.Go == resolved || in.Go == onPath) {
			out[0].Origin = in.Origin
			if out[0].Version == "" {
				out[0].Version = in.Version
			}
			continue
		}
		out = append(out, result.GoInstall{Go: in.Go, Root: in.Root, Version: in.Version, Origin: in.Origin})
	}
	return out
}

// GoVars are the Go variables a maintainer asks about, in this order.
var GoVars = []string{"GOVERSION", "GOROOT", "GOPATH", "GOBIN", "GOMODCACHE", "GOCACHE", "GOENV", "GOFLAGS",
	"GO111MODULE", "GOTOOLCHAIN", "GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE",
	"GOWORK", "GOOS", "GOARCH", "CGO_ENABLED", "CC", "GOTMPDIR", "GOEXPERIMENT"}

func goEnv(f *facts.Facts) []result.GoVar {
	out := []result.GoVar{}
	if f.GoEnv() == nil {
		return out
	}
	for _, name := range GoVars {
		v := f.Value(name)
		if v.Value == "" && v.Source == "default" && f.GoVar(name) == "" {
			continue
		}
		gv := result.GoVar{Name: name, Value: redact.Var(name, v.Value), Source: string(v.Source)}
		if v.File != "" {
			gv.File = v.File
			if v.Line > 0 {
				gv.File += ":" + strconv.Itoa(v.Line)
			}
		}
		out = append(out, gv)
	}
	return out
}

// paths are what the workspace's and the Go variables' paths tell besides their text: anonymised,
// a path keeps these. Whether a path is on a network mount is asked of this machine's kernel, so
// only of the real host.
func paths(f *facts.Facts) []result.PathFact {
	var out []result.PathFact
	add := func(what, p string) {
		if p == "" {
			return
		}
		pf := result.PathFact{What: what, Path: p, Space: strings.ContainsAny(p, " \t"), NonASCII: !isASCII(p)}
		if r, err := f.Host.EvalSymlinks(p); err == nil && r != p {
			pf.Symlink = true
		}
		if _, real := f.Host.(*host.Real); real {
			pf.Network = host.NetworkFS(p)
		}
		if pf.Space || pf.NonASCII || pf.Symlink || pf.Network != "" {
			out = append(out, pf)
		}
	}
	add("workspace", f.Dir)
	for _, name := range []string{"GOROOT", "GOPATH", "GOBIN", "GOMODCACHE", "GOCACHE"} {
		add(name, f.GoVar(name))
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tools are the editor tools found where the extension looks, with their build info.
func tools(f *facts.Facts) []result.BuiltTool {
	out := []result.BuiltTool{}
	for _, t := range toolset.Tools {
		path := f.Tool(t).Resolution.Path
		if path == "" {
			continue
		}
		bt := result.BuiltTool{Tool: t.Name, Path: path}
		bi := f.BinInfo(path)
		switch {
		case bi.Err != nil:
			bt.Error = bi.Err.Error()
		case bi.Info != nil:
			bt.Module, bt.Version, bt.GoVersion = bi.Info.Module, bi.Info.Version, bi.Info.GoVersion
			if len(bi.Info.Targets) > 0 {
				bt.OS, bt.Arch = bi.Info.Targets[0].OS, bi.Info.Targets[0].Arch
			}
		}
		out = append(out, bt)
	}
	return out
}

// layouts are the shape of each workspace folder: its go.mod with the go and toolchain lines,
// go.work, nested modules, vendor.
func layouts(f *facts.Facts) []result.FolderLayout {
	out := []result.FolderLayout{}
	folders := f.WorkspaceFolders()
	if len(folders) == 0 {
		folders = []string{f.Dir}
	}
	for _, folder := range folders {
		l := f.Layout(folder)
		fl := result.FolderLayout{Folder: folder, GoMod: l.GoMod, GoWork: l.GoWork, Nested: l.Nested, GoDirs: len(l.GoDirs)}
		if l.GOWORK.Value != "" {
			fl.GOWORK = l.GOWORK.Value + " (" + string(l.GOWORK.Source) + ")"
		}
		fl.Use = workUses(f, l.GoWork)
		if l.GoMod != "" {
			if data, err := f.Host.ReadFile(l.GoMod, 1<<20); err == nil {
				if mf, err := modfile.ParseLax(l.GoMod, data, nil); err == nil {
					if mf.Module != nil {
						fl.Module = mf.Module.Mod.Path
					}
					if mf.Go != nil {
						fl.GoLine = mf.Go.Version
					}
					if mf.Toolchain != nil {
						fl.Toolchain = mf.Toolchain.Name
					}
				}
			}
			if fi, err := f.Host.Stat(filepath.Join(filepath.Dir(l.GoMod), "vendor", "modules.txt")); err == nil && !fi.IsDir() {
				fl.Vendor = true
			}
		}
		out = append(out, fl)
	}
	return out
}

// workUses are the directories a go.work file uses, made absolute.
func workUses(f *facts.Facts, goWork string) []string {
	if goWork == "" {
		return nil
	}
	data, err := f.Host.ReadFile(goWork, 1<<20)
	if err != nil {
		return nil
	}
	wf, err := modfile.ParseWork(goWork, data, nil)
	if err != nil {
		return nil
	}
	var out []string
	for _, u := range wf.Use {
		dir := u.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(goWork), dir)
		}
		out = append(out, dir)
	}
	return out
}
