package editor

import (
	"reflect"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode"
)

func TestMisfitLintFlags(t *testing.T) {
	for _, tc := range []struct {
		name   string
		flags  []string
		major  int
		bad    []string
		fixed  []string
		fixall bool
	}{
		{"v2 flags for v2", []string{"--fast-only", "--path-mode=abs", "--config=/x/.golangci.yml"}, 2, nil, []string{"--fast-only", "--path-mode=abs", "--config=/x/.golangci.yml"}, true},
		{"v1 flags for v2", []string{"--fast", "--out-format", "json", "--disable-all", "-E", "govet"}, 2,
			[]string{"--fast", "--out-format json", "--disable-all"}, []string{"--fast-only", "--output.json.path=stdout", "--default=none", "-E", "govet"}, true},
		{"several output formats", []string{"--out-format=checkstyle:report.xml,colored-line-number"}, 2,
			[]string{"--out-format=checkstyle:report.xml,colored-line-number"}, []string{"--output.checkstyle.path=report.xml", "--output.text.path=stdout"}, true},
		{"a removed flag with no v2 spelling", []string{"--exclude-use-default=false", "-p", "bugs"}, 2,
			[]string{"--exclude-use-default=false", "-p bugs"}, nil, false},
		{"v2 flags for v1", []string{"--fast-only", "--default=all", "--output.text.print-issued-lines=false"}, 1,
			[]string{"--fast-only", "--default=all", "--output.text.print-issued-lines=false"}, []string{"--fast", "--enable-all", "--print-issued-lines=false"}, true},
		{"v1 flags for v1", []string{"--fast", "--out-format=line-number"}, 1, nil, []string{"--fast", "--out-format=line-number"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad, fixed, ok := misfitLintFlags(tc.flags, tc.major)
			var args []string
			for _, b := range bad {
				args = append(args, b.arg)
			}
			if !reflect.DeepEqual(args, tc.bad) || ok != tc.fixall || (ok && !reflect.DeepEqual(fixed, tc.fixed)) {
				t.Errorf("misfitLintFlags(%q, %d) = %q, %q, %v; want %q, %q, %v", tc.flags, tc.major, args, fixed, ok, tc.bad, tc.fixed, tc.fixall)
			}
		})
	}
}

func TestExtensionLintMajor(t *testing.T) {
	old, current := &vscode.Extension{Version: "0.46.1"}, &vscode.Extension{Version: "0.50.0"}
	for _, tc := range []struct {
		ext           *vscode.Extension
		tool, version string
		want          int
	}{
		{current, "golangci-lint", "v1.64.8", 1},
		{current, "golangci-lint", "v2.1.0", 2},
		{current, "golangci-lint", "(devel)", 2}, // not v1: the extension takes it for v2
		{current, "golangci-lint", "", 1},        // no build info: go version -m fails
		{current, "golangci-lint-v2", "v1.64.8", 2},
		{nil, "golangci-lint", "v2.1.0", 2},
		{old, "golangci-lint", "v2.1.0", 1}, // before v2 support: always v1 flags
	} {
		if got := extensionLintMajor(tc.ext, tc.tool, tc.version); got != tc.want {
			t.Errorf("extensionLintMajor(%v, %s, %s) = %d, want %d", tc.ext, tc.tool, tc.version, got, tc.want)
		}
	}
}

func TestUnknownFlagError(t *testing.T) {
	for arg, want := range map[string]string{
		"--fast":                    "unknown flag: --fast",
		"--out-format=json":         "unknown flag: --out-format",
		"--out-format json":         "unknown flag: --out-format",
		"-p bugs":                   "unknown shorthand flag: 'p' in -p",
		"--output.text.path=stdout": "unknown flag: --output.text.path",
	} {
		if got := unknownFlagError(arg); got != want {
			t.Errorf("unknownFlagError(%q) = %q, want %q", arg, got, want)
		}
	}
}

func TestPathShape(t *testing.T) {
	for _, tc := range []struct{ goos, path, want string }{
		{"linux", "/Users/ana/go/bin/gopls", "a macOS home directory"},
		{"linux", `C:\Go`, "a Windows path"},
		{"linux", `\\server\share\go`, "a Windows path"},
		{"linux", "/home/ana/go", ""},
		{"linux", "/usr/local/go", ""},
		{"darwin", "/home/ana/go/bin/gopls", "a Linux home directory"},
		{"darwin", "/Users/ana/go", ""},
		{"windows", "/home/ana/go", "a Linux or macOS path"},
		{"windows", `C:\Users\ana\go`, ""},
	} {
		if got := pathShape(host.NewFake(tc.goos, "amd64"), tc.path); got != tc.want {
			t.Errorf("pathShape(%s, %q) = %q, want %q", tc.goos, tc.path, got, tc.want)
		}
	}
}
