package run

import (
	"slices"
	"testing"

	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
)

func TestEditorEnv(t *testing.T) {
	base := host.NewEnv([]string{"PATH=/usr/bin", "GOFLAGS=-mod=vendor", "CGO_ENABLED=0"}, false)
	vars := []wsfacts.ToolVar{
		{Name: "GOFLAGS", Value: "-mod=mod", Setting: "go.toolsEnvVars", File: "/u/settings.json", Line: 3},
		{Name: "CGO_ENABLED", Value: "0", Setting: "go.toolsEnvVars", File: "/u/settings.json", Line: 4},
		{Name: "GOPROXY", Value: "https://ana:s3cret@proxy.corp/", Setting: "go.toolsEnvVars", File: "/w/.vscode/settings.json", Line: 2},
		{Name: "GOFLAGS", Value: "-tags=it", Setting: "go.toolsEnvVars", File: "/w/.vscode/settings.json", Line: 5},
		{Name: "GOPATH", Value: "/home/ana/gopath", Setting: "go.gopath", File: "/w/.vscode/settings.json", Line: 6},
	}
	env, changes := editorEnv(base, vars)
	for _, kv := range []string{"GOFLAGS=-tags=it", "CGO_ENABLED=0", "GOPROXY=https://ana:s3cret@proxy.corp/", "GOPATH=/home/ana/gopath", "PATH=/usr/bin"} {
		if !slices.Contains(env.Environ(), kv) {
			t.Errorf("the program's environment lacks %s: %q", kv, env.Environ())
		}
	}
	var names []string
	for _, c := range changes {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, []string{"GOPROXY", "GOFLAGS", "GOPATH"}) {
		t.Fatalf("changes %+v, want GOPROXY, GOFLAGS (the later setting), GOPATH; CGO_ENABLED is the same", changes)
	}
	if c := changes[0]; c.Value != "https://ana:s3cret@proxy.corp/" || c.ShellSet {
		t.Errorf("GOPROXY change %+v: the value the program gets (the renderer redacts it)", c)
	}
	if c := changes[1]; c.Value != "-tags=it" || c.Shell != "-mod=vendor" || !c.ShellSet || c.Line != 5 {
		t.Errorf("GOFLAGS change %+v", c)
	}
}
