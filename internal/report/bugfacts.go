package report

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/result"
)

// The fact sections of the bug report's Markdown, after the chain.

func gosMarkdown(b *strings.Builder, d *BugReport) {
	b.WriteString("### Go installations\n\n")
	if len(d.Gos) == 0 {
		b.WriteString("No go on PATH and no installation found.\n\n")
		return
	}
	b.WriteString("| go | version | GOROOT | origin |\n|---|---|---|---|\n")
	for _, g := range d.Gos {
		name := mdCode(g.Go)
		if g.OnPath {
			name += " (on PATH)"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", name, mdCell(g.Version), mdCode(g.Root), mdCell(g.Origin))
	}
	b.WriteString("\n")
}

func goEnvMarkdown(b *strings.Builder, d *BugReport) {
	b.WriteString("### Go environment\n\n")
	if len(d.GoEnv) == 0 {
		b.WriteString("`go env` did not run.\n\n")
		return
	}
	b.WriteString("| variable | value | set in |\n|---|---|---|\n")
	for _, v := range d.GoEnv {
		where := mdCell(v.Source)
		if v.File != "" {
			where += " " + mdCode(v.File)
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", v.Name, mdCode(v.Value), where)
	}
	b.WriteString("\n")
}

func builtToolsMarkdown(b *strings.Builder, tools []result.BuiltTool) {
	b.WriteString("\n### Tool binaries\n\n")
	if len(tools) == 0 {
		b.WriteString("None of the editor tools was found where the Go extension looks.\n\n")
		return
	}
	b.WriteString("| tool | path | version | built with | os/arch |\n|---|---|---|---|---|\n")
	for _, t := range tools {
		version := mdCell(strings.TrimSpace(t.Module + " " + t.Version))
		if t.Error != "" {
			version = "build info unreadable: " + mdCell(t.Error)
		}
		target := ""
		if t.OS != "" {
			target = t.OS + "/" + t.Arch
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdCell(t.Tool), mdCode(t.Path), version, mdCell(t.GoVersion), mdCell(target))
	}
	b.WriteString("\n")
}

func layoutMarkdown(b *strings.Builder, layout []result.FolderLayout) {
	b.WriteString("### Workspace\n\n")
	for _, l := range layout {
		fmt.Fprintf(b, "- folder %s: ", mdCode(l.Folder))
		var parts []string
		if l.GoMod == "" {
			parts = append(parts, "no go.mod")
		} else {
			parts = append(parts, "module "+mdCode(l.Module)+" in "+mdCode(l.GoMod))
		}
		if l.GoLine != "" {
			parts = append(parts, "go "+mdEscape(l.GoLine))
		}
		if l.Toolchain != "" {
			parts = append(parts, "toolchain "+mdEscape(l.Toolchain))
		}
		if l.GoWork != "" {
			parts = append(parts, "go.work "+mdCode(l.GoWork))
		}
		if len(l.Use) > 0 {
			parts = append(parts, "uses "+codeList(l.Use))
		}
		if l.GOWORK != "" {
			parts = append(parts, "GOWORK="+mdCode(l.GOWORK))
		}
		if len(l.Nested) > 0 {
			parts = append(parts, fmt.Sprintf("%d nested modules", len(l.Nested)))
		}
		if l.Vendor {
			parts = append(parts, "vendor/modules.txt")
		}
		parts = append(parts, fmt.Sprintf("%d directories of Go files", l.GoDirs))
		b.WriteString(strings.Join(parts, "; ") + "\n")
	}
	b.WriteString("\n")
}

// deepMarkdown lists the live probes' findings (ws.gopls, ws.dlv), or says they did not run.
func deepMarkdown(b *strings.Builder, d *BugReport) {
	b.WriteString("### Live probes (--deep)\n\n")
	if !d.Deep {
		b.WriteString("Not run: `gomedic report --deep` starts a gopls and a dlv session on the workspace.\n\n")
		return
	}
	for _, f := range d.Findings {
		if f.ID == "ws.gopls" || f.ID == "ws.dlv" {
			fmt.Fprintf(b, "- **%s** `%s`: %s\n", strings.ToUpper(string(f.Status)), f.ID, mdEscape(f.Title))
		}
	}
	b.WriteString("\n")
}

func logMarkdown(b *strings.Builder, lines []result.LogLine) {
	if len(lines) == 0 {
		return
	}
	b.WriteString("### Recent gopls errors in the editor's log\n\n")
	var text strings.Builder
	file := ""
	for _, l := range lines {
		if l.File != file {
			file = l.File
			text.WriteString("# " + file + "\n")
		}
		text.WriteString(l.Line + "\n")
	}
	fence := fenceFor(text.String())
	fmt.Fprintf(b, "<details><summary>%d lines</summary>\n\n%s\n%s%s\n\n</details>\n\n", len(lines), fence, text.String(), fence)
}
