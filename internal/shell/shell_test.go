package shell

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// detect is Detect on goos with the home directory home and the environment environ.
func detect(goos, home string, environ ...string) Shell {
	return Detect(goos, home, func(name string) string {
		for _, kv := range environ {
			if k, v, _ := strings.Cut(kv, "="); k == name {
				return v
			}
		}
		return ""
	})
}

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		s         Shell
		shell, rc string
		rcPath    string
	}{
		{"zsh", detect("darwin", "/Users/ana", "SHELL=/bin/zsh"), "zsh", "~/.zshrc", "/Users/ana/.zshrc"},
		{"zsh with ZDOTDIR", detect("linux", "/home/ana", "SHELL=/usr/bin/zsh", "ZDOTDIR=/home/ana/.config/zsh"), "zsh", "/home/ana/.config/zsh/.zshrc", "/home/ana/.config/zsh/.zshrc"},
		{"zsh with ZDOTDIR ending in /", detect("linux", "/home/ana", "SHELL=/usr/bin/zsh", "ZDOTDIR=/z/"), "zsh", "/z/.zshrc", "/z/.zshrc"},
		{"zsh with an empty ZDOTDIR", detect("linux", "/home/ana", "SHELL=/usr/bin/zsh", "ZDOTDIR="), "zsh", "~/.zshrc", "/home/ana/.zshrc"},
		{"bash on linux", detect("linux", "/home/ana", "SHELL=/bin/bash"), "bash", "~/.bashrc", "/home/ana/.bashrc"},
		{"bash on macOS reads .bash_profile for login shells", detect("darwin", "/Users/ana", "SHELL=/opt/homebrew/bin/bash"), "bash", "~/.bash_profile", "/Users/ana/.bash_profile"},
		{"fish", detect("linux", "/home/ana", "SHELL=/usr/bin/fish"), "fish", "~/.config/fish/config.fish", "/home/ana/.config/fish/config.fish"},
		{"fish with XDG_CONFIG_HOME", detect("linux", "/home/ana", "SHELL=/usr/bin/fish", "XDG_CONFIG_HOME=/xdg"), "fish", "/xdg/fish/config.fish", "/xdg/fish/config.fish"},
		{"fish with a relative XDG_CONFIG_HOME", detect("linux", "/home/ana", "SHELL=/usr/bin/fish", "XDG_CONFIG_HOME=xdg"), "fish", "~/.config/fish/config.fish", "/home/ana/.config/fish/config.fish"},
		{"ksh is a POSIX shell", detect("linux", "/home/ana", "SHELL=/bin/ksh"), "sh", "~/.profile", "/home/ana/.profile"},
		{"dash", detect("linux", "/home/ana", "SHELL=/bin/dash"), "sh", "~/.profile", "/home/ana/.profile"},
		{"no SHELL", detect("linux", "/home/ana"), "sh", "~/.profile", "/home/ana/.profile"},
		{"no home", detect("linux", "", "SHELL=/bin/zsh"), "zsh", "~/.zshrc", "~/.zshrc"},
		{"windows: PowerShell", detect("windows", "C:/Users/ana", "PSModulePath=C:\\x", "SHELL=/bin/bash"), "powershell", "$PROFILE", ""},
		{"windows: PowerShell by default", detect("windows", "C:/Users/ana"), "powershell", "$PROFILE", ""},
		{"windows: cmd", detect("windows", "C:/Users/ana", "PROMPT=$P$G"), "cmd", "", ""},
		{"windows: PowerShell started from cmd", detect("windows", "C:/Users/ana", "PROMPT=$P$G", "PSModulePath=C:\\x"), "powershell", "$PROFILE", ""},
	}
	for _, tt := range tests {
		s := tt.s
		if s.Name != tt.shell || s.RC != tt.rc || filepath.ToSlash(s.RCPath) != tt.rcPath {
			t.Errorf("%s: Detect = %s, RC %q, RCPath %q; want %s, %q, %q", tt.name, s.Name, s.RC, s.RCPath, tt.shell, tt.rc, tt.rcPath)
		}
	}
}

func TestHomeRel(t *testing.T) {
	t.Parallel()
	tests := []struct{ home, p, want string }{
		{"/home/ana", "/home/ana/go/bin", "$HOME/go/bin"},
		{"/home/ana", "/home/ana", "$HOME"},
		{"/home/ana/", "/home/ana/go/bin", "$HOME/go/bin"},
		{"/home/ana", "/home/anabel/go/bin", "/home/anabel/go/bin"},
		{"/home/ana", "/usr/local/go/bin", "/usr/local/go/bin"},
		{"/home/ana", "relative/bin", "relative/bin"},
		{"", "/home/ana/go/bin", "/home/ana/go/bin"},
		{"/", "/usr/bin", "/usr/bin"},
	}
	for _, tt := range tests {
		if got := (Shell{Name: "sh", home: tt.home}).homeRel(tt.p); got != tt.want {
			t.Errorf("home %q: homeRel(%q) = %q, want %q", tt.home, tt.p, got, tt.want)
		}
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	zsh := detect("darwin", "/Users/ana", "SHELL=/bin/zsh")
	bash := detect("linux", "/home/ana", "SHELL=/bin/bash")
	zdot := detect("linux", "/home/ana", "SHELL=/bin/zsh", "ZDOTDIR=/home/ana/my zsh")
	fish := detect("linux", "/home/ana", "SHELL=/usr/bin/fish")
	ps := detect("windows", "C:/Users/ana")
	cmd := detect("windows", "C:/Users/ana", "PROMPT=$P$G")
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"zsh AddToPath under home", zsh.AddToPath("/Users/ana/go/bin"), []string{
			`echo 'export PATH="$HOME/go/bin:$PATH"' >> ~/.zshrc`, `export PATH="$HOME/go/bin:$PATH"`}},
		{"bash AddToPath outside home", bash.AddToPath("/usr/local/go/bin"), []string{
			`echo 'export PATH="/usr/local/go/bin:$PATH"' >> ~/.bashrc`, `export PATH="/usr/local/go/bin:$PATH"`}},
		{"AddToPath with spaces and quotes", bash.AddToPath(`/home/ana/it's "my" $dir`), []string{
			`printf '%s\n' 'export PATH="$HOME/it'\''s \"my\" \$dir:$PATH"' >> ~/.bashrc`, `export PATH="$HOME/it's \"my\" \$dir:$PATH"`}},
		{"AddToPath with a backslash uses printf", bash.AddToPath(`/opt/a\b`), []string{
			`printf '%s\n' 'export PATH="/opt/a\\b:$PATH"' >> ~/.bashrc`, `export PATH="/opt/a\\b:$PATH"`}},
		{"an rc file in a directory with a space", zdot.AddToPath("/opt/go/bin"), []string{
			`echo 'export PATH="/opt/go/bin:$PATH"' >> '/home/ana/my zsh/.zshrc'`, `export PATH="/opt/go/bin:$PATH"`}},
		{"fish AddToPath", fish.AddToPath("/home/ana/go/bin"), []string{"mkdir -p /home/ana/go/bin; and fish_add_path /home/ana/go/bin"}},
		{"fish AddToPath quoted", fish.AddToPath(`/opt/it's \ here`), []string{`mkdir -p '/opt/it\'s \\ here'; and fish_add_path '/opt/it\'s \\ here'`}},
		{"PowerShell AddToPath", ps.AddToPath(`C:\Users\ana\go\bin`), []string{
			`[Environment]::SetEnvironmentVariable("Path", 'C:\Users\ana\go\bin;' + [Environment]::GetEnvironmentVariable("Path", "User"), "User")`,
			`$env:Path = 'C:\Users\ana\go\bin;' + $env:Path`}},
		{"PowerShell AddToPath with $ and '", ps.AddToPath(`C:\Users\o'neil\$dir`), []string{
			`[Environment]::SetEnvironmentVariable("Path", 'C:\Users\o''neil\$dir;' + [Environment]::GetEnvironmentVariable("Path", "User"), "User")`,
			`$env:Path = 'C:\Users\o''neil\$dir;' + $env:Path`}},
		{"cmd AddToPath does not setx the merged PATH", cmd.AddToPath(`C:\Users\ana\go\bin`), []string{
			`powershell -NoProfile -Command "[Environment]::SetEnvironmentVariable('Path', 'C:\Users\ana\go\bin;' + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"`,
			`set "PATH=C:\Users\ana\go\bin;%PATH%"`}},

		{"zsh Set", zsh.Set("GOPATH", "/Users/ana/go"), []string{`echo 'export GOPATH=/Users/ana/go' >> ~/.zshrc`, `export GOPATH=/Users/ana/go`}},
		{"Set with quotes", bash.Set("GOFLAGS", `-tags=it's`), []string{`printf '%s\n' 'export GOFLAGS='\''-tags=it'\''\'\'''\''s'\''' >> ~/.bashrc`, `export GOFLAGS='-tags=it'\''s'`}},
		{"Set an empty value", bash.Set("GOFLAGS", ""), []string{`echo 'export GOFLAGS='\'''\''' >> ~/.bashrc`, `export GOFLAGS=''`}},
		{"fish Set", fish.Set("GOPATH", "/home/ana/my go"), []string{`set -Ux GOPATH '/home/ana/my go'`}},
		{"PowerShell Set", ps.Set("GOPROXY", "https://proxy.golang.org,direct"), []string{
			`[Environment]::SetEnvironmentVariable("GOPROXY", 'https://proxy.golang.org,direct', "User")`, `$env:GOPROXY = 'https://proxy.golang.org,direct'`}},
		{"PowerShell Set with $", ps.Set("GOFLAGS", "-ldflags=-X=main.v=$v"), []string{
			`[Environment]::SetEnvironmentVariable("GOFLAGS", '-ldflags=-X=main.v=$v', "User")`, `$env:GOFLAGS = '-ldflags=-X=main.v=$v'`}},
		{"cmd Set", cmd.Set("GOPATH", `C:\Users\ana\go`), []string{`setx GOPATH "C:\Users\ana\go"`}},
		{"cmd Set with a trailing backslash", cmd.Set("GOBIN", `C:\tools\`), []string{`setx GOBIN "C:\tools\\"`}},

		{"zsh Unset", zsh.Unset("GOROOT"), []string{"# delete the line that sets GOROOT in ~/.zshrc (or the file that exports it), then:", "unset GOROOT"}},
		{"fish Unset", fish.Unset("GOROOT"), []string{"set -e GOROOT", "set -Ue GOROOT"}},
		{"PowerShell Unset", ps.Unset("GOROOT"), []string{`[Environment]::SetEnvironmentVariable("GOROOT", $null, "User")`, `Remove-Item Env:GOROOT`}},
		{"cmd Unset", cmd.Unset("GOROOT"), []string{`reg delete HKCU\Environment /v GOROOT /f`, "set GOROOT="}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, tt.got, tt.want)
		}
	}
}

// sh runs script with /bin/sh -c in env and returns its standard output.
func sh(t *testing.T, env []string, script string) string {
	t.Helper()
	return run(t, "/bin/sh", env, script)
}

// run runs script with interp -c in env and returns its output.
func run(t *testing.T, interp string, env []string, script string) string {
	t.Helper()
	cmd := exec.Command(interp, "-c", script)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s -c %q: %v\n%s", interp, script, err, out)
	}
	return string(out)
}

// hardDirs are directory names that need care in a shell line.
var hardDirs = []string{
	"go/bin",
	"my go/bin",
	`it's`,
	`"quoted"`,
	"$HOME",
	"a`b`c",
	`back\slash`,
	`trailing\`,
	"semi;colon & amp | pipe > gt",
	"ünïcode",
	"*",
	"bang!{a,b}",
}

// TestPOSIXLinesRun runs the lines AddToPath and Set write through /bin/sh: appending to the rc
// file must add exactly the export line, and sourcing it must set the variable as intended.
func TestPOSIXLinesRun(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("runs /bin/sh: Unix only")
	}
	for _, shellName := range []string{"bash", "zsh", "sh", "dash"} {
		// The lines run in the shell they are written for when it is installed, else in sh.
		interp, err := exec.LookPath(shellName)
		if err != nil {
			interp = "/bin/sh"
		}
		sh := func(t *testing.T, env []string, script string) string { t.Helper(); return run(t, interp, env, script) }
		for i, name := range hardDirs {
			home := t.TempDir()
			env := []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
			s := detect(runtime.GOOS, home, "SHELL=/bin/"+shellName)
			for _, dir := range []string{filepath.Join(home, name), "/opt/" + name} {
				os.Remove(s.RCPath)
				cmds := s.AddToPath(dir)
				sh(t, env, cmds[0])
				data, err := os.ReadFile(s.RCPath)
				if err != nil || string(data) != cmds[1]+"\n" {
					t.Errorf("%s %q: %q wrote %q (%v), want the line %q", shellName, dir, cmds[0], data, err, cmds[1])
					continue
				}
				if got := sh(t, env, `. "`+s.RCPath+`"; printf %s "$PATH"`); got != dir+":/usr/bin:/bin" {
					t.Errorf("%s %q: after sourcing, PATH = %q", shellName, dir, got)
				}
				if got := sh(t, env, cmds[1]+`; printf %s "$PATH"`); got != dir+":/usr/bin:/bin" {
					t.Errorf("%s %q: after %s, PATH = %q", shellName, dir, cmds[1], got)
				}
			}
			value := "v " + name + " " + hardDirs[(i+1)%len(hardDirs)]
			os.Remove(s.RCPath)
			cmds := s.Set("GOMEDIC_TEST", value)
			sh(t, env, cmds[0])
			data, err := os.ReadFile(s.RCPath)
			if err != nil || string(data) != cmds[1]+"\n" {
				t.Errorf("%s Set(%q): %q wrote %q (%v)", shellName, value, cmds[0], data, err)
				continue
			}
			if got := sh(t, env, `. "`+s.RCPath+`"; printf %s "$GOMEDIC_TEST"`); got != value {
				t.Errorf("%s Set(%q): after sourcing, the value is %q", shellName, value, got)
			}
			unset := s.Unset("GOMEDIC_TEST")
			if got := sh(t, append(env, "GOMEDIC_TEST=x"), strings.Join(unset, "\n")+"\nprintf %s \"${GOMEDIC_TEST-unset}\""); got != "unset" {
				t.Errorf("%s Unset: %q", shellName, got)
			}
		}
	}
}

// TestRCInADirectoryWithSpaces checks the append command when ZDOTDIR has a space.
func TestRCInADirectoryWithSpaces(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("runs /bin/sh: Unix only")
	}
	home := t.TempDir()
	zdot := filepath.Join(home, "z dir's")
	if err := os.Mkdir(zdot, 0o755); err != nil {
		t.Fatal(err)
	}
	s := detect("linux", home, "SHELL=/bin/zsh", "ZDOTDIR="+zdot)
	cmds := s.AddToPath("/opt/go/bin")
	sh(t, []string{"HOME=" + home, "PATH=/usr/bin:/bin"}, cmds[0])
	if data, err := os.ReadFile(filepath.Join(zdot, ".zshrc")); err != nil || string(data) != cmds[1]+"\n" {
		t.Errorf("%q wrote %q, %v", cmds[0], data, err)
	}
}

// TestFishLinesRun runs the fish commands when fish is installed, each in a fresh home whose
// configuration and universal variables are its own.
func TestFishLinesRun(t *testing.T) {
	t.Parallel()
	fishBin, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("fish is not installed")
	}
	fish := func(home, script string) string {
		t.Helper()
		cmd := exec.Command(fishBin, "-c", script)
		cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"), "PATH=/usr/bin:/bin"}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("fish -c %q: %v\n%s", script, err, out)
		}
		return string(out)
	}
	for _, name := range hardDirs {
		home := t.TempDir()
		s := detect("linux", home, "SHELL="+fishBin)
		dir := filepath.Join(home, "not yet", name) // GOBIN before the first go install
		if got := fish(home, s.AddToPath(dir)[0]+"; printf %s $PATH[1]"); got != dir {
			t.Errorf("%s: PATH[1] = %q, want %q", s.AddToPath(dir)[0], got, dir)
		}
		if got := fish(home, "printf %s $PATH[1]"); got != dir {
			t.Errorf("%s does not last: a new fish has PATH[1] = %q", s.AddToPath(dir)[0], got)
		}
		value := "v " + name
		if got := fish(home, s.Set("GOMEDIC_TEST", value)[0]+"; printf %s $GOMEDIC_TEST"); got != value {
			t.Errorf("%s: %q", s.Set("GOMEDIC_TEST", value)[0], got)
		}
		if got := fish(home, strings.Join(s.Unset("GOMEDIC_TEST"), "; ")+"; set -q GOMEDIC_TEST; or printf unset"); got != "unset" {
			t.Errorf("%q: %q", s.Unset("GOMEDIC_TEST"), got)
		}
	}
}
