package redact

import (
	"regexp"
	"strings"
)

// The rules of Text other than the user information of URLs (userinfo.go): each finds one shape
// of secret and replaces it with Mark.

var (
	// privateKeyBlock is a PEM private key, to its END line (or the end of the text).
	privateKeyBlock = regexp.MustCompile(`-----BEGIN[ A-Z0-9]*PRIVATE KEY-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY-----|\z)`)
	// authHeader is an Authorization or Proxy-Authorization header and its credentials, after
	// the scheme word when there is one.
	authHeader = regexp.MustCompile(`(?i)\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate|ntlm|bot)[ \t]+)?([^\s"',;]+)`)
	// bearer is a Bearer token anywhere.
	bearer = regexp.MustCompile(`(?i)\bbearer[ \t]+([A-Za-z0-9._~+/-]+=*)`)
	// netrcLine is a .netrc password at the start of a line; netrcInline one after its login or
	// machine on the same line.
	netrcLine   = regexp.MustCompile(`(?m)^[ \t]*password[ \t]+(\S+)`)
	netrcInline = regexp.MustCompile(`\b(?:login|machine|account)[ \t]+\S+[ \t]+password[ \t]+(\S+)`)
	// tokenShape is a word of a well-known token format.
	tokenShape = regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gl(?:pat|dt|rt|cbt|ptt|ft|imt|oas|soat|agent|wt)-[A-Za-z0-9_-]{20,}|xox[abeoprs]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b|npm_[A-Za-z0-9]{36}|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)`)
)

func privateKeys(s string) string {
	if !strings.Contains(s, "PRIVATE KEY-----") {
		return s
	}
	return privateKeyBlock.ReplaceAllLiteralString(s, Mark)
}

func headers(s string) string {
	if containsFold(s, "authorization") {
		s = replaceGroup(authHeader, s, 1, func(m []string) bool { return !exempt(m[1]) })
	}
	if containsFold(s, "bearer") {
		s = replaceGroup(bearer, s, 1, func(m []string) bool { return tokenLike(m[1]) })
	}
	return s
}

// tokenLike tells a Bearer token from a word of prose ("a bearer token"): long, or with a digit.
func tokenLike(w string) bool {
	return w != Mark && (len(w) >= 16 || len(w) >= 8 && strings.ContainsAny(w, "0123456789"))
}

// assignments redacts the value of every NAME=value whose NAME says it is secret, wherever it
// is: GITHUB_TOKEN=abc, --api-token=abc, -X main.apiKey=abc, ?access_token=abc&x=1.
func assignments(s string) string {
	if !strings.Contains(s, "=") {
		return s
	}
	p := splice{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		j := i
		for j > 0 && isNameByte(s[j-1]) {
			j--
		}
		if j == i || !Name(s[j:i]) {
			continue
		}
		end := valueEnd(s, i+1)
		if exempt(s[i+1 : end]) {
			continue
		}
		p.mark(i+1, end)
		i = end - 1
	}
	return p.String()
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// valueEnd is where the value starting at k ends: after its closing quote when it is quoted (the
// end of the line when the quote is not closed), else at a space, a quote, an & (the next
// parameter of a query) or a backslash before a quote (the end of an escaped JSON string).
func valueEnd(s string, k int) int {
	if k < len(s) && (s[k] == '"' || s[k] == '\'') {
		if e := strings.IndexByte(s[k+1:], s[k]); e >= 0 {
			return k + 1 + e + 1
		}
		if e := strings.IndexByte(s[k:], '\n'); e >= 0 {
			return k + e
		}
		return len(s)
	}
	for i := k; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'', '`', '&':
			return i
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\'') {
				return i
			}
		}
	}
	return len(s)
}

// members redacts the value of a JSON member whose name says it is secret: "GITHUB_TOKEN":
// "abc" becomes "GITHUB_TOKEN": "REDACTED", "PIN_PASSWORD": 1234 "PIN_PASSWORD": REDACTED.
func members(s string) string {
	if !strings.Contains(s, `":`) && !strings.Contains(s, `" :`) {
		return s
	}
	p := splice{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		name, ok := quotedBefore(s, i)
		if !ok || !Name(name) {
			continue
		}
		start, end := memberValue(s, i+1)
		if start == end || exempt(s[start:end]) {
			continue
		}
		p.mark(start, end)
		i = end - 1
	}
	return p.String()
}

// quotedBefore is the JSON string that ends right before the colon at i (spaces between), as
// written. A string whose opening quote is gone (cut text, or taken by a value redacted before
// it: KEY=" "GITHUB_TOKEN": "...") still names its member by the word before the closing quote.
func quotedBefore(s string, i int) (string, bool) {
	j := i
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	if j < 2 || s[j-1] != '"' || escaped(s, j-1) {
		return "", false
	}
	for k := j - 2; k >= 0; k-- {
		if s[k] == '"' && !escaped(s, k) {
			return s[k+1 : j-1], true
		}
		if s[k] == '\n' {
			break
		}
	}
	k := j - 1
	for k > 0 && isNameByte(s[k-1]) {
		k--
	}
	return s[k : j-1], k < j-1
}

// escaped reports whether the character at i follows an odd number of backslashes.
func escaped(s string, i int) bool {
	n := 0
	for i > 0 && s[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// memberValue is the span of the value after a member's colon at k: the inside of a string, or
// a number; empty when it is neither.
func memberValue(s string, k int) (int, int) {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k >= len(s) {
		return k, k
	}
	if s[k] == '"' {
		for e := k + 1; e < len(s) && s[e] != '\n'; e++ {
			if s[e] == '"' && !escaped(s, e) {
				return k + 1, e
			}
		}
		return k, k
	}
	e := k
	for e < len(s) && (s[e] >= '0' && s[e] <= '9' || e == k && s[e] == '-' || e > k && strings.IndexByte(".eE+-", s[e]) >= 0) {
		e++
	}
	if e == k || s[e-1] == '-' {
		return k, k
	}
	return k, e
}

// colonPairs redacts the value of NAME: value (YAML, a header, a listing) whose NAME says it is
// secret. A name of one word ("token: }" in a parser's message) counts only at the start of a
// line or after a quote ('Password: abc'); a compound one (GITHUB_TOKEN, X-Api-Key, apiToken)
// anywhere after a space or a bracket. The value, after a space, runs to the end of the line or
// a quote.
func colonPairs(s string) string {
	if !strings.Contains(s, ":") {
		return s
	}
	p := splice{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] != ':' || i+1 >= len(s) || (s[i+1] != ' ' && s[i+1] != '\t') {
			continue
		}
		j := i
		for j > p.last && (s[j-1] == ' ' || s[j-1] == '\t') {
			j--
		}
		k := j
		for k > p.last && isNameByte(s[k-1]) {
			k--
		}
		if k == j || !(isLetter(s[k]) || s[k] == '_') || !Name(s[k:j]) || !pairLead(s, k, s[k:j]) {
			continue
		}
		start, stop := lineValue(s, i+1)
		if start == stop || exempt(s[start:stop]) {
			continue
		}
		p.mark(start, stop)
		i = stop - 1
	}
	return p.String()
}

// pairLead reports whether what precedes the name at k lets NAME: value be a pair: the start of
// a line (after spaces or a YAML "- "), a quote, or, for a compound name, a space or a bracket.
func pairLead(s string, k int, name string) bool {
	j := k
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '-') {
		j--
	}
	if j == 0 || s[j-1] == '\n' || s[j-1] == '\r' {
		return true
	}
	switch c := s[k-1]; c {
	case '"', '\'':
		return true
	case ' ', '\t', '\v', '\f', '{', '(', ',':
		return compound(name)
	}
	return false
}

// lineValue is the span of the value that starts after the spaces at k: to the end of the line
// or a quote, without the spaces at its end or the backslash before an escaped quote.
func lineValue(s string, k int) (int, int) {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	e := k
	for e < len(s) && s[e] != '\n' && s[e] != '\r' && s[e] != '"' && s[e] != '\'' {
		e++
	}
	for e > k && (s[e-1] == ' ' || s[e-1] == '\t' || s[e-1] == '\\') {
		e-- // and the backslashes of an escaped quote, which stay with it
	}
	return k, e
}

// compound reports whether a name is made of several words: GITHUB_TOKEN, api-key, apiToken.
func compound(name string) bool {
	if strings.ContainsAny(name, "_-.") {
		return true
	}
	for i := 1; i < len(name); i++ {
		if name[i] >= 'A' && name[i] <= 'Z' && name[i-1] >= 'a' && name[i-1] <= 'z' {
			return true
		}
	}
	return false
}

// flagWords redacts the word after a flag whose name says it is secret: "--token V",
// "-api-key V", and in a quoted list "--token", "V". A word that starts with "-" is the next
// flag, not a value.
func flagWords(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	p := splice{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] != '-' || i > 0 && strings.IndexByte(" \t\n\r\v\f\"'([,", s[i-1]) < 0 {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '-' {
			j++
		}
		e := j
		for e < len(s) && isNameByte(s[e]) {
			e++
		}
		if e == j || !isLetter(s[j]) || !Name(s[j:e]) {
			i = e - 1
			continue
		}
		start, stop := flagValue(s, e)
		if start < stop && !exempt(s[start:stop]) {
			p.mark(start, stop)
			e = stop
		}
		i = e - 1
	}
	return p.String()
}

// flagValue is the span of the word after a flag that ends at e: after spaces, or after the
// `", "` of a quoted list; a quoted word with its quotes. Empty when there is none, or when it
// starts with "-".
func flagValue(s string, e int) (int, int) {
	k := e
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k == e {
		q := e
		if q >= len(s) || s[q] != '"' {
			return e, e
		}
		for q++; q < len(s) && (s[q] == ' ' || s[q] == '\t'); q++ {
		}
		if q >= len(s) || s[q] != ',' {
			return e, e
		}
		for q++; q < len(s) && (s[q] == ' ' || s[q] == '\t'); q++ {
		}
		if q >= len(s) || s[q] != '"' {
			return e, e
		}
		k = q + 1
	}
	if k >= len(s) || s[k] == '-' {
		return k, k
	}
	if c := s[k]; (c == '"' || c == '\'') && k+1 < len(s) && s[k+1] != '-' {
		if q := strings.IndexByte(s[k+1:], c); q >= 0 {
			return k, k + 1 + q + 1
		}
	}
	stop := k
	for stop < len(s) && strings.IndexByte(" \t\n\r\v\f\"'", s[stop]) < 0 {
		stop++
	}
	return k, stop
}

func netrc(s string) string {
	if !strings.Contains(s, "password") {
		return s
	}
	keep := func(m []string) bool { return !exempt(m[1]) }
	return replaceGroup(netrcInline, replaceGroup(netrcLine, s, 1, keep), 1, keep)
}

// shapePrefixes are the literal starts of tokenShape's formats: the regular expression runs only
// on a text that holds one.
var shapePrefixes = []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "glft-",
	"glimt-", "gloas-", "glsoat-", "glagent-", "glwt-", "xox", "AKIA", "ASIA", "ABIA", "ACCA", "npm_", "AIza", "eyJ"}

func shapes(s string) string {
	if !hasShapePrefix(s) {
		return s
	}
	return tokenShape.ReplaceAllLiteralString(s, Mark)
}

// hasShapePrefix reports whether s holds one of shapePrefixes, in one pass: only the bytes that
// start one are looked at further.
func hasShapePrefix(s string) bool {
	for i := 0; i < len(s); i++ {
		if !shapeStarts[s[i]] {
			continue
		}
		for _, p := range shapePrefixes {
			if p[0] == s[i] && strings.HasPrefix(s[i:], p) {
				return true
			}
		}
	}
	return false
}

// shapeStarts are the first bytes of shapePrefixes.
var shapeStarts = func() (t [256]bool) {
	for _, p := range shapePrefixes {
		t[p[0]] = true
	}
	return t
}()

// containsFold reports whether s holds sub, a lower-case ASCII word, in any case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}
