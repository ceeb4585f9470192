// Package advice builds the fixes that checks of several layers, and the commands, share: how to undo a Go variable wherever it was set, how
// to put a directory on PATH in the user's shell, how to upgrade Go the way it was installed.
package advice

import (
	"cmp"
	"fmt"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/shellenv"
)

// Docs pages fixes link to.
const (
	DocsGoEnv      = "https://pkg.go.dev/cmd/go#hdr-Environment_variables"
	DocsModules    = "https://go.dev/ref/mod#environment-variables"
	DocsToolchain  = "https://go.dev/doc/toolchain"
	DocsInstall    = "https://go.dev/doc/install"
	DocsGopls      = "https://go.dev/gopls/"
	DocsVSCodeGo   = "https://github.com/golang/vscode-go/wiki/tools"
	DocsGOPATH     = "https://go.dev/wiki/GOPATH"
	DocsGoProxy    = "https://go.dev/ref/mod#goproxy-protocol"
	DocsPrivate    = "https://go.dev/ref/mod#private-modules"
	DocsCgo        = "https://pkg.go.dev/cmd/cgo"
	DocsReleasePol = "https://go.dev/doc/devel/release#policy"
)

// upstreamGoEnv are the values of the go.env file of Go's own release archives, which a
// distribution's go.env may change (Fedora's sets GOPROXY=direct, GOSUMDB=off and
// GOTOOLCHAIN=local). Overriding one of these with an empty value in the go env file is not the
// default: an empty GOPROXY stops every download ("GOPROXY list is not the empty string, but
// contains no entries").
var upstreamGoEnv = map[string]string{
	"GOPROXY":     "https://proxy.golang.org,direct",
	"GOSUMDB":     "sum.golang.org",
	"GOTOOLCHAIN": "auto",
}

// Unset is the fix that removes a Go variable from wherever it was set, so the go command falls
// back to the next layer (or the default): go env -u for the go env file; the start-up line that
// sets it for the environment (EnvUnset), saying whether a go env file value will show through;
// and, for the Go distribution's GOROOT/go.env, which the user does not edit, an override in the
// go env file with the value of Go's own go.env.
func Unset(f *facts.Facts, v goenv.Value, why string) *finding.Fix {
	switch v.Source {
	case goenv.FromUserFile:
		return &finding.Fix{
			Summary:  fmt.Sprintf("Remove %s from the go env file %s%s.", v.Name, v.File, why),
			Commands: []string{"go env -u " + v.Name},
			Docs:     DocsGoEnv,
			Auto:     true,
			Actions:  []finding.Action{{Kind: finding.GoEnvUnset, Key: v.Name}},
		}
	case goenv.FromGOROOTFile:
		value := upstreamGoEnv[v.Name]
		return &finding.Fix{
			Summary: fmt.Sprintf("%s comes from the Go distribution's %s, which your go env file overrides: set it there to %s%s.",
				v.Name, v.File, cmp.Or(value, "nothing (the go command's default)"), why),
			Commands: []string{"go env -w " + v.Name + "=" + shell.Quote(value)},
			Docs:     DocsGoEnv,
			Auto:     true,
			Actions:  []finding.Action{{Kind: finding.GoEnvSet, Key: v.Name, Value: value}},
		}
	case goenv.FromEnvironment:
		summary := fmt.Sprintf("Stop setting %s in your environment%s.", v.Name, why)
		if len(v.Shadowed) > 0 {
			s := v.Shadowed[0]
			summary += fmt.Sprintf(" %s also sets it to %q; remove it there too (go env -u %s) if that value is wrong.", s.Where(), s.Value, v.Name)
		}
		unset := EnvUnset(f, v.Name)
		unset.Summary = summary + " " + unset.Summary
		unset.Docs = DocsGoEnv
		return unset
	}
	return nil
}

// Set is the fix that sets a Go variable with `go env -w`, after removing an environment value
// that would override it.
func Set(f *facts.Facts, name, value, why string) *finding.Fix {
	v := f.Value(name)
	fix := &finding.Fix{
		Summary:  fmt.Sprintf("Set %s=%s%s.", name, value, why),
		Commands: []string{"go env -w " + name + "=" + shell.Quote(value)},
		Docs:     DocsGoEnv,
		Auto:     v.Source != goenv.FromEnvironment,
		Actions:  []finding.Action{{Kind: finding.GoEnvSet, Key: name, Value: value}},
	}
	if v.Source == goenv.FromEnvironment {
		unset := EnvUnset(f, name)
		fix.Summary += fmt.Sprintf(" %s is set in your environment, which overrides go env -w: remove it there first. %s", name, unset.Summary)
		fix.Commands = append(unset.Commands, fix.Commands...)
		fix.Actions = append(unset.Actions, fix.Actions...)
		fix.Auto = unset.Auto
	}
	return fix
}

// EnvUnset is the fix that stops the user's environment from setting the variable name: it
// removes the line of the user's start-up files that sets it (the shell's, and on Linux the
// desktop session's environment.d files), found by reading them. It is automatic when that line
// is found; when none of them sets it (a system file such as /etc/environment, or the program
// that started gomedic, does), the action names the shell's start-up file and waits for a
// confirmation, and the summary says where gomedic looked. On Windows, where a user's variables
// live in the registry, it is the commands that remove it there.
func EnvUnset(f *facts.Facts, name string) *finding.Fix {
	sh := f.Shell()
	if f.Host.OS() == "windows" {
		return &finding.Fix{Summary: "Remove it from your user environment variables (Settings > System > About > Advanced system settings > Environment Variables), or from the script that sets it.",
			Commands: sh.Unset(name)}
	}
	files := startupFiles(f)
	line := shellenv.FindAssignment(f.Host, files, name)
	if line.File == "" {
		return &finding.Fix{
			Summary: fmt.Sprintf("None of your start-up files sets %s (gomedic read %s): it comes from a system file "+
				"(/etc/environment, /etc/profile.d) or from the program that started this one; remove it there.", name, strings.Join(HomeTildeAll(f, files), ", ")),
			Commands: sh.Unset(name),
			Actions:  []finding.Action{{Kind: finding.EnvUnset, Key: name, File: sh.RCPath}},
		}
	}
	return &finding.Fix{
		Summary:  fmt.Sprintf("%s:%d sets it; fix removes that line.", HomeTilde(f, line.File), line.N),
		Commands: []string{fmt.Sprintf("# delete line %d of %s, which sets %s, then:", line.N, line.File, name), unsetNow(sh, name)},
		Auto:     true,
		Actions:  []finding.Action{{Kind: finding.EnvUnset, Key: name, File: line.File}},
	}
}

// unsetNow is the command that removes name from the current shell's environment.
func unsetNow(sh shell.Shell, name string) string {
	cmds := sh.Unset(name)
	return cmds[len(cmds)-1]
}

// startupFiles are the user's files that may set a variable for the editor: the start-up files of
// the shell (shellenv.Files's Searched), and on Linux the environment.d files the systemd user
// manager reads for the desktop session.
func startupFiles(f *facts.Facts) []string {
	files := shellenv.Files(f.Host, shellenv.Shell(f.Host.Env())).Searched
	return append(files, shellenv.EnvironmentDFiles(f.Host)...)
}

// HomeTilde writes p as ~/... when it is under the home directory, as a user reads it.
func HomeTilde(f *facts.Facts, p string) string {
	home := strings.TrimRight(f.Host.HomeDir(), "/")
	if rest, ok := strings.CutPrefix(p, home+"/"); ok && home != "" {
		return "~/" + rest
	}
	return p
}

// HomeTildeAll is HomeTilde of each path.
func HomeTildeAll(f *facts.Facts, ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = HomeTilde(f, p)
	}
	return out
}

// AddToPath is the fix that puts dir on PATH in the user's shell start-up file, for shells and an
// editor started from one (VS Code started from the desktop also reads it: it runs the login
// shell to resolve its environment). Programs started from the desktop get PATH from elsewhere:
// on Linux with systemd, from the user manager, which reads ~/.config/environment.d at login, so
// the fix writes dir there too; on macOS, from launchd, whose PATH for applications only
// `sudo launchctl config user path` sets (root, then a restart), so that one is a command for the
// user, never an action.
func AddToPath(f *facts.Facts, dir, why string) *finding.Fix {
	sh := f.Shell()
	fix := &finding.Fix{
		Summary:  fmt.Sprintf("Add %s to PATH in %s%s, then restart the editor from a new shell (or log out and in, for one started from the desktop).", dir, shellFile(sh.RC, sh.Name), why),
		Commands: sh.AddToPath(dir),
	}
	if sh.RCPath != "" {
		fix.Auto = true
		fix.Actions = []finding.Action{{Kind: finding.PathAdd, Path: dir, File: sh.RCPath}}
	}
	switch {
	case shellenv.EnvironmentD(f.Host) != "":
		conf := filepath.Join(shellenv.EnvironmentD(f.Host), EnvironmentDFile)
		fix.Summary += fmt.Sprintf(" For programs started from the desktop, fix also adds it in %s, which the systemd user manager reads at login (environment.d(5)).", HomeTilde(f, conf))
		fix.Commands = append(fix.Commands, fmt.Sprintf("mkdir -p %s && printf '%%s\\n' %s >> %s",
			shell.Quote(filepath.Dir(conf)), shell.Quote("PATH="+dir+":${PATH}"), shell.Quote(conf)))
		fix.Actions = append(fix.Actions, finding.Action{Kind: finding.PathAdd, Path: dir, File: conf})
	case f.Host.OS() == "darwin":
		fix.Summary += " VS Code reads that file when started from the Dock; for other applications started from the Dock or Finder, launchd's PATH must hold it too, which only an administrator can set (then restart the Mac)."
		fix.Commands = append(fix.Commands, "sudo launchctl config user path "+shell.Quote(dir+":"+shellenv.LaunchdPath))
	}
	return fix
}

// EnvironmentDFile is the file of the user's environment.d directory where fix puts PATH entries:
// the generator reads the files in lexical order, and a late name keeps what earlier files set
// (PATH=DIR:${PATH}).
const EnvironmentDFile = "90-gomedic.conf"

func shellFile(rc, name string) string {
	if rc == "" {
		return "your " + name + " settings"
	}
	return rc
}

// Where names a value and its source for a detail: `GO111MODULE=off (from the go env file ...)`.
func Where(v goenv.Value) string {
	return fmt.Sprintf("%s=%s (from %s)", v.Name, v.Value, v.Where())
}

// NoHome is the fix when the home directory variable (HOME; USERPROFILE on Windows) is not set:
// the go command derives GOPATH, GOCACHE, GOMODCACHE and its go env file from it, so a go env -w
// can neither save a value nor be the fix. The account's home directory comes from the user
// database when gomedic runs on the host it examines.
func NoHome(f *facts.Facts) *finding.Fix {
	name := "HOME"
	if f.Host.OS() == "windows" {
		name = "USERPROFILE"
	}
	fix := &finding.Fix{
		Summary: fmt.Sprintf("Set %s in the environment the editor (or the service, container or CI job) starts from: "+
			"the go command derives GOPATH, GOCACHE, GOMODCACHE and its go env file from it, and go env -w cannot "+
			"save anything without it.", name),
		Docs: DocsGoEnv,
	}
	if f.Host.OS() == runtime.GOOS {
		if u, err := user.Current(); err == nil && u.HomeDir != "" {
			fix.Summary += " Your account's home directory is " + u.HomeDir + "."
			if name == "HOME" {
				fix.Commands = []string{"export HOME=" + shell.Quote(u.HomeDir)}
			} else {
				fix.Commands = []string{"set USERPROFILE=" + u.HomeDir}
			}
		}
	}
	return fix
}

// CompilerInstall is the command that installs a C compiler on goos.
func CompilerInstall(goos string) []string {
	switch goos {
	case "darwin":
		return []string{"xcode-select --install"}
	case "windows":
		return []string{"winget install -e --id MSYS2.MSYS2   # then, in the MSYS2 shell: pacman -S mingw-w64-ucrt-x86_64-gcc"}
	}
	return []string{"sudo apt-get install -y gcc   # Debian/Ubuntu; Fedora: sudo dnf install gcc; Arch: sudo pacman -S gcc"}
}

// WindowsBlock is the way out of Windows refusing to run a program in dir (host.ExecBlock):
// Smart App Control has no per-file exception, an antivirus takes an exclusion, a group policy
// needs its administrator. reinstall is the command that builds the program again, or "".
func WindowsBlock(b host.ExecBlock, dir, reinstall string) *finding.Fix {
	switch b.By {
	case host.BlockedByAppControl:
		return &finding.Fix{Summary: "Smart App Control runs only programs that are signed or that Microsoft's reputation service knows, and programs the go command builds on this machine are neither; it has no per-file exception. " +
			"Turn it off (Windows Security > App & browser control > Smart App Control settings; turning it back on needs a reinstall of Windows). " +
			"Under an App Control for Business policy, ask your administrator to allow the programs in " + dir + ".",
			Docs: "https://support.microsoft.com/windows/smart-app-control-frequently-asked-questions-285ea03d-fa88-4d56-882e-6698afdb7003"}
	case host.BlockedByAntivirus:
		fix := &finding.Fix{Summary: fmt.Sprintf("Freshly built Go programs are a known source of false positives (Microsoft Defender lists what it blocked in Windows Security > Virus & threat protection > Protection history). "+
			"If it is one, exclude %s from scanning (PowerShell as administrator, for Microsoft Defender) and build it again.", dir),
			Commands: []string{"Add-MpPreference -ExclusionPath " + shell.QuotePowerShell(dir)}}
		if reinstall != "" {
			fix.Commands = append(fix.Commands, reinstall)
		}
		return fix
	}
	return &finding.Fix{Summary: fmt.Sprintf("Ask your administrator to allow the programs in %s, or build them into a directory the policy allows (GOBIN for tools, GOTMPDIR for go run and go test).", dir)}
}

// CompilerFix is the fix when cgo has no C compiler to run (cc.Path is ""): when CC is set and
// names nothing, removing it where it is set, if the go command's default compiler is on PATH
// (else pointing CC at one or installing it); otherwise installing a C compiler.
func CompilerFix(f *facts.Facts, cc facts.CCompiler) *finding.Fix {
	install := &finding.Fix{Summary: "Install a C compiler.", Docs: DocsCgo, Commands: CompilerInstall(f.Host.OS())}
	if !cc.UserSet() {
		return install
	}
	if cc.DefaultPath != "" {
		if fix := Unset(f, cc.CC, fmt.Sprintf(" so the go command runs its default C compiler, %s (%s)", cc.Default, cc.DefaultPath)); fix != nil {
			fix.Docs = DocsCgo
			return fix
		}
	}
	fix := Unset(f, cc.CC, "")
	if fix == nil {
		install.Summary = fmt.Sprintf("CC (from %s) names no compiler: point it at one that exists, or install %s.", cc.CC.Where(), cc.Name)
		return install
	}
	fix.Summary = fmt.Sprintf("%s names no compiler: point it at one that exists (go env -w CC=/path/to/gcc), or remove it and install %s: %s", cc.CC.Name, cc.Default, fix.Summary)
	fix.Commands = append(fix.Commands, install.Commands...)
	fix.Auto, fix.Actions = false, nil
	fix.Docs = DocsCgo
	return fix
}
