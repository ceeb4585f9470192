package facts

import "github.com/gomedic/gomedic/internal/host"

// GoflagsCmd is the command that has the go command parse GOFLAGS: `go list -m` applies every
// build flag in it and rejects what it does not accept, run in GOROOT (not a module, so the
// workspace cannot interfere). extraEnv (KEY=VALUE) is added to the environment, to try a GOFLAGS
// set somewhere else than the environment (an editor's go.toolsEnvVars).
func (f *Facts) GoflagsCmd(extraEnv ...string) host.Cmd {
	goBin, _ := f.GoBin()
	env := f.Host.Env().With(append([]string{"GOWORK=off", "GO111MODULE=on"}, extraEnv...)...).Environ()
	return host.Cmd{Path: goBin, Args: []string{"list", "-e", "-m", "-f", "{{.Path}}"}, Dir: f.GOROOT(), Env: env}
}
