package schema

import (
	"encoding/json"
	"strconv"
)

// Edit is one change to a settings file: the member at Path inside the top-level setting Key
// (Key itself when Path is empty) set to Value, or removed when Value is nil.
type Edit struct {
	Key   string
	Path  []string
	Value json.RawMessage
}

// Edits are the changes that apply the problem's fix; value is the setting's whole value (the
// one Check was given), for a rename that keeps it. Nil means the problem has no fix.
func (p Problem) Edits(value json.RawMessage) []Edit {
	path := append([]string(nil), p.Path...)
	switch {
	case p.Fix.Rename != "":
		nv := p.Fix.Value
		if nv == nil {
			nv = valueAt(value, path)
		}
		if nv == nil {
			return nil
		}
		if len(path) == 0 {
			return []Edit{{Key: p.Key}, {Key: p.Fix.Rename, Value: nv}}
		}
		to := append(append([]string(nil), path[:len(path)-1]...), p.Fix.Rename)
		return []Edit{{Key: p.Key, Path: path}, {Key: p.Key, Path: to, Value: nv}}
	case p.Fix.Drop:
		return []Edit{{Key: p.Key, Path: path}}
	case p.Fix.Value != nil:
		return []Edit{{Key: p.Key, Path: path, Value: p.Fix.Value}}
	}
	return nil
}

// valueAt is the compact JSON of the member at path inside value, nil when there is none.
func valueAt(value json.RawMessage, path []string) json.RawMessage {
	v, ok := decode(value)
	if !ok {
		return nil
	}
	for _, seg := range path {
		switch c := v.(type) {
		case map[string]any:
			if v, ok = c[seg]; !ok {
				return nil
			}
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	data, err := encode(v)
	if err != nil {
		return nil
	}
	return data
}
