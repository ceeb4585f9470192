package lsp

import (
	"testing"
	"time"
)

func TestOpenDeadline(t *testing.T) {
	now := time.Unix(1000, 0)
	for _, tt := range []struct{ left, want time.Duration }{
		{60 * time.Second, 55 * time.Second}, // statsReserve at most
		{12 * time.Second, 9 * time.Second},  // a quarter of what is left
		{0, 0},
	} {
		if got := openDeadline(now, now.Add(tt.left)).Sub(now); got != tt.want {
			t.Errorf("openDeadline with %s left = %s, want %s", tt.left, got, tt.want)
		}
	}
}

func TestOrphaned(t *testing.T) {
	o := &Opened{Diagnostics: []Diagnostic{
		{Severity: SeverityError, Message: "undefined: x"},
		{Severity: SeverityWarning, Message: "This file is within module \"a\", which is not included in your workspace."},
	}}
	if got := o.Orphaned(); got == "" || got[:10] != "This file " {
		t.Errorf("Orphaned() = %q", got)
	}
	if got := (&Opened{Diagnostics: []Diagnostic{{Message: "undefined: x"}}}).Orphaned(); got != "" {
		t.Errorf("Orphaned() of a compile error = %q", got)
	}
	if got := (*Opened)(nil).Orphaned(); got != "" {
		t.Errorf("nil Orphaned() = %q", got)
	}
}
