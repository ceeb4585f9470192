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

	"github.com/gomedic/gomedic/internal/host"
)

// Load finds the VS Code-family editors on h and the settings that apply to the workspace dir
// in the editor gomedic judges (LoadFor with no editor named).
func Load(h host.Host, dir string) *Settings {
	return LoadFor(h, dir, "")
}

// LoadFor finds the VS Code-family editors on h and the settings that apply to the workspace dir
// when it is opened in one editor: the one named (its name or id, any case), else the first one
// found with the Go extension installed, else the first one found (Settings.Editor). The
// settings come in the editor's precedence: its user settings (the profile the workspace is
// opened with), its remote server's machine settings, the "settings" of the .code-workspace
// files in dir, and the .vscode/settings.json of each workspace folder. Each editor keeps its
// own user and machine settings: another editor's are read (a syntax error is still reported)
// but not applied (SettingsFile.OtherEditor). Every file is parsed as JSON with comments; one
// that does not parse is kept in Files with its error. LoadFor never fails.
func LoadFor(h host.Host, dir, editor string) *Settings {
	s := &Settings{Dir: dir, h: h, vars: Vars{WorkspaceFolder: dir, UserHome: h.HomeDir(), Env: h.Env().Get}}
	l := &loader{h: h, s: s}
	wsFiles := workspaceFiles(h, dir)
	s.Editors = discoverEditors(h, append([]string{dir}, wsFiles...))
	s.Editor, s.EditorNamed = judgedEditor(s.Editors, editor)

	for i := range s.Editors {
		e := &s.Editors[i]
		other := e.Name != s.Editor
		if len(e.Profiles) == 0 {
			if e.UserDir != "" {
				l.read(filepath.Join(e.UserDir, "settings.json"), fileInfo{scope: ScopeUser, editor: e.Name, remoteWindow: e.RemoteWindow, inactive: other, otherEditor: other})
			}
			continue
		}
		active := e.UserSettings()
		for _, p := range e.Profiles {
			info := fileInfo{scope: ScopeUser, editor: e.Name, inactive: other || p.Settings != active, otherEditor: other, remoteWindow: e.RemoteWindow}
			if !p.Default {
				info.profile = p.Name
			}
			l.read(p.Settings, info)
		}
	}
	for i := range s.Editors {
		if e := &s.Editors[i]; e.MachineDir != "" {
			other := e.Name != s.Editor
			l.read(filepath.Join(e.MachineDir, "settings.json"), fileInfo{scope: ScopeRemote, editor: e.Name, inactive: other, otherEditor: other})
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
	if len(s.Folders) > 0 {
		// ${workspaceFolder} in a .code-workspace file's settings is, for the Go extension, the
		// folder of the file being edited, else the first folder (getWorkspaceFolderPath): never
		// the directory of the .code-workspace file as such.
		for _, src := range l.workspaceSources {
			src.pathFolder = s.Folders[0]
		}
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

// judgedEditor is the editor whose settings are judged among editors: the one named (by name or
// id, any case), else the first with the Go extension, else the first; named reports whether
// the name matched. "" when there is no editor.
func judgedEditor(editors []Editor, name string) (judged string, named bool) {
	for _, e := range editors {
		if name != "" && (strings.EqualFold(name, e.Name) || strings.EqualFold(name, e.ID)) {
			return e.Name, true
		}
	}
	for i := range editors {
		if editors[i].GoExtension() != nil {
			return editors[i].Name, false
		}
	}
	if len(editors) > 0 {
		return editors[0].Name, false
	}
	return "", false
}

// loader reads settings files into a Settings.
type loader struct {
	h host.Host
	s *Settings
	// workspaceSources are the sources of .code-workspace settings, whose ${workspaceFolder} is
	// known once the workspace's folders are.
	workspaceSources []*source
}

// fileInfo is what the loader knows of a file before reading it.
type fileInfo struct {
	scope    Scope
	editor   string
	folder   string
	profile  string
	inactive bool
	// otherEditor is set for the user or machine settings of an editor other than the one judged.
	otherEditor bool
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
		Folder: info.folder, Profile: info.profile, Inactive: info.inactive, OtherEditor: info.otherEditor}
	l.s.Files = append(l.s.Files, sf)
	if err != nil {
		return nil
	}
	if doc.Root.Kind != '{' {
		line, col := position(doc.Data, doc.Root.Start)
		sf.Err = &ParseError{File: path, Line: line, Col: col, Msg: "the top level is not an object ({ ... }), so the editor ignores the file"}
		sf.Doc = nil
		return nil
	}
	if info.inactive {
		return doc
	}
	node := doc.Root
	if info.settingsMember != "" {
		_, val, ok := doc.find(doc.Root, info.settingsMember)
		if !ok {
			return doc
		}
		node = val
	}
	l.collect(doc, node, info, "")
	return doc
}

// languageBlock matches the key of a language-specific block: "[go]", "[go][gomod]".
var languageBlock = regexp.MustCompile(`^(\[[^\[\]]+\])+$`)

// collect records the go.* and gopls settings of the object node, and those of "[go]" blocks in
// it; block is the key of the language block node is ("[go]", "[go][gomod]"), "" for none.
func (l *loader) collect(doc *Doc, node Node, info fileInfo, block string) {
	if node.Kind != '{' {
		return
	}
	src := l.source(doc, info, block)
	l.s.all = slices.Grow(l.s.all, goKeys(doc, node)) // grown once, not doubled
	doc.walk(node, func(keyStart, keyEnd int, val Node) bool {
		key := memberKey(doc.Data[keyStart:keyEnd])
		if block == "" && languageBlock.MatchString(key) {
			if strings.Contains(key, "[go]") {
				l.collect(doc, val, info, key)
			}
			return true
		}
		if !IsGoKey(key) {
			return true
		}
		r := record{key: key, line: int32(doc.Line(keyStart)), node: int32(val.Start), src: src}
		if info.remoteWindow && containsString(MachineScoped, key) {
			l.s.NotApplied = append(l.s.NotApplied, l.notApplied(r, doc.standard(val), info.editor))
			return true
		}
		l.s.push(r, doc.standard(val))
		return true
	})
}

// source is what the settings of doc's block (or top level, for "") share.
func (l *loader) source(doc *Doc, info fileInfo, block string) *source {
	src := &source{file: doc.Path, editor: info.editor, folder: info.folder, profile: info.profile, block: block,
		scope: info.scope, doc: doc, pathFolder: info.folder, vars: &l.s.vars}
	if block != "" {
		src.language = "go"
	}
	if src.pathFolder == "" {
		src.pathFolder = l.s.Dir
	}
	if info.scope == ScopeWorkspace {
		l.workspaceSources = append(l.workspaceSources, src)
	}
	return src
}

// notApplied is the Setting of r, a machine-scoped setting in the user settings of a remote
// window of editor, which VS Code does not apply.
func (l *loader) notApplied(r record, v json.RawMessage, editor string) Setting {
	var one Settings
	one.push(r, v)
	st := one.At(0)
	st.NotApplied = fmt.Sprintf("%s is machine-scoped: in %s's remote windows VS Code applies it only from the remote's Machine settings (or a workspace or folder), never from the user settings", r.key, editor)
	return st
}

// goKeys counts the members of the object node whose name looks like a go.* or gopls setting's,
// from the quoted name and without decoding it: a capacity hint.
func goKeys(doc *Doc, node Node) int {
	n := 0
	doc.walk(node, func(keyStart, keyEnd int, _ Node) bool {
		if name := doc.Data[keyStart:keyEnd]; bytes.HasPrefix(name, []byte(`"go.`)) || bytes.HasPrefix(name, []byte(`"gopls`)) {
			n++
		}
		return true
	})
	return n
}

// IsGoKey reports whether a settings key belongs to the Go extension or gopls.
func IsGoKey(key string) bool {
	return key == "gopls" || strings.HasPrefix(key, "go.") || strings.HasPrefix(key, "gopls.")
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
