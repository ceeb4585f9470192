package host

import (
	"os"
	"testing"
	"time"
)

func TestRealProcessesSelf(t *testing.T) {
	procs, err := NewReal(os.Environ()).Processes()
	if err != nil {
		t.Fatal(err)
	}
	self, _ := os.Executable()
	for _, p := range procs {
		if p.Pid != os.Getpid() {
			continue
		}
		ProcessDetails(NewReal(nil), &p)
		if p.PPid != os.Getppid() || p.UID != os.Getuid() || p.Exe != self || p.ExeDeleted || p.ExeID == "" {
			t.Errorf("self = pid %d ppid %d uid %d exe %q deleted %v id %q", p.Pid, p.PPid, p.UID, p.Exe, p.ExeDeleted, p.ExeID)
		}
		if p.RSS <= 0 || p.Start.IsZero() || time.Since(p.Start) < 0 || len(p.Argv) == 0 || p.Cwd == "" {
			t.Errorf("self = rss %d start %v argv %q cwd %q", p.RSS, p.Start, p.Argv, p.Cwd)
		}
		return
	}
	t.Fatal("this process is not in the list")
}

func TestStatTimes(t *testing.T) {
	stat := []byte("42 (a (b) c) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 12345 1000 10 18446744073709551615")
	start, cpu := statTimes(stat)
	if start != 12345 || cpu != 300 {
		t.Errorf("statTimes = %d, %d; want 12345, 300", start, cpu)
	}
}
