package binfo

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// errReadLimit is returned by a limitReader once its budget is spent.
var errReadLimit = fmt.Errorf("read limit of %d MiB exceeded", MaxRead>>20)

// limitReader is an io.ReaderAt over the first size bytes of r that reads
// at most budget bytes in total and remembers the first I/O error of r
// (other than end of file), so that callers can tell I/O failures from
// malformed content after a parser has swallowed or replaced the error.
type limitReader struct {
	r    io.ReaderAt
	size int64

	mu     sync.Mutex
	budget int64
	hit    bool  // the budget ran out
	err    error // first I/O error of r
}

// newLimitReader returns a limitReader over the first size bytes of r,
// reading at most budget bytes.
func newLimitReader(r io.ReaderAt, size, budget int64) *limitReader {
	return &limitReader{r: r, size: size, budget: budget}
}

// ReadAt implements io.ReaderAt.
func (l *limitReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= l.size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	var short error
	if rest := l.size - off; int64(len(p)) > rest {
		p, short = p[:rest], io.EOF
	}
	p, limited := l.take(p)
	if len(p) == 0 {
		return 0, errReadLimit
	}
	n, err := l.r.ReadAt(p, off)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		if n == len(p) {
			err = nil
		} else {
			err = io.EOF
		}
	case err != nil:
		l.record(err)
		return n, err
	case n < len(p):
		err = io.EOF // a misbehaving ReaderAt
	}
	if err == nil && limited {
		err = errReadLimit
	}
	if err == nil {
		err = short
	}
	return n, err
}

// take shortens p to what is left of the budget and charges the budget for
// it, reporting whether p was shortened.
func (l *limitReader) take(p []byte) ([]byte, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	limited := false
	if int64(len(p)) > l.budget {
		p, limited = p[:l.budget], true
		l.hit = true
	}
	l.budget -= int64(len(p))
	return p, limited
}

// record remembers err if it is the first I/O error.
func (l *limitReader) record(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = err
	}
}

// ioErr returns the first I/O error of the underlying reader, if any.
func (l *limitReader) ioErr() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// limitHit reports whether a read was cut short by the budget.
func (l *limitReader) limitHit() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.hit
}
