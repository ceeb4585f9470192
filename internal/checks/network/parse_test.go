package network

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseGOPROXY(t *testing.T) {
	type entry struct {
		url      string
		fallBack bool
	}
	tests := []struct {
		in      string
		want    []entry
		ignored []string
		err     string
	}{
		{in: "https://proxy.golang.org,direct", want: []entry{{"https://proxy.golang.org", false}, {"direct", false}}},
		{in: "https://a.example|https://b.example,direct", want: []entry{{"https://a.example", true}, {"https://b.example", false}, {"direct", false}}},
		{in: "proxy.example.com", want: []entry{{"https://proxy.example.com", false}}},
		{in: "proxy.example.com:8080/mods", want: []entry{{"https://proxy.example.com:8080/mods", false}}},
		{in: " https://a.example , , direct ", want: []entry{{"https://a.example", false}, {"direct", false}}},
		{in: "off", want: []entry{{"off", false}}},
		{in: "direct,https://ignored.example|off", want: []entry{{"direct", false}}, ignored: []string{"https://ignored.example", "off"}},
		{in: "https://a.example,off,direct", want: []entry{{"https://a.example", false}, {"off", false}}, ignored: []string{"direct"}},
		{in: "file:///srv/goproxy", want: []entry{{"file:///srv/goproxy", false}}},
		{in: "/srv/goproxy", err: "invalid proxy URL missing scheme: /srv/goproxy"},
		{in: "ftp://example.com", err: "invalid proxy URL scheme (must be https, http, file): ftp://example.com"},
		{in: "noscheme", err: "invalid proxy URL missing scheme: noscheme"},
		{in: "file://host/dir", err: "invalid file:// proxy URL with non-path elements: file://host/dir"},
		{in: ",|", err: "GOPROXY list is not the empty string, but contains no entries"},
		{in: "", err: "GOPROXY list is not the empty string, but contains no entries"},
		{in: "ftp://user:s3cret@example.com", err: "invalid proxy URL scheme (must be https, http, file): ftp://REDACTED@example.com"},
		// Entries after direct are not validated, as in the go command.
		{in: "direct,ftp://x", want: []entry{{"direct", false}}, ignored: []string{"ftp://x"}},
	}
	for _, tt := range tests {
		l, err := parseGOPROXY(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseGOPROXY(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseGOPROXY(%q): %v", tt.in, err)
			continue
		}
		var got []entry
		for _, e := range l.entries {
			got = append(got, entry{e.url, e.fallBackOnError})
		}
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(l.ignored, tt.ignored) {
			t.Errorf("parseGOPROXY(%q) = %v ignoring %q, want %v ignoring %q", tt.in, got, l.ignored, tt.want, tt.ignored)
		}
	}
}

func TestProxyListRewrite(t *testing.T) {
	l, err := parseGOPROXY("https://a.example|https://b.example,https://c.example,direct")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.String(); got != "https://a.example|https://b.example,https://c.example,direct" {
		t.Errorf("String() = %q", got)
	}
	if got := l.without(map[int]bool{1: true}).String(); got != "https://a.example|https://c.example,direct" {
		t.Errorf("without b = %q", got)
	}
	if got := l.without(map[int]bool{0: true, 1: true, 2: true}); len(got.servers()) != 0 || !got.has("direct") {
		t.Errorf("without every server = %q", got.String())
	}
}

func TestParseGOSUMDB(t *testing.T) {
	tests := []struct {
		in, name, url string
		off           bool
		err           string
	}{
		{in: "sum.golang.org", name: "sum.golang.org"},
		{in: "sum.golang.org https://sum.example.com/db", name: "sum.golang.org", url: "https://sum.example.com/db"},
		{in: "sum.golang.google.cn", name: "sum.golang.org", url: "https://sum.golang.google.cn"},
		{in: "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", name: "sum.golang.org"},
		{in: "off", off: true},
		{in: "", err: "missing GOSUMDB"},
		{in: "a b c", err: "invalid GOSUMDB: too many fields"},
		{in: "sum.example.com", err: "invalid GOSUMDB: malformed verifier id"},
		{in: "sum.golang.org+033de0ae+AAAA", err: "invalid GOSUMDB: invalid verifier hash"},
	}
	for _, tt := range tests {
		c, err := parseGOSUMDB(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseGOSUMDB(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseGOSUMDB(%q): %v", tt.in, err)
			continue
		}
		url := ""
		if c.url != nil {
			url = c.url.String()
		}
		if c.off != tt.off || c.name != tt.name || url != tt.url {
			t.Errorf("parseGOSUMDB(%q) = off %v name %q url %q, want off %v name %q url %q", tt.in, c.off, c.name, url, tt.off, tt.name, tt.url)
		}
	}
	if got := (sumdbConfig{name: "sum.golang.org"}).directURL().String(); got != "https://sum.golang.org" {
		t.Errorf("directURL = %q", got)
	}
}

func TestUncovered(t *testing.T) {
	tests := []struct {
		private, nosumdb string
		want             []string
	}{
		{"example.corp,github.com/acme", "example.corp,github.com/acme", nil},
		{"example.corp,github.com/acme", "example.corp", []string{"github.com/acme"}},
		{"github.com/acme/*", "github.com/acme", nil},
		{"github.com/acme", "github.com", nil},
		{"github.com", "github.com/acme", []string{"github.com"}},
		{"*.corp.example.com", "*.corp.example.com", nil},
		{"git.corp.example.com/team", "*.corp.example.com", nil},
		{"*.corp.example.com", "git.corp.example.com", []string{"*.corp.example.com"}},
		{"example.corp/", "example.corp", nil},
		{" a.example , ,b.example", "", []string{"a.example", "b.example"}},
		{"", "anything", nil},
	}
	for _, tt := range tests {
		if got := uncovered(tt.private, tt.nosumdb); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("uncovered(%q, %q) = %q, want %q", tt.private, tt.nosumdb, got, tt.want)
		}
	}
}

func TestParseGOVCS(t *testing.T) {
	tests := []struct {
		in   string
		want []govcsRule
		err  string
	}{
		{in: "", want: nil},
		{in: "private:hg|svn, public:git", want: []govcsRule{{"private", []string{"hg", "svn"}}, {"public", []string{"git"}}}},
		{in: "example.com:all", want: []govcsRule{{"example.com", []string{"all"}}}},
		{in: "private", err: `malformed entry in GOVCS (missing colon): "private"`},
		{in: "a:git,,b:hg", err: "empty entry in GOVCS"},
		{in: ":git", err: `empty pattern in GOVCS: ":git"`},
		{in: "a:", err: `empty VCS list in GOVCS: "a:"`},
		{in: "./x:git", err: `relative pattern not allowed in GOVCS: "./x"`},
		{in: "a:git,a:hg", err: `unreachable pattern in GOVCS: "a:hg" after "a:git"`},
		{in: "a:git||hg", err: `empty VCS name in GOVCS: "a:git||hg"`},
	}
	for _, tt := range tests {
		got, err := parseGOVCS(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseGOVCS(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseGOVCS(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestKnownVCS(t *testing.T) {
	for pattern, want := range map[string]string{
		"example.com/repo.hg":           "hg",
		"example.com/repo.hg/sub":       "hg",
		"example.com/x.svn":             "svn",
		"launchpad.net/project":         "bzr",
		"chiselapp.com/user/x":          "fossil",
		"github.com/acme":               "",
		"*.corp.example.com":            "",
		"example.com/repo.hgx":          "",
		"git.example.com/team/repo.git": "git",
	} {
		if got := knownVCS(pattern); got != want {
			t.Errorf("knownVCS(%q) = %q, want %q", pattern, got, want)
		}
	}
}

func TestNetrcMachines(t *testing.T) {
	data := strings.Join([]string{
		"machine a.example login u password p",
		"machine b.example",
		"  login u2",
		"  password p2",
		"machine nopass.example login u",
		"macdef init",
		"machine inmacro.example login u password p",
		"",
		"machine c.example:8443 login u password p",
		"machine d.example login u password p default",
		"machine after.default login u password p",
	}, "\n")
	// As in the go command's parser, a "default" token in a pair's place ends the file.
	want := []string{"a.example", "b.example", "c.example:8443", "d.example"}
	if got := netrcMachines(data); !reflect.DeepEqual(got, want) {
		t.Errorf("netrcMachines = %q, want %q", got, want)
	}
}

func TestCredentialPrefix(t *testing.T) {
	tests := []struct {
		hostPath, machine string
		want              bool
	}{
		{"proxy.corp", "proxy.corp", true},
		{"proxy.corp/go/mods", "proxy.corp", true},
		{"proxy.corp/go/mods", "proxy.corp/go", true},
		{"proxy.corp:8443", "proxy.corp", false},
		{"proxy.corp.example", "proxy.corp", false},
		{"proxy.corp/gox", "proxy.corp/go", false},
	}
	for _, tt := range tests {
		if got := credentialPrefix(tt.hostPath, tt.machine); got != tt.want {
			t.Errorf("credentialPrefix(%q, %q) = %v", tt.hostPath, tt.machine, got)
		}
	}
}
