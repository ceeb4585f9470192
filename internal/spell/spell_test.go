package spell

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "abc", 0},
		{"abc", "ABC", 0},
		{"lintOnsave", "lintOnSave", 0},
		{"toolsManagment", "toolsManagement", 1},
		{"unusedparam", "unusedparams", 1},
		{"rpc-trace", "rpc.trace", 1},
		{"gofmtt", "gofmt", 1},
		{"ab", "ba", 1}, // a swap is one edit
		{"kitten", "sitting", 3},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
