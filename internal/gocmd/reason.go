package gocmd

import "strings"

// Reason is why a go command failed, at the level a remedy is chosen: the proxy did not answer,
// modules are off, the toolchain could not be had. Several kinds of message make one reason (a
// toolchain download that failed on DNS is a toolchain that could not be had). Reasons are stable
// ids: `gomedic tools install --json` prints them, and `gomedic run` names the same ones.
type Reason string

// The reasons, in the order Reason tries them (see reasonKinds).
const (
	ReasonProxyUnreachable     Reason = "proxy_unreachable"     // no answer: timeout, network or host unreachable, connection reset
	ReasonConnectionRefused    Reason = "connection_refused"    // nothing listens at the server's address
	ReasonDNS                  Reason = "dns"                   // the server's name cannot be looked up
	ReasonProxyConnect         Reason = "proxyconnect"          // the HTTP(S)_PROXY on the way failed
	ReasonTLS                  Reason = "tls"                   // the server's certificate is not trusted
	ReasonHTTP403              Reason = "http_403"              // the server refused access
	ReasonHTTP404              Reason = "http_404"              // the proxy has no such module (or a file:// proxy has no such file)
	ReasonHTTP410              Reason = "http_410"              // the proxy says the module is gone
	ReasonGoproxyOff           Reason = "goproxy_off"           // GOPROXY=off and the module cache lacks the module
	ReasonUnknownVersion       Reason = "unknown_version"       // the module has no such version
	ReasonModulesOff           Reason = "modules_off"           // GO111MODULE=off
	ReasonModVendor            Reason = "mod_vendor"            // a -mod or -modfile flag in GOFLAGS
	ReasonNeedsNewerGo         Reason = "needs_newer_go"        // the module needs a newer Go and GOTOOLCHAIN forbids switching
	ReasonToolchainUnavailable Reason = "toolchain_unavailable" // the module needs a newer Go the go command could not get
	ReasonPermissionDenied     Reason = "permission_denied"     // a file or directory could not be written
	ReasonGOBINRelative        Reason = "gobin_relative"        // GOBIN is not an absolute path
	ReasonBuildCache           Reason = "build_cache"           // GOCACHE cannot be used
	ReasonModuleCache          Reason = "module_cache"          // GOMODCACHE cannot be created
	ReasonNoCCompiler          Reason = "no_c_compiler"         // cgo is on and its C compiler is missing
	ReasonCompileError         Reason = "compile_error"         // the code does not compile
	ReasonNotMainPackage       Reason = "not_main_package"      // the package is a library
	ReasonNoPackage            Reason = "no_package"            // the module has no such package
	ReasonModuleReplaces       Reason = "module_replaces"       // the module's go.mod has replace or exclude directives
	ReasonChecksumMismatch     Reason = "checksum_mismatch"     // the download does not match the checksum database
	ReasonCrossCompile         Reason = "cross_compile"         // the go command is not built for this machine
	ReasonTimeout              Reason = "timeout"               // the go command did not finish in time
	ReasonOther                Reason = "other"                 // anything else
)

// reasonKinds are the messages each reason is named for, in the order Reason tries them: a
// toolchain download is named as such whatever failed inside it; network failures come before
// everything a failed request also prints; "unknown revision" before the HTTP status that carried
// it (statusReason).
var reasonKinds = []struct {
	reason Reason
	kinds  []Kind
}{
	{ReasonToolchainUnavailable, []Kind{ToolchainSwitch, ToolchainDownload, ToolchainNotInPath, InvalidToolchain}},
	{ReasonProxyConnect, []Kind{ProxyConnect}},
	{ReasonDNS, []Kind{DNS}},
	{ReasonTLS, []Kind{TLS}},
	{ReasonConnectionRefused, []Kind{ConnRefused}},
	{ReasonProxyUnreachable, []Kind{Unreachable}},
	{ReasonGoproxyOff, []Kind{GOPROXYOff}},
	{ReasonModulesOff, []Kind{ModulesOff}},
	{ReasonModVendor, []Kind{ModFlag, WorkspaceModFlag}},
	{ReasonNeedsNewerGo, []Kind{TooNew}},
	{ReasonGOBINRelative, []Kind{GOBINRelative}},
	{ReasonCrossCompile, []Kind{CrossCompileInstall}},
	{ReasonBuildCache, []Kind{BuildCache}},
	{ReasonModuleCache, []Kind{ModuleCache}},
	{ReasonPermissionDenied, []Kind{PermissionDenied}},
	{ReasonNoCCompiler, []Kind{NoCCompiler}},
	{ReasonChecksumMismatch, []Kind{ChecksumMismatch}},
	{ReasonNotMainPackage, []Kind{NotMainPackage}},
	{ReasonNoPackage, []Kind{NoSuchPackageInModule}},
	{ReasonModuleReplaces, []Kind{ModuleReplaces}},
	{ReasonUnknownVersion, []Kind{UnknownRevision, NoMatchingVersions, BadVersion}},
}

// Reason names why the go command that printed cs failed, and the message it is named for (none
// for ReasonOther). After reasonKinds: an HTTP status, a file:// proxy without the file, an
// invalid version, and compiler errors last, since other failures print a "# pkg" header too
// (cgo). A command that timed out is ReasonTimeout whatever it printed: the caller knows that.
func (cs Causes) Reason() (Reason, Cause) {
	for _, rk := range reasonKinds {
		if c, ok := cs.First(rk.kinds...); ok {
			return rk.reason, c
		}
	}
	if r, c, ok := statusReason(cs); ok {
		return r, c
	}
	if c, ok := cs.First(GoModUpdates); ok && c.Flag == "-mod=vendor" {
		return ReasonModVendor, c
	}
	if c, ok := cs.First(InvalidVersion); ok {
		return ReasonUnknownVersion, c
	}
	if c, ok := cs.First(CompileError, VetReport, BuildHeader, VetHeader); ok {
		return ReasonCompileError, c
	}
	return ReasonOther, Cause{}
}

// statusReason is the reason of the proxy's answer: 403, 404 or 410, or a file:// proxy without
// the file, which for a version's .info, .mod or .zip means the version is missing, and for a
// list or @latest the module.
func statusReason(cs Causes) (Reason, Cause, bool) {
	for _, c := range cs.All(HTTPStatus) {
		switch c.Code {
		case 403:
			return ReasonHTTP403, c, true
		case 404:
			return ReasonHTTP404, c, true
		case 410:
			return ReasonHTTP410, c, true
		}
	}
	if c, ok := cs.First(ProxyFileMissing); ok {
		if isVersionFile(c.URL) {
			return ReasonUnknownVersion, c, true
		}
		return ReasonHTTP404, c, true
	}
	return "", Cause{}, false
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
