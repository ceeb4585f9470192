package finding

import (
	"strings"
	"testing"
)

func TestActionValidate(t *testing.T) {
	tests := []struct {
		a    Action
		want string // "" for valid, else a word of the error
	}{
		{Action{Kind: GoEnvUnset, Key: "GOFLAGS"}, ""},
		{Action{Kind: Kill, Pid: 4242, Path: "/home/ana/go/bin/gopls", Started: "2026-12-06T18:26:01.37Z"}, ""},
		{Action{Kind: Kill, Path: "/home/ana/go/bin/gopls", Started: "2026-12-06T18:26:01Z"}, "pid"},
		{Action{Kind: Kill, Pid: 4242, Path: "/home/ana/go/bin/gopls"}, "start time"},
		{Action{Kind: GoEnvSet, Key: "GOBIN", Value: "/home/a/go/bin"}, ""},
		{Action{Kind: GoEnvSet}, "key"},
		{Action{Kind: PathAdd, Path: "/home/a/go/bin", File: "/home/a/.bashrc"}, ""},
		{Action{Kind: PathAdd, Path: "C:/Users/a/go/bin", File: `C:\Users\a\Documents\PowerShell\profile.ps1`}, ""},
		{Action{Kind: PathAdd, Path: "~/go/bin", File: "/home/a/.bashrc"}, "absolute path"},
		{Action{Kind: PathAdd, Path: "/home/a/go/bin"}, "start-up file"},
		{Action{Kind: EnvUnset, Key: "GO111MODULE", File: "/home/a/.zprofile"}, ""},
		{Action{Kind: EnvUnset, Key: "GO111MODULE"}, "start-up file"},
		{Action{Kind: Mkdir, Path: "/home/a/tmp"}, ""},
		{Action{Kind: Remove, Path: "relative/gopls"}, "absolute path"},
		{Action{Kind: GoInstall, Package: "golang.org/x/tools/gopls", Version: "latest"}, ""},
		{Action{Kind: GoInstall}, "package"},
		{Action{Kind: SettingsEdit, File: "/w/.vscode/settings.json", Key: "/[go]/go.goroot", Value: `"/usr/local/go"`}, ""},
		{Action{Kind: SettingsEdit, File: "/w/.vscode/settings.json", Key: "/go.gopath"}, ""},
		{Action{Kind: SettingsEdit, File: "/w/.vscode/settings.json", Key: "go.gopath"}, "JSON Pointer"},
		{Action{Kind: SettingsEdit, File: "/w/.vscode/settings.json", Key: "/go.gopath", Value: "/usr/local/go"}, "JSON value"},
		{Action{Kind: RunCommand, Argv: []string{"go", "mod", "tidy"}, Dir: "/w/app"}, ""},
		{Action{Kind: RunCommand, Argv: []string{"go", "work", "use", "./b"}}, "directory"},
		{Action{Kind: "chmod", Path: "/x"}, "unknown kind"},
	}
	for _, tt := range tests {
		err := tt.a.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%+v: %v, want valid", tt.a, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%+v: %v, want an error about %s", tt.a, err, tt.want)
		}
	}
	if err := (&Fix{Summary: "x", Auto: true}).Validate(); err == nil {
		t.Error("an automatic fix without actions is valid")
	}
}
