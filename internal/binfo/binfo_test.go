package binfo

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestReadGoBinaries(t *testing.T) {
	bins, goVersion := goBinaries(t)
	tests := []struct {
		bin        string
		format     Format
		targets    []Target
		goos       string // GOOS and GOARCH settings
		goarch     string
		extraCheck func(t *testing.T, info *Info)
	}{
		{bin: "linux-amd64", format: FormatELF, targets: []Target{{"linux", "amd64"}}, goos: "linux", goarch: "amd64"},
		{bin: "linux-arm64", format: FormatELF, targets: []Target{{"linux", "arm64"}}, goos: "linux", goarch: "arm64"},
		{bin: "linux-386", format: FormatELF, targets: []Target{{"linux", "386"}}, goos: "linux", goarch: "386"},
		{bin: "freebsd-amd64", format: FormatELF, targets: []Target{{"freebsd", "amd64"}}, goos: "freebsd", goarch: "amd64"},
		{bin: "darwin-amd64", format: FormatMachO, targets: []Target{{"darwin", "amd64"}}, goos: "darwin", goarch: "amd64"},
		{bin: "darwin-arm64", format: FormatMachO, targets: []Target{{"darwin", "arm64"}}, goos: "darwin", goarch: "arm64"},
		{bin: "windows-amd64", format: FormatPE, targets: []Target{{"windows", "amd64"}}, goos: "windows", goarch: "amd64"},
		{bin: "windows-arm64", format: FormatPE, targets: []Target{{"windows", "arm64"}}, goos: "windows", goarch: "arm64"},
		{
			bin: "stripped", format: FormatELF, targets: []Target{{"linux", "amd64"}}, goos: "linux", goarch: "amd64",
			extraCheck: func(t *testing.T, info *Info) {
				// With -trimpath, cmd/go does not record -ldflags (go.dev/issue/52372).
				f, err := elf.Open(info.Path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if f.Section(".symtab") != nil {
					t.Error("binary built with -ldflags=-s -w has a symbol table")
				}
			},
		},
		{
			bin: "devel", format: FormatELF, targets: []Target{{"linux", "amd64"}}, goos: "linux", goarch: "amd64",
			extraCheck: func(t *testing.T, info *Info) {
				if got := info.Settings["-tags"]; got != "binfotest" {
					t.Errorf("-tags setting = %q, want binfotest", got)
				}
				for k := range info.Settings {
					if strings.HasPrefix(k, "vcs") {
						t.Errorf("unexpected setting %s with -buildvcs=false", k)
					}
				}
			},
		},
		{
			bin: "universal", format: FormatMachOFat, targets: []Target{{"darwin", "amd64"}, {"darwin", "arm64"}}, goos: "darwin",
			extraCheck: func(t *testing.T, info *Info) {
				if got := info.Settings["GOARCH"]; got != "amd64" && got != "arm64" {
					t.Errorf("GOARCH setting = %q, want one of the slices'", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.bin, func(t *testing.T) {
			info, err := Read(bins[tt.bin])
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if info.Path != bins[tt.bin] {
				t.Errorf("Path = %q, want %q", info.Path, bins[tt.bin])
			}
			if info.Format != tt.format {
				t.Errorf("Format = %q, want %q", info.Format, tt.format)
			}
			if !slices.Equal(info.Targets, tt.targets) {
				t.Errorf("Targets = %v, want %v", info.Targets, tt.targets)
			}
			checkHello(t, info, goVersion)
			if got := info.Settings["GOOS"]; got != tt.goos {
				t.Errorf("GOOS setting = %q, want %q", got, tt.goos)
			}
			if got := info.Settings["GOARCH"]; tt.goarch != "" && got != tt.goarch {
				t.Errorf("GOARCH setting = %q, want %q", got, tt.goarch)
			}
			if tt.extraCheck != nil {
				tt.extraCheck(t, info)
			}
		})
	}
}

// checkHello checks the build info fields of a binary of helloModule.
func checkHello(t *testing.T, info *Info, goVersion string) {
	t.Helper()
	want := Info{GoVersion: goVersion, MainPath: "example.com/hello", Module: "example.com/hello", Version: "(devel)"}
	got := Info{GoVersion: info.GoVersion, MainPath: info.MainPath, Module: info.Module, Version: info.Version, Sum: info.Sum}
	if !equalInfo(&got, &want) {
		t.Errorf("build info = %+v, want %+v", got, want)
	}
	for k, v := range map[string]string{"CGO_ENABLED": "0", "-trimpath": "true", "-compiler": "gc"} {
		if info.Settings[k] != v {
			t.Errorf("setting %s = %q, want %q", k, info.Settings[k], v)
		}
	}
	wantDeps := map[string]string{"example.com/dep": "(devel)"}
	if !equalMaps(info.Deps, wantDeps) {
		t.Errorf("Deps = %v, want %v", info.Deps, wantDeps)
	}
}

func equalInfo(a, b *Info) bool {
	return a.Path == b.Path && a.Format == b.Format && slices.Equal(a.Targets, b.Targets) &&
		a.Interpreter == b.Interpreter && a.GoVersion == b.GoVersion && a.MainPath == b.MainPath &&
		a.Module == b.Module && a.Version == b.Version && a.Sum == b.Sum &&
		equalMaps(a.Settings, b.Settings) && equalMaps(a.Deps, b.Deps)
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestReadFiles covers files that are not Go binaries, or not executables,
// or not readable at all.
func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) func(t *testing.T) string {
		return func(t *testing.T) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o755); err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	symlinks := func(name string, links map[string]string) func(t *testing.T) string {
		return func(t *testing.T) string {
			for from, to := range links {
				if err := os.Symlink(to, filepath.Join(dir, from)); err != nil {
					t.Skipf("cannot create symlinks: %v", err)
				}
			}
			return filepath.Join(dir, name)
		}
	}
	// cut writes the first n bytes of a test binary (skipping the test in
	// -short mode).
	cut := func(name, bin string, n int) func(t *testing.T) string {
		return func(t *testing.T) string {
			bins, _ := goBinaries(t)
			return write(name, prefix(t, bins[bin], n))(t)
		}
	}
	garbage := make([]byte, 64<<10)
	rand.NewChaCha8([32]byte{1, 2, 3}).Read(garbage)
	java := append([]byte{0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x41}, garbage[:200]...) // Java 21 class

	tests := []struct {
		name        string
		setup       func(t *testing.T) string
		format      Format
		targets     []Target
		interpreter string
		wantErr     error // errors.Is target; errAny for any error
		nilInfo     bool  // on error
	}{
		{name: "shell script", setup: write("script.sh", []byte("#!/bin/sh -e\necho hi\n")), format: FormatScript, interpreter: "/bin/sh"},
		{name: "env script", setup: write("tool.py", []byte("#!/usr/bin/env python3\nprint(1)\n")), format: FormatScript, interpreter: "python3"},
		{name: "empty file", setup: write("empty", nil), format: FormatUnknown},
		{name: "one byte", setup: write("one", []byte{0x7f}), format: FormatUnknown},
		{name: "text", setup: write("README", []byte("hello, world\n")), format: FormatUnknown},
		{name: "garbage", setup: write("garbage", garbage), format: FormatUnknown},
		{name: "java class", setup: write("Main.class", java), format: FormatUnknown},
		{name: "fat with no slices", setup: write("fat0", []byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0}), format: FormatUnknown},
		{name: "MZ text", setup: write("mz.txt", []byte("MZ is not an executable, just text.........................................\n")), format: FormatUnknown},
		{name: "MS-DOS exe", setup: write("dos.exe", append([]byte("MZ"), make([]byte, 200)...)), format: FormatUnknown},
		{
			name: "truncated ELF", setup: cut("trunc-elf", "linux-amd64", 100),
			format: FormatELF, wantErr: ErrMalformed,
		},
		{
			name: "truncated Mach-O", setup: cut("trunc-macho", "darwin-arm64", 100),
			format: FormatMachO, wantErr: ErrMalformed,
		},
		{
			name: "truncated PE", setup: cut("trunc-pe", "windows-amd64", 300),
			format: FormatPE, wantErr: ErrMalformed,
		},
		{
			name: "truncated universal", setup: cut("trunc-fat", "universal", 20000),
			format: FormatMachOFat, wantErr: ErrMalformed,
		},
		{
			name: "truncated ELF keeping headers", setup: cut("trunc-elf-64k", "linux-amd64", 64<<10),
			format: FormatELF, wantErr: ErrMalformed,
		},
		{name: "directory", setup: func(t *testing.T) string { return dir }, wantErr: ErrNotRegular, nilInfo: true},
		{name: "missing", setup: func(t *testing.T) string { return filepath.Join(dir, "missing") }, wantErr: os.ErrNotExist, nilInfo: true},
		{name: "symlink loop", setup: symlinks("loop", map[string]string{"loop": "loop"}), wantErr: errAny, nilInfo: true},
		{name: "symlink cycle", setup: symlinks("ping", map[string]string{"ping": "pong", "pong": "ping"}), wantErr: errAny, nilInfo: true},
		{name: "dangling symlink", setup: symlinks("dangling", map[string]string{"dangling": "nowhere"}), wantErr: os.ErrNotExist, nilInfo: true},
		{
			name: "symlink to binary", setup: func(t *testing.T) string {
				bins, _ := goBinaries(t)
				return symlinks("gopls", map[string]string{"gopls": bins["linux-arm64"]})(t)
			},
			format: FormatELF, targets: []Target{{"linux", "arm64"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.setup(t)
			info, err := Read(path)
			checkErr(t, err, tt.wantErr, path)
			if tt.nilInfo {
				if info != nil {
					t.Errorf("info = %+v, want nil", info)
				}
				return
			}
			if info == nil {
				t.Fatal("info = nil")
			}
			if info.Path != path || info.Format != tt.format || info.Interpreter != tt.interpreter {
				t.Errorf("got Path %q Format %q Interpreter %q, want %q %q %q",
					info.Path, info.Format, info.Interpreter, path, tt.format, tt.interpreter)
			}
			if !slices.Equal(info.Targets, tt.targets) {
				t.Errorf("Targets = %v, want %v", info.Targets, tt.targets)
			}
			if tt.targets == nil && (info.GoVersion != "" || info.Settings != nil || info.Deps != nil) {
				t.Errorf("unexpected build info in %+v", info)
			}
		})
	}
}

// errAny matches any non-nil error in checkErr.
var errAny = errors.New("any error")

// checkErr checks err against want (nil, errAny, or an errors.Is target)
// and, if non-nil, its message prefix.
func checkErr(t *testing.T, err, want error, path string) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want == nil:
		return
	case err == nil:
		t.Fatalf("no error, want %v", want)
	case want != errAny && !errors.Is(err, want):
		t.Errorf("error %q does not wrap %q", err, want)
	}
	if prefix := "reading build info of " + displayPath(path) + ": "; !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q does not start with %q", err, prefix)
	}
	if n := strings.Count(err.Error(), path); n != 1 {
		t.Errorf("error %q mentions the path %d times, want once", err, n)
	}
}

func TestReadErrorMessages(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		data []byte // written to path unless nil
		want string
	}{
		{name: "directory", path: dir, want: "reading build info of " + dir + ": not a regular file (directory)"},
		{name: "truncated ELF", path: filepath.Join(dir, "x"), data: makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_X86_64)[:40],
			want: "reading build info of " + filepath.Join(dir, "x") + ": parsing ELF: "},
		{name: "missing", path: filepath.Join(dir, "missing"), want: "reading build info of " + filepath.Join(dir, "missing") + ": stat: "},
		{name: "unprintable name", path: filepath.Join(dir, "a\nb"), want: `reading build info of "` + filepath.Join(dir, `a\nb"`) + ": stat: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.data != nil {
				if err := os.WriteFile(tt.path, tt.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Read(tt.path)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestReadNonUTF8Name(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux allows arbitrary bytes in file names")
	}
	bins, goVersion := goBinaries(t)
	src, err := os.ReadFile(bins["linux-amd64"])
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gopls\xff")
	if err := os.WriteFile(path, src, 0o755); err != nil {
		t.Fatal(err)
	}
	info, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Path != path || info.Format != FormatELF {
		t.Errorf("Path, Format = %q, %q; want %q, elf", info.Path, info.Format, path)
	}
	checkHello(t, info, goVersion)

	_, err = Read(path + "-missing")
	if err == nil || !strings.Contains(err.Error(), `gopls\xff-missing"`) {
		t.Errorf("error = %v, want the path quoted", err)
	}
}

func TestReadNonGoELF(t *testing.T) {
	const path = "/bin/true"
	if runtime.GOOS != "linux" {
		t.Skip("needs a Linux ELF executable")
	}
	if _, err := os.Stat(path); err != nil {
		t.Skip(err)
	}
	info, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != FormatELF {
		t.Skipf("%s is %s, not ELF", path, info.Format)
	}
	want := []Target{{"linux", runtime.GOARCH}}
	if !slices.Equal(info.Targets, want) {
		t.Errorf("Targets = %v, want %v", info.Targets, want)
	}
	if info.GoVersion != "" || info.Settings != nil || info.Deps != nil {
		t.Errorf("unexpected build info: %+v", info)
	}
}

func TestReadFromArch(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	tests := []struct {
		name   string
		data   []byte
		format Format
		target Target
	}{
		{"elf x86-64", makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_X86_64), FormatELF, Target{"linux", "amd64"}},
		{"elf x32", makeELF(elf.ELFCLASS32, elf.ELFDATA2LSB, elf.EM_X86_64), FormatELF, Target{"linux", ""}},
		{"elf 386", makeELF(elf.ELFCLASS32, elf.ELFDATA2LSB, elf.EM_386), FormatELF, Target{"linux", "386"}},
		{"elf aarch64", makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_AARCH64), FormatELF, Target{"linux", "arm64"}},
		{"elf arm", makeELF(elf.ELFCLASS32, elf.ELFDATA2LSB, elf.EM_ARM), FormatELF, Target{"linux", "arm"}},
		{"elf riscv64", makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_RISCV), FormatELF, Target{"linux", "riscv64"}},
		{"elf riscv32", makeELF(elf.ELFCLASS32, elf.ELFDATA2LSB, elf.EM_RISCV), FormatELF, Target{"linux", ""}},
		{"elf ppc64", makeELF(elf.ELFCLASS64, elf.ELFDATA2MSB, elf.EM_PPC64), FormatELF, Target{"linux", "ppc64"}},
		{"elf ppc64le", makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_PPC64), FormatELF, Target{"linux", "ppc64le"}},
		{"elf ppc", makeELF(elf.ELFCLASS32, elf.ELFDATA2MSB, elf.EM_PPC), FormatELF, Target{"linux", ""}},
		{"elf s390x", makeELF(elf.ELFCLASS64, elf.ELFDATA2MSB, elf.EM_S390), FormatELF, Target{"linux", "s390x"}},
		{"elf s390", makeELF(elf.ELFCLASS32, elf.ELFDATA2MSB, elf.EM_S390), FormatELF, Target{"linux", ""}},
		{"elf mips", makeELF(elf.ELFCLASS32, elf.ELFDATA2MSB, elf.EM_MIPS), FormatELF, Target{"linux", "mips"}},
		{"elf mipsle", makeELF(elf.ELFCLASS32, elf.ELFDATA2LSB, elf.EM_MIPS), FormatELF, Target{"linux", "mipsle"}},
		{"elf mips64", makeELF(elf.ELFCLASS64, elf.ELFDATA2MSB, elf.EM_MIPS), FormatELF, Target{"linux", "mips64"}},
		{"elf mips64le", makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_MIPS), FormatELF, Target{"linux", "mips64le"}},
		{"elf loong64", makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_LOONGARCH), FormatELF, Target{"linux", "loong64"}},
		{"elf sparcv9", makeELF(elf.ELFCLASS64, elf.ELFDATA2MSB, elf.EM_SPARCV9), FormatELF, Target{"linux", ""}},
		{"macho amd64", makeMachO(macho.Magic64, le, macho.CpuAmd64), FormatMachO, Target{"darwin", "amd64"}},
		{"macho arm64", makeMachO(macho.Magic64, le, macho.CpuArm64), FormatMachO, Target{"darwin", "arm64"}},
		{"macho 386", makeMachO(macho.Magic32, le, macho.Cpu386), FormatMachO, Target{"darwin", "386"}},
		{"macho arm", makeMachO(macho.Magic32, le, macho.CpuArm), FormatMachO, Target{"darwin", "arm"}},
		{"macho ppc big-endian", makeMachO(macho.Magic32, be, macho.CpuPpc), FormatMachO, Target{"darwin", ""}},
		{"macho ppc64 big-endian", makeMachO(macho.Magic64, be, macho.CpuPpc64), FormatMachO, Target{"darwin", ""}},
		{"pe amd64", makePE(pe.IMAGE_FILE_MACHINE_AMD64), FormatPE, Target{"windows", "amd64"}},
		{"pe 386", makePE(pe.IMAGE_FILE_MACHINE_I386), FormatPE, Target{"windows", "386"}},
		{"pe arm64", makePE(pe.IMAGE_FILE_MACHINE_ARM64), FormatPE, Target{"windows", "arm64"}},
		{"pe armnt", makePE(pe.IMAGE_FILE_MACHINE_ARMNT), FormatPE, Target{"windows", "arm"}},
		{"pe riscv64", makePE(pe.IMAGE_FILE_MACHINE_RISCV64), FormatPE, Target{"windows", ""}},
		{"pe loongarch64 (rejected by debug/pe)", makePE(pe.IMAGE_FILE_MACHINE_LOONGARCH64), FormatPE, Target{"windows", ""}},
		{"pe ia64 (rejected by debug/pe)", makePE(pe.IMAGE_FILE_MACHINE_IA64), FormatPE, Target{"windows", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := ReadFrom(bytes.NewReader(tt.data), int64(len(tt.data)), "x")
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != tt.format || !slices.Equal(info.Targets, []Target{tt.target}) {
				t.Errorf("got %s %v, want %s %v", info.Format, info.Targets, tt.format, tt.target)
			}
		})
	}
}

func TestReadFromUniversal(t *testing.T) {
	bins, goVersion := goBinaries(t)
	amd64, err := os.ReadFile(bins["darwin-amd64"])
	if err != nil {
		t.Fatal(err)
	}
	arm64, err := os.ReadFile(bins["darwin-arm64"])
	if err != nil {
		t.Fatal(err)
	}
	amdArm, err := makeFat(amd64, arm64)
	if err != nil {
		t.Fatal(err)
	}
	armAmd, err := makeFat(arm64, amd64)
	if err != nil {
		t.Fatal(err)
	}
	unknownCPU := bytes.Clone(amdArm)
	binary.BigEndian.PutUint32(unknownCPU[8+20:], uint32(macho.CpuPpc64)) // second fat_arch's cputype
	badSlice := bytes.Clone(amdArm)
	binary.BigEndian.PutUint32(badSlice[8+20+8:], 8) // second slice's offset: into the fat header
	fat64 := bytes.Clone(amdArm)
	fat64[3] = 0xbf

	tests := []struct {
		name    string
		data    []byte
		host    host
		targets []Target
		goarch  string // GOARCH setting: the slice build info was read from
		wantErr error
	}{
		{"host arm64 mac", amdArm, host{"darwin", "arm64"}, []Target{{"darwin", "amd64"}, {"darwin", "arm64"}}, "arm64", nil},
		{"host amd64 mac", amdArm, host{"darwin", "amd64"}, []Target{{"darwin", "amd64"}, {"darwin", "arm64"}}, "amd64", nil},
		{"host amd64 mac, arm64 first", armAmd, host{"darwin", "amd64"}, []Target{{"darwin", "arm64"}, {"darwin", "amd64"}}, "amd64", nil},
		{"host linux", amdArm, host{"linux", "amd64"}, []Target{{"darwin", "amd64"}, {"darwin", "arm64"}}, "amd64", nil},
		{"host linux, arm64 first", armAmd, host{"linux", "amd64"}, []Target{{"darwin", "arm64"}, {"darwin", "amd64"}}, "arm64", nil},
		{"unknown cpu", unknownCPU, host{"darwin", "arm64"}, []Target{{"darwin", "amd64"}, {"darwin", ""}}, "amd64", nil},
		{"slice at a bad offset", badSlice, host{"darwin", "arm64"}, nil, "", ErrMalformed},
		{"64-bit fat header", fat64, host{"darwin", "arm64"}, nil, "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := readFrom(bytes.NewReader(tt.data), int64(len(tt.data)), "u", tt.host)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || info == nil || info.Format != FormatMachOFat {
					t.Fatalf("got %+v, %v; want a universal Info and %v", info, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != FormatMachOFat || !slices.Equal(info.Targets, tt.targets) {
				t.Errorf("got %s %v, want %s %v", info.Format, info.Targets, FormatMachOFat, tt.targets)
			}
			if info.GoVersion != goVersion || info.Settings["GOARCH"] != tt.goarch {
				t.Errorf("build info from %s %s, want %s %s", info.GoVersion, info.Settings["GOARCH"], goVersion, tt.goarch)
			}
		})
	}
}

func TestReadFromGOOSOverride(t *testing.T) {
	bins, _ := goBinaries(t)
	tests := []struct {
		bin    string
		target Target
	}{
		{"freebsd-amd64", Target{"freebsd", "amd64"}},
		{"linux-386", Target{"linux", "386"}},
	}
	for _, tt := range tests {
		t.Run(tt.bin, func(t *testing.T) {
			info, err := Read(bins[tt.bin])
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(info.Targets, []Target{tt.target}) {
				t.Errorf("Targets = %v, want %v", info.Targets, tt.target)
			}
		})
	}
}

// errDisk is the I/O error of failingReader.
var errDisk = errors.New("disk on fire")

// failingReader reads r but fails reads that touch [from, to).
type failingReader struct {
	r        io.ReaderAt
	from, to int64
	panic    bool // panic instead of failing
}

func (f failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off < f.to && off+int64(len(p)) > f.from {
		if f.panic {
			panic("boom")
		}
		return 0, errDisk
	}
	return f.r.ReadAt(p, off)
}

func TestReadFromFailures(t *testing.T) {
	bins, _ := goBinaries(t)
	elfBin, err := os.ReadFile(bins["linux-amd64"])
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(elfBin)
	size := int64(len(elfBin))
	f, err := elf.NewFile(r)
	if err != nil {
		t.Fatal(err)
	}
	shstrtab := f.Section(".shstrtab") // read by elf.NewFile, past the first 512 bytes
	if shstrtab == nil || shstrtab.Offset < 512 {
		t.Fatal("no .shstrtab section past the first 512 bytes")
	}
	shoff := int64(shstrtab.Offset)
	bi := f.Section(".go.buildinfo")
	if bi == nil {
		t.Fatal("no .go.buildinfo section")
	}
	biOff := int64(bi.Offset)
	tests := []struct {
		name    string
		r       io.ReaderAt
		size    int64
		format  Format // "" for a nil Info
		wantErr error
		errText string
	}{
		{"negative size", r, -1, "", errAny, "invalid size -1"},
		{"I/O error at start", failingReader{r: r, from: 0, to: 1}, size, FormatUnknown, errDisk, "disk on fire"},
		{"I/O error in headers", failingReader{r: r, from: shoff, to: shoff + 1}, size, FormatELF, errDisk, "disk on fire"},
		{"I/O error in build info", failingReader{r: r, from: biOff, to: biOff + 1}, size, FormatELF, errDisk, "disk on fire"},
		{"panic in parser", failingReader{r: r, from: shoff, to: shoff + 1, panic: true}, size, FormatELF, ErrMalformed, "parsing ELF: panic: boom"},
		{"panic in build info", failingReader{r: r, from: biOff, to: biOff + 1, panic: true}, size, FormatELF, ErrMalformed, "parsing Go build info: panic: boom"},
		{"size cuts file", r, 100, FormatELF, ErrMalformed, "parsing ELF: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := ReadFrom(tt.r, tt.size, "/x/gopls")
			checkErr(t, err, tt.wantErr, "/x/gopls")
			if !strings.Contains(err.Error(), tt.errText) {
				t.Errorf("error %q does not contain %q", err, tt.errText)
			}
			switch {
			case tt.format == "" && info != nil:
				t.Errorf("info = %+v, want nil", info)
			case tt.format != "" && (info == nil || info.Format != tt.format || info.Path != "/x/gopls"):
				t.Errorf("info = %+v, want Path /x/gopls and Format %s", info, tt.format)
			}
		})
	}
}

// zeroReader is an endless file of zeros after head that counts the bytes
// read.
type zeroReader struct {
	head []byte
	read atomic.Int64
}

func (z *zeroReader) ReadAt(p []byte, off int64) (int, error) {
	z.read.Add(int64(len(p)))
	clear(p)
	if off < int64(len(z.head)) {
		copy(p, z.head[off:])
	}
	return len(p), nil
}

// TestReadFromHuge checks that a huge data segment without build info is
// searched only up to MaxRead.
func TestReadFromHuge(t *testing.T) {
	huge := uint64(1) << 36
	head := makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_X86_64, elf.Prog64{
		Type: uint32(elf.PT_LOAD), Flags: uint32(elf.PF_R | elf.PF_W),
		Off: 0x1000, Vaddr: 0x400000, Filesz: huge, Memsz: huge, Align: 0x1000,
	})
	z := &zeroReader{head: head}
	start := time.Now()
	info, err := ReadFrom(z, 1<<40, "huge")
	if err != nil {
		t.Fatal(err)
	}
	want := []Target{{"linux", "amd64"}}
	if info.Format != FormatELF || !slices.Equal(info.Targets, want) || info.GoVersion != "" {
		t.Errorf("got %+v, want a non-Go linux/amd64 ELF", info)
	}
	if n := z.read.Load(); n > MaxRead {
		t.Errorf("read %d bytes, want at most %d", n, MaxRead)
	}
	t.Logf("read %d MiB in %v", z.read.Load()>>20, time.Since(start))
}

// TestReadSparse checks that Read of a real binary grown to 8 GiB (sparse)
// is quick and still finds the build info.
func TestReadSparse(t *testing.T) {
	bins, goVersion := goBinaries(t)
	src, err := os.ReadFile(bins["linux-amd64"])
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sparse")
	if err := os.WriteFile(path, src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 8<<30); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	info, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	checkHello(t, info, goVersion)
}

func TestInfoMatches(t *testing.T) {
	universal := &Info{Targets: []Target{{"darwin", "amd64"}, {"darwin", "arm64"}}}
	intelMac := &Info{Targets: []Target{{"darwin", "amd64"}}}
	script := &Info{Format: FormatScript}
	tests := []struct {
		name            string
		info            *Info
		goos, goarch    string
		native, emulate bool
	}{
		{"universal on arm64 mac", universal, "darwin", "arm64", true, false},
		{"universal on intel mac", universal, "darwin", "amd64", true, false},
		{"universal on linux", universal, "linux", "amd64", false, false},
		{"intel on arm64 mac", intelMac, "darwin", "arm64", false, true},
		{"intel on intel mac", intelMac, "darwin", "amd64", true, false},
		{"script", script, "linux", "amd64", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.info.Matches(tt.goos, tt.goarch); got != tt.native {
				t.Errorf("Matches = %v, want %v", got, tt.native)
			}
			if got := tt.info.Emulated(tt.goos, tt.goarch); got != tt.emulate {
				t.Errorf("Emulated = %v, want %v", got, tt.emulate)
			}
		})
	}
}
