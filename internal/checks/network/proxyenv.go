package network

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/redact"
)

// docsProxyEnv documents the proxy variables Go reads.
const docsProxyEnv = "https://pkg.go.dev/net/http#ProxyFromEnvironment"

// proxyVar is one proxy Go uses, with the URLs of the go command that go through it.
type proxyVar struct {
	v facts.EnvVar
	// alsoSet are the other proxy variables to remove with v: its other spelling (which would
	// show through) and the other scheme's variables when they hold the same proxy.
	alsoSet []facts.EnvVar
	u       *url.URL
	// users are the URLs the go command reaches through this proxy.
	users []*url.URL
	// direct is set when fetches from modules' origins (GOPROXY's direct, GONOPROXY) go through it.
	direct *originTarget
}

// proxyEnv checks the proxy variables: that each proxy the go command uses can be connected to.
func proxyEnv(_ context.Context, f *facts.Facts) finding.Finding {
	env := f.ProxyEnv()
	ev := proxyVarEvidence(env)
	var v verdicts
	noteProxyVars(env, &v)
	if !env.HTTP.Set() && !env.HTTPS.Set() {
		return v.finding("no HTTP proxy is set: the go command connects directly", ev)
	}
	var titles []string
	for _, pv := range proxyVars(f, env) {
		if pv.u == nil {
			unparsable(f, pv, &v)
			continue
		}
		d := f.DialProxy(pv.u, connectTarget(pv))
		ev = append(ev, dialEvidence(pv, d))
		if d.Stage == "" {
			titles = append(titles, fmt.Sprintf("%s=%s answers (%d ms)", pv.v.Name, redact.URL(pv.u), d.Duration.Milliseconds()))
			describeUse(pv, &v)
			continue
		}
		deadProxy(f, pv, d, &v)
	}
	if !v.status.Problem() {
		noteNoProxy(env, &v)
	}
	return v.finding(strings.Join(titles, "; "), ev)
}

// proxyVars are the distinct proxies of env, HTTPS_PROXY's first, each with the go command's
// URLs that go through it.
func proxyVars(f *facts.Facts, env *facts.ProxyEnv) []proxyVar {
	var out []proxyVar
	if env.HTTPS.Set() {
		out = append(out, newProxyVar(f, env.HTTPS))
	}
	if env.HTTP.Set() && env.HTTP.Value != env.HTTPS.Value {
		out = append(out, newProxyVar(f, env.HTTP))
	}
	targets, direct := goTargets(f)
	for i := range out {
		out[i].users, out[i].direct = usersOf(env, out[i], targets, direct)
	}
	return out
}

// newProxyVar is the proxy named by v.
func newProxyVar(f *facts.Facts, v facts.EnvVar) proxyVar {
	pv := proxyVar{v: v}
	if u, err := facts.ParseProxy(v.Value); err == nil {
		pv.u = u
	}
	for _, name := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"} {
		otherSpelling := strings.EqualFold(name, v.Name)
		if name == v.Name || otherSpelling && f.Host.OS() == "windows" {
			continue // v itself: Windows has one variable for both spellings
		}
		if val := f.Host.Env().Get(name); val != "" && (otherSpelling || val == v.Value) {
			pv.alsoSet = append(pv.alsoSet, facts.EnvVar{Name: name, Value: val})
		}
	}
	return pv
}

// originTarget stands for the fetches from modules' origins: a host and what they are.
type originTarget struct {
	u     *url.URL
	label string
	// all is set when every module is fetched so (GOPROXY=direct).
	all bool
}

// goTargets are the URLs the go command requests: the GOPROXY entries it can reach and the
// checksum database's own URL, and an origin host for direct fetches when there are any.
func goTargets(f *facts.Facts) ([]*url.URL, *originTarget) {
	var out []*url.URL
	var direct *originTarget
	list, err := parseGOPROXY(goValue(f, "GOPROXY"))
	if err == nil {
		for _, e := range list.servers() {
			out = append(out, e.parsed())
		}
		origin := &url.URL{Scheme: "https", Host: "github.com"}
		switch {
		case list.entries[0].url == keywordDirect:
			direct = &originTarget{origin, "every module's origin (GOPROXY=direct)", true}
		case list.has(keywordDirect):
			direct = &originTarget{origin, "fetches from modules' origins (direct, for modules the proxies lack)", false}
		}
	}
	// The checksum database is reached through the first GOPROXY entry that proxies it (as
	// proxy.golang.org does), so its own URL is a target only when given or when there is no entry.
	if db, err := parseGOSUMDB(goValue(f, "GOSUMDB")); err == nil && !db.off && (db.url != nil || len(out) == 0) {
		out = append(out, db.directURL())
	}
	if host := privateHost(goValue(f, "GONOPROXY")); host != "" && direct == nil {
		direct = &originTarget{&url.URL{Scheme: "https", Host: host}, "fetches of private modules (GONOPROXY) from their origins", false}
	}
	return out, direct
}

// goValue is a Go variable's effective value, or when go env did not run, the value set in the
// environment or a go env file: this check does not need the go command.
func goValue(f *facts.Facts, name string) string {
	if f.GoEnv().OK() {
		return f.GoVar(name)
	}
	return f.Value(name).Value
}

// privateHost is a host name that the first GONOPROXY pattern matches, for NO_PROXY matching.
func privateHost(patterns string) string {
	for _, p := range splitPatterns(patterns) {
		host, _, _ := strings.Cut(p, "/")
		return strings.NewReplacer("*", "x", "?", "x", "[", "", "]", "").Replace(host)
	}
	return ""
}

// usersOf picks the targets that Go sends through pv: those of its scheme that NO_PROXY and the
// loopback rule do not exempt.
func usersOf(env *facts.ProxyEnv, pv proxyVar, targets []*url.URL, direct *originTarget) ([]*url.URL, *originTarget) {
	var users []*url.URL
	for _, t := range targets {
		if goesThrough(env, pv, t) {
			users = append(users, t)
		}
	}
	if direct != nil && goesThrough(env, pv, direct.u) {
		return users, direct
	}
	return users, nil
}

// goesThrough reports whether Go's net/http sends a request for t through pv.
func goesThrough(env *facts.ProxyEnv, pv proxyVar, t *url.URL) bool {
	p, err := env.ProxyFor(t)
	return err == nil && p != nil && pv.u != nil && p.String() == pv.u.String()
}

// used reports whether anything of the go command goes through pv.
func (pv proxyVar) used() bool { return len(pv.users) > 0 || pv.direct != nil }

// needed reports whether every download of the go command goes through pv.
func (pv proxyVar) needed() bool { return len(pv.users) > 0 || pv.direct != nil && pv.direct.all }

// connectTarget is the host:port to ask pv for a tunnel to: its first https user. Direct fetches
// alone do not pick one: their hosts are the modules' own.
func connectTarget(pv proxyVar) string {
	for _, u := range pv.users {
		if u.Scheme == "https" {
			return facts.HostPort(u)
		}
	}
	return ""
}

// usersText lists what goes through pv, for details.
func usersText(pv proxyVar) string {
	var names []string
	for _, u := range pv.users {
		names = append(names, redact.URL(u))
	}
	if pv.direct != nil {
		names = append(names, pv.direct.label)
	}
	if len(names) == 0 {
		return "nothing the go command fetches (NO_PROXY or the URL scheme exempts every URL it uses)"
	}
	return strings.Join(names, ", ")
}

// describeUse notes what goes through a working proxy.
func describeUse(pv proxyVar, v *verdicts) {
	v.add(finding.OK, "", fmt.Sprintf("%s=%s: the go command reaches %s through it.", pv.v.Name, redact.URL(pv.u), usersText(pv)), nil)
}

// deadProxy reports a proxy that cannot be connected to or will not open a tunnel.
func deadProxy(f *facts.Facts, pv proxyVar, d *facts.ProxyDial, v *verdicts) {
	problem, goText := dialProblem(d)
	name := fmt.Sprintf("%s=%s", pv.v.Name, redact.URL(pv.u))
	switch {
	case !pv.used():
		v.add(finding.Warn, fmt.Sprintf("%s cannot be used (%s), but nothing of Go goes through it", name, problem),
			fmt.Sprintf("%s: %s. NO_PROXY or the URL schemes exempt every URL the go command uses, so Go is not affected; git, curl and other programs that read %s are.",
				name, goText, pv.v.Name), unsetProxyFix(f, pv, ""))
		return
	case !pv.needed():
		v.add(finding.Warn, fmt.Sprintf("%s cannot be used (%s): %s fail", name, problem, pv.direct.label),
			fmt.Sprintf("%s: %s. GOPROXY does not go through it, but %s do, and fail with \"proxyconnect tcp: ...\"; git, run for them, reads %s too.",
				name, goText, pv.direct.label, pv.v.Name), unsetProxyFix(f, pv, fmt.Sprintf(" if this network needs no proxy; otherwise start the proxy at %s or correct the address", d.Addr)))
		return
	}
	detail := fmt.Sprintf("%s: %s.\nThe go command reaches %s through it, so every download fails — tool installs, go get, and gopls loading new dependencies — with:\n  Get \"%s/...\": %s",
		name, goText, usersText(pv), firstUserText(pv), goErrorOf(d))
	title := fmt.Sprintf("%s cannot be used: %s", name, problem)
	fix := unsetProxyFix(f, pv, fmt.Sprintf(" if this network needs no proxy; otherwise start the proxy at %s or correct the address", d.Addr))
	if d.Code == 407 {
		title = fmt.Sprintf("%s wants credentials (407 Proxy Authentication Required)", name)
		fix = &finding.Fix{Summary: fmt.Sprintf("Put the proxy's user name and password in %s (scheme://user:password@host:port), or ask for a proxy that needs none.", pv.v.Name), Docs: docsProxyEnv}
	}
	if c := readCertFailure(d.Err); d.Stage == facts.StageTLS && c != nil {
		// An https:// proxy whose own certificate Go refuses: trust its CA, do not drop the proxy.
		title = certTitle("the proxy "+name, c, "")
		detail += "\n" + certDetail(c, "")
		fix = certFix(f, c)
	}
	v.add(finding.Fail, title, detail, fix)
}

// firstUserText is the first URL going through pv, for quoting the go command's error.
func firstUserText(pv proxyVar) string {
	if len(pv.users) > 0 {
		return strings.TrimSuffix(redact.URL(pv.users[0]), "/")
	}
	return "https://<module host>"
}

// dialProblem classifies a failed dial, and says what happened in the go command's words.
func dialProblem(d *facts.ProxyDial) (problem, goText string) {
	switch d.Stage {
	case facts.StageCONNECT:
		if d.Err != nil {
			return "CONNECT failed: " + string(classify(d.Err)), fmt.Sprintf("asked for a tunnel to %s, the proxy did not answer: %v", d.Target, d.Err)
		}
		return "CONNECT answered " + d.Status, fmt.Sprintf("asked for a tunnel to %s, the proxy answered %s", d.Target, d.Status)
	case facts.StageTLS:
		if c := readCertFailure(d.Err); c != nil {
			return c.problem(), fmt.Sprintf("the TLS handshake with the proxy at %s failed: %v", d.Addr, d.Err)
		}
		return string(failTLS), fmt.Sprintf("the TLS handshake with the proxy at %s failed: %v", d.Addr, d.Err)
	}
	return string(classify(d.Err)), fmt.Sprintf("connecting to %s failed: %v", d.Addr, d.Err)
}

// goErrorOf is what the go command prints after "Get URL: " for a failed proxy.
func goErrorOf(d *facts.ProxyDial) string {
	if d.Stage == facts.StageCONNECT && d.Err == nil {
		return statusText(d.Status)
	}
	return "proxyconnect tcp: " + d.Err.Error()
}

// unsetProxyFix is the fix that stops setting a proxy variable, and the variables that would
// take its place or hold the same proxy.
func unsetProxyFix(f *facts.Facts, pv proxyVar, why string) *finding.Fix {
	fix := advice.Unset(f, goenv.Value{Name: pv.v.Name, Value: pv.v.Value, Source: goenv.FromEnvironment}, why)
	names := []string{pv.v.Name}
	for _, o := range pv.alsoSet {
		more := advice.Unset(f, goenv.Value{Name: o.Name, Value: o.Value, Source: goenv.FromEnvironment}, "")
		names = append(names, o.Name)
		fix.Commands = append(fix.Commands, more.Commands...)
		fix.Actions = append(fix.Actions, more.Actions...)
	}
	fix.Summary = strings.Replace(fix.Summary, pv.v.Name, strings.Join(names, ", "), 1)
	fix.Docs = docsProxyEnv
	return fix
}

// unparsable reports a proxy value Go cannot parse and therefore ignores.
func unparsable(f *facts.Facts, pv proxyVar, v *verdicts) {
	v.add(finding.Warn, fmt.Sprintf("%s is not an address Go can parse, so Go ignores it", pv.v.Name),
		fmt.Sprintf("%s=%s is neither a URL nor host:port. Go's net/http ignores it and connects directly; curl and git may read it differently.",
			pv.v.Name, redact.List(pv.v.Value)), unsetProxyFix(f, pv, " or write it as http://host:port"))
}

// noteProxyVars adds what is worth knowing about how Go reads the variables.
func noteProxyVars(env *facts.ProxyEnv, v *verdicts) {
	if env.All.Set() {
		v.add(finding.Info, fmt.Sprintf("%s is set, and Go ignores it", env.All.Name),
			fmt.Sprintf("%s=%s: Go's net/http reads only HTTP_PROXY, HTTPS_PROXY and NO_PROXY, so the go command does not use it; git and curl do (for direct fetches from modules' origins). "+
				"Set HTTPS_PROXY too if Go should use this proxy.", env.All.Name, redact.List(env.All.Value)), nil)
	}
	for _, h := range env.Hidden {
		v.add(finding.OK, "", fmt.Sprintf("%s=%s differs from %s, which Go reads first; curl and git may use %s.",
			h.Name, redact.List(h.Value), strings.ToUpper(h.Name), h.Name), nil)
	}
	if env.CGI && env.HTTP.Set() {
		v.add(finding.OK, "", "REQUEST_METHOD is set, so Go refuses HTTP_PROXY for http:// URLs (a CGI environment).", nil)
	}
}

// noteNoProxy explains NO_PROXY without localhost: harmless for Go, which never proxies
// loopback hosts.
func noteNoProxy(env *facts.ProxyEnv, v *verdicts) {
	for _, h := range strings.Split(env.No.Value, ",") {
		switch strings.TrimSpace(strings.ToLower(h)) {
		case "localhost", "127.0.0.1", "::1", "*", "127.0.0.0/8":
			return
		}
	}
	v.add(finding.Info, "a proxy is set and NO_PROXY does not list localhost (harmless for Go)",
		"NO_PROXY does not list localhost or 127.0.0.1. Go never sends requests for localhost or a loopback address through a proxy, whatever NO_PROXY says, "+
			"so the go command, gopls and dlv are not affected; other programs that honour the proxy variables (curl, some language servers and test tools) may send local requests to the proxy. "+
			"Add localhost,127.0.0.1 to NO_PROXY if they do.", nil)
}

// proxyVarEvidence shows the proxy variables as Go reads them, without credentials.
func proxyVarEvidence(env *facts.ProxyEnv) []finding.Evidence {
	var lines []string
	for _, ev := range []facts.EnvVar{env.HTTP, env.HTTPS, env.No, env.All} {
		if ev.Set() {
			lines = append(lines, ev.Name+"="+redact.List(ev.Value))
		}
	}
	for _, h := range env.Hidden {
		lines = append(lines, h.Name+"="+redact.List(h.Value)+" (hidden by the upper-case variable)")
	}
	if len(lines) == 0 {
		lines = []string{"none of HTTP_PROXY, HTTPS_PROXY, NO_PROXY, ALL_PROXY (or their lower-case forms) is set"}
	}
	return []finding.Evidence{{Command: "proxy variables", Output: strings.Join(lines, "\n")}}
}

// dialEvidence is the evidence of a proxy dial.
func dialEvidence(pv proxyVar, d *facts.ProxyDial) finding.Evidence {
	cmd := fmt.Sprintf("connect to %s (%s)", d.Addr, pv.v.Name)
	if d.Target != "" {
		cmd += " and CONNECT " + d.Target
	}
	out := "connected"
	switch {
	case d.Err != nil:
		out = d.Err.Error()
	case d.Status != "":
		out = d.Status
	}
	return finding.Evidence{Command: cmd, Output: out, DurationMS: d.Duration.Milliseconds()}
}
