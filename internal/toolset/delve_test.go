package toolset

import "testing"

func TestDelveRange(t *testing.T) {
	for _, tt := range []struct {
		v        string
		ok       bool
		min, max int
	}{
		{"v1.27.2", true, 25, 27},
		{"v1.27.0", true, 25, 27},
		{"v1.26.3", true, 24, 26},
		{"v1.25.0", true, 21, 24}, // v1.25.0 kept v1.24's range; v1.25.1 moved it
		{"v1.25.1", true, 22, 25},
		{"v1.21.0", true, 18, 21},
		{"v1.21.2", true, 19, 21},
		{"v1.20.0", true, 18, 20},
		{"v1.19.0", false, 0, 0},
		{"v1.28.0", false, 0, 0}, // a newer series than the table: unknown, not "too old"
		{"(devel)", false, 0, 0},
		{"", false, 0, 0},
	} {
		r, ok := DelveRange(tt.v)
		if ok != tt.ok || r.Min != tt.min || r.Max != tt.max {
			t.Errorf("DelveRange(%q) = %d..%d %v, want %d..%d %v", tt.v, r.Min, r.Max, ok, tt.min, tt.max, tt.ok)
		}
	}
}

func TestDelveFor(t *testing.T) {
	for _, tt := range []struct {
		minor       int
		first, last string
	}{
		{27, "v1.27.0", "v1.27.2"},
		{26, "v1.26.0", "v1.27.2"},
		{24, "v1.24.0", "v1.26.3"},
		{22, "v1.22.0", "v1.25.2"},
		{17, "", ""},
		{28, "", ""},
	} {
		if got := FirstDelveFor(tt.minor); got != tt.first {
			t.Errorf("FirstDelveFor(%d) = %q, want %q", tt.minor, got, tt.first)
		}
		if got := LastDelveFor(tt.minor); got != tt.last {
			t.Errorf("LastDelveFor(%d) = %q, want %q", tt.minor, got, tt.last)
		}
	}
}
