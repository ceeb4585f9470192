package network

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/shell"
)

// certKind names why Go refused a server's certificate.
type certKind string

// The certificate failures, as crypto/x509 reports them.
const (
	// certUnknown: "x509: certificate signed by unknown authority", the mark of a TLS-intercepting
	// proxy (or antivirus) whose CA the machine does not trust, or of a self-signed server.
	certUnknown certKind = "unknown authority"
	// certExpired: "x509: certificate has expired or is not yet valid".
	certExpired certKind = "expired"
	// certHostname: "x509: certificate is valid for a, b, not c".
	certHostname certKind = "hostname"
	// certInvalid: any other x509.CertificateInvalidError (not a CA, too many intermediates, ...).
	certInvalid certKind = "invalid"
)

// certFailure is a refused certificate: why, and the chain the server presented.
type certFailure struct {
	kind  certKind
	chain []*x509.Certificate // as presented: the server's own first
	host  string              // the name asked for, for a hostname mismatch
	now   time.Time
}

// readCertFailure reads a TLS verification error. It returns nil for any other error.
func readCertFailure(err error) *certFailure {
	if err == nil {
		return nil
	}
	c := &certFailure{now: time.Now()}
	var verr *tls.CertificateVerificationError
	if errors.As(err, &verr) {
		c.chain = verr.UnverifiedCertificates
	}
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	var cert *x509.Certificate
	switch {
	case errors.As(err, &unknown):
		c.kind, cert = certUnknown, unknown.Cert
	case errors.As(err, &hostname):
		c.kind, cert, c.host = certHostname, hostname.Certificate, hostname.Host
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		c.kind, cert = certExpired, invalid.Cert
	case errors.As(err, &invalid):
		c.kind, cert = certInvalid, invalid.Cert
	default:
		return nil
	}
	if len(c.chain) == 0 && cert != nil {
		c.chain = []*x509.Certificate{cert}
	}
	return c
}

// leaf is the server's own certificate, or nil when the error did not carry it.
func (c *certFailure) leaf() *x509.Certificate {
	if len(c.chain) == 0 {
		return nil
	}
	return c.chain[0]
}

// authority is the distinguished name of the CA to trust: the issuer of the last certificate
// presented (itself when it is self-signed).
func (c *certFailure) authority() string {
	if len(c.chain) == 0 {
		return ""
	}
	return certName(c.chain[len(c.chain)-1].Issuer.String())
}

// authorityName is the CA's common name (else its organisation), for file names and fixes.
func (c *certFailure) authorityName() string {
	if len(c.chain) == 0 {
		return ""
	}
	issuer := c.chain[len(c.chain)-1].Issuer
	if issuer.CommonName == "" && len(issuer.Organization) > 0 {
		return issuer.Organization[0]
	}
	return issuer.CommonName
}

// certName is a distinguished name for a sentence; "" stays "" (a certificate with an empty name).
func certName(dn string) string { return strings.TrimSpace(dn) }

// problem says in a few words what was refused, for titles and lists: `TLS: certificate signed by
// an unknown authority ("CN=Corp Root CA")`.
func (c *certFailure) problem() string {
	switch c.kind {
	case certUnknown:
		if a := c.authority(); a != "" {
			return fmt.Sprintf("TLS: certificate signed by an unknown authority, %q", a)
		}
		return "TLS: certificate signed by an unknown authority"
	case certExpired:
		return "TLS: " + c.validity()
	case certHostname:
		return fmt.Sprintf("TLS: the certificate is for another host (%s)", c.names())
	}
	return "TLS: certificate refused"
}

// validity says whether the leaf has expired or is not valid yet, with its dates.
func (c *certFailure) validity() string {
	l := c.leaf()
	if l == nil {
		return "certificate expired or not yet valid"
	}
	if c.now.Before(l.NotBefore) {
		return fmt.Sprintf("certificate not valid until %s (this machine's clock says %s)", l.NotBefore.UTC().Format(time.DateOnly), c.now.UTC().Format(time.DateOnly))
	}
	return fmt.Sprintf("certificate expired on %s", l.NotAfter.UTC().Format(time.DateOnly))
}

// names lists the names the leaf is valid for: "valid for a, b; asked for c".
func (c *certFailure) names() string {
	l := c.leaf()
	var names []string
	if l != nil {
		names = append(names, l.DNSNames...)
		for _, ip := range l.IPAddresses {
			names = append(names, ip.String())
		}
	}
	if len(names) == 0 {
		return "asked for " + c.host
	}
	return fmt.Sprintf("valid for %s; asked for %s", strings.Join(names, ", "), c.host)
}

// chainText shows the chain presented, one certificate a line, for a detail.
func (c *certFailure) chainText() string {
	var b strings.Builder
	for i, cert := range c.chain {
		fmt.Fprintf(&b, "\n  %d: subject %q, issued by %q, valid %s to %s", i, certName(cert.Subject.String()), certName(cert.Issuer.String()),
			cert.NotBefore.UTC().Format(time.DateOnly), cert.NotAfter.UTC().Format(time.DateOnly))
	}
	if b.Len() == 0 {
		return ""
	}
	return "\nThe certificates presented:" + b.String()
}

// certTitle is the title of a finding whose root cause is the refused certificate of what (a
// GOPROXY entry, a checksum database).
func certTitle(what string, c *certFailure, via string) string {
	switch c.kind {
	case certUnknown:
		by := ""
		if via != "" {
			by = " through the proxy " + via
		}
		if a := c.authority(); a != "" {
			return fmt.Sprintf("%s%s presents a certificate issued by %q, an authority Go does not trust here", what, by, a)
		}
		return fmt.Sprintf("%s%s presents a certificate from an authority Go does not trust here", what, by)
	case certExpired:
		return fmt.Sprintf("%s presents a %s", what, c.validity())
	case certHostname:
		return fmt.Sprintf("%s presents a certificate for another host (%s)", what, c.names())
	}
	return fmt.Sprintf("%s presents a certificate Go refuses", what)
}

// certDetail explains the failure and what it is a sign of.
func certDetail(c *certFailure, via string) string {
	var s string
	switch c.kind {
	case certUnknown:
		s = "Go verifies every https certificate against the roots this machine trusts, and none of them issued this chain. "
		if via != "" {
			s += fmt.Sprintf("The request went through the proxy %s: a proxy that inspects HTTPS presents certificates of its own CA, which Go must trust. ", via)
		} else {
			s += "A firewall, antivirus or proxy of your organisation that inspects HTTPS presents certificates of its own CA, which Go must trust. "
		}
		s += "Switching GOPROXY does not help (every https request goes the same way), and GOINSECURE or GOSUMDB=off only hide the problem from some requests while removing their protection."
	case certExpired:
		s = "Go refuses a certificate outside its validity period. If this machine's clock is right, whoever runs the server (or the proxy that inspects HTTPS, when its certificates expire) must renew it."
	case certHostname:
		s = "Go refuses a certificate that does not name the host it asked for: use a URL with a name the certificate lists, or have the server's certificate reissued for the name you use."
	default:
		s = "Go refused the server's certificate."
	}
	return s + c.chainText()
}

// certFix is the repair for a refused certificate: for an unknown authority, trusting the CA the
// way Go reads roots on this OS; otherwise the server's side, which gomedic cannot change.
func certFix(f *facts.Facts, c *certFailure) *finding.Fix {
	switch c.kind {
	case certUnknown:
		return trustFix(f, c.authorityName())
	case certExpired:
		return &finding.Fix{Summary: "Check this machine's date and time; if they are right, the certificate must be renewed by whoever runs the server (or the HTTPS-inspecting proxy).",
			Docs: docsCertificates}
	case certHostname:
		return &finding.Fix{Summary: fmt.Sprintf("Use a URL whose host is one the certificate names (%s), or have the certificate reissued for %s.", c.names(), c.host),
			Docs: docsCertificates}
	}
	return &finding.Fix{Summary: "The server's certificate chain must be fixed by whoever runs it.", Docs: docsCertificates}
}

// docsCertificates is where Go documents which roots it trusts on each OS.
const docsCertificates = "https://pkg.go.dev/crypto/x509#SystemCertPool"

// trustFix adds the CA named authority to the roots Go reads on this OS: the system keychain on
// macOS, the certificate store on Windows, and on Linux SSL_CERT_FILE when it is set, else the
// distribution's bundle through its own tool (crypto/x509 root_linux.go).
func trustFix(f *facts.Facts, authority string) *finding.Fix {
	file := caFileName(authority)
	name := "the CA"
	if authority != "" {
		name = fmt.Sprintf("the CA %q", authority)
	}
	get := fmt.Sprintf("Get the certificate of %s from your IT department (or export it from a browser that trusts it) as %s, then trust it where Go reads roots", name, file)
	switch f.Host.OS() {
	case "darwin":
		return &finding.Fix{Summary: get + ": on macOS, the System keychain.",
			Commands: []string{"sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain " + shell.Quote(file)},
			Docs:     docsCertificates}
	case "windows":
		return &finding.Fix{Summary: get + ": on Windows, the certificate store (the current user's Root store, or the machine's from an administrator prompt without -user).",
			Commands: []string{"certutil -user -addstore Root " + file},
			Docs:     docsCertificates}
	}
	return linuxTrustFix(f, get, file)
}

// linuxTrustFix trusts a CA as crypto/x509 reads roots on Linux: only SSL_CERT_FILE when it is
// set, else the first distribution bundle that exists.
func linuxTrustFix(f *facts.Facts, get, file string) *finding.Fix {
	q := shell.Quote(file)
	if certFile := f.Host.Env().Get("SSL_CERT_FILE"); certFile != "" {
		return &finding.Fix{Summary: get + fmt.Sprintf(": SSL_CERT_FILE=%s is set, so Go reads its roots from that file alone; add the CA to it.", certFile),
			Commands: []string{"cat " + q + " >> " + shell.Quote(certFile)}, Docs: docsCertificates}
	}
	for _, d := range linuxTrustTools {
		if _, err := f.Host.Stat(d.anchors); err == nil {
			return &finding.Fix{Summary: get + fmt.Sprintf(": on this Linux, the system bundle %s, rebuilt by %s.", d.bundle, d.tool),
				Commands: []string{"sudo cp " + q + " " + shell.Quote(d.anchors+"/"+strings.TrimSuffix(file, ".pem")+".crt"), "sudo " + d.tool},
				Docs:     docsCertificates}
		}
	}
	return &finding.Fix{Summary: get + ": Go reads SSL_CERT_FILE (and SSL_CERT_DIR) first; point it at a bundle holding the system's roots and this CA, in the environment the editor starts with too.",
		Commands: []string{"export SSL_CERT_FILE=" + shell.Quote(file)}, Docs: docsCertificates}
}

// linuxTrustTools are the distributions' ways to add a CA to the bundle crypto/x509 reads.
var linuxTrustTools = []struct{ anchors, tool, bundle string }{
	{"/usr/local/share/ca-certificates", "update-ca-certificates", "/etc/ssl/certs/ca-certificates.crt"},
	{"/etc/pki/ca-trust/source/anchors", "update-ca-trust", "/etc/pki/tls/certs/ca-bundle.crt"},
	{"/etc/pki/trust/anchors", "update-ca-certificates", "/etc/ssl/ca-bundle.pem"},
}

// caFileName is a file name for the CA's certificate made from its name: "Corp Root CA" ->
// "corp-root-ca.pem".
func caFileName(authority string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(authority) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	base := strings.Trim(b.String(), "-")
	if base == "" {
		base = "organisation-ca"
	}
	return base + ".pem"
}
