package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/gomedic/gomedic/internal/text"
)

// MaxIssueURL is the longest new-issue URL gomedic prints: GitHub answers 414 (URI Too Long) past
// about 8 KB, so the prefilled fields are cut to fit in 8000 bytes, and the full report goes in
// the file to attach.
const MaxIssueURL = 8000

// Template is a project's issue template, as its repository defines it (.github/ISSUE_TEMPLATE):
// the headings and questions its form asks, each with what gomedic fills in.
type Template struct {
	Name  string // the --for name
	Repo  string // owner/name on GitHub
	File  string // the template's file name
	Title string // the title the template proposes
	// Form is set for an issue form (YAML): the URL fills each field by its id; a Markdown
	// template takes the whole text in the body parameter.
	Form   bool
	Fields []Field
}

// Field is a question of a template, and gomedic's answer to it ("" leaves it for the user).
type Field struct {
	ID, Heading string
	Fill        func(d *BugReport) string
}

// Templates are the projects --for knows, after their templates: golang/vscode-go's
// bug_report.md, golang/go's 03-gopls.yml and 00-bug.yml, go-delve/delve's issue_template.yml.
var Templates = []*Template{
	{Name: "vscode-go", Repo: "golang/vscode-go", File: "bug_report.md", Fields: []Field{
		{ID: "versions", Heading: "What version of Go, VS Code & VS Code Go extension are you using?", Fill: vscodeVersions},
		{ID: "settings", Heading: "Share the Go related settings you have added/edited", Fill: settingsAnswer},
		{ID: "bug", Heading: "Describe the bug", Fill: describeBug},
		{ID: "steps", Heading: "Steps to reproduce the behavior:", Fill: userAnswer("1. ...")},
	}},
	{Name: "gopls", Repo: "golang/go", File: "03-gopls.yml", Title: "x/tools/gopls: ", Form: true, Fields: []Field{
		{ID: "gopls-version", Heading: "gopls version", Fill: toolVersion("gopls")},
		{ID: "go-env", Heading: "go env", Fill: goEnvAnswer},
		{ID: "what-did-you-do", Heading: "What did you do?", Fill: userAnswer("")},
		{ID: "actual-behavior", Heading: "What did you see happen?", Fill: describeBug},
		{ID: "expected-behavior", Heading: "What did you expect to see?", Fill: userAnswer("")},
		{ID: "editor-and-settings", Heading: "Editor and settings", Fill: editorAndSettings},
		{ID: "logs", Heading: "Logs", Fill: logAnswer},
	}},
	{Name: "go", Repo: "golang/go", File: "00-bug.yml", Title: "import/path: ", Form: true, Fields: []Field{
		{ID: "go-version", Heading: "Go version", Fill: goVersionAnswer},
		{ID: "go-env", Heading: "Output of `go env` in your module/workspace:", Fill: goEnvAnswer},
		{ID: "what-did-you-do", Heading: "What did you do?", Fill: userAnswer("")},
		{ID: "actual-behavior", Heading: "What did you see happen?", Fill: describeBug},
		{ID: "expected-behavior", Heading: "What did you expect to see?", Fill: userAnswer("")},
	}},
	{Name: "delve", Repo: "go-delve/delve", File: "issue_template.yml", Form: true, Fields: []Field{
		{ID: "delve_version", Heading: "What version of Delve are you using (`dlv version`)?", Fill: toolVersion("dlv")},
		{ID: "go_version", Heading: "What version of Go are you using? (`go version`)?", Fill: goVersionAnswer},
		{ID: "platform", Heading: "What operating system and processor architecture are you using?", Fill: platformAnswer},
		{ID: "what", Heading: "Description", Fill: describeBug},
	}},
}

// TemplateFor is the template named name, or nil.
func TemplateFor(name string) *Template {
	for _, t := range Templates {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// TemplateNames lists the --for names.
func TemplateNames() string {
	names := make([]string, len(Templates))
	for i, t := range Templates {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// Markdown writes d shaped to the template: each of its questions as a heading with gomedic's
// answer, then the whole report.
func (t *Template) Markdown(w io.Writer, d *BugReport) error {
	var b strings.Builder
	for _, f := range t.Fields {
		fmt.Fprintf(&b, "### %s\n\n%s\n\n", f.Heading, strings.TrimSpace(f.Fill(d)))
	}
	fmt.Fprintf(&b, "### gomedic %s report\n\n", d.Gomedic.Version)
	bugBody(&b, d)
	_, err := io.WriteString(w, b.String())
	return err
}

// URL is the new-issue URL of the template prefilled with gomedic's answers, each cut so that the
// URL stays within MaxIssueURL bytes; a cut answer says the full report is in file.
func (t *Template) URL(d *BugReport, file string) string {
	q := url.Values{"template": {t.File}}
	if t.Title != "" {
		q.Set("title", t.Title)
	}
	base := "https://github.com/" + t.Repo + "/issues/new?"
	note := "\n\n(cut to fit the URL: the full gomedic report is attached)"
	if file != "" {
		note = "\n\n(cut to fit the URL: the full gomedic report is in " + file + "; attach it)"
	}
	answers := t.answers(d)
	for _, a := range answers {
		left := MaxIssueURL - len(base) - len(q.Encode()) - len("&"+url.QueryEscape(a.key)+"=")
		if v := fitQuery(a.value, note, left); v != "" {
			q.Set(a.key, v)
		}
	}
	return base + q.Encode()
}

type answer struct{ key, value string }

// answers are the values the URL fills: each field of a form by its id; a Markdown template's
// headings and answers as one body.
func (t *Template) answers(d *BugReport) []answer {
	var out []answer
	var body strings.Builder
	for _, f := range t.Fields {
		v := strings.TrimSpace(f.Fill(d))
		if t.Form {
			if v != "" {
				out = append(out, answer{f.ID, v})
			}
			continue
		}
		fmt.Fprintf(&body, "### %s\n\n%s\n\n", f.Heading, v)
	}
	if !t.Form {
		out = append(out, answer{"body", body.String()})
	}
	return out
}

// fitQuery is v, or v cut with note appended, whose query encoding takes at most n bytes ("" when
// not even the note fits).
func fitQuery(v, note string, n int) string {
	if len(url.QueryEscape(v)) <= n {
		return v
	}
	lo, hi := 0, len(v)
	for lo < hi { // the longest cut that fits
		mid := (lo + hi + 1) / 2
		if len(url.QueryEscape(text.Clip(v, mid)+note)) <= n {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if len(url.QueryEscape(text.Clip(v, lo)+note)) > n {
		return ""
	}
	return text.Clip(v, lo) + note
}

func userAnswer(prompt string) func(*BugReport) string {
	return func(*BugReport) string { return "<!-- your words -->\n" + prompt }
}

func describeBug(d *BugReport) string {
	var b strings.Builder
	b.WriteString("<!-- what you did and what you saw; gomedic's verdict on this machine: -->\n\n")
	verdictMarkdown(&b, d)
	b.WriteString("Chain: " + ChainLine(d.Chain, true) + "\n")
	return b.String()
}

func goVersionAnswer(d *BugReport) string {
	if d.Host.GoVersion == "" {
		return "no go ran (go on PATH: " + orNone(d.Host.GoBin) + ")"
	}
	return fmt.Sprintf("go version %s %s/%s", d.Host.GoVersion, d.Machine.OS, d.Machine.Arch)
}

func platformAnswer(d *BugReport) string {
	s := d.Machine.OS + "/" + d.Machine.Arch
	if d.Machine.Translated {
		s += " (translated: Rosetta 2 or an emulator)"
	}
	if d.Machine.WSL != "" {
		s += " (WSL " + d.Machine.WSL + ")"
	}
	return s
}

func toolVersion(name string) func(*BugReport) string {
	return func(d *BugReport) string {
		for _, t := range d.BugReport.Tools {
			if t.Tool == name {
				return strings.TrimSpace(fmt.Sprintf("%s %s (built with %s for %s/%s) at %s", t.Module, t.Version, t.GoVersion, t.OS, t.Arch, t.Path))
			}
		}
		return name + " was not found where the Go extension looks"
	}
}

func goEnvAnswer(d *BugReport) string {
	var b strings.Builder
	b.WriteString("```shell\n")
	for _, v := range d.GoEnv {
		fmt.Fprintf(&b, "%s='%s' # %s\n", v.Name, v.Value, strings.TrimSpace(v.Source+" "+v.File))
	}
	b.WriteString("```")
	return b.String()
}

func vscodeVersions(d *BugReport) string {
	var b strings.Builder
	b.WriteString("<details><summary>Version Information</summary><br>\n\n")
	fmt.Fprintf(&b, "* Go: %s\n", goVersionAnswer(d))
	fmt.Fprintf(&b, "* gopls: %s\n", toolVersion("gopls")(d))
	for _, e := range editorsOf(d) {
		fmt.Fprintf(&b, "* %s\n", e)
	}
	b.WriteString("* Go tools (as `Go: Locate Configured Go Tools` would list them):\n")
	for _, t := range d.BugReport.Tools {
		fmt.Fprintf(&b, "\t- %s: %s %s (%s)\n", t.Tool, t.Path, t.Version, t.GoVersion)
	}
	b.WriteString("\n</details>")
	return b.String()
}

// editorsOf names each editor found and its Go extension's version.
func editorsOf(d *BugReport) []string {
	if d.Settings == nil || len(d.Settings.Editors) == 0 {
		return []string{"editor: none found"}
	}
	var out []string
	for _, e := range d.Settings.Editors {
		ext := "no Go extension"
		if len(e.Extensions) > 0 {
			ext = "Go extension " + e.Extensions[0].ID + " " + e.Extensions[0].Version
		}
		out = append(out, e.Name+": "+ext)
	}
	return out
}

func settingsAnswer(d *BugReport) string {
	var b strings.Builder
	if d.Settings != nil {
		settingsMarkdown(&b, d.Settings.Views())
	}
	return strings.TrimPrefix(b.String(), "\n### Settings in effect\n\n")
}

func editorAndSettings(d *BugReport) string {
	return strings.Join(editorsOf(d), "\n") + "\n\n" + settingsAnswer(d)
}

func logAnswer(d *BugReport) string {
	var b strings.Builder
	logMarkdown(&b, d.EditorLog)
	if b.Len() == 0 {
		return "No gopls error found in the editor's logs."
	}
	return strings.TrimPrefix(b.String(), "### Recent gopls errors in the editor's log\n\n")
}
