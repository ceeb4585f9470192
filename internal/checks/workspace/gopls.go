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
	"ws.go_directive", "ws.gowork", "ws.module", "ws.deps",
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
	rep := lsp.Probe(ctx, setup.cfg)
	if rep.Packages == 0 {
		setup.hasGoFiles = goplsHasGoFiles(f.Host, setup.cfg.Folders)
	}
	return goplsFinding(rep, setup)
}

// goplsWalkLimit bounds the directory entries goplsHasGoFiles looks at.
const goplsWalkLimit = 10000

// goplsHasGoFiles reports whether a folder holds a .go file gopls would load: outside testdata,
// vendor, node_modules and directories whose name starts with "." or "_", as the go command
// skips them. A walk that reaches its bound answers true.
func goplsHasGoFiles(h host.Host, folders []string) bool {
	seen := 0
	var walk func(dir string) bool
	walk = func(dir string) bool {
		entries, err := h.ReadDir(dir)
		if err != nil {
			return false
		}
		for _, e := range entries {
			if seen++; seen > goplsWalkLimit {
				return true
			}
			name := e.Name()
			if e.IsDir() {
				if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" || name == "node_modules" {
					continue
				}
				if walk(filepath.Join(dir, name)) {
					return true
				}
				continue
			}
			if strings.HasSuffix(name, ".go") {
				return true
			}
		}
		return false
	}
	for _, f := range folders {
		if walk(f) {
			return true
		}
	}
	return false
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
