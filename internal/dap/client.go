// Package dap is a client of the Debug Adapter Protocol, the protocol editors speak to debuggers
// (`dlv dap`), built on github.com/google/go-dap for the messages and their framing. It is what
// gomedic needs to prove a debugger works: initialize, launch, set a breakpoint, run to it, read a
// variable and disconnect, each bounded by a context, with every byte the adapter sent kept for
// evidence when it speaks something that is not DAP.
package dap

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	godap "github.com/google/go-dap"
)

// MaxRead bounds the bytes a Client reads from its adapter in all: a probe session exchanges a few
// kilobytes, and an adapter that streams garbage must not fill the memory.
const MaxRead = 16 << 20

// maxEvents bounds the events a Client keeps.
const maxEvents = 10000

// keptBytes is how much of what the adapter sent first is kept to quote when it is not DAP.
const keptBytes = 2048

// Client speaks DAP to one debug adapter over a connection. Its methods are safe for concurrent
// use; responses are matched to requests by sequence number, and events are kept in order of
// arrival for WaitEvent.
type Client struct {
	conn net.Conn
	in   *countingReader

	wmu sync.Mutex // serializes writes and sequence numbers
	seq int

	mu       sync.Mutex
	pending  map[int]chan godap.ResponseMessage
	events   []godap.EventMessage
	taken    []bool
	notify   chan struct{} // closed and replaced when an event arrives
	output   strings.Builder
	ignored  []string
	done     chan struct{} // closed when the read loop ends
	readErr  error
	closeErr error
	closed   bool
}

// Dial connects to the adapter listening at addr (host:port) and returns a client for it.
func Dial(ctx context.Context, addr string) (*Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return NewClient(conn), nil
}

// NewClient returns a client speaking DAP over conn, and starts reading from it.
func NewClient(conn net.Conn) *Client {
	c := &Client{
		conn:    conn,
		in:      &countingReader{r: conn, limit: MaxRead},
		pending: make(map[int]chan godap.ResponseMessage),
		notify:  make(chan struct{}),
		done:    make(chan struct{}),
	}
	go c.readLoop()
	return c
}

// Close closes the connection and waits for the read loop to end.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		<-c.done
		return c.closeErr
	}
	c.closed = true
	c.mu.Unlock()
	err := c.conn.Close()
	if errors.Is(err, net.ErrClosed) {
		err = nil // the read loop closed it first
	}
	<-c.done
	c.mu.Lock()
	c.closeErr = err
	c.mu.Unlock()
	return err
}

// Done is closed when the client stops reading: the connection closed or broke, or the adapter
// sent something that is not DAP (see Err).
func (c *Client) Done() <-chan struct{} { return c.done }

// Err is why the client stopped reading, or nil while it reads. A connection closed by Close is
// ErrClosed; one the adapter closed is io.EOF (wrapped).
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readErr
}

// ErrClosed is the read error of a client closed by Close.
var ErrClosed = errors.New("connection closed by the client")

// ProtocolError is returned when the adapter sends bytes that are not a DAP message: a header
// other than Content-Length, a body that is not JSON, or a message of no known kind.
type ProtocolError struct {
	Err error
	// Received is the start of what the adapter sent on the connection, made printable.
	Received string
}

func (e *ProtocolError) Error() string {
	if e.Received == "" {
		return fmt.Sprintf("the debug adapter does not speak DAP: %v", e.Err)
	}
	return fmt.Sprintf("the debug adapter does not speak DAP: %v; it sent %q", e.Err, e.Received)
}

func (e *ProtocolError) Unwrap() error { return e.Err }

// ResponseError is a request the adapter answered with success false.
type ResponseError struct {
	Command string
	// Message is the short reason ("Failed to launch"), and Detail the adapter's full text
	// (body.error.format: "Failed to launch: could not launch process: ...").
	Message string
	Detail  string
}

func (e *ResponseError) Error() string {
	switch {
	case e.Detail != "" && strings.Contains(e.Detail, e.Message):
		return fmt.Sprintf("%s: %s", e.Command, e.Detail)
	case e.Detail != "":
		return fmt.Sprintf("%s: %s: %s", e.Command, e.Message, e.Detail)
	}
	return fmt.Sprintf("%s: %s", e.Command, e.Message)
}

// Text is the adapter's explanation: Detail when it gave one, else Message.
func (e *ResponseError) Text() string {
	if e.Detail != "" {
		return e.Detail
	}
	return e.Message
}

func (c *Client) readLoop() {
	defer close(c.done)
	// Once reading stops the connection is of no more use: closing it also fails at once a
	// write that waits for an adapter that does not read.
	defer c.conn.Close()
	r := bufio.NewReader(c.in)
	for {
		content, err := godap.ReadBaseMessage(r)
		if err != nil {
			c.stop(c.readError(err))
			return
		}
		msg, err := godap.DecodeProtocolMessage(content)
		if err != nil {
			var fe *godap.DecodeProtocolMessageFieldError
			if errors.As(err, &fe) && (fe.SubType == "Event" || fe.SubType == "Request") {
				// An event or reverse request this client does not know: not an error of the
				// adapter. Requests are answered below as unsupported.
				c.note(fmt.Sprintf("%s %q", strings.ToLower(fe.SubType), fe.FieldValue))
				if fe.SubType == "Request" {
					go c.refuse(fe.Seq, fe.FieldValue)
				}
				continue
			}
			c.stop(&ProtocolError{Err: fmt.Errorf("decoding a message: %w", err), Received: printable(c.in.first(), keptBytes)})
			return
		}
		switch m := msg.(type) {
		case godap.ResponseMessage:
			c.deliver(m)
		case godap.EventMessage:
			if !c.record(m) {
				c.stop(&ProtocolError{Err: fmt.Errorf("more than %d events", maxEvents)})
				return
			}
		case godap.RequestMessage:
			// A reverse request (runInTerminal, startDebugging): never asked for by this client's
			// initialize, so refused.
			rq := m.GetRequest()
			c.note("request " + rq.Command)
			go c.refuse(rq.Seq, rq.Command)
		}
	}
}

// readError turns a read failure into the client's error.
func (c *Client) readError(err error) error {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	var bpe *godap.BaseProtocolError
	switch {
	case closed:
		return ErrClosed
	case errors.As(err, &bpe), errors.Is(err, errTooMuch):
		return &ProtocolError{Err: err, Received: printable(c.in.first(), keptBytes)}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		if c.in.total() > 0 && c.in.messages == 0 {
			return &ProtocolError{Err: errors.New("it closed the connection without sending one message"), Received: printable(c.in.first(), keptBytes)}
		}
		return fmt.Errorf("the debug adapter closed the connection: %w", io.EOF)
	}
	return fmt.Errorf("reading from the debug adapter: %w", err)
}

func (c *Client) stop(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readErr = err
}

func (c *Client) note(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ignored) < 20 {
		c.ignored = append(c.ignored, s)
	}
}

// Ignored lists the events and reverse requests the client did not know and passed over.
func (c *Client) Ignored() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.ignored...)
}

func (c *Client) deliver(m godap.ResponseMessage) {
	c.in.messages++
	r := m.GetResponse()
	c.mu.Lock()
	ch := c.pending[r.RequestSeq]
	delete(c.pending, r.RequestSeq)
	c.mu.Unlock()
	if ch != nil {
		ch <- m
	}
}

func (c *Client) record(m godap.EventMessage) bool {
	c.in.messages++
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.events) >= maxEvents {
		return false
	}
	if o, ok := m.(*godap.OutputEvent); ok && c.output.Len() < MaxOutput {
		c.output.WriteString(o.Body.Output)
	}
	c.events = append(c.events, m)
	c.taken = append(c.taken, false)
	close(c.notify)
	c.notify = make(chan struct{})
	return true
}

// MaxOutput bounds the text of output events a Client keeps.
const MaxOutput = 64 << 10

// Output is the text of the output events received so far (the debuggee's output and the
// adapter's messages to the debug console), up to MaxOutput bytes.
func (c *Client) Output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.output.String()
}

// Events returns the events received so far, in order.
func (c *Client) Events() []godap.EventMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]godap.EventMessage(nil), c.events...)
}

// refuse answers a reverse request the client does not support. It runs apart from the read
// loop, which must never wait for the adapter to read.
func (c *Client) refuse(seq int, command string) {
	resp := &godap.ErrorResponse{Response: godap.Response{
		ProtocolMessage: godap.ProtocolMessage{Type: "response"},
		RequestSeq:      seq, Command: command, Message: "not supported by this client",
	}}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.seq++
	resp.Seq = c.seq
	_ = c.conn.SetWriteDeadline(time.Now().Add(time.Second))
	_ = godap.WriteProtocolMessage(c.conn, resp)
}

// Call sends req (its seq and type are filled in) and waits for the response, the end of ctx, or
// the end of the connection. A response with success false is a *ResponseError.
func (c *Client) Call(ctx context.Context, req godap.RequestMessage) (godap.ResponseMessage, error) {
	r := req.GetRequest()
	ch := make(chan godap.ResponseMessage, 1)
	c.wmu.Lock()
	c.seq++
	r.Seq, r.Type = c.seq, "request"
	c.mu.Lock()
	c.pending[r.Seq] = ch
	c.mu.Unlock()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Time{}
	}
	_ = c.conn.SetWriteDeadline(deadline)
	err := godap.WriteProtocolMessage(c.conn, req)
	c.wmu.Unlock()
	if err != nil {
		c.forget(r.Seq)
		if rerr := c.Err(); rerr != nil {
			return nil, fmt.Errorf("sending %s: %w", r.Command, rerr)
		}
		return nil, fmt.Errorf("sending %s: %w", r.Command, err)
	}
	select {
	case resp := <-ch:
		return checkResponse(r.Command, resp)
	case <-c.done:
		// The response may have been delivered just before the loop ended.
		select {
		case resp := <-ch:
			return checkResponse(r.Command, resp)
		default:
		}
		return nil, fmt.Errorf("waiting for the %s response: %w", r.Command, c.Err())
	case <-ctx.Done():
		c.forget(r.Seq)
		return nil, fmt.Errorf("waiting for the %s response: %w", r.Command, ctx.Err())
	}
}

func (c *Client) forget(seq int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, seq)
}

func checkResponse(command string, resp godap.ResponseMessage) (godap.ResponseMessage, error) {
	r := resp.GetResponse()
	if er, ok := resp.(*godap.ErrorResponse); ok || !r.Success {
		e := &ResponseError{Command: command, Message: r.Message}
		if ok && er.Body.Error != nil {
			e.Detail = er.Body.Error.Format
		}
		return nil, e
	}
	if r.Command != command {
		return nil, &ProtocolError{Err: fmt.Errorf("the answer to %s is a %s response", command, r.Command)}
	}
	return resp, nil
}

// WaitEvent waits for the first event not yet taken by an earlier WaitEvent for which match
// returns true, takes it and returns it. It returns an error when ctx ends or the connection
// does first.
func (c *Client) WaitEvent(ctx context.Context, match func(godap.EventMessage) bool) (godap.EventMessage, error) {
	for i := 0; ; {
		c.mu.Lock()
		for ; i < len(c.events); i++ {
			if !c.taken[i] && match(c.events[i]) {
				c.taken[i] = true
				ev := c.events[i]
				c.mu.Unlock()
				return ev, nil
			}
		}
		notify := c.notify
		c.mu.Unlock()
		select {
		case <-notify:
		case <-c.done:
			// Events that arrived with the end of the connection are still looked at once.
			c.mu.Lock()
			n := len(c.events)
			c.mu.Unlock()
			if i < n {
				continue
			}
			return nil, c.Err()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// IsEvent matches events by name ("stopped", "terminated").
func IsEvent(names ...string) func(godap.EventMessage) bool {
	return func(m godap.EventMessage) bool {
		for _, n := range names {
			if m.GetEvent().Event == n {
				return true
			}
		}
		return false
	}
}

// errTooMuch is the read error past MaxRead.
var errTooMuch = fmt.Errorf("it sent more than %d MiB", MaxRead>>20)

// countingReader counts and bounds what is read, and keeps the first bytes.
type countingReader struct {
	r        io.Reader
	limit    int64
	mu       sync.Mutex
	n        int64
	head     []byte
	messages int // decoded messages, counted by the read loop only
}

func (r *countingReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	left := r.limit - r.n
	r.mu.Unlock()
	if left <= 0 {
		return 0, errTooMuch
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := r.r.Read(p)
	r.mu.Lock()
	r.n += int64(n)
	if room := keptBytes - len(r.head); room > 0 {
		r.head = append(r.head, p[:min(n, room)]...)
	}
	r.mu.Unlock()
	return n, err
}

func (r *countingReader) first() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]byte(nil), r.head...)
}

func (r *countingReader) total() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// printable makes bytes safe to quote: invalid UTF-8 and control characters other than line
// breaks and tabs become U+FFFD, and the text is cut to at most max bytes.
func printable(b []byte, max int) string {
	var s strings.Builder
	for len(b) > 0 && s.Len() < max {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r == utf8.RuneError && size <= 1:
			s.WriteRune(unicode.ReplacementChar)
		case r == '\n' || r == '\r' || r == '\t' || unicode.IsPrint(r):
			s.WriteRune(r)
		default:
			s.WriteRune(unicode.ReplacementChar)
		}
	}
	return s.String()
}
