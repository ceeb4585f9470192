package network

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
)

// redacted stands for a secret in the net layer's findings.
const redacted = "REDACTED"

// redactURL is u as text without its credentials.
func redactURL(u *url.URL) string { return facts.RedactURL(u) }

// userinfoAt matches the user information of a URL written with or without a scheme
// ("http://user:pass@host", "user:pass@host:3128").
var userinfoAt = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*://)?[^/@\s]+@`)

// redactRaw is a value as written (a proxy variable, a GOPROXY entry) without the credentials
// before its host, whether or not it parses as a URL.
func redactRaw(s string) string {
	return userinfoAt.ReplaceAllString(s, "${1}"+redacted+"@")
}

// secrets are the credentials held by the values the net layer reads: the user information of
// the proxy variables, of the GOPROXY entries and of the GOSUMDB URL. Every string of a net
// finding is scrubbed of them, so that no message quoted from an error can leak one.
func secrets(f *facts.Facts) []string {
	env := f.ProxyEnv()
	values := []string{env.HTTP.Value, env.HTTPS.Value, env.All.Value}
	for _, h := range env.Hidden {
		values = append(values, h.Value)
	}
	values = append(values, strings.FieldsFunc(goValue(f, "GOPROXY"), func(r rune) bool { return r == ',' || r == '|' })...)
	values = append(values, strings.Fields(goValue(f, "GOSUMDB"))...)
	var out []string
	for _, v := range values {
		out = append(out, userinfoSecrets(strings.TrimSpace(v))...)
	}
	return out
}

// userinfoSecrets are the pieces of v's user information worth scrubbing, raw and
// percent-decoded: the whole "user:password" or token (a short user name alone only with its "@",
// so that common words survive), and a password of four or more characters on its own.
func userinfoSecrets(v string) []string {
	at := strings.LastIndex(v, "@")
	if at < 0 {
		return nil
	}
	info := v[:at]
	if i := strings.Index(info, "://"); i >= 0 {
		info = info[i+3:]
	}
	if info == "" || strings.Contains(info, "/") {
		return nil
	}
	_, pass, hasPass := strings.Cut(info, ":")
	var out []string
	if hasPass || len(info) >= 8 {
		out = withDecoded(out, info)
	} else {
		out = withDecoded(out, info+"@")
	}
	if len(pass) >= 4 {
		out = withDecoded(out, pass)
	}
	return out
}

// withDecoded appends s and, when it differs, its percent-decoded form.
func withDecoded(out []string, s string) []string {
	out = append(out, s)
	if dec, err := url.PathUnescape(s); err == nil && dec != s {
		out = append(out, dec)
	}
	return out
}

// scrub replaces every secret in s.
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return s
}

// scrubFinding scrubs every string of fd that is shown or acted on.
func scrubFinding(fd finding.Finding, secrets []string) finding.Finding {
	if len(secrets) == 0 {
		return fd
	}
	fd.Title = scrub(fd.Title, secrets)
	fd.Detail = scrub(fd.Detail, secrets)
	ev := make([]finding.Evidence, len(fd.Evidence))
	for i, e := range fd.Evidence {
		e.Command, e.Output, e.File = scrub(e.Command, secrets), scrub(e.Output, secrets), scrub(e.File, secrets)
		ev[i] = e
	}
	fd.Evidence = ev
	if fd.Fix != nil {
		fix := *fd.Fix
		fix.Summary = scrub(fix.Summary, secrets)
		fix.Commands = make([]string, len(fd.Fix.Commands))
		for i, c := range fd.Fix.Commands {
			fix.Commands[i] = scrub(c, secrets)
		}
		fd.Fix = &fix
	}
	return fd
}

// guarded runs a check and scrubs its finding of the run's secrets.
func guarded(run func(context.Context, *facts.Facts) finding.Finding) func(context.Context, *facts.Facts) finding.Finding {
	return func(ctx context.Context, f *facts.Facts) finding.Finding {
		return scrubFinding(run(ctx, f), secrets(f))
	}
}
