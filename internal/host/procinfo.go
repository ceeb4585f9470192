package host

import (
	"context"
	"errors"
	"path"
	"strconv"
	"strings"
	"time"
)

// ProcInfo is what the system says of one running process: who started it, what it runs, where,
// since when and what it costs. Fields the system does not show stay zero.
type ProcInfo struct {
	Pid, PPid, UID int
	// Exe is the executable's path as the system resolves it now (Linux: the /proc/PID/exe link);
	// ExeDeleted is set when that file was removed or replaced since the process started (the
	// link ends in " (deleted)"), Exe then being the path it had.
	Exe        string
	ExeDeleted bool
	// ExeID is the device and inode of the running executable ("dev:ino"), "" when unknown: a
	// file on disk with the same path but another identity is not what runs.
	ExeID string
	Argv  []string
	Cwd   string
	Start time.Time
	// CPU is the user and system time the process has used.
	CPU time.Duration
	// RSS is its resident memory in bytes.
	RSS int64
	// Env is the environment it was started with, when the system lets this user read it.
	Env []string
}

// Name is the process's program name: the base name of its executable, else of argv[0].
func (p ProcInfo) Name() string {
	if p.Exe != "" {
		return path.Base(strings.ReplaceAll(p.Exe, `\`, "/"))
	}
	if len(p.Argv) > 0 {
		return path.Base(strings.ReplaceAll(p.Argv[0], `\`, "/"))
	}
	return ""
}

// Getenv is the value of key in the environment the process started with.
func (p ProcInfo) Getenv(key string) string {
	for _, kv := range p.Env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// ProcessLister is what a Host that can list its processes answers: Real on Linux from /proc.
type ProcessLister interface {
	Processes() ([]ProcInfo, error)
}

// ProcessDetailer is what a Host that lists processes may also answer: the working directory
// and environment of one of them (Processes leaves them empty where reading them is costly).
type ProcessDetailer interface {
	ProcessDetails(p *ProcInfo)
}

// ProcessDetails fills p's working directory and environment where h can read them.
func ProcessDetails(h Host, p *ProcInfo) {
	if d, ok := h.(ProcessDetailer); ok {
		d.ProcessDetails(p)
	}
}

// ErrNoProcessList is returned where gomedic cannot list processes (Windows, for now).
var ErrNoProcessList = errors.New("listing processes is not supported on this system")

// psTimeout bounds ps on macOS.
const psTimeout = 10 * time.Second

// Processes lists the processes h shows: from the host itself where it can list them (/proc on
// Linux), else on macOS from ps (run through h, so that a Fake answers it).
func Processes(ctx context.Context, h Host) ([]ProcInfo, error) {
	if l, ok := h.(ProcessLister); ok {
		if ps, err := l.Processes(); !errors.Is(err, ErrNoProcessList) {
			return ps, err
		}
	}
	if h.OS() != "darwin" {
		return nil, ErrNoProcessList
	}
	return darwinProcesses(ctx, h)
}

// psColumns are the columns asked of ps on macOS: the fixed-width ones first, the command line
// last, as it may hold spaces. lstart is five words ("Sun Dec  6 18:26:01 2026").
var psColumns = []string{"-axww", "-o", "pid=,ppid=,uid=,rss=,time=,lstart=,args="}

// darwinProcesses runs ps and, for the executables' paths, ps again with comm (the full path of
// the executable on macOS).
func darwinProcesses(ctx context.Context, h Host) ([]ProcInfo, error) {
	res := h.Run(ctx, Cmd{Path: "ps", Args: psColumns, Timeout: psTimeout, OutputLimit: 16 << 20})
	if res.Err != nil || res.ExitCode != 0 {
		return nil, errors.New("listing processes: " + res.Cmd.String() + " failed: " + strings.TrimSpace(string(res.Stderr)))
	}
	procs := ParsePS(string(res.Stdout))
	comm := h.Run(ctx, Cmd{Path: "ps", Args: []string{"-axww", "-o", "pid=,comm="}, Timeout: psTimeout, OutputLimit: 16 << 20})
	if comm.Err == nil && comm.ExitCode == 0 {
		exes := parsePSComm(string(comm.Stdout))
		for i := range procs {
			procs[i].Exe = exes[procs[i].Pid]
		}
	}
	return procs, nil
}

// ParsePS parses the lines of `ps -o pid=,ppid=,uid=,rss=,time=,lstart=,args=` (rss in KiB, time
// as [DD-]HH:MM:SS.ss or MM:SS.ss); lines it cannot read are skipped.
func ParsePS(out string) []ProcInfo {
	var procs []ProcInfo
	for line := range strings.SplitSeq(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 10 {
			continue
		}
		var p ProcInfo
		var err1, err2, err3 error
		p.Pid, err1 = strconv.Atoi(f[0])
		p.PPid, err2 = strconv.Atoi(f[1])
		p.UID, err3 = strconv.Atoi(f[2])
		rss, err4 := strconv.ParseInt(f[3], 10, 64)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			continue
		}
		p.RSS = rss * 1024
		p.CPU = parsePSTime(f[4])
		p.Start, _ = time.ParseInLocation("Mon Jan 2 15:04:05 2006", strings.Join(f[5:10], " "), time.Local)
		p.Argv = f[10:]
		procs = append(procs, p)
	}
	return procs
}

// parsePSComm maps pid to executable path from `ps -o pid=,comm=`.
func parsePSComm(out string) map[int]string {
	m := map[int]string{}
	for line := range strings.SplitSeq(out, "\n") {
		line = strings.TrimSpace(line)
		pidText, comm, ok := strings.Cut(line, " ")
		if pid, err := strconv.Atoi(pidText); ok && err == nil {
			m[pid] = strings.TrimSpace(comm)
		}
	}
	return m
}

// parsePSTime reads ps's cumulative CPU time: [[DD-]HH:]MM:SS[.ss].
func parsePSTime(s string) time.Duration {
	var days int
	if d, rest, ok := strings.Cut(s, "-"); ok {
		days, _ = strconv.Atoi(d)
		s = rest
	}
	parts := strings.Split(s, ":")
	var total float64
	for _, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0
		}
		total = total*60 + v
	}
	return time.Duration(days)*24*time.Hour + time.Duration(total*float64(time.Second))
}
