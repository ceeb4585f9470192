package doctor

import (
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// maxEvidenceOutput bounds the output kept in one piece of evidence.
const maxEvidenceOutput = 4000

// Ran is the evidence of a command: its command line, exit code, output and duration.
func Ran(r *host.Result) finding.Evidence {
	ev := finding.Evidence{Command: r.Cmd.String(), Output: text.ClipNote(r.Output(), maxEvidenceOutput), DurationMS: r.Duration.Milliseconds()}
	if !r.CachedAt.IsZero() {
		ev.CachedAt = r.CachedAt.UTC().Format(time.RFC3339)
	}
	if r.Err == nil {
		code := r.ExitCode
		ev.ExitCode = &code
	} else {
		ev.Output = strings.TrimSpace(ev.Output + "\n" + r.Failure())
	}
	return ev
}

// Read is the evidence of a file: its path and the lines that matter.
func Read(file, excerpt string) finding.Evidence {
	return finding.Evidence{File: file, Output: text.ClipNote(excerpt, maxEvidenceOutput)}
}

// RanAll is the evidence of each command that ran, in order; nil results (a command that did
// not need to run) are left out.
func RanAll(rs ...*host.Result) []finding.Evidence {
	var ev []finding.Evidence
	for _, r := range rs {
		if r != nil {
			ev = append(ev, Ran(r))
		}
	}
	return ev
}
