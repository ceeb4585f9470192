package binfo

import (
	"debug/elf"
	"debug/macho"
	"debug/pe"
)

// elfArch returns the GOARCH of an ELF machine type, class and byte order,
// or "" if Go has no such port.
func elfArch(m elf.Machine, class elf.Class, data elf.Data) string {
	is64 := class == elf.ELFCLASS64
	little := data == elf.ELFDATA2LSB
	switch m {
	case elf.EM_386:
		return archIf(!is64, "386")
	case elf.EM_X86_64:
		return archIf(is64, "amd64") // not the x32 ABI
	case elf.EM_ARM:
		return archIf(!is64 && little, "arm")
	case elf.EM_AARCH64:
		return archIf(is64 && little, "arm64")
	case elf.EM_RISCV:
		return archIf(is64 && little, "riscv64")
	case elf.EM_PPC64:
		return archIf(is64, endianArch(little, "ppc64"))
	case elf.EM_S390:
		return archIf(is64, "s390x")
	case elf.EM_MIPS:
		if is64 {
			return endianArch(little, "mips64")
		}
		return endianArch(little, "mips")
	case elf.EM_LOONGARCH:
		return archIf(is64, "loong64")
	}
	return ""
}

// archIf returns arch if ok, else "".
func archIf(ok bool, arch string) string {
	if ok {
		return arch
	}
	return ""
}

// endianArch returns arch, with the "le" suffix Go uses for the
// little-endian variant if little.
func endianArch(little bool, arch string) string {
	if little {
		return arch + "le"
	}
	return arch
}

// machoArch returns the GOARCH of a Mach-O CPU type, or "" if Go has no
// such port.
func machoArch(cpu macho.Cpu) string {
	switch cpu {
	case macho.Cpu386:
		return "386"
	case macho.CpuAmd64:
		return "amd64"
	case macho.CpuArm:
		return "arm"
	case macho.CpuArm64:
		return "arm64"
	}
	return ""
}

// peArch returns the GOARCH of a PE machine type, or "" if Go has no such
// Windows port.
func peArch(machine uint16) string {
	switch machine {
	case pe.IMAGE_FILE_MACHINE_I386:
		return "386"
	case pe.IMAGE_FILE_MACHINE_AMD64:
		return "amd64"
	case pe.IMAGE_FILE_MACHINE_ARMNT:
		return "arm"
	case pe.IMAGE_FILE_MACHINE_ARM64:
		return "arm64"
	}
	return ""
}
