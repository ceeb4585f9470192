package goenv

import (
	"reflect"
	"testing"
)

func TestSplitGOFLAGS(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"-ldflags=-s -w", []string{"-ldflags=-s", "-w"}},
		{"'-ldflags=-s -w' -mod=mod", []string{"-ldflags=-s -w", "-mod=mod"}},
		{` "-tags=a b"	-x `, []string{"-tags=a b", "-x"}},
		{"-ldflags='-s -w'", []string{"-ldflags='-s", "-w'"}},
		{"'-x", []string{"'-x"}},
	} {
		if got := SplitGOFLAGS(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SplitGOFLAGS(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEnvCmdFlags(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []EnvCmdFlag
	}{
		{"-mod=mod -trimpath", nil},
		{"-ldflags=-s -w", []EnvCmdFlag{{Entry: "-w", Name: "w", Prev: "-ldflags=-s"}}},
		{"'-ldflags=-s -w'", nil},
		{"-u", []EnvCmdFlag{{Entry: "-u", Name: "u"}}},
		{"--json=true -changed", []EnvCmdFlag{{Entry: "--json=true", Name: "json"}, {Entry: "-changed", Name: "changed"}}},
		{"-w=false -u=0", nil},
		{"-w=yes", []EnvCmdFlag{{Entry: "-w=yes", Name: "w"}}},
		{"-mod=mod -w", []EnvCmdFlag{{Entry: "-w", Name: "w"}}},
		{"-ldflags=-X=a -w", []EnvCmdFlag{{Entry: "-w", Name: "w", Prev: "-ldflags=-X=a"}}},
	} {
		if got := EnvCmdFlags(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("EnvCmdFlags(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestIsLangVersion(t *testing.T) {
	for in, want := range map[string]bool{"go1.27": true, "go1.21": true, "go1.20": false, "go1.27.0": false, "go1.27rc1": false, "local": false, "mybuild-go1.27": true} {
		if got := IsLangVersion(in); got != want {
			t.Errorf("IsLangVersion(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestISAValueOK(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"GOAMD64", "v3", true}, {"GOAMD64", "v5", false}, {"GOAMD64", "", true},
		{"GOARM", "7,softfloat", true}, {"GOARM", "9", false},
		{"GOARM64", "v8.1,lse,crypto", true}, {"GOARM64", "v9.6", false}, {"GOARM64", "v7.0", false},
		{"GO386", "sse2", true}, {"GO386", "mmx", false},
		{"GOPPC64", "power10", true}, {"GOPPC64", "bogus", false},
		{"GOWASM", "satconv,signext", true}, {"GOWASM", "x", false},
	} {
		if got := ISAValueOK(tc.name, tc.value); got != tc.want {
			t.Errorf("ISAValueOK(%s, %q) = %v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}
