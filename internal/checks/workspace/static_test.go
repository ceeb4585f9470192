package workspace

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/host"
)

func TestLookupDirective(t *testing.T) {
	tests := []struct {
		data, key string
		want      directive
	}{
		{"module x\n\ngo 1.22\n", "go", directive{"1.22", 3}},
		{"module x\n\ngo 1.22 // comment\ntoolchain go1.23.1\n", "toolchain", directive{"go1.23.1", 4}},
		{"module x\n  go\t1.21.0  \n", "go", directive{"1.21.0", 2}},
		{"module x\ngodebug default=go1.21\n", "go", directive{}},
		{"module x\n", "go", directive{}},
		{"module x\ngo 1.22.0.1\n", "go", directive{"1.22.0.1", 2}},
		{"go 1.24\n\nuse ./a\n", "go", directive{"1.24", 1}},
	}
	for _, tt := range tests {
		if got := lookupDirective([]byte(tt.data), tt.key); got != tt.want {
			t.Errorf("lookupDirective(%q, %q) = %+v, want %+v", tt.data, tt.key, got, tt.want)
		}
	}
}

func TestSelectToolchain(t *testing.T) {
	tests := []struct {
		name                                    string
		gotoolchain, goLine, toolchain          string
		wantMode, wantTarget, wantTooNew, fatal string
	}{
		{name: "local, satisfied", gotoolchain: "local", goLine: "1.25"},
		{name: "local, too new", gotoolchain: "local", goLine: "1.99", wantTooNew: "go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)"},
		{name: "local ignores the toolchain line", gotoolchain: "local", goLine: "1.22", toolchain: "go1.99.0"},
		{name: "unset: no switching, no GOTOOLCHAIN in the message", goLine: "1.99", wantTooNew: "go: go.mod requires go >= 1.99 (running go 1.26.8)"},
		{name: "auto, language version gets .0", gotoolchain: "auto", goLine: "1.99", wantMode: "auto", wantTarget: "go1.99.0"},
		{name: "auto, release", gotoolchain: "auto", goLine: "1.99.2", wantMode: "auto", wantTarget: "go1.99.2"},
		{name: "auto, old language version has no .0", gotoolchain: "go1.19+auto", goLine: "1.20", wantMode: "auto", wantTarget: "go1.20"},
		{name: "auto, satisfied", gotoolchain: "auto", goLine: "1.25", wantMode: "auto"},
		{name: "auto, toolchain line newer", gotoolchain: "auto", goLine: "1.22", toolchain: "go1.27.1", wantMode: "auto", wantTarget: "go1.27.1"},
		{name: "auto, toolchain line older: ignored", gotoolchain: "auto", goLine: "1.22", toolchain: "go1.21.0", wantMode: "auto"},
		{name: "auto, go line beats toolchain line", gotoolchain: "auto", goLine: "1.99", toolchain: "go1.98.0", wantMode: "auto", wantTarget: "go1.99.0"},
		{name: "auto, toolchain default", gotoolchain: "auto", goLine: "1.99", toolchain: "default", wantMode: "auto", wantTooNew: "go: go.mod requires go >= 1.99 (running go 1.26.8; go.mod sets toolchain default)"},
		{name: "auto, invalid toolchain line", gotoolchain: "auto", goLine: "1.22", toolchain: "bogus", wantMode: "auto", fatal: `go: invalid toolchain "bogus" in go.mod`},
		{name: "path", gotoolchain: "path", goLine: "1.99", wantMode: "path", wantTarget: "go1.99.0"},
		{name: "pinned minimum, no switching", gotoolchain: "go1.24.0", goLine: "1.25", wantTooNew: "go: go.mod requires go >= 1.25 (running go 1.24.0; GOTOOLCHAIN=go1.24.0)"},
		{name: "pinned minimum +auto", gotoolchain: "go1.24.0+auto", goLine: "1.25.1", wantMode: "auto", wantTarget: "go1.25.1"},
		{name: "local+auto", gotoolchain: "local+auto", goLine: "1.99", wantMode: "auto", wantTarget: "go1.99.0"},
		{name: "malformed go line never switches", gotoolchain: "auto", goLine: "1.22.0.1", wantMode: "auto"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := selectToolchain("1.26.8", tt.gotoolchain, "go.mod", tt.goLine, tt.toolchain)
			if s.mode != tt.wantMode || s.target != tt.wantTarget || s.fatal != tt.fatal {
				t.Errorf("selectToolchain = mode %q target %q fatal %q, want %q %q %q", s.mode, s.target, s.fatal, tt.wantMode, tt.wantTarget, tt.fatal)
			}
			if s.fatal == "" {
				if got := s.tooNew("go.mod", tt.goLine); got != tt.wantTooNew {
					t.Errorf("tooNew = %q, want %q", got, tt.wantTooNew)
				}
			}
		})
	}
}

func TestRepairVersion(t *testing.T) {
	for in, want := range map[string]string{"1.22.0.1": "1.22.0", "1.22": "1.22.0", "go1.21.3": "1.21.3", "1.x": "1.21.0", "1.22.x": "1.22.0"} {
		if got := repairVersion(in); got != want {
			t.Errorf("repairVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestToolchainVersion(t *testing.T) {
	for in, want := range map[string]string{"go1.22.3": "1.22.3", "go1.22": "1.22", "go1.22rc1": "1.22rc1", "go1.22.3-custom": "1.22.3", "bogus": "", "go1.x": "", "go/1.2": "", "default": ""} {
		if got := toolchainVersion(in); got != want {
			t.Errorf("toolchainVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFirstProxyAndToolchainURL(t *testing.T) {
	tests := []struct{ goproxy, first, url string }{
		{"", "https://proxy.golang.org", "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.info"},
		{"off", "off", ""},
		{"direct", "direct", ""},
		{"https://a.example/,direct", "https://a.example/", "https://a.example/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.info"},
		{"corp.example|https://b.example", "corp.example", "https://corp.example/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.info"},
		{"file:///srv/proxy", "file:///srv/proxy", "file:///srv/proxy/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.info"},
	}
	for _, tt := range tests {
		first := firstProxy(tt.goproxy)
		if first != tt.first {
			t.Errorf("firstProxy(%q) = %q, want %q", tt.goproxy, first, tt.first)
		}
		u := toolchainURL(first, "go1.99.0", "linux-amd64")
		got := ""
		if u != nil {
			got = u.String()
		}
		if got != tt.url {
			t.Errorf("toolchainURL(%q) = %q, want %q", first, got, tt.url)
		}
	}
}

// The messages below are the go command's own (go1.26), as the scenarios in testdata/script
// produce them.
func TestLoadCause(t *testing.T) {
	tests := []struct{ msg, want string }{
		{"go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)", "ws.go_directive"},
		{"go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available", "ws.go_directive"},
		{"go: errors parsing go.mod:\ngo.mod:3: invalid go version '1.22.0.1': must match format 1.23.0", "ws.go_directive"},
		{`go: invalid toolchain "bogus" in go.mod`, "ws.go_directive"},
		{"go: module a listed in go.work file requires go >= 1.25, but go.work lists go 1.24; to update it:\n\tgo work use", "ws.go_directive"},
		{"go: cannot load module gone listed in go.work file: open gone/go.mod: no such file or directory", "ws.gowork"},
		{"go: module example.com/a appears multiple times in workspace", "ws.gowork"},
		{"go: errors parsing go.work:\ngo.work:4: unknown directive: bogus", "ws.gowork"},
		{"go: reading go.work: open /x/go.work: no such file or directory", "ws.gowork"},
		{"go: errors parsing go.mod:\ngo.mod:5: unknown directive: requires", "ws.module"},
		{"go: go.mod file not found in current directory or any parent directory; see 'go help modules'", "ws.module"},
		{"pattern ./...: directory prefix . does not contain main module or its selected dependencies", "ws.module"},
		{"go: modules disabled by GO111MODULE=off; see 'go help modules'", "env.go111module"},
		{"go: parsing $GOFLAGS: unknown flag -bogus", "env.goflags"},
		{"go: inconsistent vendoring in /x:\n\texample.com/other@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt", "ws.deps"},
		{"main.go:3:8: no required module provides package example.com/x", ""},
	}
	for _, tt := range tests {
		if got := loadCause(tt.msg); got != tt.want {
			t.Errorf("loadCause(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestClassifyModuleError(t *testing.T) {
	tests := []struct {
		msg  string
		want moduleProblem
	}{
		{"missing go.sum entry for module providing package example.com/dep (imported by example.com/app); to add:\n\tgo get example.com/app", modSum},
		{"module lookup disabled by GOPROXY=off", modOff},
		{"verifying example.com/dep@v1.0.0: checksum mismatch\n\tdownloaded: h1:a\n\tgo.sum:     h1:b\n\nSECURITY ERROR", modVerify},
		{`example.com/dep@v1.0.0: Get "https://proxy.golang.org/example.com/dep/@v/v1.0.0.mod": dial tcp: lookup proxy.golang.org: no such host`, modNetwork},
		{"example.com/dep@v1.9.9: reading https://proxy.golang.org/example.com/dep/@v/v1.9.9.mod: 404 Not Found", modNotFound},
		{"example.com/dep@v1.0.0: invalid version: unknown revision v1.0.0", modNotFound},
		{"go: example.com/dep@v1.0.0 requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)", modNewerGo},
		{"import cycle not allowed", modNone},
		{"no required module provides package github.com/x/y; to add it:\n\tgo get github.com/x/y", modNone},
	}
	for _, tt := range tests {
		if got := classifyModuleError(tt.msg); got != tt.want {
			t.Errorf("classifyModuleError(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestClassifyPackageError(t *testing.T) {
	tests := []struct {
		msg  string
		want packageProblem
	}{
		{"import cycle not allowed", pkgCycle},
		{"package fmtx is not in std (/usr/local/go/src/fmtx)", pkgMissing},
		{"no required module provides package github.com/x/y; to add it:\n\tgo get github.com/x/y", pkgMissing},
		{"missing go.sum entry for module providing package example.com/dep (imported by example.com/app); to add:\n\tgo get example.com/app", pkgModule},
		{"module lookup disabled by GOPROXY=off", pkgModule},
		{"build constraints exclude all Go files in /w/native", pkgExcluded},
		{"pattern ./...: directory prefix . does not contain modules listed in go.work or their selected dependencies", pkgLoad},
		{"expected 'package', found 'EOF'", pkgOther},
		{"found packages a (a.go) and b (b.go) in /w/x", pkgOther},
	}
	for _, tt := range tests {
		if got := classifyPackageError(tt.msg); got != tt.want {
			t.Errorf("classifyPackageError(%q) = %d, want %d", tt.msg, got, tt.want)
		}
	}
}

func TestProviding(t *testing.T) {
	for msg, want := range map[string]string{
		"missing go.sum entry for module providing package example.com/dep (imported by example.com/app); to add:": "example.com/dep",
		"missing go.sum entry for go.mod file; to add it:\n\tgo mod download example.com/dep":                      "missing go.sum entry for go.mod file; to add it:",
		"example.com/dep@v1.0.0: missing go.sum entry for go.mod file":                                             "example.com/dep@v1.0.0",
	} {
		if got := providing(gocmd.Parse(msg), msg); got != want {
			t.Errorf("providing(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestConstraintTagsAndKnownTags(t *testing.T) {
	header := []byte("// Copyright\n\n//go:build (linux && integration) || windows\n\npackage x\n")
	got := constraintTags(header)
	if !slices.Equal(got, []string{"linux", "integration", "windows"}) {
		t.Errorf("constraintTags = %q", got)
	}
	var user []string
	for _, tag := range got {
		if !knownTag(tag) {
			user = append(user, tag)
		}
	}
	if !slices.Equal(user, []string{"integration"}) {
		t.Errorf("user tags = %q, want [integration]", user)
	}
	if !importsC([]byte("package x\n\n// int f(void);\nimport \"C\"\n")) || importsC([]byte("package x\nimport \"fmt\"\n")) {
		t.Error("importsC")
	}
	if tags := tagsFlag("-mod=mod -tags=a,b --tags=c"); !slices.Equal(tags, []string{"a", "b", "c"}) {
		t.Errorf("tagsFlag = %q", tags)
	}
}

func TestUnits(t *testing.T) {
	tests := []struct {
		name    string
		layout  facts.Layout
		uses    []string
		want    []facts.Unit
		skipped int
	}{
		{name: "module", layout: facts.Layout{Folder: "/w/app", GoMod: "/w/app/go.mod"},
			want: []facts.Unit{{Dir: "/w/app", Patterns: []string{"./..."}, Modules: []string{"/w/app"}}}},
		{name: "inside a module", layout: facts.Layout{Folder: "/w/app/sub", GoMod: "/w/app/go.mod"},
			want: []facts.Unit{{Dir: "/w/app/sub", Patterns: []string{"./..."}, Modules: []string{"/w/app"}}}},
		{name: "go.work root", layout: facts.Layout{Folder: "/w", GoWork: "/w/go.work"}, uses: []string{"/w/a", "/w/b", "/elsewhere/c"},
			want: []facts.Unit{{Dir: "/w", Patterns: []string{"./a/...", "./b/..."}, Modules: []string{"/w/a", "/w/b"}}}},
		{name: "inside a used module", layout: facts.Layout{Folder: "/w/a/x", GoWork: "/w/go.work", GoMod: "/w/a/go.mod"}, uses: []string{"/w/a"},
			want: []facts.Unit{{Dir: "/w/a/x", Patterns: []string{"./..."}, Modules: []string{"/w/a"}}}},
		{name: "left out of the go.work", layout: facts.Layout{Folder: "/w/c", GoWork: "/w/go.work", GoMod: "/w/c/go.mod"}, uses: []string{"/w/a"}},
		{name: "nested only", layout: facts.Layout{Folder: "/w", Nested: []string{"/w/a/go.mod", "/w/b/go.mod"}},
			want: []facts.Unit{{Dir: "/w/a", Patterns: []string{"./..."}, Modules: []string{"/w/a"}}, {Dir: "/w/b", Patterns: []string{"./..."}, Modules: []string{"/w/b"}}}},
		{name: "nothing", layout: facts.Layout{Folder: "/w"}},
		{name: "missing", layout: facts.Layout{Folder: "/w", Missing: true, GoMod: "/go.mod"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, skipped := tt.layout.Units(tt.uses)
			if len(got) != len(tt.want) || skipped != tt.skipped {
				t.Fatalf("Units = %+v (%d skipped), want %+v", got, skipped, tt.want)
			}
			for i := range got {
				if got[i].Dir != tt.want[i].Dir || !slices.Equal(got[i].Patterns, tt.want[i].Patterns) || !slices.Equal(got[i].Modules, tt.want[i].Modules) {
					t.Errorf("unit %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestCombine(t *testing.T) {
	f := facts.New(context.Background(), host.NewFake("linux", "amd64"), "/w", time.Second)
	fd := combine(f, []part{
		{folder: "/w/api", status: finding.OK, title: "fine"},
		{folder: "/w/web", status: finding.Fail, title: "broken", detail: "why", cause: "ws.go_directive", fix: &finding.Fix{Summary: "a", Auto: true}},
		{folder: "/x/tool", status: finding.Fail, title: "broken too", cause: "ws.go_directive", fix: &finding.Fix{Summary: "b", Auto: true}},
	})
	if fd.Status != finding.Fail || fd.Title != "web: broken (and 1 more folder(s))" || fd.BlockedBy != "ws.go_directive" {
		t.Errorf("combine = %s %q blocked by %q", fd.Status, fd.Title, fd.BlockedBy)
	}
	if !strings.Contains(fd.Detail, "/x/tool: fail: broken too") || !strings.Contains(fd.Detail, "api: ok: fine") {
		t.Errorf("detail = %q", fd.Detail)
	}
	if fd.Fix == nil || fd.Fix.Summary != "a b" || !fd.Fix.Auto {
		t.Errorf("fix = %+v", fd.Fix)
	}
	// A failure of its own in one folder: nothing to blame.
	fd = combine(f, []part{{folder: "/w/a", status: finding.Fail, title: "x", cause: "ws.deps"}, {folder: "/w/b", status: finding.Fail, title: "y"}})
	if fd.BlockedBy != "" {
		t.Errorf("blocked by %q, want none", fd.BlockedBy)
	}
}

func TestGoIn(t *testing.T) {
	line, act := goIn("/home/ana/my app", "mod", "tidy")
	if line != "go -C '/home/ana/my app' mod tidy" {
		t.Errorf("line = %q", line)
	}
	if act.Kind != finding.RunCommand || act.Dir != "/home/ana/my app" || !slices.Equal(act.Argv, []string{"go", "mod", "tidy"}) {
		t.Errorf("action = %+v", act)
	}
}

func TestTagsOfFlags(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		want  []string
		ok    bool
	}{
		{[]string{"-tags=a,b"}, []string{"a", "b"}, true},
		{[]string{"--tags", "a,b"}, []string{"a", "b"}, true},
		{[]string{"-tags", "a b"}, []string{"a", "b"}, true},
		{[]string{"-tags=a", "-mod=mod", "-tags=c"}, []string{"c"}, true},
		{[]string{"-tags="}, nil, true},
		{[]string{"-mod=mod"}, nil, false},
		{[]string{"-tags"}, nil, false},
		{[]string{"tags=a"}, nil, false},
	} {
		got, ok := tagsOfFlags(tc.flags)
		if ok != tc.ok || strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("tagsOfFlags(%q) = %q, %v; want %q, %v", tc.flags, got, ok, tc.want, tc.ok)
		}
	}
}
