package network

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
)

func TestClassify(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name  string
		err   error
		want  failureKind
		proxy bool
	}{
		{"refused", refused, failRefused, false},
		{"proxyconnect refused", &net.OpError{Op: "proxyconnect", Net: "tcp", Err: refused}, failRefused, true},
		{"dns", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "proxy.invalid", IsNotFound: true}}, failDNS, false},
		{"proxyconnect dns", &net.OpError{Op: "proxyconnect", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "p.invalid"}}, failDNS, true},
		{"deadline", context.DeadlineExceeded, failTimeout, false},
		{"io timeout", &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}, failTimeout, false},
		{"unknown authority", x509.UnknownAuthorityError{}, failTLS, false},
		{"hostname", x509.HostnameError{Certificate: &x509.Certificate{}, Host: "example.com"}, failTLS, false},
		{"tls alert", errors.New("remote error: tls: handshake failure"), failTLS, false},
		{"reset", os.NewSyscallError("read", syscall.ECONNRESET), failReset, false},
		{"unreachable", os.NewSyscallError("connect", syscall.ENETUNREACH), failUnreachable, false},
		{"windows refused", errors.New("dial tcp 127.0.0.1:9: connectex: No connection could be made because the target machine actively refused it."), failRefused, false},
		{"insecure credentials", errors.New("refusing to pass credentials to insecure URL: http://REDACTED@x"), failCredentials, false},
		{"offline", facts.ErrOffline, failOffline, false},
		{"other", errors.New("something else"), failOther, false},
	}
	for _, tt := range tests {
		if got := classify(tt.err); got != tt.want {
			t.Errorf("%s: classify = %q, want %q", tt.name, got, tt.want)
		}
		if got := viaProxy(tt.err); got != tt.proxy {
			t.Errorf("%s: viaProxy = %v, want %v", tt.name, got, tt.proxy)
		}
	}
}

// TestClassifyRealDial classifies what the network stack really returns for a closed port.
func TestClassifyRealDial(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = (&net.Dialer{Timeout: time.Second}).Dial("tcp", addr)
	if err == nil {
		t.Skip("something listens on the freed port")
	}
	if got := classify(err); got != failRefused {
		t.Errorf("classify(%v) = %q, want %q", err, got, failRefused)
	}
}

func TestJudge(t *testing.T) {
	refused := &net.OpError{Op: "proxyconnect", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name    string
		probe   facts.HTTPProbe
		outcome outcome
		fault   bool
		goText  string
	}{
		{"200", facts.HTTPProbe{URL: "https://p/x", Code: 200, Status: "200 OK"}, outServes, false, ""},
		{"404", facts.HTTPProbe{URL: "https://p/x", Code: 404, Status: "404 Not Found", Body: "not found: x\n"}, outNotFound, false,
			"reading https://p/x: 404 Not Found\n\tserver response: not found: x"},
		{"410", facts.HTTPProbe{URL: "https://p/x", Code: 410, Status: "410 Gone"}, outNotFound, false, "reading https://p/x: 410 Gone"},
		{"401", facts.HTTPProbe{URL: "https://p/x", Code: 401, Status: "401 Unauthorized"}, outAuth, false, "reading https://p/x: 401 Unauthorized"},
		{"403", facts.HTTPProbe{URL: "https://p/x", Code: 403, Status: "403 Forbidden"}, outAuth, false, "reading https://p/x: 403 Forbidden"},
		{"204 is not 200", facts.HTTPProbe{URL: "https://p/x", Code: 204, Status: "204 No Content"}, outDown, false, "reading https://p/x: 204 No Content"},
		{"503", facts.HTTPProbe{URL: "https://p/x", Code: 503, Status: "503 Service Unavailable"}, outDown, false, "reading https://p/x: 503 Service Unavailable"},
		{"proxyconnect", facts.HTTPProbe{URL: "https://p/x", Err: refused}, outDown, true,
			`Get "https://p/x": proxyconnect tcp: connect: connection refused`},
		{"CONNECT 407", facts.HTTPProbe{URL: "https://p/x", ConnectStatus: "407 Proxy Authentication Required", Err: errors.New("Proxy Authentication Required")}, outDown, true,
			`Get "https://p/x": Proxy Authentication Required`},
	}
	for _, tt := range tests {
		j := judge(&tt.probe)
		if j.outcome != tt.outcome || j.proxyFault != tt.fault || (tt.goText != "" && j.goText != tt.goText) {
			t.Errorf("%s: judge = %+v, want outcome %q fault %v text %q", tt.name, j, tt.outcome, tt.fault, tt.goText)
		}
	}
	if got := statusText("407 Proxy Authentication Required"); got != "Proxy Authentication Required" {
		t.Errorf("statusText = %q", got)
	}
}
