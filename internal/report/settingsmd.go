package report

import (
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/text"
)

// SettingsMarkdown writes the settings document as Markdown, for pasting into an issue: tables of
// the editors, the settings files, the settings in effect and the tools, then where the extension
// looked for each tool.
func SettingsMarkdown(w io.Writer, d *result.Settings) error {
	views := d.Views()
	d = redactSettingsButViews(d)
	var b strings.Builder
	fmt.Fprintf(&b, "## gomedic settings\n\n- workspace: %s\n", mdCode(d.Workspace))
	if len(d.Folders) > 1 || len(d.Folders) == 1 && d.Folders[0] != d.Workspace {
		codes := make([]string, len(d.Folders))
		for i, f := range d.Folders {
			codes[i] = mdCode(f)
		}
		fmt.Fprintf(&b, "- folders: %s\n", strings.Join(codes, ", "))
	}
	editorsMarkdown(&b, d.Editors, d.Editor)
	filesMarkdown(&b, d.Files)
	var err error
	flush := func() { // the table of tens of thousands of settings is written as it grows
		if err == nil {
			_, err = io.WriteString(w, b.String())
		}
		b.Reset()
	}
	settingsMarkdownTo(&b, views, flush)
	toolsMarkdown(&b, d.Tools)
	flush()
	return err
}

func editorsMarkdown(b *strings.Builder, editors []result.Editor, judged string) {
	b.WriteString("\n### Editors\n\n")
	if len(editors) == 0 {
		b.WriteString("None found (Code, Code - Insiders, VSCodium, Cursor, Windsurf).\n")
		return
	}
	b.WriteString("| editor | user settings | Go extension |\n|---|---|---|\n")
	for _, e := range editors {
		var exts []string
		for _, dir := range []string{e.ExtensionsDir, e.RemoteExtensionsDir} {
			if dir != "" {
				exts = append(exts, strings.Join(extensionsIn(e, dir), ", "))
			}
		}
		user := ""
		if e.UserDir != "" {
			user = mdCode(userSettings(e)) + mdCell(profileText(e))
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", mdCell(e.Name+judgedNote(e.Name, judged, len(editors))), user, mdCell(strings.Join(exts, "; ")))
	}
}

func filesMarkdown(b *strings.Builder, files []result.SettingsFile) {
	b.WriteString("\n### Settings files, weakest first\n\n")
	if len(files) == 0 {
		b.WriteString("None.\n")
		return
	}
	b.WriteString("| scope | file | problem |\n|---|---|---|\n")
	for _, sf := range files {
		file := mdCode(sf.Path)
		if who := fileOwner(sf); who != "" {
			file += " (" + mdCell(who) + ")"
		}
		if sf.NotUsed != "" {
			file += " " + mdCell(sf.NotUsed)
		}
		problem := ""
		switch {
		case sf.Error != nil && sf.Error.Line > 0:
			problem = fmt.Sprintf("**does not parse**: %d:%d: %s", sf.Error.Line, sf.Error.Column, mdCell(sf.Error.Message))
		case sf.Error != nil:
			problem = "**not read**: " + mdCell(sf.Error.Message)
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", mdCell(sf.Scope), file, problem)
	}
}

func settingsMarkdown(b *strings.Builder, views iter.Seq[result.SettingView]) {
	settingsMarkdownTo(b, views, nil)
}

// settingsMarkdownTo is settingsMarkdown, calling flush (when not nil) whenever b holds 32 KB.
func settingsMarkdownTo(b *strings.Builder, views iter.Seq[result.SettingView], flush func()) {
	b.WriteString("\n### Settings in effect\n\n")
	t, n := texts{}, 0
	for v := range views {
		if n++; n == 1 {
			b.WriteString("| setting | value | set in | also set |\n|---|---|---|---|\n")
		}
		v = redactView(v, t)
		var also []string
		if v.Ignored != "" {
			also = append(also, "ignored: "+mdCell(v.Ignored))
		}
		for _, o := range v.Overrides {
			what := "overrides"
			if o.Language != "" {
				what = "ignored"
			}
			also = append(also, fmt.Sprintf("%s %s = %s", what, mdCode(origin(o)), mdCode(text.ClipJSON(o.Value, maxValueText))))
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdCode(v.Key), mdCode(text.ClipJSON(v.Value, maxValueText)), mdCode(origin(v.Setting)), strings.Join(also, "<br>"))
		if flush != nil && b.Len() >= 32<<10 {
			flush()
		}
	}
	if n == 0 {
		b.WriteString("No go.\\* or gopls setting is set: the extension's defaults apply.\n")
	}
}

func toolsMarkdown(b *strings.Builder, tools []result.ToolView) {
	b.WriteString("\n### Tools: the binary the Go extension runs\n\n| role | tool | binary | chosen by | note |\n|---|---|---|---|---|\n")
	for _, t := range tools {
		binary, by := "**not found**", mdCell(t.Setting)
		if t.Path != "" {
			binary = mdCode(t.Path)
			by = strings.TrimPrefix(by+"; "+mdCell(t.Describe), "; ")
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdCell(t.Role), mdCode(toolName(t)), binary, by, mdCell(t.Note))
	}
	b.WriteString("\n<details><summary>Where the Go extension looked</summary>\n\n")
	shown := map[string]bool{}
	for _, t := range tools {
		if shown[t.Tool] {
			continue
		}
		shown[t.Tool] = true
		places := strings.Join(placeLines(t), "\n")
		fence := fenceFor(places)
		fmt.Fprintf(b, "%s:\n\n%s\n%s\n%s\n\n", mdEscape(t.Tool), fence, places, fence)
	}
	b.WriteString("</details>\n")
}

// mdCode is s as inline code in a table cell: on one line, its pipes escaped, in a run of
// backticks longer than any inside it.
func mdCode(s string) string {
	s = strings.ReplaceAll(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s), "|", "\\|")
	if s == "" {
		return ""
	}
	ticks := "`"
	for strings.Contains(s, ticks) {
		ticks += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}
