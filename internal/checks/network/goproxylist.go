package network

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/redact"
)

// The GOPROXY keywords.
const (
	keywordDirect = "direct"
	keywordOff    = "off"
)

// proxyEntry is one entry of GOPROXY as the go command reads it (cmd/go/internal/modfetch
// proxyList).
type proxyEntry struct {
	// url is the URL the go command uses ("https://" added to a bare host), or a keyword.
	url string
	// fallBackOnError is set when "|" follows the entry: the go command then tries the next
	// entry after any error; after "," only after a 404 or 410.
	fallBackOnError bool
}

// keyword reports whether the entry is "direct" or "off".
func (e proxyEntry) keyword() bool { return e.url == keywordDirect || e.url == keywordOff }

// parsed is the entry's URL; nil for a keyword.
func (e proxyEntry) parsed() *url.URL {
	if e.keyword() {
		return nil
	}
	u, _ := url.Parse(e.url)
	return u
}

// display is the entry as it may be shown: keywords as they are, URLs without credentials.
func (e proxyEntry) display() string {
	if e.keyword() {
		return e.url
	}
	return redact.URL(e.parsed())
}

// proxyList is a parsed GOPROXY.
type proxyList struct {
	entries []proxyEntry
	// ignored are the entries after "direct" or "off", which the go command never reaches.
	ignored []string
}

// errEmptyProxyList is the go command's complaint about a GOPROXY made only of separators.
var errEmptyProxyList = errors.New("GOPROXY list is not the empty string, but contains no entries")

// parseGOPROXY splits GOPROXY into entries exactly as the go command does: "," and "|" separate
// entries, empty entries are dropped, "off" and "direct" end the list, a bare host gets
// "https://", and every URL is validated before any is used. Its errors are the go command's
// (with credentials redacted): any of them makes every module download fail.
func parseGOPROXY(goproxy string) (proxyList, error) {
	var l proxyList
	for rest := goproxy; rest != ""; {
		var raw string
		fallBack := false
		if i := strings.IndexAny(rest, ",|"); i >= 0 {
			raw, fallBack, rest = rest[:i], rest[i] == '|', rest[i+1:]
		} else {
			raw, rest = rest, ""
		}
		raw = strings.TrimSpace(raw)
		switch {
		case raw == "":
			continue
		case raw == keywordOff || raw == keywordDirect:
			l.entries = append(l.entries, proxyEntry{url: raw})
			l.ignored = ignoredAfter(rest)
			return l, nil
		}
		u := withScheme(raw)
		if err := validateProxyURL(u); err != nil {
			return l, err
		}
		l.entries = append(l.entries, proxyEntry{url: u, fallBackOnError: fallBack})
	}
	if len(l.entries) == 0 {
		return l, errEmptyProxyList
	}
	return l, nil
}

// withScheme adds "https://" to an entry that looks like a host or path but is neither a full
// URL nor an absolute file path, as the go command does.
func withScheme(raw string) string {
	if strings.ContainsAny(raw, ".:/") && !strings.Contains(raw, ":/") && !filepath.IsAbs(raw) && !path.IsAbs(raw) {
		return "https://" + raw
	}
	return raw
}

// validateProxyURL is the go command's check of a proxy URL (modfetch.newProxyRepo).
func validateProxyURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return scrubURLError(err)
	}
	switch u.Scheme {
	case "http", "https":
		return nil
	case "file":
		if *u != (url.URL{Scheme: u.Scheme, Path: u.Path, RawPath: u.RawPath}) {
			return fmt.Errorf("invalid file:// proxy URL with non-path elements: %s", redact.URL(u))
		}
		return nil
	case "":
		return fmt.Errorf("invalid proxy URL missing scheme: %s", redact.URL(u))
	}
	return fmt.Errorf("invalid proxy URL scheme (must be https, http, file): %s", redact.URL(u))
}

// scrubURLError drops the text url.Parse quotes (it may hold credentials) from its error.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("parsing a GOPROXY entry: %w", ue.Err)
	}
	return err
}

// ignoredAfter lists the non-empty entries of rest.
func ignoredAfter(rest string) []string {
	var out []string
	for _, raw := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == '|' }) {
		if raw = strings.TrimSpace(raw); raw != "" {
			out = append(out, redact.List(raw))
		}
	}
	return out
}

// String writes the list back as a GOPROXY value (credentials included: for commands only
// after redaction).
func (l proxyList) String() string {
	var b strings.Builder
	for i, e := range l.entries {
		if i > 0 {
			if l.entries[i-1].fallBackOnError {
				b.WriteByte('|')
			} else {
				b.WriteByte(',')
			}
		}
		b.WriteString(e.url)
	}
	return b.String()
}

// without returns the list without the entries at the given indexes.
func (l proxyList) without(drop map[int]bool) proxyList {
	var out proxyList
	for i, e := range l.entries {
		if !drop[i] {
			out.entries = append(out.entries, e)
		}
	}
	return out
}

// has reports whether the list holds the keyword or URL s.
func (l proxyList) has(s string) bool {
	for _, e := range l.entries {
		if e.url == s {
			return true
		}
	}
	return false
}

// servers are the entries that are URLs.
func (l proxyList) servers() []proxyEntry {
	var out []proxyEntry
	for _, e := range l.entries {
		if !e.keyword() {
			out = append(out, e)
		}
	}
	return out
}
