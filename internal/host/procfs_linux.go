package host

import (
	"bytes"
	"os"
	"strconv"
	"strings"
)

// procStat is what /proc/PID/stat says of a process.
type procStat struct {
	pid, ppid, pgrp, session int
	name                     string // comm: the program's name, at most 15 bytes
	state                    byte   // R, S, D, Z (exited, not yet waited for), ...
}

// readStat reads /proc/PID/stat.
func readStat(pid int) (procStat, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	return parseStat(data)
}

// parseStat parses "pid (comm) state ppid pgrp session ...": comm may hold spaces and
// parentheses, so the fields after it follow the last ')'.
func parseStat(data []byte) (procStat, bool) {
	open, end := bytes.IndexByte(data, '('), bytes.LastIndexByte(data, ')')
	if open < 0 || end < open {
		return procStat{}, false
	}
	f := strings.Fields(string(data[end+1:]))
	if len(f) < 4 || len(f[0]) != 1 {
		return procStat{}, false
	}
	st := procStat{name: string(data[open+1 : end]), state: f[0][0]}
	var err error
	for i, p := range []*int{&st.ppid, &st.pgrp, &st.session} {
		if *p, err = strconv.Atoi(f[i+1]); err != nil {
			return procStat{}, false
		}
	}
	st.pid, err = strconv.Atoi(strings.TrimSpace(string(data[:open])))
	return st, err == nil
}

// exited reports whether the process has ended: it is a zombie (exited, not yet waited for) or
// being torn down.
func (s procStat) exited() bool { return s.state == 'Z' || s.state == 'X' || s.state == 'x' }

// exitedUnreaped reports whether process pid has exited but not yet been waited for (a zombie):
// it ended on its own, even though Wait has not returned yet.
func exitedUnreaped(pid int) bool {
	st, ok := readStat(pid)
	return ok && st.state == 'Z'
}

// allProcs lists every process the system shows in /proc.
func allProcs() []procStat {
	dirs, _ := os.ReadDir("/proc")
	var out []procStat
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if st, ok := readStat(pid); ok {
			out = append(out, st)
		}
	}
	return out
}

// groupMembers lists the processes of group pgid that are still running.
func groupMembers(pgid int) []Leftover {
	var out []Leftover
	for _, st := range allProcs() {
		if st.pgrp == pgid && !st.exited() {
			out = append(out, Leftover{Pid: st.pid, Name: st.name})
		}
	}
	return out
}

// ownChildren lists this process's children: the ones it started and the orphans re-parented to
// it as their subreaper. It reads /proc/self/task/*/children, which every thread has, and scans
// /proc when the kernel does not provide them.
func ownChildren() []int {
	tasks, err := os.ReadDir("/proc/self/task")
	var out []int
	for _, t := range tasks {
		data, rerr := os.ReadFile("/proc/self/task/" + t.Name() + "/children")
		if rerr != nil {
			err = rerr
			break
		}
		for _, f := range strings.Fields(string(data)) {
			if pid, perr := strconv.Atoi(f); perr == nil {
				out = append(out, pid)
			}
		}
	}
	if err == nil {
		return out
	}
	self := os.Getpid()
	out = out[:0]
	for _, st := range allProcs() {
		if st.ppid == self {
			out = append(out, st.pid)
		}
	}
	return out
}
