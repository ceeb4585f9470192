package facts

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// CCompiler is the C compiler the go command would run for cgo, as CCompiler found it.
type CCompiler struct {
	Path string // the compiler, "" when there is none to run
	Why  string // why there is none: "gcc (CC) is not on PATH", ...
	// Probe is the command that decided, when one ran (xcode-select -p on macOS), else nil.
	Probe *host.Result
}

// CCompiler finds the C compiler the go command would run: the first word of CC (go env reports
// the default, gcc or clang) looked up on PATH. On macOS /usr/bin/clang is a stub that works only
// once the Command Line Tools are installed, which xcode-select -p tells.
func (f *Facts) CCompiler() CCompiler {
	cc := strings.Fields(f.GoVar("CC"))
	if len(cc) == 0 {
		return CCompiler{Why: "CC is empty"}
	}
	name := cc[0]
	env := f.Host.Env()
	var path string
	if host.IsAbs(f.Host, name) {
		if !host.Executable(f.Host, name, host.Exts(f.Host, env.Get("PATHEXT"))) {
			return CCompiler{Why: fmt.Sprintf("CC=%s does not exist or is not executable", name)}
		}
		path = name
	} else {
		p, err := host.LookPath(f.Host, name, env.Get("PATH"), env.Get("PATHEXT"))
		if err != nil {
			return CCompiler{Why: fmt.Sprintf("%s (CC) is not on PATH", name)}
		}
		path = p
	}
	if f.Host.OS() == "darwin" && (path == "/usr/bin/clang" || path == "/usr/bin/gcc" || path == "/usr/bin/cc") {
		res := f.Run(host.Cmd{Path: "xcode-select", Args: []string{"-p"}})
		if !res.OK() {
			return CCompiler{Why: fmt.Sprintf("%s is Apple's stub, and the Command Line Tools are not installed (xcode-select -p: %s)", path, text.FirstLine(res.Output())), Probe: res}
		}
		return CCompiler{Path: path, Probe: res}
	}
	return CCompiler{Path: path}
}
