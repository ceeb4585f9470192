package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestParseStrace reads strace lines of every shape writes meets: calls with a directory
// descriptor and without, relative names resolved against the working directory a process
// inherited and changed, calls split by another process's line, and reads that change nothing.
func TestParseStrace(t *testing.T) {
	type change struct{ comm, call, path string }
	tests := []struct {
		name  string
		trace string
		want  []change
	}{
		{"a read changes nothing",
			`10<gomedic> openat(AT_FDCWD</w>, "/a/go.mod", O_RDONLY|O_CLOEXEC) = 3</a/go.mod>`, nil},
		{"a file created, a name relative to a directory descriptor",
			`10<gomedic> openat(AT_FDCWD</w>, "cache/x.json", O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, 0600) = 3</w/cache/x.json>`,
			[]change{{"gomedic", "openat", "/w/cache/x.json"}}},
		{"openat2 with its flags in a struct",
			`10<gomedic> openat2(AT_FDCWD</w>, "f", {flags=O_WRONLY|O_CREAT, mode=0644}, 24) = 3</w/f>`,
			[]change{{"gomedic", "openat2", "/w/f"}}},
		{"both names of a rename",
			`11<go> renameat(AT_FDCWD</w>, "/c/.tmp-1", AT_FDCWD</w>, "/c/a.json") = 0`,
			[]change{{"go", "renameat", "/c/.tmp-1"}, {"go", "renameat", "/c/a.json"}}},
		{"a change through a descriptor, and times set on it",
			"12<gopls> ftruncate(7</h/.cache/gopls/ab/x-cas>, 120) = 0\n12<gopls> utimensat(0</h/y>, NULL, NULL, 0) = 0",
			[]change{{"gopls", "ftruncate", "/h/.cache/gopls/ab/x-cas"}, {"gopls", "utimensat", "/h/y"}}},
		{"the new name of a link",
			`13<ln> symlinkat("z", AT_FDCWD</w>, "a/l") = 0`,
			[]change{{"ln", "symlinkat", "/w/a/l"}}},
		{"a call split by another process's line",
			"10<gomedic> mkdirat(AT_FDCWD</w>, \"/h/.config/dlv\", 0700 <unfinished ...>\n" +
				"11<go> openat(AT_FDCWD</w>, \"/r\", O_RDONLY) = 3</r>\n" +
				"10<gomedic> <... mkdirat resumed>) = 0",
			[]change{{"gomedic", "mkdirat", "/h/.config/dlv"}}},
		{"a relative name without a descriptor, in the directory the process changed to",
			"10<sh> clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD, child_tidptr=0x7f) = 14\n" +
				"14<sh> chdir(\"sub\") = 0\n" +
				"14<mkdir> mkdir(\"a\", 0777) = 0\n" +
				"10<sh> unlink(\"b\") = 0",
			[]change{{"sh", "unlink", "/w/b"}, {"mkdir", "mkdir", "/w/sub/a"}}},
		{"a child seen before its parent's clone returns",
			"10<gomedic> clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x1, stack_size=0x9000}, 88 <unfinished ...>\n" +
				"15<gomedic> fchdir(4</w/ws>) = 0\n" +
				"15<go> creat(\"out\", 0644) = 3</w/ws/out>\n" +
				"10<gomedic> <... clone3 resumed>) = 15",
			[]change{{"go", "creat", "/w/ws/out"}}},
		{"a path with a comma and an escaped quote",
			`10<gomedic> unlinkat(AT_FDCWD</w>, "/a,b/\"q\"", 0) = 0`,
			[]change{{"gomedic", "unlinkat", `/a,b/"q"`}}},
		{"signals and exits are not calls",
			"10<gomedic> --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=11} ---\n10<gomedic> +++ exited with 0 +++", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStrace(strings.NewReader(tt.trace), "/w")
			if err != nil {
				t.Fatal(err)
			}
			var changes []change
			for _, w := range got {
				changes = append(changes, change{w.Comm, w.Call, w.Path})
			}
			if !reflect.DeepEqual(changes, tt.want) {
				t.Errorf("parseStrace(%q)\n got %v\nwant %v", tt.trace, changes, tt.want)
			}
		})
	}
}

// TestWriteRules: the go command may write its caches, nothing else may; gomedic's cache and the
// temporary directory are anyone's.
func TestWriteRules(t *testing.T) {
	env := map[string]string{"HOME": "/h", "GOMEDIC_CACHE": "/w/gomedic-cache", "TMPDIR": "/w/.tmp", "GOCACHE": "/c/go-build", "GOMODCACHE": "/c/mod"}
	rules := newWriteRules(func(k string) string { return env[k] })
	for _, tt := range []struct {
		comm, path string
		ok         bool
	}{
		{"gomedic", "/w/gomedic-cache/probes/x.json", true},
		{"gopls", "/w/gomedic-cache/tmp/run-1/cache/gopls/x", true},
		{"gomedic", "/h/.local/share/gomedic/store/x", true},
		{"go", "/w/.tmp/go-build123/b001/x", true},
		{"go", "/c/go-build/ab/x-a", true},
		{"compile", "/c/go-build/ab/x-a", true},
		{"go", "/c/mod/cache/download/x/@v/v1.0.0.zip", true},
		{"gomedic", "/dev/null", true},
		{"gomedic", "/c/go-build/.gomedic-probe-1", false},
		{"gomedic", "/c/mod/.gomedic-probe-1", false},
		{"gopls", "/h/.cache/gopls/ab", false},
		{"dlv", "/h/.config/dlv/config.yml", false},
		{"gomedic", "/h/go/bin/.gomedic-probe-1", false},
		{"gomedic", "/w/gomedic-cache-other/x", false},
	} {
		if got := rules.judge(fsWrite{Comm: tt.comm, Path: tt.path}) == ""; got != tt.ok {
			t.Errorf("judge(%s writes %s) allowed = %v, want %v", tt.comm, tt.path, got, tt.ok)
		}
	}
}
