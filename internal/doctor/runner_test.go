package doctor

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/testtools"
)

// recorder builds checks that record that they ran.
type recorder struct {
	mu  sync.Mutex
	ran []string
}

func (r *recorder) check(id string, layer finding.Layer, st finding.Status, needs ...string) *Check {
	return &Check{ID: id, Layer: layer, Needs: needs, Run: func(context.Context, *facts.Facts) finding.Finding {
		r.mu.Lock()
		r.ran = append(r.ran, id)
		r.mu.Unlock()
		return finding.Finding{Status: st, Title: id + " is " + string(st) + "."}
	}}
}

func (r *recorder) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.ran)
	slices.Sort(out)
	return out
}

func ids(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func byID(fs []finding.Finding) map[string]finding.Finding {
	m := map[string]finding.Finding{}
	for _, f := range fs {
		m[f.ID] = f
	}
	return m
}

// runWithin runs the catalog and fails the test if Run does not return within 10 s (stretched
// like every time limit of the tests: testtools.Timeout).
func runWithin(t *testing.T, ctx context.Context, c *Catalog, opts Options) []finding.Finding {
	t.Helper()
	done := make(chan []finding.Finding, 1)
	go func() { done <- Run(ctx, c, nil, opts) }()
	select {
	case fs := <-done:
		return fs
	case <-time.After(testtools.Timeout(10 * time.Second)):
		t.Fatal("Run did not return")
		return nil
	}
}

func TestRunSelection(t *testing.T) {
	t.Parallel()
	catalog := func(r *recorder) *Catalog {
		deep := r.check("workspace.gopls_live", finding.LayerWorkspace, finding.OK, "tools.gopls")
		deep.Deep = true
		online := r.check("net.goproxy", finding.LayerNet, finding.OK, "env.goproxy")
		online.Online = true
		return NewCatalog(
			r.check("go.found", finding.LayerGo, finding.OK),
			r.check("go.runs", finding.LayerGo, finding.OK, "go.found"),
			r.check("env.goproxy", finding.LayerEnv, finding.OK, "go.runs"),
			r.check("env.gopath", finding.LayerEnv, finding.OK, "go.runs"),
			online,
			r.check("tools.gopls", finding.LayerTools, finding.OK, "go.runs"),
			deep,
		)
	}
	tests := []struct {
		name     string
		opts     Options
		reported []string
		ran      []string
	}{
		{
			name:     "everything but deep checks",
			reported: []string{"go.found", "go.runs", "env.goproxy", "env.gopath", "net.goproxy", "tools.gopls"},
			ran:      []string{"env.gopath", "env.goproxy", "go.found", "go.runs", "net.goproxy", "tools.gopls"},
		},
		{
			name:     "deep",
			opts:     Options{Deep: true},
			reported: []string{"go.found", "go.runs", "env.goproxy", "env.gopath", "net.goproxy", "tools.gopls", "workspace.gopls_live"},
			ran:      []string{"env.gopath", "env.goproxy", "go.found", "go.runs", "net.goproxy", "tools.gopls", "workspace.gopls_live"},
		},
		{
			name:     "only runs the needs too but reports only what was asked",
			opts:     Options{Only: []string{"tools.gopls"}},
			reported: []string{"tools.gopls"},
			ran:      []string{"go.found", "go.runs", "tools.gopls"},
		},
		{
			name:     "only with a prefix",
			opts:     Options{Only: []string{"env.*"}},
			reported: []string{"env.goproxy", "env.gopath"},
			ran:      []string{"env.gopath", "env.goproxy", "go.found", "go.runs"},
		},
		{
			name:     "skip",
			opts:     Options{Skip: []string{"env.*", "net.goproxy"}},
			reported: []string{"go.found", "go.runs", "tools.gopls"},
			ran:      []string{"go.found", "go.runs", "tools.gopls"},
		},
		{
			name:     "a skipped check still runs when a selected check needs it",
			opts:     Options{Skip: []string{"go.*"}},
			reported: []string{"env.goproxy", "env.gopath", "net.goproxy", "tools.gopls"},
			ran:      []string{"env.gopath", "env.goproxy", "go.found", "go.runs", "net.goproxy", "tools.gopls"},
		},
		{
			name:     "layers",
			opts:     Options{Layers: []finding.Layer{finding.LayerNet, finding.LayerTools}},
			reported: []string{"net.goproxy", "tools.gopls"},
			ran:      []string{"env.goproxy", "go.found", "go.runs", "net.goproxy", "tools.gopls"},
		},
		{
			name:     "only and layers together",
			opts:     Options{Layers: []finding.Layer{finding.LayerGo}, Only: []string{"go.runs", "env.gopath"}},
			reported: []string{"go.runs"},
			ran:      []string{"go.found", "go.runs"},
		},
		{
			name:     "a deep check asked for by id without --deep",
			opts:     Options{Only: []string{"workspace.*"}},
			reported: nil,
			ran:      nil,
		},
		{
			name:     "offline does not run online checks",
			opts:     Options{Offline: true, Only: []string{"net.*"}},
			reported: []string{"net.goproxy"},
			ran:      []string{"env.goproxy", "go.found", "go.runs"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{}
			fs := runWithin(t, context.Background(), catalog(r), tt.opts)
			if got := ids(fs); !slices.Equal(got, tt.reported) {
				t.Errorf("reported %q, want %q", got, tt.reported)
			}
			if got := r.ids(); !slices.Equal(got, tt.ran) {
				t.Errorf("ran %q, want %q", got, tt.ran)
			}
			for _, f := range fs {
				if f.Layer == "" || f.Status == "" {
					t.Errorf("finding %+v lacks its layer or status", f)
				}
			}
		})
	}
}

func TestRunOffline(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	online := r.check("net.proxy", finding.LayerNet, finding.Fail)
	online.Online = true
	c := NewCatalog(online, r.check("tools.install", finding.LayerTools, finding.OK, "net.proxy"))
	got := byID(runWithin(t, context.Background(), c, Options{Offline: true}))
	if f := got["net.proxy"]; f.Status != finding.Skip || f.BlockedBy != "" || !strings.Contains(f.Title, "--offline") {
		t.Errorf("net.proxy = %+v, want skip for --offline", f)
	}
	// A need that was skipped, not failed, does not block.
	if f := got["tools.install"]; f.Status != finding.OK {
		t.Errorf("tools.install = %+v, want ok: its need was not checked, not failed", f)
	}
	if ran := r.ids(); !slices.Equal(ran, []string{"tools.install"}) {
		t.Errorf("ran %q", ran)
	}
}

func TestRunBlockedBy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		aStatus finding.Status
		want    map[string]struct {
			status    finding.Status
			blockedBy string
		}
	}{
		{name: "a fails", aStatus: finding.Fail},
		{name: "a cannot run", aStatus: finding.Error},
		{name: "a warns", aStatus: finding.Warn},
		{name: "a passes", aStatus: finding.OK},
		{name: "a is skipped", aStatus: finding.Skip},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{}
			// a <- b <- c, and d needs both b and a directly.
			c := NewCatalog(
				r.check("go.a", finding.LayerGo, tt.aStatus),
				r.check("env.b", finding.LayerEnv, finding.OK, "go.a"),
				r.check("tools.c", finding.LayerTools, finding.Fail, "env.b"),
				r.check("tools.d", finding.LayerTools, finding.OK, "env.b", "go.a"),
			)
			got := byID(runWithin(t, context.Background(), c, Options{}))
			blocks := tt.aStatus == finding.Fail || tt.aStatus == finding.Error
			if !blocks {
				if got["env.b"].Status != finding.OK || got["tools.c"].Status != finding.Fail || got["tools.d"].Status != finding.OK {
					t.Errorf("a %s blocked its dependents: %+v", tt.aStatus, got)
				}
				return
			}
			if f := got["go.a"]; f.Status != tt.aStatus || f.BlockedBy != "" {
				t.Errorf("go.a = %+v", f)
			}
			for _, id := range []string{"env.b", "tools.c", "tools.d"} {
				f := got[id]
				if f.Status != finding.Skip || f.BlockedBy != "go.a" || f.Title != "not checked: blocked by go.a" {
					t.Errorf("%s = %s blocked by %q (%q), want skip blocked by the root failure go.a", id, f.Status, f.BlockedBy, f.Title)
				}
				if f.Evidence != nil || f.Fix != nil {
					t.Errorf("%s keeps evidence or a fix although it did not run", id)
				}
			}
			if d := got["env.b"].Detail; d != "env.b needs go.a, which did not pass (go.a is "+string(tt.aStatus)+")." {
				t.Errorf("env.b detail = %q", d)
			}
			if d := got["tools.c"].Detail; !strings.HasPrefix(d, "tools.c needs env.b, which did not pass (not checked: blocked by go.a)") {
				t.Errorf("tools.c detail = %q", d)
			}
			if ran := r.ids(); !slices.Equal(ran, []string{"go.a"}) {
				t.Errorf("ran %q, want only go.a", ran)
			}
		})
	}
}

func TestRunCheckMisbehaves(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var hangStarted atomic.Bool
	c := NewCatalog(
		&Check{ID: "go.panics", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
			panic("boom")
		}},
		&Check{ID: "go.nil_run", Layer: finding.LayerGo},
		&Check{ID: "go.hangs", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
			hangStarted.Store(true)
			<-release // ignores its context
			return finding.Finding{Status: finding.OK}
		}},
		&Check{ID: "go.empty", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
			return finding.Finding{Title: "forgot the status", Detail: "d"}
		}},
		&Check{ID: "go.bogus", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
			return finding.Finding{Status: "failed", Title: "a typo"}
		}},
		&Check{ID: "go.fine", Layer: finding.LayerGo, Run: returns(finding.OK)},
		&Check{ID: "env.after_panic", Layer: finding.LayerEnv, Needs: []string{"go.panics"}, Run: returns(finding.OK)},
		&Check{ID: "env.after_hang", Layer: finding.LayerEnv, Needs: []string{"go.hangs"}, Run: returns(finding.OK)},
	)
	limit := testtools.Timeout(200 * time.Millisecond) // the checks that do not hang get it all
	got := byID(runWithin(t, context.Background(), c, Options{CheckTimeout: limit}))
	if f := got["go.panics"]; f.Status != finding.Error || f.Title != "the check go.panics crashed" ||
		!strings.Contains(f.Detail, "bug in gomedic") || !strings.Contains(f.Detail, "panic: boom\n") {
		t.Errorf("go.panics = %+v", f)
	}
	if f := got["go.nil_run"]; f.Status != finding.Error || !strings.Contains(f.Detail, "bug in gomedic") {
		t.Errorf("go.nil_run = %+v", f)
	}
	if f := got["go.hangs"]; f.Status != finding.Error || f.Title != "the check go.hangs did not finish within "+limit.String() || !hangStarted.Load() {
		t.Errorf("go.hangs = %+v", f)
	}
	if f := got["go.empty"]; f.Status != finding.Error || f.Title != "the check go.empty returned no status" {
		t.Errorf("go.empty = %+v", f)
	}
	if f := got["go.bogus"]; f.Status != finding.Error || !strings.Contains(f.Title, `unknown status "failed"`) {
		t.Errorf("go.bogus = %+v", f)
	}
	if f := got["go.fine"]; f.Status != finding.OK {
		t.Errorf("go.fine = %+v: the run must go on after a crash", f)
	}
	for _, id := range []string{"env.after_panic", "env.after_hang"} {
		if f := got[id]; f.Status != finding.Skip || f.BlockedBy == "" {
			t.Errorf("%s = %+v, want blocked: a need with status error blocks", id, f)
		}
	}
}

func TestRunParentCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	c := NewCatalog(&Check{ID: "go.waits", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
		close(started)
		<-release // ignores its context
		return finding.Finding{Status: finding.OK}
	}})
	go func() { <-started; cancel() }()
	fs := runWithin(t, ctx, c, Options{CheckTimeout: time.Minute})
	if len(fs) != 1 {
		t.Fatalf("findings %v", fs)
	}
	if f := fs[0]; f.Status != finding.Error || f.Title != "the check go.waits was interrupted" || !strings.Contains(f.Detail, "context canceled") {
		t.Errorf("finding = %+v: a cancelled run is not a 1m timeout", f)
	}
}

func TestRunCauses(t *testing.T) {
	t.Parallel()
	ev := []finding.Evidence{{Command: "go env GOBIN", Output: "/x"}}
	blame := func(cause string) func(context.Context, *facts.Facts) finding.Finding {
		return func(context.Context, *facts.Facts) finding.Finding {
			return finding.Finding{Status: finding.Fail, Title: "GOBIN is not on PATH", Detail: "details", Evidence: ev, BlockedBy: cause, Fix: &finding.Fix{Summary: "fix it"}}
		}
	}
	tests := []struct {
		name      string
		cause     finding.Status
		blames    string
		status    finding.Status
		blockedBy string
	}{
		{name: "a failed cause takes the blame", cause: finding.Fail, blames: "go.cause", status: finding.Skip, blockedBy: "go.cause"},
		{name: "a cause that could not run takes the blame", cause: finding.Error, blames: "go.cause", status: finding.Skip, blockedBy: "go.cause"},
		{name: "a cause that passed does not", cause: finding.OK, blames: "go.cause", status: finding.Fail},
		{name: "a cause that warned does not", cause: finding.Warn, blames: "go.cause", status: finding.Fail},
		{name: "an id that is not among the causes is ignored", cause: finding.Fail, blames: "go.other", status: finding.Fail},
		{name: "no blame", cause: finding.Fail, status: finding.Fail},
		{name: "a cause blocked by a failure points at that failure", cause: finding.Skip, blames: "go.cause", status: finding.Skip, blockedBy: "go.root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cause := &Check{ID: "go.cause", Layer: finding.LayerGo, Run: returns(tt.cause)}
			root := &Check{ID: "go.root", Layer: finding.LayerGo, Run: returns(finding.OK)}
			if tt.cause == finding.Skip {
				root.Run = returns(finding.Fail)
				cause.Needs = []string{"go.root"}
				cause.Run = returns(finding.OK)
			}
			c := NewCatalog(root, cause, &Check{ID: "go.other", Layer: finding.LayerGo, Run: returns(finding.Fail)},
				&Check{ID: "env.blamer", Layer: finding.LayerEnv, Causes: []string{"go.cause"}, Run: blame(tt.blames)})
			got := byID(runWithin(t, context.Background(), c, Options{Only: []string{"env.blamer"}}))
			f := got["env.blamer"]
			if f.Status != tt.status || f.BlockedBy != tt.blockedBy {
				t.Fatalf("env.blamer = %s blocked by %q, want %s blocked by %q", f.Status, f.BlockedBy, tt.status, tt.blockedBy)
			}
			if len(f.Evidence) != 1 || f.Evidence[0] != ev[0] {
				t.Errorf("evidence %v, want the check's own", f.Evidence)
			}
			if tt.status == finding.Skip {
				if f.Title != "not checked: blocked by "+tt.blockedBy || !strings.Contains(f.Detail, "GOBIN is not on PATH: details") ||
					!strings.HasPrefix(f.Detail, "env.blamer failed because of go.cause, which did not pass") {
					t.Errorf("title %q, detail %q", f.Title, f.Detail)
				}
			} else if f.Title != "GOBIN is not on PATH" || f.Fix == nil {
				t.Errorf("the failure changed: %+v", f)
			}
			if len(got) != 1 {
				t.Errorf("reported %d findings; causes run but are not reported", len(got))
			}
		})
	}
}

// TestRunCausesRunFirst checks that a check with Causes starts only after they finish.
func TestRunCausesRunFirst(t *testing.T) {
	t.Parallel()
	var causeDone atomic.Bool
	c := NewCatalog(
		&Check{ID: "env.effect", Layer: finding.LayerEnv, Causes: []string{"go.cause"}, Run: func(context.Context, *facts.Facts) finding.Finding {
			if !causeDone.Load() {
				return finding.Finding{Status: finding.Fail, Title: "ran before its cause"}
			}
			return finding.Finding{Status: finding.OK}
		}},
		&Check{ID: "go.cause", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
			time.Sleep(20 * time.Millisecond)
			causeDone.Store(true)
			return finding.Finding{Status: finding.OK}
		}},
	)
	for _, f := range runWithin(t, context.Background(), c, Options{}) {
		if f.Status != finding.OK {
			t.Errorf("%s: %s", f.ID, f.Title)
		}
	}
}

// TestRunEager checks that an Eager check starts without waiting for its Causes, and that a
// failure it blames on one of them still waits for that cause and goes to it.
func TestRunEager(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var started atomic.Bool
	c := NewCatalog(
		&Check{ID: "ws.probe", Layer: finding.LayerWorkspace, Eager: true, Causes: []string{"go.cause"}, Run: func(context.Context, *facts.Facts) finding.Finding {
			started.Store(true)
			close(release)
			return finding.Finding{Status: finding.Fail, Title: "the probe failed", BlockedBy: "go.cause"}
		}},
		&Check{ID: "go.cause", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
			select {
			case <-release:
			case <-time.After(testtools.Timeout(5 * time.Second)):
				return finding.Finding{Status: finding.OK, Title: "the eager check did not start alongside its cause"}
			}
			return finding.Finding{Status: finding.Fail, Title: "the cause"}
		}},
	)
	got := byID(runWithin(t, context.Background(), c, Options{}))
	if !started.Load() || got["go.cause"].Status != finding.Fail {
		t.Fatalf("go.cause: %s %q", got["go.cause"].Status, got["go.cause"].Title)
	}
	if f := got["ws.probe"]; f.Status != finding.Skip || f.BlockedBy != "go.cause" || !strings.Contains(f.Detail, "the probe failed") {
		t.Errorf("ws.probe = %s blocked by %q (%s)", f.Status, f.BlockedBy, f.Detail)
	}
}

func TestRunParallel(t *testing.T) {
	t.Parallel()
	for _, parallel := range []int{1, 3, 0} {
		limit := parallel
		if limit == 0 {
			limit = 8
		}
		var running, most atomic.Int32
		full := make(chan struct{})
		var once sync.Once
		body := func(ctx context.Context, _ *facts.Facts) finding.Finding {
			n := running.Add(1)
			defer running.Add(-1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			if n == int32(limit) {
				once.Do(func() { close(full) })
			}
			// Hold the slot until the limit has been reached once, so that the count is
			// not a matter of scheduling.
			select {
			case <-full:
			case <-ctx.Done():
			}
			return finding.Finding{Status: finding.OK}
		}
		var checks []*Check
		for i := range 20 {
			checks = append(checks, &Check{ID: "go.c" + string(rune('a'+i)), Layer: finding.LayerGo, Run: body})
		}
		fs := runWithin(t, context.Background(), NewCatalog(checks...), Options{Parallel: parallel, CheckTimeout: testtools.Timeout(10 * time.Second)})
		if len(fs) != 20 {
			t.Fatalf("%d findings", len(fs))
		}
		for _, f := range fs {
			if f.Status != finding.OK {
				t.Errorf("Parallel %d: %s = %s %q", parallel, f.ID, f.Status, f.Title)
			}
		}
		if got := most.Load(); got != int32(limit) {
			t.Errorf("Parallel %d: at most %d checks ran at once, want exactly %d", parallel, got, limit)
		}
	}
}

func TestSort(t *testing.T) {
	t.Parallel()
	fs := []finding.Finding{
		{ID: "tools.ok", Layer: finding.LayerTools, Status: finding.OK},
		{ID: "tools.fail", Layer: finding.LayerTools, Status: finding.Fail},
		{ID: "env.skip", Layer: finding.LayerEnv, Status: finding.Skip},
		{ID: "env.fail1", Layer: finding.LayerEnv, Status: finding.Fail},
		{ID: "go.warn", Layer: finding.LayerGo, Status: finding.Warn},
		{ID: "env.fail2", Layer: finding.LayerEnv, Status: finding.Fail},
		{ID: "go.error", Layer: finding.LayerGo, Status: finding.Error},
		{ID: "workspace.info", Layer: finding.LayerWorkspace, Status: finding.Info},
		{ID: "go.ok", Layer: finding.LayerGo, Status: finding.OK},
		{ID: "x.odd", Layer: "odd", Status: "odd"},
		{ID: "go.fail", Layer: finding.LayerGo, Status: finding.Fail},
	}
	Sort(fs)
	want := []string{"go.fail", "env.fail1", "env.fail2", "tools.fail", "go.error", "go.warn", "workspace.info", "go.ok", "tools.ok", "env.skip", "x.odd"}
	if got := ids(fs); !slices.Equal(got, want) {
		t.Errorf("Sort = %q\nwant %q", got, want)
	}
	Sort(nil)
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	s := Summarize([]finding.Finding{{Status: finding.Fail}, {Status: finding.Fail}, {Status: finding.OK}, {Status: finding.Skip, BlockedBy: "x"}})
	want := Summary{finding.Fail: 2, finding.Error: 0, finding.Warn: 0, finding.Info: 0, finding.OK: 1, finding.Skip: 1}
	if len(s) != len(want) {
		t.Errorf("Summarize = %v, want every status present: %v", s, want)
	}
	for st, n := range want {
		if s[st] != n {
			t.Errorf("Summarize[%s] = %d, want %d", st, s[st], n)
		}
	}
	if s := Summarize(nil); len(s) != len(finding.Statuses) {
		t.Errorf("Summarize(nil) = %v", s)
	}
}

func TestRunEmpty(t *testing.T) {
	t.Parallel()
	if fs := Run(context.Background(), NewCatalog(), nil, Options{}); len(fs) != 0 {
		t.Errorf("Run of an empty catalog = %v", fs)
	}
}

// TestRunEagerTakesNoSlot checks that an Eager check runs while every slot of the Parallel bound
// is held: it starts at once, not behind the short checks.
func TestRunEagerTakesNoSlot(t *testing.T) {
	t.Parallel()
	ran := make(chan struct{})
	c := NewCatalog(
		&Check{ID: "go.holds", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
			select {
			case <-ran:
				return finding.Finding{Status: finding.OK, Title: "the eager check ran while this one held the only slot"}
			case <-time.After(testtools.Timeout(5 * time.Second)):
				return finding.Finding{Status: finding.Fail, Title: "the eager check waited for a slot"}
			}
		}},
		&Check{ID: "editor.shell", Layer: finding.LayerEditor, Eager: true, Run: func(context.Context, *facts.Facts) finding.Finding {
			close(ran)
			return finding.Finding{Status: finding.OK, Title: "ran"}
		}},
	)
	for _, f := range runWithin(t, context.Background(), c, Options{Parallel: 1}) {
		if f.Status != finding.OK {
			t.Errorf("%s: %s", f.ID, f.Title)
		}
	}
}

// TestRunEarly checks that an Early check starts while the check it needs is still running; that
// when that need fails, its Run is cancelled and waited for, and it is reported blocked; and that
// when the need passes, its own finding stands, a failure blamed on a cause going to that cause.
func TestRunEarly(t *testing.T) {
	t.Parallel()
	for _, needFails := range []bool{true, false} {
		started := make(chan struct{})
		var cancelled, returned atomic.Bool
		c := NewCatalog(
			&Check{ID: "ws.probe", Layer: finding.LayerWorkspace, Early: true, Needs: []string{"go.need"}, Causes: []string{"go.cause"},
				Run: func(ctx context.Context, _ *facts.Facts) finding.Finding {
					close(started)
					if needFails {
						<-ctx.Done() // the probe stops what it started
						cancelled.Store(true)
					}
					returned.Store(true)
					return finding.Finding{Status: finding.Fail, Title: "the probe failed", BlockedBy: "go.cause"}
				}},
			&Check{ID: "go.need", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
				select {
				case <-started:
				case <-time.After(testtools.Timeout(5 * time.Second)):
					return finding.Finding{Status: finding.Error, Title: "the early check did not start before its need was decided"}
				}
				if needFails {
					return finding.Finding{Status: finding.Fail, Title: "the need"}
				}
				return finding.Finding{Status: finding.OK, Title: "the need"}
			}},
			&Check{ID: "go.cause", Layer: finding.LayerGo, Run: func(context.Context, *facts.Facts) finding.Finding {
				return finding.Finding{Status: finding.Fail, Title: "the cause"}
			}},
		)
		got := byID(runWithin(t, context.Background(), c, Options{}))
		if f := got["go.need"]; f.Status == finding.Error {
			t.Fatalf("needFails=%v: %s", needFails, f.Title)
		}
		f := got["ws.probe"]
		want := "go.cause"
		if needFails {
			want = "go.need"
		}
		if f.Status != finding.Skip || f.BlockedBy != want || !returned.Load() || cancelled.Load() != needFails {
			t.Errorf("needFails=%v: ws.probe = %s blocked by %q (%s); returned %v, cancelled %v", needFails, f.Status, f.BlockedBy, f.Title, returned.Load(), cancelled.Load())
		}
	}
}
