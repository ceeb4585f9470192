package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// leakyString and leakyValue hold the secret in forms redact.Text knows; leakyValue is a setting's
// JSON value.
const (
	leakyString = "https://ana:" + secret + "@proxy.example.com GITHUB_TOKEN=" + secret
	leakyValue  = `{"GITHUB_TOKEN": "` + secret + `", "GOPROXY": "https://ana:` + secret + `@x.example.com", "n": [1, "DB_PASSWORD=` + secret + `"]}`
)

// fill sets every string of v to leakyString, every JSON value to leakyValue, and gives every
// slice two elements and every pointer a value, down to a few levels of nesting.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(leakyString)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth)
			}
		}
	case reflect.Slice:
		if v.Type() == reflect.TypeOf(json.RawMessage{}) {
			v.SetBytes([]byte(leakyValue))
			return
		}
		if depth > 3 {
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), depth+1)
		}
	}
}

func leakySettings() *result.Settings {
	d := &result.Settings{}
	fill(reflect.ValueOf(d).Elem(), 0)
	return d
}

func leakyInstall() *result.ToolsInstall {
	d := &result.ToolsInstall{}
	fill(reflect.ValueOf(d).Elem(), 0)
	d.Results[0].Status, d.Results[1].Status = result.ToolInstalled, result.ToolFailed
	return d
}

func leakyList() *result.ToolsList {
	d := &result.ToolsList{}
	fill(reflect.ValueOf(d).Elem(), 0)
	return d
}

// TestDocumentsAreRedacted renders documents with a secret in every string they have, in every
// format, and finds it nowhere; the documents themselves are left as they were.
func TestDocumentsAreRedacted(t *testing.T) {
	t.Parallel()
	renders := map[string]func(*bytes.Buffer) error{
		"SettingsJSON":     func(b *bytes.Buffer) error { return SettingsJSON(b, leakySettings()) },
		"SettingsText":     func(b *bytes.Buffer) error { return SettingsText(b, leakySettings()) },
		"SettingsMarkdown": func(b *bytes.Buffer) error { return SettingsMarkdown(b, leakySettings()) },
		"ToolsInstallJSON": func(b *bytes.Buffer) error { return ToolsInstallJSON(b, leakyInstall()) },
		"ToolsInstallText": func(b *bytes.Buffer) error { return ToolsInstallText(b, leakyInstall(), ToolsOptions{}) },
		"ToolsListJSON":    func(b *bytes.Buffer) error { return ToolsListJSON(b, leakyList()) },
		"ToolsListText":    func(b *bytes.Buffer) error { return ToolsListText(b, leakyList()) },
		"ToolChangeText": func(b *bytes.Buffer) error {
			return ToolChangeText(b, result.ToolChange{Action: result.ToolRolledBack, Tool: leakyString, Version: leakyString, Was: leakyString})
		},
		"ToolChangeText pin": func(b *bytes.Buffer) error {
			return ToolChangeText(b, result.ToolChange{Action: result.ToolPinned, Tool: leakyString, Version: leakyString})
		},
	}
	for name, render := range renders {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(b.String(), secret) {
			t.Errorf("%s prints the secret:\n%s", name, b.String())
		}
		if !strings.Contains(b.String(), redact.Mark) {
			t.Errorf("%s printed none of the strings:\n%s", name, b.String())
		}
		if strings.HasSuffix(name, "JSON") && !json.Valid(b.Bytes()) {
			t.Errorf("%s is not valid JSON:\n%s", name, b.String())
		}
	}
	s, i, l := leakySettings(), leakyInstall(), leakyList()
	var b bytes.Buffer
	_, _, _ = SettingsText(&b, s), ToolsInstallText(&b, i, ToolsOptions{}), ToolsListJSON(&b, l)
	if !reflect.DeepEqual(s, leakySettings()) || !reflect.DeepEqual(i, leakyInstall()) || !reflect.DeepEqual(l, leakyList()) {
		t.Error("a renderer changed the document it was given")
	}
}
