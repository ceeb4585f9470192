package goenv

import (
	"reflect"
	"testing"
)

// TestSplitQuoted follows cmd/internal/quoted.Split, which the go command splits CC with.
func TestSplitQuoted(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{"gcc", []string{"gcc"}, true},
		{"  ccache   gcc -m32 ", []string{"ccache", "gcc", "-m32"}, true},
		{`"/opt/my tools/gcc" -O2`, []string{"/opt/my tools/gcc", "-O2"}, true},
		{`'a b'c`, []string{"a b", "c"}, true},
		{`"gcc`, nil, false},
		{"", nil, true},
	} {
		got, ok := SplitQuoted(tt.in)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitQuoted(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
