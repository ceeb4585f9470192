package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gomedic/gomedic/internal/text"
)

// Check checks one top-level setting of a settings file against the table: a key the extension
// does not define (with the closest real key), a deprecated key (with its replacement), a value of
// the wrong type or outside its enum, and the same inside object and array values. A null value is
// never a problem: VS Code then uses the default. Keys outside go.* are not the table's business
// and yield nothing, except gopls.* keys, which are reported as Misplaced (gopls options go inside
// the "gopls" object). value must be valid JSON; invalid JSON yields nothing.
func (t Table) Check(key string, value json.RawMessage) []Problem {
	v, ok := decode(value)
	if !ok {
		return nil
	}
	if opt, ok := strings.CutPrefix(key, "gopls."); ok {
		return []Problem{{Kind: Misplaced, Key: key, Suggest: opt,
			Message: fmt.Sprintf(`gopls options go inside the "gopls" object: "gopls": {%q: ...}`, opt)}}
	}
	if key != "gopls" && !strings.HasPrefix(key, "go.") {
		return nil
	}
	spec := t.Settings[key]
	if spec == nil {
		return t.unknownKey(key, v)
	}
	if spec.Deprecated != "" {
		return []Problem{t.deprecatedKey(key, spec, v)}
	}
	return validate(key, nil, spec, v)
}

// unknownKey explains a go.* key the table does not define.
func (t Table) unknownKey(key string, v any) []Problem {
	// "go.toolsManagement": {"checkForUpdates": "off"}: VS Code merges dotted keys and nested
	// objects into one tree, so this sets go.toolsManagement.checkForUpdates; check each member.
	if obj, ok := v.(map[string]any); ok && t.hasKeysUnder(key) {
		var out []Problem
		for _, m := range sortedKeys(obj) {
			data, _ := json.Marshal(obj[m])
			for _, p := range t.Check(key+"."+m, data) {
				if rest, ok := strings.CutPrefix(p.Fix.Rename, key+"."); ok {
					p.Fix.Rename = rest
				} else if p.Fix.Rename != "" && len(p.Path) == 0 {
					p.Fix = Fix{Drop: true}
				}
				out = append(out, p.at(key, m))
			}
		}
		return out
	}
	p := Problem{Kind: Unknown, Key: key}
	if former, ok := lookupFormer(key); ok {
		p.Message = fmt.Sprintf("%s %s", key, former.why)
		p.Suggest = former.to
		p.Fix = Fix{Drop: true}
		if former.to != "" {
			p.Fix = Fix{Rename: former.to}
			if former.value != nil {
				if nv, ok := former.value(v); ok {
					p.Fix.Value = nv
				} else {
					p.Fix = Fix{Drop: true}
				}
			}
		}
		return []Problem{p}
	}
	p.Message = fmt.Sprintf("%s does not define %s, so it is ignored", t.name(), key)
	p.Fix = Fix{Drop: true}
	if s := closest(key, t.Keys()); s != "" {
		p.Suggest = s
		p.Fix = renameTo(s, t.Settings[s], v)
	}
	return []Problem{p}
}

// hasKeysUnder reports whether some setting's key starts with prefix and a dot.
func (t Table) hasKeysUnder(prefix string) bool {
	for k := range t.Settings {
		if strings.HasPrefix(k, prefix+".") {
			return true
		}
	}
	return false
}

func lookupFormer(key string) (formerKey, bool) {
	if f, ok := formerKeys[key]; ok {
		return f, true
	}
	for k, f := range formerKeys {
		if strings.EqualFold(k, key) {
			return f, true
		}
	}
	return formerKey{}, false
}

// name names the table's extension in messages: "the Go extension (0.58.0)".
func (t Table) name() string {
	if t.Version == "" {
		return "the Go extension"
	}
	return "the Go extension (" + t.Version + ")"
}

// renameTo is the fix that moves a value to the setting or member to, converting it when it is
// of a type to does not take and can be converted (a guess either way).
func renameTo(to string, spec *Spec, v any) Fix {
	fix := Fix{Rename: to, Guess: true}
	if spec != nil && len(validate(to, nil, spec, v)) > 0 {
		if nv, ok := coerce(v, spec); ok {
			fix.Value = nv
		}
	}
	return fix
}

// settingLink finds the settings a deprecation message names: `#go.useLanguageServer#` (a
// markdown settings link), `go.x`, 'go.x' or "go.x".
var settingLink = regexp.MustCompile("#((?:go|gopls)\\.[A-Za-z0-9_.]+)#|[`'\"]((?:go|gopls)\\.[A-Za-z0-9_.]+)[`'\"]")

// deprecatedKey explains a deprecated setting and, when its deprecation message names a setting
// that takes the same value, moves it there; otherwise the fix removes it.
func (t Table) deprecatedKey(key string, spec *Spec, v any) Problem {
	p := Problem{Kind: Deprecated, Key: key, Fix: Fix{Drop: true},
		Message: fmt.Sprintf("%s is deprecated: %s", key, deprecation(spec.Deprecated))}
	for _, m := range settingLink.FindAllStringSubmatch(spec.Deprecated, -1) {
		to := m[1] + m[2]
		r := t.Settings[to]
		if to == key || r == nil || r.Deprecated != "" {
			continue
		}
		p.Suggest = to
		if len(validate(to, nil, r, v)) == 0 {
			p.Fix = Fix{Rename: to}
		} else if former, ok := lookupFormer(key); ok && former.to == to && former.value != nil {
			// The extension's own rule for moving the old value ("local" for false).
			if nv, ok := former.value(v); ok && len(validate(to, nil, r, mustDecode(nv))) == 0 {
				p.Fix = Fix{Rename: to, Value: nv}
			}
		}
		break
	}
	return p
}

// PlainText is a manifest's markdown message as plain text: settings links (`#go.x#`) and code
// spans lose their markup, and lines are joined.
func PlainText(md string) string {
	s := settingLink.ReplaceAllStringFunc(md, func(m string) string { return strings.Trim(m, "#`'\"") })
	s = strings.ReplaceAll(s, "`", "")
	return strings.Join(strings.Fields(s), " ")
}

// redundant is the opening of a deprecation message that says only that it is one.
var redundant = regexp.MustCompile(`(?i)^this (setting|option) is deprecated[.;:,]?\s*`)

// deprecation is a deprecation message for "KEY is deprecated: ...": plain text, without a
// redundant "This setting is deprecated." opening.
func deprecation(md string) string {
	s := redundant.ReplaceAllString(PlainText(md), "")
	if s == "" {
		return "the extension no longer uses it"
	}
	return s
}

// validate checks a value against a spec; key and path say where the value is.
func validate(key string, path []string, spec *Spec, v any) []Problem {
	if v == nil || spec == nil {
		return nil
	}
	here := func(p Problem) []Problem {
		p.Key, p.Path = key, append([]string(nil), path...)
		return []Problem{p}
	}
	if !typeOK(spec.Types, v) {
		p := Problem{Kind: WrongType, Fix: Fix{Drop: true},
			Message: fmt.Sprintf("the value %s is %s, but %s takes %s", short(v), article(jsonType(v)), member(key, path), orList(spec.Types))}
		if len(spec.Enum) > 0 {
			p.Allowed = spec.Enum
			p.Message += ": one of " + joinJSON(spec.Enum)
		}
		if nv, ok := coerce(v, spec); ok {
			_, toText := v.(json.Number)
			p.Fix = Fix{Value: nv, Guess: toText}
		} else if nv, ok := likelyEnum(v, spec); ok {
			p.Fix = Fix{Value: nv, Guess: true}
		}
		return here(p)
	}
	if len(spec.Enum) > 0 && !inEnum(v, spec.Enum) {
		p := Problem{Kind: NotAllowed, Allowed: spec.Enum, Fix: Fix{Drop: true},
			Message: fmt.Sprintf("the value %s is not one of the values %s takes: %s", short(v), member(key, path), joinJSON(spec.Enum))}
		if nv, ok := likelyEnum(v, spec); ok {
			p.Fix = Fix{Value: nv, Guess: true}
		}
		return here(p)
	}
	var out []Problem
	switch v := v.(type) {
	case map[string]any:
		names := make([]string, 0, len(spec.Properties))
		for n := range spec.Properties {
			names = append(names, n)
		}
		for _, m := range sortedKeys(v) {
			sub := append(append([]string(nil), path...), m)
			switch p := spec.Properties[m]; {
			case p != nil && p.Deprecated != "":
				out = append(out, Problem{Kind: Deprecated, Key: key, Path: sub, Fix: Fix{Drop: true},
					Message: fmt.Sprintf("%s is deprecated: %s", member(key, sub), deprecation(p.Deprecated))})
			case p != nil:
				out = append(out, validate(key, sub, p, v[m])...)
			case spec.Closed:
				u := Problem{Kind: Unknown, Key: key, Path: sub, Fix: Fix{Drop: true},
					Message: fmt.Sprintf("%s has no member %q, so it is ignored (its members are %s)", member(key, path), m, quotedList(names))}
				if s := closest(m, names); s != "" {
					u.Suggest = s
					u.Fix = renameTo(s, spec.Properties[s], v[m])
				}
				out = append(out, u)
			default:
				out = append(out, validate(key, sub, spec.Additional, v[m])...)
			}
		}
	case []any:
		for i, e := range v {
			out = append(out, validate(key, append(append([]string(nil), path...), strconv.Itoa(i)), spec.Items, e)...)
		}
	}
	return out
}

// member names the setting or member at path, for messages.
func member(key string, path []string) string {
	return Problem{Key: key, Path: path}.Where()
}

// jsonSpace is the white space JSON allows around a value (bytes.TrimSpace trims more: \v, \f, U+0085, ...).
const jsonSpace = " \t\r\n"

// decode parses JSON keeping numbers exact; ok is false for invalid JSON.
func decode(data json.RawMessage) (v any, ok bool) {
	if data = bytes.Trim(data, jsonSpace); len(data) > 0 && data[0] == '"' {
		// A string has no numbers to keep, and Unmarshal copies it once where a Decoder would
		// copy it twice.
		var s string
		err := json.Unmarshal(data, &s)
		return s, err == nil
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false // more after the value ("00", "1 2"): not one JSON value
	}
	return v, true
}

// jsonType is the JSON schema type of a decoded value ("integer" for whole numbers).
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// typeOK reports whether v has one of the types (an integer is also a number).
func typeOK(types []string, v any) bool {
	if len(types) == 0 {
		return true
	}
	t := jsonType(v)
	for _, want := range types {
		if want == t || want == "number" && t == "integer" {
			return true
		}
	}
	return false
}

// inEnum reports whether v equals one of the allowed values.
func inEnum(v any, enum []json.RawMessage) bool {
	for _, e := range enum {
		if ev, ok := decode(e); ok && equalJSON(v, ev) {
			return true
		}
	}
	return false
}

// equalJSON compares decoded JSON values, numbers by value.
func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		af, err1 := a.Float64()
		bf, err2 := bn.Float64()
		return err1 == nil && err2 == nil && af == bf
	case []any:
		bs, ok := b.([]any)
		if !ok || len(a) != len(bs) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], bs[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, av := range a {
			if bv, ok := bm[k]; !ok || !equalJSON(av, bv) {
				return false
			}
		}
		return true
	}
	return a == b
}

// coerce converts v to a value the spec takes, when the intent is plain: "true" to true, "5" to
// 5, a number or boolean to its text, a string of flags to an array of them.
func coerce(v any, spec *Spec) (json.RawMessage, bool) {
	for _, t := range spec.Types {
		var nv any
		switch s, isString := v.(string); {
		case t == "boolean" && isString && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false")):
			nv = strings.EqualFold(s, "true")
		case (t == "number" || t == "integer") && isString:
			n := json.Number(strings.TrimSpace(s))
			if _, err := n.Float64(); err != nil || t == "integer" && jsonType(n) != "integer" {
				continue
			}
			nv = n
		case t == "string" && !isString:
			switch v.(type) {
			case bool, json.Number:
				nv = fmt.Sprint(v)
			default:
				continue
			}
		case t == "array" && isString && (spec.Items == nil || typeOK(spec.Items.Types, "")):
			parts := []any{}
			for _, f := range strings.Fields(s) {
				parts = append(parts, f)
			}
			nv = parts
		default:
			continue
		}
		if len(spec.Enum) > 0 && !inEnum(nv, spec.Enum) {
			continue
		}
		data, err := json.Marshal(nv)
		if err == nil {
			return data, true
		}
	}
	return nil, false
}

// likelyEnum guesses the allowed value v meant: the same string in another case, the one value
// it is a prefix of (or that is a prefix of it), the one value within a few edits; for a boolean,
// false as "off" and true as the default.
func likelyEnum(v any, spec *Spec) (json.RawMessage, bool) {
	var strs []string
	for _, e := range spec.Enum {
		var s string
		if json.Unmarshal(e, &s) == nil {
			strs = append(strs, s)
		}
	}
	pick := func(s string) (json.RawMessage, bool) {
		data, err := json.Marshal(s)
		return data, err == nil
	}
	switch v := v.(type) {
	case string:
		if c := closest(v, strs); c != "" {
			return pick(c)
		}
		var prefixed []string
		for _, s := range strs {
			if v != "" && (text.HasPrefixFold(s, v) || text.HasPrefixFold(v, s)) {
				prefixed = append(prefixed, s)
			}
		}
		if len(prefixed) == 1 {
			return pick(prefixed[0])
		}
	case bool:
		for _, s := range strs {
			if !v && s == "off" {
				return pick(s)
			}
		}
		if v && spec.Default != nil && inEnum(mustDecode(spec.Default), spec.Enum) {
			return spec.Default, true
		}
	}
	return nil, false
}

func mustDecode(data json.RawMessage) any {
	v, _ := decode(data)
	return v
}

// short is a value as JSON for a message, cut when long.
func short(v any) string {
	if s, ok := v.(string); ok && len(s) > 64 {
		v = text.Clip(s, 64) // only the start is shown: encode no more of it
	}
	data, _ := json.Marshal(v)
	s := string(data)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

func article(t string) string {
	switch t {
	case "array", "object", "integer":
		return "an " + t
	case "null":
		return "null"
	}
	return "a " + t
}

// orList joins type names for a message: "a string or null".
func orList(types []string) string {
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = article(t)
	}
	return strings.Join(parts, " or ")
}

// joinJSON lists allowed values: "proxy", "local", "off".
func joinJSON(values []json.RawMessage) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

func quotedList(names []string) string {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	for i, n := range sorted {
		sorted[i] = strconv.Quote(n)
	}
	return strings.Join(sorted, ", ")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// encode writes compact JSON without HTML escaping.
func encode(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}
