package host

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
)

// StartError is the error of a command that could not be started at all: its program was not
// found, is not executable here, or names a missing interpreter. Run puts it in Result.Err and
// Start returns it; errors.Is still sees what it wraps (ErrNotFound, ENOEXEC, ...).
type StartError struct {
	Err error
}

func (e *StartError) Error() string { return e.Err.Error() }

func (e *StartError) Unwrap() error { return e.Err }

// Leftover is a process a command started that was still running after the command itself had
// exited, and that gomedic then killed.
type Leftover struct {
	Pid  int
	Name string // the program's name as ps shows it; "" when it could not be read
}

// String is "sleep (pid 4242)", or "pid 4242" when the name is unknown.
func (l Leftover) String() string {
	if l.Name == "" {
		return fmt.Sprintf("pid %d", l.Pid)
	}
	return fmt.Sprintf("%s (pid %d)", l.Name, l.Pid)
}

// Leftovers names a command's leftovers for a sentence: "sleep (pid 1), sh (pid 2)", or "a
// process it started" when none could be named.
func Leftovers(ls []Leftover) string {
	if len(ls) == 0 {
		return "a process it started"
	}
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.String()
	}
	return strings.Join(names, ", ")
}

// family is the set of this process's children that a Real host started and has not waited
// for yet. The operating system keeps one set of children per process, so this is one per
// process too: a package variable that nothing swaps, so that a sweep for orphans re-parented
// to this process (AdoptOrphans) never takes a child another Real host of the same process is
// running as a command of its own.
var family = &children{live: map[int]bool{}}

type children struct {
	// starting is held for reading while a child is started and registered, and for writing
	// by a sweep, which therefore never sees a child that is started but not yet registered.
	starting sync.RWMutex
	mu       sync.Mutex
	live     map[int]bool
}

// start starts cmd and registers its process.
func (c *children) start(cmd *exec.Cmd) error {
	c.starting.RLock()
	defer c.starting.RUnlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	started(cmd)
	c.mu.Lock()
	c.live[cmd.Process.Pid] = true
	c.mu.Unlock()
	return nil
}

// done forgets a child once it has been waited for.
func (c *children) done(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	c.mu.Lock()
	delete(c.live, cmd.Process.Pid)
	c.mu.Unlock()
}
