package network

import (
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/redact"
)

func TestScrubFinding(t *testing.T) {
	secrets := redact.Known("user:s3cret@proxy:1")
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
