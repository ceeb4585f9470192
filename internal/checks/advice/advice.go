// Package advice builds the fixes checks share: how to undo a Go variable wherever it was set, how
// to put a directory on PATH in the user's shell, how to upgrade Go the way it was installed.
package advice

import (
	"fmt"
	"os/user"
	"runtime"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/goenv"
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
func Unset(f *facts.Facts, v goenv.Value, why string) *doctor.Fix {
	switch v.Source {
	case goenv.FromUserFile:
		return &doctor.Fix{
			Summary:  fmt.Sprintf("Remove %s from the go env file %s%s.", v.Name, v.File, why),
			Commands: []string{"go env -u " + v.Name},
			Docs:     DocsGoEnv,
			Auto:     true,
			Actions:  []doctor.Action{{Kind: doctor.GoEnvUnset, Key: v.Name}},
		}
	case goenv.FromGOROOTFile:
		return &doctor.Fix{
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
		return &doctor.Fix{
			Summary:  summary,
			Commands: sh.Unset(v.Name),
			Docs:     DocsGoEnv,
			Actions:  []doctor.Action{{Kind: doctor.EnvUnset, Key: v.Name, File: sh.RCPath}},
		}
	}
	return nil
}

// Set is the fix that sets a Go variable with `go env -w`, after removing an environment value
// that would override it.
func Set(f *facts.Facts, name, value, why string) *doctor.Fix {
	v := f.Value(name)
	fix := &doctor.Fix{
		Summary:  fmt.Sprintf("Set %s=%s%s.", name, value, why),
		Commands: []string{"go env -w " + name + "=" + shellWord(value)},
		Docs:     DocsGoEnv,
		Auto:     v.Source != goenv.FromEnvironment,
		Actions:  []doctor.Action{{Kind: doctor.GoEnvSet, Key: name, Value: value}},
	}
	if v.Source == goenv.FromEnvironment {
		sh := f.Shell()
		fix.Summary += fmt.Sprintf(" %s is set in your environment, which overrides go env -w: remove it there first.", name)
		fix.Commands = append(sh.Unset(name), fix.Commands...)
		fix.Actions = append([]doctor.Action{{Kind: doctor.EnvUnset, Key: name, File: sh.RCPath}}, fix.Actions...)
	}
	return fix
}

// AddToPath is the fix that puts dir on PATH in the user's shell.
func AddToPath(f *facts.Facts, dir, why string) *doctor.Fix {
	sh := f.Shell()
	return &doctor.Fix{
		Summary:  fmt.Sprintf("Add %s to PATH in %s%s, then restart the editor from a new shell (or log out and in, for one started from the desktop).", dir, shellFile(sh.RC, sh.Name), why),
		Commands: sh.AddToPath(dir),
		Auto:     sh.RCPath != "",
		Actions:  []doctor.Action{{Kind: doctor.PathAdd, Path: dir, File: sh.RCPath}},
	}
}

func shellFile(rc, name string) string {
	if rc == "" {
		return "your " + name + " settings"
	}
	return rc
}

func shellWord(s string) string {
	if s == "" || strings.ContainsAny(s, " \t'\"$`\\|&;<>()*?[]#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// Where names a value and its source for a detail: `GO111MODULE=off (from the go env file ...)`.
func Where(v goenv.Value) string {
	return fmt.Sprintf("%s=%s (from %s)", v.Name, v.Value, v.Where())
}

// NoHome is the fix when the home directory variable (HOME; USERPROFILE on Windows) is not set:
// the go command derives GOPATH, GOCACHE, GOMODCACHE and its go env file from it, so a go env -w
// can neither save a value nor be the fix. The account's home directory comes from the user
// database when gomedic runs on the host it examines.
func NoHome(f *facts.Facts) *doctor.Fix {
	name := "HOME"
	if f.Host.OS() == "windows" {
		name = "USERPROFILE"
	}
	fix := &doctor.Fix{
		Summary: fmt.Sprintf("Set %s in the environment the editor (or the service, container or CI job) starts from: "+
			"the go command derives GOPATH, GOCACHE, GOMODCACHE and its go env file from it, and go env -w cannot "+
			"save anything without it.", name),
		Docs: DocsGoEnv,
	}
	if f.Host.OS() == runtime.GOOS {
		if u, err := user.Current(); err == nil && u.HomeDir != "" {
			fix.Summary += " Your account's home directory is " + u.HomeDir + "."
			if name == "HOME" {
				fix.Commands = []string{"export HOME=" + shellWord(u.HomeDir)}
			} else {
				fix.Commands = []string{"set USERPROFILE=" + u.HomeDir}
			}
		}
	}
	return fix
}
