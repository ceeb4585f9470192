package gocmd

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// kindNamed is the kind whose String is name.
func kindNamed(t *testing.T, name string) Kind {
	t.Helper()
	for k := Kind(1); k < numKinds; k++ {
		if k.String() == name {
			return k
		}
	}
	t.Fatalf("no kind %q", name)
	return Unknown
}

// TestRecorded parses the go command's outputs recorded in testdata/recorded.txtar: each must
// give a cause of the kind its name starts with.
func TestRecorded(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("testdata", "recorded.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[Kind]bool{}
	for _, f := range ar.Files {
		name, _, _ := strings.Cut(f.Name, ":")
		kind := kindNamed(t, name)
		covered[kind] = true
		t.Run(f.Name, func(t *testing.T) {
			cs := Parse(string(f.Data))
			c, ok := cs.First(kind)
			if !ok {
				t.Fatalf("no %s cause; got %s", kind, kindsOf(cs))
			}
			if !strings.Contains(string(f.Data), c.Line) || c.Line == "" {
				t.Errorf("Line %q is not a line of the output", c.Line)
			}
		})
	}
	if len(covered) < 45 {
		t.Errorf("the recordings show %d kinds only", len(covered))
	}
}

// runFixtureKinds are the kinds the recorded outputs of gomedic run's fixtures
// (internal/run/testdata/cases) show: every fixture whose go command failed is here.
var runFixtureKinds = map[string]Kind{
	"build_compile_errors":         CompileError,
	"build_file_undefined":         CompileError,
	"build_go_version":             TooNew,
	"build_gorun_file_undefined":   CompileError,
	"build_missing_module":         NoRequiredModule,
	"build_no_go_mod":              NoGoMod,
	"build_several_mains":          CompileError,
	"build_syntax_error":           CompileError,
	"exec_format_error_gorun":      ForkExec,
	"gocmd_build_missing_dir":      NoSuchPath,
	"gocmd_build_output_file":      BuildAction,
	"gocmd_gomod_parse":            ModFileError,
	"gocmd_gomod_parse_sub":        ModFileError,
	"gocmd_gowork_missing_run":     NotInWorkspace,
	"gocmd_gowork_missing_vet":     NotInWorkspace,
	"gocmd_import_cycle_run":       ImportCycle,
	"gocmd_import_cycle_vet":       ImportCycle,
	"gocmd_replace_missing":        ReplacementMissing,
	"gocmd_replace_missing_tidy":   ReplacementMissing,
	"gocmd_replace_missing_vet":    ReplacementMissing,
	"gocmd_run_bad_flag":           FlagUndefined,
	"gocmd_run_missing_file":       NoSuchPath,
	"gocmd_test_vet_subpackage":    VetReport,
	"gocmd_too_many_errors":        CompileError,
	"gocmd_too_many_errors_test":   CompileError,
	"gocmd_vet_subpackage":         CompileError, // go vet run alone prints its reports without a header
	"no_main_func":                 NoMainFunc,
	"not_main_package_gorun":       NotMainPackage,
	"test_build_failed":            CompileError,
	"test_build_failed_and_failed": CompileError,
	"test_vet":                     VetReport,
	"testbin_vet":                  VetReport,
	"vet_command":                  CompileError,
}

// programKinds are the only kinds a program's own output (a panic, a test's failure, a flag
// error of its own) may give: go run's exit status line, a flag package's message, a program that
// could not start.
var programKinds = []Kind{ExitStatus, FlagUndefined, ForkExec}

// TestRunFixtures parses the recorded output of gomedic run's fixtures: those of a failed go
// command give its kind, the others nothing but programKinds.
func TestRunFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "run", "classify", "testdata", "cases", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	seen := 0
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			for _, f := range ar.Files {
				if f.Name == "out/stdout" || f.Name == "out/stderr" {
					out.Write(f.Data)
				}
			}
			cs := Parse(out.String())
			want, failed := runFixtureKinds[name]
			if failed {
				seen++
				if !cs.Has(want) {
					t.Errorf("no %s cause; got %s", want, kindsOf(cs))
				}
				return
			}
			for _, c := range cs.Failures() {
				if !slices.Contains(programKinds, c.Kind) {
					t.Errorf("a program's output gives %s: %q", c.Kind, c.Line)
				}
			}
		})
	}
	if seen != len(runFixtureKinds) {
		t.Errorf("%d of the %d fixtures named in runFixtureKinds exist", seen, len(runFixtureKinds))
	}
}
