package text

import "testing"

func TestTilde(t *testing.T) {
	t.Parallel()
	tests := []struct{ p, home, want string }{
		{"/home/ana/src", "/home/ana", "~/src"},
		{"/home/ana", "/home/ana", "~"},
		{"/home/anabel/src", "/home/ana", "/home/anabel/src"},
		{"/src", "/", "/src"},
		{"/src", "", "/src"},
		{`C:\Users\ana\src`, `C:\Users\ana`, `~\src`},
	}
	for _, tt := range tests {
		if got := Tilde(tt.p, tt.home); got != tt.want {
			t.Errorf("Tilde(%q, %q) = %q, want %q", tt.p, tt.home, got, tt.want)
		}
	}
}
