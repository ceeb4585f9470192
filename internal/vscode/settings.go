package vscode

import (
	"encoding/json"

	"github.com/gomedic/gomedic/internal/host"
)

// Scope is the level a setting is set at, weakest first: the extension's default, the user's
// settings, a remote machine's settings, a multi-root workspace's settings, a folder's
// .vscode/settings.json.
type Scope string

// The scopes, in precedence order.
const (
	ScopeDefault   Scope = "default"
	ScopeUser      Scope = "user"
	ScopeRemote    Scope = "remote"
	ScopeWorkspace Scope = "workspace"
	ScopeFolder    Scope = "folder"
)

// Setting is one go.* or gopls setting as one file sets it.
type Setting struct {
	Key      string          `json:"key"`   // "go.gopath", "gopls" (the whole object), "go.alternateTools", ...
	Value    json.RawMessage `json:"value"` // standard JSON
	File     string          `json:"file"`
	Line     int             `json:"line"`
	Scope    Scope           `json:"scope"`
	Editor   string          `json:"editor,omitempty"`   // "Code", "Cursor", ... for user and remote files
	Language string          `json:"language,omitempty"` // "go" inside a "[go]" block
	Folder   string          `json:"folder,omitempty"`   // the workspace folder of a folder-scope file
}

// Extension is an installed extension of an editor.
type Extension struct {
	ID       string `json:"id"` // publisher.name, lower case: "golang.go"
	Version  string `json:"version"`
	Dir      string `json:"dir"`
	Manifest string `json:"manifest"` // its package.json
}

// Editor is a VS Code-family editor found on the machine.
type Editor struct {
	Name          string      `json:"name"` // "Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"
	ID            string      `json:"id"`   // "code", "code-insiders", "vscodium", "cursor", "windsurf"
	UserDir       string      `json:"user_dir"`
	ExtensionsDir string      `json:"extensions_dir"`
	MachineDir    string      `json:"machine_dir,omitempty"` // remote-server machine settings
	Extensions    []Extension `json:"extensions,omitempty"`
}

// SettingsFile is a settings file found, parsed or not.
type SettingsFile struct {
	Path   string `json:"path"`
	Scope  Scope  `json:"scope"`
	Editor string `json:"editor,omitempty"`
	Doc    *Doc   `json:"-"`
	Err    error  `json:"-"` // a *ParseError, or why it could not be read
}

// Settings are the editor settings that apply to a workspace.
type Settings struct {
	Editors []Editor
	Files   []*SettingsFile
	// All lists every go.* and gopls setting of every file, weakest first (the order in which the
	// editor applies them, so the last one for a key wins).
	All []Setting
	// Folders are the workspace folders: the directory itself, or a .code-workspace's folders.
	Folders []string
}

// Effective is the setting that wins for key: the last of All with that key, a "[go]" block
// winning over a plain setting of the same scope.
func (s *Settings) Effective(key string) (Setting, bool) {
	var best Setting
	found := false
	for _, st := range s.All {
		if st.Key != key {
			continue
		}
		if found && best.Scope == st.Scope && best.Language == "go" && st.Language == "" {
			continue
		}
		best, found = st, true
	}
	return best, found
}

// Load finds the editors on h and the settings that apply to the workspace dir.
func Load(h host.Host, dir string) *Settings {
	return &Settings{Folders: []string{dir}}
}
