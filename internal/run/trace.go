package run

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/run/classify"
	"github.com/gomedic/gomedic/internal/text"
)

// MaxTraceCalls is how many failing system calls (the last ones before the exit) a run keeps.
const MaxTraceCalls = 50

// traceFileLimit bounds the tracer's log read back after the run.
const traceFileLimit = 64 << 20

// straceArgs are the arguments that make strace log the failing file and exec calls of a command
// and every process it starts to file, each line with the pid and the command name:
//
//	strace -f -qq -Y -e trace=%file,execve -e status=failed -e signal=none -o FILE -- CMD ARGS...
//
// With -o FILE and a command, strace blocks the fatal signals itself (-I 3), so a SIGQUIT sent
// to the process group reaches only the program; it exits with the program's status, and when the
// program is killed by a signal it kills itself with the same one.
func straceArgs(file string, argv []string) []string {
	return append([]string{"-f", "-qq", "-Y", "-e", "trace=%file,execve", "-e", "status=failed", "-e", "signal=none",
		"-o", file, "--"}, argv...)
}

// tracer decides whether --trace can run on h and with what; when it cannot, it says why and what
// to run instead.
type tracer struct {
	path string // strace's path ("" when tracing is not available)
	note string
}

func findTracer(ctx context.Context, h host.Host, env *host.Env, tmp string) tracer {
	switch h.OS() {
	case "linux", "android":
	case "darwin":
		return tracer{note: "--trace is not available on macOS: dtruss needs root and System Integrity Protection's DTrace restriction " +
			"lifted (csrutil enable --without dtrace, from Recovery). Instead, watch the program's file calls with " +
			"`sudo fs_usage -w -f pathname PROGRAM` in another terminal while it runs, or run it in the debugger " +
			"(dlv debug) with a breakpoint on os.OpenFile."}
	case "windows":
		return tracer{note: "--trace is not available on Windows: run the program under Process Monitor (procmon) with a " +
			"filter on its process name, and look for NAME NOT FOUND and PATH NOT FOUND results."}
	default:
		return tracer{note: fmt.Sprintf("--trace is not available on %s (it uses strace, on Linux)", h.OS())}
	}
	p, err := host.LookPath(h, "strace", env.Get("PATH"), "")
	if err != nil {
		return tracer{note: "--trace needs strace, which is not installed: sudo apt-get install strace (Debian, Ubuntu), " +
			"sudo dnf install strace (Fedora), sudo apk add strace (Alpine)"}
	}
	// strace may be too old for these options, or ptrace may be denied (a container without
	// CAP_SYS_PTRACE, a Yama ptrace_scope of 3): try it on a command that cannot fail.
	res := h.Run(ctx, host.Cmd{Path: p, Args: straceArgs(path.Join(tmp, "probe.trace"), []string{p, "-V"}), Env: env.Environ(), Timeout: 10 * time.Second})
	if !res.OK() {
		msg := text.FirstLine(string(res.Stderr))
		if msg == "" {
			msg = res.Failure()
		}
		return tracer{note: fmt.Sprintf("--trace: %s cannot trace here (%s); the program ran without it", p, msg)}
	}
	return tracer{path: p}
}

// ParseStrace reads the log of straceArgs: one failing call a line, "PID<COMM> NAME(ARGS) = -1
// ERRNO (TEXT)" (the pid and the command name are optional, so logs of other strace options parse
// too), a call split into "<unfinished ...>" and "<... NAME resumed>" lines put back together.
// Lines that are not a failing call (signals, exits, strace's own messages) are skipped.
func ParseStrace(log []byte) []result.RunTraceCall {
	var calls []result.RunTraceCall
	pending := map[int]string{} // pid -> the unfinished call's "NAME(ARGS"
	sc := bufio.NewScanner(bytes.NewReader(log))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		pid, comm, rest := splitPid(line)
		if before, ok := strings.CutSuffix(rest, " <unfinished ...>"); ok {
			pending[pid] = before
			continue
		}
		if strings.HasPrefix(rest, "<... ") {
			// "<... openat resumed>, O_RDONLY) = -1 ENOENT (...)"
			end := strings.Index(rest, " resumed>")
			if end < len("<... ") {
				continue
			}
			start, ok := pending[pid]
			delete(pending, pid)
			if !ok {
				start = rest[len("<... "):end] + "("
			}
			rest = start + rest[end+len(" resumed>"):]
		}
		c, ok := parseCall(rest)
		if !ok {
			continue
		}
		c.Pid, c.Comm, c.Line = pid, comm, line
		calls = append(calls, c)
	}
	return calls
}

// splitPid splits "1234<comm> rest" (or "[pid 1234] rest", or "1234 rest") into its parts.
func splitPid(line string) (int, string, string) {
	if rest, ok := strings.CutPrefix(line, "[pid "); ok {
		if i := strings.IndexByte(rest, ']'); i > 0 {
			pid, _ := strconv.Atoi(strings.TrimSpace(rest[:i]))
			return pid, "", strings.TrimLeft(rest[i+1:], " ")
		}
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, "", line
	}
	pid, _ := strconv.Atoi(line[:i])
	rest, comm := line[i:], ""
	if strings.HasPrefix(rest, "<") {
		if j := strings.Index(rest, "> "); j > 0 {
			comm, rest = rest[1:j], rest[j+1:]
		}
	}
	if !strings.HasPrefix(rest, " ") {
		return 0, "", line
	}
	return pid, comm, strings.TrimLeft(rest, " ")
}

// parseCall parses `NAME(ARGS) = -1 ERRNO (TEXT)`.
func parseCall(s string) (result.RunTraceCall, bool) {
	open := strings.IndexByte(s, '(')
	if open <= 0 || !isSyscallName(s[:open]) {
		return result.RunTraceCall{}, false
	}
	eq := strings.LastIndex(s, ") = ")
	if eq < open {
		return result.RunTraceCall{}, false
	}
	ret := strings.Fields(s[eq+len(") = "):])
	if len(ret) < 2 || ret[0] != "-1" || !isErrnoName(ret[1]) {
		return result.RunTraceCall{}, false
	}
	return result.RunTraceCall{Name: s[:open], Path: straceString(s[open+1 : eq]), Errno: ret[1]}, true
}

func isSyscallName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

func isErrnoName(s string) bool {
	if len(s) < 2 || s[0] != 'E' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

// firstString decodes the first C string strace printed in args ("" when there is none): the
// path of a file call, the program of an execve. strace escapes \" \\ \n \t \r \v \f and other
// bytes in octal (\33) or, with -x, hex (\x1b).
func straceString(args string) string {
	i := strings.IndexByte(args, '"')
	if i < 0 {
		return ""
	}
	var b strings.Builder
	for j := i + 1; j < len(args); j++ {
		c := args[j]
		switch {
		case c == '"':
			return b.String()
		case c != '\\' || j+1 == len(args):
			b.WriteByte(c)
			continue
		}
		j++
		switch e := args[j]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'v':
			b.WriteByte('\v')
		case 'f':
			b.WriteByte('\f')
		case 'x':
			k := j + 1
			for k < len(args) && k < j+3 && isHexByte(args[k]) {
				k++
			}
			v, _ := strconv.ParseUint(args[j+1:k], 16, 8)
			b.WriteByte(byte(v))
			j = k - 1
		default:
			if e >= '0' && e <= '7' {
				k := j
				for k < len(args) && k < j+3 && args[k] >= '0' && args[k] <= '7' {
					k++
				}
				v, _ := strconv.ParseUint(args[j:k], 8, 8)
				b.WriteByte(byte(v))
				j = k - 1
				continue
			}
			b.WriteByte(e)
		}
	}
	return b.String()
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// toolchainComms are the command names of the go command and the programs it runs to build: their
// failing look-ups (go.work in each parent directory, cache misses, compilers probing) are how they
// work, not why a program failed.
var toolchainComms = map[string]bool{
	"go": true, "compile": true, "link": true, "asm": true, "cgo": true, "vet": true, "buildid": true,
	"pack": true, "cover": true, "gcc": true, "cc": true, "cc1": true, "as": true, "ld": true,
	"collect2": true, "clang": true, "git": true,
}

// keepCalls chooses the calls a report shows: not the dynamic loader's search for shared
// libraries, not the kernel interfaces the Go runtime probes (/proc, /sys), with dropToolchain
// not the go command's own (when the command is go run or go test, the program is what matters),
// without repeats, and the last MaxTraceCalls of those.
func keepCalls(calls []result.RunTraceCall, dropToolchain bool) []result.RunTraceCall {
	var out []result.RunTraceCall
	seen := map[string]bool{}
	for _, c := range calls {
		if c.Path == "" && c.Name != "execve" || traceNoise(c.Path) || dropToolchain && toolchainComms[c.Comm] {
			continue
		}
		key := c.Comm + "\x00" + c.Name + "\x00" + c.Path + "\x00" + c.Errno
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	if len(out) > MaxTraceCalls {
		out = out[len(out)-MaxTraceCalls:]
	}
	return out
}

func traceNoise(p string) bool {
	for _, prefix := range []string{"/proc/", "/sys/", "/etc/ld.so.", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/usr/lib/",
		"/usr/lib32/", "/usr/lib64/", "/usr/libx32/", "/usr/local/lib/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return strings.Contains(p, "/glibc-hwcaps/")
}

// syscalls converts the calls kept to the classifier's form.
func syscalls(calls []result.RunTraceCall) []classify.Syscall {
	out := make([]classify.Syscall, len(calls))
	for i, c := range calls {
		out[i] = classify.Syscall{Name: c.Name, Path: c.Path, Errno: c.Errno, Line: c.Line}
	}
	return out
}
