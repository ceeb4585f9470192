package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

// mermaidPackages are the npm packages the Mermaid check runs: Mermaid's own parser, and jsdom
// for the window its DOMPurify needs.
var mermaidPackages = []string{"mermaid@11", "jsdom@24"}

// mermaidDir is where the npm packages are installed once and reused: $GOMEDIC_MERMAID_DIR, else
// the user cache directory's gomedic-test/mermaid-11. It is "" when there is no such directory.
func mermaidDir(t *testing.T) string {
	if d := os.Getenv("GOMEDIC_MERMAID_DIR"); d != "" {
		return d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(cache, "gomedic-test", "mermaid-11")
}

// installMermaid installs mermaidPackages into dir unless they are there: into a directory beside
// it, renamed into place, so that two tests installing at once leave one whole copy.
func installMermaid(t *testing.T, dir string) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "mermaid", "package.json")); err == nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Skipf("no cache directory for the npm packages: %v", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "install-")
	if err != nil {
		t.Skipf("no cache directory for the npm packages: %v", err)
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := append([]string{"install", "--prefix", tmp, "--no-audit", "--no-fund", "--loglevel=error"}, mermaidPackages...)
	if out, err := exec.CommandContext(ctx, "npm", args...).CombinedOutput(); err != nil {
		skipOrFail(t, "npm install %s: %v\n%s", strings.Join(mermaidPackages, " "), err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "node_modules", "mermaid")); statErr != nil {
			t.Fatalf("moving the npm packages into place: %v", err)
		}
	}
}

// skipOrFail skips the test, or fails it in CI (CI=true), where .ci/run installs node and npm.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// TestMermaidParses: the chain the Markdown report draws is valid Mermaid, by Mermaid's own
// parser, for every status a link can have and the root cause on any link.
func TestMermaidParses(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs Mermaid with node")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipOrFail(t, "%s is not installed: the Mermaid source is not checked", tool)
		}
	}
	dir := mermaidDir(t)
	if dir == "" {
		t.Skip("no user cache directory for the npm packages")
	}
	installMermaid(t, dir)
	files := writeCharts(t)
	// An ES module finds its packages from where it is: the script runs from the packages' directory.
	src, err := os.ReadFile(filepath.Join("testdata", "mermaid", "check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "check.mjs")
	if err := os.WriteFile(script, src, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{script}, files...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("Mermaid rejects the chain: %v\n%s", err, out)
	}
}

// chainLinks are the links of the chain, as package bugreport names them.
var chainLinks = []string{"editor", "settings", "tools", "go", "env", "network", "workspace"}

// writeCharts writes one chart per status and root-cause position, and returns their files.
func writeCharts(t *testing.T) []string {
	tmp := t.TempDir()
	var files []string
	for i, st := range finding.Statuses {
		chain := make([]result.ChainLink, len(chainLinks))
		for j, name := range chainLinks {
			chain[j] = result.ChainLink{Name: name, Status: string(finding.Statuses[(i+j)%len(finding.Statuses)])}
		}
		chain[i%len(chain)].Root = true
		chain[i%len(chain)].Status = string(st)
		file := filepath.Join(tmp, string(st)+".mmd")
		if err := os.WriteFile(file, []byte(Mermaid(chain)), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	return files
}
