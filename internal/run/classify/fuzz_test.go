package classify

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/text"
	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzClassify: any bytes in, one known classification out, never a panic, in bounded time.
// The seeds are every fixture's recorded output and the table tests' inputs.
func FuzzClassify(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "cases", "*.txtar"))
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		var stdout, stderr, status []byte
		for _, file := range ar.Files {
			switch file.Name {
			case "out/stdout":
				stdout = file.Data
			case "out/stderr":
				stderr = file.Data
			case "out/status":
				status = file.Data
			}
		}
		f.Add(stdout, stderr, 2, "", "", false, "go\x00run\x00.", string(status), "none", 0, uint8(1))
	}
	f.Add([]byte(""), []byte(loopDump), 2, "quit", "", true, "./prog", "", "terminal", 0, uint8(3))
	f.Add([]byte(testSpinTimeout), []byte(""), 1, "", "", false, "go\x00test\x00.", "", "", 0, uint8(7))
	f.Add([]byte("lines: 0\n"), []byte(""), 0, "", "", false, "./prog", "openat input.txt ENOENT", "file", 100000, uint8(255))
	f.Add([]byte(""), []byte(""), -1, "", "fork/exec ./prog: exec format error", false, "./prog", "", "", 0, uint8(0))

	f.Fuzz(func(t *testing.T, stdout, stderr []byte, exit int, signal, startErr string, timedOut bool,
		args, trace, stdin string, maxLine int, mask uint8) {
		in := Input{
			Phase:        []Phase{PhaseBuild, PhaseRun, PhaseTest, PhaseExec, ""}[int(mask)%5],
			ExitCode:     exit,
			Signal:       signal,
			TimedOut:     timedOut,
			Timeout:      time.Duration(maxLine) * time.Millisecond,
			StartErr:     startErr,
			Stdout:       stdout,
			Stderr:       stderr,
			Args:         strings.Split(args, "\x00"),
			Stdin:        stdin,
			StdinMaxLine: maxLine,
			Cwd:          "/w",
		}
		for _, l := range strings.Split(trace, "\n") {
			if f := strings.Fields(l); len(f) == 3 {
				in.Trace = append(in.Trace, Syscall{Name: f[0], Path: f[1], Errno: f[2], Line: l})
			}
		}
		if mask&0x08 != 0 {
			in.Source = &Source{
				Dir: "/w", Files: []string{"main.go"}, PackageName: "main",
				HasMain:           mask&0x10 != 0,
				ReadsStdin:        mask&0x20 != 0,
				ScannerDefault:    mask&0x40 != 0,
				ScannerErrIgnored: mask&0x80 != 0,
				OpenedFiles:       []Opened{{Name: "input.txt", Pos: "/w/main.go:9:2", InDir: mask&0x01 != 0}},
				Flags:             []string{"n"},
			}
			if mask&0x06 == 0x06 {
				in.Source.PackageName = "solution"
			}
			in.Source.OpenedFiles[0].FoundIn = trace
			in.Source.Tests = map[string][]string{"main_test.go": {signal}}
		}
		if mask&0x02 != 0 {
			// The runner's other facts, from the fuzzed strings.
			in.GoFlags, in.GO111MODULE, in.StdinBytes = signal, startErr, int64(maxLine)
			in.Exec = &ExecFacts{Path: args, Exists: mask&0x04 != 0, Host: "linux/amd64", Targets: []string{signal},
				Interpreter: startErr, InterpreterMissing: timedOut, InstallDir: trace}
			in.ArgModules = []ArgModule{{Arg: signal, Root: startErr, Rel: trace}}
		}
		watchdog := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("classify still running after 10s on %q / %q", text.Clip(string(stdout), 200), text.Clip(string(stderr), 200)))
		})
		res := classify(in) // without Classify's recover, so that a panic fails the fuzz test
		watchdog.Stop()
		if !slices.Contains(knownIDs, res.ID) {
			t.Fatalf("ID %q is not a known id", res.ID)
		}
		if res.Title == "" || res.Explanation == "" {
			t.Fatalf("empty title or explanation: %+v", res)
		}
	})
}

// TestClassifyBig: megabytes of output stay fast (the runner passes tails, but need not).
func TestClassifyBig(t *testing.T) {
	for _, in := range bigInputs() {
		if res := Classify(in); res.ID == "" {
			t.Error("no id")
		}
	}
}

// BenchmarkClassifyBig is the classifier on outputs of megabytes: its cost must stay linear in
// what it reads (bounded heads and tails), whatever the output.
func BenchmarkClassifyBig(b *testing.B) {
	ins := bigInputs()
	for b.Loop() {
		for _, in := range ins {
			Classify(in)
		}
	}
}

func bigInputs() []Input {
	var b strings.Builder
	for b.Len() < 8<<20 {
		b.WriteString("--- FAIL: TestX (0.00s)\n    x_test.go:1: main.go:1:2: flag provided but not defined: -x panic: goroutine 1 [running]:\n")
	}
	big := []byte(b.String())
	return []Input{
		{ExitCode: 1, Stdout: big, Stderr: big, Args: []string{"go", "test", "."}},
		{ExitCode: 2, Stderr: []byte(strings.Repeat("goroutine 1 [running]:\nmain.f(...)\n\t/w/main.go:3\n", 200000))},
		{ExitCode: 2, Stderr: []byte("panic: x\n\n" + strings.Repeat("goroutine 1 [running]:\nmain.f(...)\n\t/w/main.go:3\n\n", 200000))},
	}
}
