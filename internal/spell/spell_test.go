package spell

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWithin(t *testing.T) {
	long := strings.Repeat("x", MaxName)
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int // -1: more than limit
	}{
		{"", "", 0, 0},
		{"abc", "abc", 0, 0},
		{"abc", "ABC", 0, 0},
		{"lintOnsave", "lintOnSave", 3, 0},
		{"toolsManagment", "toolsManagement", 3, 1},
		{"unusedparam", "unusedparams", 3, 1},
		{"rpc-trace", "rpc.trace", 3, 1},
		{"gofmtt", "gofmt", 3, 1},
		{"ab", "ba", 1, 1}, // a swap is one edit
		{"ab", "ba", 0, -1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, -1},
		{"ÉTÉ", "été", 0, 0},
		{"abcdef", "a", 3, -1}, // lengths five apart: not compared
		{"go.formatTool", "go.lintTool", 5, 5},
		{"go.formatTool", "go.lintTool", 4, -1}, // stops early
		{long, long, 0, 0},
		{long + "x", long + "x", 3, -1}, // longer than MaxName: no misspelling of a name
		{"", "", -1, -1},
	} {
		got, ok := Within(tc.a, tc.b, tc.limit)
		if !ok {
			got = -1
		}
		if got != tc.want {
			t.Errorf("Within(%.20q, %.20q, %d) = %d, %v; want %d", tc.a, tc.b, tc.limit, got, ok, tc.want)
		}
		if rev, rok := Within(tc.b, tc.a, tc.limit); rev != got && (rok || got != -1) {
			t.Errorf("Within(%.20q, %.20q, %d) = %d, not symmetric", tc.b, tc.a, tc.limit, rev)
		}
	}
}

// TestWithinReadsABoundedPrefix: a 30 MB value costs what a name does, and allocates nothing.
func TestWithinReadsABoundedPrefix(t *testing.T) {
	huge := strings.Repeat("a", 30<<20)
	allocs := testing.AllocsPerRun(10, func() {
		if _, ok := Within(huge, "gofmt", 3); ok {
			t.Fatal("a 30 MB value is within 3 edits of gofmt")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per comparison, want 0", allocs)
	}
}

// FuzzWithin: Within never panics, is symmetric, and agrees with the unbounded distance wherever
// it answers.
func FuzzWithin(f *testing.F) {
	f.Add("toolsManagment", "toolsManagement", 3)
	f.Add("ab", "ba", 1)
	f.Add("ÉTÉ", "été", 0)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		limit %= 8
		d, ok := Within(a, b, limit)
		d2, ok2 := Within(b, a, limit)
		if ok != ok2 || ok && d != d2 {
			t.Fatalf("Within(%q, %q, %d) = %d, %v but reversed %d, %v", a, b, limit, d, ok, d2, ok2)
		}
		if utf8.RuneCountInString(a) > MaxName || utf8.RuneCountInString(b) > MaxName {
			if ok {
				t.Fatalf("Within(%q, %q, %d) compared a string longer than MaxName", a, b, limit)
			}
			return
		}
		full := referenceDistance(a, b)
		if limit >= 0 && ok != (full <= limit) || ok && d != full {
			t.Fatalf("Within(%q, %q, %d) = %d, %v; the distance is %d", a, b, limit, d, ok, full)
		}
	})
}

// referenceDistance is the optimal string alignment distance, ignoring case, computed in full.
func referenceDistance(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
