package watch

import (
	"testing"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

// TestDaemonOf: a forwarder's -remote reaches the daemon whose -listen is the same place, as
// gopls resolves both: relative sockets from each process's directory, loopback names and
// all-interfaces listeners for one port, and -remote=auto's socket of the same binary.
func TestDaemonOf(t *testing.T) {
	proc := func(exe, cwd string, env []string, argv ...string) Proc {
		return Proc{WatchProcess: result.WatchProcess{Role: roleOf("gopls", argv)},
			Info: host.ProcInfo{Exe: exe, Cwd: cwd, Env: env, Argv: append([]string{exe}, argv...)}}
	}
	const bin = "/home/u/go/bin/gopls"
	daemons := []Proc{
		proc(bin, "/srv", nil, "serve", "-listen=unix;run/d.sock"),
		proc(bin, "/", nil, "serve", "-listen", ":4389"),
		proc(bin, "/", nil, "serve", "-listen=10.0.0.7:5000"),
		proc(bin, "/", nil, "serve", "-listen", "unix;/run/user/1000/gopls-3bb563-daemon.ana", "-listen.timeout", "1m0s"),
		proc(bin, "/", nil, "serve", "-listen", "unix;/tmp/gopls-0a1b2c-daemon.ana-work"),
	}
	for _, tc := range []struct {
		goos, cwd string
		env       []string
		exe       string
		remote    string
		want      int // index in daemons, -1 for none
	}{
		{"linux", "/srv/run", nil, bin, "-remote=unix;d.sock", 0},
		{"linux", "/elsewhere", nil, bin, "-remote=unix;/srv/run/./d.sock", 0},
		{"linux", "/elsewhere", nil, bin, "-remote=unix;d.sock", -1},
		{"linux", "/", nil, bin, "-remote=localhost:4389", 1},
		{"linux", "/", nil, bin, "--remote=127.0.0.1:4389", 1},
		{"linux", "/", nil, bin, "-remote=[::1]:4389", 1},
		{"linux", "/", nil, bin, "-remote=localhost:4390", -1},
		{"linux", "/", nil, bin, "-remote=10.0.0.7:5000", 2},
		{"linux", "/", nil, bin, "-remote=localhost:5000", -1},
		{"linux", "/", []string{"USER=ana", "XDG_RUNTIME_DIR=/run/user/1000"}, bin, "-remote=auto", 3},
		{"linux", "/", []string{"USER=ana"}, bin, "-remote=auto", -1},
		{"linux", "/", []string{"USER=bob", "XDG_RUNTIME_DIR=/run/user/1000"}, bin, "-remote=auto", -1},
		{"linux", "/", []string{"USER=ana", "XDG_RUNTIME_DIR=/run/user/1000"}, "/usr/bin/gopls", "-remote=auto", -1},
		{"linux", "/", []string{"USER=ana"}, bin, "-remote=auto;work", 4},
		{"linux", "/", []string{"USER=ana", "TMPDIR=/var/tmp"}, bin, "-remote=auto;work", -1},
		{"windows", "/", nil, bin, "-remote=auto", -1},
	} {
		fwd := proc(tc.exe, tc.cwd, tc.env, tc.remote)
		d, ok := daemonOf(tc.goos, fwd, daemons)
		got := -1
		for i := range daemons {
			if ok && d.Info.Argv[len(d.Info.Argv)-1] == daemons[i].Info.Argv[len(daemons[i].Info.Argv)-1] {
				got = i
			}
		}
		if got != tc.want {
			t.Errorf("%s %s (cwd %s, env %q): daemon %d, want %d", tc.goos, tc.remote, tc.cwd, tc.env, got, tc.want)
		}
	}
	win := []Proc{proc(`C:\go\bin\gopls.exe`, `C:\`, nil, "serve", "-listen=:37374")}
	if _, ok := daemonOf("windows", proc(`C:\go\bin\gopls.exe`, `C:\`, nil, "-remote=auto"), win); !ok {
		t.Error("windows: -remote=auto dials :37374")
	}
}
