package goenv

// Variable is what a bad value of one variable of the go command's environment breaks, decided
// from what the go command does with it, and which checks read it.
type Variable struct {
	Name   string
	Effect string // what a bad value breaks: builds, tool installs, gopls, debugging, or nothing of the editor's
	Checks string // the checks that read it ("" when none needs to)
}

// Variables is the decision table of docs/checks.md: every variable of `go help environment`
// (Go 1.26), and the operating system's variables the go command derives its defaults from.
var Variables = []Variable{
	{"GO111MODULE", "off: module mode off, \"go install x@v\" fails, gopls cannot load modules; an unknown value fails every go command", "env.go111module, editor.settings.tools_env"},
	{"GOARCH, GOOS", "another platform: go install writes to GOPATH/bin/GOOS_GOARCH (or refuses with GOBIN set), go run and go test fail with exec format error, dlv cannot debug, gopls reads the other platform's files; an unknown value fails every build (\"unsupported GOOS/GOARCH pair\")", "env.target, go.runs (its build)"},
	{"GO386, GOAMD64, GOARM, GOARM64, GOMIPS, GOMIPS64, GOPPC64, GORISCV64, GOWASM", "read only for builds of their architecture; a level above the CPU's makes programs stop at start", "env.target (reported, the CPU's level not decided)"},
	{"GOAUTH", "module downloads from private hosts fail (401/404)", "ws.deps (the download error)"},
	{"GOBIN", "relative: go install fails; not on PATH: installed tools are not found; unwritable: installs fail", "env.gobin_on_path, env.gobin_writable"},
	{"GOCACHE", "off, relative or unwritable: every build fails (\"build cache is required\", \"failed to initialize build cache\")", "env.caches"},
	{"GOCACHEPROG", "a program that cannot start: every build fails (\"error starting GOCACHEPROG program\") while go env works", "go.runs (its build)"},
	{"GODEBUG", "run-time settings of the programs built; an unknown setting is ignored", ""},
	{"GOENV", "the go env file: off makes go env -w fail; another path changes where every value comes from", "every check, through where a value came from"},
	{"GOEXPERIMENT", "an unknown experiment fails every go command (\"unknown GOEXPERIMENT\")", "go.runs"},
	{"GOFIPS140", "an invalid value fails every go command (\"invalid GOFIPS140\")", "go.runs"},
	{"GOFLAGS", "a flag the go command rejects fails every command; -mod=vendor breaks tool installs", "env.goflags, editor.settings.tools_env"},
	{"GOINSECURE, GONOPROXY, GONOSUMDB, GOPRIVATE", "which modules skip the proxy, the checksum database or TLS checks", "net.goproxy, net.gosumdb"},
	{"GOMODCACHE", "relative or unwritable: module downloads, tool installs and gopls loads of new modules fail", "env.caches"},
	{"GOPATH", "relative, ~, inside GOROOT, or Go installed in $HOME/go (its default): tools and the module cache land in the installation", "env.gopath"},
	{"GOPROXY", "no entry answers and no direct: downloads and tool installs fail", "net.goproxy, editor.settings.tools_env"},
	{"GOROOT", "not a Go tree (the go binary, its bin directory, another release): every go command or every build fails", "go.goroot, go.runs (its build)"},
	{"GOSUMDB", "unreachable: downloads of modules not in go.sum fail", "net.gosumdb"},
	{"GOTMPDIR", "missing, a file, relative or unwritable: every build, test, run, install and gopls load fails (\"creating work dir\") while go env and go list -m work; the go command never creates it", "env.gotmpdir, go.runs (its build)"},
	{"GOTOOLCHAIN", "invalid: every command fails; local: modules and tools needing a newer Go cannot build", "env.gotoolchain, ws.go_directive"},
	{"GOVCS", "direct downloads refused for a VCS (\"GOVCS disallows using git\")", "ws.deps (the download error)"},
	{"GOWORK", "relative: every command fails; off or another file: the workspace's go.work is ignored", "ws.gowork"},
	{"CGO_ENABLED, CC, CXX, AR, FC, PKG_CONFIG", "cgo on without a working C compiler: cgo packages, -race and some tools fail to build", "env.cgo, ws.cgo"},
	{"CGO_CFLAGS, CGO_CPPFLAGS, CGO_CXXFLAGS, CGO_FFLAGS, CGO_LDFLAGS and their _ALLOW/_DISALLOW", "only cgo builds: a flag the C compiler or the go command refuses fails the package", "ws.packages (the package error)"},
	{"GCCGO, GCCGOTOOLDIR, GO_EXTLINK_ENABLED, GOCOVERDIR, GIT_ALLOW_PROTOCOL", "only gccgo builds, external linking, coverage runs and git's protocols: nothing the editor's tools need", ""},
	{"GOEXE, GOGCCFLAGS, GOHOSTARCH, GOHOSTOS, GOMOD, GOTOOLDIR, GOVERSION, GOTELEMETRY, GOTELEMETRYDIR", "computed by the go command and printed by go env; a value set by hand is ignored", ""},
	{"TMPDIR (TMP, TEMP on Windows)", "where work directories go when GOTMPDIR is empty: the same failures as GOTMPDIR", "env.gotmpdir"},
	{"HOME (USERPROFILE), XDG_CONFIG_HOME, XDG_CACHE_HOME", "the defaults of GOPATH, GOCACHE, GOMODCACHE and the go env file", "env.gopath, env.caches"},
}
