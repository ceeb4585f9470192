package host

import (
	"sort"
	"strings"
)

// Env is an immutable snapshot of environment variables. On Windows, names compare without regard
// to case, as the operating system does.
type Env struct {
	foldCase bool
	vars     map[string]string // key: the name as compared (upper case when foldCase)
	names    map[string]string // key as compared -> name as written
}

// NewEnv returns an Env holding the KEY=VALUE pairs of environ. When foldCase is set, names compare
// without regard to case; the first spelling seen is kept. Later duplicates override earlier ones,
// as they do for exec.
func NewEnv(environ []string, foldCase bool) *Env {
	e := &Env{foldCase: foldCase, vars: make(map[string]string), names: make(map[string]string)}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if k == "" && strings.HasPrefix(kv, "=") {
			// Windows keeps per-drive working directories as "=C:=C:\\dir"; they are not variables.
			continue
		}
		key := e.key(k)
		if _, seen := e.names[key]; !seen {
			e.names[key] = k
		}
		e.vars[key] = v
	}
	return e
}

func (e *Env) key(name string) string {
	if e.folds() {
		return strings.ToUpper(name)
	}
	return name
}

// Lookup returns the value of name and whether it is set.
func (e *Env) Lookup(name string) (string, bool) {
	if e == nil {
		return "", false
	}
	v, ok := e.vars[e.key(name)]
	return v, ok
}

// Get returns the value of name, or "" when it is not set.
func (e *Env) Get(name string) string {
	v, _ := e.Lookup(name)
	return v
}

// Environ returns the variables as sorted KEY=VALUE pairs, suitable for exec.
func (e *Env) Environ() []string {
	if e == nil {
		return nil
	}
	out := make([]string, 0, len(e.vars))
	for key, v := range e.vars {
		out = append(out, e.names[key]+"="+v)
	}
	sort.Strings(out)
	return out
}

// With returns a copy of e with the given KEY=VALUE pairs set; a pair written "KEY=" with
// unset=true semantics is not supported: use Without to remove a variable.
func (e *Env) With(pairs ...string) *Env {
	return NewEnv(append(e.Environ(), pairs...), e.folds())
}

func (e *Env) folds() bool { return e != nil && e.foldCase }

// Without returns a copy of e without the named variables.
func (e *Env) Without(names ...string) *Env {
	drop := make(map[string]bool, len(names))
	for _, n := range names {
		drop[e.key(n)] = true
	}
	var kept []string
	for _, kv := range e.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[e.key(k)] {
			kept = append(kept, kv)
		}
	}
	return NewEnv(kept, e.folds())
}
