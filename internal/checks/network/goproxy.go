package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/redact"
)

// probeModule is the module whose version list the probes ask for: every proxy that serves
// public modules has it, and its list is small.
const probeModule = "golang.org/x/mod"

// defaultGOPROXY is the go command's default (from $GOROOT/go.env).
const defaultGOPROXY = "https://proxy.golang.org,direct"

// step is one GOPROXY entry the go command would try, with the answer it gets.
type step struct {
	index int
	entry proxyEntry
	probe *facts.HTTPProbe
	judgement
	// undecided is set for a 401/403 when the go command would send credentials that gomedic
	// does not (from .netrc or a GOAUTH command).
	undecided bool
}

// How a walk of GOPROXY ends.
const (
	endServed    = "served"    // an entry answered 200
	endDirect    = "direct"    // the walk reached "direct"
	endOff       = "off"       // the walk reached "off"
	endStopped   = "stopped"   // an entry failed and "," followed it: the go command stops
	endExhausted = "exhausted" // every entry fell through and nothing followed
	endUndecided = "undecided" // an entry wants credentials gomedic does not send
)

// walk is the go command's way through GOPROXY for one request (modfetch.TryProxies).
type walk struct {
	steps []step
	end   string
}

// last is the step the walk ended on, or nil when it ended on a keyword before any request.
func (w walk) last() *step {
	if len(w.steps) == 0 {
		return nil
	}
	return &w.steps[len(w.steps)-1]
}

// failed are the steps whose entry was down (or refused authentication).
func (w walk) failed() []step {
	var out []step
	for _, s := range w.steps {
		if (s.outcome == outDown || s.outcome == outAuth) && !s.undecided {
			out = append(out, s)
		}
	}
	return out
}

// walkProxies tries each entry of list with a request for path (below the entry's URL) the way
// TryProxies does: on to the next entry after a 404 or 410, or after any error when "|" follows;
// stop at "direct", "off", an answer, or an error followed by ",".
func walkProxies(f *facts.Facts, list proxyList, path string) walk {
	var w walk
	for i, e := range list.entries {
		if e.keyword() {
			w.end = e.url
			return w
		}
		p := f.HTTPGet(joinURL(e.parsed(), path))
		s := step{index: i, entry: e, probe: p, judgement: judge(p)}
		s.undecided = s.outcome == outAuth && sendsCredentials(f, e)
		w.steps = append(w.steps, s)
		switch {
		case s.outcome == outServes:
			w.end = endServed
			return w
		case s.undecided:
			w.end = endUndecided
			return w
		case s.outcome == outNotFound:
			continue
		case !e.fallBackOnError && i < len(list.entries)-1:
			w.end = endStopped
			return w
		}
	}
	w.end = endExhausted
	return w
}

// goproxy checks that the go command can get modules through GOPROXY.
func goproxy(_ context.Context, f *facts.Facts) finding.Finding {
	ev := []finding.Evidence{valueEvidence(f, "GOPROXY")}
	list, err := parseGOPROXY(f.GoVar("GOPROXY"))
	if err != nil {
		return finding.Finding{Status: finding.Fail, Evidence: ev,
			Title: "GOPROXY is not a list the go command accepts",
			Detail: fmt.Sprintf("%s. Every module download fails with \"go: %v\", so tool installs and gopls's dependency loading fail.",
				where(f, "GOPROXY"), err),
			Fix: advice.Set(f, "GOPROXY", defaultGOPROXY, " (the default)")}
	}
	switch list.entries[0].url {
	case keywordOff:
		return goproxyOff(f, ev)
	case keywordDirect:
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title: "GOPROXY=direct: every module is fetched from its origin",
			Detail: fmt.Sprintf("%s. The go command uses no module proxy: it looks up each module path over HTTPS and clones it with git (or another VCS), "+
				"which is slower and needs git (see net.vcs) and access to every origin host.", where(f, "GOPROXY"))}
	}
	w := walkProxies(f, list, probeModule+"/@v/list")
	for _, s := range w.steps {
		ev = append(ev, probeEvidence(s.probe))
	}
	var v verdicts
	judgeWalk(f, list, w, &v)
	noteGOPROXY(f, list, &v)
	return v.finding(goproxyOKTitle(w), ev)
}

// goproxyOff is the finding for GOPROXY=off.
func goproxyOff(f *facts.Facts, ev []finding.Evidence) finding.Finding {
	detail := fmt.Sprintf("%s. The go command downloads nothing: only modules already in the module cache can be used, so installing or updating a tool "+
		"fails with \"go: golang.org/x/tools/gopls@latest: module lookup disabled by GOPROXY=off\", and so does adding a dependency.", where(f, "GOPROXY"))
	if nop := f.GoVar("GONOPROXY"); nop != "" {
		detail += fmt.Sprintf(" Modules matching GONOPROXY=%s are still fetched directly from their origin (see net.vcs).", nop)
	}
	return finding.Finding{Status: finding.Warn, Evidence: ev,
		Title:  "GOPROXY=off: only the module cache can be used",
		Detail: detail,
		Fix:    offFix(f)}
}

// offFix undoes GOPROXY=off: unset it where it was set, when the default shows through.
func offFix(f *facts.Facts) *finding.Fix {
	v := f.Value("GOPROXY")
	if len(v.Shadowed) == 0 || !strings.HasPrefix(strings.TrimSpace(v.Shadowed[0].Value), keywordOff) {
		next := defaultGOPROXY
		if len(v.Shadowed) > 0 {
			next = redact.List(v.Shadowed[0].Value)
		}
		if fix := advice.Unset(f, v, " (then GOPROXY is "+next+")"); fix != nil {
			return fix
		}
	}
	return advice.Set(f, "GOPROXY", defaultGOPROXY, " (the default)")
}

// judgeWalk turns the walk into verdicts.
func judgeWalk(f *facts.Facts, list proxyList, w walk, v *verdicts) {
	failed := w.failed()
	last := w.last()
	switch {
	case w.end == endStopped:
		stoppedVerdict(f, list, *last, v)
	case len(failed) > 0 && (w.end == endExhausted || w.end == endOff):
		noAnswerVerdict(f, list, failed, w.end, v)
	case len(failed) > 0 && (w.end == endServed || w.end == endDirect):
		fallbackVerdict(f, list, failed, w, v)
	case w.end == endUndecided:
		v.add(finding.Info, fmt.Sprintf("%s wants credentials that gomedic does not send", last.entry.display()),
			fmt.Sprintf("%s answered %s. The go command sends the credentials of GOAUTH=%s (.netrc by default) with its requests; gomedic does not, "+
				"so it cannot tell whether they are accepted. If downloads fail with \"%s\", check the credentials for %s.",
				last.entry.display(), last.probe.Status, f.GoVar("GOAUTH"), oneLine(last.goText), last.probe.URL), nil)
	case w.end == endDirect && len(w.steps) > 0:
		v.add(finding.Info, fmt.Sprintf("no GOPROXY entry has %s: modules come from their origin (direct)", probeModule),
			fmt.Sprintf("Every proxy answered %q for %s, so the go command falls through to direct for it.", last.probe.Status, probeModule), nil)
	case w.end == endExhausted || w.end == endOff:
		v.add(finding.Info, fmt.Sprintf("every GOPROXY entry answers, but none has %s", probeModule),
			fmt.Sprintf("Every entry answered (%s) without having %s, and no direct follows: the go command will fail to get public modules "+
				"with \"%s\". That is expected of a proxy that serves only private modules.", last.probe.Status, probeModule, oneLine(last.goText)), nil)
	}
}

// stoppedVerdict: the first entry reached failed and "," follows it, so the go command stops.
func stoppedVerdict(f *facts.Facts, list proxyList, s step, v *verdicts) {
	rest := list.entries[s.index+1:]
	var b strings.Builder
	fmt.Fprintf(&b, "%s. The go command asks %s%s, and that fails (%s):\n  %s\n", where(f, "GOPROXY"), s.entry.display(), reachedHow(s), s.problem, s.goText)
	fmt.Fprintf(&b, "A \",\" follows it, and \",\" falls through to the next entry only on a 404 or 410: the go command stops here and never tries %s", displayEntries(rest))
	b.WriteString(" — tool installs, go get, and gopls loading a module whose dependencies are not in the module cache all fail.")
	title := fmt.Sprintf("GOPROXY entry %s fails (%s) and the go command stops there", s.entry.display(), s.problem)
	if s.cert != nil {
		title = certTitle("GOPROXY entry "+s.entry.display(), s.cert, s.probe.Via)
		b.WriteString("\n" + certDetail(s.cert, s.probe.Via))
	}
	v.add(finding.Fail, title, b.String(), dropFix(f, list, map[int]bool{s.index: true}, s))
	if s.proxyFault {
		v.blame("net.proxy_env")
	}
}

// reachedHow says how the walk came to the step's entry.
func reachedHow(s step) string {
	if s.index == 0 {
		return " first"
	}
	return " after falling through the entries before it"
}

// noAnswerVerdict: every entry tried failed (through "|"), and no direct follows.
func noAnswerVerdict(f *facts.Facts, list proxyList, failed []step, end string, v *verdicts) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s. No entry answers:\n", where(f, "GOPROXY"))
	drop := map[int]bool{}
	allProxy := true
	for _, s := range failed {
		fmt.Fprintf(&b, "  %s (%s): %s\n", s.entry.display(), s.problem, s.goText)
		drop[s.index] = true
		allProxy = allProxy && s.proxyFault
	}
	if end == endOff {
		b.WriteString("and the list ends with off, so every module download fails with the last error.")
	} else {
		b.WriteString("and direct is not listed, so every module download fails with the last error.")
	}
	title, last := "no GOPROXY entry answers and direct is not listed", failed[len(failed)-1]
	if last.cert != nil {
		title = certTitle("GOPROXY entry "+last.entry.display(), last.cert, last.probe.Via)
		b.WriteString("\n" + certDetail(last.cert, last.probe.Via))
	}
	v.add(finding.Fail, title, b.String(), dropFix(f, list, drop, last))
	if allProxy {
		v.blame("net.proxy_env")
	}
}

// fallbackVerdict: entries are down but the go command falls through "|" to a later one.
func fallbackVerdict(f *facts.Facts, list proxyList, failed []step, w walk, v *verdicts) {
	drop := map[int]bool{}
	var names []string
	var b strings.Builder
	fmt.Fprintf(&b, "%s.", where(f, "GOPROXY"))
	for _, s := range failed {
		drop[s.index] = true
		names = append(names, s.entry.display())
		fmt.Fprintf(&b, " %s fails (%s):\n  %s\n", s.entry.display(), s.problem, s.goText)
	}
	target := "direct (modules are cloned from their origin with git, see net.vcs)"
	if w.end == endServed {
		target = w.last().entry.display()
	}
	fmt.Fprintf(&b, "\"|\" follows it, so the go command falls back to %s: modules still download, after a failed request each time.", target)
	if failed[0].cert != nil {
		b.WriteString("\n" + certDetail(failed[0].cert, failed[0].probe.Via))
	}
	v.add(finding.Warn, fmt.Sprintf("GOPROXY entry %s is down; the go command falls back to %s", strings.Join(names, ", "), strings.SplitN(target, " ", 2)[0]),
		b.String(), dropFix(f, list, drop, failed[0]))
}

// dropFix removes the failed entries from GOPROXY, or when nothing useful would be left, goes
// back to the default.
func dropFix(f *facts.Facts, list proxyList, drop map[int]bool, s step) *finding.Fix {
	switch {
	case s.cert != nil:
		return certFix(f, s.cert)
	case s.problem == string(failCredentials):
		return httpsFix(f, list, s)
	case s.outcome == outAuth:
		return authFix(f, s)
	}
	kept := list.without(drop)
	value := kept.String()
	if len(kept.servers()) == 0 {
		value = defaultGOPROXY
	}
	why := fmt.Sprintf(" (if %s should answer, fix it instead: it failed with %s)", s.entry.display(), s.problem)
	if strings.Contains(s.entry.url, "proxy.golang.org") && value == defaultGOPROXY {
		return &finding.Fix{
			Summary: "proxy.golang.org cannot be reached from here: if this network needs an HTTP proxy, set HTTPS_PROXY to it; " +
				"otherwise set GOPROXY to the module mirror your network provides.",
			Commands: []string{"go env -w GOPROXY=https://<your mirror>,direct"},
			Docs:     advice.DocsGoProxy,
		}
	}
	fix := advice.Set(f, "GOPROXY", value, why)
	fix.Docs = advice.DocsGoProxy
	return fix
}

// authFix gives the go command credentials for an entry that wants them. The fix holds no
// secret: the user writes their own.
func authFix(f *facts.Facts, s step) *finding.Fix {
	u := s.entry.parsed()
	where := "~/.netrc"
	if p := netrcPath(f); p != "" {
		where = p
	}
	return &finding.Fix{
		Summary: fmt.Sprintf("%s answered %s: give the go command credentials for it, over https only — a line \"machine %s login <user> password <token>\" in %s "+
			"(read when GOAUTH is netrc, the default; now GOAUTH=%s), or a GOAUTH command that prints them. Credentials in the URL work too but end up in every go env output.",
			s.entry.display(), s.probe.Status, u.Host, where, f.GoVar("GOAUTH")),
		Docs: "https://go.dev/ref/mod#private-module-proxy-auth",
	}
}

// httpsFix switches an entry that holds credentials to https, the only scheme the go command
// sends them over.
func httpsFix(f *facts.Facts, list proxyList, s step) *finding.Fix {
	fixed := proxyList{entries: append([]proxyEntry(nil), list.entries...)}
	fixed.entries[s.index].url = "https://" + strings.TrimPrefix(s.entry.url, "http://")
	fix := advice.Set(f, "GOPROXY", fixed.String(), fmt.Sprintf(" (the go command sends the credentials in %s only over https; the report hides them: write your own)", s.entry.display()))
	fix.Docs = advice.DocsGoProxy
	return fix
}

// noteGOPROXY adds what is worth knowing about the list itself.
func noteGOPROXY(f *facts.Facts, list proxyList, v *verdicts) {
	if len(list.ignored) > 0 {
		last := list.entries[len(list.entries)-1].url
		v.add(finding.OK, "", fmt.Sprintf("The go command ignores what follows %s in GOPROXY: %s.", last, strings.Join(list.ignored, ", ")), nil)
	}
	if nop := f.GoVar("GONOPROXY"); nop != "" {
		v.add(finding.OK, "", fmt.Sprintf("Modules matching GONOPROXY=%s are fetched directly from their origin, never through GOPROXY (see net.vcs).", nop), nil)
	}
	env := f.ProxyEnv()
	if env.HTTP.Set() && !env.HTTPS.Set() {
		for _, e := range list.servers() {
			if strings.HasPrefix(e.url, "https:") {
				v.add(finding.OK, "", fmt.Sprintf("%s is set but HTTPS_PROXY is not: Go uses HTTP_PROXY only for http:// URLs, so %s is reached without a proxy.", env.HTTP.Name, e.display()), nil)
				break
			}
		}
	}
}

// goproxyOKTitle is the title when every entry the go command tries answers.
func goproxyOKTitle(w walk) string {
	if s := w.last(); s != nil && w.end == endServed {
		return fmt.Sprintf("%s answers (%s, %s)", s.entry.display(), s.probe.Status, ms(s.probe))
	}
	return "GOPROXY answers"
}

// displayEntries lists entries for a detail.
func displayEntries(es []proxyEntry) string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.display()
	}
	return strings.Join(names, ", ")
}
