package host

import (
	"slices"
	"testing"
)

func TestEnvLookup(t *testing.T) {
	t.Parallel()
	type want struct {
		name, value string
		ok          bool
	}
	tests := []struct {
		name     string
		environ  []string
		foldCase bool
		lookups  []want
		environ2 []string // Environ()
	}{
		{
			name:     "unix names are case-sensitive",
			environ:  []string{"Path=a", "PATH=b"},
			lookups:  []want{{"PATH", "b", true}, {"Path", "a", true}, {"path", "", false}},
			environ2: []string{"PATH=b", "Path=a"},
		},
		{
			name:     "windows names fold case and keep the first spelling",
			environ:  []string{"Path=a", "PATH=b"},
			foldCase: true,
			lookups:  []want{{"PATH", "b", true}, {"Path", "b", true}, {"path", "b", true}},
			environ2: []string{"Path=b"},
		},
		{
			name:     "a later duplicate wins",
			environ:  []string{"GOFLAGS=-mod=mod", "GOFLAGS=-v"},
			lookups:  []want{{"GOFLAGS", "-v", true}},
			environ2: []string{"GOFLAGS=-v"},
		},
		{
			name:     "per-drive directories are not variables",
			environ:  []string{"=C:=C:\\Users\\ana", "=::=::\\", "=ExitCode=00000000", "OS=Windows_NT"},
			foldCase: true,
			lookups:  []want{{"", "", false}, {"=C:", "", false}, {"C:", "", false}, {"OS", "Windows_NT", true}},
			environ2: []string{"OS=Windows_NT"},
		},
		{
			name:     "an entry without = is ignored; an empty value is set",
			environ:  []string{"JUNK", "EMPTY=", "EQ=a=b=c"},
			lookups:  []want{{"JUNK", "", false}, {"EMPTY", "", true}, {"EQ", "a=b=c", true}},
			environ2: []string{"EMPTY=", "EQ=a=b=c"},
		},
		{
			name:     "empty",
			lookups:  []want{{"HOME", "", false}},
			environ2: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := NewEnv(tt.environ, tt.foldCase)
			for _, l := range tt.lookups {
				v, ok := e.Lookup(l.name)
				if v != l.value || ok != l.ok {
					t.Errorf("Lookup(%q) = %q, %v; want %q, %v", l.name, v, ok, l.value, l.ok)
				}
				if got := e.Get(l.name); got != l.value {
					t.Errorf("Get(%q) = %q, want %q", l.name, got, l.value)
				}
			}
			if got := e.Environ(); !slices.Equal(got, tt.environ2) {
				t.Errorf("Environ() = %q, want %q", got, tt.environ2)
			}
		})
	}
}

func TestEnvWithWithout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		environ  []string
		foldCase bool
		with     []string
		without  []string
		want     []string
	}{
		{
			name:    "with adds and overrides",
			environ: []string{"A=1", "B=2"},
			with:    []string{"B=3", "C=4"},
			want:    []string{"A=1", "B=3", "C=4"},
		},
		{
			name:     "with on windows overrides whatever the case, keeping the original spelling",
			environ:  []string{"Path=C:\\Go\\bin"},
			foldCase: true,
			with:     []string{"PATH=C:\\x"},
			want:     []string{"Path=C:\\x"},
		},
		{
			name:    "with an empty value keeps the variable set and empty",
			environ: []string{"GOFLAGS=-v"},
			with:    []string{"GOFLAGS="},
			want:    []string{"GOFLAGS="},
		},
		{
			name:    "without removes",
			environ: []string{"A=1", "B=2", "C=3"},
			without: []string{"B", "NOT_SET"},
			want:    []string{"A=1", "C=3"},
		},
		{
			name:    "without on unix is case-sensitive",
			environ: []string{"Path=1", "PATH=2"},
			without: []string{"PATH"},
			want:    []string{"Path=1"},
		},
		{
			name:     "without on windows folds case",
			environ:  []string{"GoPath=1", "HOME=2"},
			foldCase: true,
			without:  []string{"GOPATH"},
			want:     []string{"HOME=2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			orig := NewEnv(tt.environ, tt.foldCase)
			before := orig.Environ()
			e := orig
			if tt.with != nil {
				e = e.With(tt.with...)
			}
			if tt.without != nil {
				e = e.Without(tt.without...)
			}
			if got := e.Environ(); !slices.Equal(got, tt.want) {
				t.Errorf("Environ() = %q, want %q", got, tt.want)
			}
			if after := orig.Environ(); !slices.Equal(after, before) {
				t.Errorf("the original changed: %q, was %q", after, before)
			}
			if e.folds() != tt.foldCase {
				t.Errorf("case folding = %v, want %v", e.folds(), tt.foldCase)
			}
		})
	}
}

func TestEnvNil(t *testing.T) {
	t.Parallel()
	var e *Env
	if v, ok := e.Lookup("HOME"); v != "" || ok {
		t.Errorf("nil Lookup = %q, %v", v, ok)
	}
	if got := e.Environ(); got != nil {
		t.Errorf("nil Environ = %q", got)
	}
	if got := e.With("A=1").Environ(); !slices.Equal(got, []string{"A=1"}) {
		t.Errorf("nil With = %q", got)
	}
	if got := e.Without("A").Environ(); len(got) != 0 {
		t.Errorf("nil Without = %q", got)
	}
}
