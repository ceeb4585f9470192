package testproxy

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const pseudo = "v1.1.1-0.20240301000000-abcdefabcdef"

func modules() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, v := range []string{"v1.0.0", "v1.1.0", "v1.2.0-pre", pseudo} {
		fsys["example.com/hello@"+v+"/go.mod"] = &fstest.MapFile{Data: []byte("module example.com/hello\n\ngo 1.22\n")}
		fsys["example.com/hello@"+v+"/main.go"] = &fstest.MapFile{Data: []byte("package main\n\nfunc main() {}\n")}
	}
	// No go.mod: the proxy serves a minimal one. An upper-case path is escaped.
	fsys["example.com/Upper@v0.1.0/x.go"] = &fstest.MapFile{Data: []byte("package x\n")}
	fsys["example.com/tool/v2@v2.0.0/go.mod"] = &fstest.MapFile{Data: []byte("module example.com/tool/v2\n")}
	fsys["example.com/tool/v2@v2.0.0/cmd/t/main.go"] = &fstest.MapFile{Data: []byte("package main\n\nfunc main() {}\n")}
	// Only pseudo-versions: the list is empty, @latest names the newest.
	fsys["example.com/untagged@v0.0.0-20240101000000-111111111111/go.mod"] = &fstest.MapFile{Data: []byte("module example.com/untagged\n")}
	fsys["example.com/untagged@v0.0.0-20240202000000-222222222222/go.mod"] = &fstest.MapFile{Data: []byte("module example.com/untagged\n")}
	return fsys
}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

type info struct {
	Version string
	Time    time.Time
}

func readInfo(t *testing.T, name string) info {
	t.Helper()
	var i info
	if err := json.Unmarshal([]byte(read(t, name)), &i); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return i
}

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	goproxy, err := Build(dir, modules())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && goproxy != "file://"+dir {
		t.Errorf("GOPROXY %s, want file://%s", goproxy, dir)
	}
	hello := filepath.Join(dir, "example.com", "hello")
	if got := read(t, filepath.Join(hello, "@v", "list")); got != "v1.0.0\nv1.1.0\nv1.2.0-pre\n" {
		t.Errorf("list:\n%s", got)
	}
	if got := readInfo(t, filepath.Join(hello, "@latest")); got.Version != "v1.1.0" {
		t.Errorf("@latest = %+v, want v1.1.0", got)
	}
	if got := readInfo(t, filepath.Join(hello, "@v", pseudo+".info")); got.Version != pseudo || !got.Time.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("pseudo-version info = %+v", got)
	}
	if a, b := readInfo(t, filepath.Join(hello, "@v", "v1.0.0.info")), readInfo(t, filepath.Join(hello, "@v", "v1.1.0.info")); !a.Time.Before(b.Time) || a.Time.IsZero() {
		t.Errorf("v1.0.0 published %s, v1.1.0 %s: want the older first", a.Time, b.Time)
	}
	if got := read(t, filepath.Join(hello, "@v", "v1.0.0.mod")); got != "module example.com/hello\n\ngo 1.22\n" {
		t.Errorf(".mod:\n%s", got)
	}
	z, err := zip.OpenReader(filepath.Join(hello, "@v", "v1.0.0.zip"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	z.Close()
	slices.Sort(names)
	if want := []string{"example.com/hello@v1.0.0/go.mod", "example.com/hello@v1.0.0/main.go"}; !slices.Equal(names, want) {
		t.Errorf("zip holds %q, want %q", names, want)
	}
	upper := filepath.Join(dir, "example.com", "!upper", "@v")
	if got := read(t, filepath.Join(upper, "v0.1.0.mod")); got != "module example.com/Upper\n" {
		t.Errorf("synthesised .mod: %q", got)
	}
	if got := readInfo(t, filepath.Join(dir, "example.com", "tool", "v2", "@latest")); got.Version != "v2.0.0" {
		t.Errorf("v2 @latest = %+v", got)
	}
	untagged := filepath.Join(dir, "example.com", "untagged")
	if got := read(t, filepath.Join(untagged, "@v", "list")); got != "" {
		t.Errorf("list of an untagged module: %q", got)
	}
	if got := readInfo(t, filepath.Join(untagged, "@latest")); got.Version != "v0.0.0-20240202000000-222222222222" {
		t.Errorf("untagged @latest = %+v", got)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name string
		src  fstest.MapFS
		err  string
	}{
		{"empty", fstest.MapFS{"README": {}}, "no <module>@<version> directory"},
		{"not canonical", fstest.MapFS{"example.com/x@v1.0/go.mod": {}}, "not canonical"},
		{"bad version", fstest.MapFS{"example.com/x@latest/go.mod": {}}, "example.com/x@latest"},
		{"major mismatch", fstest.MapFS{"example.com/x@v2.0.0/go.mod": {}}, "example.com/x@v2.0.0"},
	}
	for _, tt := range tests {
		_, err := Build(t.TempDir(), tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.err)
		}
	}
}

// TestGoReadsIt has the go command list and download through the proxy.
func TestGoReadsIt(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	goproxy, err := Build(filepath.Join(dir, "proxy"), modules())
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	// Telemetry off, so that the go command writes nothing in the home directory.
	os.MkdirAll(filepath.Join(home, ".config", "go", "telemetry"), 0o755)
	os.WriteFile(filepath.Join(home, ".config", "go", "telemetry", "mode"), []byte("off"), 0o644)
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "GOENV=off", "GOPROXY="+goproxy,
			"GONOSUMDB=example.com", "GOFLAGS=-modcacherw", "GOMODCACHE="+filepath.Join(dir, "modcache"), "GOTOOLCHAIN=local", "GOWORK=off", "GO111MODULE=on")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(bytes.TrimSpace(out))
	}
	if got := run("list", "-m", "-versions", "example.com/hello"); got != "example.com/hello v1.0.0 v1.1.0 v1.2.0-pre" {
		t.Errorf("go list -m -versions: %s", got)
	}
	if got := run("list", "-m", "example.com/untagged@latest"); got != "example.com/untagged v0.0.0-20240202000000-222222222222" {
		t.Errorf("go list -m untagged@latest: %s", got)
	}
	var dl struct{ Zip, Error string }
	if err := json.Unmarshal([]byte(run("mod", "download", "-json", "example.com/hello@"+pseudo)), &dl); err != nil || dl.Error != "" {
		t.Fatalf("go mod download: %v %s", err, dl.Error)
	}
	if _, err := os.Stat(dl.Zip); err != nil {
		t.Error(err)
	}
}
