package goenv

import "github.com/gomedic/gomedic/internal/finding"

// Variables is what a bad value of each variable of the go command's environment breaks, decided
// from what the go command does with it, and which checks read it: the decision table of docs/checks.md: every variable of `go help environment`
// (Go 1.26), and the operating system's variables the go command derives its defaults from.
var Variables = []finding.VariableInfo{
	{Name: "GO111MODULE", Effect: "off: module mode off, \"go install x@v\" fails, gopls cannot load modules; an unknown value fails every go command", Checks: "env.go111module, editor.settings.tools_env"},
	{Name: "GOARCH, GOOS", Effect: "another platform: go install writes to GOPATH/bin/GOOS_GOARCH (or refuses with GOBIN set), go run and go test fail with exec format error, dlv cannot debug, gopls reads the other platform's files; an unknown value fails every build (\"unsupported GOOS/GOARCH pair\")", Checks: "env.target, go.runs (its build)"},
	{Name: "GOAMD64", Effect: "a level above the processor's: every program built stops at start (\"This program can only be run on AMD64 processors with vN microarchitecture support.\"); no level at all (v5): ignored, the default level is built", Checks: "env.target (against the processor's features, read as the runtime checks them)"},
	{Name: "GOARM64", Effect: "v8.1 and later, or \",lse\", on a processor without the LSE atomics (Armv8.0: Cortex-A53, A72, a Raspberry Pi 3 or 4): on Linux and FreeBSD every program stops at start (\"This program can only run on ARM64 processors with LSE support.\"). The runtime checks nothing else and the compiler uses nothing else (crypto, v9.x), so a v9.0 program runs on a v8.2 processor: not a failure", Checks: "env.target (LSE on Linux, from the kernel's HWCAP; elsewhere, or when the processor cannot be read, nothing)"},
	{Name: "GOARM", Effect: "hard float (6, 7) on a processor without VFP, or 7 on one without VFPv3 (Armv6: a Raspberry Pi 1 or Zero): on Linux and FreeBSD every program stops before main (the runtime's checkgoarm, \"Recompile adding ,softfloat\"); below 7 on NetBSD or OpenBSD with several processors, likewise (\"Recompile using GOARM=7.\")", Checks: "env.target (Linux: from HWCAP; NetBSD, OpenBSD: the processor count)"},
	{Name: "GO386", Effect: "sse2 (the default) on a processor without SSE2: the runtime checks only MMX at start, so such a program fails later with an illegal instruction, not at start; every x86 processor since the Pentium 4 has SSE2: not a failure", Checks: "env.target (reported)"},
	{Name: "GOMIPS, GOMIPS64, GOPPC64, GORISCV64, GOWASM", Effect: "read only for builds of their architecture; not checked against the processor. An invalid value (as for GOARM64) stops every go command, go env too, whatever GOARCH is", Checks: "env.target (reported)"},
	{Name: "GOAUTH", Effect: "module downloads from private hosts fail (401/404)", Checks: "ws.deps (the download error)"},
	{Name: "GOBIN", Effect: "relative: go install fails; not on PATH: installed tools are not found; unwritable: installs fail", Checks: "env.gobin_on_path, env.gobin_writable"},
	{Name: "GOCACHE", Effect: "off, relative or unwritable: every build fails (\"build cache is required\", \"failed to initialize build cache\")", Checks: "env.caches"},
	{Name: "GOCACHEPROG", Effect: "a program that cannot start: every build fails (\"error starting GOCACHEPROG program\") while go env works", Checks: "go.runs (its build)"},
	{Name: "GODEBUG", Effect: "run-time settings of the programs built; an unknown setting is ignored", Checks: ""},
	{Name: "GOENV", Effect: "the go env file: off makes go env -w fail; another path changes where every value comes from", Checks: "every check, through where a value came from"},
	{Name: "GOEXPERIMENT", Effect: "an unknown experiment fails every go command (\"unknown GOEXPERIMENT\")", Checks: "go.runs"},
	{Name: "GOFIPS140", Effect: "an invalid value fails every go command (\"invalid GOFIPS140\")", Checks: "go.runs"},
	{Name: "GOFLAGS", Effect: "a flag the go command rejects fails every command; an entry that is a flag of go env (-w, -u: a -ldflags=-s -w split at its space) fails every go env, and so gopls; -json fails every go list -f; -mod=vendor breaks tool installs", Checks: "env.goflags, editor.settings.tools_env"},
	{Name: "GOINSECURE, GONOPROXY, GONOSUMDB, GOPRIVATE", Effect: "which modules skip the proxy, the checksum database or TLS checks", Checks: "net.goproxy, net.gosumdb"},
	{Name: "GOMODCACHE", Effect: "relative or unwritable: module downloads, tool installs and gopls loads of new modules fail", Checks: "env.caches"},
	{Name: "GOPATH", Effect: "relative, ~, inside GOROOT, or Go installed in $HOME/go (its default): tools and the module cache land in the installation", Checks: "env.gopath"},
	{Name: "GOPROXY", Effect: "no entry answers and no direct: downloads and tool installs fail", Checks: "net.goproxy, editor.settings.tools_env"},
	{Name: "GOROOT", Effect: "not a Go tree (the go binary, its bin directory, another release): every go command or every build fails", Checks: "go.goroot, go.runs (its build)"},
	{Name: "GOSUMDB", Effect: "unreachable: downloads of modules not in go.sum fail", Checks: "net.gosumdb"},
	{Name: "GOTMPDIR", Effect: "missing, a file, relative or unwritable: every build, test, run, install and gopls load fails (\"creating work dir\") while go env and go list -m work; the go command never creates it", Checks: "env.gotmpdir, go.runs (its build), editor.settings.tools_env (set in the settings for the tools the editor runs)"},
	{Name: "GOTOOLCHAIN", Effect: "invalid, or a toolchain that cannot be had (a language version such as go1.27 names none): every command fails; local: modules and tools needing a newer Go cannot build", Checks: "env.gotoolchain, ws.go_directive"},
	{Name: "GOVCS", Effect: "direct downloads refused for a VCS (\"GOVCS disallows using git\")", Checks: "ws.deps (the download error)"},
	{Name: "GOWORK", Effect: "relative: every command fails; off or another file: the workspace's go.work is ignored", Checks: "ws.gowork"},
	{Name: "CGO_ENABLED, CC, CXX, AR, FC, PKG_CONFIG", Effect: "cgo on without a working C compiler: cgo packages, -race and some tools fail to build", Checks: "env.cgo, ws.cgo"},
	{Name: "CGO_CFLAGS, CGO_CPPFLAGS, CGO_CXXFLAGS, CGO_FFLAGS, CGO_LDFLAGS and their _ALLOW/_DISALLOW", Effect: "only cgo builds: a flag the C compiler or the go command refuses fails the package", Checks: "ws.packages (the package error)"},
	{Name: "GCCGO, GCCGOTOOLDIR, GO_EXTLINK_ENABLED, GOCOVERDIR, GIT_ALLOW_PROTOCOL", Effect: "only gccgo builds, external linking, coverage runs and git's protocols: nothing the editor's tools need", Checks: ""},
	{Name: "GOEXE, GOGCCFLAGS, GOHOSTARCH, GOHOSTOS, GOMOD, GOTOOLDIR, GOVERSION, GOTELEMETRY, GOTELEMETRYDIR", Effect: "computed by the go command and printed by go env; a value set by hand is ignored", Checks: ""},
	{Name: "TMPDIR (TMP, TEMP on Windows)", Effect: "where work directories go when GOTMPDIR is empty: the same failures as GOTMPDIR", Checks: "env.gotmpdir, editor.settings.tools_env (set in the settings for the tools the editor runs)"},
	{Name: "HOME (USERPROFILE), XDG_CONFIG_HOME, XDG_CACHE_HOME", Effect: "the defaults of GOPATH, GOCACHE, GOMODCACHE and the go env file", Checks: "env.gopath, env.caches"},
}
