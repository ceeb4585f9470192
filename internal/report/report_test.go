package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/finding"
)

const secret = "s3cret"

func intp(n int) *int { return &n }

// leaky is a finding with a credential in every string it has.
func leaky() finding.Finding {
	u := "https://ana:" + secret + "@proxy.example.com"
	return finding.Finding{
		ID: "net.goproxy", Layer: finding.LayerNet, Status: finding.Fail,
		Title:  "GOPROXY " + u + " refuses",
		Detail: "GOPROXY=" + u + ",direct",
		Evidence: []finding.Evidence{
			{Command: "curl " + u, ExitCode: intp(7), Output: "GITHUB_TOKEN=" + secret},
			{File: "/home/ana/" + u, Output: "Authorization: Bearer " + secret},
		},
		Fix: &finding.Fix{
			Summary:  "Remove the password from " + u,
			Commands: []string{"go env -w GOPROXY=" + u, "export PASSWORD=" + secret},
			Docs:     u + "/docs",
			Actions: []finding.Action{
				{Kind: finding.GoEnvSet, Key: "GOPROXY", Value: u},
				{Kind: finding.PathAdd, Path: "/x/" + u, File: "/y/" + u},
				{Kind: finding.GoInstall, Package: u, Version: "TOKEN=" + secret},
			},
		},
	}
}

func TestNewRedactsEverything(t *testing.T) {
	t.Parallel()
	orig := leaky()
	r := New(Gomedic{Version: "v1"}, Host{OS: "linux", Arch: "amd64", GoBin: "https://ana:" + secret + "@x/go"}, "/w/https://ana:"+secret+"@x", []finding.Finding{orig}, 5)
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), secret) {
		t.Errorf("the JSON report holds the secret:\n%s", buf.String())
	}
	for _, render := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return Text(b, r, TextOptions{Verbose: true}) },
		func(b *bytes.Buffer) error { return Markdown(b, r) },
	} {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), secret) {
			t.Errorf("a report holds the secret:\n%s", b.String())
		}
	}
	// The caller's findings are not changed.
	if !reflect.DeepEqual(orig, leaky()) {
		t.Error("New changed the findings it was given")
	}
	f := r.Findings[0]
	if f.ID != "net.goproxy" || f.Layer != finding.LayerNet || f.Status != finding.Fail || *f.Evidence[0].ExitCode != 7 ||
		f.Fix.Actions[0].Kind != finding.GoEnvSet || f.Fix.Actions[0].Key != "GOPROXY" {
		t.Errorf("New changed what is not a secret: %+v", f)
	}
	if f.Title != "GOPROXY https://REDACTED@proxy.example.com refuses" {
		t.Errorf("title = %q", f.Title)
	}
}

func TestNewSummary(t *testing.T) {
	t.Parallel()
	fs := []finding.Finding{
		{Status: finding.Fail}, {Status: finding.Fail}, {Status: finding.Error}, {Status: finding.Warn},
		{Status: finding.Info}, {Status: finding.OK}, {Status: finding.OK}, {Status: finding.OK},
		{Status: finding.Skip, BlockedBy: "go.found"}, {Status: finding.Skip, BlockedBy: "go.found"}, {Status: finding.Skip},
	}
	r := New(Gomedic{}, Host{}, "/w", fs, 0)
	want := Summary{OK: 3, Info: 1, Warn: 1, Fail: 2, Skip: 3, Error: 1, Blocked: 2}
	if r.Summary != want {
		t.Errorf("Summary = %+v, want %+v", r.Summary, want)
	}
	if r.Schema != Schema {
		t.Errorf("Schema = %q", r.Schema)
	}
	empty := New(Gomedic{}, Host{}, "", nil, 0)
	var buf bytes.Buffer
	if err := JSON(&buf, empty); err != nil || !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("an empty report's findings are not []: %s", buf.String())
	}
}

// TestJSONAlwaysValid feeds the JSON report output that is not text and decodes it back.
func TestJSONAlwaysValid(t *testing.T) {
	t.Parallel()
	nasty := "ok\xff\xfe\x00\x01\x1b[31mred\x1b[0m\t\r\n\"quoted\" \\ \u2028 \xc3\x28 end\x80"
	r := New(Gomedic{Version: "v\x00"}, Host{OS: "linux", GoVersion: "\xff"}, "/w\xff",
		[]finding.Finding{{ID: "go.runs", Layer: finding.LayerGo, Status: finding.Fail, Title: nasty, Detail: nasty,
			Evidence: []finding.Evidence{{Command: nasty, Output: nasty, ExitCode: intp(-1)}}}}, 1)
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) || !utf8.Valid(buf.Bytes()) {
		t.Fatalf("invalid JSON:\n%q", buf.String())
	}
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	out := back.Findings[0].Evidence[0].Output
	if !strings.HasPrefix(out, "ok\ufffd") || !strings.Contains(out, "\x1b[31mred") || !strings.HasSuffix(out, "end\ufffd") || !strings.Contains(out, "\x00\x01") {
		t.Errorf("decoded output = %q", out)
	}
	if back.Summary.Fail != 1 || back.Schema != Schema || back.DurationMS != 1 {
		t.Errorf("decoded %+v", back)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n <= 0 {
		return 0, errors.New("disk full")
	}
	w.n--
	return len(p), nil
}

func TestRenderersReportWriteErrors(t *testing.T) {
	t.Parallel()
	r := New(Gomedic{}, Host{}, "/w", []finding.Finding{leaky()}, 0)
	if err := JSON(&failWriter{}, r); err == nil {
		t.Error("JSON ignored a write error")
	}
	if err := Text(&failWriter{n: 2}, r, TextOptions{}); err == nil {
		t.Error("Text ignored a write error")
	}
	if err := Markdown(&failWriter{}, r); err == nil {
		t.Error("Markdown ignored a write error")
	}
}

// catalog is a catalog's description in its order: layer by layer.
func catalog() []finding.CheckInfo {
	return []finding.CheckInfo{
		{ID: "go.found", Layer: finding.LayerGo, Looks: "the go on PATH", Fails: "F: no *go*", Repair: finding.RepairManual, RepairNote: "installing Go is a download"},
		{ID: "env.gobin_on_path", Layer: finding.LayerEnv, Needs: []string{"go.found"}, Looks: "GOBIN | PATH", Fails: "F: not on `PATH`", Repair: finding.RepairAuto},
		{ID: "net.goproxy", Layer: finding.LayerNet, Needs: []string{"go.found"}, Online: true, Looks: "GOPROXY", Fails: "F: unreachable"},
		{ID: "workspace.live", Layer: finding.LayerWorkspace, Deep: true, Looks: "gopls", Fails: "F: <crash>"},
	}
}

func TestCatalogJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := CatalogJSON(&buf, catalog()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schema string              `json:"schema"`
		Checks []finding.CheckInfo `json:"checks"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []finding.CheckInfo{
		{ID: "go.found", Layer: "go", Looks: "the go on PATH", Fails: "F: no *go*", Repair: finding.RepairManual, RepairNote: "installing Go is a download"},
		{ID: "env.gobin_on_path", Layer: "env", Looks: "GOBIN | PATH", Fails: "F: not on `PATH`", Needs: []string{"go.found"}, Repair: finding.RepairAuto},
		{ID: "net.goproxy", Layer: "net", Looks: "GOPROXY", Fails: "F: unreachable", Needs: []string{"go.found"}, Online: true},
		{ID: "workspace.live", Layer: "workspace", Looks: "gopls", Fails: "F: <crash>", Deep: true},
	}
	if got.Schema != CatalogSchema || !reflect.DeepEqual(got.Checks, want) {
		t.Errorf("CatalogJSON = %+v", got)
	}
	if !strings.Contains(buf.String(), `"looks_at": "the go on PATH"`) || strings.Contains(buf.String(), `"online": false`) ||
		!strings.Contains(buf.String(), `"repair": "manual",
      "repair_note": "installing Go is a download"`) {
		t.Errorf("field names:\n%s", buf.String())
	}
}

func TestCatalogText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := CatalogText(&buf, catalog(), false); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"ID                 LAYER      LOOKS AT\n" +
		"go.found           go         the go on PATH\n" +
		"env.gobin_on_path  env        GOBIN | PATH\n" +
		"net.goproxy        net        GOPROXY\n" +
		"workspace.live     workspace  gopls\n"
	if buf.String() != want {
		t.Errorf("CatalogText =\n%s\nwant\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := CatalogText(&buf, catalog(), true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "go.found           go         the go on PATH\n                              F: no *go*\n                              fix: manual: installing Go is a download\n") {
		t.Errorf("verbose CatalogText =\n%s", buf.String())
	}
}

func TestCatalogMarkdown(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := CatalogMarkdown(&buf, catalog(), []finding.VariableInfo{{Name: "GOTMPDIR", Effect: "builds fail", Checks: "env.gotmpdir"}}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{
		"# gomedic checks\n",
		"\n## go\n\n| id | looks at | F / W | fix | needs |\n|---|---|---|---|---|\n| `go.found` | the go on PATH | F: no \\*go\\* | manual: installing Go is a download |  |\n",
		"| `env.gobin_on_path` | GOBIN \\| PATH | F: not on \\`PATH\\` | auto | go.found |\n",
		"| `net.goproxy` | GOPROXY | F: unreachable |  | go.found, network |\n",
		"| `workspace.live` | gopls | F: \\<crash> |  | --deep |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CatalogMarkdown lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "\n## ") != 5 || !strings.Contains(got, "\n## The go command's variables\n") {
		t.Errorf("want one section per layer, then the go command's variables:\n%s", got)
	}
}
