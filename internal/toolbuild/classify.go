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
	Cause   string       `json:"cause"`            // stable id, one of the Cause constants
	Summary string       `json:"summary"`          // one line
	Detail  string       `json:"detail,omitempty"` // plain words: what went wrong and what the user sees
	Tail    string       `json:"tail,omitempty"`   // the last lines (up to TailLines) of the go command's (or the tool's) own output
	Fix     *finding.Fix `json:"fix,omitempty"`    // exact commands for the user's setup; nil when there is none to give
}

// Error is the failure's summary, so that a Failure can be returned as an error.
func (fl *Failure) Error() string { return fl.Summary }

// The causes Classify and Verify name. They are stable: scripts and JSON readers match on them.
const (
	CauseProxyUnreachable     = "proxy_unreachable"     // no answer: timeout, network or host unreachable, connection reset
	CauseConnectionRefused    = "connection_refused"    // nothing listens at the server's address
	CauseDNS                  = "dns"                   // the server's name cannot be looked up
	CauseProxyConnect         = "proxyconnect"          // the HTTP(S)_PROXY on the way failed
	CauseTLS                  = "tls"                   // the server's certificate is not trusted
	CauseHTTP403              = "http_403"              // the server refused access
	CauseHTTP404              = "http_404"              // the proxy has no such module (or a file:// proxy has no such file)
	CauseHTTP410              = "http_410"              // the proxy says the module is gone
	CauseGoproxyOff           = "goproxy_off"           // GOPROXY=off and the module cache lacks the module
	CauseUnknownVersion       = "unknown_version"       // the module has no such version
	CauseModulesOff           = "modules_off"           // GO111MODULE=off
	CauseModVendor            = "mod_vendor"            // a -mod or -modfile flag in GOFLAGS
	CauseNeedsNewerGo         = "needs_newer_go"        // the module needs a newer Go and GOTOOLCHAIN forbids switching
	CauseToolchainUnavailable = "toolchain_unavailable" // the module needs a newer Go the go command could not get
	CausePermissionDenied     = "permission_denied"     // a file or directory could not be written
	CauseGOBINRelative        = "gobin_relative"        // GOBIN is not an absolute path
	CauseBuildCache           = "build_cache"           // GOCACHE cannot be used
	CauseModuleCache          = "module_cache"          // GOMODCACHE cannot be created
	CauseNoCCompiler          = "no_c_compiler"         // cgo is on and its C compiler is missing
	CauseCompileError         = "compile_error"         // the tool's code does not compile
	CauseNotMainPackage       = "not_main_package"      // the package is a library
	CauseNoPackage            = "no_package"            // the module has no such package
	CauseModuleReplaces       = "module_replaces"       // the module's go.mod has replace or exclude directives
	CauseChecksumMismatch     = "checksum_mismatch"     // the download does not match the checksum database
	CauseCrossCompile         = "cross_compile"         // the go command is not built for this machine
	CauseTimeout              = "timeout"               // the go command did not finish in time
	CauseOther                = "other"                 // anything else: the Summary quotes the go command

	CauseVerifyBuildInfo = "verify_buildinfo" // the binary is missing or has no Go build info
	CauseVerifyModule    = "verify_module"    // its build info names another package or module
	CauseVerifyVersion   = "verify_version"   // its build info names another version
	CauseVerifyPlatform  = "verify_platform"  // it is built for another OS or architecture
	CauseVerifyRun       = "verify_run"       // its version command fails or crashes
	CauseVerifyTimeout   = "verify_timeout"   // its version command hangs
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
	if offline := offlineEnvFor(f); offline && (cause == CauseUnknownVersion || cause == CauseHTTP404 || cause == CauseHTTP410) {
		// Under GOPROXY=off the build reads the module cache as a proxy (offlineEnv): a version
		// missing there is one GOPROXY=off forbids downloading.
		cause = CauseGoproxyOff
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

// causeKinds are the go command's messages each cause is named for, in the order classify tries
// them: a toolchain download is named as such whatever failed inside it; network failures come
// before everything a failed request also prints; "unknown revision" before the HTTP status that
// carried it (statusCause).
var causeKinds = []struct {
	cause string
	kinds []gocmd.Kind
}{
	{CauseToolchainUnavailable, []gocmd.Kind{gocmd.ToolchainSwitch, gocmd.ToolchainDownload, gocmd.ToolchainNotInPath, gocmd.InvalidToolchain}},
	{CauseProxyConnect, []gocmd.Kind{gocmd.ProxyConnect}},
	{CauseDNS, []gocmd.Kind{gocmd.DNS}},
	{CauseTLS, []gocmd.Kind{gocmd.TLS}},
	{CauseConnectionRefused, []gocmd.Kind{gocmd.ConnRefused}},
	{CauseProxyUnreachable, []gocmd.Kind{gocmd.Unreachable}},
	{CauseGoproxyOff, []gocmd.Kind{gocmd.GOPROXYOff}},
	{CauseModulesOff, []gocmd.Kind{gocmd.ModulesOff}},
	{CauseModVendor, []gocmd.Kind{gocmd.ModFlag, gocmd.WorkspaceModFlag}},
	{CauseNeedsNewerGo, []gocmd.Kind{gocmd.TooNew}},
	{CauseGOBINRelative, []gocmd.Kind{gocmd.GOBINRelative}},
	{CauseCrossCompile, []gocmd.Kind{gocmd.CrossCompileInstall}},
	{CauseBuildCache, []gocmd.Kind{gocmd.BuildCache}},
	{CauseModuleCache, []gocmd.Kind{gocmd.ModuleCache}},
	{CausePermissionDenied, []gocmd.Kind{gocmd.PermissionDenied}},
	{CauseNoCCompiler, []gocmd.Kind{gocmd.NoCCompiler}},
	{CauseChecksumMismatch, []gocmd.Kind{gocmd.ChecksumMismatch}},
	{CauseNotMainPackage, []gocmd.Kind{gocmd.NotMainPackage}},
	{CauseNoPackage, []gocmd.Kind{gocmd.NoSuchPackageInModule}},
	{CauseModuleReplaces, []gocmd.Kind{gocmd.ModuleReplaces}},
	{CauseUnknownVersion, []gocmd.Kind{gocmd.UnknownRevision, gocmd.NoMatchingVersions, gocmd.BadVersion}},
}

// classify names the cause of a failed run, and the message it is named for (none for a
// timeout or CauseOther). After causeKinds: an HTTP status, a file:// proxy without the file, an
// invalid version, and compiler errors last, since other failures print a "# pkg" header too (cgo).
func classify(res *host.Result, o *output) (string, gocmd.Cause) {
	if res.TimedOut {
		return CauseTimeout, gocmd.Cause{}
	}
	for _, ck := range causeKinds {
		if c, ok := o.causes.First(ck.kinds...); ok {
			return ck.cause, c
		}
	}
	if cause, c, ok := statusCause(o.causes); ok {
		return cause, c
	}
	if c, ok := o.causes.First(gocmd.GoModUpdates); ok && c.Flag == "-mod=vendor" {
		return CauseModVendor, c
	}
	if c, ok := o.causes.First(gocmd.InvalidVersion); ok {
		return CauseUnknownVersion, c
	}
	if c, ok := o.causes.First(gocmd.CompileError, gocmd.VetReport, gocmd.BuildHeader, gocmd.VetHeader); ok {
		return CauseCompileError, c
	}
	return CauseOther, gocmd.Cause{}
}

// statusCause is the cause of the proxy's answer: 403, 404 or 410, or a file:// proxy without the
// file, which for a version's .info, .mod or .zip means the version is missing, and for a list or
// @latest the module.
func statusCause(cs gocmd.Causes) (string, gocmd.Cause, bool) {
	for _, c := range cs.All(gocmd.HTTPStatus) {
		switch c.Code {
		case 403:
			return CauseHTTP403, c, true
		case 404:
			return CauseHTTP404, c, true
		case 410:
			return CauseHTTP410, c, true
		}
	}
	if c, ok := cs.First(gocmd.ProxyFileMissing); ok {
		if isVersionFile(c.URL) {
			return CauseUnknownVersion, c, true
		}
		return CauseHTTP404, c, true
	}
	return "", gocmd.Cause{}, false
}

// isVersionFile reports whether a proxy URL names one version's file rather than the module's
// list or @latest.
func isVersionFile(url string) bool {
	i := strings.LastIndex(url, "/@v/")
	if i < 0 {
		return false
	}
	rest := url[i+len("/@v/"):]
	return rest != "list" && (strings.HasSuffix(rest, ".info") || strings.HasSuffix(rest, ".mod") || strings.HasSuffix(rest, ".zip"))
}

// CauseOf is the cause Classify names for the go command's failed output res, without the words
// (for other commands that read the go command's failures, like gomedic run): one of the Cause
// constants, CauseOther when none is recognised.
func CauseOf(res *host.Result) string {
	if res == nil || res.OK() {
		return ""
	}
	cause, _ := classify(res, newOutput(res))
	return cause
}
