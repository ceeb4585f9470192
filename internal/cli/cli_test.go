package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/report"
)

var update = flag.Bool("update", false, "rewrite docs/checks.md from the catalog")

// runMain runs gomedic in-process with the test's environment.
func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, os.Environ(), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--json", "--markdown"},
		{"check", "--layer", "bogus"},
		{"check", "--only", "no.such.check"},
		{"check", "--skip", "nope*"},
		{"check", "--timeout", "0s"},
		{"check", "--no-such-flag"},
		{"check", filepath.Join(t.TempDir(), "missing")},
		{"check", "a", "b"},
		{"no-such-command"},
		{"checks", "extra"},
	} {
		code, stdout, stderr := runMain(t, args...)
		if code != ExitUsage {
			t.Errorf("gomedic %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, ExitUsage, stdout, stderr)
		}
		if !strings.HasPrefix(stderr, "gomedic: ") {
			t.Errorf("gomedic %s: stderr %q does not start with the program name", strings.Join(args, " "), stderr)
		}
		if stdout != "" {
			t.Errorf("gomedic %s: a usage error printed to stdout: %q", strings.Join(args, " "), stdout)
		}
	}
}

func TestChecksJSONListsTheCatalog(t *testing.T) {
	code, stdout, _ := runMain(t, "checks", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var cat struct {
		Schema string `json:"schema"`
		Checks []struct {
			ID, Layer string
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(stdout), &cat); err != nil {
		t.Fatalf("checks --json: %v\n%s", err, stdout)
	}
	ids := map[string]bool{}
	for _, c := range cat.Checks {
		ids[c.ID] = true
	}
	for _, id := range []string{"go.found", "go.runs", "go.version", "go.multiple", "go.goroot", "go.origin",
		"env.gopath", "env.gobin_on_path", "env.gobin_writable", "env.go111module", "env.goflags", "env.gotoolchain", "env.caches", "env.cgo"} {
		if !ids[id] {
			t.Errorf("checks --json does not list %s", id)
		}
	}
}

// TestChecksDocIsCurrent fails when docs/checks.md is not what the catalog generates; run
// `go test ./internal/cli -run ChecksDoc -update` to rewrite it.
func TestChecksDocIsCurrent(t *testing.T) {
	code, stdout, _ := runMain(t, "checks", "--markdown")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	path := filepath.Join("..", "..", "docs", "checks.md")
	if *update {
		if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != stdout {
		t.Errorf("docs/checks.md is stale: run go test ./internal/cli -run ChecksDoc -update")
	}
}

func TestExitFor(t *testing.T) {
	for _, tc := range []struct {
		fail, errs, warn int
		strict           bool
		want             int
	}{
		{want: ExitOK},
		{warn: 2, want: ExitOK},
		{warn: 2, strict: true, want: ExitProblems},
		{fail: 1, want: ExitProblems},
		{fail: 1, errs: 1, want: ExitProblems},
		{errs: 1, want: ExitInternal},
		{errs: 1, warn: 1, strict: true, want: ExitInternal},
	} {
		s := summaryOf(tc.fail, tc.errs, tc.warn)
		got := ExitOK
		if err := exitFor(s, tc.strict); err != nil {
			got = err.(*exitError).code
		}
		if got != tc.want {
			t.Errorf("exitFor(fail=%d error=%d warn=%d strict=%v) = %d, want %d", tc.fail, tc.errs, tc.warn, tc.strict, got, tc.want)
		}
	}
}

func summaryOf(fail, errs, warn int) report.Summary {
	return report.Summary{Fail: fail, Error: errs, Warn: warn}
}
