// Package classify says why a program, a test or a command exited as it did (the run.* ids of
// CHECKS.md): a pure function of the exit, the output and facts about the source, gathered by the
// runner (package run). It reads no file and runs nothing, so that every case is a table test or
// a recorded fixture (testdata/cases).
package classify

import (
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/result"
)

// The classification ids (CHECKS.md, run section).
const (
	OK                = "run.ok"
	BuildFailed       = "run.build_failed"
	Panic             = "run.panic"
	FatalError        = "run.fatal_error"
	FlagError         = "run.flag_error"
	ExitCode          = "run.exit_code"
	Signal            = "run.signal"
	Timeout           = "run.timeout"
	NotMainPackage    = "run.not_main_package"
	NoMainFunc        = "run.no_main_func"
	StdinEOF          = "run.stdin_eof"
	StdinTokenTooLong = "run.stdin_token_too_long"
	TestFailed        = "run.test_failed"
	NoTestFiles       = "run.no_test_files"
	VetFailed         = "run.vet_failed"
	ExecNotFound      = "run.exec_not_found"
	// DataRace is added to CHECKS.md's list: the race detector's report (-race).
	DataRace = "run.data_race"
)

// Phase is what produced the output being classified (the run document's phase).
type Phase = result.RunPhase

// The phases.
const (
	PhaseBuild = result.RunPhaseBuild // go build / go vet (before the program ran)
	PhaseRun   = result.RunPhaseRun   // the program itself
	PhaseTest  = result.RunPhaseTest  // go test, or a test binary
	PhaseExec  = result.RunPhaseExec  // any other command (-- COMMAND)
)

// Source are facts about the code, read before running it.
type Source struct {
	Dir       string   // the package directory
	Files     []string // its .go files (not _test.go)
	TestFiles []string // its _test.go files
	// Tests are, for each _test.go file, the tests, examples and fuzz tests it declares (what
	// go test's -run matches), in order.
	Tests map[string][]string
	// TestPos is file:line of each of those functions' declarations.
	TestPos     map[string]string
	PackageName string // "main", "solution", ...
	// ArgsIndexed are file:line of the expressions that index os.Args (os.Args[1]): a program that
	// expects command-line arguments.
	ArgsIndexed []string
	// Excluded are the .go files of Dir that build constraints leave out on this platform, each
	// with why ("//go:build integration", "_windows.go", "import \"C\" with cgo off").
	Excluded map[string]string
	// CgoFiles are its files that import "C" (left out of the build when cgo is off).
	CgoFiles []string
	// Module is the directory of the go.mod at or above Dir, "" when there is none (a go command
	// given a package then fails; one given .go files builds them if they import only std).
	Module string
	// Target is how the code is named to the go command: "." for the package, or its .go files
	// ("main.go"), as the user ran it; "" means ".".
	Target  string
	HasMain bool // a func main() in package main
	// ReadsStdin: the code reads os.Stdin (bufio.NewScanner(os.Stdin), bufio.NewReader(os.Stdin),
	// fmt.Scan*, io.ReadAll(os.Stdin), ...).
	ReadsStdin bool
	// ScannerDefault: a bufio.Scanner on os.Stdin without a Buffer call (64 KiB line limit).
	ScannerDefault bool
	// ScannerErrIgnored: that scanner's Err() is never checked (a long line ends the scan silently).
	ScannerErrIgnored bool
	// ScannerPos is file:line:col of that scanner's bufio.NewScanner call ("" when none).
	ScannerPos string
	// OpenedFiles are file paths the code opens with a literal relative name (os.Open("input.txt"),
	// os.ReadFile, ...), with their positions.
	OpenedFiles []Opened
	// Flags are the names of the flags the code defines with the flag package (flag.String("n",
	// ...), flag.IntVar(&x, "n", ...)), test files included: what a test binary accepts besides
	// -test.*.
	Flags []string
	// ParseErrors are the syntax errors met while reading the files: when there are any, the facts
	// above may be incomplete (a func main lost to a syntax error), and nothing is decided from
	// them that the compiler would decide better.
	ParseErrors []string
}

// Opened is a file the source opens by a literal name.
type Opened struct {
	Name string // as written: "input.txt"
	Pos  string // file:line:col of the call
	// InDir: the name resolves to an existing file relative to Source.Dir (checked by ReadSource),
	// so a "no such file" for it means the program ran in another working directory.
	InDir bool
	// FoundIn, when the name is not in Source.Dir, is another directory where it resolves (the
	// directory gomedic run was started in, or the module root), found by the runner.
	FoundIn string
}

// Input is everything the classifier looks at.
type Input struct {
	Phase    Phase
	ExitCode int    // -1 when killed by a signal or not started
	Signal   string // "killed", "quit", "segmentation fault" ... ("" when it exited)
	TimedOut bool   // gomedic stopped it at --timeout (after SIGQUIT)
	// Timeout is the --timeout that stopped it, when TimedOut (0 when not known).
	Timeout  time.Duration
	StartErr string // the exec error when the program could not be started
	Stdout   []byte // tails are enough: the classifier reads only what it needs
	Stderr   []byte
	Source   *Source // nil for an arbitrary command
	Args     []string
	// Stdin says what the program got as standard input (result.RunStdin*): "none" (empty: no
	// --stdin/--input and not a terminal), "file", "text", "terminal".
	Stdin string
	// StdinMaxLine is the length of the longest line of the input given, when known.
	StdinMaxLine int
	// StdinBytes is the size of the input given, when known.
	StdinBytes int64
	// Trace are failing system calls before the exit, from --trace, in order.
	Trace []Syscall
	Cwd   string
	// ArgModules are the module roots (directories holding a go.mod) of the go command's path
	// arguments that lie below Cwd, for -- go run ./app: the go command takes the main module from
	// its working directory, never from a package path, so a go.mod there is not seen.
	ArgModules []ArgModule
	// GoFlags is the GOFLAGS a failed go command ran with (the environment's, else go env -w's).
	GoFlags string
	// GO111MODULE is the value a failed go command ran with (likewise), "" when unset.
	GO111MODULE string
	// WorkFile is the go.work a failed go command found at or above Cwd ("" for none), with its use
	// directories as written; CwdHasGoMod: Cwd itself holds a go.mod.
	WorkFile    string
	WorkUses    []string
	CwdHasGoMod bool
	// CgoEnabled is go env CGO_ENABLED for a failed go command ("0" also when no C compiler is
	// found), "" when not known.
	CgoEnabled string
	// Exec is what is at the command that could not be started (set with StartErr).
	Exec *ExecFacts
}

// ExecFacts are what the runner found at a command that could not be started.
type ExecFacts struct {
	Path   string // the file the system was asked to start
	Exists bool   // it exists (a "no such file" is then about what it needs)
	// Host is this machine's goos/goarch; Targets the file's ("linux/arm64"), when it is a binary.
	Host    string
	Targets []string
	// Interpreter is a script's #! interpreter, and InterpreterMissing that no such file exists.
	Interpreter        string
	InterpreterMissing bool
	// ShebangCR: the #! line ends with a carriage return (a script saved with CRLF).
	ShebangCR bool
	// IsDir: the path is a directory.
	IsDir bool
	// Built: gomedic run built this binary from PATH (so GOOS/GOARCH decided its platform).
	Built bool
	// InstallDir is where go install writes programs (GOBIN, or GOPATH/bin), when a command not
	// found on PATH is there: the install directory is not on the PATH the command got.
	InstallDir string
}

// ArgModule is a path argument of the go command and the module root below Cwd that holds it.
type ArgModule struct {
	Arg  string // as written: "./app", "app/main.go", "./app/..."
	Root string // the directory holding its go.mod
	Rel  string // the argument as seen from Root: ".", "main.go", "./..."
}

// Syscall is one failing system call seen by the tracer.
type Syscall struct {
	Name  string // "openat", "execve", ...
	Path  string // its path argument
	Errno string // "ENOENT", "EACCES", ...
	Line  string // the tracer's line, for evidence
}

// Result is one classification: the run document carries it as it is (result.RunClassification).
type Result = result.RunClassification

// newFix is a classification's fix: what to do, and the commands that do it.
func newFix(summary string, commands ...string) *finding.Fix {
	return &finding.Fix{Summary: summary, Commands: commands}
}
