package host

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Writability is what is known of whether files can be created in a directory (Host.Writable).
type Writability struct {
	// Err says why files cannot be created there, or, when Unknown is set, why that could not be
	// decided; nil when they can.
	Err error
	// Unknown is set when it could not be decided without creating a file in the directory.
	Unknown bool
	// How says how it was decided, for evidence.
	How string
}

// OK reports whether files can be created in the directory.
func (w Writability) OK() bool { return w.Err == nil }

// howAccess is how the kernel's answer decided.
const howAccess = "the kernel's access check (access(2) with gomedic's effective user and groups); nothing was created there"

// probeIn creates a file in dir and removes it at once: whether the file system takes a write
// from this process, there.
func probeIn(dir string) error {
	if dir == "" {
		// os.CreateTemp would probe the temporary directory instead.
		return &fs.PathError{Op: "probe", Path: dir, Err: fs.ErrInvalid}
	}
	f, err := os.CreateTemp(dir, ".gomedic-probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// probeOwn decides for dir, on a file system of type fsType whose device is dev and for which the
// kernel's answer cannot be trusted, by creating and removing a file in the first of gomedic's
// own directories that is on the same file system (sameDevice): whether that file system takes
// this process's writes. Nothing is created in dir. With none of them there, it cannot decide.
func probeOwn(dir, fsType string, own []string, sameDevice func(string) bool) Writability {
	for _, o := range own {
		if o == "" || !filepath.IsAbs(o) || !sameDevice(existingAncestor(o)) {
			continue
		}
		how := fmt.Sprintf("a file created and removed in gomedic's own %s, on the same %s file system (the kernel cannot answer for a file system whose server decides who may write); nothing was created in %s", o, fsType, dir)
		if err := os.MkdirAll(o, 0o755); err != nil {
			return Writability{Err: fmt.Errorf("creating %s on the same %s file system: %w", o, fsType, err), How: how}
		}
		if err := probeIn(o); err != nil {
			return Writability{Err: fmt.Errorf("creating a file in %s on the same %s file system: %w", o, fsType, err), How: how}
		}
		return Writability{How: how}
	}
	return Writability{Unknown: true,
		Err: fmt.Errorf("%s is on a %s file system, where the server decides who may write and the kernel's answer cannot be trusted; gomedic creates nothing there to find out, and none of its own directories is on that file system", dir, fsType),
		How: "not decided: the kernel's access check cannot answer for this file system"}
}

// existingAncestor is dir or its nearest parent that exists.
func existingAncestor(dir string) string {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			return d
		}
	}
}
