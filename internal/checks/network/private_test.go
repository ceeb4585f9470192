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
