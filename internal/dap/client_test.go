package dap

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	godap "github.com/google/go-dap"

	"github.com/gomedic/gomedic/internal/testtools"
)

// fakeAdapter runs serve on the adapter's end of a pipe and returns a client on the other end.
func fakeAdapter(t *testing.T, serve func(conn net.Conn, r *bufio.Reader)) *Client {
	t.Helper()
	client, server := net.Pipe()
	go func() {
		defer server.Close()
		serve(server, bufio.NewReader(server))
	}()
	c := NewClient(client)
	t.Cleanup(func() { c.Close() })
	return c
}

// answer reads one request and answers it with resp (its request_seq and command filled in).
func answer(t *testing.T, conn net.Conn, r *bufio.Reader, resp godap.ResponseMessage) godap.RequestMessage {
	msg, err := godap.ReadProtocolMessage(r)
	if err != nil {
		t.Errorf("fake adapter: reading a request: %v", err)
		return nil
	}
	req := msg.(godap.RequestMessage).GetRequest()
	rr := resp.GetResponse()
	rr.Type, rr.RequestSeq, rr.Command = "response", req.Seq, req.Command
	if err := godap.WriteProtocolMessage(conn, resp); err != nil {
		t.Errorf("fake adapter: writing: %v", err)
	}
	return msg.(godap.RequestMessage)
}

// timeout is a context that ends after d, stretched by the tests' time limit factor
// (testtools.Timeout): a test that expects the end waits longer on a slow machine, and one that
// expects an answer gets it.
func timeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testtools.Timeout(d))
	t.Cleanup(cancel)
	return ctx
}

func TestGarbageIsAProtocolError(t *testing.T) {
	c := fakeAdapter(t, func(conn net.Conn, _ *bufio.Reader) {
		_, _ = conn.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n\x00\xffnot dap"))
		time.Sleep(time.Second)
	})
	_, err := c.Initialize(timeout(t, 5*time.Second), "test")
	var pe *ProtocolError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a ProtocolError", err)
	}
	if !strings.HasPrefix(pe.Received, "HTTP/1.1 400 Bad Request") {
		t.Errorf("Received = %q, want what the adapter sent", pe.Received)
	}
	if !strings.Contains(err.Error(), "does not speak DAP") {
		t.Errorf("err = %v", err)
	}
}

func TestNonJSONBodyIsAProtocolError(t *testing.T) {
	c := fakeAdapter(t, func(conn net.Conn, _ *bufio.Reader) {
		_, _ = conn.Write([]byte("Content-Length: 5\r\n\r\nhello"))
		time.Sleep(time.Second)
	})
	_, err := c.Initialize(timeout(t, 5*time.Second), "test")
	var pe *ProtocolError
	if !errors.As(err, &pe) || !strings.Contains(pe.Received, "hello") {
		t.Fatalf("err = %v, want a ProtocolError quoting the body", err)
	}
}

func TestEndlessOutputIsBounded(t *testing.T) {
	c := fakeAdapter(t, func(conn net.Conn, _ *bufio.Reader) {
		junk := []byte(strings.Repeat("x", 64<<10))
		for {
			if _, err := conn.Write(junk); err != nil {
				return
			}
		}
	})
	_, err := c.Initialize(timeout(t, 30*time.Second), "test")
	var pe *ProtocolError
	if !errors.As(err, &pe) || !errors.Is(err, errTooMuch) {
		t.Fatalf("err = %v, want a ProtocolError for too much data", err)
	}
}

func TestClosedConnection(t *testing.T) {
	c := fakeAdapter(t, func(net.Conn, *bufio.Reader) {})
	_, err := c.Initialize(timeout(t, 5*time.Second), "test")
	if err == nil || !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "closed") {
		t.Fatalf("err = %v, want the closed connection", err)
	}
}

func TestSilentAdapterTimesOut(t *testing.T) {
	slept := make(chan struct{})
	c := fakeAdapter(t, func(conn net.Conn, r *bufio.Reader) {
		_, _ = godap.ReadProtocolMessage(r)
		time.Sleep(2 * time.Second)
		close(slept)
	})
	_, err := c.Initialize(timeout(t, 200*time.Millisecond), "test")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	select {
	case <-slept:
		t.Error("Initialize returned only after the adapter woke up, not at its deadline")
	default:
	}
}

func TestErrorResponse(t *testing.T) {
	c := fakeAdapter(t, func(conn net.Conn, r *bufio.Reader) {
		answer(t, conn, r, &godap.ErrorResponse{
			Response: godap.Response{Success: false, Message: "Failed to launch"},
			Body:     godap.ErrorResponseBody{Error: &godap.ErrorMessage{Id: 3000, Format: "Failed to launch: could not launch process: fork/exec /x: operation not permitted"}},
		})
	})
	err := c.Launch(timeout(t, 5*time.Second), map[string]any{"mode": "debug"})
	var re *ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a ResponseError", err)
	}
	if re.Text() != "Failed to launch: could not launch process: fork/exec /x: operation not permitted" || re.Command != "launch" {
		t.Errorf("ResponseError = %+v", re)
	}
	if got := err.Error(); got != "launch: Failed to launch: could not launch process: fork/exec /x: operation not permitted" {
		t.Errorf("Error() = %q", got)
	}
}

func TestUnknownEventsAndReverseRequestsArePassedOver(t *testing.T) {
	served := make(chan struct{})
	c := fakeAdapter(t, func(conn net.Conn, r *bufio.Reader) {
		defer close(served)
		for _, raw := range []string{
			`{"seq":1,"type":"event","event":"somethingNew","body":{}}`,
			`{"seq":2,"type":"request","command":"runInTerminal","arguments":{"args":["x"]}}`,
			`{"seq":3,"type":"request","command":"brandNewRequest","arguments":{}}`,
			`{"seq":4,"type":"event","event":"output","body":{"category":"console","output":"hello\n"}}`,
			`{"seq":5,"type":"event","event":"initialized"}`,
		} {
			_ = godap.WriteBaseMessage(conn, []byte(raw))
		}
		// The client refuses both reverse requests.
		for i := 0; i < 2; i++ {
			msg, err := godap.ReadProtocolMessage(r)
			if err != nil {
				t.Errorf("reading the refusal: %v", err)
				return
			}
			if resp, ok := msg.(*godap.ErrorResponse); !ok || resp.Success {
				t.Errorf("answer to a reverse request: %#v", msg)
			}
		}
	})
	ctx := timeout(t, 5*time.Second)
	if _, err := c.WaitEvent(ctx, IsEvent("initialized")); err != nil {
		t.Fatal(err)
	}
	if got := c.Output(); got != "hello\n" {
		t.Errorf("Output = %q", got)
	}
	if got := strings.Join(c.Ignored(), "; "); got != `event "somethingNew"; request runInTerminal; request "brandNewRequest"` {
		t.Errorf("Ignored = %s", got)
	}
	<-served
}

func TestWaitEventTakesEachEventOnce(t *testing.T) {
	c := fakeAdapter(t, func(conn net.Conn, r *bufio.Reader) {
		for _, raw := range []string{
			`{"seq":1,"type":"event","event":"stopped","body":{"reason":"entry","threadId":1}}`,
			`{"seq":2,"type":"event","event":"stopped","body":{"reason":"breakpoint","threadId":1}}`,
		} {
			_ = godap.WriteBaseMessage(conn, []byte(raw))
		}
		time.Sleep(time.Second)
	})
	ctx := timeout(t, 5*time.Second)
	for _, want := range []string{"entry", "breakpoint"} {
		ev, err := c.WaitEvent(ctx, IsEvent("stopped"))
		if err != nil {
			t.Fatal(err)
		}
		if got := ev.(*godap.StoppedEvent).Body.Reason; got != want {
			t.Errorf("reason %q, want %q", got, want)
		}
	}
	if _, err := c.WaitEvent(timeout(t, 100*time.Millisecond), IsEvent("stopped")); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a third wait: %v", err)
	}
}

func TestResponseOfAnotherCommand(t *testing.T) {
	c := fakeAdapter(t, func(conn net.Conn, r *bufio.Reader) {
		msg, _ := godap.ReadProtocolMessage(r)
		req := msg.(godap.RequestMessage).GetRequest()
		_ = godap.WriteProtocolMessage(conn, &godap.ConfigurationDoneResponse{Response: godap.Response{
			ProtocolMessage: godap.ProtocolMessage{Seq: 1, Type: "response"}, RequestSeq: req.Seq, Success: true, Command: "configurationDone"}})
		time.Sleep(time.Second)
	})
	_, err := c.Initialize(timeout(t, 5*time.Second), "test")
	var pe *ProtocolError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a ProtocolError", err)
	}
}

func TestPrintable(t *testing.T) {
	if got := printable([]byte("ok\r\n\x00\xff\tend"), 100); got != "ok\r\n\uFFFD\uFFFD\tend" {
		t.Errorf("printable = %q", got)
	}
	if got := printable([]byte(strings.Repeat("a", 50)), 10); got != strings.Repeat("a", 10) {
		t.Errorf("printable cut = %q", got)
	}
}
