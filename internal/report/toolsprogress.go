package report

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// ToolsProgress shows installs as they happen. Event may be called concurrently; Wait ends the
// display once the installs are over, before the results are written.
type ToolsProgress interface {
	Event(result.ToolEvent)
	Wait()
}

// NewToolsProgress picks the display: a live line per tool on a terminal (tty), one plain line per
// event otherwise, nothing for --json (which prints one document at the end).
func NewToolsProgress(w io.Writer, tty, asJSON bool, tools []string) ToolsProgress {
	switch {
	case asJSON:
		return QuietProgress{}
	case tty:
		return newBarProgress(w, tools)
	}
	return &lineProgress{w: w}
}

// QuietProgress shows nothing: for --json, and for the commands that do not install.
type QuietProgress struct{}

// Event drops e.
func (QuietProgress) Event(result.ToolEvent) {}

// Wait returns at once.
func (QuietProgress) Wait() {}

// eventText is what an event says after the tool's name: its phase and detail, redacted.
func eventText(e result.ToolEvent) string {
	s := string(e.Phase)
	if e.Detail != "" {
		s += " " + redact.Text(e.Detail)
	}
	return s
}

// lineProgress writes one line per event.
type lineProgress struct {
	w  io.Writer
	mu sync.Mutex
}

func (p *lineProgress) Event(e result.ToolEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "%s: %s\n", e.Tool, eventText(e))
}

func (p *lineProgress) Wait() {}

// barProgress keeps one live line per tool: a spinner, the tool's name and its state.
type barProgress struct {
	p    *mpb.Progress
	bars map[string]*toolBar
}

type toolBar struct {
	bar   *mpb.Bar
	state atomic.Value // string
}

func newBarProgress(w io.Writer, tools []string) *barProgress {
	bp := &barProgress{p: mpb.New(mpb.WithOutput(w), mpb.WithWidth(3)), bars: map[string]*toolBar{}}
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

func (bp *barProgress) Event(e result.ToolEvent) {
	tb := bp.bars[e.Tool]
	if tb == nil {
		return
	}
	tb.state.Store(eventText(e))
	switch e.Phase {
	case result.ToolPhaseDone, result.ToolPhaseCurrent:
		tb.bar.SetTotal(-1, true)
	case result.ToolPhaseFailed:
		tb.bar.Abort(false)
	}
}

func (bp *barProgress) Wait() {
	for _, tb := range bp.bars {
		if !tb.bar.AbortedOrCompleted() {
			tb.bar.Abort(false)
		}
	}
	bp.p.Wait()
}
