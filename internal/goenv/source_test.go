package goenv

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

func TestSourcesLookup(t *testing.T) {
	t.Parallel()
	const userFile = "/home/ana/.config/go/env"
	const root = "/usr/local/go"
	h := fake("linux",
		"GOPROXY=https://env.example.com",
		"GOFLAGS=", // set but empty: the go command ignores it
		"GONOSUMDB=",
		"GOPATH=/env/go",
	)
	h.AddFile(userFile, []byte("GOPROXY=https://user.example.com\nGOFLAGS=-mod=mod\nGOTOOLCHAIN=local\nGONOSUMDB=\n"), 0o644)
	h.AddFile(root+"/go.env", []byte("# defaults\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n"), 0o644)
	s := LoadSources(h, root)
	if s.UserFile != userFile || s.Root != root || s.UserErr != nil {
		t.Fatalf("LoadSources: UserFile %q, Root %q, UserErr %v", s.UserFile, s.Root, s.UserErr)
	}
	user := func(v string, line int) Value {
		return Value{Value: v, Source: FromUserFile, File: userFile, Line: line}
	}
	goroot := func(v string, line int) Value {
		return Value{Value: v, Source: FromGOROOTFile, File: root + "/go.env", Line: line}
	}
	tests := []struct {
		name, effective string
		want            Value
	}{
		{
			name: "GOPROXY", effective: "https://env.example.com",
			want: Value{Value: "https://env.example.com", Source: FromEnvironment, Shadowed: []Value{user("https://user.example.com", 1), goroot("https://proxy.golang.org,direct", 2)}},
		},
		{
			name: "GOFLAGS", effective: "-mod=mod",
			want: user("-mod=mod", 2), // the empty environment value does not count
		},
		{
			name: "GOTOOLCHAIN", effective: "local",
			want: func() Value { v := user("local", 3); v.Shadowed = []Value{goroot("auto", 4)}; return v }(),
		},
		{
			name: "GONOSUMDB", effective: "",
			want: user("", 4), // an empty go env file value still wins over go.env and the default
		},
		{
			name: "GOSUMDB", effective: "sum.golang.org",
			want: goroot("sum.golang.org", 3),
		},
		{
			name: "GOPATH", effective: "/env/go",
			want: Value{Value: "/env/go", Source: FromEnvironment},
		},
		{
			name: "GOBIN", effective: "",
			want: Value{Source: FromDefault},
		},
		{
			name: "GOCACHE", effective: "/home/ana/.cache/go-build",
			want: Value{Value: "/home/ana/.cache/go-build", Source: FromDefault},
		},
	}
	for _, tt := range tests {
		got := s.Lookup(tt.name, tt.effective)
		if len(got.Shadowed) == 0 {
			got.Shadowed = nil
		}
		tt.want.Name = tt.name
		for i := range tt.want.Shadowed {
			tt.want.Shadowed[i].Name = tt.name
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lookup(%s) = %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestSourcesWindowsEnvironmentFoldsCase(t *testing.T) {
	t.Parallel()
	h := fake("windows", "AppData=C:/Users/ana/AppData/Roaming", "GoProxy=off")
	h.AddFile("C:/Users/ana/AppData/Roaming/go/env", []byte("GOPROXY=direct\ngoproxy=ignored\n"), 0o644)
	s := LoadSources(h, "")
	v := s.Lookup("GOPROXY", "off")
	if v.Source != FromEnvironment || v.Value != "off" || len(v.Shadowed) != 1 || v.Shadowed[0].Value != "direct" {
		t.Errorf("Lookup(GOPROXY) = %+v", v)
	}
	if s.RootVals != nil {
		t.Errorf("no GOROOT, yet RootVals = %v", s.RootVals)
	}
}

func TestLoadSourcesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		setup    func(h *host.Fake)
		userFile string
		userErr  bool
		tooLarge bool
	}{
		{name: "no go env file yet", setup: func(*host.Fake) {}, userFile: "/home/ana/.config/go/env"},
		{name: "GOENV=off", setup: func(h *host.Fake) { h.Environ = []string{"GOENV=off"} }},
		{name: "the go env file is a directory", setup: func(h *host.Fake) { h.AddDir("/home/ana/.config/go/env") }, userFile: "/home/ana/.config/go/env", userErr: true},
		{name: "the go env file is too large", setup: func(h *host.Fake) {
			h.AddFile("/home/ana/.config/go/env", []byte(strings.Repeat("#\n", maxEnvFile)), 0o644)
		}, userFile: "/home/ana/.config/go/env", userErr: true, tooLarge: true},
		{name: "a dangling go env file", setup: func(h *host.Fake) { h.AddSymlink("/home/ana/.config/go/env", "/nowhere") }, userFile: "/home/ana/.config/go/env"},
	}
	for _, tt := range tests {
		h := fake("linux")
		tt.setup(h)
		s := LoadSources(h, "/usr/local/go")
		if slash(s.UserFile) != tt.userFile || (s.UserErr != nil) != tt.userErr || errors.Is(s.UserErr, host.ErrTooLarge) != tt.tooLarge {
			t.Errorf("%s: UserFile %q, UserErr %v", tt.name, s.UserFile, s.UserErr)
		}
		if s.User != nil {
			t.Errorf("%s: User = %v, want nil", tt.name, s.User)
		}
		if v := s.Lookup("GOPROXY", "x"); v.Source != FromDefault {
			t.Errorf("%s: Lookup = %+v", tt.name, v)
		}
	}
}

func TestValueWhere(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    Value
		want string
	}{
		{Value{Source: FromEnvironment}, "the environment"},
		{Value{Source: FromUserFile, File: "/home/ana/.config/go/env", Line: 3}, "the go env file /home/ana/.config/go/env:3 (set with go env -w)"},
		{Value{Source: FromUserFile, File: "/home/ana/.config/go/env"}, "the go env file /home/ana/.config/go/env (set with go env -w)"},
		{Value{Source: FromGOROOTFile, File: "/usr/local/go/go.env", Line: 12}, "/usr/local/go/go.env:12 (the Go distribution's defaults)"},
		{Value{Source: FromGOROOTFile, File: "/usr/local/go/go.env", Line: 1234567}, "/usr/local/go/go.env:1234567 (the Go distribution's defaults)"},
		{Value{Source: FromDefault}, "the default"},
		{Value{}, "the default"},
	}
	for _, tt := range tests {
		if got := tt.v.Where(); got != tt.want {
			t.Errorf("Where(%+v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	for _, n := range []int{0, 1, 9, 10, 99, 100, 1000000} {
		if got, want := itoa(n), strconv.Itoa(n); got != want {
			t.Errorf("itoa(%d) = %q", n, got)
		}
	}
}
