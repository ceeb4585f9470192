package cli

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/gomedic/gomedic/internal/install"
)

// progress shows installs as they happen.
type progress interface {
	event(install.Event)
	wait()
}

// newProgress picks the display: a live line per tool on a terminal, one plain line per event
// otherwise, nothing for --json (which prints one document at the end).
func newProgress(io *IO, asJSON bool, tools []string) progress {
	switch {
	case asJSON:
		return quietProgress{}
	case io.IsTTY:
		return newBarProgress(io, tools)
	}
	return &lineProgress{io: io}
}

type quietProgress struct{}

func (quietProgress) event(install.Event) {}
func (quietProgress) wait()               {}

// lineProgress writes one line per event.
type lineProgress struct {
	io *IO
	mu sync.Mutex
}

func (p *lineProgress) event(e install.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("%s: %s", e.Tool, e.Phase)
	if e.Detail != "" {
		line += " " + e.Detail
	}
	fmt.Fprintln(p.io.Out, line)
}

func (p *lineProgress) wait() {}

// barProgress keeps one live line per tool: a spinner, the tool's name and its state.
type barProgress struct {
	p    *mpb.Progress
	bars map[string]*toolBar
}

type toolBar struct {
	bar   *mpb.Bar
	state atomic.Value // string
}

func newBarProgress(io *IO, tools []string) *barProgress {
	bp := &barProgress{p: mpb.New(mpb.WithOutput(io.Out), mpb.WithWidth(3)), bars: map[string]*toolBar{}}
	width := 0
	for _, t := range tools {
		width = max(width, len(t))
	}
	for _, t := range tools {
		tb := &toolBar{}
		tb.state.Store("waiting")
		tb.bar = bp.p.AddSpinner(0,
			mpb.PrependDecorators(decor.Name(t, decor.WC{W: width + 1, C: decor.DindentRight})),
			mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return tb.state.Load().(string) })),
			mpb.BarFillerOnComplete("✓"),
			mpb.BarFillerOnAbort("✗"),
		)
		bp.bars[t] = tb
	}
	return bp
}

func (bp *barProgress) event(e install.Event) {
	tb := bp.bars[e.Tool]
	if tb == nil {
		return
	}
	state := string(e.Phase)
	if e.Detail != "" {
		state += " " + e.Detail
	}
	tb.state.Store(state)
	switch e.Phase {
	case install.Done, install.Current:
		tb.bar.SetTotal(-1, true)
	case install.Failed:
		tb.bar.Abort(false)
	}
}

func (bp *barProgress) wait() {
	for _, tb := range bp.bars {
		if !tb.bar.AbortedOrCompleted() {
			tb.bar.Abort(false)
		}
	}
	bp.p.Wait()
}
