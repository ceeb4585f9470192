package result

import (
	"encoding/json"
	"iter"
)

// SettingsSchema is the schema of `gomedic settings --json` (docs/json.md).
const SettingsSchema = "gomedic.settings/v1"

// Settings is the document of `gomedic settings`: the editor settings the Go extension sees in a
// workspace, where each comes from, and the binary it runs for each tool.
type Settings struct {
	Schema    string   `json:"schema"`
	Workspace string   `json:"workspace"`
	Folders   []string `json:"folders"`
	// Editors are the VS Code-family editors found ([] when none).
	Editors []Editor `json:"editors"`
	// Editor names the editor whose user and machine settings are applied ("" when none): the one
	// asked for with --editor, else the first with the Go extension, else the first found.
	Editor string `json:"editor,omitempty"`
	// Files are the settings files read, weakest first.
	Files []SettingsFile `json:"files"`
	// Settings are the go.* and gopls settings in effect, sorted by key.
	Settings []SettingView `json:"settings"`
	// Tools are go, gopls, dlv and the format and lint tools as the extension finds them.
	Tools []ToolView `json:"tools"`

	// Lazy, when set, makes the settings in effect one at a time, in place of Settings: the
	// document of a file of tens of thousands of settings is then never held whole, and a renderer
	// holds one setting at a time. Views reads either.
	Lazy iter.Seq[SettingView] `json:"-"`
}

// Views are the settings in effect: Lazy's when it is set, else Settings.
func (d *Settings) Views() iter.Seq[SettingView] {
	if d.Lazy != nil {
		return d.Lazy
	}
	return func(yield func(SettingView) bool) {
		for _, v := range d.Settings {
			if !yield(v) {
				return
			}
		}
	}
}

// Editor is a VS Code-family editor found on the machine.
type Editor struct {
	Name                string            `json:"name"` // "Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"
	ID                  string            `json:"id"`   // "code", "code-insiders", "vscodium", "cursor", "windsurf"
	UserDir             string            `json:"user_dir"`
	ExtensionsDir       string            `json:"extensions_dir"`
	MachineDir          string            `json:"machine_dir,omitempty"` // remote-server machine settings
	Extensions          []EditorExtension `json:"extensions,omitempty"`  // the Go extensions, newest first
	RemoteExtensionsDir string            `json:"remote_extensions_dir,omitempty"`
	Profiles            []EditorProfile   `json:"profiles,omitempty"` // the default one first; none when the user made none
	CLI                 string            `json:"cli"`                // the editor's command line launcher ("code")
}

// EditorExtension is an installed Go extension of an editor.
type EditorExtension struct {
	ID             string `json:"id"` // publisher.name, lower case: "golang.go"
	Version        string `json:"version"`
	Dir            string `json:"dir"`
	Manifest       string `json:"manifest"`                  // its package.json
	TargetPlatform string `json:"target_platform,omitempty"` // "universal", "linux-x64", ...
	PreRelease     bool   `json:"pre_release,omitempty"`
	Remote         bool   `json:"remote,omitempty"` // an extension of a remote server
}

// EditorProfile is a VS Code profile.
type EditorProfile struct {
	ID                  string `json:"id"` // its folder under User/profiles; "" for the default profile
	Name                string `json:"name"`
	Settings            string `json:"settings"` // the settings.json that profile reads
	Default             bool   `json:"default,omitempty"`
	Active              bool   `json:"active,omitempty"` // the profile VS Code opens this workspace with
	UsesDefaultSettings bool   `json:"uses_default_settings,omitempty"`
}

// SettingsFile is a settings file read, and why it could not be used.
type SettingsFile struct {
	Path     string `json:"path"`
	Scope    string `json:"scope"` // user, remote, workspace, folder
	Editor   string `json:"editor,omitempty"`
	Profile  string `json:"profile,omitempty"`
	Folder   string `json:"folder,omitempty"`
	Inactive bool   `json:"inactive,omitempty"` // read, not applied: a profile this workspace does not use, or another editor's
	// OtherEditor is set for the user or machine settings of an editor other than the one judged
	// (Settings.Editor), which apply only where the workspace is opened in that editor.
	OtherEditor bool `json:"other_editor,omitempty"`
	// NotUsed says why an inactive file is not applied.
	NotUsed string     `json:"not_used,omitempty"`
	Error   *FileError `json:"error,omitempty"`
}

// FileError is why a settings file did not parse (at Line:Column) or could not be read.
type FileError struct {
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

// Setting is one go.* or gopls setting as one file sets it.
type Setting struct {
	Key      string          `json:"key"`
	Value    json.RawMessage `json:"value"` // standard JSON
	File     string          `json:"file"`
	Line     int             `json:"line"`
	Scope    string          `json:"scope"`
	Editor   string          `json:"editor,omitempty"`
	Language string          `json:"language,omitempty"` // "go" inside a "[go]" block
	Folder   string          `json:"folder,omitempty"`
	Profile  string          `json:"profile,omitempty"`
	// Paths are the paths a path setting holds, as written and as the Go extension expands them.
	Paths []SettingPath `json:"paths,omitempty"`
}

// SettingPath is a path a setting holds, as written and as the Go extension expands it.
type SettingPath struct {
	Key        string   `json:"key"` // "go.gopath", "go.alternateTools.gopls"
	Raw        string   `json:"raw"`
	Expanded   string   `json:"expanded"`
	Unexpanded []string `json:"unexpanded,omitempty"` // what the extension leaves as written
	EmptyEnv   []string `json:"empty_env,omitempty"`  // ${env:NAME} that expanded to nothing
}

// SettingView is a setting in effect: where it comes from, what it overrides, and for an object
// its members as VS Code merges them across files.
type SettingView struct {
	Setting
	Overrides []Setting     `json:"overrides,omitempty"`
	Members   []SettingView `json:"members,omitempty"`
	// Ignored says why the extension does not read the setting (a "[go]" block).
	Ignored string `json:"ignored,omitempty"`
}

// ToolView is where the Go extension finds one tool.
type ToolView struct {
	Role     string      `json:"role"`              // "go", "language server", "debugger", "format", "lint"
	Tool     string      `json:"tool"`              // the tool the extension asks for
	Setting  string      `json:"setting,omitempty"` // the setting that named it, with file:line
	Name     string      `json:"name"`              // the program name looked for (go.alternateTools may rename it)
	Path     string      `json:"path"`              // the binary it runs; "" when none is found
	Rule     string      `json:"rule"`
	Describe string      `json:"describe"`
	Tried    []ToolPlace `json:"tried"`
	Note     string      `json:"note,omitempty"`
}

// ToolPlace is one place the extension looked for a tool.
type ToolPlace struct {
	Rule       string `json:"rule"`
	Dir        string `json:"dir,omitempty"`
	Path       string `json:"path,omitempty"`        // the tool, found here
	Passed     string `json:"passed,omitempty"`      // why a file of the right name was passed over
	PassedPath string `json:"passed_path,omitempty"` // that file
	File       string `json:"file,omitempty"`        // the one file a rule names
}
