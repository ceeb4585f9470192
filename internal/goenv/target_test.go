package goenv

import (
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

func TestTempDir(t *testing.T) {
	for _, tc := range []struct {
		goos      string
		environ   []string
		dir, var_ string
	}{
		{"linux", nil, "/tmp", ""},
		{"linux", []string{"TMPDIR=/run/user/1000/tmp"}, "/run/user/1000/tmp", "TMPDIR"},
		{"darwin", []string{"TMPDIR=/var/folders/xy/T/"}, "/var/folders/xy/T/", "TMPDIR"},
		{"windows", []string{"TEMP=C:/t", "USERPROFILE=C:/Users/ana"}, "C:/t", "TEMP"},
		{"windows", []string{"TMP=C:/a", "TEMP=C:/t"}, "C:/a", "TMP"},
		{"windows", []string{"SystemRoot=C:/Windows"}, "C:/Windows/Temp", ""},
	} {
		h := host.NewFake(tc.goos, "amd64")
		h.Environ = tc.environ
		dir, name := TempDir(h)
		if dir != tc.dir || name != tc.var_ {
			t.Errorf("%s %v: TempDir = %q, %q; want %q, %q", tc.goos, tc.environ, dir, name, tc.dir, tc.var_)
		}
	}
}

func TestKnownTargets(t *testing.T) {
	for _, tc := range []struct {
		goos, goarch string
		ok           bool
	}{
		{"linux", "amd64", true}, {"wasip1", "wasm", true}, {"js", "wasm", true}, {"linuxx", "amd64", false}, {"linux", "x86_64", false},
	} {
		if got := KnownOS(tc.goos) && KnownArch(tc.goarch); got != tc.ok {
			t.Errorf("%s/%s known = %v, want %v", tc.goos, tc.goarch, got, tc.ok)
		}
	}
	if ArchVar("amd64") != "GOAMD64" || ArchVar("mipsle") != "GOMIPS" || ArchVar("s390x") != "" {
		t.Errorf("ArchVar is wrong")
	}
}
