package gocmd

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzParse: any bytes in, no panic; every cause is of a known kind and its Line is a line of the
// output read.
func FuzzParse(f *testing.F) {
	if ar, err := txtar.ParseFile(filepath.Join("testdata", "recorded.txtar")); err == nil {
		for _, file := range ar.Files {
			f.Add(string(file.Data))
		}
	}
	f.Add("go: go: x@v requires go >= 1 (running go 2; GOTOOLCHAIN=)\r\n\t\x00")
	f.Add("# [\n:1: \nC:a.go:1:2: x\n\xff\xfe go: downloading go1 (")
	f.Fuzz(func(t *testing.T, out string) {
		for _, c := range Parse(out) {
			if c.Kind == Unknown || c.Kind >= numKinds {
				t.Fatalf("kind %d", c.Kind)
			}
			if !strings.Contains(out, c.Line) {
				t.Fatalf("Line %q is not in the output", c.Line)
			}
			if len(c.More) > maxMore {
				t.Fatalf("%d more lines", len(c.More))
			}
		}
		_ = IsProgress(out)
		_ = WithoutProgress(out)
	})
}

// BenchmarkParse parses every recorded output once per iteration.
func BenchmarkParse(b *testing.B) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "recorded.txtar"))
	if err != nil {
		b.Fatal(err)
	}
	var outs []string
	size := 0
	for _, f := range ar.Files {
		outs = append(outs, string(f.Data))
		size += len(f.Data)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, o := range outs {
			Parse(o)
		}
	}
}
