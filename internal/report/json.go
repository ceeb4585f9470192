package report

import (
	"encoding/json"
	"io"
)

// JSON writes r as the v1 JSON report (docs/json.md). The report is built from plain strings and
// numbers, so it encodes whatever the checks found; invalid UTF-8 in command output is replaced,
// never passed through.
func JSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
