package run

import (
	"bytes"
	"strings"
	"testing"
)

func TestOutputTail(t *testing.T) {
	tl := newOutputTail(10)
	for _, s := range []string{"0123", "4567", "89ab", "cdef", "g"} {
		tl.Write([]byte(s))
	}
	if got := string(tl.Bytes()); got != "789abcdefg" || tl.Total() != 17 {
		t.Errorf("tail %q of %d bytes", got, tl.Total())
	}
	tl.Write([]byte(strings.Repeat("z", 25) + "END"))
	if got := string(tl.Bytes()); got != "zzzzzzzEND" || tl.Total() != 45 {
		t.Errorf("after a long write: tail %q of %d bytes", got, tl.Total())
	}
	// Many small writes keep the buffer bounded.
	big := newOutputTail(100)
	for range 10000 {
		big.Write([]byte("abc\n"))
	}
	if len(big.buf) > 100 || len(big.Bytes()) != 100 {
		t.Errorf("buffer %d bytes, tail %d", len(big.buf), len(big.Bytes()))
	}
}

// TestOutputTailRing checks the ring against the whole stream, for writes of every size around
// the limit.
func TestOutputTailRing(t *testing.T) {
	for _, limit := range []int{1, 7, 64} {
		tl := newOutputTail(limit)
		var all []byte
		for i := 0; i < 300; i++ {
			n := (i * 13) % (2*limit + 3)
			chunk := bytes.Repeat([]byte{byte('a' + i%26)}, n)
			chunk = append(chunk, byte('0'+i%10))
			tl.Write(chunk)
			all = append(all, chunk...)
			want := all[max(0, len(all)-limit):]
			if got := tl.Bytes(); !bytes.Equal(got, want) {
				t.Fatalf("limit %d, write %d: tail %q, want %q", limit, i, got, want)
			}
		}
		if tl.Total() != int64(len(all)) {
			t.Errorf("limit %d: total %d, want %d", limit, tl.Total(), len(all))
		}
	}
}

func TestStreamOf(t *testing.T) {
	s := streamOf([]byte("a\nb\n"), 4)
	if s.Tail != "a\nb\n" || s.Truncated || s.Bytes != 4 {
		t.Errorf("whole stream: %+v", s)
	}
	s = streamOf([]byte("rt of a line\nlast\n"), 1000)
	if s.Tail != "last\n" || !s.Truncated {
		t.Errorf("cut stream: %+v", s)
	}
	long := bytes.Repeat([]byte("line\n"), ReportTail)
	s = streamOf(long, int64(len(long)))
	if len(s.Tail) > ReportTail || !s.Truncated || !strings.HasPrefix(s.Tail, "line\n") {
		t.Errorf("long stream: %d bytes, truncated %v, starts %q", len(s.Tail), s.Truncated, s.Tail[:10])
	}
	s = streamOf([]byte("bad \xff byte"), 10)
	if s.Tail != "bad \uFFFD byte" {
		t.Errorf("invalid UTF-8: %q", s.Tail)
	}
}

// TestOutputTailMark keeps a long stream's part after the mark from its beginning.
func TestOutputTailMark(t *testing.T) {
	tl := newOutputTail(8)
	tl.Write([]byte("program output\n"))
	if _, ok := tl.Marked(); ok {
		t.Fatal("marked before Mark")
	}
	tl.Mark(4, 20)
	tl.Write([]byte("SIGQUIT: quit\ngoroutine 1 [running]:\n"))
	got, ok := tl.Marked()
	if !ok || string(got) != "put\nSIGQUIT: quit\ngorout" {
		t.Errorf("marked %q, %v", got, ok)
	}
	if string(tl.Bytes()) != "nning]:\n" {
		t.Errorf("tail %q", tl.Bytes())
	}
}
