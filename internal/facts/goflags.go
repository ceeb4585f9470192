package facts

import (
	"strings"

	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// GoflagsCmd is the command that has the go command parse GOFLAGS: `go list -m` applies every
// build flag in it and rejects what it does not accept, run in GOROOT (not a module, so the
// workspace cannot interfere). extraEnv (KEY=VALUE) is added to the environment, to try a GOFLAGS
// set somewhere else than the environment (an editor's go.toolsEnvVars).
func (f *Facts) GoflagsCmd(extraEnv ...string) host.Cmd {
	goBin, _ := f.GoBin()
	env := f.Host.Env().With(append([]string{"GOWORK=off", "GO111MODULE=on"}, extraEnv...)...).Environ()
	return host.Cmd{Path: goBin, Args: []string{"list", "-e", "-m", "-f", "{{.Path}}"}, Dir: f.GOROOT(), Env: env}
}

// VendorBreak is a workspace folder where GOFLAGS=-mod=vendor stops the go command before it
// loads anything: a module whose vendor/modules.txt is missing or out of step with go.mod
// ("go: inconsistent vendoring in DIR"), or a go.work without its vendor directory.
type VendorBreak struct {
	Folder string
	// Message is the go command's complaint, its first line.
	Message string
	Result  *host.Result
}

// VendorBreaks asks the go command, in each workspace folder that is in a module or a go.work,
// whether GOFLAGS=goflags (holding -mod=vendor) lets it load the workspace: `go list -m` checks
// vendor/modules.txt against go.mod (cmd/go/internal/modload's checkVendorConsistency) and loads
// no package, so it takes milliseconds. It returns the folders where the go command refuses
// because of vendoring; nil when goflags has no -mod=vendor or every folder vendors consistently.
// Other failures of go list -m are left to the workspace checks.
func (f *Facts) VendorBreaks(goflags string) []VendorBreak {
	if goenv.GoflagsModMode(goflags) != "vendor" {
		return nil
	}
	goBin, err := f.GoBin()
	if err != nil {
		return nil
	}
	var breaks []VendorBreak
	for _, folder := range f.WorkspaceFolders() {
		l := f.Layout(folder)
		if l.Missing || (l.GoMod == "" && l.GoWork == "") {
			continue
		}
		env := f.Host.Env().With("GOFLAGS=" + goflags).Environ()
		res := f.Run(host.Cmd{Path: goBin, Args: []string{"list", "-e", "-m", "-f", "{{.Path}}"}, Dir: folder, Env: env})
		if res.OK() || res.TimedOut {
			continue
		}
		out := res.Output()
		c, ok := gocmd.First(out, gocmd.InconsistentVendoring, gocmd.ModFlag, gocmd.VendorAll)
		if !ok && !strings.Contains(out, "vendor") {
			continue
		}
		msg := text.FirstLine(out)
		if ok && c.Kind == gocmd.InconsistentVendoring {
			msg = strings.TrimSpace(out)
			if i := strings.Index(msg, "\n\n"); i >= 0 {
				msg = msg[:i]
			}
		}
		breaks = append(breaks, VendorBreak{Folder: folder, Message: msg, Result: res})
	}
	return breaks
}
