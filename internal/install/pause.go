package install

import (
	"os"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// PauseVar and PauseFileVar make an install stop at a named point, for tests that kill it there
// on purpose: when the install reaches the point PauseVar names, it writes the point's name and
// a newline to the file PauseFileVar names, then waits until it is killed. The points are the
// Pause constants, at which the install is inside the phase they name, and the steps of the
// store's changes that toolstore.Store.Step reports ("commit:renamed", "activate:linked",
// "activate:renamed", ...). A user has no reason to set them.
const (
	PauseVar     = "GOMEDIC_TEST_PAUSE"
	PauseFileVar = "GOMEDIC_TEST_PAUSE_FILE"
)

// The points an install can be paused at, in the order it passes them.
const (
	// PauseResolving: the version is resolved (go list ran), nothing is built yet.
	PauseResolving = "resolving"
	// PauseBuilding: go install has written the binary into the store's build directory.
	PauseBuilding = "building"
	// PauseVerifying: the new binary passed its checks and has not been committed.
	PauseVerifying = "verifying"
	// PauseActivating: the version is committed to the store and not yet active.
	PauseActivating = "activating"
)

// Pauser returns the pause PauseVar asks for in env, or nil: for the other commands that stop at
// named points in the same way (gomedic fix: "fix:journaled", "fix:changed", "fix:step").
func Pauser(env *host.Env) func(point string) { return pauser(env) }

// pauser returns the pause PauseVar asks for in env, or nil.
func pauser(env *host.Env) func(point string) {
	at, file := env.Get(PauseVar), env.Get(PauseFileVar)
	if at == "" || file == "" {
		return nil
	}
	return func(point string) {
		if point != at {
			return
		}
		_ = os.WriteFile(file, []byte(point+"\n"), 0o644)
		for {
			time.Sleep(time.Hour) // until the test kills the process
		}
	}
}

// pauseAt pauses at point when a test asked for it.
func (in *Installer) pauseAt(point string) {
	if in.pause != nil {
		in.pause(point)
	}
}
