package watch

import (
	"context"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

var t0 = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)

// family is a process table: init, a desktop session, editors, shells and their children.
func family() map[int]host.ProcInfo {
	procs := []host.ProcInfo{
		{Pid: 1, Exe: "/sbin/init", Start: t0.Add(-time.Hour)},
		{Pid: 10, PPid: 1, Exe: "/usr/lib/systemd/systemd", Start: t0.Add(-time.Hour)},
		{Pid: 100, PPid: 10, Exe: "/usr/share/code/code", Start: t0},
		{Pid: 101, PPid: 100, Exe: "/usr/share/code/code", Argv: []string{"/usr/share/code/code", "--type=utility"}, Start: t0},
		{Pid: 200, PPid: 10, Exe: "/tmp/.mount_Cursor123/usr/share/cursor/cursor", Start: t0},
		{Pid: 300, PPid: 10, Exe: "/Applications/Code - Insiders.app/Contents/Frameworks/Code - Insiders Helper (Plugin).app/Contents/MacOS/Code - Insiders Helper (Plugin)", Start: t0},
		{Pid: 400, PPid: 10, Exe: "/usr/bin/bash", Start: t0},
		{Pid: 500, PPid: 10, Exe: "/usr/bin/sleep", Start: t0.Add(time.Hour)},
		{Pid: 600, PPid: 10, Exe: "/home/u/.vscode-server/cli/servers/Stable-abc/server/node", Start: t0},
	}
	m := map[int]host.ProcInfo{}
	for _, p := range procs {
		m[p.Pid] = p
	}
	return m
}

func TestEditorAndOrphan(t *testing.T) {
	byPid := family()
	for _, c := range []struct {
		name     string
		p        host.ProcInfo
		editor   string
		orphaned bool
	}{
		{"VS Code's extension host", host.ProcInfo{Pid: 1000, PPid: 101, Start: t0.Add(time.Minute)}, "Code", false},
		{"Cursor AppImage", host.ProcInfo{Pid: 1001, PPid: 200, Start: t0.Add(time.Minute)}, "Cursor", false},
		{"Insiders helper on macOS", host.ProcInfo{Pid: 1002, PPid: 300, Start: t0.Add(time.Minute)}, "Code - Insiders", false},
		{"a terminal", host.ProcInfo{Pid: 1003, PPid: 400, Start: t0.Add(time.Minute)}, "terminal", false},
		{"VS Code's remote server (Remote-SSH)", host.ProcInfo{Pid: 1008, PPid: 600, Start: t0.Add(time.Minute)}, "Code", false},
		{"re-parented to init", host.ProcInfo{Pid: 1004, PPid: 1, Start: t0.Add(time.Minute)}, "", true},
		{"re-parented to systemd --user", host.ProcInfo{Pid: 1005, PPid: 10, Start: t0.Add(time.Minute)}, "", true},
		{"parent younger than the child", host.ProcInfo{Pid: 1006, PPid: 500, Start: t0.Add(time.Minute)}, "", true},
		{"parent unknown", host.ProcInfo{Pid: 1007, PPid: 999, Start: t0}, "", false},
	} {
		if got := editorOf(c.p, byPid); got != c.editor {
			t.Errorf("%s: editor %q, want %q", c.name, got, c.editor)
		}
		if got := orphaned(c.p, byPid); got != c.orphaned {
			t.Errorf("%s: orphaned %v, want %v", c.name, got, c.orphaned)
		}
	}
}

func TestRoleAndTool(t *testing.T) {
	for _, c := range []struct {
		argv       []string
		tool, role string
	}{
		{[]string{"/go/bin/gopls", "-mode=stdio"}, "gopls", "server"},
		{[]string{"/go/bin/gopls"}, "gopls", "server"},
		{[]string{"gopls", "-remote=auto", "-logfile=auto"}, "gopls", "forwarder"},
		{[]string{"gopls", "--remote", "unix;/tmp/s"}, "gopls", "forwarder"},
		{[]string{"gopls", "serve", "-listen=unix;/tmp/s", "-listen.timeout=1m"}, "gopls", "daemon"},
		{[]string{`C:\go\bin\gopls.exe`, "serve"}, "gopls", "server"},
		{[]string{"/go/bin/dlv", "dap", "--listen=127.0.0.1:0"}, "dlv", "debugger"},
		{[]string{"/usr/bin/goplsx"}, "", "server"},
	} {
		p := host.ProcInfo{Argv: c.argv}
		tool := toolOf(p)
		if tool != c.tool {
			t.Errorf("%q: tool %q, want %q", c.argv, tool, c.tool)
		}
		if tool != "" && roleOf(tool, c.argv) != c.role {
			t.Errorf("%q: role %q, want %q", c.argv, roleOf(tool, c.argv), c.role)
		}
	}
}

func TestParseMemLimit(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "off": 0, "1024": 1024, "16MiB": 16 << 20, "2GiB": 2 << 30, "512KiB": 512 << 10, "7B": 7} {
		if got, err := ParseMemLimit(in); err != nil || got != want {
			t.Errorf("ParseMemLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"2GB", "-1", "lots", "1.5GiB"} {
		if _, err := ParseMemLimit(bad); err == nil {
			t.Errorf("ParseMemLimit(%q) accepted", bad)
		}
	}
}

func TestGrowing(t *testing.T) {
	mib := int64(1 << 20)
	times := func(n int) []time.Time {
		ts := make([]time.Time, n)
		for i := range ts {
			ts[i] = t0.Add(time.Duration(i) * 30 * time.Second)
		}
		return ts
	}
	for _, c := range []struct {
		name string
		rss  []int64
		want bool
	}{
		{"steady rise", []int64{100 * mib, 160 * mib, 220 * mib, 300 * mib}, true},
		{"rise with noise", []int64{100 * mib, 160 * mib, 158 * mib, 300 * mib}, true},
		{"too few samples", []int64{100 * mib, 200 * mib, 300 * mib}, false},
		{"a drop (a GC)", []int64{100 * mib, 300 * mib, 150 * mib, 320 * mib}, false},
		{"small growth", []int64{1000 * mib, 1020 * mib, 1040 * mib, 1060 * mib}, false},
		{"flat", []int64{500 * mib, 500 * mib, 500 * mib, 500 * mib}, false},
	} {
		got, perHour := Growing(times(len(c.rss)), c.rss)
		if got != c.want {
			t.Errorf("%s: growing %v, want %v (%d/h)", c.name, got, c.want, perHour)
		}
	}
}

func TestCrashLinesDarwinFake(t *testing.T) {
	f := host.NewFake("darwin", "arm64")
	f.Home = "/Users/u"
	dir := "/Users/u/Library/Application Support/Code/logs/20261206T095500/window1/exthost/output_logging_20261206T095501/"
	f.AddFile(dir+"2-gopls (server).log", []byte("[Info  - 9:55:03 AM] started\n"+
		"[Error - 10:01:05 PM] Server process exited with signal SIGKILL.\n"+
		"panic: runtime error: invalid memory address or nil pointer dereference\n"+
		"[Error - 10:03:10 PM] Starting client failed\n"), 0o644)
	f.AddFile(dir+"3-rust-analyzer.log", []byte("[Error - 10:04:00 AM] Server process exited with code 1.\n"), 0o644)
	lines := CrashLines(f, time.Time{})
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3: %+v", len(lines), lines)
	}
	if lines[0].Signal != "SIGKILL" || lines[0].Time.Hour() != 22 || lines[0].Editor != "Code" {
		t.Errorf("first line = %+v", lines[0])
	}
	fnd := Crashes(context.Background(), f, lines)
	if fnd.Status != finding.Fail || fnd.ID != IDCrashes {
		t.Errorf("finding = %s %s %q", fnd.ID, fnd.Status, fnd.Title)
	}
}

func TestChanges(t *testing.T) {
	warn := func(title string) finding.Finding {
		return finding.Finding{ID: IDOrphaned, Status: finding.Warn, Title: title}
	}
	okf := finding.Finding{ID: IDOrphaned, Status: finding.OK, Title: "fine"}
	for _, c := range []struct {
		name          string
		before, after []finding.Finding
		want          string
	}{
		{"appeared", nil, []finding.Finding{warn("1 process, holding 40MiB")}, "appeared"},
		{"memory moved", []finding.Finding{warn("1 process, holding 40MiB")}, []finding.Finding{warn("1 process, holding 41.5MiB")}, ""},
		{"another process", []finding.Finding{warn("1 process, holding 40MiB")}, []finding.Finding{warn("2 processes, holding 80MiB")}, "changed"},
		{"cleared", []finding.Finding{warn("1 process, holding 40MiB")}, []finding.Finding{okf}, "cleared"},
		{"still fine", []finding.Finding{okf}, []finding.Finding{okf}, ""},
	} {
		ev := Changes(c.before, c.after, t0)
		got := ""
		if len(ev) == 1 {
			got = ev[0].Change
		}
		if got != c.want || len(ev) > 1 {
			t.Errorf("%s: %d events, change %q; want %q", c.name, len(ev), got, c.want)
		}
	}
}
