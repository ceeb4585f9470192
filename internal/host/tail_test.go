package host

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestReadTail(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "log")
	lines := strings.Repeat("an old line of the log\n", 1000) + "the last line\n"
	if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewReal(nil)
	got, err := ReadTail(h, file, 20)
	if err != nil || string(got) != "the last line\n" {
		t.Errorf("ReadTail(20) = %q, %v: want the whole lines in the last 20 bytes", got, err)
	}
	got, err = ReadTail(h, file, 1<<20)
	if err != nil || string(got) != lines {
		t.Errorf("ReadTail of a file shorter than n = %d bytes, %v: want it whole", len(got), err)
	}
	if _, err := ReadTail(h, filepath.Join(dir, "none"), 10); err == nil {
		t.Error("ReadTail of a missing file: no error")
	}
}

// TestAMD64LevelOfThisMachine: an amd64 processor runs at least v1; the level is what the Go
// runtime of a program built for it would accept (this test runs, so its own level is met).
func TestAMD64LevelOfThisMachine(t *testing.T) {
	got := NewReal(nil).AMD64Level()
	if runtime.GOARCH != "amd64" {
		if got != 0 {
			t.Errorf("AMD64Level on %s = %d, want 0", runtime.GOARCH, got)
		}
		return
	}
	if got < 1 || got > 4 {
		t.Errorf("AMD64Level = %d, want 1 to 4", got)
	}
	t.Logf("this processor runs GOAMD64 up to v%d", got)
}
