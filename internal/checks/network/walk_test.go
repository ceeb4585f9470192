package network

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
)

// newFacts are the facts of a machine with the given environment and no go command; its
// network is the real one, which these tests use on loopback only.
func newFacts(environ ...string) *facts.Facts {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/u"
	h.Environ = environ
	return facts.New(context.Background(), h, "/work", time.Second)
}

// server answers every request with status.
func server(t *testing.T, status int) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, http.StatusText(status), status)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// deadURL is the URL of a loopback port nothing listens on.
func deadURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// TestWalkProxies checks the go command's fall-through rules on live loopback servers.
func TestWalkProxies(t *testing.T) {
	ok, notFound, gone, down := server(t, 200), server(t, 404), server(t, 410), server(t, 503)
	dead := deadURL(t)
	tests := []struct {
		goproxy string
		end     string
		tried   int // entries asked
		failed  int
	}{
		{ok + ",direct", endServed, 1, 0},
		{dead + ",direct", endStopped, 1, 1},
		{dead + "," + ok, endStopped, 1, 1},
		{dead + "|" + ok, endServed, 2, 1},
		{dead + "|direct", endDirect, 1, 1},
		{dead + "|" + dead, endExhausted, 2, 2},
		{dead, endExhausted, 1, 1},
		{notFound + "," + ok, endServed, 2, 0},
		{gone + "," + notFound + ",direct", endDirect, 2, 0},
		{notFound, endExhausted, 1, 0},
		{down + "," + ok, endStopped, 1, 1},
		{down + "|" + ok, endServed, 2, 1},
		{notFound + ",off", endOff, 1, 0},
		{dead + "|off", endOff, 1, 1},
	}
	f := newFacts()
	for _, tt := range tests {
		list, err := parseGOPROXY(tt.goproxy)
		if err != nil {
			t.Fatal(err)
		}
		w := walkProxies(f, list, probeModule+"/@v/list")
		if w.end != tt.end || len(w.steps) != tt.tried || len(w.failed()) != tt.failed {
			t.Errorf("GOPROXY=%s: end %s after %d entries, %d failed; want %s after %d, %d failed", tt.goproxy, w.end, len(w.steps), len(w.failed()), tt.end, tt.tried, tt.failed)
		}
	}
}

// TestWalkThroughDeadProxy checks that a dead HTTPS_PROXY is blamed for an https entry, and that
// loopback entries never go through it, as in Go's net/http.
func TestWalkThroughDeadProxy(t *testing.T) {
	dead := deadURL(t)
	f := newFacts("HTTPS_PROXY=" + dead)
	list, _ := parseGOPROXY("https://proxy.golang.org,direct")
	w := walkProxies(f, list, probeModule+"/@v/list")
	s := w.last()
	if w.end != endStopped || !s.proxyFault || classify(s.probe.Err) != failRefused || s.probe.Via != dead {
		t.Errorf("through a dead proxy: end %s, %+v via %q", w.end, s.judgement, s.probe.Via)
	}
	ok := server(t, 200)
	okTLS := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(okTLS.Close)
	f = newFacts("HTTPS_PROXY="+dead, "HTTP_PROXY="+dead)
	for _, u := range []string{ok, okTLS.URL} {
		list, _ := parseGOPROXY(u)
		w := walkProxies(f, list, probeModule+"/@v/list")
		if s := w.last(); s.probe.Via != "" || s.proxyFault {
			t.Errorf("%s went through the proxy: %+v", u, s.probe)
		}
	}
}

func TestWalkTLSError(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	list, _ := parseGOPROXY(srv.URL)
	w := walkProxies(newFacts(), list, probeModule+"/@v/list")
	if s := w.last(); s.outcome != outDown || classify(s.probe.Err) != failTLS {
		t.Errorf("untrusted certificate: %+v, %v", s.judgement, s.probe.Err)
	}
}

func TestHTTPGetRefusesCredentialsOverHTTP(t *testing.T) {
	list, _ := parseGOPROXY("http://user:s3cret@127.0.0.1:1")
	w := walkProxies(newFacts(), list, probeModule+"/@v/list")
	s := w.last()
	if classify(s.probe.Err) != failCredentials || strings.Contains(s.goText, "s3cret") || !strings.Contains(s.goText, "http://REDACTED@127.0.0.1:1") {
		t.Errorf("credentials over http: %q", s.goText)
	}
}

// TestDialProxyConnect talks to a loopback proxy that answers CONNECT with a given status.
func TestDialProxyConnect(t *testing.T) {
	for _, status := range []int{200, 407, 403} {
		var got string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = r.Method + " " + r.Host + " " + r.Header.Get("Proxy-Authorization")
			w.WriteHeader(status)
		}))
		u, _ := facts.ParseProxy(strings.Replace(srv.URL, "http://", "http://user:pw@", 1))
		d := newFacts().DialProxy(u, "proxy.golang.org:443")
		srv.Close()
		wantStage := facts.StageCONNECT
		if status == 200 {
			wantStage = ""
		}
		if d.Code != status || d.Stage != wantStage || got != "CONNECT proxy.golang.org:443 Basic dXNlcjpwdw==" {
			t.Errorf("CONNECT answered %d: got code %d stage %q, proxy saw %q", status, d.Code, d.Stage, got)
		}
		if strings.Contains(d.Proxy, "pw") {
			t.Errorf("DialProxy kept the password: %q", d.Proxy)
		}
	}
	u, _ := facts.ParseProxy(strings.TrimPrefix(deadURL(t), "http://"))
	if d := newFacts().DialProxy(u, "x:443"); d.Stage != facts.StageConnect || classify(d.Err) != failRefused {
		t.Errorf("dead proxy: %+v", d)
	}
}

func TestReadProxyEnv(t *testing.T) {
	env := facts.ReadProxyEnv(host.NewEnv([]string{
		"HTTPS_PROXY=http://upper:1", "https_proxy=http://lower:1",
		"http_proxy=http://onlylower:1",
		"no_proxy=.corp", "ALL_PROXY=socks5://x:1080",
	}, false))
	if env.HTTPS != (facts.EnvVar{Name: "HTTPS_PROXY", Value: "http://upper:1"}) || env.HTTP.Name != "http_proxy" || env.No.Name != "no_proxy" || env.All.Name != "ALL_PROXY" {
		t.Errorf("ReadProxyEnv = %+v", env)
	}
	if len(env.Hidden) != 1 || env.Hidden[0].Name != "https_proxy" {
		t.Errorf("Hidden = %+v", env.Hidden)
	}
	for in, want := range map[string]string{
		"127.0.0.1:3128":          "http://127.0.0.1:3128",
		"proxy.corp:3128":         "http://proxy.corp:3128",
		"https://proxy.corp":      "https://proxy.corp",
		"user:pw@proxy.corp:3128": "http://user:pw@proxy.corp:3128",
		"socks5://127.0.0.1:1080": "socks5://127.0.0.1:1080",
	} {
		u, err := facts.ParseProxy(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseProxy(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	if _, err := facts.ParseProxy("http://%zz"); err == nil {
		t.Error("ParseProxy accepted http://%zz")
	}
}
