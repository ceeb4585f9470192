package golang

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// onPath is a go command PATH reaches.
type onPath struct {
	bin     string // as found on PATH
	entry   string // the PATH entry
	root    string // its tree, or "" for a shim or wrapper
	version string
	shim    string
}

// gosOnPath lists the distinct Go installations PATH reaches, in PATH order. Two entries that
// reach the same tree (a symlink in /usr/bin to /usr/lib/go-1.22/bin/go and that directory itself)
// count once.
func gosOnPath(f *facts.Facts) []onPath {
	exts := host.Exts(f.Host, f.Host.Env().Get("PATHEXT"))
	seen := make(map[string]bool)
	var out []onPath
	for _, e := range f.PathEntries() {
		if e.Problem != "" {
			continue
		}
		bin := host.FindIn(f.Host, e.Raw, "go", exts)
		if bin == "" {
			continue
		}
		g := onPath{bin: bin, entry: e.Raw, root: goenv.RootOf(f.Host, bin), shim: goenv.Shim(bin)}
		key := g.root
		if key == "" {
			key = facts.SamePathKey(f.Host, bin)
		}
		key = facts.SamePathKey(f.Host, key)
		if seen[key] {
			continue
		}
		seen[key] = true
		if g.root != "" {
			g.version = goenv.ReadVersion(f.Host, g.root)
		}
		if g.version == "" && g.shim == "" {
			if bi := f.BinInfo(bin); bi.Info != nil && bi.Info.MainPath == "cmd/go" {
				g.version = bi.Info.GoVersion
			}
		}
		out = append(out, g)
	}
	return out
}

func multiple(_ context.Context, f *facts.Facts) finding.Finding {
	gos := gosOnPath(f)
	if len(gos) <= 1 {
		return finding.Finding{Status: finding.OK, Title: "one Go installation on PATH"}
	}
	var list strings.Builder
	for i, g := range gos {
		what := g.version
		switch {
		case g.shim != "":
			what = "a " + g.shim + " shim: picks a Go per directory"
		case what == "":
			what = "unknown version"
		}
		fmt.Fprintf(&list, "\n  %d. %s  (%s)", i+1, g.bin, what)
	}
	first := gos[0]
	return finding.Finding{
		Status: finding.Warn,
		Title:  fmt.Sprintf("%d Go installations on PATH", len(gos)),
		Detail: fmt.Sprintf("PATH reaches these go commands, in order:%s\nShells run the first, %s. An editor started from the desktop or the Dock gets the PATH of "+
			"your desktop session, not your shell's, and may run another one; tools built by one and run by the other "+
			"(gopls, dlv) then disagree about the standard library.", list.String(), first.bin),
		Evidence: []finding.Evidence{{Command: "PATH=" + f.Host.Env().Get("PATH")}},
		Fix: &finding.Fix{
			Summary: fmt.Sprintf("Keep one Go on PATH: remove the other directories from PATH (or uninstall those Go releases), keeping %s.", first.entry),
		},
	}
}

func origin(_ context.Context, f *facts.Facts) finding.Finding {
	goBin, _ := f.GoBin()
	root := f.GOROOT()
	if root == "" {
		return finding.Finding{Status: finding.Info, Title: fmt.Sprintf("%s is not inside a Go tree; its origin is unknown", goBin)}
	}
	var detail []string
	// go env's GOROOT is a GOROOT the user set, when set: the go on PATH is described from its
	// own tree, and the override beside it (go.goroot judges it).
	if v := f.Value("GOROOT"); v.Source != goenv.FromDefault {
		if own := goenv.RootOf(f.Host, goBin); own != "" && facts.SamePathKey(f.Host, own) != facts.SamePathKey(f.Host, root) {
			detail = append(detail, fmt.Sprintf("GOROOT=%s (%s) makes it use another tree, %s at %s (%s): see go.goroot.",
				v.Value, v.Where(), orUnknown(goenv.ReadVersion(f.Host, root)), root, goenv.Origin(f.Host, root, f.GoVar("GOMODCACHE"))))
			root = own
		}
	}
	o := goenv.Origin(f.Host, root, f.GoVar("GOMODCACHE"))
	title := fmt.Sprintf("%s at %s (%s)", orUnknown(goenv.ReadVersion(f.Host, root)), root, o)
	if len(detail) > 0 {
		title = fmt.Sprintf("the go on PATH is %s; GOROOT points at another tree", title)
	}
	if shim := goenv.Shim(goBin); shim != "" {
		detail = append(detail, fmt.Sprintf("%s is a %s shim; it runs the Go in %s for this directory.", goBin, shim, root))
	}
	if o == goenv.OriginToolchain {
		detail = append(detail, fmt.Sprintf("The go command on PATH (%s) switched to this toolchain because GOTOOLCHAIN or the workspace's go/toolchain line asks for it.", goBin))
	}
	return finding.Finding{Status: finding.Info, Title: title, Detail: strings.Join(detail, " ")}
}
