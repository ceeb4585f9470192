package run

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// StdinOptions says where the program's standard input comes from.
type StdinOptions struct {
	// File is --stdin FILE: the file's content; "-" is gomedic's own standard input, whatever it is.
	File string
	// Text is --input TEXT (when TextSet): the text, with a newline added when it has none, as a
	// terminal would send it.
	Text    string
	TextSet bool
	// Own is gomedic's own standard input, and OwnIsTerminal whether it is a terminal: without
	// --stdin or --input, a terminal is passed on (someone is there to type) and anything else is
	// not (the editor's Run gives the program no input).
	Own           io.Reader
	OwnIsTerminal bool
}

// stdinSource is the program's prepared standard input.
type stdinSource struct {
	info result.RunStdin
	r    io.Reader  // nil: close the program's stdin at once
	c    io.Closer  // closed when the run ends
	m    *lineMeter // measures input passed on as it goes (--stdin -)
}

// openStdin prepares the program's standard input.
func openStdin(h host.Host, o StdinOptions) (*stdinSource, error) {
	s := &stdinSource{}
	switch {
	case o.File == "-":
		s.info = result.RunStdin{Kind: result.RunStdinFile, File: "-"}
		s.m = &lineMeter{}
		if o.Own != nil {
			s.r = io.TeeReader(o.Own, s.m)
		}
	case o.File != "":
		fi, err := h.Stat(o.File)
		if err != nil {
			return nil, fmt.Errorf("opening the --stdin file: %w", err)
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("the --stdin file %s is a directory", o.File)
		}
		if !fi.Mode().IsRegular() {
			// A device (/dev/null), a pipe (<(command), /dev/stdin) or a FIFO: passed on as it comes,
			// measured on the way, as --stdin - is.
			f, err := os.Open(o.File)
			if err != nil {
				return nil, fmt.Errorf("opening the --stdin file: %w", err)
			}
			s.info = result.RunStdin{Kind: result.RunStdinFile, File: o.File}
			s.m = &lineMeter{}
			s.r, s.c = io.TeeReader(f, s.m), f
			return s, nil
		}
		f, err := h.Open(o.File)
		if err != nil {
			return nil, fmt.Errorf("opening the --stdin file: %w", err)
		}
		m := &lineMeter{}
		if _, err := io.Copy(m, io.NewSectionReader(f, 0, f.Size())); err != nil {
			f.Close()
			return nil, fmt.Errorf("reading the --stdin file: %w", err)
		}
		s.info = result.RunStdin{Kind: result.RunStdinFile, File: o.File, Bytes: m.total, MaxLine: m.Max()}
		s.r, s.c = io.NewSectionReader(f, 0, f.Size()), f
	case o.TextSet:
		text := o.Text
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		m := &lineMeter{}
		m.Write([]byte(text))
		s.info = result.RunStdin{Kind: result.RunStdinText, Bytes: m.total, MaxLine: m.Max()}
		s.r = strings.NewReader(text)
	case o.OwnIsTerminal && o.Own != nil:
		s.info = result.RunStdin{Kind: result.RunStdinTerminal}
		s.r = o.Own
	default:
		s.info = result.RunStdin{Kind: result.RunStdinNone}
	}
	return s, nil
}

// feed copies the input to the program's standard input and closes it at the end of the input.
// The program may stop reading (or exit) first: what it did not take is dropped.
func (s *stdinSource) feed(w io.WriteCloser) {
	go func() {
		if s.r != nil {
			_, _ = io.Copy(w, s.r)
		}
		w.Close()
	}()
}

// finish records what was passed on and releases the input. It does not wait for a copy from a
// terminal, which may be blocked on the user's next line.
func (s *stdinSource) finish() {
	if s.m != nil {
		s.info.Bytes, s.info.MaxLine = s.m.Total(), s.m.Max()
	}
	if s.c != nil {
		s.c.Close()
	}
}

// lineMeter is a writer that measures the text written to it: its size and its longest line.
type lineMeter struct {
	mu       sync.Mutex
	total    int64
	cur, max int
	crLast   bool // the last byte written was "\r"
}

func (m *lineMeter) Write(p []byte) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(p)
	if n == 0 {
		return 0, nil
	}
	m.total += int64(n)
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			m.cur += len(p)
			break
		}
		m.cur += i
		// A line's length is what bufio.Scanner's ScanLines returns: without a "\r" before the "\n".
		if i > 0 && p[i-1] == '\r' || i == 0 && m.crLast {
			m.cur--
		}
		m.max = max(m.max, m.cur)
		m.cur = 0
		p = p[i+1:]
	}
	m.crLast = len(p) > 0 && p[len(p)-1] == '\r'
	return n, nil
}

// Max is the longest line seen, the unfinished last one included.
func (m *lineMeter) Max() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return max(m.max, m.cur)
}

// Total is how many bytes were written.
func (m *lineMeter) Total() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.total
}
