package binfo

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testDir is a temporary directory shared by the package's tests; the Go
// binaries they inspect are built there once.
var testDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "binfo-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// variant is one Go binary built for the tests.
type variant struct {
	name, goos, goarch string
	flags              []string
}

// variants are the Go binaries the tests build, all with -trimpath and
// CGO_ENABLED=0 from the module in helloModule.
var variants = []variant{
	{name: "linux-amd64", goos: "linux", goarch: "amd64"},
	{name: "linux-arm64", goos: "linux", goarch: "arm64"},
	{name: "linux-386", goos: "linux", goarch: "386"},
	{name: "darwin-amd64", goos: "darwin", goarch: "amd64"},
	{name: "darwin-arm64", goos: "darwin", goarch: "arm64"},
	{name: "windows-amd64", goos: "windows", goarch: "amd64"},
	{name: "windows-arm64", goos: "windows", goarch: "arm64"},
	{name: "freebsd-amd64", goos: "freebsd", goarch: "amd64"},
	{name: "stripped", goos: "linux", goarch: "amd64", flags: []string{"-ldflags=-s -w"}},
	{name: "devel", goos: "linux", goarch: "amd64", flags: []string{"-buildvcs=false", "-tags=binfotest"}},
}

// helloModule is a tiny main module with a dependency replaced by a local
// directory.
var helloModule = map[string]string{
	"go.mod": `module example.com/hello

go 1.21

require example.com/dep v1.2.3

replace example.com/dep v1.2.3 => ./dep
`,
	"main.go": `package main

import "example.com/dep"

func main() { println(dep.Hello()) }
`,
	"dep/go.mod": "module example.com/dep\n\ngo 1.21\n",
	"dep/dep.go": "package dep\n\nfunc Hello() string { return \"hello\" }\n",
}

// built holds the result of building variants once.
var built struct {
	once      sync.Once
	paths     map[string]string // variant name (and "universal") -> file
	goVersion string            // of the go command that built them
	err       error
}

// goBinaries builds the test binaries on first use and returns their
// paths by variant name, plus "universal": a universal Mach-O of the two
// darwin variants. It skips the test in -short mode or without a go
// command.
func goBinaries(t testing.TB) (paths map[string]string, goVersion string) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping building Go binaries in -short mode")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	built.once.Do(func() {
		built.paths, built.goVersion, built.err = buildAll(goCmd, filepath.Join(testDir, "bin"))
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.paths, built.goVersion
}

// buildAll writes helloModule and builds every variant into dir.
func buildAll(goCmd, dir string) (map[string]string, string, error) {
	src := filepath.Join(dir, "src")
	for name, content := range helloModule {
		if err := writeFile(filepath.Join(src, name), []byte(content)); err != nil {
			return nil, "", err
		}
	}
	out, err := goCommand(goCmd, src, "", "", "env", "GOVERSION").Output()
	if err != nil {
		return nil, "", fmt.Errorf("running go env GOVERSION: %w", err)
	}
	paths := make(map[string]string)
	errs := make([]error, len(variants))
	var wg sync.WaitGroup
	for i, v := range variants {
		out := filepath.Join(dir, v.name)
		paths[v.name] = out
		wg.Go(func() { errs[i] = buildVariant(goCmd, src, out, v) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, "", err
		}
	}
	paths["universal"] = filepath.Join(dir, "universal")
	if err := writeUniversal(paths["universal"], paths["darwin-amd64"], paths["darwin-arm64"]); err != nil {
		return nil, "", err
	}
	return paths, strings.TrimSpace(string(out)), nil
}

// buildVariant builds the module in src as v into out.
func buildVariant(goCmd, src, out string, v variant) error {
	args := append([]string{"build", "-trimpath", "-o", out}, v.flags...)
	cmd := goCommand(goCmd, src, v.goos, v.goarch, append(args, ".")...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building %s: %v\n%s", v.name, err, b)
	}
	return nil
}

// goCommand returns a go command run in dir with an environment neutralised
// against the user's settings.
func goCommand(goCmd, dir, goos, goarch string, args ...string) *exec.Cmd {
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0",
		"GOFLAGS=", "GOENV=off", "GOTOOLCHAIN=local", "GOWORK=off",
		"GOPROXY=off", "GO111MODULE=on", "GOEXPERIMENT=",
		"GO386=", "GOAMD64=", "GOARM=", "GOARM64=",
	)
	return cmd
}

// writeFile writes data to name, creating its directory.
func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o755)
}

// writeUniversal writes to out a universal Mach-O of the thin Mach-O files
// in slices.
func writeUniversal(out string, slices ...string) error {
	var images [][]byte
	for _, s := range slices {
		b, err := os.ReadFile(s)
		if err != nil {
			return err
		}
		images = append(images, b)
	}
	fat, err := makeFat(images...)
	if err != nil {
		return err
	}
	return os.WriteFile(out, fat, 0o755)
}

// fatAlign is the log2 alignment of slices in universal files we make.
const fatAlign = 14

// makeFat returns a universal Mach-O of the thin Mach-O images: a
// big-endian fat_header, one fat_arch per image, then the images, each at
// a 2^fatAlign boundary.
func makeFat(images ...[]byte) ([]byte, error) {
	var buf bytes.Buffer
	be := binary.BigEndian
	buf.Write(be.AppendUint32(nil, macho.MagicFat))
	buf.Write(be.AppendUint32(nil, uint32(len(images))))
	offset := alignUp(8+20*len(images), 1<<fatAlign)
	for _, img := range images {
		f, err := macho.NewFile(bytes.NewReader(img))
		if err != nil {
			return nil, fmt.Errorf("parsing slice: %w", err)
		}
		hdr := macho.FatArchHeader{Cpu: f.Cpu, SubCpu: f.SubCpu, Offset: uint32(offset), Size: uint32(len(img)), Align: fatAlign}
		if err := binary.Write(&buf, be, hdr); err != nil {
			return nil, err
		}
		offset = alignUp(offset+len(img), 1<<fatAlign)
	}
	for _, img := range images {
		buf.Write(make([]byte, alignUp(buf.Len(), 1<<fatAlign)-buf.Len()))
		buf.Write(img)
	}
	return buf.Bytes(), nil
}

// alignUp rounds n up to a multiple of align (a power of 2).
func alignUp(n, align int) int { return (n + align - 1) &^ (align - 1) }

// makeELF returns a minimal ELF header of the given class, byte order and
// machine, followed by progs program headers (64-bit only).
func makeELF(class elf.Class, data elf.Data, machine elf.Machine, progs ...elf.Prog64) []byte {
	var bo binary.ByteOrder = binary.LittleEndian
	if data == elf.ELFDATA2MSB {
		bo = binary.BigEndian
	}
	ident := [elf.EI_NIDENT]byte{0x7f, 'E', 'L', 'F', byte(class), byte(data), byte(elf.EV_CURRENT)}
	var buf bytes.Buffer
	if class == elf.ELFCLASS32 {
		binary.Write(&buf, bo, elf.Header32{
			Ident: ident, Type: uint16(elf.ET_EXEC), Machine: uint16(machine),
			Version: uint32(elf.EV_CURRENT), Ehsize: 52, Phentsize: 32, Shentsize: 40,
		})
		return buf.Bytes()
	}
	hdr := elf.Header64{
		Ident: ident, Type: uint16(elf.ET_EXEC), Machine: uint16(machine),
		Version: uint32(elf.EV_CURRENT), Ehsize: 64, Phentsize: 56, Shentsize: 64,
	}
	if len(progs) > 0 {
		hdr.Phoff, hdr.Phnum = 64, uint16(len(progs))
	}
	binary.Write(&buf, bo, hdr)
	for _, p := range progs {
		binary.Write(&buf, bo, p)
	}
	return buf.Bytes()
}

// makeMachO returns a minimal thin Mach-O header without load commands.
func makeMachO(magic uint32, bo binary.ByteOrder, cpu macho.Cpu) []byte {
	var buf bytes.Buffer
	binary.Write(&buf, bo, macho.FileHeader{Magic: magic, Cpu: cpu, Type: macho.TypeExec})
	if magic == macho.Magic64 {
		buf.Write(make([]byte, 4)) // reserved
	}
	return buf.Bytes()
}

// makePE returns a minimal PE file for machine: an MS-DOS header pointing
// at a PE signature and a COFF header without sections.
func makePE(machine uint16) []byte {
	b := make([]byte, 0x80)
	copy(b, "MZ")
	binary.LittleEndian.PutUint32(b[0x3c:], 0x40)
	copy(b[0x40:], "PE\x00\x00")
	binary.LittleEndian.PutUint16(b[0x44:], machine)
	return b
}

// prefix returns the first n bytes of the file name.
func prefix(t testing.TB, name string, n int) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, n)
	m, _ := f.ReadAt(b, 0)
	return b[:m]
}
