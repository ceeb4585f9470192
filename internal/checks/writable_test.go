package checks

import (
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// nfsHome is a macOS user whose home directory, with GOPATH and the caches under it, is on a
// network file system where whether files can be created cannot be decided without creating one.
func nfsHome() *host.Fake {
	h := darwinHost()
	h.AddDir("/Users/ana/go/bin")
	h.AddDir("/Users/ana/Library/Caches/go-build")
	h.Undecided = []string{"/Users/ana/go/bin", "/Users/ana/Library/Caches/go-build", "/Users/ana/go"}
	return h
}

// TestWritabilityUndecided: a directory whose writability cannot be decided without writing in
// it is reported as info with the reason, never as a failure, and never as writable.
func TestWritabilityUndecided(t *testing.T) {
	got := runChecks(t, nfsHome(), "env.gobin_writable", "env.caches", "env.gopath")
	if fd := got["env.gobin_writable"]; fd.Status != finding.Info || !strings.Contains(fd.Title, "cannot tell") || !strings.Contains(fd.Detail, "network file system") {
		t.Errorf("env.gobin_writable = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
	}
	fd := got["env.caches"]
	if fd.Status != finding.Info || !strings.Contains(fd.Detail, "GOCACHE=/Users/ana/Library/Caches/go-build: ") || !strings.Contains(fd.Detail, "GOMODCACHE=/Users/ana/go/pkg/mod: ") {
		t.Errorf("env.caches = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
	}
	if !strings.Contains(evidenceText(fd), "cannot tell") {
		t.Errorf("env.caches evidence does not say it could not tell:\n%s", evidenceText(fd))
	}
	if fd := got["env.gopath"]; fd.Status != finding.OK {
		t.Errorf("env.gopath = %s %q: an undecided parent is not a missing entry", fd.Status, fd.Title)
	}
}

func evidenceText(fd finding.Finding) string {
	var b strings.Builder
	for _, e := range fd.Evidence {
		b.WriteString(e.Command + "\n" + e.Output + "\n")
	}
	return b.String()
}
