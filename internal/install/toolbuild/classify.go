package toolbuild

import (
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
)

// Failure is why a resolve, build or verification failed, in the user's words.
type Failure struct {
	Cause   gocmd.Reason `json:"cause"`            // stable id: a gocmd.Reason, or one of the CauseVerify constants
	Summary string       `json:"summary"`          // one line
	Detail  string       `json:"detail,omitempty"` // plain words: what went wrong and what the user sees
	Tail    string       `json:"tail,omitempty"`   // the last lines (up to TailLines) of the go command's (or the tool's) own output
	Fix     *finding.Fix `json:"fix,omitempty"`    // exact commands for the user's setup; nil when there is none to give
}

// Error is the failure's summary, so that a Failure can be returned as an error.
func (fl *Failure) Error() string { return fl.Summary }

// The causes Verify names, beside the go command's reasons (gocmd.Reason*) that Classify names.
// They are stable: scripts and JSON readers match on them.
const (
	CauseVerifyBuildInfo gocmd.Reason = "verify_buildinfo" // the binary is missing or has no Go build info
	CauseVerifyModule    gocmd.Reason = "verify_module"    // its build info names another package or module
	CauseVerifyVersion   gocmd.Reason = "verify_version"   // its build info names another version
	CauseVerifyPlatform  gocmd.Reason = "verify_platform"  // it is built for another OS or architecture
	CauseVerifyRun       gocmd.Reason = "verify_run"       // its version command fails or crashes
	CauseVerifyTimeout   gocmd.Reason = "verify_timeout"   // its version command hangs
)

// TailLines is how many of the last lines of output a Failure quotes.
const TailLines = 15

// Classify explains why res, a run of `go list -m` by Resolve or of `go install` by Build for t at
// version (the query, for Resolve), failed: the cause, recognised from the go command's own
// messages, in the user's words, with the fix for where the user's settings came from. It
// returns nil when res is nil or succeeded.
func Classify(f *facts.Facts, t Target, version string, res *host.Result) *Failure {
	if res == nil || res.OK() {
		return nil
	}
	o := newOutput(res)
	cause, msg := classify(res, o)
	if offline := offlineEnvFor(f); offline && (cause == gocmd.ReasonUnknownVersion || cause == gocmd.ReasonHTTP404 || cause == gocmd.ReasonHTTP410) {
		// Under GOPROXY=off the build reads the module cache as a proxy (offlineEnv): a version
		// missing there is one GOPROXY=off forbids downloading.
		cause = gocmd.ReasonGoproxyOff
	}
	c := &failureCtx{f: f, t: t, version: version, res: res, o: o, msg: msg}
	fl := c.explain(cause)
	fl.Tail = o.tail(TailLines)
	return fl
}

// output is the go command's output, split into lines and read by gocmd.
type output struct {
	lines  []string
	causes gocmd.Causes
}

func newOutput(res *host.Result) *output {
	text := strings.TrimSpace(string(res.Stdout) + "\n" + string(res.Stderr))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var lines []string
	if text != "" {
		lines = strings.Split(text, "\n")
	}
	return &output{lines: lines, causes: gocmd.Parse(text)}
}

// said is the line of the first message of one of kinds, trimmed, or "".
func (o *output) said(kinds ...gocmd.Kind) string {
	if c, ok := o.causes.First(kinds...); ok {
		return strings.TrimSpace(c.Line)
	}
	return ""
}

// url is the URL of the first failed request, as the go command printed it.
func (o *output) url() string {
	for _, c := range o.causes {
		if c.URL != "" {
			return c.URL
		}
	}
	return ""
}

func (o *output) tail(n int) string {
	lines := o.lines
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// firstError is the go command's first message that is not progress: the line a user would read
// first.
func (o *output) firstError() string {
	for _, l := range o.lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "go: ") && !gocmd.IsProgress(l) {
			return l
		}
	}
	for _, l := range o.lines {
		if l = strings.TrimSpace(l); l != "" && !gocmd.IsProgress(l) {
			return l
		}
	}
	return ""
}

// networkKinds are the failures of a request, in the order classify names them: the proxy on the
// way before the name lookup, before TLS, before the connection.
var networkKinds = []gocmd.Kind{gocmd.ProxyConnect, gocmd.DNS, gocmd.TLS, gocmd.ConnRefused, gocmd.Unreachable}

// classify names the reason of a failed run, and the message it is named for (none for a
// timeout or gocmd.ReasonOther).
func classify(res *host.Result, o *output) (gocmd.Reason, gocmd.Cause) {
	if res.TimedOut {
		return gocmd.ReasonTimeout, gocmd.Cause{}
	}
	return o.causes.Reason()
}
