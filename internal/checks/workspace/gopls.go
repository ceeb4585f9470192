package workspace

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
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
