package main

import (
	"crypto/tls"
	"encoding/base64"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/gomedic/gomedic/internal/testproxy"
	"github.com/rogpeppe/go-internal/testscript"
)

// netCmds are the testscript commands of the net layer's scenarios. Every server they start
// listens on 127.0.0.1 and is stopped when the script ends; none of them ever connects to
// anything but another loopback server, so no scenario reaches past the machine.
func netCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"deadport":     cmdDeadport,
		"modproxy":     cmdModproxy,
		"tunnelproxy":  cmdTunnelproxy,
		"silentserver": cmdSilentserver,
		"gitserver":    cmdGitserver,
	}
}

// cmdDeadport sets VAR to a loopback host:port where nothing listens (a port taken and freed):
//
//	deadport VAR
func cmdDeadport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: deadport VAR")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	addr := l.Addr().String()
	ts.Check(l.Close())
	ts.Setenv(args[0], addr)
}

// cmdSilentserver sets VAR to the URL of a loopback server that accepts connections and never
// answers (a hung proxy or server: requests to it time out):
//
//	silentserver VAR
func cmdSilentserver(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: silentserver VAR")
	}
	url, stop, err := testproxy.SilentServer()
	ts.Check(err)
	ts.Defer(stop)
	ts.Setenv(args[0], url)
}

// modproxyOptions configure a module proxy of canned answers.
type modproxyOptions struct {
	status   int    // answer every request with this status
	sumdb    int    // status of /sumdb/<name>/supported
	latest   int    // status of /sumdb/<name>/latest
	auth     string // user:password required (basic auth)
	tls      bool
	cert     string // file to write the TLS certificate to (PEM)
	log      string // file to log each request to
	userinfo string // user:password to put in VAR's URL
	ca       string // with -tls: the name of a CA of the scenario's own that issues the certificate
	names    string // the names that certificate is for
	expired  bool   // that certificate has expired
}

// cmdModproxy starts a loopback module proxy with canned answers and sets VAR to its URL. Every
// module path exists at every version (@v/list lists v1.0.0; .info and .mod answer for any
// version; @latest is v1.0.0); it proxies the checksum
// database (/sumdb/<name>/supported and /latest answer 200); anything else is a 404.
//
//	modproxy [-status N] [-sumdb N] [-latest N] [-auth user:pass] [-userinfo user:pass] [-tls -cert FILE] [-log FILE] [-hostvar HOSTVAR] VAR
func cmdModproxy(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("modproxy", flag.ContinueOnError)
	o := &modproxyOptions{}
	fs.IntVar(&o.status, "status", 0, "answer every request with this status")
	fs.IntVar(&o.sumdb, "sumdb", 200, "status of /sumdb/NAME/supported")
	fs.IntVar(&o.latest, "latest", 200, "status of /sumdb/NAME/latest")
	fs.StringVar(&o.auth, "auth", "", "user:password required")
	fs.StringVar(&o.userinfo, "userinfo", "", "user:password to put in the URL")
	fs.BoolVar(&o.tls, "tls", false, "serve https")
	fs.StringVar(&o.cert, "cert", "", "file to write the certificate to")
	fs.StringVar(&o.log, "log", "", "file to log requests to")
	fs.StringVar(&o.ca, "ca", "", "name of the CA that issues the certificate")
	fs.StringVar(&o.names, "names", "example.com,127.0.0.1", "names the certificate is for")
	fs.BoolVar(&o.expired, "expired", false, "the certificate has expired")
	hostVar := fs.String("hostvar", "", "variable to set to the server's host:port")
	if err := fs.Parse(args); neg || err != nil || fs.NArg() != 1 {
		ts.Fatalf("usage: modproxy [-status N] [-sumdb N] [-latest N] [-auth u:p] [-userinfo u:p] [-tls [-ca NAME [-names a,b] [-expired]] -cert FILE] [-log FILE] [-hostvar VAR] VAR")
	}
	logger := newRequestLog(ts, o.log)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		logger.add(r.Method + " " + r.URL.Path)
		serveModule(w, r, o)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if o.tls {
		startTLS(ts, srv, o.ca, o.names, o.expired, o.cert)
	} else {
		srv.Start()
	}
	ts.Defer(srv.Close)
	u, err := url.Parse(srv.URL)
	ts.Check(err)
	if o.userinfo != "" {
		user, pass, _ := strings.Cut(o.userinfo, ":")
		u.User = url.UserPassword(user, pass)
	}
	ts.Setenv(fs.Arg(0), u.String())
	if *hostVar != "" {
		ts.Setenv(*hostVar, u.Host)
	}
}

// startTLS starts srv over TLS with httptest's certificate, or with one that a CA of the
// scenario's own issued (-ca), and writes the certificate to trust (the CA's) to -cert.
func startTLS(ts *testscript.TestScript, srv *httptest.Server, caName, names string, expired bool, certFile string) {
	var trust []byte
	if caName != "" {
		ca, err := newTestCA(caName)
		ts.Check(err)
		leaf, err := ca.issue(splitNames(names), expired)
		ts.Check(err)
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
		trust = ca.pem()
	}
	srv.StartTLS()
	if trust == nil {
		trust = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	}
	if certFile != "" {
		ts.Check(os.WriteFile(ts.MkAbs(certFile), trust, 0o644))
	}
}

// serveModule answers one request of the module proxy protocol with canned data.
func serveModule(w http.ResponseWriter, r *http.Request, o *modproxyOptions) {
	if o.auth != "" {
		user, pass, ok := r.BasicAuth()
		if !ok || user+":"+pass != o.auth {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
	}
	p := r.URL.Path
	switch {
	case o.status != 0:
		http.Error(w, fmt.Sprintf("canned status %d", o.status), o.status)
	case strings.HasPrefix(p, "/sumdb/") && strings.HasSuffix(p, "/supported"):
		answer(w, o.sumdb, "")
	case strings.HasPrefix(p, "/sumdb/") && strings.HasSuffix(p, "/latest"):
		answer(w, o.latest, "go.sum database tree\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
	case strings.HasSuffix(p, "/@v/list"):
		answer(w, 200, "v1.0.0\n")
	case strings.HasSuffix(p, "/@latest"):
		answer(w, 200, `{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}`)
	case strings.Contains(p, "/@v/") && strings.HasSuffix(p, ".info"):
		version := strings.TrimSuffix(p[strings.LastIndex(p, "/@v/")+len("/@v/"):], ".info")
		answer(w, 200, `{"Version":"`+version+`","Time":"2024-01-01T00:00:00Z"}`)
	case strings.Contains(p, "/@v/") && strings.HasSuffix(p, ".mod"):
		answer(w, 200, "module "+strings.TrimPrefix(p[:strings.LastIndex(p, "/@v/")], "/")+"\n")
	default:
		http.Error(w, "not found: "+p, http.StatusNotFound)
	}
}

func answer(w http.ResponseWriter, status int, body string) {
	if status != http.StatusOK {
		http.Error(w, http.StatusText(status), status)
		return
	}
	io.WriteString(w, body)
}

// cmdTunnelproxy starts a loopback HTTP proxy and sets VAR to its URL. It opens every CONNECT
// tunnel to the server whose URL is in the variable named by -to, whatever host the client
// asked for, and forwards plain requests (http:// URLs) there too: the client believes it
// reaches that host, and nothing leaves the machine. With -auth it wants those credentials in
// Proxy-Authorization and answers 407 without them.
//
//	tunnelproxy -to SERVERVAR [-auth user:pass] [-userinfo user:pass] [-log FILE] [-ca NAME -cert FILE] VAR
//
// With -ca the proxy itself speaks TLS (an https:// proxy) with a certificate for 127.0.0.1 from
// a CA of the scenario's own, whose certificate -cert writes.
func cmdTunnelproxy(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("tunnelproxy", flag.ContinueOnError)
	to := fs.String("to", "", "variable holding the URL of the server every tunnel goes to")
	auth := fs.String("auth", "", "user:password the proxy wants")
	userinfo := fs.String("userinfo", "", "user:password to put in the URL")
	logFile := fs.String("log", "", "file to log requests to")
	caName := fs.String("ca", "", "serve the proxy itself over TLS with a certificate from a CA of this name")
	certFile := fs.String("cert", "", "with -ca: file to write the CA's certificate to")
	if err := fs.Parse(args); neg || err != nil || fs.NArg() != 1 || *to == "" {
		ts.Fatalf("usage: tunnelproxy -to SERVERVAR [-auth u:p] [-userinfo u:p] [-log FILE] [-ca NAME -cert FILE] VAR")
	}
	backend, err := url.Parse(ts.Getenv(*to))
	if err != nil || backend.Host == "" {
		ts.Fatalf("tunnelproxy: $%s is not a server URL", *to)
	}
	p := &tunnelProxy{backend: backend, auth: *auth, log: newRequestLog(ts, *logFile)}
	srv := httptest.NewUnstartedServer(p)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if *caName != "" {
		startTLS(ts, srv, *caName, "127.0.0.1", false, *certFile)
	} else {
		srv.Start()
	}
	ts.Defer(srv.Close)
	u, _ := url.Parse(srv.URL)
	if *userinfo != "" {
		user, pass, _ := strings.Cut(*userinfo, ":")
		u.User = url.UserPassword(user, pass)
	}
	ts.Setenv(fs.Arg(0), u.String())
}

// tunnelProxy is a forward proxy whose every route leads to one loopback server.
type tunnelProxy struct {
	backend *url.URL
	auth    string
	log     *requestLog
}

func (p *tunnelProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.log.add(r.Method + " " + r.RequestURI)
	if p.auth != "" && r.Header.Get("Proxy-Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(p.auth)) {
		w.Header().Set("Proxy-Authenticate", `Basic realm="test"`)
		http.Error(w, "proxy authentication required", http.StatusProxyAuthRequired)
		return
	}
	if r.Method == http.MethodConnect {
		p.tunnel(w)
		return
	}
	p.forward(w, r)
}

// tunnel answers CONNECT with a tunnel to the backend.
func (p *tunnelProxy) tunnel(w http.ResponseWriter) {
	up, err := net.Dial("tcp", p.backend.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		up.Close()
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
	go splice(up, buf.Reader, conn)
	go splice(conn, up, up)
}

// splice copies from src to dst, then closes closer.
func splice(dst io.Writer, src io.Reader, closer io.Closer) {
	io.Copy(dst, src)
	closer.Close()
}

// forward sends a plain proxied request (absolute URL) to the backend.
func (p *tunnelProxy) forward(w http.ResponseWriter, r *http.Request) {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host = p.backend.Scheme, p.backend.Host
	out.Header.Del("Proxy-Authorization")
	res, err := (&http.Transport{Proxy: nil}).RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.StatusCode)
	io.Copy(w, res.Body)
}

// requestLog appends one line per request to a file of the script's work directory, so a
// script can check which requests reached a server.
type requestLog struct {
	mu   sync.Mutex
	path string
}

func newRequestLog(ts *testscript.TestScript, file string) *requestLog {
	if file == "" {
		return &requestLog{}
	}
	l := &requestLog{path: ts.MkAbs(file)}
	ts.Check(os.WriteFile(l.path, nil, 0o644))
	return l
}

func (l *requestLog) add(line string) {
	if l.path == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.path, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintln(f, line)
}
