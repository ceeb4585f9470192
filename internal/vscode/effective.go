package vscode

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// ExtensionValue is the setting the Go extension reads for key: the last of All with that key,
// outside "[go]" blocks. The extension asks VS Code for its settings with a resource and no
// language (vscode.workspace.getConfiguration('go', uri) in its src/config.ts), and VS Code
// applies language-specific blocks only when asked with a language, so a "[go]" block never
// changes what the extension reads. For an object (go.alternateTools, go.toolsEnvVars, gopls),
// Value is the object merged across files as VS Code merges it; within one file, a key written
// twice is the last one written, as VS Code parses it.
func (s *Settings) ExtensionValue(key string) (Setting, bool) {
	read := lastPerFile(s.outsideBlocks(key))
	if len(read) == 0 {
		return Setting{}, false
	}
	values := make([]json.RawMessage, len(read))
	for i, st := range read {
		values[i] = st.Value
	}
	best := read[len(read)-1]
	best.Value = mergeJSON(values)
	return best, true
}

// outsideBlocks are the settings of key outside "[go]" blocks, in order.
func (s *Settings) outsideBlocks(key string) []Setting {
	var out []Setting
	for _, st := range s.ofKey(key) {
		if st.Language == "" {
			out = append(out, st)
		}
	}
	return out
}

// lastPerFile keeps, of settings in order, the last one of each file: the one VS Code reads from
// a file that writes a key twice. The settings of one file are next to each other in All.
func lastPerFile(list []Setting) []Setting {
	var out []Setting
	for i, st := range list {
		if i+1 < len(list) && list[i+1].File == st.File {
			continue
		}
		out = append(out, st)
	}
	return out
}

// Ignored lists the settings of key that the Go extension does not read: those in "[go]" blocks,
// and those VS Code does not apply (NotApplied).
func (s *Settings) Ignored(key string) []Setting {
	var out []Setting
	for _, st := range s.ofKey(key) {
		if st.Language != "" {
			out = append(out, st)
		}
	}
	for _, st := range s.NotApplied {
		if st.Key == key {
			out = append(out, st)
		}
	}
	return out
}

// Overridden lists the settings of key that win lies over: the other settings of the same key,
// outside "[go]" blocks, strongest first.
func (s *Settings) Overridden(key string, win Setting) []Setting {
	var out []Setting
	list := s.outsideBlocks(key)
	for i := len(list) - 1; i >= 0; i-- {
		if st := list[i]; !(st.File == win.File && st.Line == win.Line) {
			out = append(out, st)
		}
	}
	return out
}

// Merged lists the members of the object setting key as the Go extension reads them: VS Code
// merges an object across files member by member, so each member comes from the last file that
// sets it (outside "[go]" blocks), with its value merged with weaker files' when both are
// objects. A file that sets key to something other than an object replaces what came before.
// Each member is a Setting named key.member ("go.alternateTools.gopls").
func (s *Settings) Merged(key string) []Setting {
	byKey := map[string][]Setting{}
	for _, st := range lastPerFile(s.outsideBlocks(key)) {
		if !isObject(st.Value) {
			byKey = map[string][]Setting{}
			continue
		}
		for _, m := range st.members() {
			byKey[m.Key] = append(byKey[m.Key], m)
		}
	}
	out := make([]Setting, 0, len(byKey))
	for _, list := range byKey {
		list = lastPerFile(list)
		values := make([]json.RawMessage, len(list))
		for i, m := range list {
			values[i] = m.Value
		}
		m := list[len(list)-1]
		m.Value = mergeJSON(values)
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// members are the members of the object value of st, each as a Setting of its own
// ("go.alternateTools.gopls"), read from its file when asked: none for a setting made by hand.
func (st Setting) members() []Setting {
	if st.src == nil || st.src.doc == nil || st.node.Kind != '{' {
		return nil
	}
	doc := st.src.doc
	var out []Setting
	doc.walk(st.node, func(keyStart, keyEnd int, val Node) bool {
		m := st
		m.Key = st.Key + "." + memberKey(doc.Data[keyStart:keyEnd])
		m.Value, m.Line, m.node, m.Paths = doc.standard(val), doc.Line(keyStart), val, nil
		if st.Key == KeyAlternateTools && st.src.vars != nil {
			var s string
			if json.Unmarshal(m.Value, &s) == nil && s != "" {
				m.Paths = []PathValue{expandPath(m.Key, s, st.src.pathFolder, *st.src.vars)}
			}
		}
		out = append(out, m)
		return true
	})
	return out
}

// ToolSettings are the settings that decide where the Go extension finds tools, expanded as it
// expands them: go.alternateTools (merged across files), go.toolsGopath, go.gopath and go.goroot.
func (s *Settings) ToolSettings() ToolSettings {
	var ts ToolSettings
	for _, m := range s.Merged(KeyAlternateTools) {
		if len(m.Paths) != 1 {
			continue
		}
		if ts.AlternateTools == nil {
			ts.AlternateTools = map[string]string{}
		}
		ts.AlternateTools[strings.TrimPrefix(m.Key, KeyAlternateTools+".")] = m.Paths[0].Expanded
	}
	ts.ToolsGopath = s.pathList(KeyToolsGopath)
	ts.Gopath = s.pathList(KeyGopath)
	if p := s.pathList(KeyGoroot); len(p) > 0 {
		ts.Goroot = p[0]
	}
	return ts
}

// PathSetting is the expanded value of the string path setting key as the extension reads it, or
// "" when it is not set.
func (s *Settings) PathSetting(key string) (PathValue, Setting, bool) {
	st, ok := s.ExtensionValue(key)
	if !ok || len(st.Paths) != 1 {
		return PathValue{}, st, false
	}
	return st.Paths[0], st, true
}

// pathList is a path-list setting (go.gopath, go.toolsGopath) split into its entries.
func (s *Settings) pathList(key string) []string {
	pv, _, ok := s.PathSetting(key)
	if !ok {
		return nil
	}
	if key == KeyGoroot {
		return []string{pv.Expanded}
	}
	var out []string
	for _, p := range s.splitList(pv.Expanded) {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (s *Settings) splitList(list string) []string {
	if s.h == nil {
		return strings.Split(list, ":")
	}
	return host.SplitList(s.h, list)
}

// Var expands a value the way the extension expands a path setting of the workspace folder (for
// go.toolsEnvVars values).
func (s *Settings) Var(raw, folder string) PathValue {
	return expandPath("", raw, folder, s.vars)
}

func isObject(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && v[0] == '{'
}

// mergeJSON merges values, each over the ones before it, as VS Code merges settings: objects
// member by member (recursively), anything else replacing what came before. It decodes each value
// once, so merging costs as much as the values, however deeply they nest.
func mergeJSON(values []json.RawMessage) json.RawMessage {
	if len(values) == 1 {
		return values[0]
	}
	var merged any
	start := 0
	for i, v := range values {
		if !isObject(v) {
			start = i // it replaces everything before it
		}
	}
	if start == len(values)-1 {
		return values[start]
	}
	for _, v := range values[start:] {
		decoded, ok := decodeJSON(v)
		if !ok {
			return values[len(values)-1]
		}
		merged = mergeValue(merged, decoded)
	}
	out, err := json.Marshal(merged)
	if err != nil {
		return values[len(values)-1]
	}
	return out
}

// decodeJSON decodes v keeping numbers as written.
func decodeJSON(v json.RawMessage) (any, bool) {
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	var out any
	return out, d.Decode(&out) == nil
}

// mergeValue merges b over a: two objects member by member, anything else replaced by b.
func mergeValue(a, b any) any {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		return b
	}
	for k, v := range bm {
		am[k] = mergeValue(am[k], v)
	}
	return am
}

// StringValue is the string the Go extension reads for key, with the setting it came from; ok is
// false when the key is not set or not a string.
func (s *Settings) StringValue(key string) (value string, st Setting, ok bool) {
	st, found := s.ExtensionValue(key)
	if !found || json.Unmarshal(st.Value, &value) != nil {
		return "", Setting{}, false
	}
	return value, st, true
}

// maxFileNameJSON is the longest a file name (255 bytes) can be as a JSON string: every byte
// escaped as \u00XX, and the quotes.
const maxFileNameJSON = 255*6 + 2

// ChosenTools are the format and lint tools the settings choose by name (go.formatTool,
// go.lintTool), tool name to the setting that chose it. "default" and "custom" choose no tool of
// their own.
func (s *Settings) ChosenTools() map[string]Setting {
	out := map[string]Setting{}
	for _, key := range []string{KeyFormatTool, KeyLintTool} {
		if st, ok := s.ExtensionValue(key); !ok || len(st.Value) > maxFileNameJSON {
			continue // not set, or longer than any file name: it chooses no tool
		}
		if v, st, ok := s.StringValue(key); ok && v != "" && v != "default" && v != "custom" {
			out[v] = st
		}
	}
	return out
}
