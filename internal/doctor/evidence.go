package doctor

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/host"
)

// maxEvidenceOutput bounds the output kept in one piece of evidence.
const maxEvidenceOutput = 4000

// Ran is the evidence of a command: its command line, exit code, output and duration.
func Ran(r *host.Result) Evidence {
	ev := Evidence{Command: r.Cmd.String(), Output: clip(r.Output()), DurationMS: r.Duration.Milliseconds()}
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
func Read(file, excerpt string) Evidence {
	return Evidence{File: file, Output: clip(excerpt)}
}

func clip(s string) string {
	if len(s) <= maxEvidenceOutput {
		return s
	}
	// Cut before a character, not inside one.
	n := maxEvidenceOutput
	for n > maxEvidenceOutput-utf8.UTFMax && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "\n… (" + strconv.Itoa(len(s)-n) + " more bytes)"
}
