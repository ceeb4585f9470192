package watch

import (
	"path/filepath"

	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

// editorWouldStart marks the editors' gopls servers that run another binary than the one the Go
// extension would start now for their workspace: it resolves gopls as the extension does
// (vscode.Resolve: go.alternateTools, GOBIN, go.toolsGopath, GOPATH, PATH) with the workspace's
// settings and the Go environment of the process (its GOBIN, GOPATH and PATH, else the values
// `go env -w` wrote), and compares the files by identity, so that a symlink to the same binary
// is the same. A gopls whose resolution finds nothing is left alone.
func editorWouldStart(h host.Host, procs []Proc) {
	goEnvFile := map[string]goenv.Line{}
	if file := goenv.UserFile(h); file != "" {
		if data, err := h.ReadFile(file, 1<<20); err == nil {
			goEnvFile = goenv.ParseFile(data)
		}
	}
	settings := map[string]*vscode.Settings{}
	for i := range procs {
		p := &procs[i]
		if p.Tool != "gopls" || p.Role != "server" || p.BinaryState != "" || p.Workspace == "" ||
			p.Editor == "" || p.Editor == "terminal" || p.Info.ExeID == "" {
			continue
		}
		key := p.Editor + "\x00" + p.Workspace
		s, ok := settings[key]
		if !ok {
			s = vscode.LoadFor(h, p.Workspace, p.Editor) // the settings of the editor that started it
			settings[key] = s
		}
		res := vscode.Resolve(h, "gopls", s.ToolSettings(), goPaths(h, p.Info, goEnvFile))
		if res.Path == "" {
			continue
		}
		if fi, err := h.Stat(res.Path); err == nil && host.DevIno(fi) != "" && host.DevIno(fi) != p.Info.ExeID {
			p.BinaryState = "not what the editor starts now (" + res.Path + ", by " + string(res.Rule) + ")"
		}
	}
}

// goPaths are the Go environment values tool resolution reads, for a process: its own
// environment first, then the go env file, then the go command's defaults.
func goPaths(h host.Host, p host.ProcInfo, file map[string]goenv.Line) vscode.GoPaths {
	get := func(key string) string {
		if v := p.Getenv(key); v != "" {
			return v
		}
		return file[key].Value
	}
	gopath := filepath.SplitList(get("GOPATH"))
	if len(gopath) == 0 && h.HomeDir() != "" {
		gopath = []string{filepath.Join(h.HomeDir(), "go")}
	}
	return vscode.GoPaths{GOBIN: get("GOBIN"), GOPATH: gopath, GOROOT: get("GOROOT"), PATH: p.Getenv("PATH")}
}
