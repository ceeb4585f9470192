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
	// Goroot is go.goroot: where the extension looks for go's bin directory instead of GOROOT,
	// and the GOROOT of every other tool when it is a directory.
	Goroot string
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
	RuleGorootSetting  Rule = "go.goroot"
	RulePATH           Rule = "PATH"
	RuleDefaultGo      Rule = "default go location"
)

// Place is one place resolution looked.
type Place struct {
	Rule Rule
	Dir  string // the directory searched ("" for an absolute alternateTools path or a default go path)
	Path string // the file found there, or ""
	// Passed says why a file of the right name there was passed over ("not executable", "a
	// directory"), or is "".
	Passed     string
	PassedPath string // that file
	// File is the file looked at by a rule that names one file (an absolute go.alternateTools
	// path, a default go location), found or not.
	File string
}

// Resolution is where the extension finds a tool.
type Resolution struct {
	Name  string  // the name looked for (alternateTools may rename it)
	Path  string  // the binary the extension will run; "" when none is found
	Rule  Rule    // the rule that chose Path
	Tried []Place // every place looked, in order, up to and including the one that matched
}

// Resolve finds tool the way the Go extension does (getBinPathWithExplanation in
// extension/src/util.ts and getBinPathWithPreferredGopathGorootWithExplanation in
// extension/src/utils/pathUtils.ts): go.alternateTools[tool] when it is an absolute path to an
// executable file; then the name (alternateTools[tool] when relative, else tool; with ".exe"
// appended on Windows, and no other PATHEXT extension) in GOBIN, each go.toolsGopath entry's bin,
// each GOPATH entry's bin (go.gopath's when set), GOROOT/bin, each PATH entry; for go alone,
// finally the default install locations. An absolute alternateTools path that is not an
// executable file is passed over and the search goes on with the tool's own name, as the
// extension does.
//
// The go command itself is looked for in neither go.toolsGopath nor GOPATH (the extension passes
// no GOPATH for it), and go.goroot, when set, replaces GOROOT in its search. Every other tool
// searches go.goroot's bin instead of GOROOT's when go.goroot is a directory: the extension then
// sets GOROOT to it for the go command that reports GOROOT.
func Resolve(h host.Host, tool string, s ToolSettings, p GoPaths) Resolution {
	r := &resolver{h: h, res: Resolution{Name: tool}}
	alt := s.AlternateTools[tool]
	switch {
	case alt != "" && host.IsAbs(h, alt):
		if r.lookFile(RuleAlternateTools, alt) {
			return r.res
		}
	case alt != "":
		r.res.Name = alt
	}
	r.file = editorBinName(h, r.res.Name)
	if r.look(RuleGOBIN, p.GOBIN) {
		return r.res
	}
	if tool != "go" {
		for _, g := range s.ToolsGopath {
			if g != "" && r.look(RuleToolsGopath, filepath.Join(g, "bin")) {
				return r.res
			}
		}
		gopath := p.GOPATH
		if len(s.Gopath) > 0 {
			gopath = s.Gopath
		}
		for _, g := range gopath {
			if g != "" && r.look(RuleGOPATH, filepath.Join(g, "bin")) {
				return r.res
			}
		}
	}
	goroot, rule := p.GOROOT, RuleGOROOT
	if s.Goroot != "" && (tool == "go" || isDir(h, s.Goroot)) {
		goroot, rule = s.Goroot, RuleGorootSetting
	}
	if goroot != "" && r.look(rule, filepath.Join(goroot, "bin")) {
		return r.res
	}
	for _, dir := range host.SplitList(h, p.PATH) {
		if dir != "" && host.IsAbs(h, dir) && r.look(RulePATH, dir) {
			if tool == "go" && r.res.Path == "/snap/bin/go" {
				// The extension's workaround for snapd (golang/vscode-go#166).
				r.res.Path = "/snap/go/current/bin/go"
			}
			return r.res
		}
	}
	if tool == "go" {
		for _, path := range defaultGoPaths(h) {
			if r.lookFile(RuleDefaultGo, path) {
				return r.res
			}
		}
	}
	return r.res
}

// resolver is one resolution in progress.
type resolver struct {
	h      host.Host
	file   string          // the file name looked for in each directory
	looked map[string]bool // directories already searched
	res    Resolution
}

// look tries dir; it reports whether the tool was found there. A directory listed twice (in
// GOPATH and PATH, or twice in PATH) is searched once: the second look finds what the first did.
func (r *resolver) look(rule Rule, dir string) bool {
	if dir == "" || r.looked[dir] {
		return false
	}
	if r.looked == nil {
		r.looked = make(map[string]bool)
	}
	r.looked[dir] = true
	pl := Place{Rule: rule, Dir: dir}
	path := filepath.Join(dir, r.file)
	if why := r.passed(path); why == "" {
		pl.Path = path
	} else if why != notThere {
		pl.Passed, pl.PassedPath = why, path
	}
	return r.record(pl)
}

// lookFile tries one file (an absolute alternateTools path, a default go location).
func (r *resolver) lookFile(rule Rule, path string) bool {
	pl := Place{Rule: rule, File: path}
	if why := r.passed(path); why == "" {
		pl.Path = path
	} else if why != notThere {
		pl.Passed, pl.PassedPath = why, path
	}
	return r.record(pl)
}

func (r *resolver) record(pl Place) bool {
	r.res.Tried = append(r.res.Tried, pl)
	if pl.Path == "" {
		return false
	}
	r.res.Path, r.res.Rule = pl.Path, pl.Rule
	return true
}

const notThere = "does not exist"

// passed says why the extension would not run the file at path ("" when it would): its
// executableFileExists wants a regular file (after symlinks) that access(X_OK) accepts, which on
// Windows means any file.
func (r *resolver) passed(path string) string {
	fi, err := r.h.Stat(path)
	switch {
	case err != nil:
		return notThere
	case fi.IsDir():
		return "a directory"
	case !fi.Mode().IsRegular():
		return "not a regular file"
	case r.h.OS() != "windows" && fi.Mode().Perm()&0o111 == 0:
		return "not executable (mode " + fi.Mode().Perm().String() + ")"
	}
	return ""
}

// editorBinName is the file name the extension looks for: name, with ".exe" appended on Windows
// (correctBinname: no other PATHEXT extension, and even a name that already ends in .exe).
func editorBinName(h host.Host, name string) string {
	if h.OS() == "windows" {
		return name + ".exe"
	}
	return name
}

// defaultGoPaths are the places the extension tries for go when nothing else has it.
func defaultGoPaths(h host.Host) []string {
	if h.OS() == "windows" {
		return []string{`C:\Program Files\Go\bin\go.exe`, `C:\Program Files (x86)\Go\bin\go.exe`}
	}
	return []string{"/usr/local/go/bin/go", "/usr/local/bin/go"}
}

// Describe says in a few words where a resolution found its tool: "GOBIN (/home/a/go/bin)".
func (r Resolution) Describe() string {
	if r.Path == "" {
		return "not found"
	}
	dir := filepath.Dir(r.Path)
	if r.Rule == RuleAlternateTools || r.Rule == RuleDefaultGo {
		return string(r.Rule)
	}
	return string(r.Rule) + " (" + strings.TrimSuffix(dir, string(filepath.Separator)) + ")"
}
