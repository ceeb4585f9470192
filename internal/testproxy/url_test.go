package testproxy

import (
	"runtime"
	"testing"
)

func TestFileURL(t *testing.T) {
	tests := map[string]string{
		"/tmp/x/proxy":   "file:///tmp/x/proxy",
		"/tmp/a b/proxy": "file:///tmp/a%20b/proxy",
		"/tmp/a,b|c":     "file:///tmp/a%2Cb%7Cc",
	}
	if runtime.GOOS == "windows" {
		tests = map[string]string{
			`C:\Users\a\proxy`:     "file:///C:/Users/a/proxy",
			`\\host\share\a\proxy`: "file://host/share/a/proxy",
		}
	}
	for p, want := range tests {
		if got, err := fileURL(p); err != nil || got != want {
			t.Errorf("fileURL(%s) = %s, %v; want %s", p, got, err, want)
		}
	}
	if _, err := fileURL("relative"); err == nil {
		t.Error("fileURL(relative): no error")
	}
}
