package host

import (
	"context"
	"testing"
	"time"
)

// psOutput is what `ps -axww -o pid=,ppid=,uid=,rss=,time=,lstart=,args=` prints on macOS.
const psOutput = `    1     0     0  12345   5:01.23 Sun Dec  6 08:00:01 2026     /sbin/launchd
  501     1   501 420000   1:02.50 Sun Dec  6 09:15:42 2026     /Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Plugin).app/Contents/MacOS/Code Helper (Plugin) --type=utility
  777   501   501 812000 1-02:03:04 Sun Dec  6 09:16:00 2026     /Users/u/go/bin/gopls -mode=stdio
  garbage line
`

const psComm = `    1 /sbin/launchd
  501 /Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Plugin).app/Contents/MacOS/Code Helper (Plugin)
  777 /Users/u/go/bin/gopls
`

func TestProcessesDarwin(t *testing.T) {
	f := NewFake("darwin", "arm64")
	f.Commands = map[string]func(Cmd) *Result{"ps": func(c Cmd) *Result {
		if c.Args[len(c.Args)-1] == "pid=,comm=" {
			return &Result{Stdout: []byte(psComm)}
		}
		return &Result{Stdout: []byte(psOutput)}
	}}
	procs, err := Processes(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if len(procs) != 3 {
		t.Fatalf("got %d processes, want 3: %+v", len(procs), procs)
	}
	g := procs[2]
	if g.Pid != 777 || g.PPid != 501 || g.UID != 501 || g.RSS != 812000*1024 || g.Exe != "/Users/u/go/bin/gopls" {
		t.Errorf("gopls = %+v", g)
	}
	if want := 26*time.Hour + 3*time.Minute + 4*time.Second; g.CPU != want {
		t.Errorf("CPU = %v, want %v", g.CPU, want)
	}
	if g.Start.Hour() != 9 || g.Start.Minute() != 16 || g.Start.Day() != 6 {
		t.Errorf("Start = %v", g.Start)
	}
	if procs[1].Name() != "Code Helper (Plugin)" {
		t.Errorf("Name = %q", procs[1].Name())
	}
}

func TestProcessesUnsupported(t *testing.T) {
	if _, err := Processes(context.Background(), NewFake("windows", "amd64")); err != ErrNoProcessList {
		t.Errorf("err = %v, want ErrNoProcessList", err)
	}
}

func TestParsePSTime(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"0:00.00":    0,
		"5:01.50":    5*time.Minute + 1500*time.Millisecond,
		"01:02:03":   time.Hour + 2*time.Minute + 3*time.Second,
		"2-00:00:01": 48*time.Hour + time.Second,
		"not a time": 0,
	} {
		if got := parsePSTime(in); got != want {
			t.Errorf("parsePSTime(%q) = %v, want %v", in, got, want)
		}
	}
}
