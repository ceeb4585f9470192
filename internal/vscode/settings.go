package vscode

import (
	"cmp"
	"encoding/json"
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"

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
	// Profile names the VS Code profile a user-scope file belongs to ("" for the default profile).
	Profile string `json:"profile,omitempty"`
	// NotApplied says why VS Code does not apply this setting although its file is read (a
	// machine-scoped setting in the user settings of a remote window); such a setting is in
	// Settings.NotApplied, not in All.
	NotApplied string `json:"not_applied,omitempty"`
	// Paths are the paths a path setting holds (go.goroot, go.gopath, go.toolsGopath,
	// go.toolsManagement.go, each go.alternateTools entry), as written and as the Go extension
	// expands them.
	Paths []PathValue `json:"paths,omitempty"`

	// Block is the key of the language block the setting is in, as written ("[go]",
	// "[go][gomod]"); "" outside one.
	Block string `json:"-"`

	// src is where the setting was read (nil for one made by hand), and node its value in
	// src.doc, for walking the members of an object value.
	src  *source
	node Node
}

// source is what the settings of one file (or one language block of it) share: where they were
// read and how their paths expand.
type source struct {
	file, editor, language, folder, profile, block string
	scope                                          Scope
	doc                                            *Doc
	pathFolder                                     string // ${workspaceFolder} of its paths
	vars                                           *Vars  // what variables in its paths expand to
}

// record is one setting as Settings keeps it: what differs from the other settings of its file,
// the rest shared through src. Its value is the bytes of the file at node, vlen long, unless
// Settings.copies holds it (a value with comments or trailing commas inside, standardized, or one
// made by hand). 50k settings take 2 MB instead of 12 MB as Settings.
type record struct {
	key              string
	src              *source
	line, node, vlen int32 // node is the offset of the value in src.doc.Data
}

// Extension is an installed extension of an editor.
type Extension struct {
	ID       string `json:"id"` // publisher.name, lower case: "golang.go"
	Version  string `json:"version"`
	Dir      string `json:"dir"`
	Manifest string `json:"manifest"` // its package.json
	// TargetPlatform is the platform suffix of its folder name ("universal", "linux-x64"), if any.
	TargetPlatform string `json:"target_platform,omitempty"`
	// PreRelease is set for the Go extension's pre-release builds: an odd minor version or a -dev
	// suffix, as the extension itself decides.
	PreRelease bool `json:"pre_release,omitempty"`
	// Remote is set for an extension of a remote server (~/.vscode-server/extensions, ...).
	Remote bool `json:"remote,omitempty"`
}

// Editor is a VS Code-family editor found on the machine.
type Editor struct {
	Name          string      `json:"name"` // "Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf", "Antigravity", "Trae", "code-server", ...
	ID            string      `json:"id"`   // "code", "code-insiders", "vscodium", "cursor", "windsurf", "antigravity", "trae", "code-server", ...
	UserDir       string      `json:"user_dir"`
	ExtensionsDir string      `json:"extensions_dir"`
	MachineDir    string      `json:"machine_dir,omitempty"` // remote-server machine settings
	Extensions    []Extension `json:"extensions,omitempty"`
	// RemoteExtensionsDir is the remote server's extensions folder, when this machine has one.
	RemoteExtensionsDir string `json:"remote_extensions_dir,omitempty"`
	// Profiles are the user's VS Code profiles, the default one first; empty when the user made none.
	Profiles []Profile `json:"profiles,omitempty"`
	// CLI is the editor's command line launcher ("code", "cursor"), for fix commands.
	CLI string `json:"cli"`
	// RemoteWindow is set for an editor whose windows on this machine are remote windows
	// (code-server): VS Code then applies no machine-scoped setting of its user settings
	// (MachineScoped); those come from its Machine settings.
	RemoteWindow bool `json:"remote_window,omitempty"`
}

// Profile is a VS Code profile: a set of user settings (and extensions, keybindings, ...) that
// windows can be switched to. The default profile's settings are User/settings.json.
type Profile struct {
	ID       string `json:"id"` // its folder under User/profiles; "" for the default profile
	Name     string `json:"name"`
	Settings string `json:"settings"` // the settings.json that profile reads
	Default  bool   `json:"default,omitempty"`
	// Active is set on the profile VS Code opens this workspace with (its profileAssociations in
	// User/globalStorage/storage.json, else the default).
	Active bool `json:"active,omitempty"`
	// UsesDefaultSettings is set when the profile shares the default profile's settings.
	UsesDefaultSettings bool `json:"uses_default_settings,omitempty"`
}

// SettingsFile is a settings file found, parsed or not.
type SettingsFile struct {
	Path   string `json:"path"`
	Scope  Scope  `json:"scope"`
	Editor string `json:"editor,omitempty"`
	Doc    *Doc   `json:"-"`
	Err    error  `json:"-"` // a *ParseError, or why it could not be read
	// Folder is the workspace folder of a folder-scope file.
	Folder string `json:"folder,omitempty"`
	// Profile names the profile of a user-scope file of a profile other than the default.
	Profile string `json:"profile,omitempty"`
	// Inactive is set for a file read but not applied: the settings of a profile this workspace
	// is not opened with, or of another editor (OtherEditor).
	Inactive bool `json:"inactive,omitempty"`
	// OtherEditor is set for the user or machine settings of an editor other than the one whose
	// settings are judged (Settings.Editor): they apply only where the workspace is opened in it.
	OtherEditor bool `json:"other_editor,omitempty"`
}

// HasGoSettings reports whether the file, parsed, sets go.* or gopls settings at its top level,
// applied or not.
func (sf *SettingsFile) HasGoSettings() bool {
	return sf.Doc != nil && sf.Doc.Root.Kind == '{' && goKeys(sf.Doc, sf.Doc.Root) > 0
}

// NotUsed says why an inactive file's settings are not applied: "" for a file that is applied.
func (sf *SettingsFile) NotUsed() string {
	switch {
	case !sf.Inactive:
		return ""
	case sf.OtherEditor:
		return "another editor's: applies only where the workspace is opened in " + sf.Editor
	default:
		return "not used for this workspace"
	}
}

// Settings are the editor settings that apply to a workspace.
type Settings struct {
	Editors []Editor
	// Editor names the editor whose user and machine settings apply (LoadFor); "" when none was
	// found. EditorNamed is set when it was asked for by name.
	Editor      string
	EditorNamed bool
	Files       []*SettingsFile
	// all lists every go.* and gopls setting of every file, weakest first (the order in which the
	// editor applies them, so the last one for a key wins): All and At read it.
	all    []record
	copies map[int32]json.RawMessage // the values of all that are not the file's own bytes, by index
	// NotApplied lists the settings read but not applied: machine-scoped settings of a remote
	// window's user settings.
	NotApplied []Setting
	// Folders are the workspace folders: the directory itself, or a .code-workspace's folders.
	Folders []string
	// RemoteFolders are the folders of .code-workspace files that are on another machine
	// (vscode-remote URIs): the editor runs the Go extension and its tools there.
	RemoteFolders []RemoteFolder
	// Dir is the workspace directory the settings were loaded for.
	Dir string

	h    host.Host // the machine the settings were read on
	vars Vars      // what variables expand to

	index settingsIndex
}

// settingsIndex finds the settings of a key in All without reading the others, so that asking
// about every key costs as much as sorting All once, not its square. It is built on first use and
// takes 8 bytes a setting: two orders of All's indexes.
type settingsIndex struct {
	once   sync.Once
	byKey  []int32 // sorted by key, then place in All
	byFile []int32 // sorted by key, file, language block, then place in All
}

func (s *Settings) indexed() *settingsIndex {
	s.index.once.Do(func() {
		x := &s.index
		x.byKey = make([]int32, len(s.all))
		for i := range x.byKey {
			x.byKey[i] = int32(i)
		}
		x.byFile = slices.Clone(x.byKey)
		slices.SortFunc(x.byKey, func(i, j int32) int {
			return cmp.Or(strings.Compare(s.all[i].key, s.all[j].key), cmp.Compare(i, j))
		})
		slices.SortFunc(x.byFile, func(i, j int32) int {
			a, b := &s.all[i], &s.all[j]
			return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.src.file, b.src.file), strings.Compare(a.src.language, b.src.language), cmp.Compare(i, j))
		})
	})
	return &s.index
}

// Len is how many settings All lists.
func (s *Settings) Len() int {
	return len(s.all)
}

// At is the i-th setting of All.
func (s *Settings) At(i int) Setting {
	r := &s.all[i]
	src := r.src
	st := Setting{Key: r.key, Value: s.value(i), File: src.file, Line: int(r.line), Scope: src.scope, Editor: src.editor,
		Language: src.language, Folder: src.folder, Profile: src.profile, Block: src.block, src: src}
	if src.doc != nil && src.vars != nil && len(st.Value) > 0 {
		st.node = Node{Start: int(r.node), End: int(r.node + r.vlen), Kind: kindOf(st.Value[0])}
		st.Paths = pathValues(r.key, st.Value, src.pathFolder, *src.vars)
	}
	return st
}

// value is the value of the i-th setting of All, as standard JSON.
func (s *Settings) value(i int) json.RawMessage {
	if v, ok := s.copies[int32(i)]; ok {
		return v
	}
	r := &s.all[i]
	end := r.node + r.vlen
	return json.RawMessage(r.src.doc.Data[r.node:end:end])
}

// push appends r, whose value is v, to All; v is kept apart unless it is the file's own bytes at
// r's node.
func (s *Settings) push(r record, v json.RawMessage) {
	r.vlen = int32(len(v))
	if doc := r.src.doc; doc == nil || len(v) == 0 || int(r.node)+len(v) > len(doc.Data) || &v[0] != &doc.Data[r.node] {
		if s.copies == nil {
			s.copies = map[int32]json.RawMessage{}
		}
		s.copies[int32(len(s.all))] = v
	}
	s.all = append(s.all, r)
}

// kindOf is the kind of a value that starts with c.
func kindOf(c byte) byte {
	if c == '-' || '0' <= c && c <= '9' {
		return '0'
	}
	return c
}

// All lists every go.* and gopls setting of every file, weakest first (the order in which the
// editor applies them, so the last one for a key wins).
func (s *Settings) All() iter.Seq[Setting] {
	return func(yield func(Setting) bool) {
		for i := range s.all {
			if !yield(s.At(i)) {
				return
			}
		}
	}
}

// SettingsOf is a Settings holding all, as if read in that order, for tests and for documents
// built by hand.
func SettingsOf(all ...Setting) *Settings {
	s := &Settings{}
	for _, st := range all {
		s.add(st)
	}
	return s
}

// add appends st to All, sharing the source of the setting before it when they are the same.
func (s *Settings) add(st Setting) {
	src := st.src
	if src == nil {
		src = &source{file: st.File, editor: st.Editor, language: st.Language, folder: st.Folder, profile: st.Profile, block: st.Block, scope: st.Scope}
		if n := len(s.all); n > 0 && *s.all[n-1].src == *src {
			src = s.all[n-1].src
		}
	}
	s.push(record{key: st.Key, line: int32(st.Line), node: int32(st.node.Start), src: src}, st.Value)
}

// Keys are the keys of All and NotApplied, each once, in order, read from the index of All
// rather than collected: 50k keys are not held as a list.
func (s *Settings) Keys() iter.Seq[string] {
	return func(yield func(string) bool) {
		var others []string // NotApplied's, which are few
		for _, st := range s.NotApplied {
			others = append(others, st.Key)
		}
		slices.Sort(others)
		others = slices.Compact(others)
		last := ""
		for _, i := range s.indexed().byKey {
			key := s.all[i].key
			if key == last {
				continue
			}
			for len(others) > 0 && others[0] <= key {
				if others[0] != key && !yield(others[0]) {
					return
				}
				others = others[1:]
			}
			if last = key; !yield(key) {
				return
			}
		}
		for _, key := range others {
			if !yield(key) {
				return
			}
		}
	}
}

// ofKey lists the settings of key in All, in order.
func (s *Settings) ofKey(key string) []Setting {
	order := s.indexed().byKey
	lo, _ := slices.BinarySearchFunc(order, key, func(i int32, k string) int { return strings.Compare(s.all[i].key, k) })
	var out []Setting
	for _, i := range order[lo:] {
		if s.all[i].key != key {
			break
		}
		out = append(out, s.At(int(i)))
	}
	return out
}

// InFile is the setting of key that st's file sets in the same place as st (at the top level, or
// in a "[go]" block): the last one, which VS Code reads when a key is written twice.
func (s *Settings) InFile(st Setting, key string) (Setting, bool) {
	order := s.indexed().byFile
	place := func(o *record) int {
		return cmp.Or(strings.Compare(o.key, key), strings.Compare(o.src.file, st.File), strings.Compare(o.src.language, st.Language))
	}
	// The first setting past the place; the one before it is the place's last, if it is there.
	end := sort.Search(len(order), func(k int) bool { return place(&s.all[order[k]]) > 0 })
	if end == 0 || place(&s.all[order[end-1]]) != 0 {
		return Setting{}, false
	}
	return s.At(int(order[end-1])), true
}

// Effective is the setting that wins for key: the last of All with that key, a "[go]" block
// winning over a plain setting of the same scope.
func (s *Settings) Effective(key string) (Setting, bool) {
	var best Setting
	found := false
	for _, st := range s.ofKey(key) {
		if found && best.Scope == st.Scope && best.Language == "go" && st.Language == "" {
			continue
		}
		best, found = st, true
	}
	return best, found
}

// MachineScoped lists the Go extension's settings whose scope is "machine" or
// "machine-overridable" in its package.json (schema.Builtin keeps the scopes; a test holds the
// two together). In a remote window VS Code applies none of them from the user settings
// (LOCAL_MACHINE_SCOPES in microsoft/vscode's src/vs/workbench/services/configuration/common/
// configuration.ts leaves MACHINE and MACHINE_OVERRIDABLE out): they come from the remote's
// Machine settings, and the machine-overridable ones from workspace and folder settings too.
var MachineScoped = []string{KeyGopath, KeyGoroot, "go.logging.level", KeyToolsGopath, KeyToolsGo}

// RemoteFolder is a workspace folder on another machine, as a .code-workspace names it:
// "vscode-remote://ssh-remote+build01/home/ana/app".
type RemoteFolder struct {
	WorkspaceFile string `json:"workspace_file"`
	URI           string `json:"uri"`
	// Kind is the remote's kind: "ssh-remote", "wsl", "dev-container", "attached-container",
	// "codespaces", "tunnel", ...
	Kind string `json:"kind"`
	// Host is what follows the kind in the authority: the SSH host, the WSL distribution, the
	// container's encoded description.
	Host string `json:"host"`
	Path string `json:"path"`
}

// MemberLine is the line of the member at path inside the setting's value (["ui.semanticTokens"]
// in "gopls"), as deep as objects go: the line of the deepest member of path found, the setting's
// own line when there is none (or when the setting was not read from a file).
func (st Setting) MemberLine(path []string) int {
	if st.src == nil || st.src.doc == nil {
		return st.Line
	}
	doc := st.src.doc
	line, node := st.Line, st.node
	for _, seg := range path {
		keyStart, val, ok := doc.find(node, seg)
		if !ok {
			break
		}
		line, node = doc.Line(keyStart), val
	}
	return line
}
