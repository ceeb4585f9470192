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
// Value is the object merged across files as VS Code merges it.
func (s *Settings) ExtensionValue(key string) (Setting, bool) {
	var best Setting
	found := false
	var merged json.RawMessage
	for _, st := range s.All {
		if st.Key != key || st.Language != "" {
			continue
		}
		best, found = st, true
		merged = mergeJSON(merged, st.Value)
	}
	if found {
		best.Value = merged
	}
	return best, found
}

// Ignored lists the settings of key that the Go extension does not read: those in "[go]" blocks,
// and those VS Code does not apply (NotApplied).
func (s *Settings) Ignored(key string) []Setting {
	var out []Setting
	for _, st := range s.All {
		if st.Key == key && st.Language != "" {
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

// Overridden lists the settings of key that win lies over: the other files' settings of the
// same key, outside "[go]" blocks, strongest first.
func (s *Settings) Overridden(key string, win Setting) []Setting {
	var out []Setting
	for _, st := range s.All {
		if st.Key == key && st.Language == "" && !(st.File == win.File && st.Line == win.Line) {
			out = append([]Setting{st}, out...)
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
	byKey := map[string]Setting{}
	for _, st := range s.All {
		if st.Key != key || st.Language != "" {
			continue
		}
		if !isObject(st.Value) {
			byKey = map[string]Setting{}
			continue
		}
		for _, m := range st.members {
			if prev, ok := byKey[m.Key]; ok {
				m.Value = mergeJSON(prev.Value, m.Value)
			}
			byKey[m.Key] = m
		}
	}
	out := make([]Setting, 0, len(byKey))
	for _, m := range byKey {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
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

// mergeJSON merges b over a as VS Code merges settings: two objects member by member
// (recursively), anything else replaced by b.
func mergeJSON(a, b json.RawMessage) json.RawMessage {
	if !isObject(a) || !isObject(b) {
		return b
	}
	var am, bm map[string]json.RawMessage
	if json.Unmarshal(a, &am) != nil || json.Unmarshal(b, &bm) != nil {
		return b
	}
	for k, v := range bm {
		am[k] = mergeJSON(am[k], v)
	}
	out, err := json.Marshal(am)
	if err != nil {
		return b
	}
	return out
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

// ChosenTools are the format and lint tools the settings choose by name (go.formatTool,
// go.lintTool), tool name to the setting that chose it. "default" and "custom" choose no tool of
// their own.
func (s *Settings) ChosenTools() map[string]Setting {
	out := map[string]Setting{}
	for _, key := range []string{KeyFormatTool, KeyLintTool} {
		if v, st, ok := s.StringValue(key); ok && v != "" && v != "default" && v != "custom" {
			out[v] = st
		}
	}
	return out
}
