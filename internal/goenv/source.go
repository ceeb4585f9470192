package goenv

import (
	"path/filepath"

	"github.com/gomedic/gomedic/internal/host"
)

// SourceKind says which layer of the go command's configuration a value came from.
type SourceKind string

// The layers, strongest first: the go command takes a variable from the process environment when
// it is set there and not empty, else from the user's go env file, else from $GOROOT/go.env, else
// it computes a default.
const (
	FromEnvironment SourceKind = "environment"
	FromUserFile    SourceKind = "go env file"
	FromGOROOTFile  SourceKind = "GOROOT/go.env"
	FromDefault     SourceKind = "default"
)

// Value is a variable's value with where it came from.
type Value struct {
	Name   string
	Value  string // the value from Source; for FromDefault, the effective value if known
	Source SourceKind
	File   string // the file holding it, for the two file sources
	Line   int    // its line in File
	// Shadowed lists weaker layers that also set the variable, with their values: an environment
	// value hides a go env file value that a program started without that environment would get.
	Shadowed []Value
}

// Where says in a few words where the value came from: "the environment", "the go env file
// /home/a/.config/go/env:3", ...
func (v Value) Where() string {
	switch v.Source {
	case FromEnvironment:
		return "the environment"
	case FromUserFile:
		return "the go env file " + fileLine(v.File, v.Line) + " (set with go env -w)"
	case FromGOROOTFile:
		return fileLine(v.File, v.Line) + " (the Go distribution's defaults)"
	}
	return "the default"
}

func fileLine(file string, line int) string {
	if line <= 0 {
		return file
	}
	return file + ":" + itoa(line)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n >= 10 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	b[i] = byte('0' + n)
	return string(b[i:])
}

// Sources knows the layers of the go command's configuration on one host.
type Sources struct {
	h        host.Host
	UserFile string          // "" when there is none (GOENV=off)
	User     map[string]Line // parsed UserFile
	UserErr  error           // reading UserFile, other than its absence
	Root     string          // the GOROOT whose go.env was read
	RootVals map[string]Line
}

// maxEnvFile bounds how much of an env file is read: the go command's own files are a few lines.
const maxEnvFile = 1 << 20

// LoadSources reads the user's go env file and $goroot/go.env.
func LoadSources(h host.Host, goroot string) *Sources {
	s := &Sources{h: h, UserFile: UserFile(h), Root: goroot}
	if s.UserFile != "" {
		data, err := h.ReadFile(s.UserFile, maxEnvFile)
		switch {
		case err == nil:
			s.User = ParseFile(data)
		case !host.IsNotExist(err):
			s.UserErr = err
		}
	}
	if goroot != "" {
		if data, err := h.ReadFile(filepath.Join(goroot, "go.env"), maxEnvFile); err == nil {
			s.RootVals = ParseFile(data)
		}
	}
	return s
}

// Lookup returns name's value and source. effective is the value `go env` reported (used for the
// default layer); pass "" when unknown.
func (s *Sources) Lookup(name, effective string) Value {
	var layers []Value
	if v := s.h.Env().Get(name); v != "" {
		layers = append(layers, Value{Name: name, Value: v, Source: FromEnvironment})
	}
	if l, ok := s.User[name]; ok {
		layers = append(layers, Value{Name: name, Value: l.Value, Source: FromUserFile, File: s.UserFile, Line: l.Line})
	}
	if l, ok := s.RootVals[name]; ok {
		layers = append(layers, Value{Name: name, Value: l.Value, Source: FromGOROOTFile, File: filepath.Join(s.Root, "go.env"), Line: l.Line})
	}
	if len(layers) == 0 {
		return Value{Name: name, Value: effective, Source: FromDefault}
	}
	v := layers[0]
	v.Shadowed = layers[1:]
	return v
}
