package toolstore

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/testtools"
)

// helperEnv selects a helper role of the test binary (see helperMain).
const helperEnv = "GOMEDIC_TOOLSTORE_HELPER"

// tool is the name of the tiny test program; versions are the versions the tests build of it,
// and devel is what a `go build` of it from source prints.
const (
	tool  = "tiny"
	devel = "(devel)"
)

var versions = []string{"v1.0.0", "v1.1.0", "v1.2.0"}

// binsDir holds the tiny programs, built once per run of the package's tests.
var (
	binsOnce sync.Once
	binsDir  string
	binsErr  error
)

func TestMain(m *testing.M) {
	if role := os.Getenv(helperEnv); role != "" {
		os.Exit(helperMain(role))
	}
	code := m.Run()
	if binsDir != "" {
		os.RemoveAll(binsDir)
	}
	os.Exit(code)
}

const tinyMain = `package main

import (
	"fmt"
	"runtime/debug"
)

func main() {
	bi, _ := debug.ReadBuildInfo()
	fmt.Println(bi.Main.Version)
}
`

const tinyMod = "module example.com/tiny\n\ngo 1.21\n"

// bin returns the path of the tiny program at version (or devel, built from source), which prints
// its version, building all of them on first use: `go install example.com/tiny@version` from a
// file:// module proxy, as gomedic's installer would, and a `go build` for devel.
func bin(t testing.TB, version string) string {
	t.Helper()
	binsOnce.Do(func() { binsDir, binsErr = buildBins() })
	if binsErr != nil {
		t.Fatal(binsErr)
	}
	return filepath.Join(binsDir, dirName(version), tool+exeSuffix)
}

func buildBins() (string, error) {
	root, err := os.MkdirTemp("", "toolstore-test-")
	if err != nil {
		return "", err
	}
	proxy := filepath.Join(root, "proxy", "example.com", "tiny", "@v")
	if err := os.MkdirAll(proxy, 0o755); err != nil {
		return root, err
	}
	for _, v := range versions {
		if err := writeProxyVersion(proxy, v); err != nil {
			return root, err
		}
	}
	if err := os.WriteFile(filepath.Join(proxy, "list"), []byte(strings.Join(versions, "\n")+"\n"), 0o644); err != nil {
		return root, err
	}
	src := filepath.Join(root, "src")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "go.mod"), []byte(tinyMod), 0o644)
	os.WriteFile(filepath.Join(src, "main.go"), []byte(tinyMain), 0o644)
	proxyURL := "file://" + filepath.ToSlash(filepath.Join(root, "proxy"))
	if !strings.HasPrefix(proxyURL, "file:///") {
		proxyURL = "file:///" + strings.TrimPrefix(proxyURL, "file://")
	}
	env, err := testtools.BuildEnv("GOPROXY="+proxyURL, "GOSUMDB=off", "GONOSUMDB=", "GOPRIVATE=",
		"GOFLAGS=-modcacherw", "GOMODCACHE="+filepath.Join(root, "modcache"), "CGO_ENABLED=0")
	if err != nil {
		return root, fmt.Errorf("building the test programs: %w", err)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return root, fmt.Errorf("building the test programs: %w", err)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(versions)+1)
	for i, v := range append([]string{devel}, versions...) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := filepath.Join(root, dirName(v))
			cmd := exec.Command(goCmd, "install", "example.com/tiny@"+v)
			if v == devel {
				cmd = exec.Command(goCmd, "build", "-o", filepath.Join(out, tool+exeSuffix), ".")
				cmd.Dir = src
			} else {
				cmd.Dir = root
			}
			cmd.Env = append(slices.Clip(env), "GOBIN="+out)
			if b, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("%v: %v\n%s", cmd.Args, err, b)
			}
		}()
	}
	wg.Wait()
	return root, errors.Join(errs...)
}

// writeProxyVersion writes version of example.com/tiny into the module proxy directory dir.
func writeProxyVersion(dir, version string) error {
	info := fmt.Sprintf(`{"Version":%q,"Time":"2024-01-01T00:00:00Z"}`, version)
	if err := os.WriteFile(filepath.Join(dir, version+".info"), []byte(info), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, version+".mod"), []byte(tinyMod), 0o644); err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{"go.mod": tinyMod, "main.go": tinyMain} {
		w, err := zw.Create("example.com/tiny@" + version + "/" + name)
		if err != nil {
			return err
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, version+".zip"), buf.Bytes(), 0o644)
}

// newStore opens a store in a fresh home and returns it with a GOBIN that does not exist yet.
func newStore(t testing.TB) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "home"))
	if err != nil {
		t.Fatal(err)
	}
	return s, filepath.Join(dir, "go", "bin")
}

// commitVersion builds version into the store, as go install into a build directory would.
func commitVersion(t testing.TB, s *Store, version string) *Entry {
	t.Helper()
	e, err := commitCopy(s, tool, bin(t, version))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// commitCopy copies the program src into a new build directory of name's store as name and
// commits it.
func commitCopy(s *Store, name, src string) (*Entry, error) {
	dir, err := s.NewBuildDir(name)
	if err != nil {
		return nil, err
	}
	if _, _, err := copyFile(src, filepath.Join(dir, name+exeSuffix)); err != nil {
		return nil, err
	}
	return s.Commit(name, dir)
}

// activate activates e at gobin and fails the test on error.
func activate(t testing.TB, s *Store, gobin string, e *Entry) *Entry {
	t.Helper()
	prev, err := s.Activate(gobin, e)
	if err != nil {
		t.Fatal(err)
	}
	return prev
}

// runTool runs gobin/tiny and returns what it printed, "" when it is not there.
func runTool(t testing.TB, gobin string) string {
	t.Helper()
	path := filepath.Join(gobin, tool+exeSuffix)
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path).Output()
	if err != nil {
		t.Fatalf("running %s: %v (%s)", path, err, out)
	}
	return strings.TrimSpace(string(out))
}

// putUser puts the devel program at gobin/tiny, as a user's own go build would, and returns its
// content.
func putUser(t testing.TB, gobin string) []byte {
	t.Helper()
	if err := os.MkdirAll(gobin, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(bin(t, devel))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gobin, tool+exeSuffix), data, 0o755); err != nil {
		t.Fatal(err)
	}
	return data
}

// tree lists every path under root with its type, size and link target, to compare states.
func tree(t testing.TB, root string) []string {
	t.Helper()
	var paths []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			paths = append(paths, path+" "+err.Error())
			return nil
		}
		fi, _ := d.Info()
		line := fmt.Sprintf("%s %v %d", path, fi.Mode(), fi.Size())
		if d.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			line += " -> " + target
		}
		if d.IsDir() {
			line = fmt.Sprintf("%s %v", path, fi.Mode())
		}
		paths = append(paths, line)
		return nil
	})
	sort.Strings(paths)
	return paths
}

// checkClean fails the test unless gobin holds nothing but the tool and s's store holds nothing
// but committed versions, each with its metadata and a binary of the recorded content.
func checkClean(t testing.TB, s *Store, gobin string) {
	t.Helper()
	names, _ := os.ReadDir(gobin)
	for _, d := range names {
		if d.Name() != tool+exeSuffix {
			t.Errorf("GOBIN holds %s", d.Name())
		}
	}
	top, _ := os.ReadDir(filepath.Join(s.Home, storeDir))
	for _, d := range top {
		if d.Name() != tool {
			t.Errorf("the store holds %s", d.Name())
		}
	}
	dirs, _ := os.ReadDir(s.toolDir(tool))
	files := 0
	for _, d := range dirs {
		if !d.IsDir() {
			files++
			if d.Name() != historyFile && (d.Name() != "active.json" || exeSuffix == "") {
				t.Errorf("the tool's store holds the file %s", d.Name())
			}
			continue
		}
		files, _ := os.ReadDir(filepath.Join(s.toolDir(tool), d.Name()))
		var got []string
		for _, f := range files {
			got = append(got, f.Name())
		}
		if want := []string{entryFile, tool + exeSuffix}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("store directory %s holds %v, want %v", d.Name(), got, want)
		}
	}
	entries, err := s.Entries(tool)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		sum, size, err := hashFile(e.Binary, false)
		if err != nil || sum != e.SHA256 || size != e.Size {
			t.Errorf("entry %s: binary %s, %d bytes, %v; recorded %s, %d bytes", e.Dir, sum, size, err, e.SHA256, e.Size)
		}
	}
	if len(entries) != len(dirs)-files {
		t.Errorf("%d entries in %d store directories", len(entries), len(dirs)-files)
	}
}
