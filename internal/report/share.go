package report

import (
	"fmt"
	"net"
	"path"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/module"

	"github.com/gomedic/gomedic/internal/redact"
)

// Identity is what --share takes out of a bug report besides credentials: who and where the
// user is, and which module paths and hosts are private.
type Identity struct {
	Home      string   // the home directory
	HomeReal  string   // its real path, when a symbolic link leads to it ("" otherwise)
	User      string   // the user name
	Hostname  string   // the machine's host name
	Workspace string   // the workspace directory: its name is often the private project's
	Private   []string // GOPRIVATE, GONOPROXY and GONOSUMDB values: comma-separated globs
}

// The kinds of what --share rewrites, as the summary counts them.
const (
	KindCredential    = "credential"
	KindHome          = "home directory"
	KindWorkspace     = "workspace directory"
	KindUser          = "user name"
	KindHostname      = "host name"
	KindPrivateHost   = "private host"
	KindPrivateModule = "private module path"
)

// PublicHosts are the hosts a shared report names as they are: the Go project's services, the
// big public code hosts, the editors' marketplaces, and loopback. Any other host is replaced.
var PublicHosts = []string{
	"proxy.golang.org", "sum.golang.org", "index.golang.org", "golang.org", "go.dev", "pkg.go.dev", "dl.google.com",
	"go.googlesource.com", "google.golang.org", "cloud.google.com", "storage.googleapis.com",
	"github.com", "api.github.com", "raw.githubusercontent.com", "objects.githubusercontent.com", "gitlab.com", "bitbucket.org",
	"codeberg.org", "gitea.com", "gopkg.in", "honnef.co", "mvdan.cc", "go.uber.org", "k8s.io", "sigs.k8s.io",
	"goproxy.io", "goproxy.cn", "proxy.golang.com.cn", "example.com",
	"marketplace.visualstudio.com", "open-vsx.org", "update.code.visualstudio.com", "code.visualstudio.com",
	"localhost", "127.0.0.1", "::1",
}

// Anonymiser rewrites a report's strings for --share, the same thing to the same placeholder
// throughout, and counts what it rewrote.
type Anonymiser struct {
	id      Identity
	globs   string                    // the private globs, comma-separated
	known   []string                  // private hosts named by the globs, matched as words anywhere
	places  map[string]string         // kind and value (lower case) -> its placeholder
	next    map[string]int            // the number of the next placeholder, by prefix
	Counts  map[string]int            // what was rewritten, by kind
	words   map[string]*regexp.Regexp // the compiled patterns of the names and paths replaced
	generic bool                      // the user name is an account name that identifies nobody (root, runner, ...)
}

// genericUsers are account names that identify nobody: left as they are.
var genericUsers = []string{"root", "user", "admin", "runner", "ubuntu", "vscode", "codespace", "node", "go", "dev", "builder", "ci"}

// NewAnonymiser is an anonymiser for the identity id.
func NewAnonymiser(id Identity) *Anonymiser {
	a := &Anonymiser{id: id, places: map[string]string{}, next: map[string]int{}, Counts: map[string]int{}, words: map[string]*regexp.Regexp{}}
	var globs []string
	for _, v := range id.Private {
		for _, g := range strings.Split(v, ",") {
			g = strings.TrimSpace(redact.Text(g))
			if g == "" || strings.Contains(g, redact.Mark) {
				// A glob with credentials in it is no glob the go command matches; its host still is private.
				g = hostOf(strings.TrimPrefix(g, redact.Mark+"@"))
			}
			if g == "" {
				continue
			}
			globs = append(globs, g)
			if h := strings.TrimLeft(hostOf(g), "*."); strings.Contains(h, ".") && !public(h) && !strings.ContainsAny(h, "*?[") {
				a.known = append(a.known, strings.ToLower(h))
			}
		}
	}
	a.globs = strings.Join(globs, ",")
	a.generic = slices.Contains(genericUsers, strings.ToLower(id.User)) || len(id.User) < 2
	return a
}

// hostOf is the host of a glob, a URL or a module path: what comes before the first slash, after
// any scheme and user information.
func hostOf(s string) string {
	if _, rest, ok := strings.Cut(s, "://"); ok {
		s = rest
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		s = s[i+1:]
	}
	s, _, _ = strings.Cut(s, "/")
	if h, _, err := net.SplitHostPort(s); err == nil {
		return h
	}
	return s
}

func public(host string) bool {
	return slices.Contains(PublicHosts, strings.ToLower(strings.Trim(host, "[]")))
}

// placeholder is the stable stand-in for value of kind: the same value, the same placeholder.
func (a *Anonymiser) placeholder(kind, prefix, value string) string {
	key := kind + "\x00" + strings.ToLower(value)
	if p, ok := a.places[key]; ok {
		a.Counts[kind]++
		return p
	}
	a.next[prefix]++
	p := fmt.Sprintf("%s-%d", prefix, a.next[prefix])
	a.places[key] = p
	a.Counts[kind]++
	return p
}

// Field rewrites s, the value of the JSON field field, as Text does: no field is trusted to hold
// only safe words (a version can be a private module's pseudo-version, a name a path).
func (a *Anonymiser) Field(_, s string) string { return a.Text(s) }

// Text is s anonymised: credentials redacted (package redact), the workspace and home
// directories replaced by $WORKSPACE and ~, the host name by $HOST, module paths that the private
// globs match and every host not on the public list by placeholders, the user name by $USER, and
// in absolute paths every directory name not known to be safe by dir-N.
func (a *Anonymiser) Text(s string) string {
	if s == "" {
		return s
	}
	r := redact.Text(s)
	// The report was redacted when it was made: every mark in it is a credential taken out.
	if n := strings.Count(r, redact.Mark); n > 0 {
		a.Counts[KindCredential] += n
	}
	r = a.dirs(r)
	r = a.hostname(r)
	r = a.modules(r)
	r = a.hosts(r)
	r = a.user(r)
	return a.paths(r)
}

// modulePath matches what may be a module path: a host-like first element and path elements.
var modulePath = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+(?:/[A-Za-z0-9._~+-]+)*`)

// modules replaces every module path that GOPRIVATE, GONOPROXY or GONOSUMDB matches, wherever it
// starts in a path (a proxy URL's path, the module cache): the shortest prefix the globs match
// becomes private-module-N, and each element after it that is not known to be safe (a version,
// internal, cmd, ...) dir-N.
func (a *Anonymiser) modules(s string) string {
	if a.globs == "" {
		return s
	}
	return modulePath.ReplaceAllStringFunc(s, func(m string) string {
		elems := strings.Split(m, "/")
		for k := 0; k < len(elems); k++ {
			if n := a.privatePrefix(elems[k:]); n > 0 {
				prefix := path.Join(elems[k : k+n]...)
				rest := slices.Clone(elems[k+n:])
				for i, e := range rest {
					if !a.safeName(e) {
						rest[i] = a.rewriteName(e) // a private module's packages are named by its owners
					}
				}
				elems = append(append(elems[:k:k], a.placeholder(KindPrivateModule, "private-module", prefix)), rest...)
			}
		}
		return strings.Join(elems, "/")
	})
}

// privatePrefix is how many elements of the shortest prefix of elems the private globs match, or 0.
func (a *Anonymiser) privatePrefix(elems []string) int {
	if !strings.Contains(elems[0], ".") || !module.MatchPrefixPatterns(a.globs, path.Join(elems...)) {
		return 0
	}
	for n := 1; n <= len(elems); n++ {
		if module.MatchPrefixPatterns(a.globs, path.Join(elems[:n]...)) {
			return n
		}
	}
	return 0
}

// hostName matches a DNS name or an IPv4 address: two labels or more.
var hostName = regexp.MustCompile(`[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+`)

// ipv6 matches an IPv6 address as a URL writes it, in brackets.
var ipv6 = regexp.MustCompile(`\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]`)

// fileExts are last labels that make a name a file's, not a host's.
var fileExts = []string{"go", "mod", "sum", "work", "json", "jsonc", "log", "txt", "md", "exe", "test", "out", "yaml", "yml",
	"toml", "sh", "bash", "zsh", "fish", "ps1", "bat", "cmd", "env", "lock", "xml", "html", "js", "mjs", "ts", "cfg", "conf",
	"ini", "plist", "desktop", "vsix", "tmp", "so", "dll", "dylib", "code-workspace", "profile", "bashrc", "zshrc", "netrc",
	"gitconfig", "pem", "crt", "key", "tar", "gz", "zip", "tgz", "sock", "pid", "swp", "bak", "orig", "rej", "new", "old", "vim"}

// settingSpaces are the first labels of editor setting names ("go.gopath", "ui.semanticTokens"),
// gomedic's check ids ("tools.gopls.found", "ws.module"), git's configuration keys
// ("credential.helper", "url.<base>.insteadOf") and -X main.name, which are no host.
var settingSpaces = []string{"go", "gopls", "ui", "build", "formatting", "editor", "files", "debug", "terminal", "http", "remote",
	"workbench", "window", "extensions", "search", "telemetry", "env", "net", "tools", "ws", "watch", "run", "gomedic",
	"url", "credential", "core", "user", "include", "includeif", "safe", "main"}

// hosts replaces every host that is not public: an IPv4 address that is not loopback, and every
// DNS-like name (two labels or more, the last alphabetic) that is neither a file's name, a setting's
// name nor one of PublicHosts.
func (a *Anonymiser) hosts(s string) string {
	s = ipv6.ReplaceAllStringFunc(s, func(m string) string {
		if ip := net.ParseIP(strings.Trim(m, "[]")); ip == nil || ip.IsLoopback() {
			return m
		}
		return "[" + a.placeholder(KindPrivateHost, "private-host", m) + "]"
	})
	return replaceMatches(s, hostName, func(i, j int) string {
		tok := s[i:j]
		if i > 0 && (s[i-1] == '$' || s[i-1] == '.') {
			return tok // a variable's name, or the tail of something longer the regexp split
		}
		next := byte(0)
		if j < len(s) {
			next = s[j]
		}
		if !a.isHost(tok, next) {
			return tok
		}
		return a.hostPlaceholder(tok)
	})
}

// hostPlaceholder is the placeholder of a host: the one it has as a private module path's first
// element when it is one, so that the same host has the same placeholder throughout.
func (a *Anonymiser) hostPlaceholder(host string) string {
	if p, ok := a.places[KindPrivateModule+"\x00"+strings.ToLower(host)]; ok {
		a.Counts[KindPrivateModule]++
		return p
	}
	return a.placeholder(KindPrivateHost, "private-host", host)
}

func (a *Anonymiser) isHost(tok string, next byte) bool {
	lower := strings.ToLower(tok)
	if ip := net.ParseIP(tok); ip != nil {
		return !ip.IsLoopback() && !ip.IsUnspecified()
	}
	if slices.Contains(a.known, lower) {
		return true
	}
	if public(lower) || tok != lower {
		return false // a camelCase name is an identifier or a setting, not a host
	}
	labels := strings.Split(lower, ".")
	tld := labels[len(labels)-1]
	if len(tld) < 2 || strings.Trim(tld, "abcdefghijklmnopqrstuvwxyz") != "" || slices.Contains(fileExts, tld) {
		return false
	}
	if slices.Contains(settingSpaces, labels[0]) && next != '/' && next != ':' {
		return false
	}
	return !slices.Contains(labels, "version") // "go.version", "gopls.version" in titles
}

// dirs replaces the workspace directory by $WORKSPACE and the home directory by ~, wherever a
// path starts with them.
func (a *Anonymiser) dirs(s string) string {
	home := []string{a.id.Home, a.id.HomeReal}
	if ws := a.id.Workspace; len(ws) > 1 && !slices.Contains(home, ws) {
		s = a.replacePath(s, ws, "$WORKSPACE", KindWorkspace)
	}
	for _, h := range home {
		if len(h) > 1 {
			s = a.replacePath(s, h, "~", KindHome)
		}
	}
	return s
}

// replacePath replaces dir (and its form with the other slash) where it is a whole path or the
// start of one.
func (a *Anonymiser) replacePath(s, dir, with, kind string) string {
	for _, d := range uniq(dir, strings.ReplaceAll(dir, `\`, "/"), strings.ReplaceAll(dir, "/", `\`)) {
		s = a.replaceBounded(s, d, with, kind, func(c byte) bool { return c == '/' || c == '\\' || !pathByte(c) })
	}
	return s
}

func uniq(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// pathByte reports whether c may continue a file name.
func pathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c >= 0x80
}

// word reports whether c is no part of a word: a name is replaced only as a whole word.
func word(c byte) bool {
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80)
}

// hostname replaces the host name, and its first label, by $HOST.
func (a *Anonymiser) hostname(s string) string {
	if h := a.id.Hostname; len(h) > 1 && !strings.EqualFold(h, "localhost") {
		s = a.replaceBounded(s, h, "$HOST", KindHostname, word)
		if short, _, ok := strings.Cut(h, "."); ok && len(short) > 1 {
			s = a.replaceBounded(s, short, "$HOST", KindHostname, word)
		}
	}
	return s
}

// user replaces the user name by $USER, unless it is an account name that identifies nobody.
func (a *Anonymiser) user(s string) string {
	if a.generic {
		return s
	}
	return a.replaceBounded(s, a.id.User, "$USER", KindUser, word)
}

// replaceBounded replaces old in s, ignoring case, where the bytes either side of it satisfy
// boundary (the start and end of s do).
func (a *Anonymiser) replaceBounded(s, old, with, kind string, boundary func(byte) bool) string {
	if old == "" {
		return s
	}
	re, ok := a.words[old]
	if !ok {
		re = regexp.MustCompile(`(?i)` + regexp.QuoteMeta(old))
		a.words[old] = re
	}
	return replaceMatches(s, re, func(i, j int) string {
		if i > 0 && !boundary(s[i-1]) && !strings.ContainsAny(old[:1], `/\`) || j < len(s) && !boundary(s[j]) {
			return s[i:j]
		}
		a.Counts[kind]++
		return with
	})
}
