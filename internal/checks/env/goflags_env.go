package env

import (
	"fmt"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
)

// goflagsOverride is the GOFLAGS a go env -w or -u runs with to get past a go env file's GOFLAGS
// that holds a flag of go env: the environment's value replaces the file's, and only a non-empty
// one does (an empty GOFLAGS= lets the file's through). -mod=mod is no flag of go env.
const goflagsOverride = "GOFLAGS=-mod=mod"

// goflagsEnvCmd judges a GOFLAGS entry that is a flag of go env itself (goenv.EnvCmdFlags): the go
// command applies it to go env as to every command that has it, so -w or -u makes every go env
// fail ("go: cannot use -json with -w"), -changed makes it leave out every value still at its
// default, and -json makes it print JSON where its callers read text.
func goflagsEnvCmd(f *facts.Facts, v goenv.Value, fl goenv.EnvCmdFlag, ev []finding.Evidence) finding.Finding {
	fd := finding.Finding{Status: finding.Fail, Evidence: ev, Fix: goflagsEnvFix(f, v, fl)}
	split := ""
	if fl.Prev != "" {
		split = fmt.Sprintf(" GOFLAGS splits its entries at spaces, so %q is two entries, %s and %s, and %s is a flag of go env. "+
			"A value with spaces must be quoted as a whole entry ('%s %s'), which the go command accepts; "+
			"%s %s%s does not work either: the last of two entries for one flag wins.",
			fl.Prev+" "+fl.Entry, fl.Prev, fl.Entry, fl.Entry, fl.Prev, fl.Entry,
			fl.Prev, flagName(fl.Prev), fl.Entry)
	}
	switch fl.Name {
	case "w", "u":
		fd.Title = fmt.Sprintf("GOFLAGS holds %s: every go env fails", fl.Entry)
		plain := "go env GOPATH fails with \"go: arguments must be KEY=VALUE\""
		if fl.Name == "u" {
			plain = "go env GOPATH runs as go env -u GOPATH and prints no value"
		}
		fd.Detail = fmt.Sprintf("%s. The go command applies each GOFLAGS entry to every command that has the flag, and go env has -%s: "+
			"every go env becomes go env -%s, so `go env -json ...` (which gopls and the Go extension run) fails with \"go: cannot use -json with -%s\", "+
			"and %s. gopls starts no workspace (\"no views\"). Builds ignore the entry.%s", advice.Where(v), fl.Name, fl.Name, fl.Name, plain, split)
	case "changed":
		fd.Title = fmt.Sprintf("GOFLAGS holds %s: go env leaves out every value at its default", fl.Entry)
		fd.Detail = fmt.Sprintf("%s. The go command applies it to go env, which then prints only the variables changed from their defaults: "+
			"`go env -json GOROOT GOPATH ...` (which gopls and the Go extension run) answers nothing for GOROOT, GOPATH, GOMODCACHE, ...%s", advice.Where(v), split)
	case "json":
		fd.Title = fmt.Sprintf("GOFLAGS holds %s: go list -f fails and go env, build and vet print JSON", fl.Entry)
		fd.Detail = fmt.Sprintf("%s. The go command applies it to every command that has -json: every `go list -f` (which gopls and the Go extension run) "+
			"fails with \"go list -f cannot be used with -json\", so gopls cannot load packages; go env, go build, go vet and go test print JSON where their callers read text. "+
			"Tool installs still work (go install takes -json and prints its build output as JSON).%s", advice.Where(v), split)
	}
	return fd
}

// flagName is "-ldflags=" of "-ldflags=-s".
func flagName(entry string) string {
	name, _, _ := strings.Cut(entry, "=")
	return name + "="
}

// goflagsEnvFix removes GOFLAGS, or, for a list flag's value split in two, writes it quoted. A
// go env file's value is changed with GOFLAGS set in the environment for that one go env: the
// file's -w or -json applies to go env -u and -w too ("go: cannot use -u with -w").
func goflagsEnvFix(f *facts.Facts, v goenv.Value, fl goenv.EnvCmdFlag) *finding.Fix {
	if v.Source != goenv.FromUserFile {
		fix := advice.Unset(f, v, "")
		if fix != nil && fl.Prev != "" {
			fix.Summary += fmt.Sprintf(" To keep the flags, set it with the value quoted: GOFLAGS=\"'%s %s'\".", fl.Prev, fl.Entry)
		}
		return fix
	}
	fix := &finding.Fix{Docs: advice.DocsGoEnv, Auto: true}
	note := "   # " + goflagsOverride + " keeps the file's GOFLAGS from applying to this go env"
	if f.Host.OS() == "windows" {
		note = ""
	}
	if fl.Prev != "" && len(goenv.EnvCmdFlags(v.Value)) == 1 {
		quoted := strings.Replace(v.Value, fl.Prev+" "+fl.Entry, "'"+fl.Prev+" "+fl.Entry+"'", 1)
		if quoted != v.Value {
			fix.Summary = fmt.Sprintf("Write GOFLAGS in the go env file %s with the value quoted as one entry, which is what %q meant.", v.File, fl.Prev+" "+fl.Entry)
			fix.Commands = []string{goflagsPrefix(f) + "go env -w " + assignment(f, "GOFLAGS", quoted) + note}
			fix.Actions = []finding.Action{{Kind: finding.GoEnvSet, Key: "GOFLAGS", Value: quoted}}
			return fix
		}
	}
	fix.Summary = fmt.Sprintf("Remove GOFLAGS from the go env file %s; go env -u alone fails or is changed by the very flag it removes, so run it with another GOFLAGS for that one command.", v.File)
	fix.Commands = []string{goflagsPrefix(f) + "go env -u GOFLAGS" + note}
	fix.Actions = []finding.Action{{Kind: finding.GoEnvUnset, Key: "GOFLAGS"}}
	return fix
}

// goflagsPrefix sets goflagsOverride for one command in the user's shell.
func goflagsPrefix(f *facts.Facts) string {
	if f.Host.OS() == "windows" {
		return "$env:GOFLAGS='-mod=mod'; "
	}
	return goflagsOverride + " "
}

// assignment is name=value as one word of the user's shell, in double quotes where they are
// plain (GOFLAGS="'-ldflags=-s -w'" reads better than the quoter's '\” escapes).
func assignment(f *facts.Facts, name, value string) string {
	if f.Host.OS() != "windows" && !strings.ContainsAny(value, "\"$`\\!") {
		return name + "=\"" + value + "\""
	}
	return f.Shell().Quote(name + "=" + value)
}
