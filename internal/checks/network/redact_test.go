package network

import (
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
)

func TestRedactRaw(t *testing.T) {
	for in, want := range map[string]string{
		"http://user:s3cret@127.0.0.1:3128": "http://REDACTED@127.0.0.1:3128",
		"user:s3cret@proxy.corp:3128":       "REDACTED@proxy.corp:3128",
		"https://ghp_token@proxy.corp/mods": "https://REDACTED@proxy.corp/mods",
		"https://proxy.golang.org":          "https://proxy.golang.org",
		"direct":                            "direct",
		"https://proxy.corp/a@b":            "https://proxy.corp/a@b",
	} {
		if got := redactRaw(in); got != want {
			t.Errorf("redactRaw(%q) = %q, want %q", in, got, want)
		}
	}
	if got := redactValue("https://u:p4ss@a.example|https://b.example,direct"); got != "https://REDACTED@a.example|https://b.example,direct" {
		t.Errorf("redactValue = %q", got)
	}
	if got := redactValue("sum.golang.org https://u:p4ss@sum.example"); got != "sum.golang.org https://REDACTED@sum.example" {
		t.Errorf("redactValue = %q", got)
	}
}

func TestUserinfoSecrets(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"http://user:s3cret@host:1", []string{"user:s3cret", "s3cret"}},
		{"user:p%40ss@host", []string{"user:p%40ss", "user:p@ss", "p%40ss", "p@ss"}},
		{"https://ghp_abcdefgh@host", []string{"ghp_abcdefgh"}},
		{"https://u:ab@host", []string{"u:ab"}},
		{"https://user@host", []string{"user@"}},
		{"https://host/path@x", nil},
		{"https://host", nil},
	}
	for _, tt := range tests {
		got := userinfoSecrets(tt.in)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("userinfoSecrets(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScrubFinding(t *testing.T) {
	secrets := userinfoSecrets("user:s3cret@proxy:1")
	fd := scrubFinding(finding.Finding{
		Title:    "proxy user:s3cret@proxy:1 is down",
		Detail:   "Get \"http://user:***@x\": s3cret",
		Evidence: []finding.Evidence{{Command: "HTTPS_PROXY=user:s3cret@proxy:1", Output: "s3cret"}},
		Fix:      &finding.Fix{Summary: "s3cret", Commands: []string{"export X=s3cret"}},
	}, secrets)
	all := fd.Title + fd.Detail + fd.Evidence[0].Command + fd.Evidence[0].Output + fd.Fix.Summary + strings.Join(fd.Fix.Commands, "")
	if strings.Contains(all, "s3cret") {
		t.Errorf("scrubbed finding still holds the secret: %+v", fd)
	}
}
