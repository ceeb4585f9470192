package env

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// Compiler finds the C compiler the go command would run: the first word of CC (go env reports
// the default, gcc or clang) looked up on PATH. On macOS /usr/bin/clang is a stub that works only
// once the Command Line Tools are installed, which xcode-select -p tells.
func Compiler(f *facts.Facts) (path string, why string, ev []finding.Evidence) {
	cc := strings.Fields(f.GoVar("CC"))
	if len(cc) == 0 {
		return "", "CC is empty", nil
	}
	name := cc[0]
	env := f.Host.Env()
	if host.IsAbs(f.Host, name) {
		if !host.Executable(f.Host, name, host.Exts(f.Host, env.Get("PATHEXT"))) {
			return "", fmt.Sprintf("CC=%s does not exist or is not executable", name), nil
		}
		path = name
	} else {
		p, err := host.LookPath(f.Host, name, env.Get("PATH"), env.Get("PATHEXT"))
		if err != nil {
			return "", fmt.Sprintf("%s (CC) is not on PATH", name), nil
		}
		path = p
	}
	if f.Host.OS() == "darwin" && (path == "/usr/bin/clang" || path == "/usr/bin/gcc" || path == "/usr/bin/cc") {
		res := f.Run(host.Cmd{Path: "xcode-select", Args: []string{"-p"}})
		ev = append(ev, doctor.Ran(res))
		if !res.OK() {
			return "", fmt.Sprintf("%s is Apple's stub, and the Command Line Tools are not installed (xcode-select -p: %s)", path, firstLine(res.Output())), ev
		}
	}
	return path, "", ev
}

func cgo(_ context.Context, f *facts.Facts) finding.Finding {
	enabled := f.GoVar("CGO_ENABLED")
	src := f.Value("CGO_ENABLED")
	path, why, ev := Compiler(f)
	ev = append([]finding.Evidence{{Command: "CGO_ENABLED=" + enabled + " CC=" + f.GoVar("CC"), Output: "CGO_ENABLED from " + src.Where()}}, ev...)
	installFix := &finding.Fix{Summary: "Install a C compiler.", Docs: advice.DocsCgo, Commands: CompilerInstall(f.Host.OS())}
	switch {
	case enabled == "1" && path == "":
		return finding.Finding{Status: finding.Warn, Evidence: ev,
			Title: "cgo is on but there is no C compiler",
			Detail: fmt.Sprintf("CGO_ENABLED=1 (from %s), but %s. Packages that use cgo (net on some systems, os/user, sqlite drivers) fail to build with "+
				"\"cgo: C compiler %q not found\", and go test -race fails with \"-race requires cgo\".", src.Where(), why, f.GoVar("CC")),
			Fix: installFix}
	case enabled == "0" && src.Source == goenv.FromDefault && path == "":
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title: "cgo is off because there is no C compiler",
			Detail: fmt.Sprintf("The go command turns cgo off by default when it finds no C compiler (%s). Pure Go builds work; packages that need cgo are "+
				"excluded (\"build constraints exclude all Go files\") and go test -race fails with \"-race requires cgo\".", why),
			Fix: installFix}
	case enabled == "0":
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title:  "cgo is off (CGO_ENABLED=0)",
			Detail: fmt.Sprintf("Set in %s. Packages that need cgo are excluded from builds and go test -race is unavailable.", src.Where())}
	}
	return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("cgo is on; the C compiler is %s", path), Evidence: ev}
}

// CompilerInstall is the command that installs a C compiler on goos.
func CompilerInstall(goos string) []string {
	switch goos {
	case "darwin":
		return []string{"xcode-select --install"}
	case "windows":
		return []string{"winget install -e --id MSYS2.MSYS2   # then, in the MSYS2 shell: pacman -S mingw-w64-ucrt-x86_64-gcc"}
	}
	return []string{"sudo apt-get install -y gcc   # Debian/Ubuntu; Fedora: sudo dnf install gcc; Arch: sudo pacman -S gcc"}
}
