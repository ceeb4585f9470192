package facts

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
)

// ProbeTimeout bounds each network probe of the net layer.
const ProbeTimeout = 3 * time.Second

// maxProbeBody bounds how much of an answer a probe keeps.
const maxProbeBody = 16 << 10

// ErrOffline is returned by probes when the run must not reach the network.
var ErrOffline = errors.New("not probed: --offline")

// EnvVar is an environment variable as a program read it: Name is the spelling found
// ("HTTPS_PROXY" or "https_proxy"), and is "" when no spelling is set.
type EnvVar struct {
	Name  string
	Value string
}

// Set reports whether the variable is set to a non-empty value.
func (v EnvVar) Set() bool { return v.Value != "" }

// ProxyEnv is the HTTP proxy configuration of the host's environment, read the way Go's net/http
// reads it (httpproxy.FromEnvironment): the upper-case name first, then the lower-case one.
type ProxyEnv struct {
	HTTP, HTTPS, No EnvVar
	// All is ALL_PROXY (or all_proxy): Go ignores it, git and curl honour it.
	All EnvVar
	// Hidden lists lower-case variables whose value differs from the upper-case one Go uses
	// (curl reads only the lower-case http_proxy).
	Hidden []EnvVar
	// CGI is set when REQUEST_METHOD is: Go then refuses HTTP_PROXY for http:// URLs.
	CGI bool
}

// ProxyEnv reads the proxy variables of the host's environment.
func (f *Facts) ProxyEnv() *ProxyEnv { return ReadProxyEnv(f.Host.Env()) }

// ReadProxyEnv reads the proxy variables of env.
func ReadProxyEnv(env *host.Env) *ProxyEnv {
	p := &ProxyEnv{CGI: env.Get("REQUEST_METHOD") != ""}
	p.HTTP, p.Hidden = firstSet(env, "HTTP_PROXY", "http_proxy", p.Hidden)
	p.HTTPS, p.Hidden = firstSet(env, "HTTPS_PROXY", "https_proxy", p.Hidden)
	p.No, p.Hidden = firstSet(env, "NO_PROXY", "no_proxy", p.Hidden)
	p.All, p.Hidden = firstSet(env, "ALL_PROXY", "all_proxy", p.Hidden)
	return p
}

// firstSet returns the first of upper and lower that is set, and appends lower to hidden when
// it is set to another value that upper hides.
func firstSet(env *host.Env, upper, lower string, hidden []EnvVar) (EnvVar, []EnvVar) {
	u, l := env.Get(upper), env.Get(lower)
	switch {
	case u != "":
		if l != "" && l != u {
			hidden = append(hidden, EnvVar{lower, l})
		}
		return EnvVar{upper, u}, hidden
	case l != "":
		return EnvVar{lower, l}, hidden
	}
	return EnvVar{}, hidden
}

// Config is the configuration Go's net/http builds from these variables.
func (p *ProxyEnv) Config() *httpproxy.Config {
	return &httpproxy.Config{HTTPProxy: p.HTTP.Value, HTTPSProxy: p.HTTPS.Value, NoProxy: p.No.Value, CGI: p.CGI}
}

// ProxyFor returns the proxy Go's net/http uses to reach u, or nil for a direct connection. An
// error says Go refuses the request (HTTP_PROXY in a CGI environment).
func (p *ProxyEnv) ProxyFor(u *url.URL) (*url.URL, error) {
	return p.Config().ProxyFunc()(u)
}

// ParseProxy parses a proxy variable's value as httpproxy does: a URL, or host[:port] taken as
// http://host[:port]. Go ignores a value it cannot parse.
func ParseProxy(value string) (*url.URL, error) {
	u, err := url.Parse(value)
	if err != nil || u.Scheme == "" || u.Host == "" {
		if u2, err2 := url.Parse("http://" + value); err2 == nil {
			return u2, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("parsing proxy address: %w", err)
	}
	return u, nil
}

// HTTPProbe is one GET request made the way the go command makes it: through the proxy the
// host's environment names for the URL, sending the credentials the URL holds, following up to
// ten redirects but never from https to http. A file:// URL is read from disk, as the go command
// reads a file:// GOPROXY.
type HTTPProbe struct {
	URL string // the URL requested, redacted
	Via string // the proxy it went through, redacted; "" for a direct connection
	// Code and Status are the answer's ("404", "404 Not Found"); Code is 0 when none came.
	Code   int
	Status string
	Body   string // the start of the answer
	// ConnectStatus is the proxy's answer to CONNECT when it would not open a tunnel.
	ConnectStatus string
	Err           error // why no answer came, without the URL (it may hold credentials)
	Duration      time.Duration
}

// Answered reports whether the server (not a proxy on the way) answered.
func (p *HTTPProbe) Answered() bool { return p.Code != 0 }

// HTTPGet requests u the way the go command would, within ProbeTimeout.
func (f *Facts) HTTPGet(u *url.URL) *HTTPProbe {
	p := &HTTPProbe{URL: redact.URL(u)}
	if f.Offline {
		p.Err = ErrOffline
		return p
	}
	start := time.Now()
	defer func() { p.Duration = time.Since(start) }()
	switch {
	case u.Scheme == "file":
		f.readFileURL(u, p)
		return p
	case u.Scheme == "http" && u.User != nil:
		// cmd/go/internal/web refuses this before any request is made.
		p.Err = fmt.Errorf("refusing to pass credentials to insecure URL: %s", p.URL)
		return p
	}
	env := f.ProxyEnv()
	proxy, err := env.ProxyFor(u)
	if err != nil {
		p.Err = err
		return p
	}
	p.Via = redact.URL(proxy)
	f.get(u, env, p)
	return p
}

// get fills p with the answer to a GET of u.
func (f *Facts) get(u *url.URL, env *ProxyEnv, p *HTTPProbe) {
	ctx, cancel := context.WithTimeout(f.probeContext(), ProbeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		p.Err = err
		return
	}
	res, err := newProbeClient(env, p).Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		p.Err = err
		return
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, maxProbeBody))
	p.Code, p.Status, p.Body = res.StatusCode, res.Status, string(body)
}

// probeContext is the run's context, or a background one for facts built without New.
func (f *Facts) probeContext() context.Context {
	if f.ctx != nil {
		return f.ctx
	}
	return context.Background()
}

// newProbeClient is an HTTP client configured like the go command's (net/http's defaults), with
// the host's proxy variables and the probe timeout. It records a refused CONNECT in p.
func newProbeClient(env *ProxyEnv, p *HTTPProbe) *http.Client {
	proxyFunc := env.Config().ProxyFunc()
	tr := &http.Transport{
		Proxy:               func(r *http.Request) (*url.URL, error) { return proxyFunc(r.URL) },
		DialContext:         (&net.Dialer{Timeout: ProbeTimeout}).DialContext,
		TLSHandshakeTimeout: ProbeTimeout,
		ForceAttemptHTTP2:   true,
		DisableKeepAlives:   true,
		OnProxyConnectResponse: func(_ context.Context, _ *url.URL, _ *http.Request, res *http.Response) error {
			if res.StatusCode != http.StatusOK {
				p.ConnectStatus = res.Status
			}
			return nil
		},
	}
	return &http.Client{Transport: tr, Timeout: ProbeTimeout, CheckRedirect: keepSecure}
}

// keepSecure is the go command's redirect policy: at most ten, never from https to http.
func keepSecure(req *http.Request, via []*http.Request) error {
	if len(via) > 0 && via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirected from secure URL %s to insecure URL %s", redact.URL(via[len(via)-1].URL), redact.URL(req.URL))
	}
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// readFileURL answers a file:// request as the go command does: a missing file is a 404, any
// other error an error.
func (f *Facts) readFileURL(u *url.URL, p *HTTPProbe) {
	path := u.Path
	if f.Host.OS() == "windows" && len(path) > 2 && path[0] == '/' && path[2] == ':' {
		path = path[1:]
	}
	data, err := f.Host.ReadFile(path, maxProbeBody)
	switch {
	case err == nil:
		p.Code, p.Status, p.Body = http.StatusOK, "200 OK", string(data)
	case host.IsNotExist(err):
		p.Code, p.Status = http.StatusNotFound, "404 Not Found"
	default:
		p.Err = err
	}
}

// ProxyDial is the outcome of connecting to a proxy the way net/http does before a request goes
// through it: a TCP connection, a TLS handshake with an https:// proxy, and for a tunnel to an
// https:// server, a CONNECT request.
type ProxyDial struct {
	Proxy  string // the proxy, redacted
	Addr   string // the host:port connected to
	Target string // the host:port asked for with CONNECT; "" when none was sent
	// Stage says what failed: "connect", "tls" or "CONNECT"; "" when nothing did.
	Stage  string
	Status string // the proxy's answer to CONNECT
	Code   int
	Err    error
	// Duration is how long the whole exchange took.
	Duration time.Duration
}

// The stages of a proxy dial.
const (
	StageConnect = "connect"
	StageTLS     = "tls"
	StageCONNECT = "CONNECT"
)

// DialProxy connects to proxy and, when target is not "" and the proxy speaks HTTP, asks it with
// CONNECT for a tunnel to target (host:port), sending the proxy's credentials as net/http does.
// The tunnel is closed at once: nothing is sent through it.
func (f *Facts) DialProxy(proxy *url.URL, target string) *ProxyDial {
	d := &ProxyDial{Proxy: redact.URL(proxy), Addr: ProxyAddr(proxy)}
	if f.Offline {
		d.Stage, d.Err = StageConnect, ErrOffline
		return d
	}
	start := time.Now()
	defer func() { d.Duration = time.Since(start) }()
	ctx, cancel := context.WithTimeout(f.probeContext(), ProbeTimeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", d.Addr)
	if err != nil {
		d.Stage, d.Err = StageConnect, err
		return d
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	if proxy.Scheme == "https" {
		tc := tls.Client(conn, &tls.Config{ServerName: proxy.Hostname()})
		if err := tc.HandshakeContext(ctx); err != nil {
			d.Stage, d.Err = StageTLS, err
			return d
		}
		conn = tc
	}
	if target == "" || (proxy.Scheme != "http" && proxy.Scheme != "https") {
		return d
	}
	d.Target = target
	d.Code, d.Status, d.Err = askConnect(conn, proxy, target)
	if d.Err != nil || d.Code != http.StatusOK {
		d.Stage = StageCONNECT
	}
	return d
}

// askConnect sends CONNECT target over conn and reads the proxy's answer.
func askConnect(conn net.Conn, proxy *url.URL, target string) (int, string, error) {
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: target}, Host: target, Header: make(http.Header)}
	if u := proxy.User; u != nil {
		pw, _ := u.Password()
		r := &http.Request{Header: make(http.Header)}
		r.SetBasicAuth(u.Username(), pw)
		req.Header.Set("Proxy-Authorization", r.Header.Get("Authorization"))
	}
	if err := req.Write(conn); err != nil {
		return 0, "", err
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return 0, "", err
	}
	res.Body.Close()
	return res.StatusCode, res.Status, nil
}

// ProxyAddr is the host:port net/http connects to for proxy, with the scheme's default port.
func ProxyAddr(proxy *url.URL) string {
	port := proxy.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443", "socks5": "1080", "socks5h": "1080"}[proxy.Scheme]
	}
	return net.JoinHostPort(proxy.Hostname(), port)
}

// HostPort is the host:port a request to u connects to, with the scheme's default port.
func HostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// Summary is the probe's outcome in one line, for evidence: "200 OK" or the error.
func (p *HTTPProbe) Summary() string {
	if p.Answered() {
		return p.Status
	}
	if p.ConnectStatus != "" {
		return "the proxy answered CONNECT with " + p.ConnectStatus
	}
	if p.Err != nil {
		return p.Err.Error()
	}
	return ""
}

// Request is the request in words, for evidence: "GET https://... (via proxy http://...)".
func (p *HTTPProbe) Request() string {
	s := "GET " + p.URL
	if strings.HasPrefix(p.URL, "file:") {
		s = "read " + p.URL
	}
	if p.Via != "" {
		s += " (through the proxy " + p.Via + ")"
	}
	return s
}
