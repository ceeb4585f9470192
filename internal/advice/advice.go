// Package advice builds the fixes that checks of several layers, and the commands, share: how to undo a Go variable wherever it was set, how
// to put a directory on PATH in the user's shell, how to upgrade Go the way it was installed.
package advice

import (
	"fmt"
	"os/user"
	"runtime"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/shell"
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

// Unset is the fix that removes a Go variable from wherever it was set, so the go command falls
// back to the next layer (or the default). For a value from the environment it also says whether
// a go env file value will show through.
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
		return &finding.Fix{
			Summary:  fmt.Sprintf("%s comes from the Go distribution's %s; override it in your go env file%s.", v.Name, v.File, why),
			Commands: []string{"go env -w " + v.Name + "="},
			Docs:     DocsGoEnv,
		}
	case goenv.FromEnvironment:
		sh := f.Shell()
		summary := fmt.Sprintf("Stop setting %s in your environment%s.", v.Name, why)
		if len(v.Shadowed) > 0 {
			s := v.Shadowed[0]
			summary += fmt.Sprintf(" %s also sets it to %q; remove it there too (go env -u %s) if that value is wrong.", s.Where(), s.Value, v.Name)
		}
		return &finding.Fix{
			Summary:  summary,
			Commands: sh.Unset(v.Name),
			Docs:     DocsGoEnv,
			Actions:  []finding.Action{{Kind: finding.EnvUnset, Key: v.Name, File: sh.RCPath}},
		}
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
		sh := f.Shell()
		fix.Summary += fmt.Sprintf(" %s is set in your environment, which overrides go env -w: remove it there first.", name)
		fix.Commands = append(sh.Unset(name), fix.Commands...)
		fix.Actions = append([]finding.Action{{Kind: finding.EnvUnset, Key: name, File: sh.RCPath}}, fix.Actions...)
	}
	return fix
}

// AddToPath is the fix that puts dir on PATH in the user's shell.
func AddToPath(f *facts.Facts, dir, why string) *finding.Fix {
	sh := f.Shell()
	return &finding.Fix{
		Summary:  fmt.Sprintf("Add %s to PATH in %s%s, then restart the editor from a new shell (or log out and in, for one started from the desktop).", dir, shellFile(sh.RC, sh.Name), why),
		Commands: sh.AddToPath(dir),
		Auto:     sh.RCPath != "",
		Actions:  []finding.Action{{Kind: finding.PathAdd, Path: dir, File: sh.RCPath}},
	}
}

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
