package gocmd

import (
	"reflect"
	"strings"
	"testing"
)

// TestParse reads messages as the go command prints them, in the variants the code that prints
// them allows (go.mod or go.work, GOTOOLCHAIN values, Windows paths with spaces, nested "go: "
// prefixes), and checks the kind and the fields each gives.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want Cause // Kind, and the fields that must be set (zero fields are not compared)
		also []Kind
	}{
		// toolchains and go lines
		{name: "go.mod too new", out: "go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)",
			want: Cause{Kind: TooNew, What: "go.mod", Path: "go.mod", GoVersion: "1.99", Running: "1.26.8", Toolchain: "local"}},
		{name: "parent go.work too new", out: "go: ../go.work requires go >= 1.23.1 (running go 1.22.0; GOTOOLCHAIN=go1.22.0)",
			want: Cause{Kind: TooNew, Path: "../go.work", GoVersion: "1.23.1", Running: "1.22.0", Toolchain: "go1.22.0"}},
		{name: "windows go.mod with a space", out: `go: C:\Users\John Doe\src\app\go.mod requires go >= 1.23 (running go 1.22.1; GOTOOLCHAIN=local)`,
			want: Cause{Kind: TooNew, Path: `C:\Users\John Doe\src\app\go.mod`, GoVersion: "1.23", Running: "1.22.1"}},
		{name: "too new with the file that set it", out: "go: go.mod requires go >= 1.22 (running go 1.21.0; GOTOOLCHAIN=go1.21.0+auto; go.work sets go 1.22)",
			want: Cause{Kind: TooNew, Path: "go.mod", GoVersion: "1.22", Running: "1.21.0", Toolchain: "go1.21.0+auto"}},
		{name: "dependency too new", out: "go: example.com/newgo@v1.0.0: example.com/newgo@v1.0.0 requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)",
			want: Cause{Kind: TooNew, What: "example.com/newgo@v1.0.0", Module: "example.com/newgo", Version: "v1.0.0", GoVersion: "1.99"}},
		{name: "module too new, no GOTOOLCHAIN", out: "go: go: module example.com/x@v1.2.0 requires go >= 1.99 (running go 1.26.8)",
			want: Cause{Kind: TooNew, What: "module example.com/x@v1.2.0", Module: "example.com/x", Version: "v1.2.0", Running: "1.26.8"}},
		{name: "vendored module too new", out: "go: example.com/lib in vendor/modules.txt requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)",
			want: Cause{Kind: TooNew, Module: "example.com/lib", Path: "vendor/modules.txt", GoVersion: "1.99"}},
		{name: "switching", out: "go: module example.com/x@v1.0.0 requires go >= 1.99; switching to go1.99.1",
			want: Cause{Kind: Switching, Module: "example.com/x", Version: "v1.0.0", GoVersion: "1.99", Toolchain: "go1.99.1"}},
		{name: "go.work older than a module", out: "go: module ./a listed in go.work file requires go >= 1.22, but go.work implicitly requires go 1.18; to update it:\n\tgo work use",
			want: Cause{Kind: WorkTooOld, Path: "./a", GoVersion: "1.22", Value: "1.18", More: []string{"go work use"}}},
		{name: "no release", out: "go: go: switching to go >= 1.99: no releases found for go >= 1.99",
			want: Cause{Kind: ToolchainSwitch, GoVersion: "1.99", Err: "no releases found for go >= 1.99"}},
		{name: "toolchain not available", out: "go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available",
			want: Cause{Kind: ToolchainDownload, Toolchain: "go1.99.0", Value: "linux/amd64", Err: "toolchain not available"}},
		{name: "toolchain download checksum database off", out: "go: download go1.99.0 for linux/amd64: golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off",
			want: Cause{Kind: ToolchainDownload, Toolchain: "go1.99.0"}, also: []Kind{Verifying, SumDBOff}},
		{name: "toolchain download refused", out: `go: download go1.99.0: golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64: Get "http://127.0.0.1:1/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.zip": dial tcp 127.0.0.1:1: connect: connection refused`,
			want: Cause{Kind: ToolchainDownload, Toolchain: "go1.99.0"}, also: []Kind{ConnRefused}},
		{name: "toolchain download relayed", out: "packages.Load error: err: exit status 1: stderr: go: download go1.99.0 for linux/amd64: toolchain not available",
			want: Cause{Kind: ToolchainDownload, Toolchain: "go1.99.0", Err: "toolchain not available"}},
		{name: "toolchain not on PATH", out: `go: cannot find "go1.99.0" in PATH`, want: Cause{Kind: ToolchainNotInPath, Toolchain: "go1.99.0"}},
		{name: "dl wrapper not downloaded", out: "go1.27.0: not downloaded. Run 'go1.27.0 download' to install to /home/a/sdk/go1.27.0",
			want: Cause{Kind: ToolchainNotDownloaded, Toolchain: "go1.27.0", Path: "/home/a/sdk/go1.27.0"}},
		{name: "cached toolchain not verified", out: "go: golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off",
			want: Cause{Kind: ToolchainDownload, Toolchain: "go1.27.0", Err: "checksum database disabled by GOSUMDB=off"}},
		{name: "toolchain line of go.work", out: `go: invalid toolchain "banana" in ../go.work`, want: Cause{Kind: InvalidToolchain, Toolchain: "banana", Path: "../go.work"}},
		{name: "toolchain line does not parse", out: "go: errors parsing go.mod:\ngo.mod:4: invalid toolchain version 'banana': must match format go1.23.0 or default",
			want: Cause{Kind: InvalidToolchain, Toolchain: "banana"}, also: []Kind{ModFileParse, ModFileError}},
		{name: "GOTOOLCHAIN suffix", out: `go: invalid GOTOOLCHAIN "go1.22+bogus": only version suffixes are +auto and +path`,
			want: Cause{Kind: InvalidGOTOOLCHAIN, Toolchain: "go1.22+bogus", Err: "only version suffixes are +auto and +path"}},
		{name: "note", out: "# example.com/x\n./x.go:5:9: undefined: min\nnote: module requires Go 1.21", want: Cause{Kind: ModuleRequiresGo, GoVersion: "1.21"}},

		// the environment
		{name: "GOMODCACHE relative", out: `go: GOMODCACHE entry is relative; must be absolute path: "rel".`, want: Cause{Kind: ModuleCache, Path: "rel"}},
		{name: "module cache not created", out: "go: could not create module cache: mkdir /nope: permission denied",
			want: Cause{Kind: ModuleCache, Err: "mkdir /nope: permission denied"}, also: []Kind{PermissionDenied}},
		{name: "build cache not writable", out: "failed to initialize build cache at /root/.cache/go-build: mkdir /root/.cache/go-build: permission denied",
			want: Cause{Kind: BuildCache, Path: "/root/.cache/go-build"}, also: []Kind{PermissionDenied}},
		{name: "GOFLAGS bad value", out: `go: invalid value "x" for flag -p (from $GOFLAGS): parse error`, want: Cause{Kind: GOFLAGSInvalid, Flag: "-p", Value: "x"}},
		{name: "module lookup and vendor", out: "go: example.com/x@v1.0.0: module lookup disabled by -mod=vendor\n\t(Go version in go.mod is at least 1.14 and vendor directory exists.)",
			want: Cause{Kind: ModFlag, Flag: "-mod=vendor", Module: "example.com/x", Version: "v1.0.0"}},
		{name: "modfile outside a module", out: "go: cannot find main module, but -modfile was set.\n\t-modfile cannot be used to set the module root directory.",
			want: Cause{Kind: ModFlag, Flag: "-modfile"}, also: []Kind{NoMainModule}},
		{name: "updates needed under vendor", out: "go: updates to go.mod needed, disabled by -mod=vendor\n\t(Go version in go.mod is at least 1.14 and vendor directory exists.)",
			want: Cause{Kind: GoModUpdates, Flag: "-mod=vendor"}},

		// modules
		{name: "go.sum to verify", out: "main.go:3:8: missing go.sum entry needed to verify package example.com/a/b (imported by example.com/m) is provided by exactly one module; to add:\n\tgo get example.com/m",
			want: Cause{Kind: MissingGoSum, Package: "example.com/a/b", More: []string{"go get example.com/m"}}},
		{name: "go.sum for go.mod", out: "go: example.com/dep@v1.0.0: missing go.sum entry for go.mod file; to add it:\n\tgo mod download example.com/dep",
			want: Cause{Kind: MissingGoSum, Module: "example.com/dep", Version: "v1.0.0"}},
		{name: "no module provides", out: "main.go:2:8: no required module provides package example.com/lib; to add it:\n\tgo get example.com/lib",
			want: Cause{Kind: NoRequiredModule, Package: "example.com/lib", More: []string{"go get example.com/lib"}}, also: []Kind{CompileError}},
		{name: "older go: not in GOROOT", out: "main.go:2:8: package fmtx is not in GOROOT (/usr/local/go/src/fmtx)", want: Cause{Kind: NotInStd, Package: "fmtx"}},
		{name: "proxy unknown revision", out: "go: example.com/hello@v9.9.9: reading https://proxy.golang.org/example.com/hello/@v/v9.9.9.info: 404 Not Found\n\tserver response: not found: example.com/hello@v9.9.9: invalid version: unknown revision v9.9.9",
			want: Cause{Kind: HTTPStatus, Code: 404, Value: "Not Found", URL: "https://proxy.golang.org/example.com/hello/@v/v9.9.9.info", Host: "proxy.golang.org", Module: "example.com/hello", Version: "v9.9.9"},
			also: []Kind{UnknownRevision, InvalidVersion}},
		{name: "direct unknown revision", out: "go: example.com/hello@v9.9.9: invalid version: unknown revision v9.9.9",
			want: Cause{Kind: UnknownRevision, Version: "v9.9.9", Module: "example.com/hello"}, also: []Kind{InvalidVersion}},
		{name: "no matching versions", out: `go: example.com/x@v2: no matching versions for query "v2"`, want: Cause{Kind: NoMatchingVersions, Module: "example.com/x", Version: "v2"}},
		{name: "private module gone", out: "go: module github.com/corp/private: reading https://proxy.golang.org/github.com/corp/private/@v/list: 410 Gone\n\tserver response: not found: github.com/corp/private@latest: terminal prompts disabled",
			want: Cause{Kind: HTTPStatus, Code: 410, Module: "github.com/corp/private", More: []string{"server response: not found: github.com/corp/private@latest: terminal prompts disabled"}}},
		{name: "forbidden", out: "go: example.com/x@v1.0.0: reading https://athens.corp/example.com/x/@v/v1.0.0.info: 403 Forbidden", want: Cause{Kind: HTTPStatus, Code: 403, Host: "athens.corp"}},
		{name: "server error", out: "go: example.com/x@v1.0.0: reading https://athens.corp/example.com/x/@v/v1.0.0.zip: 500 Internal Server Error", want: Cause{Kind: HTTPStatus, Code: 500, Value: "Internal Server Error"}},
		{name: "windows file proxy", out: `go: example.com/x@v1.0.0: reading file:///C:/mirror/example.com/x/@v/v1.0.0.info: The system cannot find the path specified.`,
			want: Cause{Kind: ProxyFileMissing, URL: "file:///C:/mirror/example.com/x/@v/v1.0.0.info"}},
		{name: "found but no package", out: "go: example.com/x/cmd/y@latest: module example.com/x@latest found (v1.2.3), but does not contain package example.com/x/cmd/y",
			want: Cause{Kind: NoSuchPackageInModule, Module: "example.com/x", Version: "latest", Package: "example.com/x/cmd/y"}},
		{name: "replace directives, older wording", out: "go: example.com/hello@latest (in example.com/hello@v1.2.0):\n\tThe go.mod file for the module providing named packages contains one or more replace directives.",
			want: Cause{Kind: ModuleReplaces}},
		{name: "deprecation under GOPROXY=off", out: "go: loading deprecation for example.com/hello: module lookup disabled by GOPROXY=off",
			want: Cause{Kind: DeprecationLookup, Module: "example.com/hello", Err: "module lookup disabled by GOPROXY=off"}, also: []Kind{GOPROXYOff}},
		{name: "sumdb mismatch of go.mod", out: "verifying example.com/x@v1.0.0/go.mod: checksum mismatch", want: Cause{Kind: ChecksumMismatch, Module: "example.com/x", Version: "v1.0.0"}},
		{name: "vendor all", out: "go: can't compute 'all' using the vendor directory\n\t(Use -mod=mod or -mod=readonly to bypass.)", want: Cause{Kind: VendorAll}},
		{name: "windows vendoring", out: `go: inconsistent vendoring in C:\Users\John Doe\app:`, want: Cause{Kind: InconsistentVendoring, Path: `C:\Users\John Doe\app`}},
		{name: "replacement without go.mod", out: "go: example.com/dep@v0.0.0 (replaced by ../nope): reading ../nope/go.mod: open /src/nope/go.mod: no such file or directory",
			want: Cause{Kind: ReplacementNoGoMod, Module: "example.com/dep", Version: "v0.0.0", Path: "../nope", Err: "open /src/nope/go.mod: no such file or directory"}},

		// the network
		{name: "dns", out: `go: example.com/hello@v1.0.0: Get "https://proxy.corp.example/example.com/hello/@v/v1.0.0.info": dial tcp: lookup proxy.corp.example on 127.0.0.53:53: no such host`,
			want: Cause{Kind: DNS, Host: "proxy.corp.example", URL: "https://proxy.corp.example/example.com/hello/@v/v1.0.0.info", Err: "no such host"}},
		{name: "dns cgo resolver", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": dial tcp: lookup proxy.golang.org: Temporary failure in name resolution`,
			want: Cause{Kind: DNS, Host: "proxy.golang.org", Module: "example.com/hello"}},
		{name: "dns timeout", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": dial tcp: lookup proxy.golang.org on 10.0.0.1:53: read udp 10.0.0.2:5353->10.0.0.1:53: i/o timeout`,
			want: Cause{Kind: DNS, Host: "proxy.golang.org"}, also: []Kind{Unreachable}},
		{name: "unreachable", out: `go: module example.com/hello: Get "https://proxy.golang.org/example.com/hello/@v/list": dial tcp 142.250.1.1:443: connect: network is unreachable`,
			want: Cause{Kind: Unreachable, Host: "proxy.golang.org"}},
		{name: "refused on windows", out: `go: module example.com/hello: Get "http://127.0.0.1:1/example.com/hello/@v/list": dial tcp 127.0.0.1:1: connectex: No connection could be made because the target machine actively refused it.`,
			want: Cause{Kind: ConnRefused, Host: "127.0.0.1:1"}},
		{name: "checksum database refused", out: `go: example.com/hello@v1.0.0: verifying module: example.com/hello@v1.0.0: Get "https://sum.golang.org/lookup/example.com/hello@v1.0.0": dial tcp 127.0.0.1:1: connect: connection refused`,
			want: Cause{Kind: ConnRefused, Host: "sum.golang.org", URL: "https://sum.golang.org/lookup/example.com/hello@v1.0.0"}, also: []Kind{Verifying}},
		{name: "tls", out: `go: example.com/x@v1.0.0: Get "https://proxy.corp/example.com/x/@v/v1.0.0.info": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
			want: Cause{Kind: TLS, Host: "proxy.corp"}},
		{name: "tls handshake timeout", out: `go: example.com/x@v1.0.0: Get "https://proxy.corp/example.com/x/@v/v1.0.0.info": net/http: TLS handshake timeout`,
			want: Cause{Kind: Unreachable, Host: "proxy.corp"}},
		{name: "proxyconnect", out: `go: example.com/zzz@v1.0.0: Get "https://proxy.golang.org/example.com/zzz/@v/v1.0.0.info": proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused`,
			want: Cause{Kind: ProxyConnect, Host: "proxy.golang.org", Err: "dial tcp 127.0.0.1:1: connect: connection refused"}, also: []Kind{ConnRefused}},
		{name: "a timeout that is no request", out: "panic: test timed out after 10m0s", want: Cause{Kind: Unknown}},

		// go.mod, go.work and the main module
		{name: "windows go.mod errors", out: "go: errors parsing C:\\src\\app\\go.mod:\nC:\\src\\app\\go.mod:5: unknown directive: foo",
			want: Cause{Kind: ModFileError, Pos: Pos{File: `C:\src\app\go.mod`, Line: 5}, Err: "unknown directive: foo"}, also: []Kind{ModFileParse}},
		{name: "go.mod does not parse", out: "go: errors parsing go.mod:\ngo.mod:5:3: unknown directive: foo",
			want: Cause{Kind: ModFileParse, Path: "go.mod", Value: "errors parsing"}, also: []Kind{ModFileError}},
		{name: "go.work refused", out: "go: error loading go.work:\ngo.work:3: path . appears multiple times in workspace",
			want: Cause{Kind: ModFileParse, Path: "go.work", Value: "error loading"}, also: []Kind{ModFileError, WorkUse}},
		{name: "main module lacks package", out: "main module (example.com/root) does not contain package example.com/root/app",
			want: Cause{Kind: OutsideMainModule, Module: "example.com/root", Package: "example.com/root/app"}},
		{name: "git root without go.mod", out: "go: cannot find main module, but found .git/config in /src/repo\n\tto create a module there, run:\n\tcd .. && go mod init",
			want: Cause{Kind: NoMainModule, Value: ".git/config", Path: "/src/repo", More: []string{"to create a module there, run:", "cd .. && go mod init"}}},
		{name: "directory in no module of the workspace", out: "directory sub outside modules listed in go.work or their selected dependencies",
			want: Cause{Kind: OutsideWorkspace, Path: "sub"}},
		{name: "other directory not in the workspace", out: "go: directory ../b is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use ../b",
			want: Cause{Kind: NotInWorkspace, Path: "../b", More: []string{"go work use ../b"}}},

		// packages and the build
		{name: "two packages", out: "found packages main (a.go) and other (b.go) in /src/app",
			want: Cause{Kind: FoundPackages, Package: "main", Value: "other", Pos: Pos{File: "a.go"}, Other: Pos{File: "b.go"}, Path: "/src/app"}},
		{name: "pattern of a missing directory", out: "pattern ./nosuch/...: lstat ./nosuch/: no such file or directory",
			want: Cause{Kind: NoSuchPath, Value: "./nosuch/...", Path: "./nosuch/", Err: "no such file or directory"}},
		{name: "warning", out: `go: warning: "./..." matched no packages`, want: Cause{Kind: Warning, Err: `"./..." matched no packages`}},
		{name: "go run's program killed", out: "signal: killed", want: Cause{Kind: ExitSignal, Value: "killed"}},
		{name: "all excluded", out: "package example.com/app: build constraints exclude all Go files in /src/app", want: Cause{Kind: ExcludedAll, Path: "/src/app"}},
		{name: "windows compile error", out: `C:\Users\a\src\app\main.go:5:2: undefined: x`, want: Cause{Kind: CompileError, Pos: Pos{File: `C:\Users\a\src\app\main.go`, Line: 5, Col: 2}, Err: "undefined: x"}},
		{name: "type error found by vet", out: "vet: ./x.go:6:14: undefined: y", want: Cause{Kind: CompileError, Pos: Pos{File: "./x.go", Line: 6, Col: 14}, Value: "vet"}},
		{name: "type error found by go test's vet", out: "# [example.com/x]\nvet: ./x_test.go:6:14: undefined: y",
			want: Cause{Kind: CompileError, Package: "example.com/x", Pos: Pos{File: "./x_test.go", Line: 6, Col: 14}, Err: "undefined: y", Value: "vet"}, also: []Kind{VetHeader}},
		{name: "go test's vet report", out: "# [example.com/x]\n./x_test.go:6:14: fmt.Printf format %d has arg s of wrong type string",
			want: Cause{Kind: VetReport, Package: "example.com/x", Pos: Pos{File: "./x_test.go", Line: 6, Col: 14}, Err: "fmt.Printf format %d has arg s of wrong type string"}},
		{name: "other declaration is no error of its own", out: "# example.com/app\n./p2.go:3:6: main redeclared in this block\n\t./p1.go:3:6: other declaration of main",
			want: Cause{Kind: CompileError, Package: "example.com/app", Pos: Pos{File: "./p2.go", Line: 3, Col: 6}, More: []string{"./p1.go:3:6: other declaration of main"}}},
		{name: "a test's log line is no compile error", out: "--- FAIL: TestX (0.00s)\n    x_test.go:5: wrong", want: Cause{Kind: Unknown}},
		{name: "assembler", out: "# example.com/x\n./asm_amd64.s:12: unrecognized instruction \"MOVQX\"", want: Cause{Kind: CompileError, Pos: Pos{File: "./asm_amd64.s", Line: 12}}},
		{name: "cgo compiler", out: `cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`, want: Cause{Kind: NoCCompiler, Value: "gcc"}},
		{name: "race without cgo", out: "go: -race requires cgo; enable cgo by setting CGO_ENABLED=1", want: Cause{Kind: NeedsCgo, Flag: "-race"}},
		{name: "msan for another platform without cgo", out: "go: -msan requires cgo", want: Cause{Kind: NeedsCgo, Flag: "-msan"}},
		{name: "xcode", out: "xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun",
			want: Cause{Kind: NoCCompiler}},
		{name: "permission", out: "go: example.com/hello@v1.0.0: open /home/a/.cache/go-build/12/1234-d: permission denied",
			want: Cause{Kind: PermissionDenied, Path: "/home/a/.cache/go-build/12/1234-d", Err: "permission denied"}},
		{name: "windows access denied", out: `go: example.com/hello@v1.0.0: mkdir C:\Users\John Doe\go\pkg\mod\cache: Access is denied.`,
			want: Cause{Kind: PermissionDenied, Path: `C:\Users\John Doe\go\pkg\mod\cache`, Err: "Access is denied."}},
		{name: "windows fork/exec", out: `fork/exec C:\Users\a\AppData\Local\Temp\go-build1\b001\exe\app.exe: %1 is not a valid Win32 application.`,
			want: Cause{Kind: ForkExec, Path: `C:\Users\a\AppData\Local\Temp\go-build1\b001\exe\app.exe`, Err: "%1 is not a valid Win32 application."}},
		{name: "carriage returns", out: "go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)\r\n",
			want: Cause{Kind: TooNew, Line: "go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)", Toolchain: "local"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := Parse(tt.out)
			for _, k := range tt.also {
				if !cs.Has(k) {
					t.Errorf("no %s cause; got %s", k, kindsOf(cs))
				}
			}
			if tt.want.Kind == Unknown {
				if f := cs.Failures(); len(f) > 0 {
					t.Errorf("got %s, want none", kindsOf(f))
				}
				return
			}
			got, ok := cs.First(tt.want.Kind)
			if !ok {
				t.Fatalf("no %s cause; got %s", tt.want.Kind, kindsOf(cs))
			}
			compareSet(t, got, tt.want)
		})
	}
}

// compareSet compares the fields of got that want sets.
func compareSet(t *testing.T, got, want Cause) {
	t.Helper()
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < w.NumField(); i++ {
		if w.Field(i).IsZero() {
			continue
		}
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			t.Errorf("%s: got %#v, want %#v", w.Type().Field(i).Name, g.Field(i).Interface(), w.Field(i).Interface())
		}
	}
}

func kindsOf(cs Causes) string {
	var names []string
	for _, c := range cs {
		names = append(names, c.Kind.String())
	}
	return "[" + strings.Join(names, " ") + "]"
}

func TestIsProgress(t *testing.T) {
	for line, want := range map[string]bool{
		"go: downloading example.com/x v1.0.0":                                   true,
		"go: downloading go1.99.0 (linux/amd64)":                                 true,
		"go: finding module for package example.com/x":                           true,
		"go: found example.com/x in example.com/x v1.0.0":                        true,
		"go: added golang.org/x/mod v0.1.0":                                      true,
		"go: upgraded golang.org/x/mod v0.1.0 => v0.2.0":                         true,
		"go: module example.com/x@v1 requires go >= 1.99; switching to go1.99.1": true,
		"go: download go1.99.0 for linux/amd64: toolchain not available":         false,
		"go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)":  false,
		"downloading example.com/x v1.0.0":                                       false,
		"go: warning: ignoring go.mod in $GOPATH /home/a/go":                     false,
	} {
		if got := IsProgress(line); got != want {
			t.Errorf("IsProgress(%q) = %v, want %v", line, got, want)
		}
	}
	out := "go: downloading example.com/x v1.0.0\ngo: example.com/x@v1.0.0: missing go.sum entry\n"
	if got, want := WithoutProgress(out), "go: example.com/x@v1.0.0: missing go.sum entry"; got != want {
		t.Errorf("WithoutProgress = %q, want %q", got, want)
	}
}

// TestLineIndex: N is the index of a cause's line, whatever ends the lines before it.
func TestLineIndex(t *testing.T) {
	cs := Parse("go: downloading example.com/x v1.0.0\r\n\n# example.com/app\r\n./main.go:4:2: undefined: x\n./main.go:5:2: undefined: y")
	var got []int
	for _, c := range cs {
		got = append(got, c.N)
	}
	if want := []int{0, 2, 3, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("N of %s = %v, want %v", kindsOf(cs), got, want)
	}
}

func TestCausesFind(t *testing.T) {
	cs := Parse(`go: download go1.99.0: golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64: Get "https://proxy.golang.org/golang.org/toolchain/@v/list": dial tcp: lookup proxy.golang.org: no such host`)
	if c, _ := cs.Find(ToolchainDownload, DNS); c.Kind != ToolchainDownload {
		t.Errorf("Find(ToolchainDownload, DNS) = %s", c.Kind)
	}
	if c, _ := cs.Find(DNS, ToolchainDownload); c.Kind != DNS {
		t.Errorf("Find(DNS, ToolchainDownload) = %s", c.Kind)
	}
	if _, ok := cs.Find(TLS); ok {
		t.Error("Find(TLS) found one")
	}
	if n := len(cs.All(DNS, ToolchainDownload)); n != 2 {
		t.Errorf("All: %d causes", n)
	}
}

// TestBounded: Parse reads the output's last MaxOutput bytes only.
func TestBounded(t *testing.T) {
	msg := "go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)\n"
	filler := strings.Repeat("x", 99) + "\n"
	huge := strings.Repeat(filler, 2*MaxOutput/len(filler))
	if !Parse(huge + msg).Has(TooNew) {
		t.Error("the message at the end of a long output is not found")
	}
	if Parse(msg + huge).Has(TooNew) {
		t.Error("the message before the last MaxOutput bytes is read")
	}
	if c, _ := Parse(huge + msg).First(TooNew); c.N != strings.Count(huge, "\n") {
		t.Errorf("N = %d after %d lines not read", c.N, strings.Count(huge, "\n"))
	}
	if cs := Parse(strings.Repeat("y", 3*MaxOutput)); len(cs) != 0 {
		t.Errorf("one long line: %s", kindsOf(cs))
	}
}

// TestKindNames: every kind has its own name; every rule is of a kind and its groups name fields.
func TestKindNames(t *testing.T) {
	seen := map[string]Kind{}
	for k := Kind(1); k < numKinds; k++ {
		name := k.String()
		if name == "unknown" {
			t.Errorf("kind %d has no name", k)
		}
		if prev, ok := seen[name]; ok {
			t.Errorf("kinds %d and %d are both %q", prev, k, name)
		}
		seen[name] = k
	}
	for _, r := range rules {
		if r.kind == Unknown || r.kind >= numKinds {
			t.Errorf("a rule of kind %d: %s", r.kind, r.re())
		}
		for _, name := range r.re().SubexpNames()[1:] {
			if name != "" && setters[name] == nil {
				t.Errorf("rule %s: group %q sets no field", r.kind, name)
			}
		}
	}
}
