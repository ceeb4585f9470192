package doctor

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

func TestRan(t *testing.T) {
	t.Parallel()
	goEnv := host.Cmd{Path: "go", Args: []string{"env", "GOBIN"}, Timeout: time.Second}
	tests := []struct {
		name     string
		res      *host.Result
		want     finding.Evidence
		exitCode int // -1: no exit code
	}{
		{
			name:     "success",
			res:      &host.Result{Cmd: goEnv, Stdout: []byte("/home/ana/go/bin\n"), Duration: 7 * time.Millisecond},
			want:     finding.Evidence{Command: "go env GOBIN", Output: "/home/ana/go/bin", DurationMS: 7},
			exitCode: 0,
		},
		{
			name:     "exit 1",
			res:      &host.Result{Cmd: goEnv, ExitCode: 1, Stderr: []byte("go: bad\n")},
			want:     finding.Evidence{Command: "go env GOBIN", Output: "go: bad"},
			exitCode: 1,
		},
		{
			name:     "timeout: no exit code, the reason in the output",
			res:      &host.Result{Cmd: goEnv, ExitCode: -1, TimedOut: true, Err: host.ErrTimeout, Stdout: []byte("partial")},
			want:     finding.Evidence{Command: "go env GOBIN", Output: "partial\ngo env GOBIN did not finish within 1s and was killed"},
			exitCode: -1,
		},
		{
			name:     "start failure",
			res:      &host.Result{Cmd: goEnv, ExitCode: -1, Err: errors.New("exec: not found")},
			want:     finding.Evidence{Command: "go env GOBIN", Output: "running go env GOBIN: exec: not found"},
			exitCode: -1,
		},
	}
	for _, tt := range tests {
		got := Ran(tt.res)
		if (got.ExitCode == nil) != (tt.exitCode == -1) || got.ExitCode != nil && *got.ExitCode != tt.exitCode {
			t.Errorf("%s: exit code %v, want %d", tt.name, got.ExitCode, tt.exitCode)
		}
		got.ExitCode = nil
		if got != tt.want {
			t.Errorf("%s: Ran = %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
	if got := Read("/home/ana/.config/go/env", "GOBIN=/x"); got != (finding.Evidence{File: "/home/ana/.config/go/env", Output: "GOBIN=/x"}) {
		t.Errorf("Read = %+v", got)
	}
}

func TestClip(t *testing.T) {
	t.Parallel()
	short := strings.Repeat("x", maxEvidenceOutput)
	if text.ClipNote(short, maxEvidenceOutput) != short {
		t.Error("clip changed output at the limit")
	}
	long := strings.Repeat("x", maxEvidenceOutput+10)
	if got := text.ClipNote(long, maxEvidenceOutput); got != short+"\n… (10 more bytes)" {
		t.Errorf("clip = ...%q", got[len(got)-30:])
	}
	// A multi-byte character across the limit is not cut in two.
	for shift := range 4 {
		s := strings.Repeat("x", maxEvidenceOutput-shift) + strings.Repeat("é€😀", 10)
		got := text.ClipNote(s, maxEvidenceOutput)
		if !utf8.ValidString(got) {
			t.Errorf("shift %d: clip made invalid UTF-8", shift)
		}
		kept, _, _ := strings.Cut(got, "\n… (")
		if len(kept) > maxEvidenceOutput || len(kept) < maxEvidenceOutput-utf8.UTFMax || !strings.HasPrefix(s, kept) {
			t.Errorf("shift %d: kept %d bytes", shift, len(kept))
		}
		if want := "\n… (" + strconv.Itoa(len(s)-len(kept)) + " more bytes)"; !strings.HasSuffix(got, want) {
			t.Errorf("shift %d: %q does not end with %q", shift, got[len(got)-25:], want)
		}
	}
	// Invalid UTF-8 from a program stays as it is: JSON encoding replaces it.
	bad := strings.Repeat("\xff", maxEvidenceOutput+5)
	if got := text.ClipNote(bad, maxEvidenceOutput); !strings.HasPrefix(got, bad[:maxEvidenceOutput-utf8.UTFMax]) {
		t.Error("clip of invalid UTF-8")
	}
}
