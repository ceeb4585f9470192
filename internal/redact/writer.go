package redact

import (
	"bytes"
	"io"
	"sync"
)

// maxLine is the longest line a Writer holds back waiting for its end: a longer one is redacted
// and written in pieces of this size.
const maxLine = 64 << 10

// Writer redacts what is written through it line by line (a secret is never cut in two by the
// way a program's output arrives) and writes it to the underlying writer. Flush writes the last
// line when it has no newline. It is safe for concurrent use.
type Writer struct {
	mu   sync.Mutex
	w    io.Writer
	line []byte
	err  error
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write redacts and writes every whole line of p and holds back the rest until its line ends.
// It reports the first error of the underlying writer.
func (r *Writer) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.line = append(r.line, p...)
	done := 0
	for {
		i := bytes.IndexByte(r.line[done:], '\n')
		if i < 0 {
			break
		}
		r.emit(r.line[done : done+i+1])
		done += i + 1
	}
	for len(r.line)-done >= maxLine {
		r.emit(r.line[done : done+maxLine])
		done += maxLine
	}
	if done > 0 {
		r.line = append(r.line[:0], r.line[done:]...)
	}
	return len(p), r.err
}

// Flush writes the line held back, redacted.
func (r *Writer) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.line) > 0 {
		r.emit(r.line)
		r.line = nil
	}
	return r.err
}

func (r *Writer) emit(b []byte) {
	if r.err != nil {
		return
	}
	_, r.err = io.WriteString(r.w, Text(string(b)))
}
