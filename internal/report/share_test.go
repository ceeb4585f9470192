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

// testIdentity is a user whose names hide in ordinary words (ana in banana and anastasia).
var testIdentity = Identity{
	Home: "/home/ana", User: "ana", Hostname: "ana-laptop.corp.example.net", Workspace: "/home/ana/src/acme",
	Private: []string{"git.acme.io,github.com/acme-corp", "https://XS1token@vcs.acme.io"},
}

func TestAnonymiserText(t *testing.T) {
	tests := []struct{ in, want string }{
		// Directories and names.
		{"/home/ana/go/bin/gopls", "~/go/bin/gopls"},
		{"/home/ana", "~"},
		{"/home/anastasia/go", "/home/dir-1/go"},
		{"/home/ana/src/acme/go.mod", "$WORKSPACE/go.mod"},
		{"/home/ana/src/acme-old", "~/src/dir-2"},
		{"GOPATH=/srv/payments-team/go and /srv/payments-team", "GOPATH=/srv/dir-3/go and /srv/dir-3"},
		{"/usr/local/go/bin/go and ~/go/pkg/mod/github.com/someone/tool@v1.0.0/main.go", "/usr/local/go/bin/go and ~/go/pkg/mod/github.com/someone/tool@v1.0.0/main.go"},
		{"$WORKSPACE/internal/payments/x.go and https://proxy.golang.org/a/b", "$WORKSPACE/internal/dir-4/x.go and https://proxy.golang.org/a/b"},
		{"github.com/ana/tool@v1.0.0", "github.com/$USER/tool@v1.0.0"},
		{"banana analysis", "banana analysis"},
		{"ssh ana-laptop failed on ana-laptop.corp.example.net", "ssh $HOST failed on $HOST"},
		// Private module paths and hosts.
		{"github.com/acme-corp/secret/pkg", "private-module-1/dir-5/pkg"},
		{"git.acme.io/team/lib@v1.2.0", "private-module-2/dir-6/lib@v1.2.0"},
		{"GOPRIVATE=git.acme.io,github.com/acme-corp", "GOPRIVATE=private-module-2,private-module-1"},
		{"machine vcs.acme.io login x", "machine private-module-3 login x"},
		{"https://artifactory.internal.example.org/go,direct", "https://private-host-1/go,direct"},
		{"10.1.2.3:8080 and 127.0.0.1:3000", "private-host-2:8080 and 127.0.0.1:3000"},
		{"http://[fd00::1]:3128 and http://[::1]:8080", "http://[private-host-3]:3128 and http://[::1]:8080"},
		{`C:\Users\bob\acme\go.mod and D:/src/acme and '^url\..*\.insteadof$'`, `C:\Users\dir-7\dir-8\go.mod and D:/src/dir-8 and '^url\..*\.insteadof$'`},
		{"use ../acme-lib and ./internal/acme", "use ../dir-9 and ./internal/dir-8"},
		// Credentials, by package redact.
		{"https://u:pw@proxy.golang.org", "https://REDACTED@proxy.golang.org"},
		// What stays: public hosts, public module paths, setting and check names, file names.
		{"https://proxy.golang.org,direct", "https://proxy.golang.org,direct"},
		{"golang.org/x/tools/gopls v0.21.1", "golang.org/x/tools/gopls v0.21.1"},
		{"go.toolsEnvVars sets GOFLAGS; go.gopath is unset", "go.toolsEnvVars sets GOFLAGS; go.gopath is unset"},
		{"blocked by tools.gopls.found; see ws.module", "blocked by tools.gopls.found; see ws.module"},
		{"extensions/golang.go-0.46.1/package.json", "extensions/golang.go-0.46.1/package.json"},
		{"settings.json:3 and go.work.sum", "settings.json:3 and go.work.sum"},
		{"go1.26.0 linux/amd64", "go1.26.0 linux/amd64"},
	}
	a := NewAnonymiser(testIdentity)
	for _, tt := range tests {
		if got := a.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	// The same host, the same placeholder, in any later string.
	if got := a.Text("https://git.acme.io/x and https://artifactory.internal.example.org"); got != "https://private-module-2/dir-10 and https://private-host-1" {
		t.Errorf("placeholders are not stable: %q", got)
	}
}

// TestAnonymiserGenericUser: an account name that identifies nobody (root) is left as it is, so
// that "root cause" stays.
func TestAnonymiserGenericUser(t *testing.T) {
	a := NewAnonymiser(Identity{Home: "/root", User: "root"})
	if got := a.Text("the root cause: /root/go/bin"); got != "the root cause: ~/go/bin" {
		t.Errorf("got %q", got)
	}
}

func TestShareFields(t *testing.T) {
	d := sampleBugReport("/home/ana/src/acme", "github.com/acme-corp/app")
	out := Share(d, testIdentity)
	if !out.Anonymised || out.Rewritten[KindPrivateModule] == 0 || out.Rewritten[KindWorkspace] == 0 {
		t.Errorf("anonymised %v, rewritten %v", out.Anonymised, out.Rewritten)
	}
	if d.Anonymised || d.Workspace != "/home/ana/src/acme" {
		t.Errorf("Share changed its input")
	}
	// Ids, statuses and versions pass.
	if out.Findings[0].ID != "ws.module" || out.Findings[0].Status != finding.OK || out.Gos[0].Version != "go1.26.0" {
		t.Errorf("an id, a status or a version was rewritten: %+v %+v", out.Findings[0], out.Gos[0])
	}
	// No field is trusted: a version can name a private module.
	if v := out.BugReport.Tools[0].Version; v != "private-module-1/app/dir-1" {
		t.Errorf("tool version = %q", v)
	}
}

// sampleBugReport is a bug report whose strings hold s in every kind of field.
func sampleBugReport(ws, mod string) *BugReport {
	r := New(Gomedic{Version: "0.1.0", GoVersion: "go1.26.0"}, Host{OS: "linux", Arch: "amd64", GoBin: ws + "/bin/go"}, ws,
		[]finding.Finding{{ID: "ws.module", Layer: finding.LayerWorkspace, Status: finding.OK, Title: "module " + mod,
			Evidence: []finding.Evidence{{Command: "go list -m", Output: mod + "\n" + ws}}}}, 1)
	b := &result.BugReport{
		Gos:   []result.GoInstall{{Go: ws + "/go/bin/go", Version: "go1.26.0", OnPath: true}},
		GoEnv: []result.GoVar{{Name: "GOPRIVATE", Value: mod, Source: "environment"}},
		Tools: []result.BuiltTool{{Tool: "gopls", Path: ws + "/bin/gopls", Version: mod + "/x"}},
		Settings: &result.Settings{Workspace: ws, Settings: []result.SettingView{{Setting: result.Setting{
			Key: "go.toolsEnvVars", Value: json.RawMessage(`{"GOPRIVATE": "` + jsonEscape(mod) + `", "` + jsonEscape(ws) + `": 1}`), File: ws + "/.vscode/settings.json", Line: 2}}}},
		Layout:    []result.FolderLayout{{Folder: ws, Module: mod}},
		EditorLog: []result.LogLine{{File: ws + "/gopls.log", Line: "[Error] " + mod}},
	}
	return NewBugReport(r, b)
}

func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// FuzzShare: whatever else a report holds, no planted identity or credential survives --share in
// its JSON or Markdown, and the JSON stays valid.
func FuzzShare(f *testing.F) {
	for _, s := range []string{"", "x", "go.mod", "https://a:b@c.d/e", "/home/ana", "\xff\x00`|<", "github.com/acme-corp"} {
		f.Add(s)
	}
	planted := []string{"XS9pw", "/home/ana", "acme", "ana-laptop", "artifactory"}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range append(planted, "ana", "ANA", "XS", "REDACTED", "artifact", "laptop") {
			if strings.Contains(strings.ToLower(s), strings.ToLower(p)) {
				return // the input holds a piece of a planted value itself
			}
		}
		ws := "/home/ana/src/acme"
		mod := s + " https://ana:XS9pw@git.acme.io/team/lib " + s + " /home/ana/go/bin " + s + " ana-laptop artifactory.acme-internal.net/go github.com/acme-corp/x"
		out := Share(sampleBugReport(ws, mod), testIdentity)
		var js, md bytes.Buffer
		if err := BugJSON(&js, out); err != nil || !json.Valid(js.Bytes()) {
			t.Fatalf("invalid JSON (%v):\n%s", err, js.Bytes())
		}
		if err := BugMarkdown(&md, out); err != nil {
			t.Fatal(err)
		}
		docs := map[string]string{"JSON": js.String(), "Markdown": md.String()}
		var txt bytes.Buffer
		if err := BugText(&txt, out, "report.md", "", TextOptions{}); err != nil {
			t.Fatal(err)
		}
		docs["text"] = txt.String()
		for _, tpl := range Templates {
			var b bytes.Buffer
			if err := tpl.Markdown(&b, out); err != nil {
				t.Fatal(err)
			}
			u, err := url.QueryUnescape(tpl.URL(out, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			docs[tpl.Name] = b.String() + u
		}
		for _, p := range planted {
			for name, doc := range docs {
				if strings.Contains(doc, p) {
					t.Fatalf("%s holds %q:\n%s", name, p, doc)
				}
			}
		}
	})
}

// BenchmarkShare anonymises a bug report of the sample's size.
func BenchmarkShare(b *testing.B) {
	d := bugSample()
	for b.Loop() {
		Share(d, bugIdentity)
	}
}

// TestAnonymiserSameHost: a private module's host has one placeholder wherever it appears: first
// in a module path, inside a proxy URL's path, alone as a host.
func TestAnonymiserSameHost(t *testing.T) {
	a := NewAnonymiser(Identity{Private: []string{"git.acme.io"}})
	got := a.Text("git.acme.io/team/lib@v1.2.0: reading https://proxy.acme.dev/go/git.acme.io/team/lib/@v/list; machine git.acme.io")
	want := "private-module-1/dir-1/lib@v1.2.0: reading https://private-host-1/go/private-module-1/dir-1/lib/@v/list; machine private-module-1"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
