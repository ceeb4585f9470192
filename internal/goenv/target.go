package goenv

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// knownOS and knownArch are the GOOS and GOARCH values the go command knows (go/build's
// syslist.go); any other value makes every build fail with "unsupported GOOS/GOARCH pair".
var (
	knownOS = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
		"netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
	knownArch = []string{"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64",
		"mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc",
		"sparc64", "wasm"}
)

// KnownOS reports whether the go command knows goos as a GOOS value.
func KnownOS(goos string) bool { return slices.Contains(knownOS, goos) }

// KnownArch reports whether the go command knows goarch as a GOARCH value.
func KnownArch(goarch string) bool { return slices.Contains(knownArch, goarch) }

// archVars maps each GOARCH to the variable that selects its instruction-set level, as `go help
// environment` lists them; the go command reads only the one of the architecture it builds for.
var archVars = map[string]string{
	"386": "GO386", "amd64": "GOAMD64", "arm": "GOARM", "arm64": "GOARM64", "mips": "GOMIPS", "mipsle": "GOMIPS",
	"mips64": "GOMIPS64", "mips64le": "GOMIPS64", "ppc64": "GOPPC64", "ppc64le": "GOPPC64", "riscv64": "GORISCV64", "wasm": "GOWASM",
}

// ArchVar is the variable that selects goarch's instruction-set level (GOAMD64 for amd64), or "".
func ArchVar(goarch string) string { return archVars[goarch] }

// ArchVars are all the instruction-set variables, sorted.
func ArchVars() []string {
	var out []string
	for _, v := range archVars {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// TempDir is the directory the go command makes its work directories in when GOTMPDIR is empty:
// os.TempDir as h's environment makes it ($TMPDIR, else /tmp on Unix; TMP, TEMP, USERPROFILE,
// else the Windows directory on Windows). name is the variable it came from, "" for the default.
func TempDir(h host.Host) (dir, name string) {
	env := h.Env()
	switch h.OS() {
	case "windows":
		for _, n := range []string{"TMP", "TEMP", "USERPROFILE"} {
			if v := env.Get(n); v != "" {
				return v, n
			}
		}
		if w := env.Get("SystemRoot"); w != "" {
			return filepath.Join(w, "Temp"), ""
		}
		return `C:\Windows\Temp`, ""
	case "plan9":
		return "/tmp", ""
	case "android":
		if v := env.Get("TMPDIR"); v != "" {
			return v, "TMPDIR"
		}
		return "/data/local/tmp", ""
	}
	if v := env.Get("TMPDIR"); v != "" {
		return v, "TMPDIR"
	}
	return "/tmp", ""
}

// ISAValueOK reports whether value is one the go command accepts for the instruction-set
// variable name (internal/buildcfg; GO386 is checked by the compiler): "" is the default.
func ISAValueOK(name, value string) bool {
	if value == "" {
		return true
	}
	switch name {
	case "GOAMD64":
		return slices.Contains([]string{"v1", "v2", "v3", "v4"}, value)
	case "GOARM":
		v := strings.TrimSuffix(strings.TrimSuffix(value, ",softfloat"), ",hardfloat")
		return v == "5" || v == "6" || v == "7"
	case "GO386":
		return value == "sse2" || value == "softfloat"
	case "GOMIPS", "GOMIPS64":
		return value == "hardfloat" || value == "softfloat"
	case "GOPPC64":
		return value == "power8" || value == "power9" || value == "power10"
	case "GORISCV64":
		return value == "rva20u64" || value == "rva22u64" || value == "rva23u64"
	case "GOWASM":
		for _, feat := range strings.Split(value, ",") {
			if feat != "satconv" && feat != "signext" {
				return false
			}
		}
		return true
	case "GOARM64":
		v := value
		for _, suffix := range []string{",lse", ",crypto", ",lse"} {
			v = strings.TrimSuffix(v, suffix)
		}
		return len(v) == 4 && v[0] == 'v' && v[2] == '.' && v[3] >= '0' && v[3] <= '9' && (v[1] == '8' || v[1] == '9' && v[3] <= '5')
	}
	return true
}
