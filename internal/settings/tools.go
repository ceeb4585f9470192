package settings

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/vscode"
)

// resolver resolves tools as the Go extension does, with the settings and Go paths of one run.
type resolver struct {
	f     *facts.Facts
	ts    vscode.ToolSettings
	paths vscode.GoPaths
}

// view is where the extension finds tool for role; setting names the setting that chose the tool.
func (r resolver) view(role, tool, setting, note string) result.ToolView {
	if len(tool) > maxFileName {
		return result.ToolView{Role: role, Tool: text.Clip(tool, 64), Setting: setting, Tried: []result.ToolPlace{},
			Note: fmt.Sprintf("a name of %d bytes, longer than any file name: it names no tool", len(tool))}
	}
	res := vscode.Resolve(r.f.Host, tool, r.ts, r.paths)
	tv := result.ToolView{Role: role, Tool: tool, Setting: setting, Name: res.Name, Path: res.Path, Rule: string(res.Rule),
		Describe: res.Describe(), Note: note, Tried: []result.ToolPlace{}}
	for _, pl := range res.Tried {
		tv.Tried = append(tv.Tried, place(pl))
	}
	return tv
}

// maxFileName is the longest file name the file systems of Linux, macOS and Windows take.
const maxFileName = 255

// tools resolves go, gopls, dlv and the format and lint tools as the extension does.
func tools(f *facts.Facts, s *vscode.Settings) []result.ToolView {
	r := resolver{f: f, ts: f.ToolSettings(), paths: f.GoPaths()}
	return []result.ToolView{
		r.view("go", "go", "", ""),
		r.view("language server", "gopls", "", languageServerNote(s)),
		r.view("debugger", "dlv", "", ""),
		formatView(r, s),
		lintView(r, s),
	}
}

// formatView is the tool that formats: gopls unless go.formatTool names another.
func formatView(r resolver, s *vscode.Settings) result.ToolView {
	format, setting := stringSetting(s, vscode.KeyFormatTool)
	switch format {
	case "":
		return r.view("format", "gopls", setting, "go.formatTool is not set (\"default\"): the language server formats")
	case "default":
		return r.view("format", "gopls", setting, "go.formatTool is \"default\": the language server formats")
	case "custom":
		return r.view("format", "customFormatter", setting, "go.formatTool is \"custom\": the extension runs go.alternateTools.customFormatter")
	}
	return r.view("format", format, setting, "")
}

// lintView is the tool that lints: go.lintTool, staticcheck when unset, with what keeps it from
// running on save.
func lintView(r resolver, s *vscode.Settings) result.ToolView {
	lint, setting := stringSetting(s, vscode.KeyLintTool)
	var notes []string
	if lint == "" {
		lint = "staticcheck"
		notes = append(notes, "go.lintTool is not set: the extension lints with staticcheck")
	}
	if lint == "staticcheck" && goplsStaticcheck(s) {
		notes = append(notes, "gopls runs staticcheck (\"ui.diagnostic.staticcheck\": true), so the extension does not run it on save")
	}
	if on, _ := stringSetting(s, "go.lintOnSave"); on == "off" {
		notes = append(notes, "go.lintOnSave is \"off\": it runs only from the Go: Lint commands")
	}
	return r.view("lint", lint, setting, strings.Join(notes, "; "))
}

// stringSetting is the string value the extension reads for key, and where it was set ("" when
// it is not set or not a string).
func stringSetting(s *vscode.Settings, key string) (value, where string) {
	value, st, ok := s.StringValue(key)
	if !ok {
		return "", ""
	}
	return value, fmt.Sprintf("%s (%s:%d)", key, st.File, st.Line)
}

// goplsStaticcheck reports whether the gopls settings turn on gopls's own staticcheck analyses.
func goplsStaticcheck(s *vscode.Settings) bool {
	for _, m := range s.Merged("gopls") {
		if m.Key == "gopls.ui.diagnostic.staticcheck" && strings.TrimSpace(string(m.Value)) == "true" {
			return true
		}
	}
	return false
}

// languageServerNote says when the language server is turned off.
func languageServerNote(s *vscode.Settings) string {
	if st, ok := s.ExtensionValue("go.useLanguageServer"); ok && strings.TrimSpace(string(st.Value)) == "false" {
		return fmt.Sprintf("go.useLanguageServer is false (%s:%d): the extension does not start gopls", st.File, st.Line)
	}
	return ""
}
