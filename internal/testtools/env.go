package testtools

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// DefaultTimeoutScale is the factor (host.TimeoutScaleVar) tests stretch their time limits by
// when the environment does not set one: enough for a machine whose cores are shared with other
// builds, so that a slow machine makes a test slower, never red. CI sets its own.
const DefaultTimeoutScale = "4"

// TimeoutScale is the factor of host.TimeoutScaleVar in the test's environment, else
// DefaultTimeoutScale, as the value to give the programs a test runs.
func TimeoutScale() string {
	if s := os.Getenv(host.TimeoutScaleVar); s != "" {
		return s
	}
	return DefaultTimeoutScale
}

// Timeout is d stretched by TimeoutScale, for the time limits of Go tests: the budget a test
// gives something that must finish, never the moment a test expects a hang to be noticed by.
func Timeout(d time.Duration) time.Duration {
	return host.ScaleTimeout(host.NewEnv([]string{host.TimeoutScaleVar + "=" + TimeoutScale()}, false), d)
}

// machineGoVars are the variables of the test machine's Go environment that tests carry over to
// the go commands they run: where modules come from and where the caches are. Everything else of
// the machine's Go environment (its go env file, GOFLAGS, GOOS, GOEXPERIMENT, ...) is left out.
var machineGoVars = []string{"GOROOT", "GOMODCACHE", "GOCACHE", "GOPROXY", "GONOPROXY", "GOPRIVATE", "GOSUMDB", "GONOSUMDB", "GOINSECURE", "GOVCS"}

// buildVars are the variables that change what the go command builds or how it resolves
// modules: BuildEnv clears them.
var buildVars = []string{"GOFLAGS", "GOOS", "GOARCH", "GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM",
	"GOEXPERIMENT", "GODEBUG", "GOBIN", "GOWORK", "GOTOOLCHAIN", "GO111MODULE", "CGO_ENABLED", "CC", "CXX", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS",
	"GOCOVERDIR"}

var machine struct {
	once sync.Once
	vars map[string]string
	err  error
}

// MachineGoEnv is the test machine's Go environment as `go env` resolves it (go env file
// included), for the variables that say where modules come from and where the caches are:
// GOROOT, GOMODCACHE, GOCACHE, GOPROXY, GONOPROXY, GOPRIVATE, GOSUMDB, GONOSUMDB, GOINSECURE
// and GOVCS. Tests share the machine's caches so that they do not download and build again.
func MachineGoEnv() (map[string]string, error) {
	machine.once.Do(func() {
		out, err := exec.Command("go", append([]string{"env", "-json"}, machineGoVars...)...).Output()
		if err != nil {
			machine.err = fmt.Errorf("running go env: %w", err)
			return
		}
		machine.vars = map[string]string{}
		if err := json.Unmarshal(out, &machine.vars); err != nil {
			machine.err = fmt.Errorf("parsing go env: %w", err)
		}
	})
	return machine.vars, machine.err
}

// BuildEnv is the environment for a go command that makes something a test needs (a pinned
// tool, a program built with another Go release or for another platform): the test process's
// environment with GOENV=off and every variable that changes what is built cleared, the module
// and cache settings of MachineGoEnv carried over explicitly, GO111MODULE=on, GOWORK=off and
// GOTOOLCHAIN=local, then extra (later values win). The machine's own settings can then change
// where modules come from, never what gets built.
func BuildEnv(extra ...string) ([]string, error) {
	vars, err := MachineGoEnv()
	if err != nil {
		return nil, err
	}
	env := make([]string, 0, len(os.Environ())+len(vars)+len(extra)+4)
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !isGoVar(name) {
			env = append(env, kv)
		}
	}
	for _, name := range machineGoVars {
		if name != "GOROOT" && vars[name] != "" {
			env = append(env, name+"="+vars[name])
		}
	}
	env = append(env, "GOENV=off", "GO111MODULE=on", "GOWORK=off", "GOTOOLCHAIN=local")
	return append(env, extra...), nil
}

// isGoVar reports whether BuildEnv leaves the variable name of the test process out.
func isGoVar(name string) bool {
	for _, list := range [][]string{buildVars, machineGoVars, {"GOENV", "GOPATH"}} {
		for _, v := range list {
			if strings.EqualFold(v, name) {
				return true
			}
		}
	}
	return false
}
