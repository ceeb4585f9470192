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
