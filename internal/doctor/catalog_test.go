package doctor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
)

// returns is a check body that always finds st.
func returns(st finding.Status) func(context.Context, *facts.Facts) finding.Finding {
	return func(context.Context, *facts.Facts) finding.Finding {
		return finding.Finding{Status: st, Title: string(st)}
	}
}

// chk is a check in layer with the given needs, finding ok.
func chk(id string, layer finding.Layer, needs ...string) *Check {
	return &Check{ID: id, Layer: layer, Needs: needs, Run: returns(finding.OK)}
}

// panicOf runs f and returns what it panicked with, as text.
func panicOf(f func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = fmt.Sprint(p)
		}
	}()
	f()
	return ""
}

func TestNewCatalogPanics(t *testing.T) {
	t.Parallel()
	withCauses := func(c *Check, causes ...string) *Check { c.Causes = causes; return c }
	tests := []struct {
		name   string
		checks []*Check
		panic  string // substring; "" means no panic
	}{
		{name: "fine", checks: []*Check{chk("a", finding.LayerGo), chk("b", finding.LayerEnv, "a"), withCauses(chk("c", finding.LayerEnv), "a", "b")}},
		{name: "empty"},
		{name: "duplicate id", checks: []*Check{chk("a", finding.LayerGo), chk("a", finding.LayerEnv)}, panic: "duplicate check id a"},
		{name: "unknown need", checks: []*Check{chk("a", finding.LayerGo, "nope")}, panic: "check a needs unknown check nope"},
		{name: "unknown cause", checks: []*Check{withCauses(chk("a", finding.LayerGo), "nope")}, panic: "check a needs unknown check nope"},
		{name: "needs itself", checks: []*Check{chk("a", finding.LayerGo, "a")}, panic: "checks wait for each other: a -> a"},
		{name: "a cycle through needs", checks: []*Check{chk("a", finding.LayerGo, "c"), chk("b", finding.LayerGo, "a"), chk("c", finding.LayerGo, "b")}, panic: "checks wait for each other: a -> c -> b -> a"},
		{name: "a cycle through needs and causes", checks: []*Check{chk("a", finding.LayerGo, "b"), withCauses(chk("b", finding.LayerEnv), "a")}, panic: "checks wait for each other: a -> b -> a"},
		{name: "a cycle through causes", checks: []*Check{withCauses(chk("a", finding.LayerGo), "b"), withCauses(chk("b", finding.LayerEnv), "a")}, panic: "checks wait for each other"},
		{name: "a diamond is not a cycle", checks: []*Check{chk("a", finding.LayerGo), chk("b", finding.LayerGo, "a"), chk("c", finding.LayerGo, "a"), chk("d", finding.LayerGo, "b", "c")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := panicOf(func() { NewCatalog(tt.checks...) })
			if tt.panic == "" && got != "" || !strings.Contains(got, tt.panic) {
				t.Errorf("NewCatalog panicked with %q, want %q", got, tt.panic)
			}
		})
	}
}

func TestCatalogOrderAndLookup(t *testing.T) {
	t.Parallel()
	c := NewCatalog(
		chk("tools.gopls", finding.LayerTools), chk("env.gopath", finding.LayerEnv), chk("go.found", finding.LayerGo),
		chk("env.gobin", finding.LayerEnv), chk("odd.one", finding.Layer("nonsense")), chk("go.runs", finding.LayerGo, "go.found"),
	)
	var ids []string
	for _, ch := range c.Checks() {
		ids = append(ids, ch.ID)
	}
	want := []string{"go.found", "go.runs", "env.gopath", "env.gobin", "tools.gopls", "odd.one"}
	if !slices.Equal(ids, want) {
		t.Errorf("Checks() = %q, want layer order then registration order %q", ids, want)
	}
	if c.Lookup("env.gobin") == nil || c.Lookup("env.gobin").ID != "env.gobin" || c.Lookup("nope") != nil {
		t.Error("Lookup")
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, id string
		want        bool
	}{
		{"go.found", "go.found", true},
		{"go.found", "go.found_extra", false},
		{"go.*", "go.found", true},
		{"go.*", "go.", true},
		{"go.*", "golang.x", false},
		{"go*", "golang.x", true},
		{"*", "anything", true},
		{"*", "", true},
		{"", "", true},
		{"", "go.found", false},
		{"*.found", "go.found", false}, // only a trailing * is a wildcard
		{"go.f*nd", "go.found", false},
		{"GO.FOUND", "go.found", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.id); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.id, got, tt.want)
		}
	}
}

func TestValidatePatterns(t *testing.T) {
	t.Parallel()
	c := NewCatalog(chk("go.found", finding.LayerGo), chk("env.gopath", finding.LayerEnv))
	tests := []struct {
		patterns []string
		bad      string
	}{
		{nil, ""},
		{[]string{"go.found", "env.*", "*"}, ""},
		{[]string{"go.found", "go.fund"}, `"go.fund"`},
		{[]string{"net.*"}, `"net.*"`},
		{[]string{""}, `""`},
	}
	for _, tt := range tests {
		err := c.ValidatePatterns(tt.patterns)
		if tt.bad == "" && err != nil || tt.bad != "" && (err == nil || !strings.Contains(err.Error(), "no check matches "+tt.bad)) {
			t.Errorf("ValidatePatterns(%q) = %v, want an error naming %s", tt.patterns, err, tt.bad)
		}
	}
}

func TestLayers(t *testing.T) {
	t.Parallel()
	for i, l := range finding.Layers {
		if l.Index() != i {
			t.Errorf("%s.Index() = %d, want %d", l, l.Index(), i)
		}
		if got, err := finding.ParseLayer(string(l)); got != l || err != nil {
			t.Errorf("finding.ParseLayer(%s) = %q, %v", l, got, err)
		}
	}
	if finding.Layer("x").Index() != len(finding.Layers) {
		t.Error("an unknown layer does not sort last")
	}
	if _, err := finding.ParseLayer("GO"); err == nil || !strings.Contains(err.Error(), "go, env, net, tools, editor, workspace") {
		t.Errorf("finding.ParseLayer(GO) error = %v, want the list of layers", err)
	}
}

func TestStatus(t *testing.T) {
	t.Parallel()
	for i, st := range finding.Statuses {
		if st.Rank() != i {
			t.Errorf("%s.Rank() = %d", st, st.Rank())
		}
	}
	if finding.Status("").Rank() != len(finding.Statuses) || finding.Status("bogus").Rank() != len(finding.Statuses) {
		t.Error("an unknown status does not rank last")
	}
	problems := map[finding.Status]bool{finding.Fail: true, finding.Error: true, finding.Warn: true, finding.Info: false, finding.OK: false, finding.Skip: false}
	for st, want := range problems {
		if st.Problem() != want {
			t.Errorf("%s.Problem() = %v", st, st.Problem())
		}
	}
}
