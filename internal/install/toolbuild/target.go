// Package toolbuild builds one editor tool the way `go install` does, but under gomedic's
// control: it resolves what a version query means through the user's GOPROXY, makes the
// environment a tool is built in (and says which of the user's values it overrides), runs
// `go install` into a directory it is given, names the cause of a failure in the user's words with
// the fix for the user's setup, and verifies the binary before anything activates it.
//
// It does not decide where tools live or which version is active: that is the version store's
// job (internal/toolstore) and the installer's (internal/install).
package toolbuild

import (
	"fmt"
	"path"
	"strings"

	"golang.org/x/mod/module"

	"github.com/gomedic/gomedic/internal/toolset"
)

// Target is what to install: a table tool or any main package.
type Target struct {
	// Name is the binary's name: the table name, or the last element of the package path (the
	// element before it when the path ends in a major version suffix /vN, as go install names it).
	Name    string
	Package string        // main package path
	Module  string        // module path when known ("" for an arbitrary package until resolved)
	Tool    *toolset.Tool // nil for a package that is not in the table
}

// Arg is how the user names t on gomedic's command line: the table name, or the package path.
func (t Target) Arg() string {
	if t.Tool != nil {
		return t.Name
	}
	return t.Package
}

// TargetFor is the target of a table tool.
func TargetFor(tool *toolset.Tool) Target {
	return Target{Name: tool.Name, Package: tool.Package, Module: tool.Module, Tool: tool}
}

// ParseTarget reads a TOOL[@VERSION] argument: a name from the tool table ("gopls",
// "gopls@v0.21.1") or a main package path whose first element has a dot
// ("example.com/x/cmd/foo@latest"). A package path of a table tool is that tool. It returns the
// version query, "" when the argument has none. It fails for "", for an empty or malformed query
// ("foo@", "foo@a@b", "foo@none"), for a name that is neither a table tool nor such a path (a
// relative path, a standard library command) and for a pattern ("example.com/x/...").
func ParseTarget(arg string) (Target, string, error) {
	name, query, hasQuery := strings.Cut(arg, "@")
	if name == "" {
		if arg == "" {
			return Target{}, "", fmt.Errorf("no tool named: give a name from the tool table (%s) or a package path", tableNames())
		}
		return Target{}, "", fmt.Errorf("%q names no tool before the @", arg)
	}
	if hasQuery {
		if err := checkQuery(query); err != nil {
			return Target{}, "", fmt.Errorf("%s: %w", arg, err)
		}
	}
	if tool := toolset.Lookup(name); tool != nil {
		return TargetFor(tool), query, nil
	}
	for _, tool := range toolset.Tools {
		if tool.Package == name {
			return TargetFor(tool), query, nil
		}
	}
	if err := checkPackagePath(name); err != nil {
		return Target{}, "", err
	}
	return Target{Name: ExecName(name), Package: name}, query, nil
}

// checkQuery rejects version queries go install cannot take.
func checkQuery(q string) error {
	switch {
	case q == "":
		return fmt.Errorf("empty version after @: write a version (v1.2.3), a pseudo-version or latest")
	case strings.Contains(q, "@"):
		return fmt.Errorf("more than one @ in the version %q", q)
	case strings.ContainsFunc(q, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return fmt.Errorf("the version %q holds a space or a control character", q)
	case q == "none":
		return fmt.Errorf("@none removes a dependency; it is not a version to install (use gomedic tools remove)")
	}
	return nil
}

// checkPackagePath accepts a main package path as go install takes it with @version: an import
// path whose first element has a dot, with no wildcard.
func checkPackagePath(p string) error {
	first, _, _ := strings.Cut(p, "/")
	switch {
	case strings.Contains(p, "..."):
		return fmt.Errorf("%s is a pattern: name one main package", p)
	case strings.HasPrefix(p, ".") || strings.HasPrefix(p, "/") || strings.Contains(p, `\`):
		return fmt.Errorf("%s is a directory, not a package path: gomedic installs packages by import path (example.com/x/cmd/foo)", p)
	case !strings.Contains(first, "."):
		return fmt.Errorf("%s is not a tool of the table (%s), and not a package path (a path's first element has a dot, as in example.com/x/cmd/foo)", p, tableNames())
	}
	if err := module.CheckImportPath(p); err != nil {
		return fmt.Errorf("%s is not a valid package path: %w", p, err)
	}
	return nil
}

func tableNames() string {
	names := make([]string, len(toolset.Tools))
	for i, t := range toolset.Tools {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// ExecName is the name go install gives the binary of package path p in module mode: its last
// element, or the one before it when the last is a major version suffix (v2, v3, ...; not v0 or
// v1), as cmd/go's load.DefaultExecName does.
func ExecName(p string) string {
	elem := path.Base(p)
	if elem != p && isVersionElement(elem) {
		elem = path.Base(path.Dir(p))
	}
	return elem
}

func isVersionElement(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' || s[1] == '1' && len(s) == 2 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || '9' < s[i] {
			return false
		}
	}
	return true
}
