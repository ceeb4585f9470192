package run

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/result"
)

func TestParseStrace(t *testing.T) {
	for _, tc := range []struct {
		name string
		log  string
		want []result.RunTraceCall // Line is checked to be the input line
	}{
		{
			name: "openat with pid and comm",
			log:  `16835<solve> openat(AT_FDCWD, "input.txt", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)`,
			want: []result.RunTraceCall{{Pid: 16835, Comm: "solve", Name: "openat", Path: "input.txt", Errno: "ENOENT"}},
		},
		{
			name: "execve",
			log:  `200<sh> execve("/usr/local/bin/gopls", ["gopls", "version"], 0x7ffd1c0 /* 21 vars */) = -1 ENOENT (No such file or directory)`,
			want: []result.RunTraceCall{{Pid: 200, Comm: "sh", Name: "execve", Path: "/usr/local/bin/gopls", Errno: "ENOENT"}},
		},
		{
			name: "no pid",
			log:  `newfstatat(AT_FDCWD, "/data/x", 0x7ffc, 0) = -1 EACCES (Permission denied)`,
			want: []result.RunTraceCall{{Name: "newfstatat", Path: "/data/x", Errno: "EACCES"}},
		},
		{
			name: "pid without comm, and the [pid N] form",
			log: "300   mkdir(\"out\", 0777) = -1 EEXIST (File exists)\n" +
				`[pid   301] unlink("gone") = -1 ENOENT (No such file or directory)`,
			want: []result.RunTraceCall{
				{Pid: 300, Name: "mkdir", Path: "out", Errno: "EEXIST"},
				{Pid: 301, Name: "unlink", Path: "gone", Errno: "ENOENT"},
			},
		},
		{
			name: "escapes",
			log:  `1<a b> openat(AT_FDCWD, "caf\303\251 \"q\" \\ \x41\t.txt", O_RDONLY) = -1 ENOENT (No such file or directory)`,
			want: []result.RunTraceCall{{Pid: 1, Comm: "a b", Name: "openat", Path: "café \"q\" \\ A\t.txt", Errno: "ENOENT"}},
		},
		{
			name: "a path with parentheses and an equals sign",
			log:  `7<p> openat(AT_FDCWD, "x) = -1 (y).txt", O_RDONLY) = -1 ENOENT (No such file or directory)`,
			want: []result.RunTraceCall{{Pid: 7, Comm: "p", Name: "openat", Path: "x) = -1 (y).txt", Errno: "ENOENT"}},
		},
		{
			name: "unfinished and resumed",
			log: "10<w> openat(AT_FDCWD, \"data.csv\", O_RDONLY|O_CLOEXEC <unfinished ...>\n" +
				"11<w> openat(AT_FDCWD, \"other\", O_RDONLY) = -1 EACCES (Permission denied)\n" +
				"10<w> <... openat resumed>) = -1 ENOENT (No such file or directory)",
			want: []result.RunTraceCall{
				{Pid: 11, Comm: "w", Name: "openat", Path: "other", Errno: "EACCES"},
				{Pid: 10, Comm: "w", Name: "openat", Path: "data.csv", Errno: "ENOENT"},
			},
		},
		{
			name: "not failing calls",
			log: "1<p> openat(AT_FDCWD, \"ok\", O_RDONLY) = 3\n" +
				"1<p> --- SIGQUIT {si_signo=SIGQUIT, si_code=SI_USER, si_pid=9} ---\n" +
				"1<p> +++ exited with 2 +++\n" +
				"strace: Process 1 attached\n" +
				"1<p> exit_group(2) = ?\n" +
				"garbage line\n" +
				"\n",
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseStrace([]byte(tc.log))
			lines := strings.Split(tc.log, "\n")
			if len(got) != len(tc.want) {
				t.Fatalf("got %d calls %+v, want %d", len(got), got, len(tc.want))
			}
			for i := range got {
				if !slices.Contains(lines, got[i].Line) {
					t.Errorf("call %d: Line %q is not a line of the log", i, got[i].Line)
				}
				got[i].Line = ""
				if got[i] != tc.want[i] {
					t.Errorf("call %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestKeepCalls(t *testing.T) {
	calls := []result.RunTraceCall{
		{Comm: "prog", Name: "openat", Path: "/etc/ld.so.preload", Errno: "ENOENT"},
		{Comm: "prog", Name: "openat", Path: "/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libc.so.6", Errno: "ENOENT"},
		{Comm: "prog", Name: "openat", Path: "/usr/lib/libfoo.so", Errno: "ENOENT"},
		{Comm: "prog", Name: "openat", Path: "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", Errno: "ENOENT"},
		{Comm: "go", Name: "newfstatat", Path: "/w/go.work", Errno: "ENOENT"},
		{Comm: "compile", Name: "openat", Path: "/w/x.go", Errno: "ENOENT"},
		{Comm: "prog", Name: "openat", Path: "input.txt", Errno: "ENOENT"},
		{Comm: "prog", Name: "openat", Path: "input.txt", Errno: "ENOENT"},
		{Comm: "prog", Name: "execve", Path: "", Errno: "ENOENT"},
		{Comm: "prog", Name: "getcwd", Path: "", Errno: "ENOENT"},
	}
	got := keepCalls(calls, true)
	if len(got) != 2 || got[0].Path != "input.txt" || got[1].Name != "execve" {
		t.Errorf("keepCalls(go run) = %+v", got)
	}
	got = keepCalls(calls, false)
	if len(got) != 4 || got[0].Comm != "go" || got[1].Comm != "compile" {
		t.Errorf("keepCalls(a command) = %+v", got)
	}

	var many []result.RunTraceCall
	for i := range MaxTraceCalls + 10 {
		many = append(many, result.RunTraceCall{Comm: "p", Name: "openat", Path: fmt.Sprintf("f%d", i), Errno: "ENOENT"})
	}
	got = keepCalls(many, false)
	if len(got) != MaxTraceCalls || got[len(got)-1].Path != fmt.Sprintf("f%d", MaxTraceCalls+9) {
		t.Errorf("kept %d calls ending with %+v; want the last %d", len(got), got[len(got)-1], MaxTraceCalls)
	}
}

func TestRunsProgram(t *testing.T) {
	for args, want := range map[string]bool{
		"go run .":                        true,
		"/usr/local/go/bin/go test ./...": true,
		"go -C sub run .":                 false, // -C's value is taken for the subcommand: not a decision worth more
		"go build ./...":                  false,
		"go":                              false,
		"./prog run":                      false,
		`C:\Go\bin\go.exe test .`:         true,
	} {
		if got := runsProgram(strings.Fields(args)); got != want {
			t.Errorf("runsProgram(%q) = %v, want %v", args, got, want)
		}
	}
}

func TestStraceArgs(t *testing.T) {
	got := strings.Join(straceArgs("/tmp/t", []string{"/bin/prog", "-x"}), " ")
	want := "-f -qq -Y -e trace=%file,execve -e status=failed -e signal=none -o /tmp/t -- /bin/prog -x"
	if got != want {
		t.Errorf("straceArgs = %q, want %q", got, want)
	}
}

func TestStraceExecError(t *testing.T) {
	if got := straceExecError([]byte("strace: exec: Exec format error\n")); got != "Exec format error" {
		t.Errorf("straceExecError = %q", got)
	}
	if got := straceExecError([]byte("out\n/usr/bin/strace: exec: Permission denied\n")); got != "Permission denied" {
		t.Errorf("straceExecError = %q", got)
	}
	if got := straceExecError([]byte("panic: boom\nmyprog: exec: not strace\n")); got != "" {
		t.Errorf("straceExecError(a panic) = %q", got)
	}
}

func FuzzParseStrace(f *testing.F) {
	f.Add([]byte(`1<p> openat(AT_FDCWD, "a\"b\\", O_RDONLY) = -1 ENOENT (No such file or directory)`))
	f.Add([]byte("1<p> <... openat resumed>) = -1 ENOENT (x)\n2 x( <unfinished ...>"))
	f.Add([]byte(`"\x`))
	f.Fuzz(func(t *testing.T, log []byte) {
		for _, c := range ParseStrace(log) {
			if c.Name == "" || c.Errno == "" {
				t.Errorf("call without a name or errno: %+v", c)
			}
		}
	})
}
