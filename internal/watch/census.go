// Package watch is `gomedic watch`: a census of the user's gopls and dlv processes (which editor
// started each, on which workspace, with which binary, at what cost), the findings about them
// (ids watch.*), the crashes the editors' logs recorded, the history of samples that shows
// memory trends, the per-user service that runs it at login and the supervised shared gopls.
package watch

import (
	"context"
	"path"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// Proc is one gopls or dlv process of the census, with what the system said of it.
type Proc struct {
	result.WatchProcess
	Info host.ProcInfo `json:"-"`
}

// CensusOptions scopes a census.
type CensusOptions struct {
	// UID keeps the processes of this user; -1 keeps every user's.
	UID int
	// Under, when set, keeps the processes whose workspace folder is Under or inside it.
	Under string

	// views keeps what the editors' gopls logs said of the views between looks (nil: none kept).
	views *viewCache
}

// Census lists the gopls and dlv processes h runs for the user, oldest first, with the editor
// that started each (its ancestors), its role, and whether it was orphaned or its binary
// replaced. The whole process list is returned too, for the findings that need the others.
func Census(ctx context.Context, h host.Host, o CensusOptions) ([]Proc, []host.ProcInfo, error) {
	all, err := host.Processes(ctx, h)
	if err != nil {
		return nil, nil, err
	}
	byPid := make(map[int]host.ProcInfo, len(all))
	for _, p := range all {
		byPid[p.Pid] = p
	}
	home := h.HomeDir()
	var out []Proc
	for _, p := range all {
		tool := toolOf(p)
		if tool == "" || (o.UID >= 0 && p.UID != o.UID) {
			continue
		}
		host.ProcessDetails(h, &p)
		out = append(out, Proc{WatchProcess: describe(h, p, tool, byPid, home), Info: p})
	}
	foldersFromLogs(h, out, byPid, o.views)
	if o.Under != "" {
		out = slices.DeleteFunc(out, func(p Proc) bool { return !within(p.Workspace, o.Under) })
	}
	slices.SortFunc(out, func(a, b Proc) int {
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return a.Pid - b.Pid
	})
	return out, all, nil
}

// telemetrySidecar is the argument golang.org/x/telemetry starts a program's telemetry child
// with (telemetry.Start: the same executable, for crash reports and uploads, in the telemetry
// directory): every gopls has one while Go telemetry is on or local, the default.
const telemetrySidecar = "** telemetry **"

// toolOf is "gopls" or "dlv" when p runs one of them (by its executable's or argv[0]'s base
// name, without .exe), else "". A telemetry sidecar of the binary runs no tool: it serves no
// workspace, and as many of them share one directory as there are gopls.
func toolOf(p host.ProcInfo) string {
	if len(p.Argv) == 2 && p.Argv[1] == telemetrySidecar {
		return ""
	}
	names := []string{p.Name()}
	if len(p.Argv) > 0 {
		names = append(names, path.Base(strings.ReplaceAll(p.Argv[0], `\`, "/")))
	}
	for _, n := range names {
		switch strings.TrimSuffix(strings.ToLower(n), ".exe") {
		case "gopls":
			return "gopls"
		case "dlv", "dlv-dap":
			return "dlv"
		}
	}
	return ""
}

// describe fills the census line of p.
func describe(h host.Host, p host.ProcInfo, tool string, byPid map[int]host.ProcInfo, home string) result.WatchProcess {
	wp := result.WatchProcess{
		Pid: p.Pid, PPid: p.PPid, Tool: tool, Binary: p.Exe, Started: p.Start,
		CPUMS: p.CPU.Milliseconds(), RSS: p.RSS, Role: roleOf(tool, p.Argv),
		Workspace: workspaceOf(p, home),
	}
	if len(p.Argv) > 1 {
		wp.Args = p.Argv[1:]
	}
	if wp.Binary == "" && len(p.Argv) > 0 {
		wp.Binary = p.Argv[0]
	}
	wp.Editor = editorOf(p, byPid)
	wp.Orphaned = wp.Role != "daemon" && orphaned(p, byPid)
	wp.BinaryState = binaryState(h, p)
	wp.MemoryLimit, _ = ParseMemLimit(p.Getenv("GOMEMLIMIT"))
	return wp
}

// roleOf tells apart gopls's modes from its command line (gopls/internal/cmd: the -remote flag
// makes it forward to a shared server; serve with -listen makes it that server) and dlv.
func roleOf(tool string, argv []string) string {
	if tool == "dlv" {
		return "debugger"
	}
	role := "server"
	for _, a := range argv {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			continue
		}
		switch name {
		case "remote":
			return "forwarder"
		case "listen":
			role = "daemon"
		}
	}
	return role
}

// workspaceOf is the folder the process works in: its working directory, unless that is the
// home or root directory (which an editor's extension host passes on, saying nothing of the
// workspace).
func workspaceOf(p host.ProcInfo, home string) string {
	if p.Cwd == "" || p.Cwd == "/" || p.Cwd == home || strings.HasSuffix(p.Cwd, " (deleted)") {
		return ""
	}
	return p.Cwd
}

// within reports whether dir is root or inside it.
func within(dir, root string) bool {
	if dir == "" {
		return false
	}
	root = strings.TrimSuffix(root, "/")
	return dir == root || strings.HasPrefix(dir, root+"/")
}
