package network

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/text"
)

// outcome is what an answer means to the go command.
type outcome string

// The outcomes of a request, as cmd/go/internal/web and modfetch treat them.
const (
	// outServes: 200, the only status the go command accepts.
	outServes outcome = "serves"
	// outNotFound: 404 or 410 (or a missing file), which every GOPROXY separator falls through.
	outNotFound outcome = "not found"
	// outAuth: 401 or 403, an authentication problem (GOAUTH, .netrc).
	outAuth outcome = "authentication"
	// outDown: no answer, or any other status: an error that only "|" falls through.
	outDown outcome = "down"
)

// judgement is an answer in the go command's terms.
type judgement struct {
	outcome outcome
	// problem says in a few words what went wrong: "connection refused", "proxyconnect: timeout",
	// "HTTP 503 Service Unavailable".
	problem string
	// goText is the error the go command prints for it.
	goText string
	// proxyFault is set when the request failed on the way through an HTTP proxy.
	proxyFault bool
	// cert is set when Go refused the server's certificate (through a proxy's tunnel or not).
	cert *certFailure
	// via is the proxy the request went through, redacted; "" for a direct connection.
	via string
}

// judge reads a probe the way the go command reads the same answer.
func judge(p *facts.HTTPProbe) judgement {
	if !p.Answered() {
		fault := viaProxy(p.Err) || p.ConnectStatus != ""
		problem := describeFailure(p.Err)
		if p.ConnectStatus != "" {
			problem = "the proxy answered CONNECT with " + p.ConnectStatus
		}
		var cert *certFailure
		if !fault {
			if cert = readCertFailure(p.Err); cert != nil {
				problem = cert.problem()
			}
		}
		return judgement{outcome: outDown, problem: problem, goText: goErrorText(p), proxyFault: fault, cert: cert, via: p.Via}
	}
	j := judgement{problem: "HTTP " + p.Status, goText: httpErrorText(p)}
	switch p.Code {
	case 200:
		j = judgement{outcome: outServes}
	case 404, 410:
		j.outcome = outNotFound
	case 401, 403:
		j.outcome = outAuth
		j.problem += ": authentication (GOAUTH, .netrc)"
	default:
		j.outcome = outDown
	}
	return j
}

// httpErrorText is the go command's message for a status other than 200 (web.HTTPError).
func httpErrorText(p *facts.HTTPProbe) string {
	msg := fmt.Sprintf("reading %s: %s", p.URL, p.Status)
	if line := oneLine(p.Body); line != "" && printable(line) {
		msg += "\n\tserver response: " + line
	}
	return msg
}

// probeEvidence is the evidence of a request: what was asked, through which proxy, and the answer.
func probeEvidence(p *facts.HTTPProbe) finding.Evidence {
	out := p.Summary()
	if p.Answered() && p.Code != 200 {
		if line := oneLine(p.Body); line != "" && printable(line) {
			out += "\n" + line
		}
	}
	return finding.Evidence{Command: p.Request(), Output: out, DurationMS: p.Duration.Milliseconds()}
}

// joinURL appends a path to a base URL as the go command's web.Join does.
func joinURL(base *url.URL, path string) *url.URL {
	u := *base
	u.Path = strings.TrimSuffix(base.Path, "/") + "/" + path
	u.RawPath = ""
	return &u
}

func printable(s string) bool {
	for _, r := range s {
		if !unicode.IsGraphic(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// ms is a duration in milliseconds for details: "12 ms".
func ms(p *facts.HTTPProbe) string { return fmt.Sprintf("%d ms", p.Duration.Milliseconds()) }

// oneLine is the first line of s, capped at 200 bytes: a server's or the go command's answer in a
// sentence.
func oneLine(s string) string { return text.Clip(text.FirstLine(s), 200) }
