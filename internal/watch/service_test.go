package watch

import (
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
)

// TestSystemdUnitVerifies has systemd check the unit, with an executable whose path needs
// quoting (a space, a percent sign): systemd-analyze verify fails on a command it cannot run
// and prints a warning for any line it does not understand.
func TestSystemdUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI without systemd-analyze (apt-get install systemd)")
		}
		t.Skip("no systemd-analyze here")
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "my tools 100%", "gomedic")
	if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(dir, ServiceName+".service")
	s := Service{Exe: exe, Args: []string{"watch", "--interval", "30s"}}
	if err := os.WriteFile(unit, []byte(s.SystemdUnit()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", unit).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s\n%s", err, out, s.SystemdUnit())
	}
}

// fakeService is a Service on a fake host whose home is a real temporary directory (the
// definitions are written for real) and whose service manager answers ok.
func fakeService(t *testing.T, goos string, answer func(host.Cmd) *host.Result) (Service, *host.Fake) {
	f := host.NewFake(goos, "amd64")
	f.Home = t.TempDir()
	f.Commands = map[string]func(host.Cmd) *host.Result{"systemctl": answer, "launchctl": answer}
	return Service{H: f, Exe: "/opt/gomedic/bin/gomedic", Args: []string{"watch", "--interval", "30s"}, UID: 501}, f
}

func okAnswer(host.Cmd) *host.Result { return &host.Result{} }

func TestLaunchdInstallTwiceAndUninstallTwice(t *testing.T) {
	s, f := fakeService(t, "darwin", okAnswer)
	library := filepath.Join(f.Home, "Library") // every Mac has it; LaunchAgents may be missing
	if err := os.Mkdir(library, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 2 {
		if _, err := s.Install(ctx); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(s.File())
	if err != nil {
		t.Fatal(err)
	}
	var plist struct {
		Dict struct {
			Keys    []string `xml:"key"`
			Strings []string `xml:"string"`
			Array   []string `xml:"array>string"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(data, &plist); err != nil {
		t.Fatalf("the plist does not parse: %v\n%s", err, data)
	}
	if plist.Dict.Strings[0] != "dev.gomedic.watch" || strings.Join(plist.Dict.Array, " ") != "/opt/gomedic/bin/gomedic watch --interval 30s" {
		t.Errorf("plist = %+v", plist.Dict)
	}
	var boot []string
	for _, c := range f.Ran() {
		if c.Args[0] == "bootstrap" {
			boot = append(boot, strings.Join(c.Args, " "))
		}
	}
	if len(boot) != 2 || boot[0] != "bootstrap gui/501 "+s.File() {
		t.Errorf("launchctl bootstrap runs: %q", boot)
	}
	for range 2 {
		if _, err := s.Uninstall(ctx); err != nil {
			t.Fatal(err)
		}
	}
	assertEmptyHome(t, library)
}

func TestSystemdWithoutUserManagerLeavesNothing(t *testing.T) {
	s, f := fakeService(t, "linux", func(c host.Cmd) *host.Result {
		return &host.Result{ExitCode: 1, Stderr: []byte("Failed to connect to bus: No medium found")}
	})
	_, err := s.Install(context.Background())
	if err == nil || !strings.Contains(err.Error(), "nothing was installed") {
		t.Fatalf("Install: %v", err)
	}
	assertEmptyHome(t, f.Home)
	st := s.Status(context.Background())
	if st.Installed || st.Running || !strings.Contains(st.Note, "no systemd user manager") {
		t.Errorf("Status = %+v", st)
	}
}

func TestSystemdInstallUninstall(t *testing.T) {
	s, f := fakeService(t, "linux", okAnswer)
	ctx := context.Background()
	if _, err := s.Install(ctx); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(f.Home, ".config", "systemd", "user", "gomedic-watch.service"); s.File() != want {
		t.Errorf("File = %s, want %s", s.File(), want)
	}
	if _, err := os.Stat(s.File()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := s.Uninstall(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(f.Home, ".config")); err != nil {
		t.Errorf("~/.config, which the install did not create alone, is gone: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.Home, ".config", "systemd")); err == nil {
		t.Error("~/.config/systemd is left behind")
	}
}

// assertEmptyHome fails when anything is left in dir.
func assertEmptyHome(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left behind in %s: %s", dir, e.Name())
	}
}
