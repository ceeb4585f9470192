package checks

import (
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// TestTargetOnOtherPlatforms judges GOOS/GOARCH and the work directory on machines this one
// cannot be: a Mac with Apple silicon told to build amd64 (runs under Rosetta: a warning), Windows
// with GOOS=linux in the go env file (a failure whose fix removes it), and Windows's TMP.
func TestTargetOnOtherPlatforms(t *testing.T) {
	t.Run("darwin arm64, GOARCH=amd64 in the go env file", func(t *testing.T) {
		h := darwinHost()
		h.AddFile("/Users/ana/Library/Application Support/go/env", []byte("GOARCH=amd64\n"), 0o644)
		fd := runChecks(t, h, "env.target")["env.target"]
		if fd.Status != finding.Warn || !strings.Contains(fd.Detail, "Rosetta") {
			t.Errorf("env.target = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
		}
		if fd.Fix == nil || len(fd.Fix.Actions) != 1 || fd.Fix.Actions[0].Kind != finding.GoEnvUnset || fd.Fix.Actions[0].Key != "GOARCH" {
			t.Errorf("fix = %+v, want go env -u GOARCH", fd.Fix)
		}
	})
	t.Run("windows, GOOS=linux and GOARCH=arm64 in the go env file", func(t *testing.T) {
		h := windowsHost("C:/Program Files/Go/bin")
		h.Environ = append(h.Environ, "AppData=C:/Users/ana/AppData/Roaming", "TMP=C:/Users/ana/AppData/Local/Temp")
		h.AddFile("C:/Users/ana/AppData/Roaming/go/env", []byte("GOOS=linux\nGOARCH=arm64\n"), 0o644)
		h.AddDir("C:/Users/ana/AppData/Local/Temp")
		got := runChecks(t, h, "env.target", "env.gotmpdir")
		fd := got["env.target"]
		if fd.Status != finding.Fail || !strings.Contains(fd.Title, "linux/arm64, not for this windows/amd64 machine") {
			t.Errorf("env.target = %s %q", fd.Status, fd.Title)
		}
		if fd.Fix == nil || len(fd.Fix.Actions) != 2 || !fd.Fix.Auto {
			t.Errorf("fix = %+v, want go env -u GOOS and GOARCH", fd.Fix)
		}
		if fd := got["env.gotmpdir"]; fd.Status != finding.OK || !strings.Contains(fd.Title, "Temp") {
			t.Errorf("env.gotmpdir = %s %q, want TMP", fd.Status, fd.Title)
		}
	})
	t.Run("linux, GOOS=linux in the environment", func(t *testing.T) {
		h := host.NewFake("linux", "amd64")
		h.Home = "/home/ana"
		h.Environ = []string{"PATH=/usr/local/go/bin", "HOME=/home/ana", "GOOS=linux", "GOAMD64=v3"}
		h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
		h.Commands = map[string]func(host.Cmd) *host.Result{"go": fakeGo(map[string]string{"GOROOT": "/usr/local/go", "GOOS": "linux", "GOARCH": "amd64"})}
		fd := runChecks(t, h, "env.target")["env.target"]
		if fd.Status != finding.Info || !strings.Contains(fd.Detail, "GOAMD64=v3 (from the environment) applies to amd64 builds") {
			t.Errorf("env.target = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
		}
	})
}

// TestGOAMD64AboveTheProcessor: GOAMD64=v4 set with go env -w on a processor that runs v3 (this
// machine's runs v4, so the fake stands in for an older one) fails, and the fix removes it;
// the same v3 is fine, and so is v4 where the processor runs it.
func TestGOAMD64AboveTheProcessor(t *testing.T) {
	run := func(level int, value string) finding.Finding {
		h := host.NewFake("linux", "amd64")
		h.Home = "/home/ana"
		h.AMD64LevelValue = level
		h.Environ = []string{"PATH=/usr/local/go/bin", "HOME=/home/ana"}
		h.AddFile("/home/ana/.config/go/env", []byte("GOAMD64="+value+"\n"), 0o644)
		h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
		h.Commands = map[string]func(host.Cmd) *host.Result{"go": fakeGo(map[string]string{"GOROOT": "/usr/local/go", "GOOS": "linux", "GOARCH": "amd64", "GOAMD64": value})}
		return runChecks(t, h, "env.target")["env.target"]
	}
	fd := run(3, "v4")
	if fd.Status != finding.Fail || !strings.Contains(fd.Title, "GOAMD64=v4 builds programs this processor cannot run (it runs up to v3)") ||
		!strings.Contains(fd.Detail, "with v4 microarchitecture support") {
		t.Errorf("v4 on a v3 processor: env.target = %s %q\n%s", fd.Status, fd.Title, fd.Detail)
	}
	if fd.Fix == nil || len(fd.Fix.Actions) != 1 || fd.Fix.Actions[0].Kind != finding.GoEnvUnset || fd.Fix.Actions[0].Key != "GOAMD64" {
		t.Errorf("fix = %+v, want go env -u GOAMD64", fd.Fix)
	}
	for _, c := range []struct {
		level int
		value string
	}{{3, "v3"}, {4, "v4"}, {0, "v4"}} {
		if fd := run(c.level, c.value); fd.Status == finding.Fail {
			t.Errorf("GOAMD64=%s on a processor of level %d (0: unknown): %s %q", c.value, c.level, fd.Status, fd.Title)
		}
	}
}

// TestWorkDirNoExec: /tmp mounted noexec (NoExecDirs stands in for the mount option) warns, and
// the fix makes and sets a GOTMPDIR in the home directory.
func TestWorkDirNoExec(t *testing.T) {
	h := host.NewFake("linux", "amd64")
	h.Home = "/home/ana"
	h.Environ = []string{"PATH=/usr/local/go/bin", "HOME=/home/ana"}
	h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
	h.AddDir("/tmp")
	h.AddDir("/home/ana")
	h.NoExecDirs = []string{"/tmp"}
	h.Commands = map[string]func(host.Cmd) *host.Result{"go": fakeGo(map[string]string{"GOROOT": "/usr/local/go"})}
	fd := runChecks(t, h, "env.gotmpdir")["env.gotmpdir"]
	if fd.Status != finding.Warn || !strings.Contains(fd.Title, "the temporary directory /tmp is on a file system mounted noexec") {
		t.Errorf("env.gotmpdir = %s %q", fd.Status, fd.Title)
	}
	if fd.Fix == nil || len(fd.Fix.Actions) != 2 || fd.Fix.Actions[0].Kind != finding.Mkdir || fd.Fix.Actions[1].Value != "/home/ana/.cache/go-tmp" {
		t.Errorf("fix = %+v, want mkdir and go env -w GOTMPDIR", fd.Fix)
	}
}

// TestARMLevelsAgainstTheProcessor: GOARM64 and GOARM set with go env -w, judged as the runtime
// checks them before main (this machine is amd64, so the fake stands in for the arm processors).
// A failure only where the runtime stops the program; an unknown processor says nothing.
func TestARMLevelsAgainstTheProcessor(t *testing.T) {
	run := func(goos, goarch, name, value string, cpu host.ARMFeatures) finding.Finding {
		h := host.NewFake(goos, goarch)
		h.Home = "/home/ana"
		h.ARMValue = cpu
		h.Environ = []string{"PATH=/usr/local/go/bin", "HOME=/home/ana"}
		h.AddFile("/home/ana/.config/go/env", []byte(name+"="+value+"\n"), 0o644)
		h.AddFile("/usr/local/go/bin/go", []byte("\x7fELF"), 0o755)
		h.Commands = map[string]func(host.Cmd) *host.Result{"go": fakeGo(map[string]string{"GOROOT": "/usr/local/go", "GOOS": goos, "GOARCH": goarch, name: value})}
		return runChecks(t, h, "env.target")["env.target"]
	}
	v80 := host.ARMFeatures{Read: true, CPUs: 4}
	v82 := host.ARMFeatures{Read: true, LSE: true, CPUs: 4}
	armv6 := host.ARMFeatures{Read: true, VFP: true, CPUs: 1}
	nofp := host.ARMFeatures{Read: true, CPUs: 1}
	armv7 := host.ARMFeatures{Read: true, VFP: true, VFPv3: true, CPUs: 4}
	tests := []struct {
		name                    string
		goos, goarch, vr, value string
		cpu                     host.ARMFeatures
		fail                    string // "" when env.target must not fail
	}{
		{"v9.0 on Armv8.0", "linux", "arm64", "GOARM64", "v9.0", v80, "This program can only run on ARM64 processors with LSE support."},
		{"v8.1 on Armv8.0", "linux", "arm64", "GOARM64", "v8.1", v80, "GOARM64=v8.1 builds programs this processor cannot run"},
		{"v8.0,lse on Armv8.0", "linux", "arm64", "GOARM64", "v8.0,lse", v80, "no LSE atomics"},
		{"v8.0,crypto on Armv8.0", "linux", "arm64", "GOARM64", "v8.0,crypto", v80, ""},
		{"v9.0 on Armv8.2: only LSE is checked", "linux", "arm64", "GOARM64", "v9.0", v82, ""},
		{"v9.0 on an unknown processor", "linux", "arm64", "GOARM64", "v9.0", host.ARMFeatures{}, ""},
		{"v9.0 on darwin: no such processor", "darwin", "arm64", "GOARM64", "v9.0", v80, ""},
		{"GOARM=7 on Armv6", "linux", "arm", "GOARM", "7", armv6, "runtime: this CPU has no VFPv3 floating point hardware"},
		{"GOARM=7,softfloat on Armv6", "linux", "arm", "GOARM", "7,softfloat", armv6, ""},
		{"GOARM=6 on Armv6", "linux", "arm", "GOARM", "6", armv6, ""},
		{"GOARM=6 without FP", "linux", "arm", "GOARM", "6", nofp, "runtime: this CPU has no floating point hardware"},
		{"GOARM=5 without FP (soft float)", "linux", "arm", "GOARM", "5", nofp, ""},
		{"GOARM=7 on Armv7", "linux", "arm", "GOARM", "7", armv7, ""},
		{"GOARM=6 on a multiprocessor NetBSD", "netbsd", "arm", "GOARM", "6", host.ARMFeatures{CPUs: 2}, "Recompile using GOARM=7."},
		{"GOARM=6 on a uniprocessor OpenBSD", "openbsd", "arm", "GOARM", "6", host.ARMFeatures{CPUs: 1}, ""},
		{"GOARM=8 (rejected by the go command)", "linux", "arm", "GOARM", "8", nofp, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := run(tt.goos, tt.goarch, tt.vr, tt.value, tt.cpu)
			if tt.fail == "" {
				if fd.Status == finding.Fail {
					t.Errorf("env.target = %s %q, want no failure", fd.Status, fd.Title)
				}
				return
			}
			if fd.Status != finding.Fail || !strings.Contains(fd.Title+"\n"+fd.Detail+"\n"+evidenceText(fd), tt.fail) {
				t.Errorf("env.target = %s %q\n%s\nwant fail with %q", fd.Status, fd.Title, fd.Detail, tt.fail)
			}
			if fd.Fix == nil || len(fd.Fix.Actions) != 1 || fd.Fix.Actions[0].Kind != finding.GoEnvUnset || fd.Fix.Actions[0].Key != tt.vr {
				t.Errorf("fix = %+v, want go env -u %s", fd.Fix, tt.vr)
			}
		})
	}
}
