package toolbuild

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
)

// Verify checks a built binary before it is activated, and returns why it must not be, or nil:
//
//   - its build info names t.Package, the module r.Module and exactly r.Version: go install
//     pkg@version records the version it resolved, a pseudo-version as it is (never "(devel)",
//     which only a build inside a checkout records, and which only r.Version "(devel)" matches);
//   - it is built for the host's OS and architecture (f.Host.OS(), f.Host.Arch());
//   - for a table tool, its version command (t.Tool.ProbeArgs) exits 0 within timeout, run with
//     GO_TELEMETRY_CHILD=2 so that gopls starts no telemetry sidecar; a tool without a version
//     flag is run with -h and must print a usage (whatever its exit code), not crash.
//
// The Failure's Cause is one of the CauseVerify constants.
func Verify(ctx context.Context, f *facts.Facts, t Target, r Resolved, binary string, timeout time.Duration) *Failure {
	info, err := readInfo(f.Host, binary)
	if err != nil {
		return verifyFailure(CauseVerifyBuildInfo, fmt.Sprintf("cannot read the build info of %s", binary), err.Error())
	}
	if info.GoVersion == "" {
		return verifyFailure(CauseVerifyBuildInfo, fmt.Sprintf("%s is not a Go program with build info", binary),
			fmt.Sprintf("go install wrote %s, but it holds no Go build info (format %s): it is not what go install builds.", binary, info.Format))
	}
	if info.MainPath != t.Package || info.Module != r.Module {
		return verifyFailure(CauseVerifyModule, fmt.Sprintf("%s is %s from module %s, not %s from %s", binary, orNone(info.MainPath), orNone(info.Module), t.Package, r.Module),
			"Its build info names another program than the one asked for: something else wrote to the store directory while it was built.")
	}
	if info.Version != r.Version {
		return verifyFailure(CauseVerifyVersion, fmt.Sprintf("%s is %s %s, not %s", binary, info.Module, orNone(info.Version), r.Version),
			fmt.Sprintf("go install %s@%s records that version in the binary; this one names %s, so it was not built from the version resolved.", t.Package, r.Version, orNone(info.Version)))
	}
	if fl := verifyPlatform(f, info, binary); fl != nil {
		return fl
	}
	if t.Tool == nil {
		return nil
	}
	return verifyRuns(ctx, f, t, binary, timeout)
}

func readInfo(h host.Host, binary string) (*binfo.Info, error) {
	file, err := h.Open(binary)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return binfo.ReadFrom(file, file.Size(), binary)
}

func verifyPlatform(f *facts.Facts, info *binfo.Info, binary string) *Failure {
	goos, goarch := f.Host.OS(), f.Host.Arch()
	var built []string
	for _, tg := range info.Targets {
		if tg.OS == goos && tg.Arch == goarch {
			return nil
		}
		built = append(built, tg.String())
	}
	fl := verifyFailure(CauseVerifyPlatform, fmt.Sprintf("%s is built for %s, not for this %s/%s machine", binary, orNone(strings.Join(built, ", ")), goos, goarch),
		fmt.Sprintf("gomedic builds tools with GOOS=%s GOARCH=%s; this binary targets %s (its build settings say GOOS=%s GOARCH=%s), so it would not run here or would run emulated.",
			goos, goarch, orNone(strings.Join(built, ", ")), orNone(info.Settings["GOOS"]), orNone(info.Settings["GOARCH"])))
	return fl
}

// reUsage is what a program's -h output holds when it prints a usage.
var reUsage = regexp.MustCompile(`(?i)usage|flags:|options:`)

func verifyRuns(ctx context.Context, f *facts.Facts, t Target, binary string, timeout time.Duration) *Failure {
	tool := t.Tool
	c := host.Cmd{
		Path: binary, Args: tool.ProbeArgs(), Dir: filepath.Dir(binary),
		Env:     f.Host.Env().With("GO_TELEMETRY_CHILD=2").Environ(),
		Timeout: timeout, OutputLimit: 64 << 10,
	}
	res := f.Host.Run(ctx, c)
	tail := newOutput(res).tail(TailLines)
	switch {
	case res.TimedOut:
		detail := fmt.Sprintf("The new %s does not answer when asked its version: it was stopped and is not activated.", t.Name)
		if tool.Feature != "" || tool.Symptoms.Hang != "" {
			detail += fmt.Sprintf(" Activated, it would hang in the editor too: %s.", tool.HangSymptom())
		}
		fl := verifyFailure(CauseVerifyTimeout, fmt.Sprintf("`%s` did not finish within %s", c.String(), timeout), detail)
		fl.Tail = tail
		return fl
	case res.Err != nil:
		fl := verifyFailure(CauseVerifyRun, fmt.Sprintf("`%s` failed: %v", c.String(), res.Err),
			fmt.Sprintf("The new %s does not run: %s", t.Name, res.Failure()))
		fl.Tail = tail
		return fl
	case tool.HelpOnly():
		if !reUsage.MatchString(res.Output()) {
			fl := verifyFailure(CauseVerifyRun, fmt.Sprintf("`%s` printed no usage (exit status %d)", c.String(), res.ExitCode),
				fmt.Sprintf("Asked for its usage, the new %s printed something else: it does not work as %s.", t.Name, t.Name))
			fl.Tail = tail
			return fl
		}
	case res.ExitCode != 0:
		fl := verifyFailure(CauseVerifyRun, fmt.Sprintf("`%s` exited with status %d", c.String(), res.ExitCode),
			fmt.Sprintf("The new %s fails when asked its version: %s", t.Name, res.Failure()))
		fl.Tail = tail
		return fl
	}
	return nil
}

func verifyFailure(cause gocmd.Reason, summary, detail string) *Failure {
	return &Failure{Cause: cause, Summary: summary, Detail: detail,
		Fix: &finding.Fix{Summary: "The previous version stays active. Install again; if it fails the same way, report it with this output."}}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
