package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/dap"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/toolset"
)

// The checks ws.dlv waits for: it needs a dlv that is found, built for this machine and runs, and
// blames a failed build or unreadable debug information on the check that names the cause.
var (
	dlvNeeds  = []string{"tools.dlv.found", "tools.dlv.arch", "tools.dlv.runs"}
	dlvCauses = []string{"go.runs", "env.caches", "env.goflags", "env.cgo", "tools.dlv.built_with", "ws.go_directive", "ws.dlv_go"}
)

// Docs pages ws.dlv's fixes link to.
const (
	dlvDocsDebugging = "https://github.com/golang/vscode-go/blob/master/docs/debugging.md"
	dlvDocsMacOS     = "https://github.com/go-delve/delve/blob/master/Documentation/installation/osx/install.md"
)

// dlvMargin is kept from the check's time for killing dlv and its debuggee and for the report.
const dlvMargin = 2 * time.Second

func dlvCheck(ctx context.Context, f *facts.Facts) finding.Finding {
	t := toolset.Lookup("dlv")
	path := f.Tool(t).Resolution.Path
	if path == "" {
		return finding.Finding{Status: finding.Skip, Title: "dlv is not installed (see tools.dlv.found)"}
	}
	s := runDlvSession(ctx, f, path, dlvSessionTimeouts(ctx, f.Timeout))
	if s.stage == dlvAtDone {
		return dlvOK(f, s)
	}
	return dlvExplain(f, s)
}

// dlvSessionTimeouts gives each wait for dlv the --timeout, and the session as a whole what the
// check has left but a margin to clean up in.
func dlvSessionTimeouts(ctx context.Context, step time.Duration) dlvTimeouts {
	total := 2 * time.Minute
	if dl, ok := ctx.Deadline(); ok {
		total = max(time.Until(dl)-dlvMargin, time.Second)
	}
	return dlvTimeouts{step: min(step, total), total: total}
}

// dlvOK is the finding of a session that stopped at the breakpoint.
func dlvOK(f *facts.Facts, s *dlvSession) finding.Finding {
	st := s.stop
	status := finding.OK
	title := fmt.Sprintf("dlv stopped at the breakpoint and read %s = %s in %s", dlvScratchVar, st.Value, dlvSeconds(s.stopped))
	detail := fmt.Sprintf("The dlv the editor runs (%s) debugged a scratch program the way VS Code does: it was ready to connect to after %s, "+
		"built and launched the program in %s, and the program ran to the breakpoint at main.go:%d in %s.",
		s.dlv, dlvMillis(s.listened), dlvMillis(st.Launched), s.line, dlvMillis(st.Ran))
	if b := s.builder; b.version != "" {
		detail += fmt.Sprintf(" The go command built it with go%s, as it builds programs here (%s).", b.version, b.how)
	}
	if st.Value != dlvScratchValue {
		status = finding.Fail
		title = fmt.Sprintf("dlv stopped at the breakpoint but reads %s = %s, not %s", dlvScratchVar, st.Value, dlvScratchValue)
		detail += fmt.Sprintf(" There it read %s = %s (%s) where the program had just set %s; the debugger shows wrong values: it misreads the program's debug information "+
			"(a dlv built with a Go much older than the one that built the program).", dlvScratchVar, st.Value, dlvOrNoType(st.Type), dlvScratchValue)
	}
	detail += s.flagNote
	if len(s.env) > 0 {
		detail += " The editor's settings add " + strings.Join(s.env, ", ") + " to dlv's environment."
	}
	return finding.Finding{Status: status, Title: title, Detail: detail, Evidence: dlvEvidence(s)}
}

// dlvEvidence is what dlv printed and the DAP exchange as far as it went.
func dlvEvidence(s *dlvSession) []finding.Evidence {
	if s.cmd.Path == "" {
		return nil
	}
	var ev []finding.Evidence
	out := strings.TrimSpace(s.stdout)
	if s.res != nil {
		if e := strings.TrimSpace(string(s.res.Stderr)); e != "" {
			out = strings.TrimSpace(out + "\n" + e)
		}
	}
	dlvEv := finding.Evidence{Command: s.cmd.String(), Output: text.ClipNote(out, 4000)}
	if s.res != nil {
		dlvEv.DurationMS = s.res.Duration.Milliseconds()
		if s.res.Err == nil {
			code := s.res.ExitCode
			dlvEv.ExitCode = &code
		} else if !s.killedByUs() {
			dlvEv.Output = strings.TrimSpace(dlvEv.Output + "\n" + s.res.Failure())
		}
	}
	ev = append(ev, dlvEv)
	if s.stage == dlvAtDAP || s.stage == dlvAtDone {
		ev = append(ev, finding.Evidence{Command: "DAP session with dlv at " + s.addr, Output: text.ClipNote(s.transcript(), 4000)})
	}
	if s.killRes != nil {
		ev = append(ev, doctor.Ran(s.killRes))
	}
	return ev
}

// killedByUs reports whether dlv ended because the probe killed it at the end of the session,
// rather than by exiting or crashing on its own.
func (s *dlvSession) killedByUs() bool { return s.killed }

// transcript lists the steps of the DAP exchange that were done, and what dlv showed in the
// debug console.
func (s *dlvSession) transcript() string {
	var b strings.Builder
	failed := dap.Step("")
	if se := dlvStepError(s.err); se != nil {
		failed = se.Step
	}
	steps := []struct {
		step dap.Step
		text string
	}{
		{dap.StepInitialize, "initialize"},
		{dap.StepLaunch, fmt.Sprintf(`launch {"mode": "debug", "program": %q}`, s.dir)},
		{dap.StepInitialized, "event initialized"},
		{dap.StepBreakpoint, fmt.Sprintf("setBreakpoints %s:%d", filepath.Base(s.file), s.line)},
		{dap.StepConfigDone, "configurationDone"},
		{dap.StepStop, "event stopped (breakpoint)"},
		{dap.StepStackTrace, "stackTrace"},
		{dap.StepScopes, "scopes"},
		{dap.StepVariables, "variables"},
	}
	for _, st := range steps {
		if st.step == failed {
			err := dlvStepError(s.err).Err
			var re *dap.ResponseError
			if errors.As(err, &re) {
				fmt.Fprintf(&b, "%s: refused: %s\n", st.text, re.Text())
			} else {
				fmt.Fprintf(&b, "%s: %v\n", st.text, err)
			}
			break
		}
		switch {
		case st.step == dap.StepLaunch && s.stop != nil:
			fmt.Fprintf(&b, "%s: built and launched in %s\n", st.text, dlvMillis(s.stop.Launched))
		case st.step == dap.StepStop && s.stop != nil:
			fmt.Fprintf(&b, "%s at %s:%d in %s, %s after configurationDone\n", st.text, filepath.Base(s.file), s.stop.Frame.Line, s.stop.Frame.Name, dlvMillis(s.stop.Ran))
		case st.step == dap.StepVariables && s.stop != nil:
			fmt.Fprintf(&b, "%s: %s = %s (%s)\n", st.text, dlvScratchVar, s.stop.Value, dlvOrNoType(s.stop.Type))
		default:
			fmt.Fprintf(&b, "%s: ok\n", st.text)
		}
	}
	switch {
	case s.exited:
		b.WriteString("disconnect (terminateDebuggee): ok; dlv exited\n")
	case s.disconnected:
		b.WriteString("disconnect (terminateDebuggee): ok; dlv did not exit and was killed\n")
	}
	if len(s.ignored) > 0 {
		fmt.Fprintf(&b, "passed over: %s\n", strings.Join(s.ignored, ", "))
	}
	if out := strings.TrimSpace(s.output); out != "" {
		b.WriteString("debug console:\n" + out + "\n")
	}
	return strings.TrimSpace(b.String())
}

func dlvSeconds(d time.Duration) string {
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func dlvMillis(d time.Duration) string {
	if d >= 10*time.Second {
		return dlvSeconds(d)
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func dlvOrNoType(s string) string {
	if s == "" {
		return "no type"
	}
	return s
}
