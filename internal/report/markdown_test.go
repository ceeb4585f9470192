package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
)

func markdown(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdownSample(t *testing.T) {
	t.Parallel()
	got := markdown(t, sample())
	for _, want := range []string{
		"## gomedic v0.1.0 report\n\n- host: linux/amd64\n- go: go1.26.8\n- workspace: `/home/ana/src/app`\n\n",
		"**1 failed, 1 errors, 1 warnings, 1 ok, 1 info, 2 skipped**\n\n",
		"### FAIL `go.found`: no go on PATH\n\nShells print \"go: command not found\".\nEditors too.\n\n**Fix:** Put /usr/local/go/bin on PATH.\n\n```sh\necho 'export PATH=\"/usr/local/go/bin:$PATH\"' >> ~/.zshrc\n```\n\n",
		"<details><summary><code>go version</code> (exit 127)</summary>\n\n```\nsh: go: not found\n```\n\n</details>\n\n",
		"<details><summary><code>go env GOROOT</code></summary>\n\n```\n/usr/local/go\n```\n\n</details>\n\n",
		"<details><summary>/home/ana/.zshrc</summary>\n\n```\nexport PATH=/bin\nexport X=1\n```\n\n</details>\n\n",
		"### ERROR `go.error`: the check go.error crashed\n\nThis is a bug in gomedic.\n\n",
		"### WARN `env.gopath`: GOPATH has two entries\n\n",
		"### Other checks\n\n| status | id | result |\n|---|---|---|\n| info | `go.origin` | official archive |\n| ok | `go.version` | go1.26.8 |\n| skip | `env.gobin` | not checked: blocked by go.found |\n| skip | `net.goproxy` | not checked: --offline |\n\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, got)
		}
	}
	// The fix of an ok finding and the docs of problems are not part of the Markdown report.
	if strings.Contains(got, "never shown") {
		t.Error("Markdown shows the fix of an ok finding")
	}
	none := markdown(t, New(Gomedic{Version: "v"}, Host{OS: "linux", Arch: "arm64"}, "/w", nil, 0))
	if !strings.Contains(none, "- go: (none)\n") || strings.Contains(none, "Other checks") {
		t.Errorf("an empty report:\n%s", none)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	t.Parallel()
	r := New(Gomedic{Version: "v"}, Host{OS: "linux", Arch: "amd64"}, "/w", []finding.Finding{
		{ID: "go.a", Layer: finding.LayerGo, Status: finding.Fail, Title: "GOFLAGS=<flags> has *stars* and _under_ and `ticks` in C:\\go_x",
			Fix: &finding.Fix{Summary: "s", Commands: []string{"printf '```'", "echo ok"}},
			Evidence: []finding.Evidence{
				{Command: "sh -c 'echo <b>&</b>'", Output: "a ``` b\n````\nc"},
				{File: "/tmp/<x>&y", Output: "no fences"},
			}},
		{ID: "go.b", Layer: finding.LayerGo, Status: finding.OK, Title: "a | b\nsecond line *x*"},
	}, 0)
	got := markdown(t, r)
	for _, want := range []string{
		"### FAIL `go.a`: GOFLAGS=\\<flags> has \\*stars\\* and \\_under\\_ and \\`ticks\\` in C:\\\\go\\_x\n",
		// A fence longer than any run of backticks in what it holds.
		"````sh\nprintf '```'\necho ok\n````\n",
		"<summary><code>sh -c 'echo &lt;b&gt;&amp;&lt;/b&gt;'</code></summary>\n\n`````\na ``` b\n````\nc\n`````\n",
		"<summary>/tmp/&lt;x&gt;&amp;y</summary>\n\n```\nno fences\n```\n",
		"| ok | `go.b` | a \\| b second line \\*x\\* |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, got)
		}
	}
}

func TestMdEscape(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"plain text":   "plain text",
		"a*b_c`d":      "a\\*b\\_c\\`d",
		`C:\Go\bin`:    `C:\\Go\\bin`,
		"<script>":     "\\<script>",
		"two\r\nlines": "two lines",
		"":             "",
	}
	for in, want := range tests {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdCell("a|b"); got != "a\\|b" {
		t.Errorf("mdCell = %q", got)
	}
	if got := fenceFor("x ```` y ``"); got != "`````" {
		t.Errorf("fenceFor = %q", got)
	}
}
