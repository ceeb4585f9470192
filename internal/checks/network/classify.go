package network

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/gomedic/gomedic/internal/facts"
)

// failureKind names why a request got no answer, in the words the net layer's details use.
type failureKind string

// The failure kinds.
const (
	failRefused     failureKind = "connection refused"
	failTimeout     failureKind = "timeout"
	failDNS         failureKind = "DNS lookup failed"
	failTLS         failureKind = "TLS error"
	failReset       failureKind = "connection reset"
	failUnreachable failureKind = "network unreachable"
	failOffline     failureKind = "not probed"
	failCredentials failureKind = "credentials over plain http"
	failOther       failureKind = "error"
)

// classify names the kind of a network error. It looks through the proxyconnect wrapper (see
// viaProxy) at the error underneath.
func classify(err error) failureKind {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, facts.ErrOffline):
		return failOffline
	case strings.HasPrefix(err.Error(), "refusing to pass credentials"):
		return failCredentials
	case isDNS(err):
		return failDNS
	case isRefused(err):
		return failRefused
	case isTimeout(err):
		return failTimeout
	case isTLS(err):
		return failTLS
	case errors.Is(err, syscall.ECONNRESET) || strings.Contains(err.Error(), "connection reset"):
		return failReset
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) || strings.Contains(err.Error(), "unreachable"):
		return failUnreachable
	}
	return failOther
}

// viaProxy reports whether err happened on the way to an HTTP proxy: net/http wraps such errors
// in a net.OpError with Op "proxyconnect", which the go command prints as "proxyconnect tcp: ...".
func viaProxy(err error) bool {
	var op *net.OpError
	for e := err; errors.As(e, &op); e = op.Err {
		if op.Op == "proxyconnect" {
			return true
		}
	}
	return false
}

func isDNS(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// isRefused also matches by message: on Windows the errno is WSAECONNREFUSED, which
// syscall.ECONNREFUSED does not match.
func isRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "connection refused") ||
		strings.Contains(err.Error(), "actively refused")
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isTLS(err error) bool {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
	)
	return errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) ||
		errors.As(err, &record) || errors.As(err, &alert) || strings.Contains(err.Error(), "tls: ") || strings.Contains(err.Error(), "x509: ")
}

// describeFailure says in a few words what kind of failure err is, naming the proxy stage
// when there was one: "proxyconnect: connection refused".
func describeFailure(err error) string {
	kind := string(classify(err))
	if viaProxy(err) {
		return "proxyconnect: " + kind
	}
	return kind
}

// goErrorText is the text the go command prints for a request that got no answer:
// `Get "URL": ERR`.
func goErrorText(p *facts.HTTPProbe) string {
	if p.Err == nil && p.ConnectStatus != "" {
		return `Get "` + p.URL + `": ` + statusText(p.ConnectStatus)
	}
	if classify(p.Err) == failTimeout {
		return fmt.Sprintf(`Get %q: no answer within %s (the go command waits longer: it seems to hang, then fails with "i/o timeout" or "connection timed out")`,
			p.URL, facts.ProbeTimeout)
	}
	return `Get "` + p.URL + `": ` + p.Err.Error()
}

// statusText is an HTTP status line without its code: net/http reports a refused CONNECT so.
func statusText(status string) string {
	if _, text, ok := strings.Cut(status, " "); ok {
		return text
	}
	return status
}
