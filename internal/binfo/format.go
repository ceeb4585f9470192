package binfo

import (
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
)

// maxFatArches is the most slices a universal Mach-O header may announce
// before the file is taken for something else: Java class files share the
// 0xcafebabe magic and have their version (45 or more) where the slice
// count would be.
const maxFatArches = 20

// Magic numbers, as the first four bytes of a file.
var (
	magicELF   = []byte("\x7fELF")
	magicFat   = []byte{0xca, 0xfe, 0xba, 0xbe}
	magicFat64 = []byte{0xca, 0xfe, 0xba, 0xbf}
	magicMachO = [][]byte{
		{0xfe, 0xed, 0xfa, 0xce}, {0xce, 0xfa, 0xed, 0xfe}, // 32-bit, both byte orders
		{0xfe, 0xed, 0xfa, 0xcf}, {0xcf, 0xfa, 0xed, 0xfe}, // 64-bit, both byte orders
	}
)

// detect returns the format announced by the magic number at the start of
// the file (head), reading a few more bytes from r to confirm a PE header.
func detect(r io.ReaderAt, head []byte) Format {
	switch {
	case bytes.HasPrefix(head, magicELF):
		return FormatELF
	case isMachO(head):
		return FormatMachO
	case isFat(head):
		return FormatMachOFat
	case bytes.HasPrefix(head, []byte("MZ")) && hasPESignature(r, head):
		return FormatPE
	case bytes.HasPrefix(head, []byte("#!")):
		return FormatScript
	}
	return FormatUnknown
}

// isMachO reports whether head starts with a thin Mach-O magic number.
func isMachO(head []byte) bool {
	for _, m := range magicMachO {
		if bytes.HasPrefix(head, m) {
			return true
		}
	}
	return false
}

// isFat reports whether head starts like a universal Mach-O header: the fat
// magic followed by a plausible (1..maxFatArches) big-endian slice count.
func isFat(head []byte) bool {
	if len(head) < 8 || !(bytes.HasPrefix(head, magicFat) || bytes.HasPrefix(head, magicFat64)) {
		return false
	}
	n := binary.BigEndian.Uint32(head[4:8])
	return n >= 1 && n <= maxFatArches
}

// hasPESignature reports whether the MS-DOS header in head points at a
// "PE\0\0" signature, telling a PE file from a plain MS-DOS executable or a
// text file that happens to start with "MZ".
func hasPESignature(r io.ReaderAt, head []byte) bool {
	off, ok := peSignatureOffset(head)
	if !ok {
		return false
	}
	var sig [4]byte
	if n, _ := r.ReadAt(sig[:], off); n < len(sig) {
		return false
	}
	return string(sig[:]) == "PE\x00\x00"
}

// peSignatureOffset returns e_lfanew, the offset of the PE signature.
func peSignatureOffset(head []byte) (int64, bool) {
	const lfanew = 0x3c
	if len(head) < lfanew+4 {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint32(head[lfanew:])), true
}

// slice is one executable image of a file: the whole file, or one slice of
// a universal Mach-O.
type slice struct {
	target Target
	r      io.ReaderAt // the image, for build info; nil if unreadable
}

// parse parses the executable headers of r according to format, returning
// one slice per image. Parse failures and panics give an error wrapping
// ErrMalformed.
func parse(r *limitReader, format Format) (slices []slice, err error) {
	defer func() {
		if p := recover(); p != nil {
			slices, err = nil, fmt.Errorf("panic: %v", p)
		}
		if err == nil {
			return
		}
		switch {
		case r.limitHit():
			err = errReadLimit
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			err = fmt.Errorf("truncated file: %w", err)
		}
		err = &formatError{what: formatName(format), err: err}
	}()
	switch format {
	case FormatELF:
		return parseELF(r)
	case FormatMachO:
		return parseMachO(r)
	case FormatMachOFat:
		return parseFat(r)
	case FormatPE:
		return parsePE(r)
	}
	return nil, fmt.Errorf("unsupported format %q", format)
}

// formatName names format in error messages.
func formatName(format Format) string {
	switch format {
	case FormatELF:
		return "ELF"
	case FormatMachO:
		return "Mach-O"
	case FormatMachOFat:
		return "universal Mach-O"
	case FormatPE:
		return "PE"
	}
	return string(format)
}

// formatError is a parse failure of an executable that wraps ErrMalformed.
type formatError struct {
	what string // "ELF", "PE", "Go build info", ...
	err  error
}

func (e *formatError) Error() string   { return "parsing " + e.what + ": " + e.err.Error() }
func (e *formatError) Unwrap() []error { return []error{ErrMalformed, e.err} }

// parseELF parses an ELF file. Its OS is provisionally "linux".
func parseELF(r io.ReaderAt) ([]slice, error) {
	f, err := elf.NewFile(r)
	if err != nil {
		return nil, err
	}
	t := Target{OS: "linux", Arch: elfArch(f.Machine, f.Class, f.Data)}
	return []slice{{target: t, r: r}}, nil
}

// parseMachO parses a thin Mach-O file.
func parseMachO(r io.ReaderAt) ([]slice, error) {
	f, err := macho.NewFile(r)
	if err != nil {
		return nil, err
	}
	t := Target{OS: "darwin", Arch: machoArch(f.Cpu)}
	return []slice{{target: t, r: r}}, nil
}

// parseFat parses a universal Mach-O file, returning its slices in file
// order.
func parseFat(r io.ReaderAt) ([]slice, error) {
	var magic [4]byte
	if _, err := r.ReadAt(magic[:], 0); err != nil {
		return nil, err
	}
	if bytes.Equal(magic[:], magicFat64) {
		return nil, errors.New("64-bit universal headers are not supported")
	}
	ff, err := macho.NewFatFile(r)
	if err != nil {
		return nil, err
	}
	slices := make([]slice, 0, len(ff.Arches))
	for _, a := range ff.Arches {
		slices = append(slices, slice{
			target: Target{OS: "darwin", Arch: machoArch(a.Cpu)},
			r:      io.NewSectionReader(r, int64(a.Offset), int64(a.Size)),
		})
	}
	return slices, nil
}

// parsePE parses a PE file. A valid PE header for a machine debug/pe does
// not know gives an unknown arch rather than an error.
func parsePE(r io.ReaderAt) ([]slice, error) {
	machine, err := peMachine(r)
	if err != nil {
		return nil, err
	}
	if !peParsable[machine] {
		return []slice{{target: Target{OS: "windows"}}}, nil
	}
	f, err := pe.NewFile(r)
	if err != nil {
		return nil, err
	}
	t := Target{OS: "windows", Arch: peArch(f.Machine)}
	return []slice{{target: t, r: r}}, nil
}

// peMachine reads the machine type of the COFF header after the PE
// signature.
func peMachine(r io.ReaderAt) (uint16, error) {
	var head [0x40]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return 0, err
	}
	off, _ := peSignatureOffset(head[:])
	var machine [2]byte
	if _, err := r.ReadAt(machine[:], off+4); err != nil {
		return 0, fmt.Errorf("reading machine type: %w", err)
	}
	return binary.LittleEndian.Uint16(machine[:]), nil
}

// peParsable lists the machine types debug/pe.NewFile accepts; it rejects
// all others.
var peParsable = map[uint16]bool{
	pe.IMAGE_FILE_MACHINE_AMD64:    true,
	pe.IMAGE_FILE_MACHINE_ARM64:    true,
	pe.IMAGE_FILE_MACHINE_ARMNT:    true,
	pe.IMAGE_FILE_MACHINE_I386:     true,
	pe.IMAGE_FILE_MACHINE_RISCV32:  true,
	pe.IMAGE_FILE_MACHINE_RISCV64:  true,
	pe.IMAGE_FILE_MACHINE_RISCV128: true,
	pe.IMAGE_FILE_MACHINE_UNKNOWN:  true,
}

// preferred returns the readers of slices in the order build info should be
// looked for: slices running natively on h first, then emulated ones, then
// the rest, each group in file order.
func preferred(slices []slice, h host) []io.ReaderAt {
	var native, emulated, rest []io.ReaderAt
	for _, s := range slices {
		switch {
		case s.r == nil:
		case s.target.Matches(h.goos, h.goarch):
			native = append(native, s.r)
		case s.target.Emulated(h.goos, h.goarch):
			emulated = append(emulated, s.r)
		default:
			rest = append(rest, s.r)
		}
	}
	return append(append(native, emulated...), rest...)
}

// readBuildInfo fills the build info fields of info from the first of
// images that has Go build info, then refines info.Targets' OS from the
// GOOS setting. An image without build info is not an error; a panic in
// debug/buildinfo is.
func readBuildInfo(info *Info, images []io.ReaderAt) error {
	for _, r := range images {
		bi, err := goBuildInfo(r)
		if err != nil {
			return &formatError{what: "Go build info", err: err}
		}
		if bi != nil {
			setBuildInfo(info, bi)
			break
		}
	}
	refineOS(info)
	return nil
}

// goBuildInfo returns the Go build info of r, or nil if it has none (or it
// cannot be read). It returns an error only when debug/buildinfo panics.
func goBuildInfo(r io.ReaderAt) (bi *debug.BuildInfo, err error) {
	defer func() {
		if p := recover(); p != nil {
			bi, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	bi, err = buildinfo.Read(r)
	if err != nil || bi.GoVersion == "" {
		return nil, nil
	}
	return bi, nil
}

// setBuildInfo copies bi into info.
func setBuildInfo(info *Info, bi *debug.BuildInfo) {
	info.GoVersion = bi.GoVersion
	info.MainPath = bi.Path
	info.Module = bi.Main.Path
	info.Version = bi.Main.Version
	info.Sum = bi.Main.Sum
	info.Settings = make(map[string]string, len(bi.Settings))
	for _, s := range bi.Settings {
		info.Settings[s.Key] = s.Value
	}
	info.Deps = make(map[string]string, len(bi.Deps))
	for _, d := range bi.Deps {
		if d == nil {
			continue
		}
		v := d.Version
		if d.Replace != nil {
			v = d.Replace.Version
		}
		info.Deps[d.Path] = v
	}
}

// elfGOOS lists the GOOS values whose executables are ELF files.
var elfGOOS = map[string]bool{
	"android": true, "dragonfly": true, "freebsd": true, "illumos": true,
	"linux": true, "netbsd": true, "openbsd": true, "solaris": true,
}

// refineOS replaces the provisional OS of info.Targets by the GOOS build
// setting when it is consistent with the format: any ELF GOOS for ELF,
// "ios" for Mach-O.
func refineOS(info *Info) {
	goos := info.Settings["GOOS"]
	switch {
	case info.Format == FormatELF && elfGOOS[goos]:
	case (info.Format == FormatMachO || info.Format == FormatMachOFat) && goos == "ios":
	default:
		return
	}
	for i := range info.Targets {
		info.Targets[i].OS = goos
	}
}
