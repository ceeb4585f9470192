package workspace

import "testing"

// TestChecksGoVersionOff reads dlvFlags as dlv's flag parser does: two dashes, false only after
// =, and the last of repeated flags wins (the Go extension passes them in order).
func TestChecksGoVersionOff(t *testing.T) {
	tests := []struct {
		flags []string
		want  bool
	}{
		{nil, false},
		{[]string{"--check-go-version=false"}, true},
		{[]string{"--log", "--check-go-version=0"}, true},
		{[]string{"-check-go-version=false"}, false},
		{[]string{"--check-go-version", "false"}, false},
		{[]string{"--check-go-version=false", "--check-go-version=true"}, false},
		{[]string{"--check-go-version=true", "--check-go-version=false"}, true},
		{[]string{"--check-go-version=false", "--check-go-version"}, false},
		{[]string{"--check-go-version=nope"}, false},
	}
	for _, tt := range tests {
		if got := checksGoVersionOff(tt.flags); got != tt.want {
			t.Errorf("checksGoVersionOff(%q) = %v, want %v", tt.flags, got, tt.want)
		}
	}
}
