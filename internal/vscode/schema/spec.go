// Package schema knows the settings of the Go extension for VS Code and of gopls: their names,
// JSON types, allowed values, defaults and deprecations, taken from the extension's own manifest
// (package.json) and from the user's gopls (`gopls api-json`, `gopls help`). It checks a setting
// against them and says what is wrong the way the program that reads it would, with the closest
// real name for a misspelt one and a repair as data.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Spec is what a manifest says about one setting, or about one member of an object setting: only
// facts (no description texts).
type Spec struct {
	// Key is the setting's key ("go.lintTool"), or the member's name inside its parent.
	Key string
	// Types are the JSON schema types the value may have: "string", "boolean", "number",
	// "integer", "array", "object", "null". Empty means any.
	Types []string
	// Enum lists the allowed values (compact JSON); empty means any value of the right type.
	Enum []json.RawMessage
	// Default is the value the extension uses when the setting is not set (compact JSON), nil when
	// the manifest gives none.
	Default json.RawMessage
	// Deprecated is the manifest's deprecation message, as written ("" when not deprecated).
	Deprecated string
	// Scope is where VS Code lets the setting be set: "application", "machine",
	// "machine-overridable", "window", "resource", "language-overridable"; "" means "window".
	Scope string
	// Properties are the known members of an object setting.
	Properties map[string]*Spec
	// Additional is the schema of members not in Properties (JSON schema additionalProperties),
	// nil when the manifest gives none.
	Additional *Spec
	// Closed is set when no member other than Properties is allowed (additionalProperties: false).
	Closed bool
	// Items is the schema of an array's elements, nil when the manifest gives none.
	Items *Spec
}

// Table is the settings of one version of the Go extension.
type Table struct {
	// Source says where the table came from: the path of an installed extension's package.json,
	// or a description of the built-in table.
	Source string
	// Extension is the extension's id, publisher.name ("golang.go").
	Extension string
	// Version is the extension's version ("0.58.0").
	Version string
	// Settings are the settings it contributes, by key.
	Settings map[string]*Spec
}

// Lookup returns the spec of a setting, or nil when the extension does not define it.
func (t Table) Lookup(key string) *Spec { return t.Settings[key] }

// Keys returns every setting key of the table, sorted.
func (t Table) Keys() []string {
	keys := make([]string, 0, len(t.Settings))
	for k := range t.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Describe names the table for evidence: "golang.go 0.58.0 (/home/a/.vscode/extensions/.../package.json)".
func (t Table) Describe() string {
	name := t.Extension
	if name == "" {
		name = "the Go extension"
	}
	if t.Version != "" {
		name += " " + t.Version
	}
	if t.Source != "" {
		name += " (" + t.Source + ")"
	}
	return name
}

// manifest is the part of an extension's package.json the table is built from.
type manifest struct {
	Name        string `json:"name"`
	Publisher   string `json:"publisher"`
	Version     string `json:"version"`
	Contributes struct {
		// Configuration is one object with "properties", or an array of them (one per section).
		Configuration json.RawMessage `json:"configuration"`
	} `json:"contributes"`
}

// configuration is one section of contributes.configuration.
type configuration struct {
	Properties map[string]json.RawMessage `json:"properties"`
}

// rawSpec is a JSON schema as a manifest writes it, reduced to the facts a Spec keeps.
type rawSpec struct {
	Type                       json.RawMessage            `json:"type"`
	Enum                       []json.RawMessage          `json:"enum"`
	Default                    json.RawMessage            `json:"default"`
	DeprecationMessage         string                     `json:"deprecationMessage"`
	MarkdownDeprecationMessage string                     `json:"markdownDeprecationMessage"`
	Scope                      string                     `json:"scope"`
	Properties                 map[string]json.RawMessage `json:"properties"`
	AdditionalProperties       json.RawMessage            `json:"additionalProperties"`
	Items                      json.RawMessage            `json:"items"`
}

// FromManifest builds the settings table of an extension from its package.json. The table's
// Source is left empty for the caller to fill in.
func FromManifest(data []byte) (Table, error) {
	var m manifest
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &m); err != nil {
		return Table{}, fmt.Errorf("parsing the extension manifest: %w", err)
	}
	t := Table{Version: m.Version, Settings: make(map[string]*Spec)}
	if m.Publisher != "" || m.Name != "" {
		t.Extension = strings.ToLower(m.Publisher + "." + m.Name)
	}
	var sections []configuration
	switch c := bytes.TrimSpace(m.Contributes.Configuration); {
	case len(c) == 0 || string(c) == "null":
		return Table{}, fmt.Errorf("the extension manifest contributes no configuration")
	case c[0] == '[':
		if err := json.Unmarshal(c, &sections); err != nil {
			return Table{}, fmt.Errorf("parsing contributes.configuration: %w", err)
		}
	default:
		var one configuration
		if err := json.Unmarshal(c, &one); err != nil {
			return Table{}, fmt.Errorf("parsing contributes.configuration: %w", err)
		}
		sections = []configuration{one}
	}
	for _, sec := range sections {
		for key, raw := range sec.Properties {
			s, err := parseSpec(key, raw)
			if err != nil {
				return Table{}, fmt.Errorf("parsing the setting %s: %w", key, err)
			}
			t.Settings[key] = s
		}
	}
	if len(t.Settings) == 0 {
		return Table{}, fmt.Errorf("the extension manifest defines no settings")
	}
	return t, nil
}

// parseSpec reads one JSON schema; nil for a schema that is `true` or empty.
func parseSpec(key string, data json.RawMessage) (*Spec, error) {
	var r rawSpec
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	s := &Spec{Key: key, Scope: r.Scope, Default: compact(r.Default)}
	s.Deprecated = r.MarkdownDeprecationMessage
	if s.Deprecated == "" {
		s.Deprecated = r.DeprecationMessage
	}
	var err error
	if s.Types, err = parseTypes(r.Type); err != nil {
		return nil, err
	}
	for _, e := range r.Enum {
		s.Enum = append(s.Enum, compact(e))
	}
	if len(r.Properties) > 0 {
		s.Properties = make(map[string]*Spec, len(r.Properties))
		for name, raw := range r.Properties {
			p, err := parseSpec(name, raw)
			if err != nil {
				return nil, fmt.Errorf("member %s: %w", name, err)
			}
			s.Properties[name] = p
		}
	}
	switch a := bytes.TrimSpace(r.AdditionalProperties); {
	case len(a) == 0, string(a) == "true":
	case string(a) == "false":
		s.Closed = true
	default:
		if s.Additional, err = parseSpec("", a); err != nil {
			return nil, fmt.Errorf("additionalProperties: %w", err)
		}
	}
	// An array of schemas (a tuple) is rare in settings; only a single items schema is kept.
	if i := bytes.TrimSpace(r.Items); len(i) > 0 && i[0] == '{' {
		if s.Items, err = parseSpec("", i); err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
	}
	return s, nil
}

// parseTypes reads a schema's "type": one name or a list of names.
func parseTypes(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '"' {
		var one string
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, err
		}
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("type: %w", err)
	}
	return many, nil
}

// compact is JSON without insignificant space, nil for none.
func compact(raw json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}
