package doctor

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
)

// Options select and bound the checks of a run.
type Options struct {
	Only    []string        // id patterns; empty means every check
	Skip    []string        // id patterns
	Layers  []finding.Layer // empty means every layer
	Offline bool            // skip Online checks
	Deep    bool            // run Deep checks
	// CheckTimeout bounds one check; past it the check is reported as error and the run goes on.
	CheckTimeout time.Duration
	// Parallel bounds how many checks run at once; 0 means 8.
	Parallel int
}

// selected reports whether the user asked for ch.
func (o Options) selected(ch *Check) bool {
	if ch.Deep && !o.Deep {
		return false
	}
	if len(o.Layers) > 0 && !containsLayer(o.Layers, ch.Layer) {
		return false
	}
	if len(o.Only) > 0 && !matchAny(o.Only, ch.ID) {
		return false
	}
	return !matchAny(o.Skip, ch.ID)
}

func containsLayer(ls []finding.Layer, l finding.Layer) bool {
	for _, m := range ls {
		if m == l {
			return true
		}
	}
	return false
}

func matchAny(patterns []string, id string) bool {
	for _, p := range patterns {
		if Match(p, id) {
			return true
		}
	}
	return false
}

// Run runs the selected checks of c against f and returns their findings, root causes first (see
// Sort). Checks that selected checks need run too, but only selected ones are reported.
func Run(ctx context.Context, c *Catalog, f *facts.Facts, opts Options) []finding.Finding {
	if opts.CheckTimeout <= 0 {
		opts.CheckTimeout = 30 * time.Second
	}
	if opts.Parallel <= 0 {
		opts.Parallel = 8
	}
	want := make(map[string]bool)
	run := make(map[string]bool)
	var visit func(ch *Check)
	visit = func(ch *Check) {
		if run[ch.ID] {
			return
		}
		run[ch.ID] = true
		for _, n := range ch.Needs {
			visit(c.Lookup(n))
		}
		for _, n := range ch.Causes {
			visit(c.Lookup(n))
		}
	}
	for _, ch := range c.Checks() {
		if opts.selected(ch) {
			want[ch.ID] = true
			visit(ch)
		}
	}

	r := &runner{opts: opts, facts: f, done: make(map[string]chan struct{}), results: make(map[string]*finding.Finding), sem: make(chan struct{}, opts.Parallel)}
	for id := range run {
		r.done[id] = make(chan struct{})
	}
	var wg sync.WaitGroup
	for _, ch := range c.Checks() {
		if !run[ch.ID] {
			continue
		}
		wg.Add(1)
		go func(ch *Check) {
			defer wg.Done()
			r.runOne(ctx, ch)
		}(ch)
	}
	wg.Wait()

	var out []finding.Finding
	for _, ch := range c.Checks() {
		if want[ch.ID] {
			out = append(out, *r.results[ch.ID])
		}
	}
	Sort(out)
	return out
}

type runner struct {
	opts  Options
	facts *facts.Facts
	sem   chan struct{}

	mu      sync.Mutex
	done    map[string]chan struct{}
	results map[string]*finding.Finding
}

func (r *runner) result(id string) *finding.Finding {
	<-r.done[id]
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.results[id]
}

func (r *runner) runOne(ctx context.Context, ch *Check) {
	var fd finding.Finding
	defer func() {
		fd.ID, fd.Layer = ch.ID, ch.Layer
		r.mu.Lock()
		r.results[ch.ID] = &fd
		r.mu.Unlock()
		close(r.done[ch.ID])
	}()
	if ch.Online && r.opts.Offline {
		if b, ok := r.needsBlock(ch); ok {
			fd = b
			return
		}
		fd = finding.Finding{Status: finding.Skip, Title: "not checked: --offline", Detail: "This check reaches the network and --offline was given."}
		return
	}
	if ch.Early {
		fd = r.early(ctx, ch)
		return
	}
	if b, ok := r.needsBlock(ch); ok {
		fd = b
		return
	}
	if ch.Eager {
		// An Eager check mostly waits on a process it started: it takes no slot of the Parallel
		// bound, so that it starts now rather than behind the many short checks.
		fd = r.call(ctx, ch)
		r.attribute(ch, &fd)
		return
	}
	for _, n := range ch.Causes {
		r.result(n)
	}
	r.sem <- struct{}{}
	fd = r.call(ctx, ch)
	<-r.sem
	r.attribute(ch, &fd)
}

// needsBlock waits for the checks ch needs and returns the skip that blocks ch when one of them
// did not pass (failed, or was itself blocked).
func (r *runner) needsBlock(ch *Check) (finding.Finding, bool) {
	for _, n := range ch.Needs {
		dep := r.result(n)
		switch {
		case dep.Status == finding.Fail || dep.Status == finding.Error:
			return blocked(ch, n, dep), true
		case dep.Status == finding.Skip && dep.BlockedBy != "":
			return blocked(ch, dep.BlockedBy, dep), true
		}
	}
	return finding.Finding{}, false
}

// early runs an Early check: its Run starts now, while its Needs are decided. When one of them
// does not pass, Run's context is cancelled, and once Run has returned (having stopped what it
// started) the check is reported blocked, exactly as if it had waited.
func (r *runner) early(ctx context.Context, ch *Check) finding.Finding {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// call gives up on a Run that outlives its context; Run itself is waited for here, within
	// earlyStopGrace, so that what it started has stopped when the check is reported.
	ran := make(chan struct{})
	shadow := *ch
	shadow.Run = func(ctx context.Context, f *facts.Facts) finding.Finding {
		defer close(ran)
		return ch.Run(ctx, f)
	}
	out := make(chan finding.Finding, 1)
	go func() { out <- r.call(ctx, &shadow) }()
	if b, ok := r.needsBlock(ch); ok {
		cancel()
		<-out
		select {
		case <-ran:
		case <-time.After(earlyStopGrace):
		}
		return b
	}
	fd := <-out
	r.attribute(ch, &fd)
	return fd
}

// earlyStopGrace bounds the wait for an Early check's Run to return once its context was cancelled.
const earlyStopGrace = 5 * time.Second

// attribute turns a failure the check blamed on one of its Causes into a skip blocked by that
// cause, when the cause did fail; otherwise the failure stands on its own.
func (r *runner) attribute(ch *Check, fd *finding.Finding) {
	cause := fd.BlockedBy
	if cause == "" || fd.Status == finding.Skip {
		return
	}
	fd.BlockedBy = ""
	known := false
	for _, c := range ch.Causes {
		known = known || c == cause
	}
	if !known {
		return
	}
	dep := r.result(cause)
	root := cause
	switch {
	case dep.Status == finding.Fail || dep.Status == finding.Error:
	case dep.Status == finding.Skip && dep.BlockedBy != "":
		// The cause did not run because something before it failed: that is the root.
		root = dep.BlockedBy
	default:
		return
	}
	own := *fd
	*fd = blocked(ch, root, dep)
	// ch ran: it does not need the cause, its failure follows from it.
	fd.Detail = fmt.Sprintf("%s failed because of %s, which did not pass (%s).", ch.ID, dep.ID, strings.TrimSuffix(dep.Title, "."))
	fd.Detail += "\n" + own.Title
	if own.Detail != "" {
		fd.Detail += ": " + own.Detail
	}
	fd.Evidence = own.Evidence
	fd.DurationMS = own.DurationMS
}

func blocked(ch *Check, root string, dep *finding.Finding) finding.Finding {
	return finding.Finding{
		Status:    finding.Skip,
		Title:     fmt.Sprintf("not checked: blocked by %s", root),
		Detail:    fmt.Sprintf("%s needs %s, which did not pass (%s).", ch.ID, dep.ID, strings.TrimSuffix(dep.Title, ".")),
		BlockedBy: root,
	}
}

// call runs one check with its timeout, turning a panic or an overrun into status error.
func (r *runner) call(parent context.Context, ch *Check) finding.Finding {
	ctx, cancel := context.WithTimeout(parent, r.opts.CheckTimeout)
	defer cancel()
	start := time.Now()
	out := make(chan finding.Finding, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				out <- finding.Finding{
					Status: finding.Error,
					Title:  fmt.Sprintf("the check %s crashed", ch.ID),
					Detail: fmt.Sprintf("This is a bug in gomedic, not a problem with your machine. Please report it with this text:\npanic: %v\n%s", p, trimStack(debug.Stack())),
				}
			}
		}()
		out <- ch.Run(ctx, r.facts)
	}()
	var fd finding.Finding
	select {
	case fd = <-out:
	case <-ctx.Done():
		fd = finding.Finding{
			Status: finding.Error,
			Title:  fmt.Sprintf("the check %s did not finish within %s", ch.ID, r.opts.CheckTimeout),
			Detail: "gomedic gave up on this check; a command it ran may be hanging. Run with a larger --timeout, or -v to see the commands.",
		}
		if parent.Err() != nil {
			fd.Title = fmt.Sprintf("the check %s was interrupted", ch.ID)
			fd.Detail = fmt.Sprintf("The run ended before this check finished (%v).", parent.Err())
		}
	}
	fd.DurationMS = time.Since(start).Milliseconds()
	switch {
	case fd.Status == "":
		fd.Status = finding.Error
		fd.Title = fmt.Sprintf("the check %s returned no status", ch.ID)
	case fd.Status.Rank() == len(finding.Statuses):
		fd.Title = fmt.Sprintf("the check %s returned the unknown status %q", ch.ID, fd.Status)
		fd.Status = finding.Error
	}
	return fd
}

func trimStack(b []byte) string {
	lines := strings.Split(string(b), "\n")
	if len(lines) > 24 {
		lines = lines[:24]
	}
	return strings.Join(lines, "\n")
}

// Sort orders findings root causes first: by status severity, then by layer in chain order (a
// broken go command explains a broken tool, not the reverse), then in catalog order.
func Sort(fs []finding.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Status.Rank() != b.Status.Rank() {
			return a.Status.Rank() < b.Status.Rank()
		}
		return a.Layer.Index() < b.Layer.Index()
	})
}

// Summary counts findings by status.
type Summary map[finding.Status]int

// Summarize counts fs by status; every status is present.
func Summarize(fs []finding.Finding) Summary {
	s := Summary{}
	for _, st := range finding.Statuses {
		s[st] = 0
	}
	for _, f := range fs {
		s[f.Status]++
	}
	return s
}
