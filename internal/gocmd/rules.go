package gocmd

import (
	"regexp"
	"strings"
	"sync"
)

// rule recognises one kind of message on a line. Its pattern's named groups fill the cause's
// fields (what, module, version, pkg, go, running, toolchain, file, line, col, other, path, url,
// host, code, flag, value, err). A kind may have several rules, one per wording; the first that
// matches a line gives its cause.
type rule struct {
	kind Kind
	// has are literals of which the line must hold one before the pattern is tried (none: no
	// condition). They keep Parse fast: most lines hold none.
	has []string
	// re is the pattern, compiled on first use: the table has over a hundred, and every
	// command of gomedic would otherwise compile them all at start (5 ms of its 26).
	re func() *regexp.Regexp
	// request, when set, requires the line to show a request (requestWords): the context a
	// network failure counts in.
	request bool
	// fill derives more fields from those the groups set.
	fill func(*Cause)
}

func r(kind Kind, has, pattern string) rule {
	return rule{kind: kind, has: []string{has}, re: lazy(pattern)}
}

// lazy compiles pattern when first asked; TestRules compiles every rule's.
func lazy(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// anyOf is a rule whose line must hold one of has.
func anyOf(kind Kind, has []string, pattern string) rule {
	return rule{kind: kind, has: has, re: lazy(pattern)}
}

// requestWords show a request in a line: net/http's `Get "URL"`, a dial, a proxy, TLS.
var requestWords = []string{`Get "`, `Head "`, `Post "`, "dial tcp", "proxyconnect", "tls: ", "x509: "}

// network is a rule of a failed request: the line must show a request and hold one of has.
func network(kind Kind, has []string, pattern string) rule {
	return rule{kind: kind, has: has, re: lazy(pattern), request: true}
}

// holdsAny reports whether s holds one of words (true for none).
func holdsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return len(words) == 0
}

// The rules, by family. Where the go command prints a message is noted with its package under
// cmd/go/internal unless said otherwise.
var rules = concat(framingRules, toolchainRules, envRules, moduleRules, networkRules, workspaceRules, buildRules)

func concat(lists ...[]rule) []rule {
	var out []rule
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// switchingRE is modload's announcement of a toolchain switch (toolchain.Switcher.Switch).
var switchingRE = lazy(`^(?:go: )?(?:\S+: )*(?P<what>.+?) requires go >= (?P<go>[^\s;]+); switching to (?P<toolchain>go\S+)$`)

var framingRules = []rule{
	// modfetch: "go: downloading example.com/x v1.0.0", "go: downloading go1.99.0 (linux/amd64)".
	r(Downloading, "go: downloading ", `^go: downloading (?:(?P<toolchain>go\d\S*) \((?P<value>[^)]*)\)|(?P<module>\S+) (?P<version>\S+))$`),
	{kind: Switching, has: []string{"; switching to go"}, re: switchingRE, fill: whatFields},
	// work: the header above a package's compiler output; go test's vet step prints "# [pkg]".
	r(BuildHeader, "# ", `^# (?P<pkg>[^\s\[]\S*)(?: \[[^\]]*\])?$`),
	r(VetHeader, "# [", `^# \[(?P<pkg>[^\]\s]+)\]$`),
	// base.Errorf's warnings: "go: warning: "./..." matched no packages".
	r(Warning, "go: warning: ", `^go: warning: (?P<err>.+)$`),
	// run: go run's own line when the program it ran exited non-zero.
	r(ExitStatus, "exit status ", `^exit status (?P<code>\d{1,10})$`),
	// run: go run's own line when a signal ended the program it ran.
	r(ExitSignal, "signal: ", `^signal: (?P<value>.+)$`),
}

var toolchainRules = []rule{
	// gover.TooNewError: "go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)",
	// "example.com/x@v1.0.0 requires go >= 1.99 (running go 1.26.8)", "module example.com/x@v1.0.0
	// requires go >= ...", "example.com/x in vendor/modules.txt requires go >= ...", and with the
	// toolchain selection's file: "(running go 1.21.0; GOTOOLCHAIN=go1.21.0+auto; go.mod sets go 1.22)".
	{kind: TooNew, has: []string{" requires go >= "}, fill: whatFields, re: lazy(
		`^(?:go: )?(?:\S+: )*(?P<what>.+?) requires go >= (?P<go>[^\s;()]+) \(running go (?P<running>[^;)\s]+)(?:; GOTOOLCHAIN=(?P<toolchain>[^;)\s]+))?(?:; [^)]*)?\)`)},
	// modload.errWorkTooOld.
	r(WorkTooOld, "listed in go.work file requires go >= ",
		`module (?P<path>.+?) listed in go\.work file requires go >= (?P<go>[^\s,]+), but go\.work (?:lists|implicitly requires) go (?P<value>[^\s;]+)`),
	// toolchain.Switcher: no toolchain to switch to ("no releases found for go >= 1.99", a proxy error).
	// These two are read after any context ("go: ", gopls's "stderr: "), as the go command nests them.
	r(ToolchainSwitch, "switching to go >= ", `(?:^|: )switching to go >= (?P<go>[^\s:]+): (?P<err>.+)$`),
	// toolchain.Exec: "download go1.99.0 for linux/amd64: toolchain not available", "download go1.99.0: ...".
	r(ToolchainDownload, "download", `(?:^|: )download(?:ing)? (?P<toolchain>go\d\S*?)(?: for (?P<value>[^\s:]+))?: (?P<err>.+)$`),
	r(ToolchainNotInPath, " in PATH", `cannot find "(?P<toolchain>go[^"]*)" in PATH`),
	// A toolchain in the module cache the go command cannot verify before running it (the
	// checksum database is always consulted for golang.org/toolchain, GOSUMDB=off included):
	// "golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64: verifying module: ERR".
	r(ToolchainDownload, "golang.org/toolchain@", `golang\.org/toolchain@v0\.0\.1-(?P<toolchain>go\d[^\s:]*?)\.[a-z0-9]+-[a-z0-9]+: verifying module: (?P<err>.+)$`),
	// golang.org/dl's wrapper (internal/version.Run) for a release not downloaded yet; the go
	// command runs it when it is on PATH and prints nothing of its own.
	r(ToolchainNotDownloaded, ": not downloaded. Run '", `^(?:go: )?(?P<toolchain>go\d\S*): not downloaded\. Run '\S+ download' to install to (?P<path>.+)$`),
	// toolchain.Select, toolchain.Exec, and modfile's check of a toolchain line.
	r(InvalidToolchain, "invalid toolchain", `invalid toolchain "(?P<toolchain>[^"]*)" in (?P<path>.+)$`),
	r(InvalidToolchain, "invalid toolchain", `invalid toolchain: (?P<toolchain>\S+) is a language version`),
	r(InvalidToolchain, "invalid toolchain", `invalid toolchain version '(?P<toolchain>[^']*)'`),
	// modfile's check of a go line.
	r(InvalidGoVersion, "invalid go version", `invalid go version '(?P<value>[^']*)'(?:: (?P<err>.+))?`),
	r(InvalidGOTOOLCHAIN, "invalid GOTOOLCHAIN", `invalid GOTOOLCHAIN(?: "(?P<toolchain>[^"]*)")?(?:: (?P<err>.+))?`),
	// work: a compile failure of a module whose go line is newer than the compiler (Go 1.20 and older).
	r(ModuleRequiresGo, "note: module requires Go", `note: module requires Go (?P<go>[^\s,;]+)`),
}

var envRules = []rule{
	// cfg, modload, base/goflags, work, cache, modfetch.
	r(GOROOTNotFound, "cannot find GOROOT directory", `cannot find GOROOT directory(?:: (?P<path>.+))?`),
	r(GOPATHInvalid, "GOPATH entry ", `GOPATH entry (?:is relative|cannot start with)[^"]*(?:"(?P<path>[^"]*)")?`),
	r(GO111MODULEInvalid, "GO111MODULE=", `unknown environment setting GO111MODULE=(?P<value>\S*)`),
	r(ModulesOff, "GO111MODULE=off", `modules disabled by GO111MODULE=off|cannot be used with GO111MODULE=off`),
	r(GOFLAGSInvalid, "$GOFLAGS", `parsing \$GOFLAGS: (?P<err>unknown flag (?P<flag>-\S+)|.+)`),
	r(GOFLAGSInvalid, "$GOFLAGS", `invalid (?:boolean )?value "(?P<value>[^"]*)" for flag (?P<flag>-\S+) \(from \$GOFLAGS\)(?:: (?P<err>.+))?`),
	r(ModFlagInvalid, "-mod=", `^(?:go: )?(?P<flag>-mod=\S*) not supported`),
	r(ModFlag, "-mod=", `(?:cannot query module due to|(?:module|import) lookup disabled by) (?P<flag>-mod=[^\s)]+)`),
	r(WorkspaceModFlag, "workspace mode", `-mod may only be set to readonly or vendor when in workspace mode, but it is set to "(?P<value>[^"]*)"`),
	r(WorkspaceModFlag, "workspace mode", `(?P<flag>-modfile) cannot be used in workspace mode`),
	r(ModFlag, "-modfile", `(?P<flag>-modfile)(?:=\S+)? (?:was set|cannot be used with commands)`),
	r(GOWORKInvalid, "invalid GOWORK", `invalid GOWORK: (?P<err>.+)`),
	r(BuildCache, "build cache", `build cache is disabled by GOCACHE=off`),
	r(BuildCache, "build cache", `build cache is required, but could not be located: (?P<err>.+)`),
	r(BuildCache, "build cache", `failed to initialize build cache at (?P<path>.+?): (?P<err>.+)`),
	r(ModuleCache, "module cache", `(?:could not create module cache|module cache not found): (?P<err>.+)`),
	r(ModuleCache, "GOMODCACHE entry is relative", `GOMODCACHE entry is relative(?:; must be absolute path: "(?P<path>[^"]*)")?`),
	r(GOBINRelative, "GOBIN must be an absolute path", `GOBIN must be an absolute path`),
	r(CrossCompileInstall, "cross-compiled", `cannot install cross-compiled binaries when GOBIN is set`),
	r(WorkDir, "creating work dir", `creating work dir: (?P<err>.+)`),
	// work.CheckGOOSARCHPair, in every command that builds.
	r(UnsupportedTarget, "unsupported GOOS/GOARCH pair", `unsupported GOOS/GOARCH pair (?P<value>\S+)`),
	// internal/buildcfg.Check, in every command (go env too): an instruction-set variable's value
	// it rejects; and the compiler's own check of GO386, which the go command does not make.
	r(InvalidISA, "invalid GO", `invalid (?P<value>GO(?:AMD64|ARM64|ARM|MIPS64|MIPS|PPC64|RISCV64|WASM)): (?P<err>.+)`),
	r(InvalidISA, "unsupported setting GO386", `unsupported setting (?P<value>GO386)=(?P<err>\S*)`),
	// base.Tool: the toolchain is looked for in GOROOT/pkg/tool.
	r(MissingTool, "no such tool", `no such tool "(?P<value>[^"]*)"`),
	// the compiler of another release than the go command (GOROOT set to another tree).
	r(CompilerMismatch, "does not match go tool version", `version "(?P<go>[^"]*)" does not match go tool version "(?P<running>[^"]*)"`),
}

var moduleRules = []rule{
	// modfetch, modload (import.go, query.go, modfile.go, vendor.go), load.
	r(GOPROXYOff, "GOPROXY=off", `module lookup disabled by GOPROXY=off`),
	r(MissingGoSum, "missing go.sum entry", `missing go\.sum entry (?:for module providing package|needed to verify package) (?P<pkg>[^\s;:()]+)`),
	r(MissingGoSum, "missing go.sum entry", `(?P<module>[^\s@:]+)@(?P<version>[^\s:]+): missing go\.sum entry`),
	r(MissingGoSum, "missing go.sum entry", `missing go\.sum entry`),
	r(NoRequiredModule, "no required module provides package", `no required module provides package (?P<pkg>[^\s;:]+)`),
	r(CannotFindModule, "cannot find module providing package", `cannot find module providing package (?P<pkg>[^\s;:]+)(?:: (?P<err>.+))?`),
	r(NotInStd, "package ", `package (?P<pkg>\S+) is not in (?:std|GOROOT)\b`),
	r(GOPATHNotFound, "cannot find package", `cannot find package "(?P<pkg>[^"]*)" in`),
	r(UnknownRevision, "unknown revision", `unknown revision(?: (?P<version>\S+))?`),
	r(NoMatchingVersions, "no matching versions", `no matching versions for query "(?P<version>[^"]*)"`),
	r(BadVersion, "invalid pseudo-version", `invalid pseudo-version(?:: (?P<err>.+))?`),
	r(BadVersion, "disallowed version string", `disallowed version string(?: (?P<value>.+))?`),
	r(InvalidVersion, "invalid version", `invalid version(?:: (?P<err>.+))?`),
	r(NoSuchPackageInModule, "does not contain package",
		`module (?P<module>[^\s@]+)@(?P<version>\S+) found(?: \([^)]*\))?, but does not contain package(?:s matching)? (?P<pkg>\S+)`),
	r(MalformedModulePath, "malformed module path", `malformed module path "(?P<module>[^"]*)"`),
	r(UnrecognizedImportPath, "unrecognized import path", `unrecognized import path "(?P<pkg>[^"]*)"(?:: (?P<err>.+))?`),
	// load: go install M@V of a module with replace or exclude directives; since Go 1.22 the
	// sentence is wrapped ("contains one or\n\tmore replace directives").
	r(ModuleReplaces, "directives", `contains one or more (?:replace|exclude) directives|must not contain directives`),
	r(ModuleReplaces, "module providing named packages contains", `module providing named packages contains one or`),
	// modload: go install M@V and go list -m -u read the module's newest go.mod.
	r(DeprecationLookup, "loading ", `loading (?:deprecation for|module retractions for) (?P<module>[^\s@:]+)(?:@(?P<version>[^\s:]+))?: (?P<err>.+)`),
	r(ChecksumMismatch, "checksum mismatch", `verifying (?P<module>[^\s@:]+)@(?P<version>[^\s:/]+)(?:/go\.mod)?: checksum mismatch`),
	anyOf(ChecksumMismatch, []string{"checksum mismatch", "SECURITY ERROR"}, `checksum mismatch|^SECURITY ERROR$`),
	r(Verifying, "verifying ", `verifying (?:module|go\.mod|(?P<module>[^\s@:]+)@(?P<version>[^\s:/]+)(?:/go\.mod)?): (?P<err>.+)`),
	r(SumDBOff, "GOSUMDB=off", `checksum database disabled by GOSUMDB=off`),
	r(GoModUpdates, "updates to go.mod needed", `updates to go\.mod needed(?:, disabled by (?P<flag>-mod=[^\s;]+))?`),
	r(InconsistentVendoring, "inconsistent vendoring", `inconsistent vendoring(?: in (?P<path>.+?):\s*$)?`),
	r(VendorAll, "using the vendor directory", `can't compute 'all' using the vendor directory`),
	r(ReplacementMissing, "replacement directory", `(?P<module>[^\s@:]+)@(?P<version>\S+?): replacement directory (?P<path>.+) does not exist`),
	r(ReplacementNoGoMod, "(replaced by ", `(?P<module>[^\s@:]+)@(?P<version>\S+) \(replaced by (?P<path>[^)]+)\): reading \S*go\.mod: (?P<err>.+)$`),
}

// The words of the network failures (net, net/http, crypto/tls; Windows' own wording too), and
// of the os errors of a file the go command may not write. None holds a regexp metacharacter.
var (
	dnsWords         = []string{"no such host", "server misbehaving", "name resolution", "no suitable address found"}
	unreachableWords = []string{"i/o timeout", "timed out", "Timeout exceeded", "deadline exceeded", "unreachable", "no route to host",
		"connection reset", "broken pipe", "EOF", "network is down", "forcibly closed", "TLS handshake timeout"}
	deniedWords = []string{"permission denied", "operation not permitted", "read-only file system", "Access is denied"}
)

var networkRules = []rule{
	// net/http, net, crypto/tls, crypto/x509, as modfetch and web print them after the request.
	network(ProxyConnect, []string{"proxyconnect "}, `proxyconnect \w+: (?P<err>.+)`),
	network(DNS, []string{"dial tcp: lookup "}, `dial tcp: lookup (?P<host>[^\s:]+)(?: on \S+?)?: (?P<err>.+)`),
	network(DNS, dnsWords, strings.Join(dnsWords, "|")),
	network(TLS, []string{"x509: ", "tls: ", "certificate"}, `(?:x509: |tls: |certificate).*`),
	network(ConnRefused, []string{"connection refused", "actively refused"}, `connection refused|actively refused`),
	network(Unreachable, unreachableWords, strings.Join(unreachableWords, "|")),
	// web.HTTPError: "reading https://proxy/...: 404 Not Found".
	r(HTTPStatus, ": ", `: (?P<code>[1-5]\d\d) (?P<value>[A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*)*)`),
	// web.HTTPError of a file:// GOPROXY.
	r(ProxyFileMissing, "file://", `reading (?P<url>file://\S+?): (?P<err>no such file or directory|The system cannot find the (?:file|path) specified\.?)`),
}

var workspaceRules = []rule{
	// modload (init.go), the go.mod and go.work parser (golang.org/x/mod/modfile).
	r(NoGoMod, "go.mod file not found", `go\.mod file not found in current directory or any parent directory`),
	r(NoMainModule, "cannot find main module", `cannot find main module(?:, but found (?P<value>.+?) in (?P<path>.+))?`),
	r(OutsideMainModule, "main module", `main module \((?P<module>[^)]+)\) does not contain package (?P<pkg>\S+)`),
	r(OutsideMainModule, "main module", `directory prefix (?P<path>\S+) does not contain main module`),
	r(OutsideMainModule, "main module", `directory (?P<path>\S+) outside main module`),
	r(NotInWorkspace, "listed in go.work", `(?:current directory|directory (?P<path>.+?)) is contained in a module that is not one of the workspace modules listed in go\.work`),
	r(NotInWorkspace, "listed in go.work", `directory prefix (?P<path>\S+) does not contain modules listed in go\.work`),
	r(OutsideWorkspace, "listed in go.work", `directory (?P<path>\S+) outside modules listed in go\.work`),
	// "errors parsing" (modfile's syntax errors follow), "error loading" (a go.work or go.mod that
	// parses but says something the go command refuses: the lines follow), "error reading".
	r(ModFileParse, "error", `^(?:go: )?(?P<value>errors parsing|error loading) (?P<path>.+?):$`),
	r(ModFileParse, "error reading ", `^(?:go: )?(?P<value>error reading) (?P<path>\S*go\.(?:mod|work)): (?P<err>.+)$`),
	anyOf(ModFileError, []string{"go.mod:", "go.work:", "go.sum:"}, `^(?P<file>(?:[A-Za-z]:)?(?:[^:\s][^:]*?)?go\.(?:mod|work|sum)):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<err>.+)$`),
	r(MissingModuleLine, "missing module declaration", `missing module declaration`),
	r(GoWorkUnreadable, "reading go.work: ", `reading go\.work: (?P<err>.+)`),
	r(WorkUse, "listed in go.work file", `cannot load module (?P<path>.+?) listed in go\.work file: (?P<err>.+)`),
	r(WorkUse, "appears multiple times in workspace", `(?:path (?P<path>.+?)|module (?P<module>\S+)) appears multiple times in workspace`),
	r(WorkUse, "is replaced at all versions", `workspace module (?P<module>\S+) is replaced at all versions in the go\.work file`),
}

var buildRules = []rule{
	// load, go/build, the linker, cgo, os and os/exec errors.
	r(ImportCycle, "import cycle not allowed", `import cycle not allowed`),
	r(FoundPackages, "found packages ", `found packages (?P<pkg>\S+) \((?P<file>[^)]+)\) and (?P<value>\S+) \((?P<other>[^)]+)\) in (?P<path>.+)$`),
	r(ExcludedAll, "build constraints exclude all Go files in ", `build constraints exclude all Go files in (?P<path>.+)$`),
	r(NoGoFiles, "no Go files in ", `no Go files in (?P<path>.+)$`),
	r(NotMainPackage, "is not a main package", `package (?P<pkg>\S+) is not a main package`),
	r(NotMainPackage, "non-main package", `cannot run non-main package`),
	r(NoMainFunc, "function main is undeclared", `function main is undeclared in the main package`),
	r(BuildAction, ": go build ", `^(?P<pkg>\S+): go build \S+: (?P<err>.+)$`),
	anyOf(CompileError, []string{".go:", ".s:", ".c:", ".h:", ".cc:", ".cpp:", ".cxx:", ".m:", ".syso:"}, `^(?:(?P<value>vet): )?(?P<file>(?:[A-Za-z]:)?[^:\s][^:]*?\.(?:go|s|c|h|cc|cpp|cxx|m|syso)):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<err>.+)$`),
	r(NoCCompiler, "C compiler", `C compiler "(?P<value>[^"]+)" not found|C compiler cannot`),
	r(NoCCompiler, "xcrun", `invalid active developer path|xcrun: error`),
	// work (init.go): a sanitizer with cgo off.
	r(NeedsCgo, " requires cgo", `(?P<flag>-(?:race|msan|asan)) requires cgo`),
	anyOf(PermissionDenied, deniedWords, `\b(?:open|mkdir|stat|lstat|rename|remove|unlinkat|chmod|create|write|link|symlink|lchown|chtimes|fork/exec|readdirent) (?P<path>.+?): (?P<err>permission denied|operation not permitted|read-only file system|Access is denied\.?)`),
	anyOf(PermissionDenied, deniedWords, `(?P<path>\S+): (?P<err>permission denied|operation not permitted|read-only file system|Access is denied\.?)`),
	r(ForkExec, "fork/exec ", `fork/exec (?P<path>.+?): (?P<err>.+)$`),
	r(NoSuchPath, "stat ", `^(?:go: )?stat (?P<path>.+?): (?P<err>directory not found|no such file or directory|The system cannot find the (?:file|path) specified\.?)$`),
	r(NoSuchPath, "pattern ", `^(?:go: )?pattern (?P<value>\S+): l?stat (?P<path>.+?): (?P<err>no such file or directory|The system cannot find the (?:file|path) specified\.?)$`),
	r(FlagUndefined, "flag provided but not defined", `^flag provided but not defined: (?P<flag>-\S*)$`),
	r(GoUsage, "usage: go ", `^usage: go (?P<value>\S+)`),
}
