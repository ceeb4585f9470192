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

// sumdbRoute is how the go command reaches the checksum database (modfetch.dbClient.initBase).
type sumdbRoute struct {
	base *url.URL
	// via says in words how base was chosen.
	via string
	// proxied is the GOPROXY entry that proxies the database, when one does.
	proxied *proxyEntry
	// asked are the GOPROXY entries asked whether they proxy the database.
	asked []step
	// stopped is the entry whose error ended the search: the go command then has no database.
	stopped *step
	// undecided is an entry that wants credentials gomedic does not send.
	undecided *step
}

// routeSumDB finds the database's URL the way the go command does: the URL in GOSUMDB if there
// is one; else the first GOPROXY entry whose <entry>/sumdb/<name>/supported answers 200, moving on
// after a 404 or 410 (or any error when "|" follows), stopping at any other error; else, at
// direct, off or the end of the list, the database's own URL.
func routeSumDB(f *facts.Facts, db sumdbConfig, list proxyList) sumdbRoute {
	if db.url != nil {
		return sumdbRoute{base: db.url, via: "at the URL given in GOSUMDB"}
	}
	var r sumdbRoute
	for i, e := range list.entries {
		if e.keyword() {
			break
		}
		p := f.HTTPGet(joinURL(e.parsed(), "sumdb/"+db.name+"/supported"))
		s := step{index: i, entry: e, probe: p, judgement: judge(p)}
		r.asked = append(r.asked, s)
		switch {
		case s.outcome == outServes:
			e := e
			r.base, r.proxied = joinURL(e.parsed(), "sumdb/"+db.name), &e
			r.via = "through the GOPROXY entry " + e.display()
			return r
		case s.outcome == outAuth && sendsCredentials(f, e):
			r.undecided = &s
			return r
		case s.outcome == outNotFound || e.fallBackOnError:
			continue
		}
		r.stopped = &s
		return r
	}
	r.base, r.via = db.directURL(), "directly (no GOPROXY entry proxies it)"
	return r
}

// gosumdb checks that the go command can verify new modules against the checksum database, and
// that private modules are kept out of it.
func gosumdb(_ context.Context, f *facts.Facts) finding.Finding {
	ev := []finding.Evidence{valueEvidence(f, "GOSUMDB")}
	db, err := parseGOSUMDB(f.GoVar("GOSUMDB"))
	if err != nil {
		return finding.Finding{Status: finding.Fail, Evidence: ev,
			Title: "GOSUMDB is not a value the go command accepts",
			Detail: fmt.Sprintf("%s. Every download of a module not yet in go.sum fails with \"verifying module: %v\".",
				where(f, "GOSUMDB"), err),
			Fix: sumdbResetFix(f, "")}
	}
	var v verdicts
	title := "the checksum database is off"
	if db.off {
		sumdbOff(f, &v)
	} else {
		var skip *finding.Finding
		title, skip = reachSumDB(f, db, &v, &ev)
		if skip != nil {
			return *skip
		}
	}
	if !db.off {
		ev = append(ev, valueEvidence(f, "GOPRIVATE"), valueEvidence(f, "GONOSUMDB"))
		privateCoverage(f, &v)
		noproxyCoverage(f, &v)
		insecureCoverage(f, &v)
	}
	return v.finding(title, ev)
}

// reachSumDB probes the database on the go command's route and records the verdict; it returns
// the title for a healthy database, or a finished finding when the check does not apply.
func reachSumDB(f *facts.Facts, db sumdbConfig, v *verdicts, ev *[]finding.Evidence) (string, *finding.Finding) {
	list, err := parseGOPROXY(f.GoVar("GOPROXY"))
	if err != nil {
		v.add(finding.Fail, "the checksum database cannot be reached: GOPROXY is invalid",
			fmt.Sprintf("The go command finds the checksum database through GOPROXY, and GOPROXY is invalid (%v).", err), nil)
		v.blame("net.goproxy")
		return "", nil
	}
	if db.url == nil && list.entries[0].url == keywordOff {
		return "", &finding.Finding{Status: finding.Skip, Evidence: *ev,
			Title:  "not checked: GOPROXY=off downloads nothing, so nothing new is verified",
			Detail: "With GOPROXY=off the go command consults the checksum database only for modules already in the module cache that go.sum lacks."}
	}
	r := routeSumDB(f, db, list)
	for _, s := range r.asked {
		*ev = append(*ev, probeEvidence(s.probe))
	}
	switch {
	case r.stopped != nil:
		stoppedRoute(f, db, *r.stopped, v)
		return "", nil
	case r.undecided != nil:
		v.add(finding.Info, fmt.Sprintf("%s wants credentials that gomedic does not send", r.undecided.entry.display()),
			fmt.Sprintf("Asked whether it proxies %s, %s answered %s. The go command sends the credentials of GOAUTH=%s with its requests; gomedic does not, so it cannot tell whether they are accepted.",
				db.name, r.undecided.entry.display(), r.undecided.probe.Status, f.GoVar("GOAUTH")), nil)
		return "", nil
	}
	latest := f.HTTPGet(joinURL(r.base, "latest"))
	*ev = append(*ev, probeEvidence(latest))
	j := judge(latest)
	if j.outcome == outServes {
		return fmt.Sprintf("%s answers %s (%s, %s)", db.name, r.via, latest.Status, ms(latest)), nil
	}
	unreachableSumDB(f, db, r, j, v)
	return "", nil
}

// stoppedRoute: a GOPROXY entry failed when asked whether it proxies the database, and "," follows
// it, so the go command has no checksum database.
func stoppedRoute(f *facts.Facts, db sumdbConfig, s step, v *verdicts) {
	if s.cert != nil {
		v.add(finding.Fail, certTitle("GOPROXY entry "+s.entry.display(), s.cert, s.via),
			fmt.Sprintf("Before using %s the go command asks the first GOPROXY entry, %s, whether it proxies the database, and that fails:\n  %s\n%s",
				db.name, s.entry.display(), s.goText, certDetail(s.cert, s.via)), certFix(f, s.cert))
		v.blame("net.goproxy")
		return
	}
	v.add(finding.Fail, fmt.Sprintf("the checksum database cannot be reached: %s fails (%s)", s.entry.display(), s.problem),
		fmt.Sprintf("Before using %s the go command asks the first GOPROXY entry, %s, whether it proxies the database, and that fails:\n  %s\n"+
			"Only a 404 or 410 (or \"|\") would let it try the next entry or the database itself, so every download of a module not yet in go.sum fails with:\n  verifying module: ...: %s",
			db.name, s.entry.display(), s.goText, oneLine(s.goText)),
		&finding.Fix{Summary: fmt.Sprintf("Make %s answer, or remove it from GOPROXY (see net.goproxy).", s.entry.display()), Docs: advice.DocsGoProxy})
	if s.proxyFault {
		v.blame("net.proxy_env")
	} else {
		v.blame("net.goproxy")
	}
}

// unreachableSumDB reports a database that does not answer on its route.
func unreachableSumDB(f *facts.Facts, db sumdbConfig, r sumdbRoute, j judgement, v *verdicts) {
	detail := fmt.Sprintf("%s. The go command reaches %s %s (%s), and that fails:\n  %s\n"+
		"Every download of a module not yet in go.sum then fails — go get, go install of a tool, go mod tidy — with:\n  verifying module: ...: %s",
		where(f, "GOSUMDB"), db.name, r.via, redact.URL(r.base), j.goText, oneLine(j.goText))
	if j.cert != nil {
		v.add(finding.Fail, certTitle("the checksum database "+db.name, j.cert, j.via), detail+"\n"+certDetail(j.cert, j.via), certFix(f, j.cert))
		if j.cert.kind == certUnknown {
			// The same untrusted authority almost always stands before GOPROXY too.
			v.blame("net.goproxy")
		}
		return
	}
	v.add(finding.Fail, fmt.Sprintf("the checksum database %s cannot be reached (%s)", db.name, j.problem), detail, unreachableFix(f, db, r))
	if j.proxyFault {
		v.blame("net.proxy_env")
	}
}

// unreachableFix repairs the route to the database.
func unreachableFix(f *facts.Facts, db sumdbConfig, r sumdbRoute) *finding.Fix {
	switch {
	case db.url != nil:
		return sumdbResetFix(f, " so that the default applies (sum.golang.org, proxied by proxy.golang.org) — or make the server at "+redact.URL(db.url)+" answer")
	case r.proxied != nil:
		return &finding.Fix{Summary: fmt.Sprintf("%s says it proxies %s but does not serve it: tell whoever runs it, or put a proxy that does first in GOPROXY.", r.proxied.display(), db.name), Docs: advice.DocsGoProxy}
	}
	fix := advice.Set(f, "GOPROXY", defaultGOPROXY, fmt.Sprintf(" (proxy.golang.org also proxies %s, so the go command stops connecting to it directly)", db.name))
	fix.Docs = advice.DocsGoProxy
	return fix
}

// sumdbResetFix goes back to the default checksum database.
func sumdbResetFix(f *facts.Facts, why string) *finding.Fix {
	v := f.Value("GOSUMDB")
	showsThrough := len(v.Shadowed) == 0 || v.Shadowed[0].Value != v.Value
	if v.Source != goenv.FromDefault && v.Source != goenv.FromGOROOTFile && showsThrough {
		return advice.Unset(f, v, why)
	}
	return advice.Set(f, "GOSUMDB", "sum.golang.org", why)
}

// sumdbOff reports GOSUMDB=off: nothing new is verified, and toolchain downloads, which must be
// verified, fail.
func sumdbOff(f *facts.Facts, v *verdicts) {
	detail := fmt.Sprintf("%s. Modules not yet in go.sum are trusted as downloaded, without checking them against the checksum database.", where(f, "GOSUMDB"))
	fix := sumdbResetFix(f, "; to keep private modules out of the checksum database list them in GOPRIVATE instead")
	if tc := f.GoVar("GOTOOLCHAIN"); strings.HasSuffix(tc, "auto") {
		v.add(finding.Warn, "GOSUMDB=off: toolchain downloads will fail",
			detail+fmt.Sprintf(" The go command always verifies the Go toolchains it downloads (GOTOOLCHAIN=%s lets it switch to a newer one), "+
				"so switching fails with \"go: download go1.N for %s/%s: golang.org/toolchain@v0.0.1-go1.N.%s-%s: verifying module: checksum database disabled by GOSUMDB=off\".",
				tc, f.Host.OS(), f.Host.Arch(), f.Host.OS(), f.Host.Arch()), fix)
		return
	}
	v.add(finding.Info, "GOSUMDB=off: new modules are not verified", detail, fix)
}

// privateCoverage warns about GOPRIVATE patterns that an explicitly set GONOSUMDB leaves to the
// checksum database. GONOSUMDB defaults to GOPRIVATE, so unset it covers them all.
func privateCoverage(f *facts.Facts, v *verdicts) {
	nosum := f.Value("GONOSUMDB")
	if nosum.Source == goenv.FromDefault {
		return
	}
	private := f.GoVar("GOPRIVATE")
	missing := uncovered(private, f.GoVar("GONOSUMDB"))
	if len(missing) == 0 {
		return
	}
	example := strings.NewReplacer("*", "x", "?", "x").Replace(missing[0]) + "/m"
	v.add(finding.Warn, fmt.Sprintf("GOPRIVATE patterns that GONOSUMDB does not cover: %s", strings.Join(missing, ", ")),
		fmt.Sprintf("GOPRIVATE=%s, but GONOSUMDB is set (%s) and does not list %s; GONOSUMDB replaces GOPRIVATE for the checksum database, so the go command "+
			"looks these private modules up in the public checksum database, which cannot have them: go get fails with "+
			"\"verifying module: %s@v1.0.0: reading https://sum.golang.org/lookup/%s@v1.0.0: 404 Not Found\" (\"410 Gone\" through proxy.golang.org), and the lookup discloses the module path.",
			private, where(f, "GONOSUMDB"), strings.Join(missing, ", "), example, example), coverageFix(f, missing))
}

// noproxyCoverage warns about GONOPROXY patterns left to the checksum database: set alone,
// GONOPROXY makes the go command fetch those modules from their origin, but verifies them against
// the public checksum database, which cannot have private modules.
func noproxyCoverage(f *facts.Facts, v *verdicts) {
	if f.Value("GONOPROXY").Source == goenv.FromDefault || f.GoVar("GONOPROXY") == "none" {
		return
	}
	missing := uncovered(f.GoVar("GONOPROXY"), f.GoVar("GONOSUMDB"))
	if len(missing) == 0 {
		return
	}
	example := strings.NewReplacer("*", "x", "?", "x").Replace(missing[0]) + "/m"
	v.add(finding.Warn, fmt.Sprintf("GONOPROXY patterns that the checksum database is still asked about: %s", strings.Join(missing, ", ")),
		fmt.Sprintf("%s, but neither GOPRIVATE nor GONOSUMDB lists %s: the go command fetches those modules directly and then looks them up in the public checksum database, "+
			"which cannot have them: go get fails with \"verifying module: %s@v1.0.0: reading https://sum.golang.org/lookup/%s@v1.0.0: 404 Not Found\" (\"410 Gone\" through proxy.golang.org), and the lookup discloses the module path.",
			where(f, "GONOPROXY"), strings.Join(missing, ", "), example, example),
		advice.Set(f, "GOPRIVATE", strings.Join(append(splitPatterns(f.GoVar("GOPRIVATE")), missing...), ","), " (GOPRIVATE is the default of both GONOPROXY and GONOSUMDB)"))
}

// coverageFix makes GONOSUMDB cover GOPRIVATE: unset it when GOPRIVATE covers all it lists,
// else add the missing patterns.
func coverageFix(f *facts.Facts, missing []string) *finding.Fix {
	nosum := f.Value("GONOSUMDB")
	if len(uncovered(f.GoVar("GONOSUMDB"), f.GoVar("GOPRIVATE"))) == 0 && len(nosum.Shadowed) == 0 {
		if fix := advice.Unset(f, nosum, " so that it defaults to GOPRIVATE"); fix != nil {
			return fix
		}
	}
	value := strings.Join(append(splitPatterns(f.GoVar("GONOSUMDB")), missing...), ",")
	return advice.Set(f, "GONOSUMDB", value, "")
}

// insecureCoverage notes GOINSECURE patterns still verified against the checksum database.
func insecureCoverage(f *facts.Facts, v *verdicts) {
	missing := uncovered(f.GoVar("GOINSECURE"), f.GoVar("GONOSUMDB"))
	if len(missing) == 0 {
		return
	}
	v.add(finding.OK, "", fmt.Sprintf("GOINSECURE lists %s: those modules are fetched without TLS checks but still verified against the checksum database; "+
		"if they are private, list them in GOPRIVATE (or GONOSUMDB) too.", strings.Join(missing, ", ")), nil)
}
