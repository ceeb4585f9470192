package workspace

import (
	"context"
	"fmt"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/lsp"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// goplsCauses are the checks that can explain a gopls session's failure: its load errors name
// them (see goplsCause), and when the named one failed too, ws.gopls is reported as blocked by it.
var goplsCauses = []string{
	"ws.go_directive", "ws.gowork", "ws.module", "ws.deps", "ws.packages",
	"env.go111module", "env.goflags", "editor.settings.tools_env", "editor.settings.language_server", "ws.packagesdriver",
}

// goplsCheck starts gopls as the editor does and reports how the workspace loads.
func goplsCheck(ctx context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	if schema.GoplsOff(s) {
		st, _ := s.ExtensionValue("go.useLanguageServer")
		return finding.Finding{Status: finding.Skip, Title: "not checked: gopls is turned off (go.useLanguageServer: false)",
			Detail: fmt.Sprintf("%s:%d sets \"go.useLanguageServer\": false, so the editor does not start gopls (see editor.settings.language_server).", st.File, st.Line)}
	}
	path := ""
	if t := toolset.Lookup("gopls"); t != nil {
		path = f.Tool(t).Resolution.Path
	}
	if path == "" {
		return finding.Finding{Status: finding.Skip, Title: "not checked: the editor finds no gopls", Detail: "See tools.gopls.found."}
	}
	setup := goplsStart(f, path, goplsTimeout(ctx, f.Timeout))
	// The editor shows a Go file; gopls v0.15 and later load the module that holds it then, even
	// when the workspace folder is not one.
	open, bounded := goplsGoFile(f.Host, setup.cfg.Folders)
	setup.cfg.Open = open
	setup.cfg.OpenUnconstrained = open != "" && goplsUnconstrained(f.Host, open)
	setup.hasGoFiles = open != "" || bounded
	rep := lsp.Probe(ctx, setup.cfg)
	if rep.Phase == lsp.PhaseReady {
		setup.cache.MarkUsed(time.Now())
	}
	return goplsFinding(rep, setup)
}

// goplsWalkLimit bounds the directory entries goplsGoFile looks at.
const goplsWalkLimit = 10000

// goplsGoFile is the first .go file of the folders (in directory order, a folder's own files
// before its subdirectories') that gopls would load: outside testdata, vendor, node_modules and
// directories whose name starts with "." or "_", as the go command skips them; "" when there is
// none, with bounded set when the walk stopped at its bound first.
func goplsGoFile(h host.Host, folders []string) (file string, bounded bool) {
	seen := 0
	var walk func(dir string) string
	walk = func(dir string) string {
		entries, err := h.ReadDir(dir)
		if err != nil {
			return ""
		}
		var dirs []string
		for _, e := range entries {
			if seen++; seen > goplsWalkLimit {
				return ""
			}
			name := e.Name()
			switch {
			case e.IsDir():
				if !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_") && name != "testdata" && name != "vendor" && name != "node_modules" {
					dirs = append(dirs, filepath.Join(dir, name))
				}
			case strings.HasSuffix(name, ".go") && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_"):
				return filepath.Join(dir, name)
			}
		}
		for _, d := range dirs {
			if p := walk(d); p != "" {
				return p
			}
		}
		return ""
	}
	for _, f := range folders {
		if p := walk(f); p != "" {
			return p, false
		}
	}
	return "", seen > goplsWalkLimit
}

// goplsUnconstrained reports whether every package the go command builds from the directory of
// the Go file at path holds the file, whatever GOOS, GOARCH, build tags and CGO_ENABLED are
// (go/build's rules): its name has no _GOOS or _GOARCH suffix, no //go:build or // +build line
// comes before its package clause, and it does not import "C" (left out with CGO_ENABLED=0). For
// such a file, a workspace package of its directory is a package of the file.
func goplsUnconstrained(h host.Host, path string) bool {
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".go"), "_test")
	if i := strings.Index(name, "_"); i >= 0 {
		parts := strings.Split(name[i+1:], "_")
		if last := parts[len(parts)-1]; goenv.KnownOS(last) || goenv.KnownArch(last) {
			return false
		}
	}
	data, err := h.ReadFile(path, 1<<20)
	if err != nil {
		return false
	}
	file, err := parser.ParseFile(token.NewFileSet(), path, data, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return false
	}
	for _, imp := range file.Imports {
		if imp.Path.Value == `"C"` {
			return false
		}
	}
	for _, g := range file.Comments {
		for _, c := range g.List {
			if c.Pos() < file.Package && (constraint.IsGoBuild(c.Text) || constraint.IsPlusBuild(c.Text)) {
				return false
			}
		}
	}
	return true
}

// goplsTimeout is how long gopls may take to start and load the workspace: three times the
// --timeout, within what is left of the check's own time once shutting gopls down is allowed for.
func goplsTimeout(ctx context.Context, timeout time.Duration) time.Duration {
	dl, ok := ctx.Deadline()
	return goplsBudget(timeout, dl, ok, time.Now())
}

// goplsBudget is goplsTimeout at the moment now, for a check that must end by deadline when
// hasDeadline is set.
func goplsBudget(timeout time.Duration, deadline time.Time, hasDeadline bool, now time.Time) time.Duration {
	t := 3 * timeout
	if hasDeadline {
		if left := deadline.Sub(now) - lsp.ShutdownGrace - time.Second; left < t {
			t = left
		}
	}
	return max(t, time.Second)
}
