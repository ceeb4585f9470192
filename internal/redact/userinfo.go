package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// URL is u as text with its user information (user name and password, or a token) replaced by
// Mark.
func URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	if u.User == nil {
		return u.String()
	}
	c := *u
	c.User = url.User(Mark)
	return c.String()
}

// List is a value made of URLs or proxy addresses (GOPROXY, GONOSUMDB, a proxy variable,
// NO_PROXY) with the credentials of each entry replaced by Mark, whether or not the entry has a
// scheme: entries are separated by commas, pipes or spaces, and whatever comes before the last
// "@" of an entry's host part is its user information ("token@proxy:3128" too, which Text alone
// cannot tell from an e-mail address). The rest is redacted as Text.
func List(v string) string {
	var b strings.Builder
	start := 0
	for i := 0; i <= len(v); i++ {
		if i < len(v) && !isListSep(v[i]) {
			continue
		}
		b.WriteString(entryUserinfo(v[start:i]))
		if i < len(v) {
			b.WriteByte(v[i])
		}
		start = i + 1
	}
	return Text(b.String())
}

func isListSep(c byte) bool {
	return c == ',' || c == '|' || c == ' ' || c == '\t' || c == '\n'
}

// entryUserinfo is one entry of a list with whatever precedes the last "@" before its path
// replaced by Mark.
func entryUserinfo(e string) string {
	off := 0
	if i := strings.Index(e, "://"); i >= 0 && isScheme(e[:i]) {
		off = i + 3
	}
	host := e[off:]
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	at := strings.LastIndexByte(host, '@')
	if at <= 0 || placeholderInfo(host[:at]) {
		return e
	}
	return e[:off] + Mark + e[off+at:]
}

// isScheme reports whether s is a URL scheme: a letter, then letters, digits, "+", "-" or ".".
func isScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// placeholderInfo reports whether user information is no secret: Mark itself, or the words a
// message uses to show where credentials go (scheme://user:password@host, <user>:<token>@host).
func placeholderInfo(info string) bool {
	if info == Mark {
		return true
	}
	for _, w := range strings.Split(info, ":") {
		switch strings.ToLower(w) {
		case "user", "username", "password", "pass", "token", "secret":
			continue
		}
		if !placeholder.MatchString(w) {
			return false
		}
	}
	return true
}

// urlUserinfo redacts the user information of every URL in s: scheme://user:password@host and
// scheme://token@host become scheme://REDACTED@host. A password may hold a raw "@" (curl and Go
// take the last one before the host). In a list (GOPROXY's commas and pipes), an entry ends at
// the separator when what precedes it is a host: "https://proxy.golang.org,user:pw@corp:3128"
// keeps its first entry, and the second is bareUserinfo's.
func urlUserinfo(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	p := splice{s: s}
	for from := 0; ; {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			break
		}
		i += from
		from = i + 3
		j := i
		for j > 0 && (isLetter(s[j-1]) || s[j-1] >= '0' && s[j-1] <= '9' || strings.IndexByte("+.-", s[j-1]) >= 0) {
			j--
		}
		if !isScheme(s[j:i]) {
			continue
		}
		a := i + 3
		end := a + authorityEnd(s[a:])
		at := strings.LastIndexByte(s[a:end], '@')
		if at < 0 {
			continue
		}
		info := s[a : a+at]
		if k := strings.IndexAny(info, ",|"); k >= 0 && isHostPort(info[:k]) {
			continue
		}
		if info == "" || placeholderInfo(info) {
			continue
		}
		p.mark(a, a+at)
		from = a + at
	}
	return p.String()
}

// authorityEnd is where the authority (user information and host) that starts s ends: at the
// path, query or fragment, a space, a quote or a backslash.
func authorityEnd(s string) int {
	if i := strings.IndexAny(s, "/?#\\\"'`<> \t\r\n"); i >= 0 {
		return i
	}
	return len(s)
}

// hostPort matches a host with an optional port: a name or IPv4 address, or an IPv6 address in
// brackets.
var hostPort = regexp.MustCompile(`^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$`)

func isHostPort(s string) bool { return hostPort.MatchString(s) }

// bareUserinfo redacts user:password@host written without a scheme, as proxy variables may be
// ("HTTPS_PROXY=ana:s3cret@proxy:3128"), in a word of its own or an entry of a list. The colon
// before the "@" tells it from an e-mail address (ana@example.com), a module version (x@v1.2.3)
// or git's scp syntax (git@github.com:org/repo); a "/" or "\" before the "@" from a path or a URL.
func bareUserinfo(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	p := splice{s: s}
	for start := 0; start < len(s); {
		end := start
		for end < len(s) && !isWordSep(s[end]) {
			end++
		}
		if at := bareInfoEnd(s[start:end]); at > 0 {
			p.mark(start, start+at)
		}
		start = end + 1
	}
	return p.String()
}

// isWordSep ends a word that bareUserinfo looks at: a space, a quote, a bracket, or what
// separates a variable from its value and the entries of a list.
func isWordSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '=', ',', '|', '"', '\'', '`', '(', ')', '<', '>', '[', ']', ';', '{', '}':
		return true
	}
	return false
}

// bareInfoEnd is the length of the user information at the start of word, up to its last "@",
// when word is user:password@host; else 0.
func bareInfoEnd(w string) int {
	at := strings.LastIndexByte(w, '@')
	if at <= 0 || strings.Contains(w, "://") {
		return 0
	}
	info := w[:at]
	colon := strings.IndexByte(info, ':')
	if colon <= 0 || !hasAlnum(info[:colon]) || strings.ContainsAny(info, "/\\") || placeholderInfo(info) {
		return 0
	}
	return at
}

// hasAlnum reports whether s holds a letter or a digit: a user name does, "?" in "(?:@" does not.
func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if isLetter(s[i]) || s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}
