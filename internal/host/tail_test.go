package host

import (
	"os"
	"path/filepath"
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
