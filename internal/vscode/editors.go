package vscode

import (
	"encoding/json"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// editorKind is where one VS Code-family editor keeps its files.
type editorKind struct {
	name string // "Code": also its folder under the OS's application data directory
	id   string
	// dotDir is the folder in the home directory that holds its extensions folder (product.json's
	// dataFolderName).
	dotDir string
	// serverDir is its remote server's folder in the home directory (product.json's
	// serverDataFolderName): data/Machine/settings.json and extensions. VS Code Remote-SSH, WSL and
	// Dev Containers install the server there on the remote side.
	serverDir string
	// dataDir, when set, is the folder under $XDG_DATA_HOME (~/.local/share) that holds the
	// whole of a browser-served editor's data: User, Machine and extensions (code-server,
	// docs/FAQ.md "Where is VS Code configuration stored?"). Its windows are remote windows.
	dataDir string
	cli     string
}

// editorKinds are the editors gomedic knows, in the order they are listed. The first one present
// is the primary editor: its user settings are applied last, so they win over another editor's.
// The folder names are the products' dataFolderName and serverDataFolderName (microsoft/vscode's
// product.json for Code and Insiders, VSCodium's product.json, and for the forks the folders their
// installs create: ~/.cursor and ~/.cursor-server, ~/.windsurf and ~/.windsurf-server,
// ~/.antigravity and ~/.antigravity-server, ~/.trae and ~/.trae-server, ~/.trae-cn and
// ~/.trae-cn-server); the user data folders are named after the product (Antigravity/User,
// Trae/User).
var editorKinds = []editorKind{
	{name: "Code", id: "code", dotDir: ".vscode", serverDir: ".vscode-server", cli: "code"},
	{name: "Code - Insiders", id: "code-insiders", dotDir: ".vscode-insiders", serverDir: ".vscode-server-insiders", cli: "code-insiders"},
	{name: "VSCodium", id: "vscodium", dotDir: ".vscode-oss", serverDir: ".vscodium-server", cli: "codium"},
	{name: "Cursor", id: "cursor", dotDir: ".cursor", serverDir: ".cursor-server", cli: "cursor"},
	{name: "Windsurf", id: "windsurf", dotDir: ".windsurf", serverDir: ".windsurf-server", cli: "windsurf"},
	{name: "Antigravity", id: "antigravity", dotDir: ".antigravity", serverDir: ".antigravity-server", cli: "antigravity"},
	{name: "Trae", id: "trae", dotDir: ".trae", serverDir: ".trae-server", cli: "trae"},
	{name: "Trae CN", id: "trae-cn", dotDir: ".trae-cn", serverDir: ".trae-cn-server", cli: "trae-cn"},
	{name: "code-server", id: "code-server", dataDir: "code-server", cli: "code-server"},
}

// EditorNames lists the editors gomedic knows, in order.
func EditorNames() []string {
	out := make([]string, len(editorKinds))
	for i, k := range editorKinds {
		out[i] = k.name
	}
	return out
}

// dataHome is $XDG_DATA_HOME when it is absolute, else ~/.local/share: where code-server keeps
// its data on Linux and macOS (and, as it follows the XDG spec, elsewhere).
func dataHome(h host.Host, home string) string {
	if d := h.Env().Get("XDG_DATA_HOME"); d != "" && host.IsAbs(h, d) {
		return d
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "share")
}

// appDataDir is the directory under which the editors keep their user data ("Code/User"): VS
// Code's VSCODE_APPDATA override, else Electron's application data directory: %APPDATA% on
// Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere.
func appDataDir(h host.Host, home string) string {
	env := h.Env()
	if d := env.Get("VSCODE_APPDATA"); d != "" && host.IsAbs(h, d) {
		return d
	}
	switch h.OS() {
	case "windows":
		if d := env.Get("APPDATA"); d != "" && host.IsAbs(h, d) {
			return d
		}
		if home != "" {
			return filepath.Join(home, "AppData", "Roaming")
		}
	case "darwin":
		if home != "" {
			return filepath.Join(home, "Library", "Application Support")
		}
	default:
		if d := env.Get("XDG_CONFIG_HOME"); d != "" && host.IsAbs(h, d) {
			return d
		}
		if home != "" {
			return filepath.Join(home, ".config")
		}
	}
	return ""
}

// isDir reports whether name is a directory on h.
func isDir(h host.Host, name string) bool {
	fi, err := h.Stat(name)
	return err == nil && fi.IsDir()
}

// discoverEditors lists the editors that have a user data folder, an extensions folder or a
// remote server folder on h, with their extensions and profiles. workspaces are the URIs VS Code
// may have associated a profile with: the workspace folder and its .code-workspace files.
func discoverEditors(h host.Host, workspaces []string) []Editor {
	home := h.HomeDir()
	appData := appDataDir(h, home)
	var out []Editor
	for _, k := range editorKinds {
		e := Editor{Name: k.name, ID: k.id, CLI: k.cli}
		if k.dataDir != "" {
			findServedEditor(h, &e, dataHome(h, home), k)
		} else {
			findDesktopEditor(h, &e, appData, home, k)
		}
		if e.UserDir == "" && e.ExtensionsDir == "" && e.MachineDir == "" && e.RemoteExtensionsDir == "" {
			continue
		}
		if e.ExtensionsDir != "" {
			e.Extensions = append(e.Extensions, scanExtensions(h, e.ExtensionsDir, false)...)
		}
		if e.RemoteExtensionsDir != "" {
			e.Extensions = append(e.Extensions, scanExtensions(h, e.RemoteExtensionsDir, true)...)
		}
		if e.UserDir != "" {
			e.Profiles = readProfiles(h, e.UserDir, workspaces)
		}
		out = append(out, e)
	}
	return out
}

// findDesktopEditor fills in the folders of a desktop editor k: its user data folder under
// appData, its extensions folder and its remote server's folders in home.
func findDesktopEditor(h host.Host, e *Editor, appData, home string, k editorKind) {
	if appData != "" {
		if d := filepath.Join(appData, k.name, "User"); isDir(h, d) {
			e.UserDir = d
		}
	}
	if home != "" {
		if d := filepath.Join(home, k.dotDir, "extensions"); isDir(h, d) {
			e.ExtensionsDir = d
		}
	}
	server := serverFolder(h, home, k)
	if server == "" {
		return
	}
	if d := filepath.Join(server, "data", "Machine"); isDir(h, d) {
		e.MachineDir = d
	}
	if d := filepath.Join(server, "extensions"); isDir(h, d) {
		e.RemoteExtensionsDir = d
	}
}

// serverFolder is where k's remote server keeps its data on h: VSCODE_AGENT_FOLDER when it is
// set and is k's server (the server reads it before its default, and its launch scripts export it,
// so the terminals and extension host it starts — where gomedic runs — have it), else
// ~/<serverDataFolderName>; "" when neither can be known.
func serverFolder(h host.Host, home string, k editorKind) string {
	if agent := h.Env().Get("VSCODE_AGENT_FOLDER"); agent != "" && host.IsAbs(h, agent) && agentKind(h, agent) == k.id {
		return agent
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, k.serverDir)
}

// agentKind is the id of the editor whose server a VSCODE_AGENT_FOLDER folder holds: the one
// whose serverDataFolderName is the folder's name, else the one the product.json of a server
// installed in it names (bin/<commit>/product.json, or cli/servers/<name>/server/product.json for
// servers the CLI installs); VS Code's when neither says.
func agentKind(h host.Host, agent string) string {
	base := filepath.Base(agent)
	for _, k := range editorKinds {
		if k.serverDir != "" && base == k.serverDir {
			return k.id
		}
	}
	for _, file := range serverProducts(h, agent) {
		data, err := h.ReadFile(file, 1<<20)
		if err != nil {
			continue
		}
		var product struct {
			ServerDataFolderName string `json:"serverDataFolderName"`
		}
		if json.Unmarshal(data, &product) != nil {
			continue
		}
		for _, k := range editorKinds {
			if k.serverDir != "" && product.ServerDataFolderName == k.serverDir {
				return k.id
			}
		}
	}
	return "code"
}

// serverProducts lists the product.json files of the servers installed in agent.
func serverProducts(h host.Host, agent string) []string {
	var out []string
	for _, parent := range [][2]string{{"bin", ""}, {filepath.Join("cli", "servers"), "server"}} {
		entries, _ := h.ReadDir(filepath.Join(agent, parent[0]))
		for _, de := range entries {
			out = append(out, filepath.Join(agent, parent[0], de.Name(), parent[1], "product.json"))
		}
	}
	return out
}

// findServedEditor fills in the folders of a browser-served editor k (code-server): User,
// Machine and extensions in its data folder under dataHome. Its extensions run on this machine,
// as a remote server's do, and its windows are remote windows.
func findServedEditor(h host.Host, e *Editor, dataHome string, k editorKind) {
	if dataHome == "" {
		return
	}
	base := filepath.Join(dataHome, k.dataDir)
	if d := filepath.Join(base, "User"); isDir(h, d) {
		e.UserDir = d
	}
	if d := filepath.Join(base, "Machine"); isDir(h, d) {
		e.MachineDir = d
	}
	if d := filepath.Join(base, "extensions"); isDir(h, d) {
		e.RemoteExtensionsDir = d
	}
	e.RemoteWindow = e.UserDir != "" || e.MachineDir != "" || e.RemoteExtensionsDir != ""
}

// UserSettings is the settings.json the editor reads for this workspace: the active profile's,
// or User/settings.json (the default profile's, and the one of a profile that shares it).
func (e *Editor) UserSettings() string {
	for _, p := range e.Profiles {
		if p.Active && !p.UsesDefaultSettings {
			return p.Settings
		}
	}
	if e.UserDir == "" {
		return ""
	}
	return filepath.Join(e.UserDir, "settings.json")
}

// storedProfiles is what VS Code keeps about profiles in User/globalStorage/storage.json.
type storedProfiles struct {
	Profiles []struct {
		Location        string `json:"location"` // the profile's folder name, or (older) its URI
		Name            string `json:"name"`
		UseDefaultFlags struct {
			Settings bool `json:"settings"`
		} `json:"useDefaultFlags"`
	} `json:"userDataProfiles"`
	Associations struct {
		Workspaces map[string]string `json:"workspaces"` // workspace URI -> profile location
	} `json:"profileAssociations"`
}

// readProfiles reads the profiles of the user data folder userDir: the names and workspace
// associations VS Code stores in globalStorage/storage.json, and the folders of
// User/profiles. The default profile comes first; none are returned when there is no other.
func readProfiles(h host.Host, userDir string, workspaces []string) []Profile {
	var stored storedProfiles
	if doc, err := ReadJSONC(h, filepath.Join(userDir, "globalStorage", "storage.json")); err == nil {
		_ = json.Unmarshal(doc.Standard(), &stored) // a storage.json that is not what we expect names nothing
	}
	names := map[string]string{}
	sharesDefault := map[string]bool{}
	for _, p := range stored.Profiles {
		id := locationID(p.Location)
		names[id] = p.Name
		sharesDefault[id] = p.UseDefaultFlags.Settings
	}
	profilesDir := filepath.Join(userDir, "profiles")
	entries, _ := h.ReadDir(profilesDir)
	var ids []string
	for _, de := range entries {
		if de.IsDir() || isDir(h, filepath.Join(profilesDir, de.Name())) {
			ids = append(ids, de.Name())
		}
	}
	for id := range names {
		if !containsString(ids, id) && isDir(h, filepath.Join(profilesDir, id)) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	sort.Strings(ids)
	active := ""
	for uri, loc := range stored.Associations.Workspaces {
		for _, w := range workspaces {
			if sameURIPath(h, uri, w) {
				active = locationID(loc)
			}
		}
	}
	out := []Profile{{Name: "Default", Settings: filepath.Join(userDir, "settings.json"), Default: true}}
	for _, id := range ids {
		name := names[id]
		if name == "" {
			name = id
		}
		out = append(out, Profile{ID: id, Name: name, Settings: filepath.Join(profilesDir, id, "settings.json"),
			Active: id == active, UsesDefaultSettings: sharesDefault[id]})
	}
	if active == "" || !containsString(ids, active) {
		out[0].Active = true
	}
	return out
}

// locationID is the folder name of a stored profile location: the name itself, or the last
// element of a file URI.
func locationID(loc string) string {
	if u, err := url.Parse(loc); err == nil && u.Scheme != "" {
		return path.Base(u.Path)
	}
	return path.Base(strings.ReplaceAll(loc, `\`, "/"))
}

// sameURIPath reports whether the file URI uri names the local path p, as VS Code writes them
// ("file:///c%3A/Users/ana/app" for C:\Users\ana\app).
func sameURIPath(h host.Host, uri, p string) bool {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return false
	}
	up := u.Path
	if len(up) >= 3 && up[0] == '/' && up[2] == ':' {
		up = up[1:] // "/c:/Users" -> "c:/Users"
	}
	return pathKey(h, up) == pathKey(h, p)
}

// pathKey is the form in which two spellings of a path compare equal on h: slashes forward,
// cleaned, and folded to lower case where file names are case-insensitive by default.
func pathKey(h host.Host, p string) string {
	p = path.Clean(strings.ReplaceAll(p, `\`, "/"))
	if h.OS() == "windows" || h.OS() == "darwin" {
		p = strings.ToLower(p)
	}
	return p
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
