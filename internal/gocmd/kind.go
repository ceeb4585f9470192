package gocmd

// Kind is a class of the go command's messages: a failure (TooNew, DNS, ...) or one of the few
// lines that frame failures (Downloading, BuildHeader, ExitStatus).
type Kind uint8

// The kinds Parse recognises. Each names the message as the go command prints it; rules.go holds
// the patterns.
const (
	Unknown Kind = iota // not recognised; Parse never returns it

	// Progress and framing: not failures in themselves.
	Downloading // "go: downloading M V", "go: downloading go1.X (os/arch)": Module, Version or Toolchain
	Switching   // "go: M@V requires go >= X; switching to go1.X.Y": a toolchain switch starting
	Warning     // "go: warning: ...": a warning that stops nothing: Err
	BuildHeader // "# pkg" or "# pkg [pkg.test]" above a package's compiler errors: Package
	VetHeader   // "# [pkg]" above go test's vet report: Package
	ExitStatus  // "exit status N" (go run: the program ran and exited N): Code
	ExitSignal  // "signal: killed" (go run: the program ran and a signal ended it): Value

	// Toolchains and go lines.
	TooNew             // "W requires go >= V (running go R; GOTOOLCHAIN=T)": What, Module, Version or Path, GoVersion, Running, Toolchain
	WorkTooOld         // "module D listed in go.work file requires go >= V, but go.work lists go W": Path, GoVersion
	ToolchainSwitch    // "switching to go >= V: ERR": GoVersion, Err
	ToolchainDownload  // "download go1.X for os/arch: toolchain not available", "download go1.X: ERR": Toolchain, Err
	ToolchainNotInPath // `cannot find "go1.X" in PATH` (GOTOOLCHAIN=path): Toolchain
	// ToolchainNotDownloaded is a golang.org/dl wrapper run before its `download`: "go1.X: not
	// downloaded. Run 'go1.X download' to install to D": Toolchain, Path (the SDK directory).
	ToolchainNotDownloaded
	InvalidToolchain   // `invalid toolchain "X" in go.mod`, a toolchain line that is no toolchain name: Toolchain, Path
	InvalidGoVersion   // "invalid go version 'X': must match format 1.23.0" (a go line): Value
	InvalidGOTOOLCHAIN // `invalid GOTOOLCHAIN "X"`: Toolchain, Err
	ModuleRequiresGo   // "note: module requires Go X" (a compile failure under an older Go): GoVersion

	// The environment and the go command's own directories.
	GOROOTNotFound      // "cannot find GOROOT directory: D": Path
	GOPATHInvalid       // "GOPATH entry is relative; ...", "GOPATH entry cannot start with shell metacharacter '~'": Path
	GO111MODULEInvalid  // "unknown environment setting GO111MODULE=X": Value
	ModulesOff          // "modules disabled by GO111MODULE=off"
	GOFLAGSInvalid      // "parsing $GOFLAGS: ...", `invalid value "X" for flag -F (from $GOFLAGS)`: Flag, Value, Err
	ModFlagInvalid      // "-mod=X not supported (can be ...)": Flag
	ModFlag             // a query or lookup refused by -mod=vendor or -mod=readonly, -modfile outside a module: Flag
	WorkspaceModFlag    // "-mod may only be set to readonly or vendor when in workspace mode, but it is set to "mod"", -modfile in workspace mode: Flag, Value
	GOWORKInvalid       // "invalid GOWORK: not an absolute path"
	BuildCache          // "build cache is disabled by GOCACHE=off", "build cache is required, but ...", "failed to initialize build cache at D": Path, Err
	ModuleCache         // "could not create module cache: ...", "GOMODCACHE entry is relative", "module cache not found": Err
	GOBINRelative       // "GOBIN must be an absolute path"
	CrossCompileInstall // "cannot install cross-compiled binaries when GOBIN is set"
	WorkDir             // "creating work dir: ERR" (TMPDIR or GOTMPDIR unusable): Err
	UnsupportedTarget   // "unsupported GOOS/GOARCH pair OS/ARCH" (GOOS or GOARCH set to a value the go command cannot build for): Value
	MissingTool         // `no such tool "compile"` (GOROOT without the toolchain: its bin directory, a copy without pkg/tool): Value
	CompilerMismatch    // `compile: version "go1.X" does not match go tool version "go1.Y"` (GOROOT holding another release): GoVersion, Running

	// Modules, their downloads and their checksums.
	GOPROXYOff             // "module lookup disabled by GOPROXY=off": Module
	MissingGoSum           // "missing go.sum entry for module providing package P", "M@V: missing go.sum entry for go.mod file": Package or Module, Version
	NoRequiredModule       // "no required module provides package P": Package
	CannotFindModule       // "cannot find module providing package P": Package, Err
	NotInStd               // "package P is not in std (...)" (also the older "is not in GOROOT"): Package
	GOPATHNotFound         // `cannot find package "P" in any of:` (GOPATH mode): Package
	UnknownRevision        // "unknown revision R": Version
	NoMatchingVersions     // `no matching versions for query "Q"`: Version
	BadVersion             // "invalid pseudo-version: ...", "disallowed version string": Err
	InvalidVersion         // "M@V: invalid version: ...": Module, Version, Err
	NoSuchPackageInModule  // "module M@Q found (V), but does not contain package P": Module, Version, Package
	MalformedModulePath    // `malformed module path "M"`: Module
	UnrecognizedImportPath // `unrecognized import path "P"`: Package
	ModuleReplaces         // go install M@V of a module whose go.mod has replace or exclude directives
	DeprecationLookup      // "loading deprecation for M: ERR", "loading module retractions for M@V: ERR" (reading the module's newest go.mod): Module, Err
	ChecksumMismatch       // "verifying M@V: checksum mismatch", "SECURITY ERROR": Module, Version
	Verifying              // "verifying module: ...", "verifying go.mod: ...", "verifying M@V: ...": Err
	SumDBOff               // "checksum database disabled by GOSUMDB=off"
	GoModUpdates           // "updates to go.mod needed" (-mod=readonly): Flag when "disabled by -mod=X"
	InconsistentVendoring  // "inconsistent vendoring in D:": Path
	VendorAll              // "can't compute 'all' using the vendor directory"
	ReplacementMissing     // "M@V: replacement directory D does not exist": Module, Version, Path
	ReplacementNoGoMod     // "M@V (replaced by D): reading D/go.mod: ERR": Module, Version, Path, Err

	// The network: a request to a module proxy, a VCS host or the checksum database.
	ProxyConnect     // "proxyconnect tcp: ...": the HTTP(S)_PROXY on the way failed: URL, Host
	DNS              // "dial tcp: lookup H: no such host", "server misbehaving", ...: URL, Host
	TLS              // "x509: certificate signed by unknown authority", "tls: ...": URL, Host
	ConnRefused      // "connect: connection refused" (Windows: "actively refused it"): URL, Host
	Unreachable      // timeouts, resets, "network is unreachable", "no route to host", EOF: URL, Host
	HTTPStatus       // "reading URL: 404 Not Found", "403 Forbidden", "410 Gone", ...: URL, Host, Code
	ProxyFileMissing // "reading file:///...: no such file or directory" (a file:// GOPROXY without the file): URL

	// go.mod, go.work and the main module.
	NoGoMod           // "go.mod file not found in current directory or any parent directory"
	NoMainModule      // "cannot find main module, but found .git/config in D": Path, Value (the file found)
	OutsideMainModule // "main module (M) does not contain package P", "directory prefix D does not contain main module", "directory D outside main module": Module, Package, Path
	NotInWorkspace    // "current directory is contained in a module that is not one of the workspace modules listed in go.work", "directory prefix D does not contain modules listed in go.work": Path ("" for the current directory)
	OutsideWorkspace  // "directory D outside modules listed in go.work" (a directory in no module): Path
	ModFileParse      // "errors parsing F:", "error loading F:", "error reading F: ...": Path, Err, Value (those first words: "errors parsing", "error loading", "error reading")
	ModFileError      // "go.mod:5: unknown directive: foo" (a line of go.mod or go.work): Pos, Err
	MissingModuleLine // "missing module declaration" (a go.mod without a module line)
	GoWorkUnreadable  // "reading go.work: ERR" (GOWORK names a file that cannot be read): Err
	WorkUse           // "cannot load module D listed in go.work file: ...", "path D appears multiple times in workspace": Path, Module

	// Packages and the build.
	ImportCycle      // "import cycle not allowed"
	FoundPackages    // "found packages A (a.go) and B (b.go) in D": Package (A), Path (D)
	ExcludedAll      // "build constraints exclude all Go files in D": Path
	NoGoFiles        // "no Go files in D": Path
	NotMainPackage   // "package P is not a main package", "cannot run non-main package": Package
	NoMainFunc       // "function main is undeclared in the main package" (the linker)
	BuildAction      // "P: go build P: ERR", a step of the build that failed outside the compiler (writing -o's file): Package, Err
	CompileError     // "file.go:L:C: message", a compiler (or asm, cgo, go vet) message at a position: Pos, Err, Package (of its "# pkg" header), Value ("vet" for a type error go vet found: "vet: file.go:L:C: message", under any header)
	VetReport        // a message at a position under go test's "# [pkg]" vet header (not a type error vet found): Pos, Err, Package
	NoCCompiler      // `C compiler "gcc" not found`, "invalid active developer path" (macOS): Value (the compiler)
	NeedsCgo         // "-race requires cgo; enable cgo by setting CGO_ENABLED=1" (also -msan, -asan) with cgo off: Flag
	PermissionDenied // "open P: permission denied", "read-only file system", "Access is denied.": Path, Err
	ForkExec         // "fork/exec P: ERR" (go run, go test: the built program could not start): Path, Err
	NoSuchPath       // "stat P: directory not found", "pattern ./x/...: lstat ./x/: no such file or directory": Path, Err, Value (the pattern)
	FlagUndefined    // "flag provided but not defined: -F": Flag
	GoUsage          // "usage: go CMD ...", the go command's usage after a bad command line: Value (the subcommand)
	InvalidISA       // "invalid GOARM64: must start with v8...", "unsupported setting GO386=X" (an instruction-set variable the go command or the compiler rejects): Value (the variable), Err

	numKinds
)

var kindNames = [numKinds]string{
	Unknown: "unknown", Downloading: "downloading", Switching: "switching", Warning: "warning", BuildHeader: "build_header",
	VetHeader: "vet_header", ExitStatus: "exit_status", ExitSignal: "exit_signal",
	TooNew: "too_new", WorkTooOld: "work_too_old", ToolchainSwitch: "toolchain_switch",
	ToolchainDownload: "toolchain_download", ToolchainNotInPath: "toolchain_not_in_path", ToolchainNotDownloaded: "toolchain_not_downloaded",
	InvalidToolchain: "invalid_toolchain", InvalidGoVersion: "invalid_go_version",
	InvalidGOTOOLCHAIN: "invalid_gotoolchain", ModuleRequiresGo: "module_requires_go",
	GOROOTNotFound: "goroot_not_found", GOPATHInvalid: "gopath_invalid", GO111MODULEInvalid: "go111module_invalid",
	ModulesOff: "modules_off", GOFLAGSInvalid: "goflags_invalid", ModFlagInvalid: "mod_flag_invalid",
	ModFlag: "mod_flag", WorkspaceModFlag: "workspace_mod_flag", GOWORKInvalid: "gowork_invalid", BuildCache: "build_cache", ModuleCache: "module_cache",
	GOBINRelative: "gobin_relative", CrossCompileInstall: "cross_compile_install", WorkDir: "work_dir",
	UnsupportedTarget: "unsupported_target", MissingTool: "missing_tool", CompilerMismatch: "compiler_mismatch",
	GOPROXYOff: "goproxy_off", MissingGoSum: "missing_go_sum", NoRequiredModule: "no_required_module",
	CannotFindModule: "cannot_find_module", NotInStd: "not_in_std", GOPATHNotFound: "gopath_not_found",
	UnknownRevision: "unknown_revision", NoMatchingVersions: "no_matching_versions", BadVersion: "bad_version",
	InvalidVersion: "invalid_version", NoSuchPackageInModule: "no_such_package_in_module",
	MalformedModulePath: "malformed_module_path", UnrecognizedImportPath: "unrecognized_import_path",
	ModuleReplaces: "module_replaces", DeprecationLookup: "deprecation_lookup", ChecksumMismatch: "checksum_mismatch", Verifying: "verifying",
	SumDBOff: "sumdb_off", GoModUpdates: "go_mod_updates", InconsistentVendoring: "inconsistent_vendoring",
	VendorAll: "vendor_all", ReplacementMissing: "replacement_missing", ReplacementNoGoMod: "replacement_no_go_mod",
	ProxyConnect: "proxyconnect", DNS: "dns", TLS: "tls", ConnRefused: "connection_refused",
	Unreachable: "unreachable", HTTPStatus: "http_status", ProxyFileMissing: "proxy_file_missing",
	NoGoMod: "no_go_mod", NoMainModule: "no_main_module", OutsideMainModule: "outside_main_module",
	NotInWorkspace: "not_in_workspace", OutsideWorkspace: "outside_workspace", ModFileParse: "mod_file_parse", ModFileError: "mod_file_error",
	MissingModuleLine: "missing_module_line", GoWorkUnreadable: "go_work_unreadable", WorkUse: "work_use",
	ImportCycle: "import_cycle", FoundPackages: "found_packages", ExcludedAll: "excluded_all",
	NoGoFiles: "no_go_files", NotMainPackage: "not_main_package", NoMainFunc: "no_main_func", BuildAction: "build_action",
	CompileError: "compile_error", VetReport: "vet_report", NoCCompiler: "no_c_compiler", NeedsCgo: "needs_cgo", PermissionDenied: "permission_denied",
	ForkExec: "fork_exec", NoSuchPath: "no_such_path", FlagUndefined: "flag_undefined", GoUsage: "go_usage",
	InvalidISA: "invalid_isa",
}

// String is the kind's stable name: "too_new", "missing_go_sum", "dns".
func (k Kind) String() string {
	if k < numKinds && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// Network reports whether k is a failure of the network (ProxyConnect, DNS, TLS, ConnRefused,
// Unreachable): the request got no answer.
func (k Kind) Network() bool {
	switch k {
	case ProxyConnect, DNS, TLS, ConnRefused, Unreachable:
		return true
	}
	return false
}
