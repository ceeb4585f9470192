package redact

import (
	"net/url"
	"strings"
)

// Known are the secrets held by values gomedic has read (proxy variables, GOPROXY, GOSUMDB), to
// be scrubbed from texts that quote them in shapes Text cannot recognise (an error message that
// cuts a URL, a percent-decoded password): for each entry of each value (entries are separated
// as List separates them) with user information, the whole "user:password" or token (a short
// user name alone only with its "@", so that common words survive) and a password of four or
// more characters on its own, raw and percent-decoded.
func Known(values ...string) []string {
	var out []string
	for _, v := range values {
		for _, e := range strings.FieldsFunc(v, func(r rune) bool { return r < 0x80 && isListSep(byte(r)) }) {
			out = append(out, userinfoPieces(e)...)
		}
	}
	return out
}

func userinfoPieces(v string) []string {
	at := strings.LastIndex(v, "@")
	if at < 0 {
		return nil
	}
	info := v[:at]
	if i := strings.Index(info, "://"); i >= 0 {
		info = info[i+3:]
	}
	if info == "" || strings.Contains(info, "/") || placeholderInfo(info) {
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

// Scrub is s with every known secret replaced by Mark.
func Scrub(s string, known []string) string {
	for _, k := range known {
		if k != "" {
			s = strings.ReplaceAll(s, k, Mark)
		}
	}
	return s
}
