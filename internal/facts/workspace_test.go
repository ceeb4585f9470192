package facts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// layoutHost is a fake machine with a go.work above a module that holds a nested module and
// the directories the walk skips.
func layoutHost(environ ...string) *host.Fake {
	h := host.NewFake("linux", "amd64")
	h.Environ = environ
	for _, f := range []string{
		"/w/go.work", "/w/app/go.mod", "/w/app/main.go", "/w/app/lib/lib.go", "/w/app/lib/lib_test.go",
		"/w/app/tools/go.mod", "/w/app/tools/t.go", "/w/app/testdata/x/go.mod", "/w/app/vendor/v/v.go",
		"/w/app/.hidden/h.go", "/w/app/_skip/s.go", "/w/app/node_modules/n/go.mod", "/w/app/onlytests/a_test.go",
	} {
		h.AddFile(f, []byte("x"), 0o644)
	}
	return h
}

func TestLayout(t *testing.T) {
	h := layoutHost()
	f := New(context.Background(), h, "/w/app", time.Second)
	l := f.Layout("/w/app")
	if l.GoMod != "/w/app/go.mod" || l.GoWork != "/w/go.work" || l.HiddenWork != "" || l.Missing || l.Truncated || !l.HasGoFiles {
		t.Errorf("layout = %+v", l)
	}
	if !slices.Equal(l.Nested, []string{"/w/app/tools/go.mod"}) {
		t.Errorf("nested = %q", l.Nested)
	}
	want := []GoDir{{Dir: "/w/app"}, {Dir: "/w/app/lib"}, {Dir: "/w/app/tools", Module: "/w/app/tools"}}
	if !slices.Equal(l.GoDirs, want) {
		t.Errorf("go dirs = %+v, want %+v", l.GoDirs, want)
	}
	if f.Layout("/w/app") != l {
		t.Error("Layout is not cached")
	}
	if m := f.Layout("/w/nope"); !m.Missing {
		t.Error("a missing folder is not Missing")
	}

	// GOWORK=off hides the go.work; a GOWORK naming another file hides the nearest one.
	h = layoutHost("GOWORK=off")
	f = New(context.Background(), h, "/w/app", time.Second)
	if l := f.Layout("/w/app"); l.GoWork != "" || l.HiddenWork != "/w/go.work" {
		t.Errorf("GOWORK=off: work %q hidden %q", l.GoWork, l.HiddenWork)
	}
	h = layoutHost("GOWORK=/elsewhere/go.work")
	f = New(context.Background(), h, "/w/app", time.Second)
	if l := f.Layout("/w/app"); l.GoWork != "/elsewhere/go.work" || l.HiddenWork != "/w/go.work" {
		t.Errorf("GOWORK=file: work %q hidden %q", l.GoWork, l.HiddenWork)
	}
}

func TestDecodePackagesBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, `{"ImportPath": "x/p%d", "Dir": "/w/p%d", "GoFiles": ["a.go"], "DepsErrors": [{"ImportStack": ["x/p%d"], "Pos": "p%d/a.go:3:8", "Err": "boom %d"}, {"ImportStack": ["x"], "Pos": "shared.go:1:1", "Err": "the same everywhere"}]}`+"\n", i, i, i, i, i)
	}
	load := &PackageLoad{}
	if err := DecodePackages(strings.NewReader(b.String()), load); err != nil {
		t.Fatal(err)
	}
	if len(load.Packages) != 300 || load.ErrorCount != 301 || len(load.Errors) != maxListErrors {
		t.Errorf("packages %d, errors %d kept of %d", len(load.Packages), len(load.Errors), load.ErrorCount)
	}
	if e := load.Errors[0]; e.Package != "x/p0" || !e.Deps || e.Pos != "p0/a.go:3:8" {
		t.Errorf("first error = %+v", e)
	}
	// A stream cut in the middle (output past the cap) reads what came before the cut.
	cut := &PackageLoad{}
	s := b.String()
	if err := DecodePackages(strings.NewReader(s[:len(s)/2]), cut); err == nil || len(cut.Packages) == 0 {
		t.Errorf("cut stream: %d packages, err %v", len(cut.Packages), err)
	}
}

func TestWithin(t *testing.T) {
	for _, tt := range []struct {
		path, dir string
		want      bool
	}{
		{"/w/a", "/w", true}, {"/w", "/w", true}, {"/wx", "/w", false}, {"/", "/w", false}, {"/w/../x", "/w", false}, {"/w/..a", "/w", true},
	} {
		if got := Within(tt.path, tt.dir); got != tt.want {
			t.Errorf("Within(%q, %q) = %v", tt.path, tt.dir, got)
		}
	}
}
