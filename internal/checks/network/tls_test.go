package network

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
)

// TestTrustFixPerOS: the CA is trusted where Go reads roots on each OS.
func TestTrustFixPerOS(t *testing.T) {
	tests := []struct {
		goos    string
		environ []string
		files   []string
		want    string
	}{
		{"darwin", nil, nil, "sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain corp-root-ca.pem"},
		{"windows", nil, nil, "certutil -user -addstore Root corp-root-ca.pem"},
		{"linux", []string{"SSL_CERT_FILE=/etc/my bundle.pem"}, []string{"/usr/local/share/ca-certificates/x"}, "cat corp-root-ca.pem >> '/etc/my bundle.pem'"},
		{"linux", nil, []string{"/usr/local/share/ca-certificates/x"}, "sudo cp corp-root-ca.pem /usr/local/share/ca-certificates/corp-root-ca.crt\nsudo update-ca-certificates"},
		{"linux", nil, []string{"/etc/pki/ca-trust/source/anchors/x"}, "sudo cp corp-root-ca.pem /etc/pki/ca-trust/source/anchors/corp-root-ca.crt\nsudo update-ca-trust"},
		{"linux", nil, nil, "export SSL_CERT_FILE=corp-root-ca.pem"},
	}
	for _, tt := range tests {
		h := host.NewFake(tt.goos, "amd64")
		h.Home = "/home/u"
		h.Environ = tt.environ
		for _, f := range tt.files {
			h.AddFile(f, nil, 0o644)
		}
		fix := trustFix(facts.New(context.Background(), h, "/work", time.Second), "Corp Root CA")
		if got := strings.Join(fix.Commands, "\n"); got != tt.want {
			t.Errorf("%s %v %v: commands\n%s\nwant\n%s", tt.goos, tt.environ, tt.files, got, tt.want)
		}
		if !strings.Contains(fix.Summary, `"Corp Root CA"`) {
			t.Errorf("%s: summary does not name the CA: %s", tt.goos, fix.Summary)
		}
	}
}

// TestReadCertFailure reads each x509 error as the go command's requests return it.
func TestReadCertFailure(t *testing.T) {
	now := time.Now()
	leaf := &x509.Certificate{Subject: pkix.Name{CommonName: "example.com"}, Issuer: pkix.Name{CommonName: "Corp CA"},
		DNSNames: []string{"example.com"}, NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-24 * time.Hour)}
	wrap := func(err error) error {
		return &tls.CertificateVerificationError{UnverifiedCertificates: []*x509.Certificate{leaf}, Err: err}
	}
	tests := []struct {
		err  error
		kind certKind
		want string
	}{
		{wrap(x509.UnknownAuthorityError{Cert: leaf}), certUnknown, `TLS: certificate signed by an unknown authority, "CN=Corp CA"`},
		{wrap(x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired}), certExpired, "TLS: certificate expired on " + leaf.NotAfter.UTC().Format(time.DateOnly)},
		{wrap(x509.HostnameError{Certificate: leaf, Host: "proxy.corp"}), certHostname, "TLS: the certificate is for another host (valid for example.com; asked for proxy.corp)"},
		{x509.CertificateInvalidError{Cert: leaf, Reason: x509.NotAuthorizedToSign}, certInvalid, "TLS: certificate refused"},
	}
	for _, tt := range tests {
		c := readCertFailure(tt.err)
		if c == nil || c.kind != tt.kind || c.problem() != tt.want {
			t.Errorf("readCertFailure(%v) = %+v, problem %q; want %s, %q", tt.err, c, c.problem(), tt.kind, tt.want)
		}
	}
	if c := readCertFailure(context.DeadlineExceeded); c != nil {
		t.Errorf("a timeout read as a certificate failure: %+v", c)
	}
	future := *leaf
	future.NotBefore, future.NotAfter = now.Add(24*time.Hour), now.Add(48*time.Hour)
	c := readCertFailure(x509.CertificateInvalidError{Cert: &future, Reason: x509.Expired})
	if !strings.Contains(c.problem(), "not valid until") || !strings.Contains(c.problem(), "clock") {
		t.Errorf("a certificate not yet valid: %q", c.problem())
	}
}
