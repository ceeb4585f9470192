// Package network holds the checks of the `net` layer: reaching modules through GOPROXY, HTTP
// proxies, the checksum database and version control tools. Each check follows the mechanism of
// the go command (cmd/go/internal/modfetch, cmd/go/internal/web, cmd/go/internal/vcs) and of Go's
// net/http (golang.org/x/net/http/httpproxy), so that what it reports is what `go get` would do.
// The package is not named net, which would shadow the standard library's net that its probes use.
package network

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/redact"
)

// Checks returns the net layer's checks.
func Checks() []*doctor.Check {
	return []*doctor.Check{
		{ID: "net.proxy_env", Layer: finding.LayerNet, Online: true, Run: confirmed(guarded(proxyEnv)),
			Repair: finding.RepairConfirm, RepairNote: "removing the start-up file line that sets a dead proxy: only the user knows whether the network needs that proxy",
			Looks: "HTTP_PROXY, HTTPS_PROXY, NO_PROXY (upper case first, as Go reads them) and ALL_PROXY: a TCP connection to each proxy and, for a tunnel, a CONNECT",
			Fails: "F: a proxy the go command uses cannot be connected to (refused, timeout, DNS, TLS) or refuses the tunnel (407 and others). W: a proxy nothing of Go uses is dead, or a value Go cannot parse (and ignores). info: ALL_PROXY (Go ignores it), NO_PROXY without localhost (harmless for Go)"},
		{ID: "net.goproxy", Layer: finding.LayerNet, Online: true, Run: confirmed(guarded(goproxy)),
			Repair: finding.RepairConfirm, RepairNote: "go env -w GOPROXY=https://proxy.golang.org,direct (or -u): a company may require its own proxy, so the default is not chosen without the user",
			Needs: []string{"go.runs"}, Causes: []string{"net.proxy_env"},
			Looks: "each GOPROXY entry, reached the way the go command reaches it (HTTP(S)_PROXY, NO_PROXY, \",\" and \"|\" fallbacks), with a request for golang.org/x/mod's version list",
			Fails: "F: the go command cannot get modules: the first entry reached fails and \",\" follows it, or no entry answers and direct is not listed; an invalid GOPROXY. W: GOPROXY=off; an entry is down and a later one is reached through \"|\". A certificate Go refuses is the root cause in its own words: an unknown authority (a TLS-inspecting proxy: the issuer is named and the fix trusts its CA where Go reads roots — SSL_CERT_FILE or the distribution bundle on Linux, the System keychain on macOS, the certificate store on Windows), an expired certificate, one for another host"},
		{ID: "net.gosumdb", Layer: finding.LayerNet, Online: true, Run: confirmed(guarded(gosumdb)),
			Repair: finding.RepairConfirm, RepairNote: "go env -w or -u GOSUMDB, GONOSUMDB, GOPRIVATE, GOPROXY: which modules skip the checksum database is a security choice; a proxy that does not serve it is manual",
			Needs: []string{"go.runs"}, Causes: []string{"net.proxy_env", "net.goproxy"},
			Looks: "GOSUMDB reached as the go command reaches it (through a GOPROXY entry that proxies it, else directly), GONOSUMDB, GOPRIVATE, GOINSECURE",
			Fails: "F: the checksum database cannot be reached and GOSUMDB is not off; an invalid GOSUMDB. W: GOPRIVATE patterns that an explicitly set GONOSUMDB does not cover; GOSUMDB=off while toolchain downloads are on. A certificate Go refuses is named as net.goproxy names it (blocked by net.goproxy when the same authority is untrusted there)"},
		{ID: "net.private", Layer: finding.LayerNet, Run: confirmed(guarded(privateModules)),
			Repair: finding.RepairManual, RepairNote: "credentials (a .netrc entry, a git credential helper, a token) are the user's to write; the GOAUTH, GOFLAGS and GOPRIVATE values it blames are go env actions applied after a confirmation",
			Needs: []string{"go.runs"},
			Looks: "the hosts of GONOPROXY (GOPRIVATE by default), whose modules the go command fetches from their origin: the credentials of its own requests (GOAUTH: netrc, git DIR, a command, off; NETRC or ~/.netrc, machine names only) " +
				"and git's, which it runs with GIT_TERMINAL_PROMPT=0: a url.<base>.insteadOf rewrite to ssh or with a password in it (one for a part of the pattern, such as https://host/team/, counts for that part, and the check says so), else, for the URL git fetches after any rewrite (the longest matching prefix), git config --get-urlmatch credential.helper (the store helper's files are read for an entry of that URL's protocol and host; other helpers are not asked) and a ~/.netrc machine of that URL's host; no credential is shown",
			Fails: "F: a GOAUTH the go command rejects (an empty command, off with others, git without an absolute directory). W: a private host git has no credentials or ssh rewrite for " +
				"(\"could not read Username ... terminal prompts disabled\"; for a module path ending in .git, \"no secure protocol found for repository\"), with the insteadOf and .netrc fixes; an insteadOf rewrite to another http(s) server without credentials for that server (helpers and .netrc machines of the module path's host do not apply); a store helper whose files hold nothing for the host; NETRC naming a missing file, an unreadable .netrc, a machine line without login or password, a machine written as a URL; git missing; -insecure in GOFLAGS (go get stops: \"-insecure flag is no longer supported; use GOINSECURE instead\")"},
		{ID: "net.vcs", Layer: finding.LayerNet, Online: true, Run: guarded(vcs),
			Repair: finding.RepairManual, RepairNote: "installing git (or hg, svn, ...) needs a package manager; a git found off PATH is put on PATH (path_add) and an invalid GOVCS unset (go env -u)",
			Needs: []string{"go.runs"},
			Looks: "git (and hg, svn, bzr, fossil when GOVCS or GOPRIVATE hosts need them) on PATH, when GOPROXY includes direct or GOPRIVATE/GONOPROXY is set",
			Fails: "F: GOPROXY=direct and git is missing (every download fails). W: git missing while direct or GOPRIVATE needs it; an invalid GOVCS"},
	}
}

// confirmed makes a check's fixes wait for the user's confirmation (Fix.Auto false) while keeping
// their actions: a proxy to drop, a module proxy or checksum database to use instead, which hosts
// skip the checksum database, how credentials are found — each is a choice the network's owner
// may have made on purpose, which gomedic cannot see.
func confirmed(run func(context.Context, *facts.Facts) finding.Finding) func(context.Context, *facts.Facts) finding.Finding {
	return func(ctx context.Context, f *facts.Facts) finding.Finding {
		fd := run(ctx, f)
		if fd.Fix != nil {
			fd.Fix.Auto = false
		}
		return fd
	}
}

// valueEvidence shows a Go variable's effective value and where it came from, without
// credentials.
func valueEvidence(f *facts.Facts, name string) finding.Evidence {
	v := f.Value(name)
	out := "from " + v.Where()
	if v.Source == goenv.FromDefault && v.Value == "" {
		out = "not set"
	}
	for _, s := range v.Shadowed {
		out += fmt.Sprintf("\nalso %s=%s in %s (overridden)", s.Name, redact.List(s.Value), s.Where())
	}
	return finding.Evidence{Command: name + "=" + redact.List(f.GoVar(name)), Output: out}
}

// where names a Go variable's value and source for a detail: `GOPROXY=off (from the environment)`.
func where(f *facts.Facts, name string) string {
	v := f.Value(name)
	value := v.Value
	if v.Source == goenv.FromDefault {
		value = f.GoVar(name)
	}
	return fmt.Sprintf("%s=%s (from %s)", name, redact.List(value), v.Where())
}

// verdicts gathers the problems a check finds; the finding takes the most severe one's status,
// title and fix, and every detail.
type verdicts struct {
	status    finding.Status
	title     string
	fix       *finding.Fix
	blockedBy string
	details   []string
}

// add records a problem (or, with OK, a plain fact for the detail).
func (v *verdicts) add(st finding.Status, title, detail string, fix *finding.Fix) {
	if v.status == "" || st.Rank() < v.status.Rank() {
		v.status, v.title, v.fix, v.blockedBy = st, title, fix, ""
	}
	if detail != "" {
		v.details = append(v.details, detail)
	}
}

// blame names the check whose failure explains the most severe problem (see doctor.Check.Causes).
func (v *verdicts) blame(id string) { v.blockedBy = id }

// finding is the check's result; ok with okTitle when nothing was added above OK.
func (v *verdicts) finding(okTitle string, ev []finding.Evidence) finding.Finding {
	fd := finding.Finding{Status: v.status, Title: v.title, Detail: strings.Join(v.details, "\n"), Evidence: ev, Fix: v.fix, BlockedBy: v.blockedBy}
	if fd.Status == "" || fd.Status == finding.OK {
		fd.Status, fd.Title = finding.OK, okTitle
	}
	if fd.Status != finding.Fail {
		fd.BlockedBy = ""
	}
	return fd
}
