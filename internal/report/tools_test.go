package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/result"
)

func TestToolChangeText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ch   result.ToolChange
		want string
	}{
		{result.ToolChange{Action: result.ToolPinned, Tool: "gopls", Version: "v0.20.0"}, "gopls is pinned to v0.20.0: gomedic tools install gopls installs it, and update keeps it\n"},
		{result.ToolChange{Action: result.ToolUnpinned, Tool: "gopls"}, "gopls is no longer pinned: install and update follow the newest version\n"},
		{result.ToolChange{Action: result.ToolRolledBack, Tool: "dlv", Version: "v1.25.2", Was: "v1.26.0"}, "dlv v1.25.2 is active again (was v1.26.0)\n"},
		{result.ToolChange{Action: result.ToolRolledBack, Tool: "dlv", Version: "v1.25.2"}, "dlv v1.25.2 is active again (was nothing)\n"},
		{result.ToolChange{Action: result.ToolRemoved, Tool: "hello"}, "hello removed\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := ToolChangeText(&b, tt.ch); err != nil || b.String() != tt.want {
			t.Errorf("ToolChangeText(%+v) = %q, %v; want %q", tt.ch, b.String(), err, tt.want)
		}
	}
	if err := ToolChangeText(&bytes.Buffer{}, result.ToolChange{Action: "bogus"}); err == nil {
		t.Error("ToolChangeText of an unknown action: no error")
	}
}

func TestToolsInstallTextGlyphsAndNothing(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := ToolsInstallText(&b, installDoc("/t", true), ToolsOptions{Glyphs: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n✓ gopls v0.21.1 is current (/t/go/bin/gopls)\n", "\n✓ dlv v1.26.0 installed in", "\n✗ staticcheck@v9.9.9: honnef.co"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("ToolsInstallText with glyphs lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := ToolsInstallText(&b, result.NewToolsInstall(nil), ToolsOptions{}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "no managed tools: gomedic tools install installs the editor's toolset\n" {
		t.Errorf("ToolsInstallText of no results = %q", b.String())
	}
	b.Reset()
	if err := ToolsInstallJSON(&b, result.NewToolsInstall(nil)); err != nil || !strings.Contains(b.String(), `"results": []`) {
		t.Errorf("ToolsInstallJSON of no results = %q, %v", b.String(), err)
	}
}

// TestToolsTextControlCharacters: the go command's output in a failure cannot act on the terminal.
func TestToolsTextControlCharacters(t *testing.T) {
	t.Parallel()
	d := result.NewToolsInstall([]result.ToolResult{{Tool: "x", Query: "latest", Status: result.ToolFailed,
		Failure: &result.ToolFailure{Summary: "failed\x1b]0;pwned\x07", Tail: "go: \x1b[2Jcleared\r\n"}}})
	var b bytes.Buffer
	if err := ToolsInstallText(&b, d, ToolsOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07\r") || !strings.Contains(b.String(), "FAIL x@latest: failed^[]0;pwned^G\n") ||
		!strings.Contains(b.String(), "      go: ^[[2Jcleared\n") {
		t.Errorf("control characters:\n%q", b.String())
	}
}

func TestDocumentRenderersReportWriteErrors(t *testing.T) {
	t.Parallel()
	for name, render := range map[string]func(*failWriter) error{
		"SettingsJSON":     func(w *failWriter) error { return SettingsJSON(w, settingsDoc("/t")) },
		"SettingsText":     func(w *failWriter) error { return SettingsText(w, settingsDoc("/t")) },
		"SettingsMarkdown": func(w *failWriter) error { return SettingsMarkdown(w, settingsDoc("/t")) },
		"ToolsInstallJSON": func(w *failWriter) error { return ToolsInstallJSON(w, installDoc("/t", true)) },
		"ToolsInstallText": func(w *failWriter) error { return ToolsInstallText(w, installDoc("/t", true), ToolsOptions{}) },
		"ToolsListJSON":    func(w *failWriter) error { return ToolsListJSON(w, listDoc("/t")) },
		"ToolsListText":    func(w *failWriter) error { return ToolsListText(w, listDoc("/t")) },
		"ToolChangeText": func(w *failWriter) error {
			return ToolChangeText(w, result.ToolChange{Action: result.ToolRemoved, Tool: "x"})
		},
	} {
		if err := render(&failWriter{}); err == nil {
			t.Errorf("%s ignored a write error", name)
		}
	}
}
