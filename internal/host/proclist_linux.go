package host

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// userHZ is the unit of the times in /proc/PID/stat: USER_HZ, 100 on every Linux architecture
// the kernel's ABI fixes it for (sysconf(_SC_CLK_TCK)).
const userHZ = 100

// Processes lists every process in /proc that this user may read.
func (*Real) Processes() ([]ProcInfo, error) {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	boot := bootTime()
	page := int64(os.Getpagesize())
	var out []ProcInfo
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if p, ok := readProc(pid, boot, page); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// bootTime is when the machine booted: the btime line of /proc/stat.
func bootTime() time.Time {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return time.Time{}
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			if s, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				return time.Unix(s, 0)
			}
		}
	}
	return time.Time{}
}

// readProc reads one process's stat, statm, owner, exe link and cmdline.
func readProc(pid int, boot time.Time, page int64) (ProcInfo, bool) {
	dir := "/proc/" + strconv.Itoa(pid) + "/"
	stat, err := os.ReadFile(dir + "stat")
	if err != nil {
		return ProcInfo{}, false
	}
	st, ok := parseStat(stat)
	if !ok || st.exited() {
		return ProcInfo{}, false
	}
	p := ProcInfo{Pid: pid, PPid: st.ppid}
	start, cpu := statTimes(stat)
	if !boot.IsZero() {
		p.Start = boot.Add(time.Duration(start) * time.Second / userHZ)
	}
	p.CPU = time.Duration(cpu) * time.Second / userHZ
	if fi, err := os.Stat(dir); err == nil {
		if s, ok := fi.Sys().(*syscall.Stat_t); ok {
			p.UID = int(s.Uid)
		}
	}
	if m, err := os.ReadFile(dir + "statm"); err == nil {
		if f := strings.Fields(string(m)); len(f) > 1 {
			rss, _ := strconv.ParseInt(f[1], 10, 64)
			p.RSS = rss * page
		}
	}
	p.Exe, p.ExeDeleted = exeLink(dir)
	if fi, err := os.Stat(dir + "exe"); err == nil {
		if s, ok := fi.Sys().(*syscall.Stat_t); ok {
			p.ExeID = strconv.FormatUint(uint64(s.Dev), 10) + ":" + strconv.FormatUint(s.Ino, 10)
		}
	}
	p.Argv = nulFields(dir + "cmdline")
	return p, true
}

// ProcessDetails fills p's working directory and environment from /proc/PID/cwd and environ:
// read only for the processes a caller looks at closely, as they cost as much as the rest.
func (*Real) ProcessDetails(p *ProcInfo) {
	dir := "/proc/" + strconv.Itoa(p.Pid) + "/"
	p.Cwd, _ = os.Readlink(dir + "cwd")
	p.Env = nulFields(dir + "environ")
}

// exeLink reads /proc/PID/exe: the executable's path, and whether the kernel marks it deleted.
func exeLink(dir string) (string, bool) {
	exe, err := os.Readlink(dir + "exe")
	if err != nil {
		return "", false
	}
	if trimmed, ok := strings.CutSuffix(exe, " (deleted)"); ok {
		return trimmed, true
	}
	return exe, false
}

// statTimes reads starttime (field 22) and utime+stime (fields 14 and 15) of /proc/PID/stat, in
// clock ticks; the fields are counted after comm's closing parenthesis.
func statTimes(stat []byte) (start, cpu int64) {
	end := bytes.LastIndexByte(stat, ')')
	f := strings.Fields(string(stat[end+1:]))
	if len(f) < 20 {
		return 0, 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	start, _ = strconv.ParseInt(f[19], 10, 64)
	return start, utime + stime
}

// nulFields reads a NUL-separated /proc file (cmdline, environ), at most 1 MiB.
func nulFields(name string) []string {
	data, err := os.ReadFile(name)
	if err != nil || len(data) == 0 || len(data) > 1<<20 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
}

// Process reads one process from /proc; false when it does not run (or exited, unreaped).
func (*Real) Process(_ context.Context, pid int) (ProcInfo, bool) {
	return readProc(pid, bootTime(), int64(os.Getpagesize()))
}

// OpenFiles reads the links of /proc/PID/fd that name files (not sockets, pipes or anonymous
// inodes), at most 4096 of them.
func (*Real) OpenFiles(pid int) []string {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd/"
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	names, _ := f.Readdirnames(4096)
	var out []string
	for _, n := range names {
		if target, err := os.Readlink(dir + n); err == nil && strings.HasPrefix(target, "/") {
			out = append(out, strings.TrimSuffix(target, " (deleted)"))
		}
	}
	return out
}
