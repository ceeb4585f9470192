package vscode

import (
	"errors"
	"slices"
	"testing"
)

// TestLaunchFiles: the settings files whose "launch" member holds launch configurations are the
// .code-workspace files and the user settings in use (local, then remote); a folder's settings, a
// profile the workspace is not opened with and a file that does not parse are not.
func TestLaunchFiles(t *testing.T) {
	s := &Settings{Files: []*SettingsFile{
		{Path: "/remote/data/Machine/settings.json", Scope: ScopeRemote},
		{Path: "/u/Code/User/settings.json", Scope: ScopeUser},
		{Path: "/u/Code/User/profiles/p/settings.json", Scope: ScopeUser, Inactive: true},
		{Path: "/u/Cursor/User/settings.json", Scope: ScopeUser, Err: errors.New("syntax")},
		{Path: "/w/proj.code-workspace", Scope: ScopeWorkspace},
		{Path: "/w/a/.vscode/settings.json", Scope: ScopeFolder},
		{Path: "/w/proj.code-workspace", Scope: ScopeWorkspace},
	}}
	want := []string{"/w/proj.code-workspace", "/u/Code/User/settings.json", "/remote/data/Machine/settings.json"}
	if got := s.LaunchFiles(); !slices.Equal(got, want) {
		t.Errorf("LaunchFiles() = %q, want %q", got, want)
	}
	srcs := LaunchSources([]string{"/w/a"}, want)
	if len(srcs) != 4 || srcs[0].File != "/w/a/.vscode/launch.json" || srcs[1].Folder != "/w" || srcs[2].Folder != "/w/a" || !srcs[2].InWorkspace {
		t.Errorf("LaunchSources = %+v", srcs)
	}
	if srcs := LaunchSources(nil, want); len(srcs) != 1 {
		t.Errorf("without a folder, only the .code-workspace holds configurations: %+v", srcs)
	}
}
