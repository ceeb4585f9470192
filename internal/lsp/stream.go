package lsp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sourcegraph/jsonrpc2"
)

// errNotLSP is returned by the server's output once its first bytes show it is not speaking LSP.
var errNotLSP = errors.New("the output does not start with an LSP header (Content-Length: ...)")

// lspHeader is how every LSP message starts: its first header field is Content-Length or
// Content-Type.
const lspHeader = "content-"

// serverOutput is the server's standard output as the JSON-RPC stream reads it. It keeps the
// first and last bytes read, to show what a server that is not speaking LSP printed, and fails
// the stream at once when the very first bytes are not an LSP header, rather than wait for a
// header line that never ends.
type serverOutput struct {
	r io.Reader

	mu      sync.Mutex
	head    []byte // the first keepBytes bytes
	tail    []byte // the last keepBytes bytes after head
	total   int64
	checked bool
}

// keepBytes is how much of the start and of the end of the output is kept.
const keepBytes = 2048

func (s *serverOutput) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.mu.Lock()
	s.record(p[:n])
	lsp := true
	if n > 0 && !s.checked {
		got := strings.ToLower(string(s.head[:min(len(s.head), len(lspHeader))]))
		lsp = strings.HasPrefix(lspHeader, got)
		s.checked = lsp && len(got) == len(lspHeader)
	}
	s.mu.Unlock()
	if !lsp {
		s.keepReading()
		return n, errNotLSP
	}
	return n, err
}

// notLSPWait is how long the rest of a non-LSP output is waited for, to show more than its first
// line: the stream closes on the error.
const notLSPWait = 100 * time.Millisecond

// keepReading records what else the server prints for a moment, or until enough is kept.
func (s *serverOutput) keepReading() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 512)
		for {
			n, err := s.r.Read(buf)
			s.mu.Lock()
			s.record(buf[:n])
			full := s.total >= 2*keepBytes
			s.mu.Unlock()
			if err != nil || full {
				return
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(notLSPWait):
	}
}

func (s *serverOutput) record(b []byte) {
	s.total += int64(len(b))
	if room := keepBytes - len(s.head); room > 0 {
		k := min(room, len(b))
		s.head = append(s.head, b[:k]...)
		b = b[k:]
	}
	s.tail = append(s.tail, b...)
	if len(s.tail) > keepBytes {
		s.tail = append(s.tail[:0], s.tail[len(s.tail)-keepBytes:]...)
	}
}

// printed is what was read, or its first and last bytes when it was long.
func (s *serverOutput) printed() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.total <= int64(len(s.head)+len(s.tail)) {
		return escapedText(append(append([]byte(nil), s.head...), s.tail...))
	}
	return fmt.Sprintf("%s\n… (%d bytes) …\n%s", escapedText(s.head), s.total-int64(len(s.head)+len(s.tail)), escapedText(s.tail))
}

// escapedText is b as printable text: invalid UTF-8 and control characters other than newlines and tabs
// are quoted, so that a binary answer cannot garble a report.
func escapedText(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&out, `\x%02x`, b[0])
		case r == '\n' || r == '\t':
			out.WriteRune(r)
		case r == '\r':
			out.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&out, `\x%02x`, r)
		default:
			out.Write(b[:size])
		}
		b = b[size:]
	}
	return strings.TrimSpace(out.String())
}

// pipes joins the server's output and input into the io.ReadWriteCloser the JSON-RPC stream reads
// and writes.
type pipes struct {
	out *serverOutput
	in  io.WriteCloser
	c   []io.Closer
}

func (p *pipes) Read(b []byte) (int, error)  { return p.out.Read(b) }
func (p *pipes) Write(b []byte) (int, error) { return p.in.Write(b) }

func (p *pipes) Close() error {
	var errs []error
	for _, c := range p.c {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// trimLog is a JSON-RPC log line without its prefix and newline.
func trimLog(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "jsonrpc2:"))
}

// recordingStream is the JSON-RPC stream, keeping the error that ended its reading: the
// connection closes on it without saying why.
type recordingStream struct {
	jsonrpc2.ObjectStream

	mu  sync.Mutex
	err error
}

func (s *recordingStream) ReadObject(v any) error {
	err := s.ObjectStream.ReadObject(v)
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
	return err
}

// protocolError is the error that ended reading when it says the output was not LSP, rather
// than that it ended (the process exited, or the session closed it).
func (s *recordingStream) protocolError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.err == nil, errors.Is(s.err, io.EOF), errors.Is(s.err, io.ErrUnexpectedEOF),
		errors.Is(s.err, os.ErrClosed), errors.Is(s.err, io.ErrClosedPipe):
		return nil
	}
	return s.err
}
