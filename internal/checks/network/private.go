package network

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"strings"

	"golang.org/x/mod/module"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
)

// docsPrivate is the go command's documentation of private modules and their credentials.
const docsPrivate = "https://go.dev/ref/mod#private-modules"

// privateOrigin is a host whose modules the go command fetches from their origin (GONOPROXY,
// which defaults to GOPRIVATE), with the credentials each program would send it.
type privateOrigin struct {
	pattern string // the GONOPROXY pattern
	host    string // its first path element: a host name, or a glob of them
	// goauth says whether the go command sends credentials with its own requests (the
	// ?go-get=1 discovery): from .netrc (GOAUTH=netrc) or a GOAUTH command.
	goauth string
	// git lists where git, which clones the repository, finds credentials or another
	// transport: a credential helper, a url.insteadOf rewrite, ~/.netrc.
	git []string
	// target is where git really fetches the host's modules from.
	target gitTarget
}

// privateModules checks that the modules fetched directly from their origin (GOPRIVATE,
// GONOPROXY) can be: the go command's own credentials (GOAUTH, .netrc) and git's (credential
// helpers, url.insteadOf, ~/.netrc), which it runs with terminal prompts disabled. No credential
// is read beyond knowing it is there, and none is shown.
func privateModules(ctx context.Context, f *facts.Facts) finding.Finding {
	ev := []finding.Evidence{valueEvidence(f, "GOPRIVATE"), valueEvidence(f, "GONOPROXY"), valueEvidence(f, "GOAUTH")}
	patterns := splitPatterns(f.GoVar("GONOPROXY"))
	var v verdicts
	insecureFlag(f, &v)
	if len(patterns) == 0 || f.GoVar("GONOPROXY") == "none" {
		if v.status != "" {
			return v.finding("", append(ev, valueEvidence(f, "GOFLAGS")))
		}
		return finding.Finding{Status: finding.Skip, Evidence: ev, Title: "no private modules: GOPRIVATE and GONOPROXY are not set"}
	}
	nrc := readNetrcFile(f)
	if nrc.path != "" {
		ev = append(ev, nrc.evidence())
	}
	netrcProblems(f, nrc, &v)
	goauthProblems(f, &v)
	git := findGit(f)
	var hosts []privateOrigin
	for _, p := range patterns {
		if urlPattern(f, p, &v) {
			continue
		}
		h := privateOrigin{pattern: p, host: strings.SplitN(p, "/", 2)[0]}
		h.goauth = goauthFor(f, nrc, h.host)
		if git != "" {
			var e []finding.Evidence
			h.git, h.target, e = gitCredentials(ctx, f, git, nrc, h.pattern)
			ev = append(ev, e...)
		}
		judgeHost(f, git, h, &v)
		hosts = append(hosts, h)
	}
	return v.finding(privateOKTitle(hosts), ev)
}

// urlPattern reports a GONOPROXY (usually GOPRIVATE) entry written as a URL — a scheme
// ("https://host/org"), credentials ("TOKEN@host") or a trailing slash — which is not a module
// path pattern: the go command matches each entry as a glob against as many leading elements of
// a module path as it has (module.MatchPrefixPatterns), so it matches no module, and the private modules it was meant for
// are asked of GOPROXY and the checksum database ("404 Not Found", "410 Gone"). A token in it is
// also printed by every go env. The fix writes the entry as host/path.
func urlPattern(f *facts.Facts, p string, v *verdicts) bool {
	fixed := asPattern(p)
	if fixed == p {
		return false
	}
	name := "GONOPROXY"
	if f.Value("GONOPROXY").Source == goenv.FromDefault {
		name = "GOPRIVATE" // GONOPROXY defaults to it
	}
	var entries []string
	for _, e := range strings.Split(f.GoVar(name), ",") {
		if e = strings.TrimSpace(e); e != "" {
			entries = append(entries, asPattern(e))
		}
	}
	v.add(finding.Warn, fmt.Sprintf("%s has an entry that matches no module path: %s", name, redact.Text(p)),
		fmt.Sprintf("The go command matches each entry of %s as a glob against as many leading elements of a module path as the entry has, so %s, written as a URL or with a trailing slash, matches no module: the private modules meant by it are asked of GOPROXY and the checksum database, which answer \"404 Not Found\" or \"410 Gone\" for them. Write it as %s (no scheme, no credentials: git and .netrc hold those).",
			name, redact.Text(p), fixed),
		advice.Set(f, name, strings.Join(entries, ","), " (the entry as a module path pattern)"))
	return true
}

// asPattern is a GOPRIVATE entry written as a URL made a module path pattern: without its scheme,
// credentials and trailing slashes; an entry that is a pattern already is returned as it is.
func asPattern(e string) string {
	if _, rest, ok := strings.Cut(e, "://"); ok {
		e = rest
	}
	if i := strings.LastIndexByte(strings.SplitN(e, "/", 2)[0], '@'); i >= 0 {
		e = e[i+1:]
	}
	return strings.TrimRight(e, "/")
}

// privateOKTitle sums up the hosts when nothing is wrong.
func privateOKTitle(hosts []privateOrigin) string {
	var parts []string
	for _, h := range hosts {
		if len(h.git) > 0 {
			parts = append(parts, fmt.Sprintf("%s (git: %s)", h.pattern, h.git[0]))
		} else {
			parts = append(parts, h.pattern)
		}
	}
	return "private modules have credentials: " + strings.Join(parts, ", ")
}

// judgeHost says what a host lacks.
func judgeHost(f *facts.Facts, git string, h privateOrigin, v *verdicts) {
	if git == "" {
		v.add(finding.Warn, fmt.Sprintf("git is not on PATH: private modules (%s) cannot be cloned", h.pattern),
			"The go command clones modules matching GONOPROXY from their origin with git (see net.vcs).", nil)
		return
	}
	if len(h.git) > 0 {
		v.add(finding.OK, "", fmt.Sprintf("%s: git finds %s; the go command's own requests: %s.", h.pattern, strings.Join(h.git, ", "), h.goauth), nil)
		return
	}
	if h.target.rewrite != "" {
		judgeRewritten(f, h, v)
		return
	}
	scheme := "https://" + h.host
	v.add(finding.Warn, fmt.Sprintf("git has no credentials for %s: private modules matching %s cannot be cloned", h.host, h.pattern),
		fmt.Sprintf("GONOPROXY=%s makes the go command fetch %s from its origin with git, and it runs git with GIT_TERMINAL_PROMPT=0, so git cannot ask for a password. "+
			"No credential helper gives git credentials for %s%s, no url.insteadOf rewrites it (to ssh, for example), and ~/.netrc (which git reads) has no machine %s; "+
			"%s\nThe go command's own requests (the ?go-get=1 lookup): %s.", f.GoVar("GONOPROXY"), h.pattern, scheme, h.target.noteSentence(), h.host, goGetFails(f, h.pattern, scheme), h.goauth),
		gitCredentialFix(h.host))
}

// goGetFails is what go get prints when git cannot authenticate to origin: git's own message
// when the go command clones, but for a module path ending in .git, whose protocol the go command
// picks by running git ls-remote for each secure scheme (vcs.repoRootFromVCSPaths), only its own.
// With the pattern in GOINSECURE it tries insecure protocols too, and says "no protocol".
func goGetFails(f *facts.Facts, pattern, origin string) string {
	secure := "secure "
	if module.MatchPrefixPatterns(f.GoVar("GOINSECURE"), pattern) {
		secure = ""
	}
	return fmt.Sprintf("unless the repository is public, go get fails with:\n  fatal: could not read Username for '%s': terminal prompts disabled\n"+
		"(for a module path ending in .git, whose protocol the go command finds by running git ls-remote, with only \"no %sprotocol found for repository\")", origin, secure)
}

// judgeRewritten is the warning for a host whose URLs a url.<base>.insteadOf rewrites to another
// http(s) server without credentials in it: git looks up credentials for the URL it fetches,
// after the rewrite, so helpers and .netrc machines of the module path's host do not apply.
func judgeRewritten(f *facts.Facts, h privateOrigin, v *verdicts) {
	origin, machine := h.target.origin(), h.target.hostname()
	v.add(finding.Warn, fmt.Sprintf("git has no credentials for %s: private modules matching %s cannot be cloned", h.host, h.pattern),
		fmt.Sprintf("GONOPROXY=%s makes the go command fetch %s from its origin with git, and it runs git with GIT_TERMINAL_PROMPT=0, so git cannot ask for a password. "+
			"%s rewrites https://%s/ to %s, and git looks up credentials for the URL it fetches: no credential helper gives any for %s%s, the rewrite carries none, and ~/.netrc (which git reads) has no machine %s; "+
			"%s", f.GoVar("GONOPROXY"), h.pattern, h.target.rewrite, h.pattern, redact.Text(h.target.url), origin, h.target.noteSentence(), machine, goGetFails(f, h.pattern, origin)),
		&finding.Fix{
			Summary: fmt.Sprintf("Give git credentials for %s, the server the rewrite points at: a line \"machine %s login\" followed by your user name, \"password\" and your token in ~/.netrc (chmod 600 ~/.netrc), "+
				"or a credential helper for that URL (git config --global credential.%s.helper followed by the helper), or rewrite to ssh instead.", origin, machine, origin),
			Docs: "https://git-scm.com/docs/gitcredentials"})
}

// gitCredentialFix gives git credentials for host: ssh through url.insteadOf (keys, no password
// in a file), or a .netrc line the user completes. No secret is written by gomedic.
func gitCredentialFix(host string) *finding.Fix {
	return &finding.Fix{
		Summary: fmt.Sprintf("Give git a way to authenticate to %s without a prompt: clone over ssh with your key (the command below), or add a token for https to ~/.netrc, "+
			"which both git and the go command (GOAUTH=netrc, the default) read: a line \"machine %s login\" followed by your user name, \"password\" and your token, in a file only you can read (chmod 600 ~/.netrc).", host, host),
		Commands: []string{fmt.Sprintf("git config --global url.\"git@%s:\".insteadOf \"https://%s/\"", host, host)},
		Docs:     "https://go.dev/doc/faq#git_https",
	}
}

// goauthFor says in words which credentials the go command sends to host with its own https
// requests, following GOAUTH.
func goauthFor(f *facts.Facts, nrc netrcFile, host string) string {
	goauth := strings.TrimSpace(f.GoVar("GOAUTH"))
	if goauth == "" {
		goauth = "netrc"
	}
	var says []string
	for _, cmd := range strings.Split(goauth, ";") {
		switch words := strings.Fields(cmd); {
		case len(words) == 0:
		case words[0] == "off":
			return "none (GOAUTH=off)"
		case words[0] == "netrc":
			if nrc.has(host) {
				says = append(says, fmt.Sprintf("the .netrc machine %s (%s)", host, nrc.path))
			}
		case words[0] == "git":
			says = append(says, "git credential fill (GOAUTH="+cmd+")")
		default:
			says = append(says, "the GOAUTH command "+words[0])
		}
	}
	if len(says) == 0 {
		return fmt.Sprintf("none (GOAUTH=%s and no .netrc machine %s)", goauth, host)
	}
	return strings.Join(says, ", ")
}

// goauthProblems reports GOAUTH values the go command rejects or that send nothing.
func goauthProblems(f *facts.Facts, v *verdicts) {
	goauth := strings.TrimSpace(f.GoVar("GOAUTH"))
	cmds := strings.Split(goauth, ";")
	for _, cmd := range cmds {
		words := strings.Fields(cmd)
		switch {
		case goauth == "":
		case len(words) == 0:
			v.add(finding.Fail, "GOAUTH has an empty command", fmt.Sprintf("%s: every https fetch fails with \"go: GOAUTH encountered an empty command (GOAUTH=%s)\".", where(f, "GOAUTH"), goauth), goauthFix(f))
		case words[0] == "off" && len(cmds) > 1:
			v.add(finding.Fail, "GOAUTH combines off with other commands", fmt.Sprintf("%s: the go command stops with \"go: GOAUTH=off cannot be combined with other authentication commands\".", where(f, "GOAUTH")), goauthFix(f))
		case words[0] == "off":
			v.add(finding.OK, "", fmt.Sprintf("%s: the go command sends no credentials with its own requests (the ?go-get=1 lookup of a private host, a private module proxy); git still uses its own.", where(f, "GOAUTH")), nil)
		case words[0] == "git" && (len(words) != 2 || !host.IsAbs(f.Host, words[1])):
			v.add(finding.Fail, "GOAUTH=git needs an absolute directory", fmt.Sprintf("%s: the go command stops with \"go: GOAUTH=git dir method requires an absolute path to the git working directory\".", where(f, "GOAUTH")), goauthFix(f))
		}
	}
}

// insecureFlag reports -insecure in GOFLAGS: other commands ignore it, but go get stops with
// "go: -insecure flag is no longer supported; use GOINSECURE instead" (modget, since Go 1.22).
func insecureFlag(f *facts.Facts, v *verdicts) {
	var kept []string
	found := false
	for _, w := range strings.Fields(f.GoVar("GOFLAGS")) {
		name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if name == "insecure" && strings.HasPrefix(w, "-") {
			found = true
			continue
		}
		kept = append(kept, w)
	}
	if !found {
		return
	}
	why := " (to fetch some modules over plain http or with unchecked certificates, list their patterns in GOINSECURE instead)"
	fix := advice.Set(f, "GOFLAGS", strings.Join(kept, " "), why)
	if len(kept) == 0 {
		if unset := advice.Unset(f, f.Value("GOFLAGS"), why); unset != nil {
			fix = unset
		}
	}
	v.add(finding.Warn, "GOFLAGS holds -insecure: go get fails",
		fmt.Sprintf("%s. The go command no longer has an -insecure flag: builds, go list and tool installs ignore it in GOFLAGS, but every go get (and the editor's \"Go: Get Package\") stops with:\n  go: -insecure flag is no longer supported; use GOINSECURE instead",
			where(f, "GOFLAGS")), fix)
}

// goauthFix goes back to GOAUTH's default, netrc, where the bad value was set.
func goauthFix(f *facts.Facts) *finding.Fix {
	if fix := advice.Unset(f, f.Value("GOAUTH"), " (then GOAUTH is netrc, the default)"); fix != nil {
		return fix
	}
	return advice.Set(f, "GOAUTH", "netrc", " (the default)")
}

// findGit is the git the go command runs, or "".
func findGit(f *facts.Facts) string {
	env := f.Host.Env()
	p, err := host.LookPath(f.Host, "git", env.Get("PATH"), env.Get("PATHEXT"))
	if err != nil {
		return ""
	}
	return p
}

// gitCredentials lists where git finds credentials (or another transport) for the modules of
// pattern, and where it really fetches them (gitTarget): a url.<base>.insteadOf rewrite to ssh or
// with credentials in it; else, for the URL after any rewrite, `git config --get-urlmatch
// credential.helper` and a ~/.netrc machine of its host (git reads ~/.netrc through curl, never
// $NETRC, and matches it by host name alone).
func gitCredentials(ctx context.Context, f *facts.Facts, git string, nrc netrcFile, pattern string) ([]string, gitTarget, []finding.Evidence) {
	hostName := strings.SplitN(pattern, "/", 2)[0]
	r := f.Host.Run(ctx, host.Cmd{Path: git, Args: []string{"config", "--get-regexp", `^url\..*\.insteadof$`}, Timeout: f.Timeout})
	ev := []finding.Evidence{redactedEvidence(r)}
	if strings.ContainsAny(hostName, "*?[") {
		return globCredentials(string(r.Stdout), nrc, pattern), gitTarget{}, ev
	}
	t := rewriteTarget(string(r.Stdout), pattern)
	if t.keyed {
		return []string{t.rewrite}, t, ev
	}
	var found []string
	h := f.Host.Run(ctx, host.Cmd{Path: git, Args: []string{"config", "--get-urlmatch", "credential.helper", t.url}, Timeout: f.Timeout})
	ev = append(ev, redactedEvidence(h))
	if helper := strings.TrimSpace(string(h.Stdout)); h.OK() {
		files, store := storeFiles(f, helper)
		switch {
		case store && !storeHas(f, files, t.origin()):
			t.note = storeMissing(f, files, t.origin())
		default:
			found = append(found, "the credential helper "+redact.Text(helper))
		}
	}
	if nrc.home && nrc.has(t.hostname()) {
		found = append(found, "the ~/.netrc machine "+t.hostname())
	}
	if len(found) > 0 && t.rewrite != "" {
		found[0] += " for " + t.origin() + " (" + t.rewrite + ")"
	}
	if len(found) == 0 && t.rewrite == "" {
		found = narrowerRewrites(string(r.Stdout), pattern)
	}
	return found, t, ev
}

// narrowerRewrites are the url.<base>.insteadOf rules to ssh (or with a password) for a part of
// what pattern matches (https://git.corp.example/team/ for the pattern git.corp.example): git
// fetches the modules under that prefix with them, and has nothing for the others, which are
// then public or cannot be cloned.
func narrowerRewrites(insteadOfs, pattern string) []string {
	whole := "https://" + strings.TrimSuffix(pattern, "/") + "/"
	var found []string
	for _, line := range strings.Split(strings.TrimSpace(insteadOfs), "\n") {
		key, from, ok := strings.Cut(line, " ")
		base := strings.TrimSuffix(strings.TrimPrefix(key, "url."), ".insteadof")
		if !ok || len(from) <= len(whole) || !strings.HasPrefix(from, whole) || !keyedBase(base) {
			continue
		}
		found = append(found, fmt.Sprintf("url.%s.insteadOf %s, for the module paths under %s only (others matching %s get no credentials)",
			insteadOfBase(base), from, strings.TrimPrefix(strings.TrimSuffix(from, "/"), "https://"), pattern))
	}
	return found
}

// globCredentials is what git has for a pattern whose host is a glob: any insteadOf rewrite of a
// host it matches, or a ~/.netrc machine it matches.
func globCredentials(insteadOfs string, nrc netrcFile, pattern string) []string {
	var found []string
	hostName := strings.SplitN(pattern, "/", 2)[0]
	for _, line := range strings.Split(strings.TrimSpace(insteadOfs), "\n") {
		key, from, ok := strings.Cut(line, " ")
		if ok && globPrefix(from, hostName) {
			base := strings.TrimSuffix(strings.TrimPrefix(key, "url."), ".insteadof")
			found = append(found, fmt.Sprintf("url.%s.insteadOf %s", insteadOfBase(base), from))
		}
	}
	if nrc.home && nrc.has(hostName) {
		found = append(found, "the ~/.netrc machine "+hostName)
	}
	return found
}

// gitTarget is the URL git fetches a private module path's repositories from.
type gitTarget struct {
	url     string // https://pattern/, or what a rewrite makes of it
	rewrite string // "url.BASE.insteadOf FROM" when one applies
	// keyed is set when the rewrite needs no credential lookup: to ssh (keys), to a local
	// repository, or with a password in it.
	keyed bool
	// note says why a credential helper that applies gives nothing ("" when none or unknown).
	note string
}

// noteSentence is the target's note as a sentence for a detail, or "".
func (t gitTarget) noteSentence() string {
	if t.note == "" {
		return ""
	}
	return " (" + t.note + ")"
}

// rewriteTarget applies git's url.<base>.insteadOf rules (the output of git config
// --get-regexp) to https://pattern/ as git does: the longest matching prefix wins.
func rewriteTarget(insteadOfs, pattern string) gitTarget {
	u := "https://" + strings.TrimSuffix(pattern, "/") + "/"
	t := gitTarget{url: u}
	longest := -1
	for _, line := range strings.Split(strings.TrimSpace(insteadOfs), "\n") {
		key, from, ok := strings.Cut(line, " ")
		if !ok || !rewrites(from, pattern) || len(from) <= longest {
			continue
		}
		longest = len(from)
		base := strings.TrimSuffix(strings.TrimPrefix(key, "url."), ".insteadof")
		t.url = base + strings.TrimPrefix(u, from)
		t.rewrite = fmt.Sprintf("url.%s.insteadOf %s", insteadOfBase(base), from)
		t.keyed = keyedBase(base)
	}
	return t
}

// keyedBase reports whether a rewrite's base needs no credential lookup: ssh (scp-like
// "user@host:" or ssh:// and git+ssh://), a local repository, or a URL with a password.
func keyedBase(base string) bool {
	scheme, _, ok := strings.Cut(base, "://")
	if !ok {
		return true // scp-like ssh, or a local path
	}
	switch scheme {
	case "http", "https":
		u, err := url.Parse(base)
		if err != nil || u.User == nil {
			return false
		}
		_, hasPassword := u.User.Password()
		return hasPassword
	}
	return true // ssh, git+ssh, file, git (no authentication)
}

// origin is the target's scheme and host (with the port), as git names it when it prompts.
func (t gitTarget) origin() string {
	u, err := url.Parse(t.url)
	if err != nil {
		return t.url
	}
	return u.Scheme + "://" + u.Host
}

// hostname is the target's host without a port: the .netrc machine curl looks for.
func (t gitTarget) hostname() string {
	u, err := url.Parse(t.url)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// insteadOfBase shows the URL an insteadOf rewrites to, with a password (a token) hidden; an
// ssh user ("git@host:") is no secret and stays.
func insteadOfBase(base string) string {
	if u, err := url.Parse(base); err == nil && u.User != nil {
		if _, hasPassword := u.User.Password(); hasPassword {
			return redact.URL(u)
		}
	}
	return base
}

// rewrites reports whether an insteadOf prefix applies to the https URLs of the modules a
// GONOPROXY pattern (a host, or a host and path; globs in the host) covers.
func rewrites(from, pattern string) bool {
	hostName := strings.SplitN(pattern, "/", 2)[0]
	if strings.ContainsAny(hostName, "*?[") {
		return globPrefix(from, hostName)
	}
	for _, u := range []string{"https://" + strings.TrimSuffix(pattern, "/") + "/", "https://" + pattern} {
		if strings.HasPrefix(u, from) {
			return true
		}
	}
	return false
}

// globPrefix reports whether an insteadOf prefix names a host the glob matches.
func globPrefix(from, glob string) bool {
	h := strings.TrimPrefix(from, "https://")
	h = strings.SplitN(h, "/", 2)[0]
	ok, _ := path.Match(glob, h)
	return ok
}

// redactedEvidence is the evidence of a git config run with any credential in it hidden.
func redactedEvidence(r *host.Result) finding.Evidence {
	ev := doctor.Ran(r)
	ev.Output = redact.Text(ev.Output)
	return ev
}
