package run

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/run/classify"
)

// writeFiles writes name -> content into a new directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadSource(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		check func(t *testing.T, dir string, s *classify.Source)
	}{
		{
			name: "leetcode solution",
			files: map[string]string{"solution.go": `package solution

func twoSum(nums []int, target int) []int { return nil }
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				want := &classify.Source{Dir: dir, Files: []string{"solution.go"}, PackageName: "solution"}
				if !reflect.DeepEqual(s, want) {
					t.Errorf("got %+v, want %+v", s, want)
				}
			},
		},
		{
			name: "fmt.Scan reads stdin",
			files: map[string]string{"main.go": `package main

import "fmt"

func main() {
	var n int
	fmt.Scan(&n)
	fmt.Println(n)
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.HasMain || s.PackageName != "main" || !s.ReadsStdin || s.ScannerDefault {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "default scanner, Err ignored",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"os"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		println(sc.Text())
	}
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.ReadsStdin || !s.ScannerDefault || !s.ScannerErrIgnored {
					t.Errorf("got %+v", s)
				}
				if want := filepath.Join(dir, "main.go") + ":9:8"; s.ScannerPos != want {
					t.Errorf("ScannerPos = %q, want %q", s.ScannerPos, want)
				}
			},
		},
		{
			name: "default scanner, Err checked",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"log"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
	}
	if err := in.Err(); err != nil {
		log.Fatal(err)
	}
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.ScannerDefault || s.ScannerErrIgnored {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "scanner with a buffer",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"os"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
	}
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.ReadsStdin || s.ScannerDefault || s.ScannerPos != "" {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "scanner split by words",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"os"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Split(bufio.ScanWords)
	for sc.Scan() {
	}
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if s.ScannerDefault {
					t.Errorf("a word scanner is not limited by line length: %+v", s)
				}
			},
		},
		{
			name: "scanner over a reader over stdin, in a struct field",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"os"
)

type io struct{ sc *bufio.Scanner }

func main() {
	r := bufio.NewReader(os.Stdin)
	var x io
	x.sc = bufio.NewScanner(r)
	for x.sc.Scan() {
	}
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.ScannerDefault || !s.ScannerErrIgnored {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "scanner over a reader parameter, run(os.Stdin)",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

func run(in io.Reader, out io.Writer) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		fmt.Fprintln(out, sc.Text())
	}
}

func main() { run(os.Stdin, os.Stdout) }
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.ReadsStdin || !s.ScannerDefault {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "scanner over a file is not stdin",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"os"
	"strings"
)

func main() {
	f, _ := os.Open("data.txt")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
	}
	sc2 := bufio.NewScanner(strings.NewReader("x"))
	_ = sc2
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if s.ReadsStdin || s.ScannerDefault {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "os.Stdin used but not read: a terminal check, a child's stdin",
			files: map[string]string{"main.go": `package main

import (
	"os"
	"os/exec"
)

func main() {
	if st, _ := os.Stdin.Stat(); st.Mode()&os.ModeCharDevice != 0 {
		println("interactive")
	}
	cmd := exec.Command("less")
	cmd.Stdin = os.Stdin
	c2 := &exec.Cmd{Stdin: os.Stdin}
	_ = c2
	defer os.Stdin.Close()
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if s.ReadsStdin {
					t.Errorf("ReadsStdin for a Stat, a Close and a child's stdin")
				}
			},
		},
		{
			name: "io.ReadAll(os.Stdin) and os.Stdin.Read read",
			files: map[string]string{"a.go": "package main\n\nimport (\n\t\"io\"\n\t\"os\"\n)\n\nfunc main() { io.ReadAll(os.Stdin) }\n",
				"b.go": "package main\n\nimport \"os\"\n\nfunc f(b []byte) { os.Stdin.Read(b) }\n"},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.ReadsStdin || !s.HasMain {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "aliased os import",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	sys "os"
)

func main() {
	sc := bufio.NewScanner(sys.Stdin)
	sc.Scan()
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !s.ReadsStdin || !s.ScannerDefault {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "opened files",
			files: map[string]string{
				"main.go": `package main

import (
	"io/ioutil"
	"os"
	"path/filepath"
)

const dataFile = "data.txt"

func main() {
	os.Open("input.txt")
	os.ReadFile(dataFile)
	name := "local.txt"
	os.OpenFile(name, os.O_RDONLY, 0)
	ioutil.ReadFile(filepath.Join("testdata", "x.txt"))
	os.Open("/etc/hosts")
	os.Open(os.Args[1])
}
`,
				"input.txt":       "1\n",
				"testdata/x.txt":  "x\n",
				"unrelated/y.txt": "",
			},
			check: func(t *testing.T, dir string, s *classify.Source) {
				main := filepath.Join(dir, "main.go")
				want := []classify.Opened{
					{Name: "input.txt", Pos: main + ":12:2", InDir: true},
					{Name: "data.txt", Pos: main + ":13:2"},
					{Name: "local.txt", Pos: main + ":15:2"},
					{Name: "testdata/x.txt", Pos: main + ":16:2", InDir: true},
				}
				if !reflect.DeepEqual(s.OpenedFiles, want) {
					t.Errorf("OpenedFiles = %+v\nwant %+v", s.OpenedFiles, want)
				}
				if s.ReadsStdin {
					t.Errorf("ReadsStdin for os.Args")
				}
			},
		},
		{
			name: "flags, in the code and its tests",
			files: map[string]string{
				"main.go": `package main

import "flag"

var n = flag.Int("n", 1, "count")

func main() {
	var verbose bool
	flag.BoolVar(&verbose, "v", false, "verbose")
	flag.Parse()
}
`,
				"main_test.go": `package main

import (
	"flag"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestX(t *testing.T) {}
`,
			},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if want := []string{"n", "update", "v"}; !reflect.DeepEqual(s.Flags, want) {
					t.Errorf("Flags = %q, want %q", s.Flags, want)
				}
				if !reflect.DeepEqual(s.TestFiles, []string{"main_test.go"}) || !reflect.DeepEqual(s.Files, []string{"main.go"}) {
					t.Errorf("Files = %q, TestFiles = %q", s.Files, s.TestFiles)
				}
			},
		},
		{
			name: "main without func main",
			files: map[string]string{"main.go": `package main

func Main() {}

func (t T) main() {}

type T int
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if s.PackageName != "main" || s.HasMain {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "syntax error keeps what parsed",
			files: map[string]string{"main.go": `package main

import (
	"bufio"
	"os"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		println(sc.Text()
	}
}
`},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if len(s.ParseErrors) == 0 || s.PackageName != "main" || !s.HasMain || !s.ReadsStdin {
					t.Errorf("got %+v", s)
				}
				if !strings.Contains(s.ParseErrors[0], "main.go:11") {
					t.Errorf("ParseErrors = %q", s.ParseErrors)
				}
			},
		},
		{
			name: "build constraints and ignored files",
			files: map[string]string{
				"main.go":  "package main\n\nfunc main() {}\n",
				"gen.go":   "//go:build ignore\n\npackage main\n\nimport \"os\"\n\nfunc main() { os.Open(\"gen.txt\") }\n",
				"_x.go":    "package junk\n",
				".y.go":    "package junk\n",
				"other.go": "//go:build " + otherOS() + "\n\npackage other\n",
			},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if !reflect.DeepEqual(s.Files, []string{"main.go"}) || s.PackageName != "main" || len(s.OpenedFiles) != 0 {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name:  "only test files",
			files: map[string]string{"app_test.go": "package app_test\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n"},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if s.PackageName != "app" || len(s.Files) != 0 || len(s.TestFiles) != 1 {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name:  "not Go at all",
			files: map[string]string{"main.go": "\x00\xff garbage {{{ package"},
			check: func(t *testing.T, dir string, s *classify.Source) {
				if len(s.ParseErrors) == 0 || s.HasMain {
					t.Errorf("got %+v", s)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			s, err := ReadSource(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, dir, s)
		})
	}
}

func otherOS() string {
	if filepath.Separator == '\\' {
		return "linux"
	}
	return "windows"
}

func TestReadSourceGivenFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.go":   "package main\n\nfunc main() { helper() }\n",
		"helper.go": "package main\n\nfunc helper() {}\n",
	})
	// go run main.go: only main.go is the program.
	s, err := ReadSource(dir, []string{"main.go"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Files, []string{"main.go"}) || !s.HasMain {
		t.Errorf("got %+v", s)
	}
	// An absolute path works too, and a missing file is an error only when nothing could be read.
	s, err = ReadSource(dir, []string{filepath.Join(dir, "helper.go"), "missing.go"})
	if err != nil || s.PackageName != "main" || s.HasMain {
		t.Errorf("got %+v, %v", s, err)
	}
	if _, err := ReadSource(dir, []string{"missing.go"}); err == nil {
		t.Error("no error for a missing file")
	}
	if _, err := ReadSource(filepath.Join(dir, "nowhere"), nil); err == nil {
		t.Error("no error for a missing directory")
	}
}

func TestReadSourceHugeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Scan() }\n\nvar data = []int{\n")
	for b.Len() < 3*maxSourceBytes {
		b.WriteString("\t1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,\n")
	}
	b.WriteString("}\n")
	dir := writeFiles(t, map[string]string{"main.go": b.String()})
	s, err := ReadSource(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.HasMain || !s.ReadsStdin || len(s.ParseErrors) == 0 {
		t.Errorf("got HasMain %v ReadsStdin %v ParseErrors %q", s.HasMain, s.ReadsStdin, s.ParseErrors)
	}
}

func TestReadSourceTestFuncs(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.go": "package a\n",
		"a_test.go": `package a

import "testing"

func TestMain(m *testing.M)      {}
func TestA(t *testing.T)         {}
func Test_b(t *testing.T)        {}
func Test(t *testing.T)          {}
func Testing(t *testing.T)       {}
func ExampleA()                  {}
func FuzzA(f *testing.F)         {}
func BenchmarkA(b *testing.B)    {}
func (x T) TestMethod(t *testing.T) {}

type T struct{}
`,
		"b_test.go": "package a\n\nfunc helper() {}\n",
	})
	s, err := ReadSource(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Tests["a_test.go"], " "); got != "TestA Test_b Test ExampleA FuzzA" {
		t.Errorf("a_test.go: %q", got)
	}
	if got := s.Tests["b_test.go"]; len(got) != 0 {
		t.Errorf("b_test.go: %q", got)
	}
}
