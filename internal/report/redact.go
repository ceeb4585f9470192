package report

import "regexp"

var (
	// userinfo matches the credentials of a URL: scheme://user:password@host or scheme://token@host.
	// A password may hold a raw "@" (curl and Go's URL parser take the last one before the host),
	// so the match runs to the last "@" before the path.
	userinfo = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#\s'"]+)@`)
	// bareUserinfo matches user:password@host written without a scheme, as proxy variables may be
	// ("HTTPS_PROXY=user:pass@proxy:3128"); the colon before the "@" tells it from an address
	// (ana@example.com) or a module version (x@v1.2.3).
	bareUserinfo = regexp.MustCompile(`(^|[\s=,|'"(])([^\s/\\@:'"=,|()]+:[^\s/\\'"]*)@`)
	// secretVar matches NAME=value where NAME looks like it holds a secret.
	secretVar = regexp.MustCompile(`(?i)\b(` + secretName + `)=("[^"]*"|'[^']*'|\S+)`)
	// secretKey matches a whole name that looks like it holds a secret: a variable of
	// go.toolsEnvVars, a member of a JSON object.
	secretKey = regexp.MustCompile(`(?i)^` + secretName + `$`)
	// bearer matches an Authorization header's value.
	bearer = regexp.MustCompile(`(?i)(authorization:\s*(?:bearer|basic|token)\s+)\S+`)
	// tokenLike matches well-known token formats (GitHub, GitLab, Slack).
	tokenLike = regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[baprs]-[A-Za-z0-9-]{10,})\b`)
)

// secretName is a name that says its value is secret: GITHUB_TOKEN, DB_PASSWORD, api_key, ...
const secretName = `[A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)[A-Z0-9_]*`

// Redacted replaces a secret in reports.
const Redacted = "REDACTED"

// Redact removes credentials from s: the user information of URLs (GOPROXY, HTTP(S)_PROXY, git
// remotes), the values of variables whose names say they are secret, and token-shaped words.
func Redact(s string) string {
	if s == "" {
		return s
	}
	s = userinfo.ReplaceAllString(s, "${1}"+Redacted+"@")
	s = bareUserinfo.ReplaceAllString(s, "${1}"+Redacted+"@")
	s = secretVar.ReplaceAllString(s, "${1}="+Redacted)
	s = bearer.ReplaceAllString(s, "${1}"+Redacted)
	s = tokenLike.ReplaceAllString(s, Redacted)
	return s
}
