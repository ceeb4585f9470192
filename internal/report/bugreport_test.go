package report

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

// bugSample is a bug report of a machine where gopls is missing and GOPROXY is private: the
// check report of sample() with every section filled.
func bugSample() *BugReport {
	r := sample()
	b := &result.BugReport{
		Verdict: []result.RootCause{{ID: "tools.gopls.found", Layer: "tools", Status: "fail", Title: "gopls is not installed",
			Blocks: []string{"tools.gopls.runs", "ws.gopls"}, Fix: "gomedic tools install gopls"}},
		Chain: []result.ChainLink{{Name: "editor", Status: "ok"}, {Name: "settings", Status: "ok"}, {Name: "tools", Status: "fail", Root: true, Checks: []string{"tools.gopls.found"}},
			{Name: "go", Status: "ok"}, {Name: "env", Status: "warn"}, {Name: "network", Status: "skip"}, {Name: "workspace", Status: "ok"}},
		Machine: result.Machine{OS: "linux", Arch: "amd64", Shell: "bash"},
		Gos:     []result.GoInstall{{Go: "/usr/local/go/bin/go", Root: "/usr/local/go", Version: "go1.26.0", Origin: "official archive or installer", OnPath: true}},
		GoEnv: []result.GoVar{{Name: "GOPATH", Value: "/home/ana/go", Source: "default"},
			{Name: "GOPROXY", Value: "https://ana:s3cret@artifactory.acme.io/go,direct", Source: "go env file", File: "/home/ana/.config/go/env:2"},
			{Name: "GOPRIVATE", Value: "git.acme.io", Source: "environment"}},
		Paths: []result.PathFact{{What: "workspace", Path: "/home/ana/My Projects/app", Space: true}},
		Settings: &result.Settings{Workspace: "/home/ana/My Projects/app",
			Editors:  []result.Editor{{Name: "Code", ID: "code", UserDir: "/home/ana/.config/Code/User", Extensions: []result.EditorExtension{{ID: "golang.go", Version: "0.46.1"}}}},
			Settings: []result.SettingView{{Setting: result.Setting{Key: "go.lintTool", Value: json.RawMessage(`"staticcheck"`), File: "/home/ana/.config/Code/User/settings.json", Line: 3, Scope: "user"}}}},
		Tools:     []result.BuiltTool{{Tool: "dlv", Path: "/home/ana/go/bin/dlv", Module: "github.com/go-delve/delve", Version: "v1.26.0", GoVersion: "go1.26.0", OS: "linux", Arch: "amd64"}},
		Layout:    []result.FolderLayout{{Folder: "/home/ana/My Projects/app", GoMod: "/home/ana/My Projects/app/go.mod", Module: "git.acme.io/team/app", GoLine: "1.24", GoDirs: 3}},
		EditorLog: []result.LogLine{{File: "/home/ana/.config/Code/logs/1/window1/exthost/2-gopls (server).log", Line: "[Error - 9:00:02 AM] Error loading workspace: git.acme.io/team/lib: 401"}},
	}
	return NewBugReport(r, b)
}

var bugIdentity = Identity{Home: "/home/ana", User: "ana", Hostname: "ana-laptop", Workspace: "/home/ana/My Projects/app", Private: []string{"git.acme.io"}}

// TestGoldenBugReport: the Markdown of gomedic report, plain and with --share, and shaped to
// each --for template with its new-issue URL.
func TestGoldenBugReport(t *testing.T) {
	t.Parallel()
	norm := append(machine(t, t.TempDir()), goRelease)
	d := bugSample()
	golden(t, "bugreport.md", renderTo(t, func(b *bytes.Buffer) error { return BugMarkdown(b, d) }), norm)
	shared := Share(d, bugIdentity)
	golden(t, "bugreport-share.md", renderTo(t, func(b *bytes.Buffer) error { return BugMarkdown(b, shared) }), norm)
	golden(t, "bugreport-share.txt", renderTo(t, func(b *bytes.Buffer) error { return BugText(b, shared, "report.md", "", TextOptions{Glyphs: true}) }), norm)
	for _, tpl := range Templates {
		md := renderTo(t, func(b *bytes.Buffer) error { return tpl.Markdown(b, shared) })
		u := tpl.URL(shared, "report.md")
		golden(t, "bugreport-for-"+tpl.Name+".md", append(md, []byte("\n<!-- new issue URL -->\n"+u+"\n")...), norm)
	}
}

// TestIssueURLFits: a report too long for a URL is cut to MaxIssueURL bytes, says so, and still
// parses; a short one is not cut.
func TestIssueURLFits(t *testing.T) {
	d := bugSample()
	long := strings.Repeat("[Error] gopls: a long line of the editor's log ✗ ", 400)
	d.EditorLog = append(d.EditorLog, result.LogLine{File: "gopls.log", Line: long})
	d.Findings = append(d.Findings, finding.Finding{ID: "ws.gopls", Status: finding.Fail, Title: long})
	d.Verdict = append(d.Verdict, result.RootCause{ID: "ws.gopls", Status: "fail", Title: long})
	for _, tpl := range Templates {
		u := tpl.URL(d, "report.md")
		if len(u) > MaxIssueURL {
			t.Errorf("%s: the URL has %d bytes, more than %d", tpl.Name, len(u), MaxIssueURL)
		}
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatalf("%s: %v", tpl.Name, err)
		}
		if parsed.Query().Get("template") != tpl.File {
			t.Errorf("%s: template = %q", tpl.Name, parsed.Query().Get("template"))
		}
		if !strings.Contains(u, url.QueryEscape("the full gomedic report is in report.md")) {
			t.Errorf("%s: a cut URL does not say where the full report is", tpl.Name)
		}
	}
	short := bugSample()
	if u := TemplateFor("delve").URL(short, ""); strings.Contains(u, "cut+to+fit") {
		t.Errorf("a short report was cut: %s", u)
	}
}
