package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/run/classify"
)

// recorder is a classifier that remembers its input.
type recorder struct {
	mu sync.Mutex
	in []classify.Input
}

func (c *recorder) classify(in classify.Input) classify.Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.in = append(c.in, in)
	id := classify.OK
	if in.ExitCode != 0 || in.TimedOut || in.StartErr != "" {
		id = classify.ExitCode
	}
	return classify.Result{ID: id, Title: "recorded"}
}

func (c *recorder) last(t *testing.T) classify.Input {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.in) != 1 {
		t.Fatalf("classified %d times, want once", len(c.in))
	}
	return c.in[0]
}

// fakeHost is a host of goos with a go command and programs in /usr/bin (C:/bin on Windows).
func fakeHost(goos string) (*host.Fake, string) {
	f := host.NewFake(goos, "amd64")
	bin, work := "/usr/bin", "/work"
	if goos == "windows" {
		bin, work = "C:/bin", "C:/work"
	}
	f.Environ = []string{"PATH=" + bin, "HOME=/home/ana"}
	f.AddDir(work)
	f.Commands = map[string]func(host.Cmd) *host.Result{}
	f.Programs = map[string]host.Program{}
	return f, work
}

// addProgram puts an executable name on the fake's PATH that runs prog.
func addProgram(f *host.Fake, name string, prog host.Program) {
	bin := "/usr/bin/"
	if f.GOOS == "windows" {
		bin, name = "C:/bin/", name+".exe"
	}
	f.AddFile(bin+name, []byte("\x7fELF"), 0o755)
	f.Programs[strings.TrimSuffix(name, ".exe")] = prog
}

// options are the options of a run on f in dir with the recorder as classifier.
func options(f *host.Fake, dir string, c *recorder, stdout, stderr io.Writer) Options {
	return Options{
		Host: f, Facts: wsfacts.New(context.Background(), f, dir, time.Second), Dir: dir,
		Stdout: stdout, Stderr: stderr, TempDir: dir + "/tmp",
		Classify:   c.classify,
		ReadSource: func(string, []string) (*classify.Source, error) { return nil, errors.New("no source in this test") },
	}
}

func TestRunCommandPassesThrough(t *testing.T) {
	for _, goos := range []string{"darwin", "windows", "linux"} {
		t.Run(goos, func(t *testing.T) {
			f, dir := fakeHost(goos)
			addProgram(f, "prog", func(_ context.Context, c host.Cmd, _ io.Reader, stdout, stderr io.Writer) int {
				fmt.Fprintf(stdout, "out %s\n", strings.Join(c.Args, ","))
				fmt.Fprintln(stderr, "err line")
				return 3
			})
			var out, errOut bytes.Buffer
			c := &recorder{}
			o := options(f, dir, c, &out, &errOut)
			o.Command = []string{"prog", "a", "b"}
			r, err := Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != "out a,b\n" || errOut.String() != "err line\n" {
				t.Errorf("passed through stdout %q, stderr %q", out.String(), errOut.String())
			}
			in := c.last(t)
			if in.Phase != classify.PhaseExec || in.ExitCode != 3 || string(in.Stdout) != "out a,b\n" || string(in.Stderr) != "err line\n" ||
				in.Stdin != result.RunStdinNone || in.Cwd != dir || !slices.Equal(in.Args, []string{"prog", "a", "b"}) || in.Source != nil {
				t.Errorf("classifier input %+v", in)
			}
			if r.Status != 3 || !r.Ran || r.Mode != result.RunModeCommand || r.Stdout.Tail != "out a,b\n" || r.Stderr.Bytes != 9 {
				t.Errorf("report %+v", r)
			}
		})
	}
}

func TestRunNotFound(t *testing.T) {
	f, dir := fakeHost("darwin")
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Command = []string{"nosuch"}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if in := c.last(t); in.StartErr == "" || in.ExitCode != -1 {
		t.Errorf("input %+v", in)
	}
	if r.Status != StatusNotFound || r.Ran {
		t.Errorf("status %d, ran %v; want %d, false", r.Status, r.Ran, StatusNotFound)
	}
}

// blockUntilSignalled is a program that waits until it is signalled or killed; on SIGQUIT it
// prints a goroutine dump and exits 2, as a Go program does.
func blockUntilSignalled(ctx context.Context, _ host.Cmd, _ io.Reader, _, stderr io.Writer) int {
	<-ctx.Done()
	var s *host.Signaled
	if errors.As(context.Cause(ctx), &s) {
		fmt.Fprintf(stderr, "SIG%s\n\ngoroutine 1 [chan receive]:\nmain.main()\n\t/w/main.go:5 +0x1d\n", strings.ToUpper(s.Sig.String()))
		return 2
	}
	return -1
}

func TestRunTimeoutQuitsFirst(t *testing.T) {
	f, dir := fakeHost("darwin")
	addProgram(f, "prog", blockUntilSignalled)
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Command, o.Timeout = []string{"prog"}, 50*time.Millisecond
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if sigs := f.Signals(); len(sigs) != 1 || sigs[0] != quitSignal {
		t.Errorf("signals sent %v, want [%v]", sigs, quitSignal)
	}
	in := c.last(t)
	if !in.TimedOut || in.Timeout != 50*time.Millisecond || !strings.Contains(string(in.Stderr), "goroutine 1 [chan receive]") || in.ExitCode != 2 {
		t.Errorf("input: timed out %v (%s), exit %d, stderr %q", in.TimedOut, in.Timeout, in.ExitCode, in.Stderr)
	}
	if r.Status != StatusTimeout || !r.TimedOut {
		t.Errorf("status %d, timed out %v", r.Status, r.TimedOut)
	}
}

func TestRunTimeoutWindowsKills(t *testing.T) {
	f, dir := fakeHost("windows")
	addProgram(f, "prog", blockUntilSignalled)
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Command, o.Timeout = []string{"prog"}, 50*time.Millisecond
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if sigs := f.Signals(); len(sigs) != 0 {
		t.Errorf("signals sent on Windows: %v", sigs)
	}
	if in := c.last(t); !in.TimedOut || in.Signal != "killed" {
		t.Errorf("input: timed out %v, signal %q", in.TimedOut, in.Signal)
	}
	if r.Status != StatusTimeout {
		t.Errorf("status %d", r.Status)
	}
}

func TestRunInterruptPassedOn(t *testing.T) {
	f, dir := fakeHost("linux")
	addProgram(f, "prog", blockUntilSignalled)
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Command = []string{"prog"}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	r, err := Run(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if sigs := f.Signals(); len(sigs) != 1 || sigs[0] != os.Interrupt {
		t.Errorf("signals sent %v, want [interrupt]", sigs)
	}
	if !r.Interrupt || r.TimedOut || r.Status != 2 {
		t.Errorf("interrupted %v, timed out %v, status %d", r.Interrupt, r.TimedOut, r.Status)
	}
}

func TestRunStdin(t *testing.T) {
	echo := func(_ context.Context, _ host.Cmd, stdin io.Reader, stdout, _ io.Writer) int {
		b, _ := io.ReadAll(stdin)
		stdout.Write(b)
		return 0
	}
	long := strings.Repeat("x", 100<<10)
	for _, tc := range []struct {
		name    string
		opts    StdinOptions
		want    string
		kind    string
		maxLine int
	}{
		{"none", StdinOptions{Own: strings.NewReader("not passed on")}, "", result.RunStdinNone, 0},
		{"text", StdinOptions{Text: "3 4", TextSet: true}, "3 4\n", result.RunStdinText, 3},
		{"text with newline", StdinOptions{Text: "a\nbb\n", TextSet: true}, "a\nbb\n", result.RunStdinText, 2},
		{"file", StdinOptions{File: "/work/in.txt"}, "1\n" + long + "\n", result.RunStdinFile, 100 << 10},
		{"own", StdinOptions{File: "-", Own: strings.NewReader("piped\r\n")}, "piped\r\n", result.RunStdinFile, 5},
		{"terminal", StdinOptions{Own: strings.NewReader("typed\n"), OwnIsTerminal: true}, "typed\n", result.RunStdinTerminal, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, dir := fakeHost("darwin")
			f.AddFile("/work/in.txt", []byte("1\n"+long+"\n"), 0o644)
			addProgram(f, "prog", echo)
			var out bytes.Buffer
			c := &recorder{}
			o := options(f, dir, c, &out, io.Discard)
			o.Command, o.Stdin = []string{"prog"}, tc.opts
			r, err := Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != tc.want {
				t.Errorf("the program read %.40q, want %.40q", out.String(), tc.want)
			}
			in := c.last(t)
			if in.Stdin != tc.kind || in.StdinMaxLine != tc.maxLine || r.Stdin.Kind != tc.kind {
				t.Errorf("stdin %q, longest line %d; want %q, %d", in.Stdin, in.StdinMaxLine, tc.kind, tc.maxLine)
			}
		})
	}
}

func TestRunStdinFileMissing(t *testing.T) {
	f, dir := fakeHost("darwin")
	addProgram(f, "prog", blockUntilSignalled)
	o := options(f, dir, &recorder{}, io.Discard, io.Discard)
	o.Command, o.Stdin = []string{"prog"}, StdinOptions{File: "/work/nope.txt"}
	_, err := Run(context.Background(), o)
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v, want a UsageError", err)
	}
}

// goBuilds is a fake go command: go build -o OUT and go test -c -o OUT write OUT (unless
// noTests), other arguments fail as a compile error would.
func goBuilds(f *host.Fake, noTests bool) func(host.Cmd) *host.Result {
	return func(c host.Cmd) *host.Result {
		i := slices.Index(c.Args, "-o")
		if i < 0 || slices.Contains(c.Args, "broken.go") {
			return &host.Result{ExitCode: 1, Stderr: []byte("# command-line-arguments\n./broken.go:3:1: syntax error\n")}
		}
		if c.Args[0] == "test" && noTests {
			return &host.Result{Stdout: []byte("?   \tex\t[no test files]\n")}
		}
		f.AddFile(c.Args[i+1], []byte("\x7fELF"), 0o755)
		return &host.Result{}
	}
}

func TestRunBuildsThenRuns(t *testing.T) {
	for _, goos := range []string{"darwin", "windows"} {
		t.Run(goos, func(t *testing.T) {
			f, dir := fakeHost(goos)
			addProgram(f, "go", nil)
			f.Commands["go"] = goBuilds(f, false)
			f.AddFile(dir+"/cmd/solve/main.go", []byte("package main\n"), 0o644)
			var ran host.Cmd
			f.Programs["solve"] = func(_ context.Context, c host.Cmd, _ io.Reader, _, _ io.Writer) int { ran = c; return 7 }
			c := &recorder{}
			o := options(f, dir, c, io.Discard, io.Discard)
			o.Path, o.Args = "cmd/solve", []string{"-n", "3"}
			o.ReadSource = func(d string, files []string) (*classify.Source, error) {
				if d != dir+"/cmd/solve" || files != nil {
					t.Errorf("ReadSource(%q, %q)", d, files)
				}
				return &classify.Source{Dir: d, Files: []string{"main.go"}, PackageName: "main", HasMain: true}, nil
			}
			r, err := Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			build := f.Ran()[0]
			exe := map[string]string{"windows": ".exe"}[goos]
			if build.Dir != dir+"/cmd/solve" || strings.Join(build.Args, " ") != "build -o "+dir+"/tmp/solve"+exe+" ." {
				t.Errorf("built with %s in %s", build.String(), build.Dir)
			}
			if ran.Dir != dir+"/cmd/solve" || path.Base(ran.Path) != "solve"+exe || !slices.Equal(ran.Args, []string{"-n", "3"}) {
				t.Errorf("ran %s in %s", ran.String(), ran.Dir)
			}
			in := c.last(t)
			if in.Phase != classify.PhaseRun || in.ExitCode != 7 || in.Source == nil || !slices.Equal(in.Args, []string{dir + "/tmp/solve" + exe, "-n", "3"}) {
				t.Errorf("input %+v", in)
			}
			if r.Status != 7 || r.Build == nil || r.Build.ExitCode != 0 || r.Mode != result.RunModeProgram {
				t.Errorf("report %+v", r)
			}
		})
	}
}

func TestRunBuildFails(t *testing.T) {
	f, dir := fakeHost("darwin")
	addProgram(f, "go", nil)
	f.Commands["go"] = goBuilds(f, false)
	f.AddFile(dir+"/broken.go", []byte("package main\n"), 0o644)
	var stderr bytes.Buffer
	c := &recorder{}
	o := options(f, dir, c, io.Discard, &stderr)
	o.Path = "broken.go"
	o.ReadSource = func(d string, files []string) (*classify.Source, error) {
		if !slices.Equal(files, []string{"broken.go"}) {
			t.Errorf("ReadSource files %q, want the file named", files)
		}
		return &classify.Source{Dir: d, Files: files, PackageName: "main", HasMain: true}, nil
	}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	in := c.last(t)
	if in.Phase != classify.PhaseBuild || in.ExitCode != 1 || !strings.Contains(string(in.Stderr), "syntax error") {
		t.Errorf("input %+v", in)
	}
	if !strings.Contains(stderr.String(), "syntax error") {
		t.Errorf("the compiler's errors were not shown: %q", stderr.String())
	}
	if r.Status != 1 || r.Ran || len(f.Programs) != 1 {
		t.Errorf("status %d, ran %v", r.Status, r.Ran)
	}
}

func TestRunNotMainIsNotBuilt(t *testing.T) {
	for _, src := range []classify.Source{{PackageName: "solution", Files: []string{"solution.go"}}, {PackageName: "main", Files: []string{"solution.go"}}} {
		f, dir := fakeHost("darwin")
		f.AddFile(dir+"/solution.go", []byte("package solution\n"), 0o644)
		c := &recorder{}
		o := options(f, dir, c, io.Discard, io.Discard)
		o.Path = "solution.go"
		o.ReadSource = func(string, []string) (*classify.Source, error) { s := src; return &s, nil }
		r, err := Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Ran()) != 0 {
			t.Errorf("%s: ran %v", src.PackageName, f.Ran())
		}
		want := map[string]string{"solution": classify.NotMainPackage, "main": classify.NoMainFunc}[src.PackageName]
		if r.Result.ID != want || r.Phase != classify.PhaseBuild {
			t.Errorf("%s: classified %s in phase %s, want %s", src.PackageName, r.Result.ID, r.Phase, want)
		}
		if r.Status != StatusNotRun || r.Ran {
			t.Errorf("status %d", r.Status)
		}
	}
}

func TestRunTests(t *testing.T) {
	f, dir := fakeHost("linux")
	addProgram(f, "go", nil)
	f.Commands["go"] = goBuilds(f, false)
	f.AddFile(dir+"/sum/sum_test.go", []byte("package sum\n"), 0o644)
	var ran host.Cmd
	f.Programs["sum.test"] = func(_ context.Context, c host.Cmd, _ io.Reader, _, _ io.Writer) int { ran = c; return 1 }
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Path, o.Args = "sum", []string{"-run", "TestSum", "-v", "-count=1", "-myflag", "-args", "-v"}
	o.ReadSource = func(d string, _ []string) (*classify.Source, error) {
		return &classify.Source{Dir: d, TestFiles: []string{"sum_test.go"}, PackageName: "sum"}, nil
	}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Ran()[0].Args, " "); got != "test -c -o "+dir+"/tmp/sum.test ." {
		t.Errorf("built with go %s", got)
	}
	want := []string{"-test.paniconexit0", "-test.run", "TestSum", "-test.v", "-test.count=1", "-myflag", "-v"}
	if !slices.Equal(ran.Args, want) || ran.Dir != dir+"/sum" {
		t.Errorf("ran the test binary with %q in %s, want %q", ran.Args, ran.Dir, want)
	}
	if in := c.last(t); in.Phase != classify.PhaseTest || r.Mode != result.RunModeTest || r.Status != 1 {
		t.Errorf("phase %s, mode %s, status %d", in.Phase, r.Mode, r.Status)
	}
}

func TestRunNoTestFiles(t *testing.T) {
	f, dir := fakeHost("linux")
	addProgram(f, "go", nil)
	f.Commands["go"] = goBuilds(f, true)
	f.AddFile(dir+"/lib.go", []byte("package lib\n"), 0o644)
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Path, o.Test = ".", true
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	in := c.last(t)
	if in.Phase != classify.PhaseTest || in.ExitCode != 0 || !strings.Contains(string(in.Stdout), "[no test files]") {
		t.Errorf("input %+v", in)
	}
	if r.Status != 0 || r.Ran {
		t.Errorf("status %d, ran %v", r.Status, r.Ran)
	}
}

func TestRunEditorEnv(t *testing.T) {
	f, dir := fakeHost("linux")
	f.AddFile(dir+"/.vscode/settings.json", []byte(`{"go.toolsEnvVars": {"GOFLAGS": "-tags=integration", "CGO_ENABLED": "0"}}`), 0o644)
	f.Environ = append(f.Environ, "CGO_ENABLED=0")
	var env []string
	addProgram(f, "prog", func(_ context.Context, c host.Cmd, _ io.Reader, _, _ io.Writer) int { env = c.Env; return 0 })
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Command = []string{"prog"}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(env, "GOFLAGS=-tags=integration") {
		t.Errorf("the program's environment %q lacks the editor's GOFLAGS", env)
	}
	if len(r.Env) != 1 || r.Env[0].Name != "GOFLAGS" || r.Env[0].ShellSet || r.Env[0].Line != 1 || r.Env[0].File != dir+"/.vscode/settings.json" {
		t.Errorf("env changes %+v, want GOFLAGS alone (CGO_ENABLED is the same in the shell)", r.Env)
	}
}

func TestRunTraceElsewhere(t *testing.T) {
	for goos, want := range map[string]string{"darwin": "dtruss needs root", "windows": "Process Monitor", "freebsd": "not available on freebsd"} {
		f, dir := fakeHost(goos)
		addProgram(f, "prog", func(context.Context, host.Cmd, io.Reader, io.Writer, io.Writer) int { return 0 })
		c := &recorder{}
		o := options(f, dir, c, io.Discard, io.Discard)
		o.Command, o.Trace = []string{"prog"}, true
		r, err := Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		if r.Trace == nil || r.Trace.Available || !strings.Contains(r.Trace.Note, want) || !r.Ran {
			t.Errorf("%s: trace %+v, ran %v", goos, r.Trace, r.Ran)
		}
	}
}

func TestRunTraceNoStrace(t *testing.T) {
	f, dir := fakeHost("linux")
	addProgram(f, "prog", func(context.Context, host.Cmd, io.Reader, io.Writer, io.Writer) int { return 0 })
	o := options(f, dir, &recorder{}, io.Discard, io.Discard)
	o.Command, o.Trace = []string{"prog"}, true
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Trace.Available || !strings.Contains(r.Trace.Note, "apt-get install strace") {
		t.Errorf("trace %+v", r.Trace)
	}
}

func TestRunTraceWraps(t *testing.T) {
	f, dir := fakeHost("linux")
	f.AddFile("/usr/bin/strace", nil, 0o755)
	f.Commands["strace"] = host.Output("strace -- version 6.1\n", 0)
	addProgram(f, "prog", nil)
	var ran host.Cmd
	f.Programs["strace"] = func(_ context.Context, c host.Cmd, _ io.Reader, _, stderr io.Writer) int {
		ran = c
		i := slices.Index(c.Args, "-o")
		f.AddFile(c.Args[i+1], []byte(`100<prog> openat(AT_FDCWD, "/etc/ld.so.preload", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
100<prog> openat(AT_FDCWD, "input.txt", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
`), 0o644)
		fmt.Fprintln(stderr, "open input.txt: no such file or directory")
		return 1
	}
	c := &recorder{}
	o := options(f, dir, c, io.Discard, io.Discard)
	o.Command, o.Trace = []string{"prog", "x"}, true
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ran.Args); n < 3 || !slices.Equal(ran.Args[n-3:], []string{"--", "/usr/bin/prog", "x"}) || ran.Args[0] != "-f" {
		t.Errorf("strace ran with %q", ran.Args)
	}
	in := c.last(t)
	if len(in.Trace) != 1 || in.Trace[0].Path != "input.txt" || in.Trace[0].Errno != "ENOENT" || in.Trace[0].Name != "openat" {
		t.Errorf("trace given to the classifier %+v", in.Trace)
	}
	if r.Status != 1 || !r.Trace.Available || r.Trace.Failed != 2 || r.Command[0] != "prog" {
		t.Errorf("report: status %d, trace %+v, command %q", r.Status, r.Trace, r.Command)
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		r    result.Run
		want int
	}{
		{result.Run{ExitCode: 0}, 0},
		{result.Run{ExitCode: 3}, 3},
		{result.Run{ExitCode: -1, TimedOut: true}, StatusTimeout},
		{result.Run{ExitCode: 2, TimedOut: true}, StatusTimeout},
		{result.Run{ExitCode: -1, StartError: "exec format error"}, StatusCannotExec},
		{result.Run{ExitCode: -1}, StatusRunFailed},
		{result.Run{ExitCode: -1, Signal: "killed"}, StatusSignal + signalNumber("killed")},
	} {
		if got := exitStatus(&tc.r); got != tc.want {
			t.Errorf("status of %+v = %d, want %d", tc.r, got, tc.want)
		}
	}
}

func TestTestBinaryArgs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "-test.paniconexit0"},
		{"-run TestX -v", "-test.paniconexit0 -test.run TestX -test.v"},
		{"--count=2 -bench=. -benchmem", "-test.paniconexit0 -test.count=2 -test.bench=. -test.benchmem"},
		{"-test.v -input x", "-test.paniconexit0 -test.v -input x"},
		{"-args -v -run", "-test.paniconexit0 -v -run"},
		{"-timeout 5s", "-test.paniconexit0 -test.timeout 5s"},
	} {
		got := strings.Join(testBinaryArgs(strings.Fields(tc.in)), " ")
		if got != tc.want {
			t.Errorf("testBinaryArgs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBinaryName(t *testing.T) {
	for _, tc := range []struct {
		t    runTarget
		goos string
		test bool
		want string
	}{
		{runTarget{dir: "/w/cmd/solve"}, "linux", false, "solve"},
		{runTarget{dir: "/w", file: "two_sum.go"}, "linux", false, "two_sum"},
		{runTarget{dir: "/w/sum", file: "sum_test.go"}, "linux", true, "sum.test"},
		{runTarget{dir: "C:/w/app"}, "windows", false, "app.exe"},
		{runTarget{dir: "/"}, "linux", false, "main"},
	} {
		if got := tc.t.binaryName(tc.goos, tc.test); got != tc.want {
			t.Errorf("binaryName(%+v, %s, %v) = %q, want %q", tc.t, tc.goos, tc.test, got, tc.want)
		}
	}
}

func TestWorkspace(t *testing.T) {
	f, _ := fakeHost("linux")
	f.AddFile("/src/app/go.mod", []byte("module app\n"), 0o644)
	f.AddFile("/src/app/cmd/x/main.go", nil, 0o644)
	f.AddFile("/tmp/lone/main.go", nil, 0o644)
	for _, tc := range []struct{ cwd, path, want string }{
		{"/src/app", "cmd/x", "/src/app"},
		{"/src/app/cmd", "x/main.go", "/src/app/cmd"},
		{"/home/ana", "/src/app/cmd/x", "/src/app"},
		{"/home/ana", "/tmp/lone/main.go", "/tmp/lone"},
		{"/home/ana", "", "/home/ana"},
	} {
		if got := Workspace(f, tc.cwd, tc.path); got != tc.want {
			t.Errorf("Workspace(%q, %q) = %q, want %q", tc.cwd, tc.path, got, tc.want)
		}
	}
}

// TestRunLeavesRedactionToTheRenderer: the document holds what the program printed and ran with,
// as it was (report.RunJSON and report.RunText redact it), and so do the classifier's input and
// the program's own output passed through.
func TestRunLeavesRedactionToTheRenderer(t *testing.T) {
	f, dir := fakeHost("linux")
	addProgram(f, "prog", func(_ context.Context, _ host.Cmd, _ io.Reader, stdout, stderr io.Writer) int {
		fmt.Fprintln(stderr, "fetching https://ana:s3cret@proxy.corp/mod failed")
		return 1
	})
	var errOut bytes.Buffer
	c := &recorder{}
	o := options(f, dir, c, io.Discard, &errOut)
	o.Command = []string{"prog", "GITHUB_TOKEN=abc123"}
	var progress []string
	o.Progress = func(what string, argv []string, dir string) {
		progress = append(progress, what+" "+strings.Join(argv, " "))
	}
	r, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Stderr.Tail, "s3cret") || r.Line != "prog GITHUB_TOKEN=abc123" {
		t.Errorf("the document's stderr %q, command line %q", r.Stderr.Tail, r.Line)
	}
	if !slices.Equal(progress, []string{"running prog GITHUB_TOKEN=abc123"}) {
		t.Errorf("progress %q", progress)
	}
	if !strings.Contains(errOut.String(), "s3cret") || !strings.Contains(string(c.last(t).Stderr), "s3cret") {
		t.Error("the program's own output and the classifier's input must be left as they are")
	}
}

// TestGoRunSource: the package a go run command line runs is found past go run's own flags.
func TestGoRunSource(t *testing.T) {
	f, dir := fakeHost("linux")
	for _, tc := range []struct {
		argv  []string
		dir   string
		files string
	}{
		{argv: []string{"go", "run", "."}, dir: dir + "/."},
		{argv: []string{"go", "run", "-race", "-tags", "x y", "./cmd/app", "-n", "3"}, dir: dir + "/cmd/app"},
		{argv: []string{"go", "run", "-ldflags=-s", "main.go", "util.go", "arg.go"}, dir: dir, files: "main.go util.go arg.go"},
		{argv: []string{"go", "run", "sub/main.go", "x"}, dir: dir + "/sub", files: "main.go"},
		{argv: []string{"/usr/local/go/bin/go", "run", "/abs/pkg"}, dir: "/abs/pkg"},
		{argv: []string{"go", "run", "example.com/cmd/x@latest"}},
		{argv: []string{"go", "run", "./..."}},
		{argv: []string{"go", "run", "a/main.go", "b/main.go"}},
		{argv: []string{"go", "test", "-run", "TestX", "-count=1", "./pkg", "-v"}, dir: dir + "/pkg"},
		{argv: []string{"go", "test", "./..."}},
		{argv: []string{"go", "test", "./a", "./b"}},
		{argv: []string{"./app"}},
	} {
		var gotDir string
		var gotFiles []string
		called := false
		o := Options{Host: f, Dir: dir, ReadSource: func(d string, files []string) (*classify.Source, error) {
			called, gotDir, gotFiles = true, d, files
			return &classify.Source{Dir: d}, nil
		}}
		src := goRunSource(o, tc.argv)
		if tc.dir == "" {
			if called || src != nil {
				t.Errorf("%q: read %s %q, want nothing", tc.argv, gotDir, gotFiles)
			}
			continue
		}
		if !called || filepath.Clean(gotDir) != filepath.Clean(tc.dir) || strings.Join(gotFiles, " ") != tc.files {
			t.Errorf("%q: read %q %q, want %q %q", tc.argv, gotDir, gotFiles, tc.dir, tc.files)
		}
	}
}
