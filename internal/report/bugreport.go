package report

import (
	"encoding/json"
	"io"

	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// BugReport is the document of `gomedic report`: the check report and the bug report's sections
// in one object (schema gomedic.report/v1, docs/json.md). Both are embedded, so their fields sit
// side by side in the JSON.
type BugReport struct {
	*Report
	*result.BugReport
}

// NewBugReport joins the check report r (already redacted by New) and the sections b, redacting
// every string of the sections.
func NewBugReport(r *Report, b *result.BugReport) *BugReport {
	sections := *b
	if b.Settings != nil {
		sections.Settings = redactSettings(b.Settings)
	}
	out := rewriteStrings(&sections, func(_, s string) string { return redact.Text(s) })
	return &BugReport{Report: r, BugReport: out}
}

// Share is d anonymised for --share by allow-list: the fields known to be safe (ids, statuses,
// layers, versions, OS and architecture names, setting names, sources) pass when they have a safe
// shape; every other string is rewritten by the anonymiser for id (credentials, private module
// paths, hosts that are not public, the workspace and home directories, the host and user names).
// The counts of what was rewritten are in the result's Rewritten.
func Share(d *BugReport, id Identity) *BugReport {
	a := NewAnonymiser(id)
	out := rewriteStrings(d, a.Field)
	// rewriteStrings copied the pointers: the copies can take the summary.
	out.Anonymised = true
	out.Rewritten = a.Counts
	return out
}

// BugJSON writes d as one JSON document.
func BugJSON(w io.Writer, d *BugReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}
