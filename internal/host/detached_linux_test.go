package host

import (
	"context"
	"strings"
	"testing"
)

// TestDetached checks that a detached command leads a session of its own (setsid), as a program
// started from the desktop does, and that an ordinary one does not.
func TestDetached(t *testing.T) {
	h := NewReal([]string{"PATH=/usr/bin:/bin"})
	for _, detached := range []bool{true, false} {
		// Fields 1, 5 and 6 of /proc/PID/stat: the pid, its process group and its session.
		res := h.Run(context.Background(), Cmd{Path: "/bin/sh", Args: []string{"-c", `read -r pid comm state ppid pgrp sid rest < /proc/$$/stat; echo "$pid $pgrp $sid"`}, Detached: detached})
		if !res.OK() {
			t.Fatalf("detached=%v: %s", detached, res.Failure())
		}
		f := strings.Fields(string(res.Stdout))
		if len(f) != 3 {
			t.Fatalf("detached=%v: unexpected output %q", detached, res.Stdout)
		}
		if f[1] != f[0] {
			t.Errorf("detached=%v: process group %s, want its own (%s)", detached, f[1], f[0])
		}
		if (f[2] == f[0]) != detached {
			t.Errorf("detached=%v: session %s, pid %s", detached, f[2], f[0])
		}
	}
}
