package env

import (
	"context"
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/text"
)

func valueEvidence(v goenv.Value) []finding.Evidence {
	out := "from " + v.Where()
	for _, s := range v.Shadowed {
		out += fmt.Sprintf("\nalso %s=%s in %s (overridden)", s.Name, s.Value, s.Where())
	}
	return []finding.Evidence{{Command: v.Name + "=" + v.Value, Output: out}}
}

func go111module(_ context.Context, f *facts.Facts) finding.Finding {
	v := f.Value("GO111MODULE")
	ev := valueEvidence(v)
	switch strings.TrimSpace(v.Value) {
	case "off":
		return finding.Finding{Status: finding.Fail, Evidence: ev,
			Title: "GO111MODULE=off turns modules off",
			Detail: fmt.Sprintf("%s. Installing any tool fails with \"go: modules disabled by GO111MODULE=off; see 'go help modules'\" (this is the usual cause of "+
				"\"N tools failed to install\"), and gopls cannot load a module: imports of dependencies are reported as not found.", advice.Where(v)),
			Fix: advice.Unset(f, v, " (module mode is the default since Go 1.16)")}
	case "", "on", "auto":
	default:
		return finding.Finding{Status: finding.Fail, Evidence: ev,
			Title:  fmt.Sprintf("GO111MODULE=%s is not a value the go command accepts", v.Value),
			Detail: fmt.Sprintf("%s. Every go command that loads packages fails with \"go: unknown environment setting GO111MODULE=%s\" (go env -json too), so gopls and tool installs fail.", advice.Where(v), v.Value),
			Fix:    advice.Unset(f, v, "")}
	}
	for _, s := range v.Shadowed {
		if s.Value == "off" {
			return finding.Finding{Status: finding.Warn, Evidence: ev,
				Title: fmt.Sprintf("GO111MODULE=%s in your environment hides GO111MODULE=off in %s", v.Value, s.Where()),
				Detail: fmt.Sprintf("Your shell sets GO111MODULE=%s, but %s sets it to off. Programs started without your shell's environment — an editor launched from the desktop or the Dock, a service — "+
					"get off: their tool installs fail with \"modules disabled by GO111MODULE=off\".", v.Value, s.Where()),
				Fix: advice.Unset(f, s, "")}
		}
	}
	if v.Source == goenv.FromDefault {
		return finding.Finding{Status: finding.OK, Title: "GO111MODULE is not set (module mode)", Evidence: ev}
	}
	return finding.Finding{Status: finding.OK, Title: "GO111MODULE=" + v.Value, Evidence: ev}
}

// goflags has the go command parse GOFLAGS: `go list -m` applies every build flag in it and
// rejects what it does not accept (4 ms: listing the main module loads no packages), in GOROOT,
// which is not a module, so the workspace cannot interfere.
func goflags(_ context.Context, f *facts.Facts) finding.Finding {
	v := f.Value("GOFLAGS")
	ev := valueEvidence(v)
	if strings.TrimSpace(v.Value) == "" {
		return finding.Finding{Status: finding.OK, Title: "GOFLAGS is not set", Evidence: ev}
	}
	if fls := goenv.EnvCmdFlags(v.Value); len(fls) > 0 {
		return goflagsEnvCmd(f, v, fls[0], ev)
	}
	res := f.Run(f.GoflagsCmd())
	ev = append(ev, doctor.Ran(res))
	if !res.OK() {
		msg := text.FirstLine(res.Output())
		if res.TimedOut {
			msg = res.Failure()
		}
		return finding.Finding{Status: finding.Fail, Evidence: ev,
			Title:  "GOFLAGS holds a flag the go command rejects",
			Detail: fmt.Sprintf("%s. The go command applies GOFLAGS to every build, list and install and fails with:\n  %s\nso gopls cannot load packages and every tool install fails.", advice.Where(v), msg),
			Fix:    advice.Unset(f, v, "")}
	}
	for _, flag := range strings.Fields(v.Value) {
		switch strings.TrimLeft(flag, "-") {
		case "mod=vendor":
			return finding.Finding{Status: finding.Warn, Evidence: ev,
				Title: "GOFLAGS=-mod=vendor breaks tool installs",
				Detail: fmt.Sprintf("%s. Every go install of a tool fails with \"go: golang.org/x/tools/gopls@latest: cannot query module due to -mod=vendor\", "+
					"and in modules without a vendor directory builds fail with \"inconsistent vendoring\". Since Go 1.14 the go command uses vendor/ by itself when it is present.", advice.Where(v)),
				Fix: advice.Unset(f, v, "")}
		case "mod=mod":
			return finding.Finding{Status: finding.Info, Evidence: ev,
				Title:  "GOFLAGS=-mod=mod lets every go command rewrite go.mod and go.sum",
				Detail: fmt.Sprintf("%s. Tool installs work with it (since Go 1.16 go install pkg@version ignores the workspace), but builds, tests and gopls may edit go.mod silently.", advice.Where(v))}
		}
	}
	return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("GOFLAGS=%s is accepted", v.Value), Evidence: ev}
}

func gotoolchain(_ context.Context, f *facts.Facts) finding.Finding {
	v := f.Value("GOTOOLCHAIN")
	ev := valueEvidence(v)
	val := v.Value
	if v.Source == goenv.FromDefault && val == "" {
		return finding.Finding{Status: finding.Skip, Title: "GOTOOLCHAIN is not set anywhere gomedic can read, and go env did not report it", Evidence: ev}
	}
	if msg := goenv.ToolchainError(val); msg != "" {
		return finding.Finding{Status: finding.Fail, Evidence: ev,
			Title:  fmt.Sprintf("GOTOOLCHAIN=%s is not a value the go command accepts", val),
			Detail: fmt.Sprintf("%s. Every go command, even go version, fails with \"go: %s\"; gopls and the editor cannot run go at all.", advice.Where(v), msg),
			Fix:    advice.Unset(f, v, "")}
	}
	min, mode, _ := strings.Cut(val, "+")
	if val == "auto" || val == "path" {
		min, mode = "local", val
	}
	proxy := f.Value("GOPROXY")
	if min != "local" {
		if fd, ok := unobtainableToolchain(f, v, min, ev); ok {
			return fd
		}
	}
	switch {
	case min == "local" && mode == "":
		return localToolchain(f, v, ev)
	case mode == "auto" && strings.TrimSpace(proxy.Value) == "off":
		return finding.Finding{Status: finding.Warn, Evidence: append(ev, valueEvidence(proxy)...),
			Title: fmt.Sprintf("GOTOOLCHAIN=%s cannot download toolchains with GOPROXY=off", val),
			Detail: fmt.Sprintf("%s lets the go command download the newer toolchain a go.mod or go.work asks for, but %s: a module that needs a newer Go fails with "+
				"\"go: download go1.N for %s/%s: toolchain not available\".", advice.Where(v), advice.Where(proxy), f.Host.OS(), f.Host.Arch())}
	case min != "local":
		newer := ""
		if mode != "" {
			newer = " (or the newer release a go.mod or go.work asks for)"
		}
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title:  fmt.Sprintf("GOTOOLCHAIN=%s: every go command runs %s%s", val, min, newer),
			Detail: fmt.Sprintf("%s. The go on PATH hands every command to %s%s (found on PATH, else downloaded once through GOPROXY), whatever release is installed, older or newer.", advice.Where(v), min, newer)}
	}
	return finding.Finding{Status: finding.OK, Title: "GOTOOLCHAIN=" + val, Evidence: ev}
}

// unobtainableToolchain is the failure of a GOTOOLCHAIN that names a toolchain (go1.99.0,
// go1.30.0+auto) the go command cannot get: it switches every command to it (older or newer than
// the installed Go: cmd/go/internal/toolchain.Select), so when go env itself failed getting that
// release, nothing the go command does works. A language version (go1.27) is never a toolchain
// since Go 1.21's releases are go1.N.0, .1, ...: the download finds nothing ("invalid toolchain:
// go1.27 is a language version but not a toolchain version (go1.27.x)"), or fails on the network
// first. The fix sets auto (the default of Go's release archives; removing the setting would
// bring back whatever GOROOT/go.env says, local on some distributions); go env -w
// GOTOOLCHAIN=... is the one go env the installed go runs itself, go env -u switches first.
func unobtainableToolchain(f *facts.Facts, v goenv.Value, min string, ev []finding.Evidence) (finding.Finding, bool) {
	res := f.GoEnv()
	if res.OK() || res.Result == nil {
		return finding.Finding{}, false
	}
	out := res.Result.Output()
	cs := gocmd.Parse(out)
	// A golang.org/dl wrapper of that release on PATH that was never downloaded is go.runs's to
	// explain: its remedy is the wrapper's download, not another GOTOOLCHAIN.
	d, failed := cs.First(gocmd.ToolchainDownload)
	inv, invalid := cs.First(gocmd.InvalidToolchain)
	if !(failed && d.Toolchain == min) && !(invalid && inv.Toolchain == min && inv.Path == "") {
		return finding.Finding{}, false
	}
	fix := advice.Set(f, "GOTOOLCHAIN", "auto", " so the go command runs the Go installed here and switches only when a module needs a newer one")
	if v.Source == goenv.FromUserFile {
		fix.Commands = []string{"GOTOOLCHAIN=local go env -w GOTOOLCHAIN=auto   # go env -u GOTOOLCHAIN would switch to " + min + " first, and fail"}
	}
	title := fmt.Sprintf("GOTOOLCHAIN=%s names a toolchain the go command cannot get", v.Value)
	lang := ""
	if goenv.IsLangVersion(min) {
		title = fmt.Sprintf("GOTOOLCHAIN=%s names a language version, not a toolchain: every go command fails", v.Value)
		lang = fmt.Sprintf("%s is a language version: its releases are %s.0, %s.1, ..., and no toolchain is named %s, so the switch can never succeed.\n", min, min, min, min)
		fix.Summary += fmt.Sprintf(" To run Go %s itself, name a release (GOTOOLCHAIN=%s.0), which the go command downloads through GOPROXY.", strings.TrimPrefix(min, "go"), min)
	}
	return finding.Finding{Status: finding.Fail, Evidence: append(ev, doctor.Ran(res.Result)), Fix: fix,
		Title: title,
		Detail: fmt.Sprintf("%s makes every go command switch to %s first, and getting it failed:\n%s\n%sSo every go command — builds, tests, gopls's package loads, tool installs, even go env — fails the same way.",
			advice.Where(v), min, text.FirstLines(out, 4), lang)}, true
}

// localToolchain judges GOTOOLCHAIN=local by what it prevents for tools: while the installed Go is
// not the newest release, the newest tools (which follow it) cannot be installed. With the newest
// Go, local changes nothing today. A workspace whose go line local keeps from being satisfied is
// ws.go_directive's finding, not a second one here.
func localToolchain(f *facts.Facts, v goenv.Value, ev []finding.Evidence) finding.Finding {
	local := goenv.Normalize(f.GoVar("GOVERSION"))
	fix := advice.Set(f, "GOTOOLCHAIN", "auto", " so the go command can fetch the toolchain a module or tool needs")
	if v.Source == goenv.FromUserFile && len(v.Shadowed) > 0 && v.Shadowed[0].Value != "local" {
		fix = advice.Unset(f, v, fmt.Sprintf(" so %s applies (%s)", v.Shadowed[0].Where(), v.Shadowed[0].Value))
	}
	newest := f.NewestGo()
	if local != "" && goenv.Minor(local) >= goenv.Minor(newest) {
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title: fmt.Sprintf("GOTOOLCHAIN=local: fine while %s is the newest release", goenv.Lang(local)),
			Detail: fmt.Sprintf("%s: the go command never downloads another toolchain. Nothing needs one today; when a tool or module needs the next release, "+
				"installs will fail with \"requires go >= ... (GOTOOLCHAIN=local)\" until Go is upgraded.", advice.Where(v))}
	}
	return finding.Finding{Status: finding.Warn, Evidence: ev, Fix: fix,
		Title: "GOTOOLCHAIN=local: tools and modules that need a newer Go cannot be built",
		Detail: fmt.Sprintf("%s. The go command will never switch to a newer toolchain, and %s is older than the newest release (%s), which the newest gopls and other tools "+
			"follow: installing them fails with \"requires go >= %s (%sGOTOOLCHAIN=local)\".",
			advice.Where(v), orDash(local), newest, strings.TrimPrefix(newest, "go"), runningNote(local))}
}

// runningNote is the "running go 1.26.8; " part of the go command's "requires go >= ..." message
// for the local Go version local; "" when the version is unknown.
func runningNote(local string) string {
	if local == "" {
		return ""
	}
	return "running go " + strings.TrimPrefix(local, "go") + "; "
}

func orDash(s string) string {
	if s == "" {
		return "the installed Go"
	}
	return s
}
