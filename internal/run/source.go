package run

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gomedic/gomedic/internal/run/classify"
	"github.com/gomedic/gomedic/internal/text"
)

// Limits of ReadSource: a package directory is a few files of a few kilobytes; generated or
// vendored giants are read only as far as these bounds.
const (
	maxSourceFiles = 500     // files parsed per package
	maxSourceBytes = 2 << 20 // bytes read per file; the rest is cut (the parser keeps what it got)
)

// ReadSource reads facts about the package in dir from its files, with go/parser only (no type
// checking, no imports followed). files are the package's .go files relative to dir (or
// absolute), _test.go files included; nil means every .go file in dir that matches the build
// constraints of this platform. A file that does not parse yields what the parser recovered and a
// line in ParseErrors; the error is only for a directory or files that cannot be read at all.
func ReadSource(dir string, files []string) (*classify.Source, error) {
	src := &classify.Source{Dir: dir}
	if files == nil {
		var err error
		if files, src.Excluded, err = listGoFiles(dir); err != nil {
			return src, fmt.Errorf("reading the package directory: %w", err)
		}
	}
	fset := token.NewFileSet()
	var parsed []*parsedFile
	var errs []error
	for _, name := range files {
		if len(parsed) == maxSourceFiles {
			break
		}
		p, err := parseSourceFile(fset, src, dir, name)
		if err != nil {
			errs = append(errs, err)
		}
		if p != nil {
			parsed = append(parsed, p)
		}
	}
	if len(parsed) == 0 && len(errs) > 0 {
		return src, fmt.Errorf("reading the package's files: %w", errors.Join(errs...))
	}
	src.PackageName = packageName(parsed)
	src.Module = moduleRoot(dir)
	a := newSourceAnalysis(fset, dir)
	for _, p := range parsed {
		if !p.test && p.f.Name.Name == "main" && hasFuncMain(p.f) {
			src.HasMain = true
		}
		a.collect(p)
	}
	for _, p := range parsed {
		a.inspect(p)
	}
	a.fill(src)
	return src, nil
}

// parseSourceFile parses the file name of dir and records it in src: a test file with its tests,
// a file that imports "C", a syntax error. It returns nil for a file that cannot be read (the
// error) or that has no package clause.
func parseSourceFile(fset *token.FileSet, src *classify.Source, dir, name string) (*parsedFile, error) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, name)
	}
	data, err := readCapped(path, maxSourceBytes)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(fset, path, data, parser.SkipObjectResolution)
	if err != nil {
		src.ParseErrors = append(src.ParseErrors, text.FirstLine(err.Error()))
	}
	if f == nil || f.Name == nil {
		return nil, nil
	}
	isTest := strings.HasSuffix(name, "_test.go")
	if isTest {
		addTests(fset, src, name, path, f)
	} else {
		src.Files = append(src.Files, name)
	}
	for _, im := range f.Imports {
		if im.Path != nil && im.Path.Value == `"C"` {
			src.CgoFiles = append(src.CgoFiles, name)
		}
	}
	return &parsedFile{f: f, test: isTest, imports: importNames(f)}, nil
}

// addTests records the test file name (at path) and the tests, examples and fuzz tests it
// declares, with where.
func addTests(fset *token.FileSet, src *classify.Source, name, path string, f *ast.File) {
	src.TestFiles = append(src.TestFiles, name)
	if src.Tests == nil {
		src.Tests = map[string][]string{}
	}
	src.Tests[name] = testFuncs(f)
	if src.TestPos == nil {
		src.TestPos = map[string]string{}
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name != nil {
			if slices.Contains(src.Tests[name], fn.Name.Name) {
				src.TestPos[fn.Name.Name] = fmt.Sprintf("%s:%d", path, fset.Position(fn.Pos()).Line)
			}
		}
	}
}

// listGoFiles lists the .go files in dir that the go command would build on this platform, and
// those its build constraints leave out, with why.
func listGoFiles(dir string) (files []string, excluded map[string]string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err == nil && !ok {
			if excluded == nil {
				excluded = map[string]string{}
			}
			excluded[name] = exclusionReason(filepath.Join(dir, name))
			continue
		}
		files = append(files, name)
	}
	return files, excluded, nil
}

// exclusionReason says which build constraint leaves a file out: its //go:build line, its name's
// _GOOS or _GOARCH suffix, or its import "C" when cgo is off.
func exclusionReason(path string) string {
	data, err := readCapped(path, 64<<10)
	if err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, "//go:build ") {
				return t
			}
			if strings.HasPrefix(t, "package ") {
				break
			}
		}
	}
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".go"), "_test")
	if i := strings.IndexByte(base, '_'); i >= 0 {
		return "its name's suffix " + base[i:] + ".go (GOOS/GOARCH " + build.Default.GOOS + "/" + build.Default.GOARCH + " here)"
	}
	return "a build constraint"
}

func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
}

type parsedFile struct {
	f       *ast.File
	test    bool
	imports map[string]string // local name -> import path
}

// importNames maps each import's local name to its path ("os" -> "os", "f" -> "fmt" for
// import f "fmt"). Dot and blank imports are left out.
func importNames(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, imp := range f.Imports {
		path := strings.Trim(imp.Path.Value, "`\"")
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "." || name == "_" {
			continue
		}
		m[name] = path
	}
	return m
}

// packageName is the package clause of the non-test files ("main" when any of them says main,
// since that is the one the user means to run), else of the test files without "_test".
func packageName(parsed []*parsedFile) string {
	name := ""
	for _, p := range parsed {
		if p.test {
			continue
		}
		if p.f.Name.Name == "main" {
			return "main"
		}
		if name == "" {
			name = p.f.Name.Name
		}
	}
	if name != "" {
		return name
	}
	for _, p := range parsed {
		return strings.TrimSuffix(p.f.Name.Name, "_test")
	}
	return ""
}

func hasFuncMain(f *ast.File) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return true
		}
	}
	return false
}

// sourceAnalysis gathers the stdin, scanner, flag and file facts over a package's files.
type sourceAnalysis struct {
	fset *token.FileSet
	dir  string
	// values: a name bound to an expression (x := e, var x = e, const x = e, s.x = e), by its
	// last name component; the last binding seen wins (no scopes: this is a heuristic).
	values map[string]ast.Expr
	// params: names of function parameters of a reader type (io.Reader, *os.File, *bufio.Reader).
	params map[string]bool

	readsStdin  bool
	refsStdin   bool
	argsIndexed []string // file:line of os.Args[i]
	scanners    []scanner
	bufferCalls map[string]bool // receivers of x.Buffer(buf, max)
	errCalls    map[string]bool // receivers of x.Err()
	splitCalls  map[string]bool // receivers of x.Split(bufio.ScanWords|ScanRunes|ScanBytes)
	anyBuffer   bool
	anyErr      bool
	flags       []string
	opened      []classify.Opened
}

type scanner struct {
	name string // the name it is bound to, "" when it is not bound
	pos  string // file:line:col of the bufio.NewScanner call
}

func newSourceAnalysis(fset *token.FileSet, dir string) *sourceAnalysis {
	return &sourceAnalysis{
		fset: fset, dir: dir,
		values: map[string]ast.Expr{}, params: map[string]bool{},
		bufferCalls: map[string]bool{}, errCalls: map[string]bool{}, splitCalls: map[string]bool{},
	}
}

// collect records the bindings of a file, so that inspect can follow a name to its value.
func (a *sourceAnalysis) collect(p *parsedFile) {
	ast.Inspect(p.f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if name := lastName(l); name != "" {
						a.values[name] = n.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					a.values[id.Name] = n.Values[i]
				}
			}
		case *ast.FuncType:
			if n.Params != nil {
				for _, field := range n.Params.List {
					if isReaderType(field.Type, p.imports) {
						for _, id := range field.Names {
							a.params[id.Name] = true
						}
					}
				}
			}
		}
		return true
	})
}

// inspect records the facts of a file.
func (a *sourceAnalysis) inspect(p *parsedFile) {
	var stack []ast.Node
	ast.Inspect(p.f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if isPkgSel(n, p.imports, "os", "Stdin") {
				a.refsStdin = true
				if len(stack) > 0 && readsFrom(n, stack[len(stack)-1]) {
					a.readsStdin = true
				}
			}
		case *ast.CallExpr:
			a.call(n, p)
		case *ast.IndexExpr:
			if sel, ok := n.X.(*ast.SelectorExpr); ok && isPkgSel(sel, p.imports, "os", "Args") {
				pos := a.fset.Position(n.Pos())
				a.argsIndexed = append(a.argsIndexed, fmt.Sprintf("%s:%d", pos.Filename, pos.Line))
			}
		}
		stack = append(stack, n)
		return true
	})
}

// readsFrom reports whether os.Stdin (stdin) is used to read, given the node holding it: passed
// to a call (bufio.NewScanner(os.Stdin), io.ReadAll(os.Stdin), run(os.Stdin)), bound to a name,
// or read directly (os.Stdin.Read). Not: os.Stdin.Stat() or .Fd() (a terminal check),
// .Close(), cmd.Stdin = os.Stdin or exec.Cmd{Stdin: os.Stdin} (a child gets it), os.Stdin = f.
func readsFrom(stdin *ast.SelectorExpr, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		switch p.Sel.Name {
		case "Read", "ReadAt", "WriteTo":
			return true
		}
		return false
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if r == ast.Expr(stdin) && i < len(p.Lhs) {
				return lastName(p.Lhs[i]) != "Stdin"
			}
		}
		return false
	case *ast.KeyValueExpr:
		return p.Value == ast.Expr(stdin) && lastName(p.Key) != "Stdin"
	case *ast.CallExpr, *ast.ValueSpec, *ast.CompositeLit, *ast.ReturnStmt:
		return true
	}
	return false
}

func (a *sourceAnalysis) call(c *ast.CallExpr, p *parsedFile) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg := ""
	if id, ok := sel.X.(*ast.Ident); ok {
		pkg = p.imports[id.Name]
	}
	fn := sel.Sel.Name
	switch {
	case pkg == "fmt" && (fn == "Scan" || fn == "Scanln" || fn == "Scanf"):
		a.readsStdin = true
	case pkg == "bufio" && fn == "NewScanner" && len(c.Args) == 1:
		if a.stdinish(c.Args[0], p, 0) {
			a.scanners = append(a.scanners, scanner{name: a.boundName(c), pos: a.position(c.Pos())})
		}
	case pkg == "flag" && len(c.Args) >= 2:
		a.flag(fn, c.Args)
	case (pkg == "os" && (fn == "Open" || fn == "ReadFile" || fn == "OpenFile")) ||
		(pkg == "io/ioutil" && fn == "ReadFile"):
		if len(c.Args) > 0 {
			a.open(c, p)
		}
	case pkg == "":
		recv := lastName(sel.X)
		switch {
		case fn == "Buffer" && len(c.Args) == 2:
			a.bufferCalls[recv] = true
			a.anyBuffer = true
		case fn == "Err" && len(c.Args) == 0:
			a.errCalls[recv] = true
			a.anyErr = true
		case fn == "Split" && len(c.Args) == 1 && isTokenSplit(c.Args[0], p.imports):
			a.splitCalls[recv] = true
		}
	}
}

// flagFuncs are the flag package's definers and the index of the flag's name among their args.
var flagFuncs = map[string]int{
	"Bool": 0, "Int": 0, "Int64": 0, "Uint": 0, "Uint64": 0, "String": 0, "Float64": 0, "Duration": 0,
	"Func": 0, "BoolFunc": 0,
	"BoolVar": 1, "IntVar": 1, "Int64Var": 1, "UintVar": 1, "Uint64Var": 1, "StringVar": 1,
	"Float64Var": 1, "DurationVar": 1, "Var": 1, "TextVar": 1,
}

func (a *sourceAnalysis) flag(fn string, args []ast.Expr) {
	i, ok := flagFuncs[fn]
	if !ok || i >= len(args) {
		return
	}
	if name, ok := a.stringValue(args[i], 0); ok && !slices.Contains(a.flags, name) {
		a.flags = append(a.flags, name)
	}
}

func (a *sourceAnalysis) open(c *ast.CallExpr, p *parsedFile) {
	name, ok := a.stringValue(c.Args[0], 0)
	if !ok || name == "" || classify.IsAbsAnywhere(name) {
		return
	}
	o := classify.Opened{Name: name, Pos: a.position(c.Pos())}
	if a.dir != "" {
		if _, err := os.Stat(filepath.Join(a.dir, filepath.FromSlash(name))); err == nil {
			o.InDir = true
		}
	}
	a.opened = append(a.opened, o)
}

func (a *sourceAnalysis) position(p token.Pos) string {
	pos := a.fset.Position(p)
	return fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Line, pos.Column)
}

// stringValue resolves a string literal, a name bound to one, or filepath.Join/path.Join of
// such, up to a small depth.
func (a *sourceAnalysis) stringValue(e ast.Expr, depth int) (string, bool) {
	if depth > 4 {
		return "", false
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		return unquote(e.Value)
	case *ast.Ident:
		if v, ok := a.values[e.Name]; ok && v != e {
			return a.stringValue(v, depth+1)
		}
	case *ast.ParenExpr:
		return a.stringValue(e.X, depth+1)
	case *ast.CallExpr:
		sel, ok := e.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Join" || len(e.Args) == 0 {
			return "", false
		}
		var parts []string
		for _, arg := range e.Args {
			s, ok := a.stringValue(arg, depth+1)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "/"), true
	}
	return "", false
}

func unquote(lit string) (string, bool) {
	if len(lit) < 2 {
		return "", false
	}
	if lit[0] == '`' {
		return lit[1 : len(lit)-1], true
	}
	s := lit[1 : len(lit)-1]
	if strings.ContainsRune(s, '\\') {
		return "", false // escapes in a file name: rare, and not worth a full unquote
	}
	return s, true
}

// stdinish reports whether a reader expression is standard input: os.Stdin, a bufio reader on
// it, a name bound to one of those, or a reader parameter when the package uses os.Stdin
// somewhere (the run(os.Stdin, os.Stdout) pattern).
func (a *sourceAnalysis) stdinish(e ast.Expr, p *parsedFile, depth int) bool {
	if depth > 4 {
		return false
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if isPkgSel(e, p.imports, "os", "Stdin") {
			return true
		}
		if v, ok := a.values[e.Sel.Name]; ok && v != ast.Expr(e) {
			return a.stdinish(v, p, depth+1)
		}
	case *ast.Ident:
		if v, ok := a.values[e.Name]; ok && v != ast.Expr(e) {
			return a.stdinish(v, p, depth+1)
		}
		return a.params[e.Name] && a.refsStdinAnywhere(p)
	case *ast.ParenExpr:
		return a.stdinish(e.X, p, depth+1)
	case *ast.CallExpr:
		sel, ok := e.Fun.(*ast.SelectorExpr)
		if !ok || len(e.Args) == 0 {
			return false
		}
		if id, ok := sel.X.(*ast.Ident); ok && p.imports[id.Name] == "bufio" &&
			(sel.Sel.Name == "NewReader" || sel.Sel.Name == "NewReaderSize") {
			return a.stdinish(e.Args[0], p, depth+1)
		}
	}
	return false
}

// refsStdinAnywhere: inspect has not necessarily reached the os.Stdin reference yet, so look
// for one in the file.
func (a *sourceAnalysis) refsStdinAnywhere(p *parsedFile) bool {
	if a.refsStdin {
		return true
	}
	found := false
	ast.Inspect(p.f, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && isPkgSel(s, p.imports, "os", "Stdin") {
			found = true
		}
		return !found
	})
	return found
}

// boundName finds the name a call's result is bound to.
func (a *sourceAnalysis) boundName(c *ast.CallExpr) string {
	for name, v := range a.values {
		if v == ast.Expr(c) {
			return name
		}
	}
	return ""
}

func (a *sourceAnalysis) fill(src *classify.Source) {
	src.ReadsStdin = a.readsStdin
	for _, s := range a.scanners {
		buffered := a.anyBuffer
		errChecked := a.anyErr
		if s.name != "" {
			buffered, errChecked = a.bufferCalls[s.name], a.errCalls[s.name]
			if a.splitCalls[s.name] {
				continue // words, runes or bytes: a long line is not one token
			}
		}
		if !buffered {
			if !src.ScannerDefault {
				src.ScannerPos = s.pos
			}
			src.ScannerDefault = true
			if !errChecked {
				src.ScannerErrIgnored = true
			}
		}
	}
	sort.Strings(a.flags)
	src.Flags = a.flags
	src.OpenedFiles = a.opened
	src.ArgsIndexed = a.argsIndexed
}

// lastName is the last name of x, s.x or s.t.x ("" for other expressions).
func lastName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.StarExpr:
		return lastName(e.X)
	case *ast.ParenExpr:
		return lastName(e.X)
	}
	return ""
}

func isPkgSel(s *ast.SelectorExpr, imports map[string]string, pkg, name string) bool {
	id, ok := s.X.(*ast.Ident)
	return ok && s.Sel.Name == name && imports[id.Name] == pkg
}

func isReaderType(t ast.Expr, imports map[string]string) bool {
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	s, ok := t.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	return isPkgSel(s, imports, "io", "Reader") || isPkgSel(s, imports, "os", "File") ||
		isPkgSel(s, imports, "bufio", "Reader")
}

func isTokenSplit(e ast.Expr, imports map[string]string) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	return isPkgSel(s, imports, "bufio", "ScanWords") || isPkgSel(s, imports, "bufio", "ScanRunes") ||
		isPkgSel(s, imports, "bufio", "ScanBytes")
}

// testFuncs are the tests, examples and fuzz tests a _test.go file declares, as go test finds
// them: a top-level function named Test, Example or Fuzz, alone or followed by a character that is
// not a lower-case letter (TestX, Test_x; not Testing).
func testFuncs(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || fn.Name == nil {
			continue
		}
		for _, prefix := range []string{"Test", "Example", "Fuzz"} {
			rest, ok := strings.CutPrefix(fn.Name.Name, prefix)
			if !ok {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(rest); rest == "" || !unicode.IsLower(r) {
				if fn.Name.Name != "TestMain" {
					names = append(names, fn.Name.Name)
				}
			}
		}
	}
	return names
}

// moduleRoot is the directory of the go.mod at or above dir, or "".
func moduleRoot(dir string) string {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
