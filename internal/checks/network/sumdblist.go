package network

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/note"
)

// knownSumDBKeys are the verifier keys the go command knows by name (cmd/go/internal/modfetch/key.go).
var knownSumDBKeys = map[string]string{
	"sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}

// sumdbConfig is GOSUMDB as the go command reads it (modfetch.dbDial).
type sumdbConfig struct {
	off  bool
	name string // the database's name: "sum.golang.org"
	// url is the URL given after the key, which bypasses GOPROXY; nil when none was given.
	url *url.URL
}

// directURL is where the go command reaches the database without a proxy.
func (c sumdbConfig) directURL() *url.URL {
	if c.url != nil {
		return c.url
	}
	return &url.URL{Scheme: "https", Host: c.name}
}

// parseGOSUMDB reads GOSUMDB the way the go command does: "off", a known name, "key", or
// "key url", where key is a name known to the go command or a full verifier key. Its errors are
// the go command's.
func parseGOSUMDB(gosumdb string) (sumdbConfig, error) {
	gosumdb = strings.TrimSpace(gosumdb)
	if gosumdb == "sum.golang.google.cn" {
		gosumdb = "sum.golang.org https://sum.golang.google.cn"
	}
	if gosumdb == "off" {
		return sumdbConfig{off: true}, nil
	}
	key := strings.Fields(gosumdb)
	switch {
	case len(key) == 0:
		return sumdbConfig{}, errors.New("missing GOSUMDB")
	case len(key) > 2:
		return sumdbConfig{}, errors.New("invalid GOSUMDB: too many fields")
	}
	if k := knownSumDBKeys[key[0]]; k != "" {
		key[0] = k
	}
	verifier, err := note.NewVerifier(key[0])
	if err != nil {
		return sumdbConfig{}, fmt.Errorf("invalid GOSUMDB: %v", err)
	}
	c := sumdbConfig{name: verifier.Name()}
	if direct, err := url.Parse("https://" + c.name); err != nil || strings.HasSuffix(c.name, "/") || direct.Host == "" ||
		*direct != (url.URL{Scheme: "https", Host: direct.Host, Path: direct.Path}) {
		return sumdbConfig{}, fmt.Errorf("invalid sumdb name (must be host[/path]): %s", c.name)
	}
	if len(key) == 2 {
		u, err := url.Parse(key[1])
		if err != nil {
			return sumdbConfig{}, fmt.Errorf("invalid GOSUMDB URL: %v", scrubURLError(err))
		}
		c.url = u
	}
	return c, nil
}

// splitPatterns splits a comma-separated list of module path patterns (GOPRIVATE, GONOSUMDB,
// GOINSECURE), dropping empty ones and trailing slashes, as module.MatchPrefixPatterns reads it.
func splitPatterns(list string) []string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimRight(strings.TrimSpace(p), "/")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// uncovered lists the patterns of want that no pattern of have matches: a module matching such a
// pattern is, for example, private (GOPRIVATE) yet still looked up in the checksum database
// (GONOSUMDB does not list it). A pattern is covered when a pattern of have matches it as a path
// (module.MatchPrefixPatterns): "github.com/acme" covers "github.com/acme/*" and
// "*.corp.example.com" covers itself.
func uncovered(want, have string) []string {
	var out []string
	for _, p := range splitPatterns(want) {
		if !module.MatchPrefixPatterns(have, p) {
			out = append(out, p)
		}
	}
	return out
}
