package report

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// rawMessage is the type of a JSON value kept as written (a setting's value).
var rawMessage = reflect.TypeFor[json.RawMessage]()

// rewriteStrings is a deep copy of v with fn applied to every string in it, each with the JSON
// name of the field that holds it (a slice's elements and a map's values take the name of the
// slice's or map's field). A json.RawMessage is decoded, its strings (object keys included)
// rewritten with its field's name, and encoded again. Nothing of v is changed: every pointer,
// slice and map on the way is copied.
func rewriteStrings[T any](v T, fn func(field, s string) string) T {
	out := rewriteValue(reflect.ValueOf(&v).Elem(), "", fn)
	return out.Interface().(T)
}

func rewriteValue(v reflect.Value, field string, fn func(field, s string) string) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(v.Type()).Elem()
		out.SetString(fn(field, v.String()))
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(rewriteValue(v.Elem(), field, fn))
		return out
	case reflect.Struct:
		return rewriteStruct(v, fn)
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		if v.Type() == rawMessage {
			return reflect.ValueOf(rewriteRaw(v.Bytes(), field, fn))
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(rewriteValue(v.Index(i), field, fn))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		// Keys in order, so that placeholders are numbered the same way every time.
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for _, k := range keys {
			out.SetMapIndex(rewriteValue(k, field, fn), rewriteValue(v.MapIndex(k), field, fn))
		}
		return out
	}
	return v
}

func rewriteStruct(v reflect.Value, fn func(field, s string) string) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	out.Set(v)
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		if sf.Anonymous {
			name = "" // an embedded struct's fields keep their own names
		}
		out.Field(i).Set(rewriteValue(v.Field(i), name, fn))
	}
	return out
}

// rewriteRaw rewrites the strings of a JSON value; a value that does not decode is rewritten as
// one string.
func rewriteRaw(raw []byte, field string, fn func(field, s string) string) json.RawMessage {
	var x any
	if err := json.Unmarshal(raw, &x); err != nil {
		b, _ := json.Marshal(fn(field, string(raw)))
		return b
	}
	b, err := json.Marshal(rewriteAny(x, field, fn))
	if err != nil {
		b, _ = json.Marshal(fn(field, string(raw)))
	}
	return b
}

func rewriteAny(x any, field string, fn func(field, s string) string) any {
	switch x := x.(type) {
	case string:
		return fn(field, x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = rewriteAny(e, field, fn)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			out[fn(field, k)] = rewriteAny(x[k], field, fn)
		}
		return out
	}
	return x
}
