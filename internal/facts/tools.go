package facts

import (
	"fmt"
	"path/filepath"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/vscode"
)

// BinInfo is a binary's build info and targets, or why they could not be read.
type BinInfo struct {
	Info *binfo.Info
	Err  error
}

// BinInfo reads the build info of the binary at path once per run.
func (f *Facts) BinInfo(path string) *BinInfo {
	key := path
	if r, err := f.Host.EvalSymlinks(path); err == nil {
		key = r
	}
	return f.binfos.get(key, func() *BinInfo {
		file, err := f.Host.Open(key)
		if err != nil {
			return &BinInfo{Err: fmt.Errorf("reading %s: %w", path, err)}
		}
		defer file.Close()
		info, err := binfo.ReadFrom(file, file.Size(), path)
		return &BinInfo{Info: info, Err: err}
	})
}

// ToolSettings are the editor settings tool resolution reads. They are empty until the editor
// layer supplies them.
func (f *Facts) ToolSettings() vscode.ToolSettings { return vscode.ToolSettings{} }

// GoPaths are the Go variables tool resolution reads.
func (f *Facts) GoPaths() vscode.GoPaths {
	return vscode.GoPaths{
		GOBIN:  f.GoVar("GOBIN"),
		GOPATH: f.GOPATHs(),
		GOROOT: f.GOROOT(),
		PATH:   f.Host.Env().Get("PATH"),
	}
}

// ToolFact is where the editor finds a tool.
type ToolFact struct {
	Tool       *toolset.Tool
	Resolution vscode.Resolution
}

// Tool resolves a tool of the table the way the editor does, once per run.
func (f *Facts) Tool(t *toolset.Tool) *ToolFact {
	return f.resolved.get(t.Name, func() *ToolFact {
		return &ToolFact{Tool: t, Resolution: vscode.Resolve(f.Host, t.Name, f.ToolSettings(), f.GoPaths())}
	})
}

// Probe runs the tool binary at path with args once per run (its version command, or -h).
func (f *Facts) Probe(path string, args []string) *host.Result {
	key := path + "\x00" + fmt.Sprint(args)
	return f.probes.get(key, func() *host.Result {
		// Tools started by an editor inherit its environment; run them in the workspace.
		return f.Run(host.Cmd{Path: path, Args: args, Dir: f.Dir, OutputLimit: 64 << 10})
	})
}

// Copies lists every copy of a program named name in GOBIN, each GOPATH/bin, GOROOT/bin and each
// PATH entry, in that order, each directory once.
func (f *Facts) Copies(name string) []string {
	exts := host.Exts(f.Host, f.Host.Env().Get("PATHEXT"))
	var dirs []string
	if gobin := f.GoVar("GOBIN"); gobin != "" {
		dirs = append(dirs, gobin)
	}
	for _, p := range f.GOPATHs() {
		if p != "" {
			dirs = append(dirs, filepath.Join(p, "bin"))
		}
	}
	if root := f.GOROOT(); root != "" {
		dirs = append(dirs, filepath.Join(root, "bin"))
	}
	for _, e := range f.PathEntries() {
		if e.Problem == "" {
			dirs = append(dirs, e.Raw)
		}
	}
	seen := make(map[string]bool)
	var out []string
	for _, d := range dirs {
		key := SamePathKey(f.Host, d)
		if seen[key] {
			continue
		}
		seen[key] = true
		if p := host.FindIn(f.Host, d, name, exts); p != "" {
			out = append(out, p)
		}
	}
	return out
}
