// Package redact is gomedic's one definition of what a secret looks like, and the functions that
// take secrets out of what gomedic shows and writes: free text (Text), a command line (Argv), a
// variable's value (Var), a list of proxy URLs (List), a parsed URL (URL), a JSON value (JSON)
// and a stream written line by line (Writer). Every renderer and every log or cache gomedic
// writes goes through it. It imports nothing of the project.
//
// A secret is:
//   - the user information of a URL (scheme://user:password@host, scheme://token@host), in any
//     position of any list (GOPROXY's commas and pipes, NO_PROXY, GONOSUMDB), and user:password@host
//     written without a scheme, as proxy variables may be;
//   - the value of a name that says it is secret (Name: GITHUB_TOKEN, DB_PASSWORD, api-key,
//     client_secret, ...), written NAME=value, "NAME": "value", NAME: value (at the start of a
//     line or in quotes) or as a flag and its value (--token=V, --token V, -api-key V);
//   - the credentials of an Authorization or Proxy-Authorization header (Bearer, Basic, token,
//     ...) and a Bearer token anywhere;
//   - a .netrc password (a line that starts with password, or login/machine NAME password VALUE);
//   - a word of a well-known token format: GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_),
//     GitLab (glpat- and its kin), Slack (xox?-), AWS access key ids (AKIA...), npm (npm_),
//     Google API keys (AIza...), JSON Web Tokens (eyJ...eyJ...), PEM private key blocks.
//
// Each is replaced by Mark. Redaction is idempotent (redacting twice changes nothing more), never
// removes what is not one of the shapes above, and grows a text by at most len(Mark) bytes per
// byte it replaces.
package redact

import (
	"regexp"
	"strings"
)

// Mark stands for a secret in everything gomedic shows or writes.
const Mark = "REDACTED"

// Text is s with every secret replaced by Mark.
func Text(s string) string {
	if s == "" {
		return s
	}
	// A replacement can give the text a shape it did not have (a quote that closes a JSON
	// string differently): the rules run again until nothing changes, which is what makes Text
	// idempotent. A second pass finds something only in contrived text.
	for range maxPasses {
		r := s
		for _, rule := range textRules {
			r = rule(r)
		}
		if r == s {
			break
		}
		s = r
	}
	return s
}

// maxPasses bounds how many times the rules run over one text.
const maxPasses = 4

// textRules are applied in this order: a private key block before anything inside it, URLs before
// the bare user:password@host of what is not a URL, named values before flag words.
var textRules = []func(string) string{
	privateKeys,
	urlUserinfo,
	bareUserinfo,
	headers,
	assignments,
	members,
	colonPairs,
	flagWords,
	netrc,
	shapes,
}

// Var is the value of the variable name as gomedic may show it: Mark when the name says it is
// secret (and the value is not empty, a boolean or a reference to another variable), else the
// value with its secrets redacted.
func Var(name, value string) string {
	if Name(name) && !exempt(value) {
		return Mark
	}
	return Text(value)
}

// secretWords are the parts of a name that say its value is secret, upper case, with "-" and "."
// read as "_".
var secretWords = []string{"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "APIKEY", "API_KEY",
	"ACCESSKEY", "ACCESS_KEY", "PRIVATEKEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH_KEY", "SESSION_KEY"}

// Name reports whether a variable, member, setting or flag name says its value is secret:
// GITHUB_TOKEN, DB_PASSWORD, api_key, apiToken, --api-token, client-secret, AWS_SECRET_ACCESS_KEY,
// GOOGLE_APPLICATION_CREDENTIALS, a name ending in _KEY or _PASS. Leading dashes are ignored.
func Name(name string) bool {
	if !containsFold(name, "tok") && !containsFold(name, "secret") && !containsFold(name, "pass") &&
		!containsFold(name, "key") && !containsFold(name, "credential") {
		return false // most names: no allocation
	}
	n := strings.ToUpper(strings.TrimLeft(name, "-"))
	if n == "" {
		return false
	}
	n = strings.NewReplacer("-", "_", ".", "_").Replace(n)
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "PASS" || strings.HasSuffix(n, "_PASS") || strings.HasSuffix(n, "_KEY")
}

// exempt reports whether a value of a secret-named variable is no secret: empty, a boolean or
// null ("ui.semanticTokens": true), already redacted (it starts with Mark), a placeholder
// (<token>) or a reference to another variable ($GITHUB_TOKEN, ${env:GITHUB_TOKEN}).
func exempt(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	switch v {
	case "", "true", "false", "null":
		return true
	}
	return strings.HasPrefix(v, Mark) || placeholder.MatchString(v)
}

// placeholder matches a value that stands for another: <token>, ${env:NAME}, $NAME, %NAME%.
var placeholder = regexp.MustCompile(`^(?:<[^<>]*>|\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%)$`)

// replaceGroup replaces, in every match of re in s, the submatch group with Mark when keep
// (may be nil) says the match is to be redacted.
func replaceGroup(re *regexp.Regexp, s string, group int, keep func(m []string) bool) string {
	idx := re.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	p := splice{s: s}
	for _, m := range idx {
		start, end := m[2*group], m[2*group+1]
		if start < 0 || start < p.last {
			continue
		}
		if keep != nil && !keep(submatches(s, m)) {
			continue
		}
		p.mark(start, end)
	}
	return p.String()
}

// splice is a text being rewritten left to right, some of its spans replaced by Mark.
type splice struct {
	s       string
	b       strings.Builder
	last    int // the end of the last span replaced
	changed bool
}

// mark replaces s[start:end], which starts at or after the last span replaced.
func (p *splice) mark(start, end int) {
	p.b.WriteString(p.s[p.last:start])
	p.b.WriteString(Mark)
	p.last, p.changed = end, true
}

// String is the text rewritten: s itself when nothing was replaced.
func (p *splice) String() string {
	if !p.changed {
		return p.s
	}
	p.b.WriteString(p.s[p.last:])
	return p.b.String()
}

func submatches(s string, m []int) []string {
	out := make([]string, len(m)/2)
	for i := range out {
		if m[2*i] >= 0 {
			out[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return out
}
