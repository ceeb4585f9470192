package classify

import (
	"strings"
	"testing"
	"time"
)

// Real outputs of go 1.26.8 (linux/amd64) that the fixtures do not record, or variants of them;
// each was printed by a small program under /tmp/exp.

// loopDump: SIGQUIT to a busy loop in an inlined function; the runtime prints line 1 for it.
const loopDump = `start
SIGQUIT: quit
PC=0x49e188 m=0 sigcode=0

goroutine 1 gp=0x257157aee1e0 m=0 mp=0x584fc0 [running]:
main.spin(...)
	/tmp/exp/loop/main.go:1
main.main()
	/tmp/exp/loop/main.go:13 +0x48 fp=0x257157b8ef48 sp=0x257157b8ef00 pc=0x49e188
runtime.main()
	/usr/local/go/src/runtime/proc.go:290 +0x2d5 fp=0x257157b8efe0 sp=0x257157b8ef48 pc=0x449275
runtime.goexit({})
	/usr/local/go/src/runtime/asm_amd64.s:1771 +0x1 fp=0x257157b8efe8 sp=0x257157b8efe0 pc=0x47f1e1

goroutine 2 gp=0x257157aee780 m=nil [force gc (idle)]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:462 +0xce fp=0x257157b22fa8 sp=0x257157b22f88 pc=0x4795ee
runtime.goparkunlock(...)
	/usr/local/go/src/runtime/proc.go:468
runtime.forcegchelper()
	/usr/local/go/src/runtime/proc.go:375 +0xb3 fp=0x257157b22fe0 sp=0x257157b22fa8 pc=0x449593
runtime.goexit({})
	/usr/local/go/src/runtime/asm_amd64.s:1771 +0x1 fp=0x257157b22fe8 sp=0x257157b22fe0 pc=0x47f1e1
created by runtime.init.7 in goroutine 1
	/usr/local/go/src/runtime/proc.go:363 +0x1a

rax    0x6
rbx    0x0
`

// unseenDump: SIGQUIT reached a thread other than the one running main's loop, so the runtime
// could not print the running goroutine's stack.
const unseenDump = `SIGQUIT: quit
PC=0x46b0e1 m=3 sigcode=0

goroutine 0 gp=0xc000006c40 m=3 mp=0xc000080008 [idle]:
runtime.futex(0x5b8a60, 0x80, 0x0, 0x0, 0x0, 0x0)
	/usr/local/go/src/runtime/sys_linux_amd64.s:557 +0x21 fp=0xc00005de40 sp=0xc00005de38 pc=0x46b0e1

goroutine 1 gp=0xc000002380 m=0 mp=0x5b7f20 [running]:
	goroutine running on other thread; stack unavailable

goroutine 2 gp=0xc000002e00 m=nil [force gc (idle)]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:435 +0xce fp=0xc000046fa8 sp=0xc000046f88 pc=0x46434e
exit status 2
`

// testSpinTimeout: go test -timeout 2s on "for {}" in a test: preempted at the test's entry, line 1.
const testSpinTimeout = `panic: test timed out after 2s
	running tests:
		TestSpin (2s)

goroutine 8 [running]:
testing.(*M).startAlarm.func1()
	/usr/local/go/src/testing/testing.go:2802 +0x354
created by time.goFunc
	/usr/local/go/src/time/sleep.go:215 +0x2d

goroutine 1 [chan receive]:
testing.(*T).Run(0x11aa65178488, {0x5857ef?, 0x0?}, 0x592e28)
	/usr/local/go/src/testing/testing.go:2109 +0x4e5
testing.runTests.func1(0x11aa65178488)
	/usr/local/go/src/testing/testing.go:2585 +0x3e
testing.tRunner(0x11aa65178488, 0x11aa6520bc58)
	/usr/local/go/src/testing/testing.go:2036 +0xea
testing.runTests({0x587739, 0xf}, {0x587739, 0xf}, 0x11aa651720a8, {0x6cc840, 0x2, 0x2}, {0xc2b8ecfb1552f212, 0x773bde83, ...})
	/usr/local/go/src/testing/testing.go:2583 +0x505
testing.(*M).Run(0x11aa651d8140)
	/usr/local/go/src/testing/testing.go:2443 +0x6ac
main.main()
	_testmain.go:48 +0x9b

goroutine 7 [runnable]:
example.com/app.TestSpin(0x11aa651786c8?)
	/tmp/exp/ttimeout/app_test.go:1 +0x1
testing.tRunner(0x11aa651786c8, 0x592e28)
	/usr/local/go/src/testing/testing.go:2036 +0xea
created by testing.(*T).Run in goroutine 1
	/usr/local/go/src/testing/testing.go:2101 +0x4c5
FAIL	example.com/app	2.006s
FAIL
`

// panicNilMap is the real panic of /tmp/exp/panicmap.
const panicNilMap = `panic: assignment to entry in nil map

goroutine 1 [running]:
main.set(...)
	/tmp/exp/panicmap/main.go:4
main.main()
	/tmp/exp/panicmap/main.go:9 +0x29
`

// testFlagExit2: go test -foo . (one of two real shapes: "exit status 2" before FAIL).
const testFlagExit2 = `flag provided but not defined: -foo
Usage of /tmp/go-build3437957083/b001/app.test:
  -test.artifacts
    	store test artifacts in test.,outputdir
  -test.bench regexp
    	run only benchmarks matching regexp
  -test.v
    	verbose: print additional output
exit status 2
FAIL	example.com/app	0.002s
`

// Input builders.

func src(dir string, mods ...func(*Source)) *Source {
	s := &Source{Dir: dir, Files: []string{"main.go"}, PackageName: "main", HasMain: true}
	for _, m := range mods {
		m(s)
	}
	return s
}

func readsStdin(s *Source) { s.ReadsStdin = true }

func defaultScanner(s *Source) {
	s.ReadsStdin, s.ScannerDefault, s.ScannerErrIgnored, s.ScannerPos = true, true, true, s.Dir+"/main.go:9:8"
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name     string
		in       Input
		id       string
		location string   // exact; "" means any
		contains []string // substrings of the title, explanation, details, fix or commands
		absent   []string // substrings that must not be there (a wrong hint)
	}{
		{
			name: "pre-run: a solution package", id: NotMainPackage, location: "/w/solution.go:1:1",
			in:       Input{Phase: PhaseRun, Source: &Source{Dir: "/w", Files: []string{"solution.go"}, PackageName: "solution"}},
			contains: []string{"package solution", "LeetCode-style", "go test -v ."},
		},
		{
			name: "pre-run: no func main", id: NoMainFunc,
			in: Input{Phase: PhaseBuild, Source: &Source{Dir: "/w", Files: []string{"main.go"}, PackageName: "main"}},
		},
		{
			name: "pre-run: no func main but the file did not parse: let the compiler say", id: OK,
			in: Input{Phase: PhaseRun, Source: &Source{Dir: "/w", Files: []string{"main.go"}, PackageName: "main",
				ParseErrors: []string{"main.go:3:1: expected declaration"}}},
		},
		{
			name: "a solution package under go test is fine", id: OK,
			in: Input{Phase: PhaseTest, Args: []string{"go", "test", "."}, Stdout: []byte("ok  \texample.com/s\t0.002s\n"),
				Source: &Source{Dir: "/w", Files: []string{"s.go"}, TestFiles: []string{"s_test.go"}, PackageName: "solution"}},
			contains: []string{"the tests passed"},
		},
		{
			name: "old go: cannot run non-main package", id: NotMainPackage,
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "run", "x.go"}, Stderr: []byte("go run: cannot run non-main package\n")},
		},
		{
			name: "a busy loop whose line the runtime gives as 1: the caller's line, the callee's name", id: Timeout,
			location: "/tmp/exp/loop/main.go:13",
			in: Input{Phase: PhaseRun, ExitCode: 2, TimedOut: true, Timeout: 2 * time.Second, Stderr: []byte(loopDump),
				Source: src("/tmp/exp/loop")},
			contains: []string{"timed out after 2s: busy in main.spin", "main.spin (called at /tmp/exp/loop/main.go:13)"},
		},
		{
			name: "the same dump without the source: still the user's frame", id: Timeout,
			location: "/tmp/exp/loop/main.go:13",
			in:       Input{Phase: PhaseRun, ExitCode: 2, TimedOut: true, Stderr: []byte(loopDump)},
		},
		{
			name: "the running goroutine was on another thread: its stack is unavailable, not absent", id: Timeout,
			in:       Input{Phase: PhaseRun, ExitCode: 2, TimedOut: true, Timeout: 2 * time.Second, Stderr: []byte(unseenDump)},
			contains: []string{"stack unavailable", "may well be the package's own code", "dlv debug"},
		},
		{
			name: "timeout of a program that ignores SIGQUIT: killed, no dump", id: Timeout,
			in:       Input{Phase: PhaseRun, ExitCode: -1, Signal: "killed", TimedOut: true, Timeout: 5 * time.Second},
			contains: []string{"timed out after 5s", "no goroutine dump"},
		},
		{
			name: "a timeout comes before the panic text in the dump", id: Timeout,
			in: Input{Phase: PhaseRun, ExitCode: 2, TimedOut: true, Stderr: []byte(panicNilMap)},
		},
		{
			name: "go test -timeout on a spinning test", id: Timeout, location: "/tmp/exp/ttimeout/app_test.go:1",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-timeout", "2s", "."}, Stdout: []byte(testSpinTimeout),
				Source: &Source{Dir: "/tmp/exp/ttimeout", Files: []string{"app.go"}, TestFiles: []string{"app_test.go"}, PackageName: "app"}},
			contains: []string{"busy in app.TestSpin", "in TestSpin (2s)", "goroutine 7"},
		},
		{
			name: "SIGQUIT sent by someone else", id: Signal, location: "/tmp/exp/loop/main.go:13",
			in:       Input{Phase: PhaseRun, ExitCode: 2, Stderr: []byte(loopDump)},
			contains: []string{"SIGQUIT: quit", "Ctrl-\\"},
		},
		{
			name: "GOTRACEBACK=crash: the panic, not the SIGABRT that follows", id: Panic, location: "/tmp/exp/panicmap/main.go:4",
			in: Input{Phase: PhaseRun, ExitCode: -1, Signal: "aborted", Stderr: []byte(panicNilMap)},
		},
		{
			name: "a nil map write with stdin none is a panic, not a stdin problem", id: Panic,
			in: Input{Phase: PhaseRun, ExitCode: 2, Stdin: "none", Stderr: []byte(panicNilMap), Source: src("/tmp/exp/panicmap", readsStdin)},
		},
		{
			name: "a program's own 'panic:' text with exit 0 is not a panic", id: OK,
			in: Input{Phase: PhaseRun, Stdout: []byte("panic: the disco\n"), Stderr: []byte("fatal error: none\n")},
		},
		{
			name: "a program's own 'fatal error:' line with exit 1 is its exit code", id: ExitCode,
			in:       Input{Phase: PhaseRun, ExitCode: 1, Stderr: []byte("fatal error: config.yaml missing\n")},
			contains: []string{"config.yaml missing"},
		},
		{
			name: "the older out-of-memory message", id: FatalError,
			in:       Input{Phase: PhaseRun, ExitCode: 2, Stderr: []byte("fatal error: runtime: out of memory\n\ngoroutine 1 [running]:\nmain.main()\n\t/w/main.go:6 +0x57\n")},
			location: "/w/main.go:6", contains: []string{"out of memory"},
		},
		{
			name: "out of memory while the heap arena map grows", id: FatalError,
			in:       Input{Phase: PhaseRun, ExitCode: 2, Stderr: []byte("fatal error: out of memory allocating heap arena map\n\nruntime stack:\nruntime.throw({0x494d6b?, 0x20000000?})\n\t/usr/local/go/src/runtime/panic.go:1229 +0x48\n")},
			contains: []string{"fatal error: out of memory"},
		},
		{
			name: "concurrent map read and map write", id: FatalError,
			in:       Input{Phase: PhaseRun, ExitCode: 2, Stderr: []byte("fatal error: concurrent map read and map write\n\ngoroutine 7 [running]:\nmain.reader()\n\t/w/main.go:20 +0x30\n")},
			location: "/w/main.go:20", contains: []string{"sync.Mutex", "-race"},
		},
		{
			name: "a Windows traceback, CRLF, under the source directory", id: Panic, location: "C:/Users/a/app/main.go:12",
			in: Input{Phase: PhaseRun, ExitCode: 2, Source: src(`C:\Users\a\app`),
				Stderr: []byte("panic: boom\r\n\r\ngoroutine 1 [running]:\r\ngithub.com/x/lib.Must(...)\r\n\tC:/Users/a/go/pkg/mod/github.com/x/lib@v1.0.0/lib.go:5\r\nmain.main()\r\n\tC:/Users/a/app/main.go:12 +0x1d\r\n")},
		},
		{
			name: "a dependency's frame ranks below the user's", id: Panic, location: "/home/a/app/main.go:30",
			in: Input{Phase: PhaseRun, ExitCode: 2,
				Stderr: []byte("panic: bad\n\ngoroutine 1 [running]:\ngithub.com/x/lib.Must(...)\n\t/home/a/go/pkg/mod/github.com/x/lib@v1.0.0/lib.go:5\nmain.main()\n\t/home/a/app/main.go:30 +0x1d\n")},
		},
		{
			name: "no user frame at all: no location", id: Panic, location: "",
			in: Input{Phase: PhaseRun, ExitCode: 2,
				Stderr: []byte("panic: reflect: call of reflect.Value.Int on zero Value\n\ngoroutine 1 [running]:\nreflect.Value.Int(...)\n\t/usr/local/go/src/reflect/value.go:1400\n")},
		},
		{
			name: "found packages main and solution", id: BuildFailed,
			in:       Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "run", "."}, Stderr: []byte("found packages solution (b.go) and main (main.go) in /tmp/exp/twopkg\n")},
			contains: []string{"two packages in one directory", "b.go says package solution"},
		},
		{
			name: "an import that is not in std", id: BuildFailed, location: "main.go:3:8",
			in:       Input{Phase: PhaseBuild, ExitCode: 1, Stderr: []byte("main.go:3:8: package fmtx is not in std (/usr/local/go/src/fmtx)\n")},
			contains: []string{"package fmtx does not exist"},
		},
		{
			name: "go run main.go without go.mod, importing a module", id: BuildFailed,
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "run", "main.go"}, Cwd: "/tmp/exp/nomod",
				Stderr: []byte("main.go:3:8: no required module provides package github.com/google/uuid: go.mod file not found in current directory or any parent directory; see 'go help modules'\n")},
			contains: []string{"there is no go.mod", "cd /tmp/exp/nomod && go mod init example.com/nomod && go mod tidy"},
		},
		{
			name: "no module above a repository root", id: BuildFailed,
			in: Input{Phase: PhaseBuild, ExitCode: 1, Cwd: "/tmp/exp/gitroot/sub",
				Stderr: []byte("go: cannot find main module, but found .git/config in /tmp/exp/gitroot\n\tto create a module there, run:\n\tcd .. && go mod init\n")},
			contains: []string{"cd .. && go mod init example.com/gitroot"},
		},
		{
			name: "a nested module's package built from the parent module", id: BuildFailed,
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "build", "-o", "x", "./tool"}, Cwd: "/src/root",
				Stderr:     []byte("main module (example.com/root) does not contain package example.com/root/tool\n"),
				ArgModules: []ArgModule{{Arg: "./tool", Root: "/src/root/tool", Rel: "."}}},
			contains: []string{"./tool is in another module (/src/root/tool)", "cd /src/root/tool && go build -o x ."},
		},
		{
			name: "a pattern outside the main module, no go.mod known", id: BuildFailed,
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "test", "./gone/..."}, Cwd: "/src/root",
				Stdout: []byte("FAIL\t./gone/... [setup failed]\nFAIL\n"),
				Stderr: []byte("# ./gone/...\npattern ./gone/...: directory prefix gone does not contain main module or its selected dependencies\n")},
			contains: []string{"gone is outside the main module", "go work init"},
		},
		{
			name: "no go.mod in the working directory, one in the package's", id: BuildFailed,
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "run", "./app", "-n", "3"}, Cwd: "/src",
				Stderr:     []byte("go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n"),
				ArgModules: []ArgModule{{Arg: "./app", Root: "/src/app", Rel: "."}}},
			contains: []string{"cd /src/app && go run . -n 3"},
		},
		{
			name: "a file run outside any module: the commands name the file", id: FatalError,
			in: Input{Phase: PhaseRun, ExitCode: 2, Args: []string{"./cm"}, Cwd: "/w",
				Source: &Source{Dir: "/w", Files: []string{"cm.go"}, PackageName: "main", HasMain: true, Target: "cm.go"},
				Stderr: []byte("fatal error: concurrent map writes\n\ngoroutine 7 [running]:\nmain.main.func1()\n\t/w/cm.go:13 +0x4c\n")},
			contains: []string{"cd /w && go run -race cm.go"},
		},
		{
			name: "a package outside any module: go mod init first", id: StdinEOF,
			in: Input{Phase: PhaseRun, ExitCode: 2, Args: []string{"./app"}, Cwd: "/w/app", Stdin: "none",
				Source: &Source{Dir: "/w/app", Files: []string{"main.go"}, PackageName: "main", HasMain: true, ReadsStdin: true},
				Stderr: []byte("panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\nmain.main()\n\t/w/app/main.go:14 +0x4c\n")},
			contains: []string{"cd /w/app && go mod init example.com/app && go run . < input.txt"},
		},
		{
			name: "missing go.sum entry", id: BuildFailed,
			in:       Input{Phase: PhaseBuild, ExitCode: 1, Stderr: []byte("main.go:4:2: missing go.sum entry for module providing package golang.org/x/text/language (imported by example.com/app); to add:\n\tgo get example.com/app\n")},
			contains: []string{"go mod tidy"},
		},
		{
			name: "cgo without a C compiler", id: BuildFailed,
			in:       Input{Phase: PhaseBuild, ExitCode: 1, Stderr: []byte("# runtime/cgo\ncgo: C compiler \"gcc\" not found: exec: \"gcc\": executable file not found in $PATH\n")},
			contains: []string{"CGO_ENABLED=0"},
		},
		{
			name: "a program's own file:line text under go run is not a compile error", id: ExitCode,
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "run", "./cmd/lint"},
				Stderr: []byte("config.go:3:1: unknown key\nexit status 4\n")},
			contains: []string{"exited with status 4: config.go:3:1: unknown key"},
		},
		{
			name: "go test -json with a build failure", id: BuildFailed, location: "./app_test.go:6:2",
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "test", "-json", "."}, Stdout: []byte(
				`{"ImportPath":"example.com/app [example.com/app.test]","Action":"build-output","Output":"# example.com/app [example.com/app.test]\n"}
{"ImportPath":"example.com/app [example.com/app.test]","Action":"build-output","Output":"./app_test.go:6:2: declared and not used: x\n"}
{"ImportPath":"example.com/app [example.com/app.test]","Action":"build-fail"}
{"Time":"2026-11-22T19:05:10.614363213Z","Action":"output","Package":"example.com/app","Output":"FAIL\texample.com/app [build failed]\n"}
`)},
		},
		{
			name: "vet checks named", id: VetFailed,
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "."},
				Stdout: []byte("# example.com/app\n# [example.com/app]\n./x_test.go:9:2: second argument to errors.As must be a non-nil pointer to either a type that implements error, or to any interface type\nFAIL\texample.com/app [build failed]\n")},
			contains: []string{"errorsas"},
		},
		{
			name: "a type error found by vet is a build failure", id: BuildFailed, location: "./main.go:6:14",
			in: Input{Phase: PhaseBuild, ExitCode: 1, Args: []string{"go", "vet", "."},
				Stderr: []byte("# example.com/app\n# [example.com/app]\nvet: ./main.go:6:14: undefined: x\n")},
		},
		{
			name: "test binary flag error, exit status 2 shape", id: FlagError,
			in:       Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-foo", "."}, Stdout: []byte(testFlagExit2)},
			contains: []string{"the test binary rejected -foo", "declare it at package level"},
		},
		{
			name: "a test binary run directly: -test.v works, -v does not", id: FlagError,
			in:       Input{Phase: PhaseExec, ExitCode: 2, Args: []string{"./app.test", "-verbose"}, Stderr: []byte(strings.Replace(testFlagExit2, "-foo", "-verbose", 1))},
			contains: []string{"-test.NAME"},
		},
		{
			name: "flag needs an argument", id: FlagError,
			in:       Input{Phase: PhaseRun, ExitCode: 2, Args: []string{"./prog", "-n"}, Stderr: []byte("flag needs an argument: -n\nUsage of ./prog:\n  -n int\n    \thow many (default 1)\n")},
			contains: []string{"-n=VALUE"},
		},
		{
			name: "cobra's unknown flag", id: FlagError,
			in:       Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./tool", "--colour"}, Stderr: []byte("Error: unknown flag: --colour\nUsage:\n  tool [flags]\n\nFlags:\n  -h, --help   help for tool\n")},
			contains: []string{"flag --colour is not defined"},
		},
		{
			name: "go test ./... with packages without tests and one that passed", id: OK,
			in: Input{Phase: PhaseTest, Args: []string{"go", "test", "./..."},
				Stdout: []byte("?   \texample.com/app/cmd\t[no test files]\nok  \texample.com/app/lib\t0.003s\n")},
		},
		{
			name: "a test binary run directly with no matching test", id: NoTestFiles,
			in: Input{Phase: PhaseExec, Args: []string{"./app.test", "-test.run", "X"}, Stdout: []byte("testing: warning: no tests to run\nPASS\n")},
		},
		{
			name: "token too long without the source: the error says it", id: StdinTokenTooLong,
			in: Input{Phase: PhaseRun, ExitCode: 1, Stderr: []byte("2026/11/22 19:03:40 bufio.Scanner: token too long\n")},
		},
		{
			name: "a long line read by a default scanner: silent stop", id: StdinTokenTooLong, location: "/w/main.go:9:8",
			in:       Input{Phase: PhaseRun, Stdin: "file", StdinMaxLine: 100000, Stdout: []byte("lines: 0\n"), Source: src("/w", defaultScanner)},
			contains: []string{"never checks Err", "scanner.Buffer(make([]byte, 1024*1024), 1024*1024)"},
		},
		{
			name: "a line of 65535 bytes fits", id: OK,
			in: Input{Phase: PhaseRun, Stdin: "file", StdinMaxLine: 65535, Stdout: []byte("lines: 2\n"), Source: src("/w", defaultScanner)},
		},
		{
			name: "a long line, but the program was killed: not the scanner", id: Signal,
			in: Input{Phase: PhaseRun, ExitCode: -1, Signal: "killed", Stdin: "file", StdinMaxLine: 100000, Source: src("/w", defaultScanner)},
		},
		{
			name: "stdin none, reads stdin, printed something: ok with a note", id: OK,
			in:       Input{Phase: PhaseRun, Stdin: "none", Stdout: []byte("lines: 0\n"), Source: src("/w", defaultScanner)},
			contains: []string{"reads standard input and got none"},
		},
		{
			name: "stdin given from a terminal: an empty output is not a stdin problem", id: OK,
			in: Input{Phase: PhaseRun, Stdin: "terminal", Source: src("/w", defaultScanner)},
		},
		{
			name: "an empty parse after empty input", id: StdinEOF,
			in: Input{Phase: PhaseRun, ExitCode: 1, Stdin: "none", Source: src("/w", readsStdin),
				Stderr: []byte("2026/11/22 19:03:40 strconv.Atoi: parsing \"\": invalid syntax\n")},
		},
		{
			name: "unexpected EOF", id: StdinEOF,
			in: Input{Phase: PhaseRun, ExitCode: 1, Stdin: "none", Source: src("/w", readsStdin), Stderr: []byte("read input: unexpected EOF\n")},
		},
		{
			name: "a blocked read from the terminal at the timeout", id: Timeout, location: "/w/main.go:9",
			in: Input{Phase: PhaseRun, ExitCode: 2, TimedOut: true, Stdin: "terminal", Source: src("/w", readsStdin),
				Stderr: []byte("SIGQUIT: quit\nPC=0x1 m=0 sigcode=0\n\ngoroutine 1 gp=0x1 m=nil [syscall]:\nsyscall.Syscall(0x0, 0x0, 0xc0001, 0x1000)\n\t/usr/local/go/src/syscall/syscall_linux.go:73 +0x25\nos.(*File).Read(0xc000012345, {0xc000100000?, 0x1000?, 0x1?})\n\t/usr/local/go/src/os/file.go:124 +0x4f\nbufio.(*Scanner).Scan(0xc000108f00)\n\t/usr/local/go/src/bufio/scan.go:219 +0x81e\nmain.main()\n\t/w/main.go:9 +0x1d\n")},
			contains: []string{"waiting for input on standard input", "type the input"},
		},
		{
			name: "exec: a test binary Smart App Control refuses", id: ExecNotFound,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"go", "test", "."},
				Stderr: []byte(`fork/exec C:\Users\ana\AppData\Local\Temp\go-build123\b001\app.test.exe: An Application Control policy has blocked this file.` + "\nFAIL\texample.com/app\t0.1s\n")},
			contains: []string{"Windows blocked", "Smart App Control or App Control for Business refused to run it", "0x800711C7", "no per-file exception"},
		},
		{
			name: "exec: a program an antivirus refuses", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: -1, Args: []string{`C:\t\app.exe`},
				StartErr: `fork/exec C:\t\app.exe: Operation did not complete successfully because the file contains a virus or potentially unwanted software.`},
			contains: []string{"an antivirus refused to run it", "Add-MpPreference -ExclusionPath"},
		},
		{
			name: "exec: bad interpreter", id: ExecNotFound,
			in:       Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"./s.sh"}, StartErr: "fork/exec ./s.sh: no such file or directory", Cwd: "/w"},
			contains: []string{"#! line", "/w"},
		},
		{
			name: "exec: a Go tool not on PATH", id: ExecNotFound,
			in:       Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"dlv", "debug"}, StartErr: `exec: "dlv": executable file not found in $PATH`},
			contains: []string{"go install github.com/go-delve/delve/cmd/dlv@latest"},
		},
		{
			name: "exec: go not on PATH", id: ExecNotFound,
			in:       Input{Phase: PhaseRun, ExitCode: -1, Args: []string{"go", "run", "."}, StartErr: `exec: "go": executable file not found in $PATH`},
			contains: []string{"/usr/local/go/bin"},
		},
		{
			name: "exec: gomedic's own PATH lookup, the program in GOBIN", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"hello"}, StartErr: "hello: executable file not found in PATH",
				Exec: &ExecFacts{Path: "hello", InstallDir: "/home/u/go/bin"}},
			contains: []string{"hello is not on PATH", "installed in /home/u/go/bin", "env.gobin_on_path"},
		},
		{
			name: "exec: a binary for another architecture, its target read", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"./dlv"}, StartErr: "fork/exec ./dlv: exec format error",
				Exec: &ExecFacts{Path: "./dlv", Exists: true, Host: "linux/amd64", Targets: []string{"linux/arm64"}}},
			contains: []string{"built for linux/arm64; this machine is linux/amd64"},
		},
		{
			name: "exec: a binary whose loader is missing", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"./app"}, StartErr: "fork/exec ./app: no such file or directory",
				Exec: &ExecFacts{Path: "./app", Exists: true, Host: "linux/amd64", Targets: []string{"linux/amd64"}}},
			contains: []string{"dynamic loader", "CGO_ENABLED=0"},
		},
		{
			name: "exit 127: env found no interpreter", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: 127, Args: []string{"./gen.py"},
				Stderr: []byte("/usr/bin/env: 'python3': No such file or directory\n")},
			contains: []string{"python3 is not on PATH (./gen.py needs it)"},
		},
		{
			name: "exit 127: a shell found no dlv", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: 127, Args: []string{"./debug.sh"},
				Stderr: []byte("starting\n./debug.sh: line 3: dlv: command not found\n")},
			contains: []string{"dlv is not on PATH", "go install github.com/go-delve/delve/cmd/dlv@latest"},
		},
		{
			name: "exit 127 of a Go program's own os.Exit is not a missing command", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 127, Args: []string{"./app"}, Stderr: []byte("bad input\n")},
		},
		{
			name: "a panic under go run under a script: go run's exit status 2 is in the output", id: Panic, location: "/w/main.go:5",
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"sh", "-c", "go run ."},
				Stderr: []byte("panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/w/main.go:5 +0x25\nexit status 2\n")},
		},
		{
			name: "tests under make: go test's summary makes it a test run", id: TestFailed,
			in: Input{Phase: PhaseExec, ExitCode: 2, Args: []string{"make", "test"},
				Stdout: []byte("go test .\n--- FAIL: TestX (0.00s)\n    a_test.go:3: bad\nFAIL\nFAIL\texample.com/tm\t0.002s\nFAIL\nmake: *** [Makefile:2: test] Error 1\n")},
			contains: []string{"TestX"},
		},
		{
			name: "a program that prints --- FAIL itself is not a test run", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./app"},
				Stdout: []byte("--- FAIL: TestLogin (0.00s)\n    login_test.go:12: wrong password\n")},
		},
		{
			name: "an optional file the trace saw missing, and a failure that does not mention it", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./app"}, Cwd: "/w/cmd/app",
				Source: &Source{Dir: "/w/cmd/app", Files: []string{"main.go"}, PackageName: "main", HasMain: true,
					OpenedFiles: []Opened{{Name: "config.yaml", Pos: "/w/cmd/app/main.go:9:2", FoundIn: "/w"}}},
				Stderr: []byte("usage: app NAME\n"),
				Trace:  []Syscall{{Name: "openat", Path: "config.yaml", Errno: "ENOENT"}}},
			absent: []string{"config.yaml"},
		},
		{
			name: "a passing test that prints --- FAIL itself", id: OK,
			in: Input{Phase: PhaseTest, ExitCode: 0, Args: []string{"./app.test", "-test.paniconexit0"},
				Stdout: []byte("--- FAIL: TestFake (0.00s)\nPASS\n")},
		},
		{
			name: "a panic trace on standard output, and a usage error: the program's own exit", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./app"},
				Stdout: []byte("panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:10 +0x25\n"),
				Stderr: []byte("Error: unknown command \"frob\"\n")},
		},
		{
			name: "an error line then the flag package's usage: the error is the headline", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 2, Args: []string{"./flagu"},
				Stderr: []byte("error: -in is required\nUsage of ./flagu:\n  -in string\n    \tinput file\n")},
			contains: []string{"exited with status 2: error: -in is required"},
			absent:   []string{"status 2: input file"},
		},
		{
			name: "a usage text ending in examples: its first line is the headline", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./csvsum"},
				Stderr: []byte("csvsum sums a column\n\nSummary of csvsum FILE\nExamples:\n  csvsum data.csv\n  csvsum -header ./testdata/sales.csv\n")},
			contains: []string{"exited with status 1: Summary of csvsum FILE"},
		},
		{
			name: "a literal ~ in a path", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./prog"}, Cwd: "/w",
				Stderr: []byte("2026/11/22 10:00:00 open ~/.config/app.json: no such file or directory\n")},
			contains: []string{"Go does not expand ~", `filepath.Join(home, ".config/app.json")`},
		},
		{
			name: "a backslash path on Unix", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./prog"}, Cwd: "/w",
				Stderr: []byte("open data\\input.txt: no such file or directory\n")},
			contains: []string{"written with backslashes", "filepath.Join"},
		},
		{
			name: "exec: a .go file started as a program", id: ExecNotFound,
			in:       Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"./m.go"}, StartErr: "fork/exec ./m.go: exec format error"},
			contains: []string{"Go source, not a program", "go run ./m.go"},
		},
		{
			name: "exec: a script saved with CRLF", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"./run.sh"}, StartErr: "fork/exec ./run.sh: no such file or directory",
				Exec: &ExecFacts{Path: "./run.sh", Exists: true, Interpreter: "/bin/bash", ShebangCR: true}},
			contains: []string{"carriage return", `sed -i 's/\r$//' ./run.sh`},
		},
		{
			name: "exec: macOS wrong architecture", id: ExecNotFound,
			in: Input{Phase: PhaseExec, ExitCode: -1, Args: []string{"./dlv"}, StartErr: "fork/exec ./dlv: bad CPU type in executable"},
		},
		{
			name: "the archive of a library built with -o: permission denied, and the source says why", id: NotMainPackage,
			in: Input{Phase: PhaseRun, ExitCode: -1, Args: []string{"./prog"}, StartErr: "fork/exec ./prog: permission denied",
				Source: &Source{Dir: "/w", Files: []string{"s.go"}, PackageName: "solution"}},
		},
		{
			name: "exit 137 from a shell", id: ExitCode,
			in:       Input{Phase: PhaseExec, ExitCode: 137, Args: []string{"sh", "-c", "./prog"}},
			contains: []string{"signal 9 (SIGKILL)"},
		},
		{
			name: "log.Fatal", id: ExitCode,
			in:       Input{Phase: PhaseRun, ExitCode: 1, Stderr: []byte("2026/11/22 19:03:32 listen tcp :80: bind: permission denied\n")},
			contains: []string{"log.Fatal", "listen tcp :80: bind: permission denied"},
		},
		{
			name: "exit status text from a built binary is not unwrapped", id: ExitCode,
			in:       Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./prog"}, Stderr: []byte("child: exit status 7\n")},
			contains: []string{"exited with status 1"},
		},
		{
			name: "signal names", id: Signal,
			in:       Input{Phase: PhaseRun, ExitCode: -1, Signal: "illegal instruction"},
			contains: []string{"SIGILL", "GOAMD64"},
		},
		{
			name: "a missing file from the error text, run in the package directory", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Cwd: "/w", Stderr: []byte("open data/in.txt: no such file or directory\n"),
				Source: src("/w", func(s *Source) { s.OpenedFiles = []Opened{{Name: "data/in.txt", Pos: "/w/main.go:8:12"}} })},
			contains: []string{`opens "data/in.txt" (/w/main.go:8:12) relative to its working directory, /w, and there is no such file there.`},
		},
		{
			name: "go test runs in the package directory: the hint says so", id: TestFailed,
			in: Input{Phase: PhaseTest, ExitCode: 1, Cwd: "/", Args: []string{"go", "test", "./w"},
				Stdout: []byte("--- FAIL: TestGolden (0.00s)\n    w_test.go:9: open testdata/golden.txt: no such file or directory\nFAIL\nFAIL\tex/w\t0.01s\n"),
				Source: &Source{Dir: "/w", TestFiles: []string{"w_test.go"}, PackageName: "w",
					OpenedFiles: []Opened{{Name: "testdata/golden.txt", Pos: "/w/w_test.go:8:14"}}}},
			contains: []string{"relative to its working directory, /w, and there is no such file there."},
		},
		{
			name: "a program that worked and probed for an optional file: no hint", id: OK,
			in: Input{Phase: PhaseRun, Cwd: "/tmp", Stdout: []byte("ok\n"), Source: src("/w"),
				Trace: []Syscall{{Name: "openat", Path: "config.yaml", Errno: "ENOENT"}}},
		},
		{
			name: "a program that failed after a relative lookup the source does not show", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Cwd: "/tmp", Stderr: []byte("no templates\n"), Source: src("/w"),
				Trace: []Syscall{{Name: "openat", Path: "go.mod", Errno: "ENOENT"}, {Name: "newfstatat", Path: "templates/index.html", Errno: "ENOENT"}}},
			contains: []string{`looked for "templates/index.html" relative to its working directory, /tmp`, "The package directory is /w"},
		},
		{
			name: "the trace's absolute system paths are not the program's files", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 3, Cwd: "/w", Trace: []Syscall{
				{Name: "openat", Path: "/etc/ld.so.preload", Errno: "ENOENT"},
				{Name: "newfstatat", Path: "/usr/lib/locale/x", Errno: "ENOENT"},
			}},
			contains: []string{"exited with status 3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Classify(tt.in)
			if res.ID != tt.id {
				t.Errorf("ID = %s, want %s", res.ID, tt.id)
			}
			checkResult(t, res, tt.location, tt.contains, tt.absent)
		})
	}
}

// checkResult checks what the table tests expect of a classification besides its id: the
// location (exact; "" any, "-" none), substrings of its words (title, explanation, details, fix,
// commands) that must and must not be there, and a title and an explanation; it logs the whole
// result when something is wrong.
func checkResult(t *testing.T, res Result, location string, contains, absent []string) {
	t.Helper()
	switch {
	case location == "-" && res.Location != "":
		t.Errorf("Location = %q, want none", res.Location)
	case location != "" && location != "-" && res.Location != location:
		t.Errorf("Location = %q, want %q", res.Location, location)
	}
	summary, commands := FixOf(res)
	all := strings.Join(append(append([]string{res.Title, res.Explanation, summary}, res.Details...), commands...), "\n")
	for _, s := range contains {
		if !strings.Contains(all, s) {
			t.Errorf("no %q in the result", s)
		}
	}
	for _, s := range absent {
		if strings.Contains(all, s) {
			t.Errorf("%q in the result", s)
		}
	}
	if res.Title == "" || res.Explanation == "" {
		t.Errorf("empty title or explanation")
	}
	if t.Failed() {
		t.Logf("result:\n%s", FormatResult(res))
	}
}

// TestClassifyDecisionTable pins the order of the recognisers: it is the decision.
func TestClassifyDecisionTable(t *testing.T) {
	var names []string
	for _, r := range recognisers {
		names = append(names, r.name)
	}
	want := "go command, source, start, timeout, long line, flag, no input, runtime signal, fatal error, panic, data race, signal, test failure, no tests, exit status, ok"
	if got := strings.Join(names, ", "); got != want {
		t.Errorf("recognisers:\n got %s\nwant %s", got, want)
	}
}

func TestCheckSource(t *testing.T) {
	sol := &Source{Dir: "/w", Files: []string{"s.go"}, PackageName: "solution"}
	if res, ok := CheckSource(sol, PhaseRun, []string{"go", "run", "s.go"}); !ok || res.ID != NotMainPackage {
		t.Errorf("run: %v %+v", ok, res)
	}
	if _, ok := CheckSource(sol, PhaseTest, nil); ok {
		t.Error("a solution package decided for a test")
	}
	if _, ok := CheckSource(nil, PhaseRun, nil); ok {
		t.Error("nil source decided")
	}
	noMain := &Source{Dir: "/w", Files: []string{"main.go"}, PackageName: "main"}
	res, ok := CheckSource(noMain, PhaseRun, []string{"go", "run", "main.go"})
	if !ok || res.ID != NoMainFunc || !strings.Contains(res.Explanation, "was given .go files") {
		t.Errorf("no main: %v %+v", ok, res)
	}
	if _, ok := CheckSource(src("/w"), PhaseRun, nil); ok {
		t.Error("a main package with func main decided")
	}
}

func TestParseGoroutines(t *testing.T) {
	gs := parseGoroutines(splitLines(testSpinTimeout))
	if len(gs) != 3 {
		t.Fatalf("%d goroutines, want 3: %+v", len(gs), gs)
	}
	g := gs[2]
	if g.ID != 7 || g.State != "runnable" || len(g.Frames) != 3 || !g.Frames[2].Created {
		t.Errorf("goroutine 7 = %+v", g)
	}
	if f := g.Frames[0]; f.Func != "example.com/app.TestSpin" || f.File != "/tmp/exp/ttimeout/app_test.go" || f.Line != 1 {
		t.Errorf("frame = %+v", f)
	}
	for _, tt := range []struct{ line, fn string }{
		{"main.f(0x2aaaa4d?)", "main.f"},
		{"testing.(*T).Run(0x3a54ac8f0248, {0x5857e7?, 0x0?}, 0x592e20)", "testing.(*T).Run"},
		{"panic({0x55a7a0?, 0x6cacb0?})", "panic"},
		{"main.main.func1()", "main.main.func1"},
		{"runtime.goexit({})", "runtime.goexit"},
		{"not a call", ""},
		{"(", ""},
		{")", ""},
	} {
		if got := funcName(tt.line); got != tt.fn {
			t.Errorf("funcName(%q) = %q, want %q", tt.line, got, tt.fn)
		}
	}
	if id, state, ok := goroutineHeader("goroutine 1 gp=0x3adb6c281e0 m=nil [chan receive, 5 minutes]:"); !ok || id != 1 || state != "chan receive" {
		t.Errorf("header: %d %q %v", id, state, ok)
	}
}

// fuzzCrashFullpath: go test -fuzz -fullpath finding a panic (the caught panic's line is then
// GOROOT's testing.go, in full).
const fuzzCrashFullpath = `fuzz: elapsed: 0s, gathering baseline coverage: 1/1 completed, now fuzzing with 2 workers
--- FAIL: FuzzParse (1.74s)
    --- FAIL: FuzzParse (0.00s)
        /usr/local/go/src/testing/testing.go:1927: panic: runtime error: index out of range [5] with length 5
            goroutine 70670 [running]:
            runtime/debug.Stack()
            	/usr/local/go/src/runtime/debug/stack.go:26 +0x9b
            testing.tRunner.func1()
            	/usr/local/go/src/testing/testing.go:1927 +0x1d0
            panic({0x619480?, 0x7f5200?})
            	/usr/local/go/src/runtime/panic.go:860 +0x13a
            example.com/app.Parse(...)
            	/tmp/exp/fuzz/parse.go:12
            example.com/app.FuzzParse.func1(0x0?, {0x12bb4ea1b9d6, 0x2})
            	/tmp/exp/fuzz/parse_test.go:8 +0xf2
            testing.(*F).Fuzz.func1.1(0x12bb4eaa1d48?)
            	/usr/local/go/src/testing/fuzz.go:341 +0x365
            testing.tRunner(0x12bb4eaa1d48, 0x12bb4ea718c0)
            	/usr/local/go/src/testing/testing.go:2036 +0xea
            created by testing.(*F).Fuzz.func1 in goroutine 19
            	/usr/local/go/src/testing/fuzz.go:328 +0x668
            
    
    Failing input written to testdata/fuzz/FuzzParse/49b6726c982e7eac
    To re-run:
    go test -run=FuzzParse/49b6726c982e7eac
FAIL
exit status 1
FAIL	example.com/app	1.748s
`

// usageTestBinary is the start of a test binary's usage (testing's flags registered).
const usageTestBinary = `Usage of ./app.test:
  -test.artifacts
    	store test artifacts in test.,outputdir
  -test.bench regexp
    	run only benchmarks matching regexp
  -test.v
    	verbose: print additional output
`

// TestClassifyTestRuns: benchmarks, fuzzing, testing's own flags, test binaries killed by a signal.
func TestClassifyTestRuns(t *testing.T) {
	appSrc := &Source{Dir: "/w", Files: []string{"app.go"}, TestFiles: []string{"b_test.go"}, PackageName: "app"}
	goTest := []string{"go", "test", "."}
	tests := []struct {
		name     string
		in       Input
		id       string
		location string   // exact; "-" means none
		contains []string // substrings of the title, explanation, details, fix or commands
		excludes []string
	}{
		{
			name: "a failing benchmark without the GOMAXPROCS suffix (-cpu 1)", id: TestFailed, location: "/w/b_test.go:8",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-cpu", "1", "-bench", ".", "."}, Source: appSrc,
				Stdout: []byte("BenchmarkX   \t--- FAIL: BenchmarkX\n    b_test.go:8: too big: 11\nFAIL\nexit status 1\nFAIL\texample.com/app\t0.01s\nFAIL\n")},
			contains: []string{"1 test failed: BenchmarkX", "BenchmarkX: b_test.go:8: too big: 11", "-bench '^BenchmarkX$'"},
		},
		{
			name: "a benchmark that fails before its loop", id: TestFailed, location: "/w/b_test.go:13",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: goTest, Source: appSrc,
				Stdout: []byte("--- FAIL: BenchmarkY\n    b_test.go:13: y fails\nFAIL\nexit status 1\nFAIL\texample.com/app\t0.04s\nFAIL\n")},
			contains: []string{"BenchmarkY: b_test.go:13: y fails"},
		},
		{
			name: "a sub-benchmark whose name ends in a number keeps it when it is not the last part", id: TestFailed,
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: goTest,
				Stdout: []byte("BenchmarkX/n-10-2   \t--- FAIL: BenchmarkX/n-10-2\n    b_test.go:9: slow\n--- FAIL: BenchmarkX\nFAIL\n")},
			contains: []string{"BenchmarkX/n-10: b_test.go:9: slow"},
		},
		{
			name: "a program's own text like a benchmark line is not a test run", id: ExitCode,
			in: Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./app"},
				Stdout: []byte("BenchmarkX   \t--- FAIL: BenchmarkX\n    b_test.go:8: too big\n")},
		},
		{
			name: "a panic found by fuzzing, -fullpath, no source: the user's frame, never testing.go", id: TestFailed,
			location: "/tmp/exp/fuzz/parse.go:12",
			in:       Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-fullpath", "-fuzz=FuzzParse", "./fuzz"}, Stdout: []byte(fuzzCrashFullpath)},
			contains: []string{"fuzzing found an input that makes FuzzParse panic: runtime error: index out of range [5]", "in app.Parse at /tmp/exp/fuzz/parse.go:12",
				"Failing input written to testdata/fuzz/FuzzParse/49b6726c982e7eac", "go test -run=FuzzParse/49b6726c982e7eac ./fuzz"},
			excludes: []string{"testing.go:1927"},
		},
		{
			name: "the same as go test -json prints it", id: TestFailed, location: "/tmp/exp/fuzz/parse.go:12",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-json", "-fuzz=FuzzParse", "."},
				Stdout: []byte(toTestJSON(fuzzCrashFullpath))},
			contains: []string{"fuzzing found an input"},
		},
		{
			name: "the testing package's own failure message has no user location", id: TestFailed, location: "-",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: goTest, Source: appSrc,
				Stdout: []byte("--- FAIL: TestParent (0.00s)\n    --- FAIL: TestParent/child (0.00s)\n        --- FAIL: TestParent/child/x (0.00s)\n" +
					"            testing.go:1913: test executed panic(nil) or runtime.Goexit: subtest may have called FailNow on a parent test\nFAIL\nFAIL\texample.com/app\t0.002s\nFAIL\n")},
			contains: []string{"TestParent/child/x: testing.go:1913: test executed panic(nil)"},
		},
		{
			name: "a package's own testing.go is the user's", id: TestFailed, location: "/w/testing.go:5",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: goTest,
				Source: &Source{Dir: "/w", Files: []string{"app.go"}, TestFiles: []string{"testing.go"}, PackageName: "app"},
				Stdout: []byte("--- FAIL: TestA (0.00s)\n    testing.go:5: wrong\nFAIL\nFAIL\texample.com/app\t0.002s\nFAIL\n")},
		},
		{
			name: "flag.Parse in init rejects -test.timeout", id: FlagError,
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-timeout", "5s", "."},
				Stdout: []byte("flag provided but not defined: -test.timeout\nUsage of /tmp/go-build1/b001/app.test:\n  -name string\n    \ta name\nFAIL\texample.com/app\t0.002s\nFAIL\n")},
			contains: []string{"flag.Parse ran before the testing package registered its flags", "-test.timeout", "Never call flag.Parse in init"},
			excludes: []string{"declare it at package level"},
		},
		{
			name: "a misspelled -test.vv is the user's flag, not testing's", id: FlagError,
			in: Input{Phase: PhaseTest, ExitCode: 2, Args: []string{"./app.test", "-test.vv"},
				Stderr: []byte("flag provided but not defined: -test.vv\n" + usageTestBinary)},
			contains: []string{"the test binary rejected -test.vv"},
			excludes: []string{"flag.Parse ran before"},
		},
		{
			name: "go test -skip . skipped everything", id: NoTestFiles,
			in: Input{Phase: PhaseTest, Args: []string{"go", "test", "-count=1", "-skip", ".", "."},
				Stdout: []byte("ok  \texample.com/app\t0.003s [no tests to run]\n")},
			contains: []string{"-skip . skipped every test"},
			excludes: []string{"-run pattern"},
		},
		{
			name: "only an example without // Output:", id: NoTestFiles,
			in: Input{Phase: PhaseTest, Args: []string{"go", "test", "-count=1", "."},
				Source: &Source{Dir: "/w", Files: []string{"app.go"}, TestFiles: []string{"e_test.go"}, PackageName: "app",
					Tests: map[string][]string{"e_test.go": {"ExampleHello"}}},
				Stdout: []byte("ok  \texample.com/app\t0.002s [no tests to run]\n")},
			contains: []string{"only examples without an // Output: comment", "(here: ExampleHello)"},
		},
		{
			name: "-run that matches nothing still says so", id: NoTestFiles,
			in: Input{Phase: PhaseTest, Args: []string{"./app.test", "-test.paniconexit0", "-test.run", "TestNope"},
				Stdout: []byte("PASS\n"), Stderr: []byte("testing: warning: no tests to run\n")},
			contains: []string{"-run TestNope matched no test"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Classify(tt.in)
			if res.ID != tt.id {
				t.Errorf("ID = %s, want %s", res.ID, tt.id)
			}
			checkResult(t, res, tt.location, tt.contains, tt.excludes)
		})
	}

	t.Run("testBinarySignal", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			in   Input
			want string // "" when not found
		}{
			{"killed", Input{Phase: PhaseTest, ExitCode: 1, Args: goTest,
				Stdout: []byte("signal: killed\nFAIL\texample.com/app\t0.002s\nFAIL\n")}, "killed"},
			{"terminated, -v", Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-v", "."},
				Stdout: []byte("=== RUN   TestKilled\nsignal: terminated\nFAIL\texample.com/app\t0.003s\nFAIL\n")}, "terminated"},
			{"core dumped", Input{Phase: PhaseTest, ExitCode: 1, Args: goTest,
				Stdout: []byte("signal: segmentation fault (core dumped)\nFAIL\texample.com/app\t0.003s\nFAIL\n")}, "segmentation fault"},
			{"-json", Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "-json", "."},
				Stdout: []byte(toTestJSON("=== RUN   TestKilled\nsignal: killed\nFAIL\texample.com/app\t0.002s\n"))}, "killed"},
			{"a test's own text", Input{Phase: PhaseTest, ExitCode: 1, Args: goTest,
				Stdout: []byte("--- FAIL: TestX (0.00s)\n    x_test.go:3: want\nsignal: killed\nFAIL\nFAIL\texample.com/app\t0.002s\nFAIL\n")}, ""},
			{"exit 0", Input{Phase: PhaseTest, Args: goTest, Stdout: []byte("signal: killed\nFAIL\tx\t0.1s\n")}, ""},
			// A program's own output, without go test's summary lines.
			{"not a test run", Input{Phase: PhaseRun, ExitCode: 1, Args: []string{"./app"}, Stdout: []byte("signal: killed\nFAIL\n")}, ""},
			{"go test itself killed", Input{Phase: PhaseTest, ExitCode: -1, Signal: "killed", Args: goTest,
				Stdout: []byte("signal: killed\nFAIL\tx\t0.1s\n")}, ""},
		} {
			got, ok := testBinarySignal(newFacts(tt.in))
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("%s: testBinarySignal = %q, %v; want %q", tt.name, got, ok, tt.want)
			}
		}
	})

}

// toTestJSON is text as go test -json prints it: one output event a line.
func toTestJSON(text string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(text, "\n") {
		if l == "" {
			continue
		}
		b.WriteString(`{"Action":"output","Package":"example.com/app","Output":"` + jsonEscape.Replace(l) + "\"}\n")
	}
	return b.String()
}

var jsonEscape = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "\n", `\n`)

// TestClassifyGoCommandErrors: the go command's own failures (go run, build, vet, mod, ...) are
// build failures, never the program's exit status; variants of what the gocmd_ fixtures record
// (go 1.26.8), and of the commands suggested after vet and compile errors.
func TestClassifyGoCommandErrors(t *testing.T) {
	gocmd := func(stderr string, args ...string) Input {
		return Input{Phase: PhaseExec, ExitCode: 1, Args: append([]string{"go"}, args...), Stderr: []byte(stderr), Cwd: "/w"}
	}
	tests := []struct {
		name     string
		in       Input
		id       string   // exact
		notID    string   // when id is "": anything but this
		location string   // exact; "" means any
		contains []string // substrings of the title, explanation, details, fix or commands
		lacks    []string // likewise, must not appear
	}{
		{
			name: "go build ./b: a module go.work does not list", id: BuildFailed,
			in: gocmd("directory b is contained in a module that is not one of the workspace modules listed in go.work. "+
				"You can add the module to the workspace using:\n\tgo work use b\n", "build", "./b"),
			contains: []string{"b is not in a module that go.work lists", "cd /w && go work use b"},
			lacks:    []string{"GOWORK=off go build ./b"}, // from /w, without the workspace there is no module
		},
		{
			name: "go run ./c: a directory of no module of the workspace", id: BuildFailed,
			in:       gocmd("directory c outside modules listed in go.work or their selected dependencies\n", "run", "./c"),
			contains: []string{"it has no go.mod of its own", "cd /w/c && go mod init example.com/c && go work use ."},
		},
		{
			name: "go list -m all: the replacement directory is read for its go.mod", id: BuildFailed, location: "/w/go.mod",
			in: gocmd("go: example.com/dep@v0.0.0 (replaced by ../nope): reading ../nope/go.mod: open /nope/go.mod: no such file or directory\n",
				"list", "-m", "all"),
			contains: []string{"replace of example.com/dep points at ../nope, which does not exist or has no go.mod"},
		},
		{
			name: "go.work does not parse", id: BuildFailed, location: "../go.work:4",
			in:       gocmd("go: errors parsing go.work:\n../go.work:4: unknown directive: bar\n", "build", "."),
			contains: []string{"go.work has an error: ../go.work:4: unknown directive: bar", "A go.work line starts with"},
		},
		{
			name: "go.mod with several errors", id: BuildFailed, location: "go.mod:6:2",
			in: gocmd("go: errors parsing go.mod:\ngo.mod:6:2: usage: require module/path v1.2.3\ngo.mod:7:2: unknown directive: x\n",
				"vet", "./..."),
			contains: []string{"go.mod has 2 errors, the first: go.mod:6:2: usage: require", "go.mod:7:2: unknown directive: x",
				"line 6 of it"},
		},
		{
			name: "go run -exec: the go command could not start the program's wrapper", id: BuildFailed,
			in:       gocmd("fork/exec ./nope.sh: no such file or directory\n", "run", "-exec", "./nope.sh", "."),
			contains: []string{"the go command failed: fork/exec ./nope.sh: no such file or directory", "the program never ran"},
		},
		{
			name: "go.sum lacks what verifies a package", id: BuildFailed, location: "main.go:3:8",
			in: gocmd("main.go:3:8: missing go.sum entry needed to verify package example.com/a/b (imported by example.com/m) "+
				"is provided by exactly one module; to add:\n\tgo get example.com/m\n", "build", "."),
			contains: []string{"missing go.sum entry for example.com/a/b", "cd /w && go mod tidy"},
		},
		{
			name: "a compile error at a Windows path", id: BuildFailed, location: `C:\w\main.go:5:2`,
			in:       gocmd("# example.com/x\nC:\\w\\main.go:5:2: undefined: x\n", "build", "."),
			contains: []string{"the build failed: undefined: x"},
		},
		{
			name: "an assembler error", id: BuildFailed, location: "./asm_amd64.s:12",
			in:       gocmd("# example.com/x\n./asm_amd64.s:12: unrecognized instruction \"MOVQX\"\n", "run", "."),
			contains: []string{"the build failed: unrecognized instruction"},
		},
		{
			name: "go test's vet found a type error: a build failure", id: BuildFailed, location: "./x_test.go:5:2",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "."}, Cwd: "/w",
				Stderr: []byte("# [example.com/x]\nvet: ./x_test.go:5:2: undefined: y\n"),
				Stdout: []byte("FAIL\texample.com/x [build failed]\nFAIL\n")},
			contains: []string{"the build failed: undefined: y"},
		},
		{
			name: "every file left out, in a directory whose name holds no \"go\"", id: BuildFailed,
			in:       gocmd("build constraints exclude all Go files in /w/native\n", "run", "./native"),
			contains: []string{"build constraints leave out every file of the package"},
		},
		{
			name: "a directory outside the main module", id: BuildFailed,
			in:       gocmd("directory app outside main module or its selected dependencies\n", "build", "./app"),
			contains: []string{"the build failed: app is outside the main module"},
		},
		{
			name: "a go.work above needs a newer go", id: BuildFailed,
			in:       gocmd("go: ../go.work requires go >= 1.23.1 (running go 1.22.0; GOTOOLCHAIN=go1.22.0)\n", "build", "."),
			contains: []string{"needs go 1.23.1, this is go 1.22.0", "go env -w GOTOOLCHAIN=auto"},
		},
		{
			name: "a workspace directory with a space", id: BuildFailed,
			in: gocmd("directory my dir/b is contained in a module that is not one of the workspace modules listed in go.work. "+
				"You can add the module to the workspace using:\n\tgo work use b\n", "build", "./my dir/b"),
			contains: []string{"my dir/b is not in a module that go.work lists", "cd /w && go work use b"},
		},
		{
			name: "go.work refused, not unparsable: the go command's words", id: BuildFailed,
			in:       gocmd("go: error loading go.work:\ngo.work:3: path . appears multiple times in workspace\n", "build", "."),
			contains: []string{"the go command failed: error loading go.work: go.work:3: path . appears multiple times in workspace"},
			lacks:    []string{"syntax"},
		},
		{
			name: "an older go command: the cycle after its message", id: BuildFailed,
			in: gocmd("import cycle not allowed\npackage example.com/x\n\timports example.com/x/p\n\timports example.com/x/q\n"+
				"\timports example.com/x/p\n", "build", "."),
			contains: []string{"import cycle example.com/x/p → example.com/x/q → example.com/x/p"},
		},
		{
			name: "go test ./...: the cycle under [setup failed]", id: BuildFailed, location: "main.go",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "./..."}, Cwd: "/w",
				Stderr: []byte("# example.com/x\npackage example.com/x\n\timports example.com/x/p from main.go\n" +
					"\timports example.com/x/q from p.go\n\timports example.com/x/p from q.go: import cycle not allowed\n"),
				Stdout: []byte("FAIL\texample.com/x [setup failed]\nFAIL\texample.com/x/p [setup failed]\nFAIL\n")},
			contains: []string{"import cycle example.com/x/p → example.com/x/q", "p.go (package example.com/x/p) imports example.com/x/q"},
		},
		{
			name: "go mod with an unknown subcommand", id: BuildFailed,
			in:       Input{Phase: PhaseExec, ExitCode: 2, Args: []string{"go", "mod", "nosuch"}, Stderr: []byte("go mod: unknown command\nRun 'go help mod' for usage.\n")},
			contains: []string{"the go command failed: go mod: unknown command"},
		},
		{
			name: "a go: line that announces the next one", id: BuildFailed,
			in:       gocmd("go: updates to go.mod needed; to update it:\n\tgo mod tidy\n", "run", "."),
			contains: []string{"the go command failed: updates to go.mod needed; to update it: go mod tidy"},
		},
		{
			name: "go generate: a directive's command failed", id: BuildFailed, location: "main.go:3",
			in:       gocmd("main.go:3: running \"false\": exit status 1\n", "generate", "./..."),
			contains: []string{"the go command failed: main.go:3: running \"false\": exit status 1"},
		},
		{
			name: "go install: the go command's first line", id: BuildFailed,
			in:       gocmd("go: downloading example.com/tool v1.0.0\nsomething went wrong:\n\tin detail\n", "install", "example.com/tool@latest"),
			contains: []string{"the go command failed: something went wrong: in detail"},
		},
		{
			name: "go run of a program that printed a cycle-like text and exited 1", id: ExitCode,
			in: gocmd("package example.com/x\n\timports example.com/x/p from main.go: import cycle not allowed\nexit status 1\n", "run", "."),
		},
		{
			name: "go run of a program that printed go: and exited 1", id: ExitCode,
			in: gocmd("go: not really the go command\nexit status 1\n", "run", "."),
		},
		{
			name: "go run of a program whose own last line starts like go run's", id: ExitCode,
			in:       gocmd("exit status unknown\nexit status 1\n", "run", "."),
			contains: []string{"exited with status 1: exit status unknown"},
		},
		{
			name: "go run of a program killed by a signal: not the go command's failure", notID: BuildFailed,
			in: gocmd("signal: killed\n", "run", "."),
		},
		{
			name: "compile errors of a subpackage under go run: build that package with -gcflags=-e", id: BuildFailed,
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "run", "."}, Cwd: "/w", Source: &Source{Dir: "/w", Module: "/w"},
				Stderr: []byte("# example.com/app/sub\nsub/s.go:3:9: cannot use \"x\" (untyped string constant) as int value in return statement\n")},
			contains: []string{"cd /w && go build -gcflags=-e ./sub"},
			lacks:    []string{"go vet ./..."},
		},
		{
			name: "a compile error of go run main.go: the files are the target", id: BuildFailed, location: "./main.go:4:2",
			in: Input{Phase: PhaseExec, ExitCode: 1, Args: []string{"go", "run", "main.go"}, Cwd: "/w",
				Source: &Source{Dir: "/w", Module: "/w", Target: "main.go"},
				Stderr: []byte("# command-line-arguments\n./main.go:4:2: declared and not used: x\n")},
			contains: []string{"the build failed: declared and not used: x", "cd /w && go build -gcflags=-e main.go"},
		},
		{
			name: "a compile error of a test file: go vet type-checks tests", id: BuildFailed, location: "./a_test.go:5:2",
			in: Input{Phase: PhaseTest, ExitCode: 1, Args: []string{"go", "test", "."}, Cwd: "/w",
				Stderr: []byte("# example.com/app [example.com/app.test]\n./a_test.go:5:2: undefined: y\n"),
				Stdout: []byte("FAIL\texample.com/app [build failed]\nFAIL\n")},
			contains: []string{"cd /w && go vet ."},
			lacks:    []string{"gcflags", "go vet ./..."},
		},
		{
			name: "too many errors in two packages: neither line counts", id: BuildFailed,
			in: gocmd("# example.com/app/a\n"+strings.Repeat("a/a.go:3:2: undefined: x\n", 10)+"a/a.go:3:2: too many errors\n"+
				"# example.com/app/b\n"+strings.Repeat("b/b.go:3:2: undefined: y\n", 10)+"b/b.go:3:2: too many errors\n", "build", "./..."),
			contains: []string{"more than 20 errors (the compiler stops at 10)", "cd /w && go build -gcflags=-e ./a"},
		},
		{
			name: "vet of an absolute path below the directory", id: VetFailed,
			in:       gocmd("/w/sub/s.go:6:14: fmt.Printf format %d has arg \"x\" of wrong type string\n", "vet", "/w/sub"),
			contains: []string{"cd /w && go vet ./sub"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Classify(tt.in)
			switch {
			case tt.id != "" && res.ID != tt.id:
				t.Errorf("ID = %s, want %s", res.ID, tt.id)
			case tt.notID != "" && res.ID == tt.notID:
				t.Errorf("ID = %s", res.ID)
			}
			checkResult(t, res, tt.location, tt.contains, tt.lacks)
		})
	}
}

// TestClassifyStripsTerminalEscapes: colours in a program's output do not reach the words.
func TestClassifyStripsTerminalEscapes(t *testing.T) {
	res := Classify(Input{Phase: PhaseRun, ExitCode: 3, Args: []string{"./prog"},
		Stderr: []byte("\x1b[31merror:\x1b[0m config \x1b]8;;http://x\x07missing\n")})
	if res.ID != ExitCode || strings.Contains(res.Title, "\x1b") || !strings.Contains(res.Title, "error: config missing") {
		t.Errorf("%s: %q", res.ID, res.Title)
	}
}
