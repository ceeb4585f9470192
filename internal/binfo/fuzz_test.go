package binfo

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// FuzzReadFrom checks that ReadFrom neither panics nor hangs on any input,
// and that it only fails with ErrMalformed on an in-memory file.
func FuzzReadFrom(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	formats := []Format{FormatELF, FormatMachO, FormatMachOFat, FormatPE, FormatScript, FormatUnknown}
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := ReadFrom(bytes.NewReader(data), int64(len(data)), "fuzz")
		if info == nil {
			t.Fatalf("nil Info, error %v", err)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("error %v does not wrap ErrMalformed", err)
		}
		if err != nil && strings.Contains(err.Error(), "panic") {
			t.Logf("recovered: %v", err) // a debug/* bug, handled
		}
		if !slices.Contains(formats, info.Format) {
			t.Fatalf("Format = %q", info.Format)
		}
		if (info.Format == FormatScript || info.Format == FormatUnknown) && info.Targets != nil {
			t.Fatalf("Targets = %v for %s", info.Targets, info.Format)
		}
		if info.Format != FormatScript && info.Interpreter != "" {
			t.Fatalf("Interpreter = %q for %s", info.Interpreter, info.Format)
		}
	})
}

// fuzzSeeds returns the seed corpus of FuzzReadFrom: synthetic headers and,
// unless in -short mode, real Go binaries, whole or cut.
func fuzzSeeds(f *testing.F) [][]byte {
	seeds := [][]byte{
		nil,
		[]byte("#!/bin/sh\necho hi\n"),
		[]byte("#!/usr/bin/env -S python3 -u\n"),
		{0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x41, 0x00},
		{0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x02},
		[]byte("MZ not a PE"),
		makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_X86_64),
		makeELF(elf.ELFCLASS32, elf.ELFDATA2MSB, elf.EM_MIPS),
		makeELF(elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_X86_64, elf.Prog64{
			Type: uint32(elf.PT_LOAD), Flags: uint32(elf.PF_R | elf.PF_W), Off: 0x40, Filesz: 1 << 30, Memsz: 1 << 30,
		}),
		makeMachO(macho.Magic64, binary.LittleEndian, macho.CpuArm64),
		makeMachO(macho.Magic32, binary.BigEndian, macho.CpuPpc),
		makePE(pe.IMAGE_FILE_MACHINE_AMD64),
		makePE(pe.IMAGE_FILE_MACHINE_LOONGARCH64),
	}
	if testing.Short() {
		return seeds
	}
	bins, _ := goBinaries(f)
	for _, name := range []string{"linux-386", "darwin-arm64", "windows-amd64", "universal"} {
		seeds = append(seeds, prefix(f, bins[name], 4<<10), prefix(f, bins[name], 64<<10))
	}
	stripped, err := os.ReadFile(bins["stripped"])
	if err != nil {
		f.Fatal(err)
	}
	return append(seeds, stripped)
}
