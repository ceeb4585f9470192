package vscode

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

// settingsWithKeys is a user settings file of n go.* settings, one a line, as a hostile or
// generated file has them.
func settingsWithKeys(n int) []byte {
	var b strings.Builder
	b.WriteString("{\n")
	for i := range n {
		fmt.Fprintf(&b, "  \"go.setting%d\": \"value %d\",\n", i, i)
	}
	b.WriteString("  \"go.formatTool\": \"goimports\"\n}\n")
	return []byte(b.String())
}

// settingsWithValue is a user settings file whose go.formatTool is a string of n bytes.
func settingsWithValue(n int) []byte {
	return []byte(`{"go.formatTool": "` + strings.Repeat("x", n) + `"}`)
}

// userSettingsHost is a machine whose VS Code user settings are data.
func userSettingsHost(data []byte) *host.Fake {
	h := fakeFor(layouts[0])
	h.AddFile("/home/ana/.config/Code/User/settings.json", data, 0o644)
	return h
}

func BenchmarkLoad(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"keys=1k", settingsWithKeys(1000)},
		{"keys=8k", settingsWithKeys(8000)},
		{"keys=50k", settingsWithKeys(50000)},
		{"value=30MB", settingsWithValue(30 << 20)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h := userSettingsHost(bc.data)
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				s := Load(h, "/w")
				for _, st := range s.All {
					s.ExtensionValue(st.Key)
				}
			}
		})
	}
}
