package schema

import (
	"reflect"
	"testing"
)

// TestFlagValues follows CheckFlags's parse: -x=v, -x v and --x=v, gopls's flags and serve's,
// booleans left out, nothing after where gopls stops.
func TestFlagValues(t *testing.T) {
	u := &Usage{Flags: map[string]FlagSpec{
		"rpc.trace": {Name: "rpc.trace", Serve: true},
		"logfile":   {Name: "logfile", Type: "string", Serve: true},
		"remote":    {Name: "remote", Type: "string"},
		"mode":      {Name: "mode", Type: "string", Serve: true},
	}, Commands: []string{"serve", "version"}, ServeKnown: true}
	for _, tt := range []struct {
		flags []string
		want  []FlagValue
	}{
		{[]string{"-rpc.trace", "-logfile=~/g.log"}, []FlagValue{{Index: 1, Span: 1, Name: "logfile", Value: "~/g.log"}}},
		{[]string{"-logfile", "/x/g.log", "-rpc.trace"}, []FlagValue{{Index: 0, Span: 2, Name: "logfile", Value: "/x/g.log"}}},
		{[]string{"-remote=auto", "serve", "--logfile=a"}, []FlagValue{{Index: 0, Span: 1, Name: "remote", Value: "auto"}, {Index: 2, Span: 1, Name: "logfile", Value: "a", Serve: true}}},
		{[]string{"-foo", "-logfile=a"}, nil},
	} {
		if got := FlagValues(tt.flags, u); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FlagValues(%q) = %+v; want %+v", tt.flags, got, tt.want)
		}
	}
}
