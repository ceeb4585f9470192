package settings

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
)

// liveWriter discards what it is given and, every 32 KB, collects garbage and notes the live
// heap: the most a renderer held at once, measured in bytes, not time.
type liveWriter struct {
	written, next int
	peak          uint64
}

func (w *liveWriter) Write(p []byte) (int, error) {
	if w.written += len(p); w.written >= w.next {
		w.next = w.written + 32<<10
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		w.peak = max(w.peak, ms.HeapAlloc)
	}
	return len(p), nil
}

// TestRenderLiveMemory: `gomedic settings` on a file dense with short keys holds a small multiple
// of the file at any time while it renders, in every output mode (3.0 times measured; the bound is
// 4): the settings in effect are made and written one at a time (Lazy), never held as a whole
// document, a redacted copy of it, its whole JSON encoding or its whole Markdown text. Rendering
// the whole document, as the command did, fails it. Not parallel: nothing else allocates meanwhile.
func TestRenderLiveMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 20k settings")
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "  \"go.setting%d\": \"value %d\",\n", i, i)
	}
	b.WriteString("  \"go.formatTool\": \"goimports\"\n}\n")
	size := b.Len()
	h := workspaceHost(b.String(), "")
	for _, mode := range []struct {
		name   string
		render func(io.Writer, *result.Settings) error
	}{{"text", report.SettingsText}, {"json", report.SettingsJSON}, {"markdown", report.SettingsMarkdown}} {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f := facts.New(context.Background(), h, "/w", time.Second)
		w := &liveWriter{}
		if err := mode.render(w, Lazy(f)); err != nil {
			t.Fatal(err)
		}
		held := int64(w.peak) - int64(before.HeapAlloc)
		t.Logf("%s: %d bytes held at most while rendering a %d-byte file (%.1f times)", mode.name, held, size, float64(held)/float64(size))
		const limit = 4
		if held > int64(limit*size) {
			t.Errorf("%s: %d bytes held while rendering a %d-byte file (%.1f times), want at most %d times", mode.name, held, size, float64(held)/float64(size), limit)
		}
		runtime.KeepAlive(f)
	}
}
