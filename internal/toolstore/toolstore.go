// Package toolstore is gomedic's version store of tool binaries and the atomic activation of one
// version into GOBIN. It only works on the file system: building a tool is someone else's job.
//
// The layout under the store's home:
//
//	store/<tool>/<version>[~N]/<tool>[.exe]   one committed version: the binary...
//	store/<tool>/<version>[~N]/entry.json     ...and its metadata, written last
//	store/<tool>/.build-*/                    a build in progress (go install's GOBIN)
//	store/<tool>/.adopt-*/                    a binary being adopted from GOBIN
//	store/<tool>/history.json                 the tool's activations, oldest first (what rollback restores)
//	store/<tool>/.pruned-*/                   a version being pruned
//	store/<tool>/active.json                  Windows only: which entry was activated last
//	store/.removed-<tool>.*                   a tool's store being removed
//	pins.json                                 {"pins": {"<tool>": "<version>"}}
//	logs/<tool>-<UTC timestamp>.log           build logs, the newest 20 per tool
//	locks/<tool>.lock, locks/.pins.lock       lockedfile mutexes
//
// On Unix GOBIN/<tool> is a symbolic link to a committed binary, replaced by renaming a new link
// over it; what is active is read from the link, never from a state file. On Windows it is a copy,
// and the active entry is the one whose size and SHA-256 match the copy.
//
// Every method that changes a tool's store or its GOBIN entry expects the caller to hold
// [Store.Lock] for that tool; a process killed at any moment leaves GOBIN/<tool> whole (the old or
// the new version) and leaves only litter that [Store.Cleanup] recognises and removes.
package toolstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Store is gomedic's version store under Home: every installed version of every tool, each in a
// directory of its own, plus pins, logs and locks.
type Store struct {
	Home string // absolute

	real string // Home with symbolic links resolved, to recognise links written through either path

	// Step, when set, is called after each step of a change that a crash may interrupt, with the
	// step's name ("commit:renamed", "activate:linked", ...): tests crash or pause there.
	Step func(step string)
}

// ErrUnmanaged is wrapped by errors about a binary in GOBIN that gomedic did not install.
var ErrUnmanaged = errors.New("not installed by gomedic")

// ErrNoPrevious is wrapped by the error [Store.Rollback] returns when the store holds no version
// other than the active one.
var ErrNoPrevious = errors.New("no previous version")

// ErrNotInstalled is wrapped by the errors [Store.Rollback] and [Store.Remove] return when gomedic
// has nothing of the tool.
var ErrNotInstalled = errors.New("nothing installed")

// The directories under Home.
const (
	storeDir = "store"
	locksDir = "locks"
	logsDir  = "logs"
)

// Names of files and of temporary directories inside the store.
const (
	entryFile    = "entry.json"
	buildPrefix  = ".build-"
	adoptPrefix  = ".adopt-"
	tmpPrefix    = ".tmp-" // atomicfile's temporary files
	removePrefix = ".removed-"
)

// Open opens the store at home, creating its layout when needed. It fails when home cannot be
// used: a regular file in the way, or a directory where files cannot be created.
func Open(home string) (*Store, error) {
	if home == "" {
		return nil, errors.New("opening gomedic's home: no directory given (set GOMEDIC_HOME)")
	}
	abs, err := filepath.Abs(home)
	if err != nil {
		return nil, fmt.Errorf("opening gomedic's home %s: %w", home, err)
	}
	for _, d := range []string{storeDir, locksDir, logsDir} {
		if err := os.MkdirAll(filepath.Join(abs, d), 0o755); err != nil {
			return nil, fmt.Errorf("opening gomedic's home %s: %w", abs, err)
		}
	}
	probe, err := os.CreateTemp(filepath.Join(abs, locksDir), ".probe-*")
	if err != nil {
		return nil, fmt.Errorf("opening gomedic's home %s: %w", abs, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		real = abs
	}
	return &Store{Home: abs, real: real}, nil
}

// DefaultHome is where gomedic keeps its data on an OS goos, for the environment env and the
// user's home directory home: GOMEDIC_HOME when set; else on Windows %LocalAppData%\gomedic, on
// macOS ~/Library/Application Support/gomedic, and elsewhere $XDG_DATA_HOME/gomedic when
// XDG_DATA_HOME is absolute, else ~/.local/share/gomedic. It returns "" when none can be had.
func DefaultHome(env func(string) string, goos, home string) string {
	if h := env("GOMEDIC_HOME"); h != "" {
		return h
	}
	switch goos {
	case "windows":
		if d := env("LocalAppData"); d != "" {
			return joinFor(goos, d, "gomedic")
		}
		return joinFor(goos, home, "AppData", "Local", "gomedic")
	case "darwin", "ios":
		return joinFor(goos, home, "Library", "Application Support", "gomedic")
	}
	if d := env("XDG_DATA_HOME"); strings.HasPrefix(d, "/") {
		return joinFor(goos, d, "gomedic")
	}
	return joinFor(goos, home, ".local", "share", "gomedic")
}

// joinFor joins path elements with goos's separator; it returns "" when base is "".
func joinFor(goos, base string, elem ...string) string {
	if base == "" {
		return ""
	}
	sep := "/"
	if goos == "windows" {
		sep = `\`
	}
	return strings.TrimRight(base, sep) + sep + strings.Join(elem, sep)
}

// checkTool reports whether tool can name a binary and its store directory: letters, digits and
// ._+~- only, not starting with a dot or a dash.
func checkTool(tool string) error {
	ok := tool != "" && len(tool) <= 128 && tool[0] != '.' && tool[0] != '-'
	for _, r := range tool {
		if !ok {
			break
		}
		ok = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("._+~-", r)
	}
	if !ok {
		return fmt.Errorf("invalid tool name %q", tool)
	}
	return nil
}

// checkGobin reports whether gobin can be written to: it must be absolute, as the go command
// requires of GOBIN.
func checkGobin(gobin string) error {
	if !filepath.IsAbs(gobin) {
		return fmt.Errorf("GOBIN %q is not an absolute path", gobin)
	}
	return nil
}

// toolDir is the directory holding every version of tool.
func (s *Store) toolDir(tool string) string {
	return filepath.Join(s.Home, storeDir, tool)
}

// step marks the end of one step of a change, for the crash tests.
func (s *Store) step(name string) {
	if s.Step != nil {
		s.Step(name)
	}
}
