package goenv

import "testing"

func TestVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		normalize string
		lang      string
		minor     int
	}{
		{"go1.26.8", "go1.26.8", "go1.26", 26},
		{"go1.26", "go1.26", "go1.26", 26},
		{"go1.22rc1", "go1.22rc1", "go1.22", 22},
		{"go1.21.0-custom", "go1.21.0-custom", "go1.21", 21},
		{"go1.21.0+build", "go1.21.0", "go1.21", 21},
		{"devel go1.27-abc123 Mon Jan 1 00:00:00 2026 +0000", "", "", -1},
		{"devel +abc123", "", "", -1},
		{"go1.26.8 X:boringcrypto", "go1.26.8", "go1.26", 26},
		{"go1.26.8\tX:nocoverageredesign", "go1.26.8", "go1.26", 26},
		{"  go1.26.8\n", "go1.26.8", "go1.26", 26},
		{"", "", "", -1},
		{"1.26.8", "go1.26.8", "go1.26", 26}, // a go.mod go line
		{"go", "", "", -1},
		{"gox", "", "", -1},
		{"go1", "go1", "go1", 0},
		{"go1.0", "go1.0", "go1", 0},
		{"go1.9", "go1.9", "go1.9", 9},
		{"go2", "go2", "go2.0", -1},
		{"go version go1.26.8 linux/amd64", "", "", -1},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.normalize {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.normalize)
		}
		if got := Lang(tt.in); got != tt.lang {
			t.Errorf("Lang(%q) = %q, want %q", tt.in, got, tt.lang)
		}
		if got := Minor(tt.in); got != tt.minor {
			t.Errorf("Minor(%q) = %d, want %d", tt.in, got, tt.minor)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"go1.26.8", "go1.26.8", 0},
		{"go1.26.8", "go1.26.10", -1},
		{"go1.27", "go1.26.8", 1},
		{"go1.26", "go1.26.0", -1},
		{"go1.22rc1", "go1.22.0", -1},
		{"go1.22rc1", "go1.21.9", 1},
		{"go1.21.0-custom", "go1.21.0", 0},
		{"go1.26.8 X:boringcrypto", "go1.26.8", 0},
		{"devel go1.27-abc", "go1.20", -1},
		{"", "go1.0", -1},
		{"", "", 0},
		{"garbage", "", 0},
		{"go1.26.8", "garbage", 1},
		{LatestKnown, "go1.26.8", 1},
	}
	for _, tt := range tests {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}
