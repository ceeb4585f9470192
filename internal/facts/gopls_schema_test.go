package facts

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// TestGoplsAPIFacts asks the pinned gopls through facts: once per run, however often asked.
func TestGoplsAPIFacts(t *testing.T) {
	gopls := testtools.Need(t, "gopls")
	ctx := context.Background()
	f := New(ctx, host.NewReal(os.Environ()), t.TempDir(), 30*time.Second)
	api, res, err := f.GoplsAPI(ctx, gopls)
	if err != nil {
		t.Fatal(err)
	}
	if api.Options["gofumpt"] == nil || res.Cmd.String() != gopls+" api-json" {
		t.Errorf("api-json through facts: %d options, command %s", len(api.Options), res.Cmd)
	}
	if _, res2, _ := f.GoplsAPI(ctx, gopls); res2 != res {
		t.Error("api-json ran twice in one run")
	}
	u, rs, err := f.GoplsFlags(ctx, gopls)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || !u.ServeKnown || u.Flags["rpc.trace"].Name == "" {
		t.Errorf("usage: %+v", u)
	}
	// A program that is not gopls: the error says what it printed.
	_, _, err = f.GoplsAPI(ctx, "/bin/false")
	if err == nil || !strings.Contains(err.Error(), "exited with status 1") {
		t.Errorf("GoplsAPI(/bin/false) = %v", err)
	}
	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := f.GoplsAPI(ctx2, gopls); err == nil {
		t.Error("GoplsAPI ran with a done context")
	}
}
