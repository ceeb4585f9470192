// Package vscode sees the Go toolchain the way the Go extension for VS Code (and Cursor, VSCodium,
// ...) sees it. This file holds tool resolution: which binary the extension runs for a tool name.
package vscode

import (
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// ToolSettings are the settings that change where the extension looks for tools. The zero value is
// "no editor settings".
type ToolSettings struct {
	AlternateTools map[string]string // go.alternateTools: tool name -> path or name
	ToolsGopath    []string          // go.toolsGopath entries
	Gopath         []string          // go.gopath entries (when set, they replace GOPATH)
}

// GoPaths are the Go environment values resolution reads (from `go env`).
type GoPaths struct {
	GOBIN  string
	GOPATH []string
	GOROOT string
	PATH   string // the PATH the editor's process has
}

// Rule names why a place was looked at.
type Rule string

// The rules, in the extension's order.
const (
	RuleAlternateTools Rule = "go.alternateTools"
	RuleGOBIN          Rule = "GOBIN"
	RuleToolsGopath    Rule = "go.toolsGopath"
	RuleGOPATH         Rule = "GOPATH"
	RuleGOROOT         Rule = "GOROOT/bin"
	RulePATH           Rule = "PATH"
	RuleDefaultGo      Rule = "default go location"
)

// Place is one place resolution looked.
type Place struct {
	Rule Rule
	Dir  string // the directory searched ("" for an absolute alternateTools path)
	Path string // the file found there, or ""
}

// Resolution is where the extension finds a tool.
type Resolution struct {
	Name  string  // the name looked for (alternateTools may rename it)
	Path  string  // the binary the extension will run; "" when none is found
	Rule  Rule    // the rule that chose Path
	Tried []Place // every place looked, in order, up to and including the one that matched
}

// Resolve finds tool the way the Go extension does: go.alternateTools[tool] when it is an absolute
// path; then the name (alternateTools[tool] when relative, else tool) in GOBIN, each go.toolsGopath
// entry's bin, each GOPATH entry's bin, GOROOT/bin, each PATH entry; for go alone, finally the
// default install locations.
func Resolve(h host.Host, tool string, s ToolSettings, p GoPaths) Resolution {
	name := tool
	res := Resolution{Name: name}
	exts := host.Exts(h, h.Env().Get("PATHEXT"))
	if alt := s.AlternateTools[tool]; alt != "" {
		if host.IsAbs(h, alt) {
			res.Tried = append(res.Tried, Place{Rule: RuleAlternateTools, Path: alt})
			if host.Executable(h, alt, exts) || h.OS() == "windows" && host.FindIn(h, filepath.Dir(alt), filepath.Base(alt), exts) != "" {
				res.Path, res.Rule = alt, RuleAlternateTools
			}
			// An absolute alternate path is final: the extension does not look further.
			return res
		}
		name = alt
		res.Name = alt
	}
	look := func(rule Rule, dir string) bool {
		if dir == "" {
			return false
		}
		pl := Place{Rule: rule, Dir: dir, Path: host.FindIn(h, dir, name, exts)}
		res.Tried = append(res.Tried, pl)
		if pl.Path != "" {
			res.Path, res.Rule = pl.Path, rule
			return true
		}
		return false
	}
	if look(RuleGOBIN, p.GOBIN) {
		return res
	}
	for _, g := range s.ToolsGopath {
		if look(RuleToolsGopath, filepath.Join(g, "bin")) {
			return res
		}
	}
	gopath := p.GOPATH
	if len(s.Gopath) > 0 {
		gopath = s.Gopath
	}
	for _, g := range gopath {
		if look(RuleGOPATH, filepath.Join(g, "bin")) {
			return res
		}
	}
	if p.GOROOT != "" && look(RuleGOROOT, filepath.Join(p.GOROOT, "bin")) {
		return res
	}
	for _, dir := range host.SplitList(h, p.PATH) {
		if dir == "" || !host.IsAbs(h, dir) {
			continue
		}
		if look(RulePATH, dir) {
			return res
		}
	}
	if tool == "go" {
		for _, dir := range defaultGoDirs(h) {
			if look(RuleDefaultGo, dir) {
				return res
			}
		}
	}
	return res
}

// defaultGoDirs are the places the extension tries for go when nothing else has it.
func defaultGoDirs(h host.Host) []string {
	if h.OS() == "windows" {
		pf := h.Env().Get("ProgramFiles")
		if pf == "" {
			pf = `C:\Program Files`
		}
		return []string{filepath.Join(pf, "Go", "bin")}
	}
	return []string{"/usr/local/go/bin", "/usr/local/bin"}
}

// Describe says in a few words where a resolution found its tool: "GOBIN (/home/a/go/bin)".
func (r Resolution) Describe() string {
	if r.Path == "" {
		return "not found"
	}
	dir := filepath.Dir(r.Path)
	if r.Rule == RuleAlternateTools {
		return "go.alternateTools"
	}
	return string(r.Rule) + " (" + strings.TrimSuffix(dir, string(filepath.Separator)) + ")"
}
