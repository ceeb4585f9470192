package vscode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/gomedic/gomedic/internal/host"
)

// Load finds the VS Code-family editors on h and the settings that apply to the workspace dir, in
// the editor's precedence: user settings (the profile the workspace is opened with; the primary
// editor's last), remote-server machine settings, the "settings" of the .code-workspace files in
// dir, and the .vscode/settings.json of each workspace folder. Every file is parsed as JSON with
// comments; one that does not parse is kept in Files with its error. Load never fails.
func Load(h host.Host, dir string) *Settings {
	s := &Settings{Dir: dir, h: h, vars: Vars{WorkspaceFolder: dir, UserHome: h.HomeDir(), Env: h.Env().Get}}
	l := &loader{h: h, s: s}
	wsFiles := workspaceFiles(h, dir)
	s.Editors = discoverEditors(h, append([]string{dir}, wsFiles...))

	for i := len(s.Editors) - 1; i >= 0; i-- {
		e := &s.Editors[i]
		if len(e.Profiles) == 0 {
			if e.UserDir != "" {
				l.read(filepath.Join(e.UserDir, "settings.json"), fileInfo{scope: ScopeUser, editor: e.Name, remoteWindow: e.RemoteWindow})
			}
			continue
		}
		active := e.UserSettings()
		for _, p := range e.Profiles {
			info := fileInfo{scope: ScopeUser, editor: e.Name, inactive: p.Settings != active, remoteWindow: e.RemoteWindow}
			if !p.Default {
				info.profile = p.Name
			}
			l.read(p.Settings, info)
		}
	}
	for i := len(s.Editors) - 1; i >= 0; i-- {
		if e := &s.Editors[i]; e.MachineDir != "" {
			l.read(filepath.Join(e.MachineDir, "settings.json"), fileInfo{scope: ScopeRemote, editor: e.Name})
		}
	}

	for _, ws := range wsFiles {
		doc := l.read(ws, fileInfo{scope: ScopeWorkspace, settingsMember: "settings"})
		local, remote := workspaceFolders(h, ws, doc)
		for _, f := range local {
			s.Folders = appendFolder(h, s.Folders, f)
		}
		s.RemoteFolders = append(s.RemoteFolders, remote...)
	}
	folders := s.Folders
	switch {
	case len(folders) == 0:
		s.Folders = []string{dir}
		folders = s.Folders
	case !hasFolder(h, folders, dir):
		// The directory gomedic was asked about reads its own settings when it is opened on its
		// own; when the workspace is opened, its folders' settings win.
		folders = append([]string{dir}, folders...)
	}
	for _, f := range folders {
		l.read(filepath.Join(f, ".vscode", "settings.json"), fileInfo{scope: ScopeFolder, folder: f})
	}
	return s
}

// loader reads settings files into a Settings.
type loader struct {
	h host.Host
	s *Settings
}

// fileInfo is what the loader knows of a file before reading it.
type fileInfo struct {
	scope    Scope
	editor   string
	folder   string
	profile  string
	inactive bool
	// remoteWindow is set for the user settings of an editor whose windows are remote windows:
	// their machine-scoped settings are not applied.
	remoteWindow bool
	// settingsMember names the member of the root object that holds the settings ("settings"
	// in a .code-workspace file); "" when the root is the settings.
	settingsMember string
}

// read parses the file at path and records it and its settings. A file that does not exist is
// not recorded; the parsed document is returned when there is one.
func (l *loader) read(path string, info fileInfo) *Doc {
	doc, err := ReadJSONC(l.h, path)
	if err != nil && host.IsNotExist(err) {
		return nil
	}
	sf := &SettingsFile{Path: path, Scope: info.scope, Editor: info.editor, Doc: doc, Err: err,
		Folder: info.folder, Profile: info.profile, Inactive: info.inactive}
	l.s.Files = append(l.s.Files, sf)
	if err != nil {
		return nil
	}
	if _, ok := doc.Root.Value.(*hujson.Object); !ok {
		line, col := position(doc.Data, doc.Root.StartOffset)
		sf.Err = &ParseError{File: path, Line: line, Col: col, Msg: "the top level is not an object ({ ... }), so the editor ignores the file"}
		sf.Doc = nil
		return nil
	}
	if info.inactive {
		return doc
	}
	node := &doc.Root
	if info.settingsMember != "" {
		m := doc.find(nil, info.settingsMember)
		if m == nil {
			return doc
		}
		node = &m.Value
	}
	l.collect(doc, node, info, "", "")
	return doc
}

// languageBlock matches the key of a language-specific block: "[go]", "[go][gomod]".
var languageBlock = regexp.MustCompile(`^(\[[^\[\]]+\])+$`)

// collect records the go.* and gopls settings of the object node, and those of "[go]" blocks in
// it; block is the key of the language block node is ("[go]", "[go][gomod]"), "" for none.
func (l *loader) collect(doc *Doc, node *hujson.Value, info fileInfo, language, block string) {
	obj, ok := node.Value.(*hujson.Object)
	if !ok {
		return
	}
	l.s.All = slices.Grow(l.s.All, goKeys(obj)) // grown once, not doubled: 50k settings are 14 MB
	for i := range obj.Members {
		om := &obj.Members[i]
		key := memberKey(om)
		if language == "" && languageBlock.MatchString(key) {
			if strings.Contains(key, "[go]") {
				l.collect(doc, &om.Value, info, "go", key)
			}
			continue
		}
		if !IsGoKey(key) {
			continue
		}
		m := Member{Key: key, Value: doc.standard(&om.Value), Line: doc.Line(om.Name.StartOffset), Node: &om.Value}
		st := l.setting(doc, m, key, info, language)
		st.Block = block
		if info.remoteWindow && containsString(MachineScoped, key) {
			st.NotApplied = fmt.Sprintf("%s is machine-scoped: in %s's remote windows VS Code applies it only from the remote's Machine settings (or a workspace or folder), never from the user settings", key, info.editor)
			l.s.NotApplied = append(l.s.NotApplied, st)
			continue
		}
		l.s.All = append(l.s.All, st)
	}
}

// goKeys counts the members of obj whose name looks like a go.* or gopls setting's, from the
// literal and without decoding it: a capacity hint.
func goKeys(obj *hujson.Object) int {
	n := 0
	for i := range obj.Members {
		if lit, ok := obj.Members[i].Name.Value.(hujson.Literal); ok && (bytes.HasPrefix(lit, []byte(`"go.`)) || bytes.HasPrefix(lit, []byte(`"gopls`))) {
			n++
		}
	}
	return n
}

// IsGoKey reports whether a settings key belongs to the Go extension or gopls.
func IsGoKey(key string) bool {
	return key == "gopls" || strings.HasPrefix(key, "go.") || strings.HasPrefix(key, "gopls.")
}

// setting is the Setting for the member m, named key; an object value also gets its members.
func (l *loader) setting(doc *Doc, m Member, key string, info fileInfo, language string) Setting {
	st := Setting{Key: key, Value: m.Value, File: doc.Path, Line: m.Line, Scope: info.scope, Editor: info.editor,
		Language: language, Folder: info.folder, Profile: info.profile, doc: doc, node: m.Node}
	folder := info.folder
	if folder == "" {
		folder = l.s.Dir
	}
	st.Paths = pathValues(key, m.Value, folder, l.s.vars)
	if _, ok := m.Node.Value.(*hujson.Object); ok {
		paths := map[string][]PathValue{}
		for _, pv := range st.Paths {
			paths[pv.Key] = append(paths[pv.Key], pv)
		}
		for _, mm := range doc.Members(m.Node) {
			member := Setting{Key: key + "." + mm.Key, Value: mm.Value, File: doc.Path, Line: mm.Line, Scope: info.scope,
				Editor: info.editor, Language: language, Folder: info.folder, Profile: info.profile, doc: doc, node: mm.Node}
			member.Paths = paths[member.Key]
			st.members = append(st.members, member)
		}
	}
	return st
}

// workspaceFiles are the .code-workspace files in dir, sorted.
func workspaceFiles(h host.Host, dir string) []string {
	entries, err := h.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, de := range entries {
		if strings.HasSuffix(de.Name(), ".code-workspace") && !de.IsDir() {
			out = append(out, filepath.Join(dir, de.Name()))
		}
	}
	sort.Strings(out)
	return out
}

// workspaceFolders are the folders a .code-workspace lists: the local ones ("path" entries,
// relative to the file's directory unless absolute, and "file" URIs), and the remote ones
// ("vscode-remote" URIs). URIs of other schemes are skipped.
func workspaceFolders(h host.Host, wsFile string, doc *Doc) (local []string, remote []RemoteFolder) {
	if doc == nil {
		return nil, nil
	}
	var ws struct {
		Folders []struct {
			Path string `json:"path"`
			URI  string `json:"uri"`
		} `json:"folders"`
	}
	if json.Unmarshal(doc.Standard(), &ws) != nil {
		return nil, nil
	}
	base := filepath.Dir(wsFile)
	for _, f := range ws.Folders {
		p := f.Path
		if p == "" && f.URI != "" {
			u, err := url.Parse(f.URI)
			if err != nil {
				continue
			}
			if u.Scheme == "vscode-remote" {
				kind, host, _ := strings.Cut(u.Host, "+")
				remote = append(remote, RemoteFolder{WorkspaceFile: wsFile, URI: f.URI, Kind: kind, Host: host, Path: u.Path})
				continue
			}
			if u.Scheme != "file" {
				continue
			}
			p = u.Path
			if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
				p = p[1:]
			}
		}
		if p == "" {
			continue
		}
		if h.OS() == "windows" {
			p = strings.ReplaceAll(p, `\`, "/")
		}
		if !host.IsAbs(h, p) {
			p = filepath.Join(base, p)
		}
		local = append(local, filepath.Clean(p))
	}
	return local, remote
}

func hasFolder(h host.Host, folders []string, dir string) bool {
	for _, f := range folders {
		if pathKey(h, f) == pathKey(h, dir) {
			return true
		}
	}
	return false
}

func appendFolder(h host.Host, folders []string, f string) []string {
	if hasFolder(h, folders, f) {
		return folders
	}
	return append(folders, f)
}
