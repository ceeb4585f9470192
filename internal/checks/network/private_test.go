package network

import (
	"slices"
	"testing"
)

// TestNetrcNamed: machine names, complete or not, as the go command's parser sees the file.
func TestNetrcNamed(t *testing.T) {
	data := "machine a.example login u password p\nmachine b.example login u\nmachine c.example\n  login u\n  password p\ndefault login x password y\n"
	if got, want := netrcMachines(data), []string{"a.example", "c.example"}; !slices.Equal(got, want) {
		t.Errorf("netrcMachines = %v, want %v", got, want)
	}
	if got, want := netrcNamed(data), []string{"a.example", "b.example", "c.example"}; !slices.Equal(got, want) {
		t.Errorf("netrcNamed = %v, want %v", got, want)
	}
}

// TestRewrites: which url.<base>.insteadOf prefixes apply to a private host's https URLs.
func TestRewrites(t *testing.T) {
	tests := []struct {
		from, host string
		want       bool
	}{
		{"https://git.corp.example/", "git.corp.example", true},
		{"https://git.corp.example", "git.corp.example", true},
		{"https://", "git.corp.example", true},
		{"https://git.corp.example/team/", "git.corp.example", false},
		{"https://git.corp.example/team/", "git.corp.example/team", true},
		{"https://git.corp.example/", "git.corp.example/team", true},
		{"https://git.corp.example.evil/", "git.corp.example", false},
		{"git@git.corp.example:", "git.corp.example", false},
		{"https://a.corp.example/", "*.corp.example", true},
		{"https://corp.example/", "*.corp.example", false},
	}
	for _, tt := range tests {
		if got := rewrites(tt.from, tt.host); got != tt.want {
			t.Errorf("rewrites(%q, %q) = %v, want %v", tt.from, tt.host, got, tt.want)
		}
	}
}

// TestInsteadOfBase: a token in the rewritten URL is hidden, an ssh user is not.
func TestInsteadOfBase(t *testing.T) {
	for in, want := range map[string]string{
		"git@git.corp.example:":                      "git@git.corp.example:",
		"https://oauth2:glpat-XYZ@git.corp.example/": "https://REDACTED@git.corp.example/",
		"https://git.corp.example/":                  "https://git.corp.example/",
		"ssh://git@git.corp.example/":                "ssh://git@git.corp.example/",
	} {
		if got := insteadOfBase(in); got != want {
			t.Errorf("insteadOfBase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAsPattern(t *testing.T) {
	for in, want := range map[string]string{
		"git.corp.example":                        "git.corp.example",
		"*.corp.example/team":                     "*.corp.example/team",
		"https://git.corp.example/team/":          "git.corp.example/team",
		"https://TOKEN@github.com/corp":           "github.com/corp",
		"ssh://git@git.corp.example:2222/x":       "git.corp.example:2222/x",
		"bob:pw@git.corp.example/x":               "git.corp.example/x",
		"git.corp.example/team/":                  "git.corp.example/team",
		"github.com/corp/user@example.com-module": "github.com/corp/user@example.com-module",
	} {
		if got := asPattern(in); got != want {
			t.Errorf("asPattern(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRewriteTarget applies url.<base>.insteadOf as git does (the longest matching prefix wins)
// and says whether the rewrite needs a credential lookup of its own.
func TestRewriteTarget(t *testing.T) {
	tests := []struct {
		config, pattern string
		url             string
		keyed           bool
	}{
		{"", "git.corp.example", "https://git.corp.example/", false},
		{"url.git@git.corp.example:.insteadof https://git.corp.example/", "git.corp.example", "git@git.corp.example:", true},
		{"url.ssh://git@git.corp.example/.insteadof https://git.corp.example/", "git.corp.example", "ssh://git@git.corp.example/", true},
		{"url.http://127.0.0.1:8080/.insteadof https://git.corp.example/", "git.corp.example", "http://127.0.0.1:8080/", false},
		{"url.https://mirror.example/corp/.insteadof https://git.corp.example", "git.corp.example", "https://mirror.example/corp//", false}, // as git joins them
		{"url.https://oauth2:TOKEN@git.corp.example/.insteadof https://git.corp.example/", "git.corp.example", "https://oauth2:TOKEN@git.corp.example/", true},
		{"url.https://user@git.corp.example/.insteadof https://git.corp.example/", "git.corp.example", "https://user@git.corp.example/", false},
		// The longest prefix wins, whatever the order.
		{"url.git@git.corp.example:.insteadof https://git.\nurl.http://127.0.0.1:1/.insteadof https://git.corp.example/", "git.corp.example", "http://127.0.0.1:1/", false},
		{"url.http://127.0.0.1:1/.insteadof https://github.com/", "git.corp.example", "https://git.corp.example/", false},
	}
	for _, tt := range tests {
		got := rewriteTarget(tt.config, tt.pattern)
		if got.url != tt.url || got.keyed != tt.keyed {
			t.Errorf("rewriteTarget(%q, %q) = %q keyed %v, want %q keyed %v", tt.config, tt.pattern, got.url, got.keyed, tt.url, tt.keyed)
		}
	}
}
