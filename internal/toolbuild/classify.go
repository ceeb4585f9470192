package toolbuild

import (
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
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
	c := &failureCtx{f: f, t: t, version: version, res: res, o: o}
	cause := classify(res, o)
	if offline := offlineEnvFor(f); offline && (cause == CauseUnknownVersion || cause == CauseHTTP404 || cause == CauseHTTP410) {
		// Under GOPROXY=off the build reads the module cache as a proxy (offlineEnv): a version
		// missing there is one GOPROXY=off forbids downloading.
		cause = CauseGoproxyOff
	}
	fl := c.explain(cause)
	fl.Tail = o.tail(TailLines)
	return fl
}

// output is the go command's output, split into lines.
type output struct {
	text  string
	lines []string
}

func newOutput(res *host.Result) *output {
	text := strings.TrimSpace(string(res.Stdout) + "\n" + string(res.Stderr))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var lines []string
	if text != "" {
		lines = strings.Split(text, "\n")
	}
	return &output{text: text, lines: lines}
}

func (o *output) has(subs ...string) bool {
	for _, s := range subs {
		if strings.Contains(o.text, s) {
			return true
		}
	}
	return false
}

// line is the first line holding one of subs, trimmed, or "".
func (o *output) line(subs ...string) string {
	for _, l := range o.lines {
		for _, s := range subs {
			if strings.Contains(l, s) {
				return strings.TrimSpace(l)
			}
		}
	}
	return ""
}

// match is the first match of re on a line, or nil.
func (o *output) match(re *regexp.Regexp) []string {
	for _, l := range o.lines {
		if m := re.FindStringSubmatch(l); m != nil {
			return m
		}
	}
	return nil
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
		if strings.HasPrefix(l, "go: ") && !strings.HasPrefix(l, "go: downloading ") {
			return l
		}
	}
	for _, l := range o.lines {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "go: downloading ") {
			return l
		}
	}
	return ""
}

// The go command's messages Classify recognises, with the cmd/go or net/http code that prints them.
var (
	// modfetch: `Get "https://proxy.golang.org/...": dial tcp ...`, `reading https://...: 404 Not Found`.
	reURL    = regexp.MustCompile(`(?:Get|Head) "([^"]+)"|reading ((?:https?|file)://\S+?):? `)
	reStatus = regexp.MustCompile(`: (403 Forbidden|404 Not Found|410 Gone)\b`)
	// gover.TooNewError: "example.com/x@v1.0.0 requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)".
	reNeedsGo = regexp.MustCompile(`(\S+) requires go >= (\S+) \(running go ([^;)\s]+)(?:; GOTOOLCHAIN=([^;)\s]+))?`)
	// toolchain.Switcher and toolchain.Select: "switching to go >= 1.99: ...", "download go1.99.0 for linux/amd64: toolchain not available".
	reSwitch     = regexp.MustCompile(`switching to go >= (\S+): (.*)`)
	reDownloadGo = regexp.MustCompile(`download (go\d\S*?)(?: for \S+)?: (.*)`)
	// cgo: `cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`.
	reCC = regexp.MustCompile(`C compiler "([^"]+)" not found`)
	// A compiler (or vet, asm, cgo) message with a position: "path/main.go:4:2: undefined: x".
	rePos = regexp.MustCompile(`^(\S+\.(?:go|s|c|h|cc|cpp|cxx|m|syso)):(\d+)(?::(\d+))?: (.+)$`)
	// The header the go command prints above a package's build errors: "# example.com/x".
	reHeader = regexp.MustCompile(`^# \S+$`)
	// os errors: "open /x/y: permission denied", "mkdir C:\x: Access is denied.".
	rePerm = regexp.MustCompile(`(\S+): (permission denied|operation not permitted|read-only file system|Access is denied)`)
	// A network failure in a request's error.
	reNet = regexp.MustCompile(`(?:Get|Head) "|dial tcp|proxyconnect|tls: |x509: `)
)

// classify names the cause of a failed run. The order matters: a toolchain download is named as
// such whatever failed inside it; network failures come before HTTP statuses; "unknown revision"
// before the status that carried it; compiler errors last, since other failures print a "# pkg"
// header too (cgo).
func classify(res *host.Result, o *output) string {
	netLine := func(subs ...string) bool {
		for _, l := range o.lines {
			if reNet.MatchString(l) {
				for _, s := range subs {
					if strings.Contains(l, s) {
						return true
					}
				}
			}
		}
		return false
	}
	switch {
	case res.TimedOut:
		return CauseTimeout
	case o.match(reSwitch) != nil || o.match(reDownloadGo) != nil || o.has("toolchain not available", "invalid toolchain", "cannot find \"go1"):
		return CauseToolchainUnavailable
	case netLine("proxyconnect "):
		return CauseProxyConnect
	case netLine("no such host", "server misbehaving", "name resolution", "no suitable address found", "dial tcp: lookup "):
		return CauseDNS
	case netLine("x509: ", "tls: ", "certificate"):
		return CauseTLS
	case netLine("connection refused", "actively refused"):
		return CauseConnectionRefused
	case netLine("i/o timeout", "timed out", "Timeout exceeded", "deadline exceeded", "unreachable", "no route to host", "connection reset", "broken pipe", "EOF",
		"network is down", "forcibly closed", "TLS handshake timeout"):
		return CauseProxyUnreachable
	case o.has("module lookup disabled by GOPROXY=off"):
		return CauseGoproxyOff
	case o.has("modules disabled by GO111MODULE=off", "cannot be used with GO111MODULE=off"):
		return CauseModulesOff
	case o.has("cannot query module due to -mod=", "module lookup disabled by -mod=", "-modfile was set", "-mod may only be set", "-mod=vendor"):
		return CauseModVendor
	case o.match(reNeedsGo) != nil:
		return CauseNeedsNewerGo
	case o.has("GOBIN must be an absolute path"):
		return CauseGOBINRelative
	case o.has("cannot install cross-compiled binaries when GOBIN is set"):
		return CauseCrossCompile
	case o.has("failed to initialize build cache", "build cache is disabled by GOCACHE=off", "build cache is required", "GOCACHE is not", "writing build cache"):
		return CauseBuildCache
	case o.has("could not create module cache", "GOMODCACHE entry is relative", "module cache not found"):
		return CauseModuleCache
	case o.match(rePerm) != nil:
		return CausePermissionDenied
	case o.match(reCC) != nil || o.has("C compiler cannot", "invalid active developer path", "xcrun: error"):
		return CauseNoCCompiler
	case o.has("SECURITY ERROR", "checksum mismatch"):
		return CauseChecksumMismatch
	case o.has("is not a main package"):
		return CauseNotMainPackage
	case o.has("but does not contain package"):
		return CauseNoPackage
	case o.has("contains one or more replace directives", "contains one or more exclude directives", "must not contain directives"):
		return CauseModuleReplaces
	case o.has("unknown revision", "no matching versions for query", "invalid pseudo-version", "disallowed version string"):
		return CauseUnknownVersion
	}
	if m := o.match(reStatus); m != nil {
		switch m[1][:3] {
		case "403":
			return CauseHTTP403
		case "404":
			return CauseHTTP404
		case "410":
			return CauseHTTP410
		}
	}
	if u := o.match(reURL); u != nil && o.has("no such file or directory", "cannot find the file", "cannot find the path") {
		// A file:// proxy without the file: for a version's .info, .mod or .zip the version is
		// missing; for a list or @latest, the module.
		if url := u[1] + u[2]; isVersionFile(url) {
			return CauseUnknownVersion
		}
		return CauseHTTP404
	}
	switch {
	case o.has("invalid version"):
		return CauseUnknownVersion
	case o.match(rePos) != nil || o.match(reHeader) != nil:
		return CauseCompileError
	}
	return CauseOther
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
	return classify(res, newOutput(res))
}
