package vscode

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// LaunchSource is a file that holds launch configurations: a folder's .vscode/launch.json, or a
// .code-workspace file's "launch" section (whose ${workspaceFolder} is the file's directory).
type LaunchSource struct {
	File, Folder string
	InWorkspace  bool
}

// LaunchSources are the files the editor reads launch configurations from for the folders and
// the .code-workspace files: each folder's .vscode/launch.json, then each workspace file.
func LaunchSources(folders, workspaceFiles []string) []LaunchSource {
	var out []LaunchSource
	for _, f := range folders {
		out = append(out, LaunchSource{File: filepath.Join(f, ".vscode", "launch.json"), Folder: f})
	}
	for _, w := range workspaceFiles {
		out = append(out, LaunchSource{File: w, Folder: filepath.Dir(w), InWorkspace: true})
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

// WorkspaceFiles are the .code-workspace files the settings were read from: their "launch"
// sections hold launch configurations too.
func (s *Settings) WorkspaceFiles() []string {
	var out []string
	seen := map[string]bool{}
	for _, sf := range s.Files {
		if strings.HasSuffix(sf.Path, ".code-workspace") && sf.Err == nil && !seen[sf.Path] {
			seen[sf.Path] = true
			out = append(out, sf.Path)
		}
	}
	return out
}
