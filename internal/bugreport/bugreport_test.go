package bugreport

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

func TestVerdictAndChain(t *testing.T) {
	fs := []finding.Finding{
		{ID: "go.found", Layer: finding.LayerGo, Status: finding.OK},
		{ID: "env.go111module", Layer: finding.LayerEnv, Status: finding.Fail, Title: "GO111MODULE=off", Fix: &finding.Fix{Summary: "unset it", Commands: []string{"go env -u GO111MODULE"}}},
		{ID: "ws.deps", Layer: finding.LayerWorkspace, Status: finding.Skip, BlockedBy: "env.go111module"},
		{ID: "tools.staticcheck.found", Layer: finding.LayerTools, Status: finding.Warn, Title: "staticcheck is not installed"},
		{ID: "editor.settings.parse", Layer: finding.LayerEditor, Status: finding.Fail, Title: "settings.json does not parse"},
		{ID: "editor.extension", Layer: finding.LayerEditor, Status: finding.OK},
		{ID: "net.goproxy", Layer: finding.LayerNet, Status: finding.Error},
	}
	v := Verdict(fs)
	var ids []string
	for _, rc := range v {
		ids = append(ids, rc.ID)
	}
	// Failures first, in the runner's order; then errors, then warnings; a blocked check is none.
	if want := []string{"env.go111module", "editor.settings.parse", "net.goproxy", "tools.staticcheck.found"}; !slices.Equal(ids, want) {
		t.Errorf("verdict %v, want %v", ids, want)
	}
	if !slices.Equal(v[0].Blocks, []string{"ws.deps"}) || v[0].Fix != "go env -u GO111MODULE" {
		t.Errorf("root cause %+v", v[0])
	}
	want := map[string]string{"editor": "ok", "settings": "fail", "tools": "warn", "go": "ok", "env": "fail", "network": "error", "workspace": "skip"}
	for _, l := range Chain(fs) {
		if l.Status != want[l.Name] {
			t.Errorf("link %s: status %s, want %s", l.Name, l.Status, want[l.Name])
		}
		if l.Root != (l.Name == "env") {
			t.Errorf("link %s: root %v", l.Name, l.Root)
		}
	}
}

// TestEditorLog reads the gopls log of the newest session only, and only its error lines.
func TestEditorLog(t *testing.T) {
	dir := t.TempDir()
	user := filepath.Join(dir, "Code", "User")
	write := func(rel, content string) {
		p := filepath.Join(dir, "Code", "logs", rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("20250101T000000/window1/exthost/output_logging_1/2-gopls (server).log", "[Error - 1:00:00 AM] old session\n")
	write("20260101T000000/window1/exthost/output_logging_1/2-gopls (server).log",
		"[Info  - 9:00:00 AM] started\n[Error - 9:00:01 AM] Error loading workspace: no go.mod\npanic: runtime error\n")
	write("20260101T000000/window1/exthost/output_logging_1/1-Go.log", "[Error] not gopls's\n")
	got := EditorLog(host.NewReal(nil), &result.Settings{Editors: []result.Editor{{Name: "Code", UserDir: user}}})
	var lines []string
	for _, l := range got {
		lines = append(lines, l.Line)
	}
	if want := "[Error - 9:00:01 AM] Error loading workspace: no go.mod|panic: runtime error"; strings.Join(lines, "|") != want {
		t.Errorf("lines %q, want %q", lines, want)
	}
}

// TestMachine: what cannot exist here, on a fake host — macOS under Rosetta, WSL, a dev container.
func TestMachine(t *testing.T) {
	tests := []struct {
		goos, goarch string
		translated   bool
		env          []string
		want         result.Machine
	}{
		{"darwin", "amd64", true, []string{"SHELL=/bin/zsh"}, result.Machine{OS: "darwin", Arch: "amd64", Translated: true, Shell: "zsh"}},
		{"linux", "amd64", false, []string{"WSL_DISTRO_NAME=Ubuntu-24.04", "SHELL=/bin/bash"}, result.Machine{OS: "linux", Arch: "amd64", WSL: "Ubuntu-24.04", Shell: "bash"}},
		{"linux", "arm64", false, []string{"REMOTE_CONTAINERS=true", "SHELL=/bin/bash"}, result.Machine{OS: "linux", Arch: "arm64", Remote: "dev-container", Shell: "bash"}},
		{"linux", "amd64", false, []string{"CODESPACES=true", "SHELL=/bin/bash"}, result.Machine{OS: "linux", Arch: "amd64", Remote: "codespaces", Shell: "bash"}},
	}
	for _, tt := range tests {
		h := host.NewFake(tt.goos, tt.goarch)
		h.IsTranslated, h.Home, h.Environ = tt.translated, "/home/ana", tt.env
		f := facts.New(context.Background(), h, "/home/ana/app", time.Second)
		if got := machine(f, &result.Settings{}); got != tt.want {
			t.Errorf("%s/%s %v: got %+v, want %+v", tt.goos, tt.goarch, tt.env, got, tt.want)
		}
	}
}
