package run

import (
	"bytes"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/result"
)

// ClassifyTail is how many bytes of the end of each output stream the classifier sees: enough for
// a panic's or a goroutine dump's trace after any amount of output.
const ClassifyTail = 1 << 20

// ReportTail is how many bytes of the end of each stream the JSON document carries.
const ReportTail = 64 << 10

// outputTail is a writer that keeps the last limit bytes written to it and counts them all: a
// ring, so that each byte is copied once however much the program prints. It is safe for
// concurrent use.
type outputTail struct {
	mu    sync.Mutex
	buf   []byte // grows to limit, then wraps
	next  int    // where the next byte goes once buf is full
	limit int
	total int64
	// After Mark, the next bytes are also kept from their start (up to afterLimit), with what
	// came just before: a goroutine dump larger than the tail keeps its beginning.
	marked     bool
	before     []byte
	after      []byte
	afterLimit int
}

// Mark starts keeping what is written next from its beginning (up to limit bytes), with the
// last keepBefore bytes written so far.
func (t *outputTail) Mark(keepBefore, limit int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.bytesLocked()
	if len(b) > keepBefore {
		b = b[len(b)-keepBefore:]
	}
	t.marked, t.before, t.after, t.afterLimit = true, b, nil, limit
}

// Marked returns what Mark kept (the bytes before it, then those after it), and whether Mark was
// called.
func (t *outputTail) Marked() ([]byte, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.marked {
		return nil, false
	}
	return append(bytes.Clone(t.before), t.after...), true
}

func newOutputTail(limit int) *outputTail { return &outputTail{limit: limit} }

func (t *outputTail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	t.total += int64(n)
	if t.marked && len(t.after) < t.afterLimit {
		t.after = append(t.after, p[:min(len(p), t.afterLimit-len(t.after))]...)
	}
	if len(p) > t.limit {
		p = p[len(p)-t.limit:]
	}
	if room := t.limit - len(t.buf); room > 0 {
		k := min(room, len(p))
		t.buf = append(t.buf, p[:k]...)
		p = p[k:]
	}
	for len(p) > 0 {
		k := copy(t.buf[t.next:], p)
		p = p[k:]
		t.next = (t.next + k) % t.limit
	}
	return n, nil
}

// Bytes returns a copy of the last limit bytes written.
func (t *outputTail) Bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bytesLocked()
}

func (t *outputTail) bytesLocked() []byte {
	if len(t.buf) < t.limit {
		return bytes.Clone(t.buf)
	}
	out := make([]byte, 0, t.limit)
	return append(append(out, t.buf[t.next:]...), t.buf[:t.next]...)
}

// Total is how many bytes were written.
func (t *outputTail) Total() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

// streamOf makes the report's view of a stream from the bytes kept of its end.
func streamOf(kept []byte, total int64) result.RunStream {
	s := result.RunStream{Bytes: total, Truncated: int64(len(kept)) < total}
	if len(kept) > ReportTail {
		kept = kept[len(kept)-ReportTail:]
		s.Truncated = true
	}
	if s.Truncated {
		// Start at a line: the cut line's end is noise.
		if i := bytes.IndexByte(kept, '\n'); i >= 0 && i < len(kept)-1 {
			kept = kept[i+1:]
		}
	}
	s.Tail = string(bytes.ToValidUTF8(kept, []byte(string(utf8.RuneError))))
	return s
}

// lockedWriter serialises writes to w: the program's two streams may share one writer.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
