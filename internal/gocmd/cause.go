package gocmd

import (
	"fmt"
	"slices"
)

// Cause is one message of the go command, recognised: its kind, what it names, and the line as
// printed. Fields the message does not name are empty.
type Cause struct {
	Kind Kind
	// Line is the line as the go command printed it (without the line break); More are the
	// indented lines after it that belong to it ("\tgo get example.com/x", the details of an
	// inconsistent vendoring), trimmed, up to maxMore.
	Line string
	More []string
	// N is the index of Line among the output's lines (from 0, "\r\n" or "\n" ending each),
	// counted from the output's start even when Parse read only its end: the position of the
	// message, for a caller that reads the lines around it.
	N int

	What      string // what requires a newer go (TooNew, Switching): "go.mod", "example.com/x@v1.0.0", "module example.com/x@v1.0.0"
	Module    string // a module path: "example.com/x"
	Version   string // a module version or query: "v1.0.0", "latest"
	Package   string // an import path: "example.com/x/cmd/y"
	GoVersion string // the Go version required: "1.99", "1.22.0"
	Running   string // the Go version running: "1.26.8"
	Toolchain string // a toolchain name ("go1.99.0") or the GOTOOLCHAIN setting ("local", "go1.22.0+auto")
	Pos       Pos    // where a compiler message, or an error of go.mod or go.work, points
	Other     Pos    // a second position the message names (FoundPackages: the second package's file)
	Path      string // a file or directory the message names
	URL       string // the URL a failed request asked for, as printed (the go command redacts passwords)
	Host      string // the host that request went to, or the name a lookup failed for
	Code      int    // an HTTP status (HTTPStatus) or an exit status (ExitStatus)
	Flag      string // a flag: "-mod=vendor", "-modfile", "-race"
	Value     string // a setting's value or another word the message names (see the Kind)
	Err       string // the underlying error, after the message's own words
}

// Pos is a position in a file, as the compiler and the go.mod parser print it.
type Pos struct {
	File      string
	Line, Col int
}

// String is the position as printed: "main.go:4:2", "go.mod:5" (Col 0), "" for none.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// ModuleVersion is "M@V" when both are known, else the module path alone.
func (c Cause) ModuleVersion() string {
	if c.Module != "" && c.Version != "" {
		return c.Module + "@" + c.Version
	}
	return c.Module
}

// Causes are the causes of one output, in the order printed.
type Causes []Cause

// Has reports whether any cause is of one of kinds.
func (cs Causes) Has(kinds ...Kind) bool {
	_, ok := cs.First(kinds...)
	return ok
}

// First is the first cause printed whose kind is one of kinds.
func (cs Causes) First(kinds ...Kind) (Cause, bool) {
	for _, c := range cs {
		if slices.Contains(kinds, c.Kind) {
			return c, true
		}
	}
	return Cause{}, false
}

// Find is the first cause of the first of kinds that any cause has: kinds in order of precedence,
// as a caller explains them (a toolchain download before the network failure inside it).
func (cs Causes) Find(kinds ...Kind) (Cause, bool) {
	for _, k := range kinds {
		if c, ok := cs.First(k); ok {
			return c, true
		}
	}
	return Cause{}, false
}

// All are the causes whose kind is one of kinds, in the order printed.
func (cs Causes) All(kinds ...Kind) Causes {
	var out Causes
	for _, c := range cs {
		if slices.Contains(kinds, c.Kind) {
			out = append(out, c)
		}
	}
	return out
}

// Failures are the causes that are failures: without the progress and framing lines
// (Downloading, Switching, Warning, BuildHeader, VetHeader, ExitStatus, ExitSignal).
func (cs Causes) Failures() Causes {
	var out Causes
	for _, c := range cs {
		switch c.Kind {
		case Downloading, Switching, Warning, BuildHeader, VetHeader, ExitStatus, ExitSignal:
			continue
		}
		out = append(out, c)
	}
	return out
}

// First parses output and returns the first cause printed whose kind is one of kinds.
func First(output string, kinds ...Kind) (Cause, bool) {
	return Parse(output).First(kinds...)
}
