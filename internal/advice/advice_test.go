package advice

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// TestUnsetGOROOTGoEnv: a value of GOROOT/go.env is overridden in the go env file with the value
// Go's own go.env has, never an empty GOPROXY ("GOPROXY list is not the empty string, but
// contains no entries") or GOSUMDB.
func TestUnsetGOROOTGoEnv(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/a"
	f := facts.New(context.Background(), h, "/w", time.Second)
	for name, want := range map[string]string{"GOPROXY": "https://proxy.golang.org,direct", "GOSUMDB": "sum.golang.org", "GOTOOLCHAIN": "auto", "GOFLAGS": ""} {
		fix := Unset(f, goenv.Value{Name: name, Value: "x", Source: goenv.FromGOROOTFile, File: "/usr/lib/golang/go.env"}, "")
		if len(fix.Actions) != 1 || !reflect.DeepEqual(fix.Actions[0], finding.Action{Kind: finding.GoEnvSet, Key: name, Value: want}) || !fix.Auto {
			t.Errorf("%s: fix %+v, want go env -w %s=%s", name, fix, name, want)
		}
	}
}
