package vscode

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// LaunchSource is a file that holds launch configurations: a folder's .vscode/launch.json, or
// the "launch" member of a settings file (InWorkspace): a .code-workspace file, whose
// ${workspaceFolder} is the file's directory, or the user's settings.json (VS Code's global
// launch configuration, shared by every workspace), whose ${workspaceFolder} is the folder debugged.
type LaunchSource struct {
	File, Folder string
	InWorkspace  bool
}

// LaunchSources are the files the editor reads launch configurations from for the folders, in
// the order its Run and Debug view lists them: each folder's .vscode/launch.json, then the
// settings files of files (LaunchFiles).
func LaunchSources(folders, files []string) []LaunchSource {
	var out []LaunchSource
	for _, f := range folders {
		out = append(out, LaunchSource{File: filepath.Join(f, ".vscode", "launch.json"), Folder: f})
	}
	for _, w := range files {
		folder := filepath.Dir(w)
		if !strings.HasSuffix(w, ".code-workspace") {
			if len(folders) == 0 {
				continue // a global configuration needs a folder to debug
			}
			folder = folders[0]
		}
		out = append(out, LaunchSource{File: w, Folder: folder, InWorkspace: true})
	}
	return out
}

// LaunchConfigurations are the elements of a launch file's "configurations" array (under
// "launch" in a .code-workspace file), with their lines.
func LaunchConfigurations(doc *Doc, inWorkspace bool) ([]json.RawMessage, []int, error) {
	var top struct {
		Configurations []json.RawMessage `json:"configurations"`
		Launch         struct {
			Configurations []json.RawMessage `json:"configurations"`
		} `json:"launch"`
	}
	if doc.Root.Kind != '{' {
		return nil, nil, fmt.Errorf("%s holds %s at the top, not an object: VS Code reads no launch configuration from it", filepath.Base(doc.Path), KindName(doc.Root))
	}
	if err := json.Unmarshal(doc.Standard(), &top); err != nil {
		return nil, nil, err
	}
	if inWorkspace {
		return top.Launch.Configurations, configurationLines(doc, "launch"), nil
	}
	return top.Configurations, configurationLines(doc), nil
}

// configurationLines are the lines of the elements of the "configurations" array, at the root or
// under the members named by parents.
func configurationLines(doc *Doc, parents ...string) []int {
	var lines []int
	for _, el := range doc.Elements(append(parents, "configurations")...) {
		lines = append(lines, doc.Line(el.Start))
	}
	return lines
}

// LaunchConfig is one element of a launch file's configurations, where it is.
type LaunchConfig struct {
	Raw  json.RawMessage
	File string // the launch.json or .code-workspace file
	Line int
	// Folder is what ${workspaceFolder} stands for in it.
	Folder string
}

// ReadLaunchConfigs reads the launch configurations of sources, skipping files that are missing
// or do not parse (editor.launch reports those).
func ReadLaunchConfigs(h host.Host, sources []LaunchSource) []LaunchConfig {
	var out []LaunchConfig
	for _, src := range sources {
		doc, err := ReadJSONC(h, src.File)
		if err != nil {
			continue
		}
		raws, lines, err := LaunchConfigurations(doc, src.InWorkspace)
		if err != nil {
			continue
		}
		for i, raw := range raws {
			c := LaunchConfig{Raw: raw, File: src.File, Folder: src.Folder}
			if i < len(lines) {
				c.Line = lines[i]
			}
			out = append(out, c)
		}
	}
	return out
}

// LaunchFiles are the settings files whose "launch" member the editor reads launch
// configurations from: the .code-workspace files, then the user settings of the profile in use
// (local, then a remote window's), which VS Code shares across workspaces.
func (s *Settings) LaunchFiles() []string {
	var out []string
	seen := map[string]bool{}
	add := func(keep func(*SettingsFile) bool) {
		for _, sf := range s.Files {
			if keep(sf) && sf.Err == nil && !sf.Inactive && !seen[sf.Path] {
				seen[sf.Path] = true
				out = append(out, sf.Path)
			}
		}
	}
	add(func(sf *SettingsFile) bool { return strings.HasSuffix(sf.Path, ".code-workspace") })
	add(func(sf *SettingsFile) bool { return sf.Scope == ScopeUser })
	add(func(sf *SettingsFile) bool { return sf.Scope == ScopeRemote })
	return out
}
