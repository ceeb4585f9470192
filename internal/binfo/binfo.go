// Package binfo reports what an executable file is: its container format
// (ELF, Mach-O, universal Mach-O, PE, or a #! script), the OS/arch pairs it
// targets, and, for Go binaries, the build information embedded by the Go
// linker (Go version, main module, build settings, dependencies).
//
// It is meant for inspecting tools found on a user's machine (gopls, dlv,
// staticcheck, ...), so it treats every file as hostile: it never reads a
// whole file into memory, bounds the total amount it reads, refuses FIFOs
// and devices, and turns panics of the debug/* parsers into errors.
package binfo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Format is the container format of an executable file.
type Format string

// The container formats recognised by [Read].
const (
	FormatELF      Format = "elf"
	FormatMachO    Format = "macho"
	FormatMachOFat Format = "macho-universal"
	FormatPE       Format = "pe"
	FormatScript   Format = "script" // starts with #!
	FormatUnknown  Format = "unknown"
)

// Info is what is known about one executable file.
type Info struct {
	Path   string // file read
	Format Format

	// Targets has one entry per slice of a universal Mach-O and exactly one
	// for the other executable formats; it is nil for scripts and unknown
	// files. ELF OS from EI_OSABI / notes is unreliable, so ELF reports
	// "linux" unless the Go build info GOOS setting names another ELF OS
	// (e.g. "freebsd"); Mach-O reports "darwin" (or "ios" per the GOOS
	// setting); PE reports "windows".
	Targets []Target

	// Interpreter is, for FormatScript, the #! line's interpreter: its
	// first word, or the first non-option word after env (as in
	// "#!/usr/bin/env python3").
	Interpreter string

	// The fields below come from the Go build info (debug/buildinfo). They
	// are empty (and the maps nil) when the file is not a Go binary or has
	// no build info.
	GoVersion string            // e.g. "go1.26.8"
	MainPath  string            // build info Path, e.g. "golang.org/x/tools/gopls"
	Module    string            // build info Main.Path
	Version   string            // build info Main.Version, e.g. "v0.21.1" or "(devel)"
	Sum       string            // build info Main.Sum
	Settings  map[string]string // build settings (GOOS, GOARCH, CGO_ENABLED, -ldflags, vcs.revision, ...)
	// Deps maps each dependency module path to its version after
	// replacement; a dependency replaced by a local directory maps to
	// "(devel)".
	Deps map[string]string
}

// Matches reports whether any of info's targets runs natively on the host
// goos/goarch (see [Target.Matches]).
func (info *Info) Matches(goos, goarch string) bool {
	for _, t := range info.Targets {
		if t.Matches(goos, goarch) {
			return true
		}
	}
	return false
}

// Emulated reports whether info runs on the host goos/goarch only through
// emulation: no target matches natively but one is emulated (see
// [Target.Emulated]).
func (info *Info) Emulated(goos, goarch string) bool {
	if info.Matches(goos, goarch) {
		return false
	}
	for _, t := range info.Targets {
		if t.Emulated(goos, goarch) {
			return true
		}
	}
	return false
}

// ErrNotRegular is wrapped by the error [Read] returns for directories,
// devices, FIFOs, sockets and other files that are not regular files.
var ErrNotRegular = errors.New("not a regular file")

// ErrMalformed is wrapped by the error [Read] and [ReadFrom] return when the
// file's magic number names an executable format but the file cannot be
// parsed as one (truncated, corrupt, absurdly large headers, or a panic in
// a debug/* parser). The error reads like "parsing ELF: ...".
var ErrMalformed = errors.New("malformed executable")

// MaxRead is the most bytes one call of [Read] or [ReadFrom] reads from a
// file, whatever its size. Real executables need a tiny fraction of it.
const MaxRead = 64 << 20

// Read inspects the file at path, following symbolic links (a link loop is
// an error, not a hang).
//
// It returns an error (reading like "reading build info of /x/gopls: ...")
// when the file cannot be opened or read, when it is not a regular file (the
// error wraps [ErrNotRegular]), and when its magic number names an executable
// format that then fails to parse (the error wraps [ErrMalformed]). In the
// last case, and after read errors past the open, the returned Info is
// non-nil and holds what was determined (at least Path and Format).
//
// A file that is not an executable (text, garbage, empty) gives an Info
// with FormatUnknown and a nil error. A Go binary without build info, or a
// non-Go binary, leaves GoVersion empty and is not an error.
func Read(path string) (*Info, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, wrapRead(path, err)
	}
	if err := checkRegular(fi); err != nil {
		return nil, wrapRead(path, err)
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, wrapRead(path, err)
	}
	defer f.Close()
	// The file may have been replaced between Stat and Open: check again.
	fi, err = f.Stat()
	if err != nil {
		return nil, wrapRead(path, err)
	}
	if err := checkRegular(fi); err != nil {
		return nil, wrapRead(path, err)
	}
	return ReadFrom(f, fi.Size(), path)
}

// ReadFrom is [Read] over an io.ReaderAt of the given size (for tests and for
// callers holding an open file). path is only recorded in Info.Path and used
// in error messages. It reads at most [MaxRead] bytes from r, never at or
// beyond size.
//
// For a universal Mach-O, build info is taken from the first slice that runs
// natively on the running host, else from the first one that runs under
// emulation, else from the first slice that has build info.
func ReadFrom(r io.ReaderAt, size int64, path string) (*Info, error) {
	return readFrom(r, size, path, host{runtime.GOOS, runtime.GOARCH})
}

// host is the OS/arch build info of universal binaries is preferably read for.
type host struct{ goos, goarch string }

func readFrom(r io.ReaderAt, size int64, path string, h host) (*Info, error) {
	if size < 0 {
		return nil, wrapRead(path, fmt.Errorf("invalid size %d", size))
	}
	lr := newLimitReader(r, size, MaxRead)
	info := &Info{Path: path, Format: FormatUnknown}
	err := inspect(lr, info, h)
	if ioErr := lr.ioErr(); ioErr != nil {
		err = ioErr // likely the cause of any parsing error
	}
	if err != nil {
		return info, wrapRead(path, err)
	}
	return info, nil
}

// inspect fills info from r: format, targets, interpreter and build info.
func inspect(r *limitReader, info *Info, h host) error {
	head, err := readHead(r)
	if err != nil {
		return err
	}
	info.Format = detect(r, head)
	switch info.Format {
	case FormatScript:
		info.Interpreter = interpreter(head)
		return nil
	case FormatUnknown:
		return nil
	}
	slices, err := parse(r, info.Format)
	if err != nil {
		return err
	}
	for _, s := range slices {
		info.Targets = append(info.Targets, s.target)
	}
	return readBuildInfo(info, preferred(slices, h))
}

// headSize is how much of the start of a file is read to detect its format
// and parse a #! line (Linux reads 256 bytes of it, macOS 512).
const headSize = 512

// readHead reads up to headSize bytes from the start of r.
func readHead(r io.ReaderAt) ([]byte, error) {
	head := make([]byte, headSize)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return head[:n], nil
}

// checkRegular returns an error wrapping ErrNotRegular unless fi describes a
// regular file.
func checkRegular(fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%w (%s)", ErrNotRegular, describeType(fi.Mode()))
}

// describeType names the type of a non-regular file.
func describeType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	}
	return "mode " + m.String()
}

// wrapRead wraps err as "reading build info of <path>: <err>". A
// *fs.PathError is reduced to its operation and cause, since the path is
// already in the message.
func wrapRead(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = &opError{op: pe.Op, err: pe.Err}
	}
	return fmt.Errorf("reading build info of %s: %w", displayPath(path), err)
}

// opError is a *fs.PathError without the path.
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return e.op + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

// displayPath returns path as is when it is valid, printable UTF-8, and
// quoted otherwise (file names on Unix are arbitrary bytes).
func displayPath(path string) string {
	if !utf8.ValidString(path) {
		return strconv.Quote(path)
	}
	for _, r := range path {
		if !unicode.IsPrint(r) {
			return strconv.Quote(path)
		}
	}
	return path
}
