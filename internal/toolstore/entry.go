package toolstore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/binfo"
)

// Entry is one committed version of a tool in the store.
type Entry struct {
	Tool   string // binary name ("gopls")
	Dir    string // its store directory
	Binary string // the executable inside Dir

	// Package, Module, Version and GoVersion come from the binary's build info at commit time;
	// an adopted binary without build info has Version "unknown" and the others empty.
	Package, Module, Version, GoVersion string

	Installed time.Time // when it entered the store
	Adopted   bool      // a binary gomedic did not build, moved into the store instead of being overwritten
	SHA256    string    // hex SHA-256 of Binary
	Size      int64     // size of Binary in bytes
}

// unknownVersion is the version of an adopted binary without build info.
const unknownVersion = "unknown"

// meta is an entry as entry.json holds it; paths are derived from where it is found.
type meta struct {
	Tool      string    `json:"tool"`
	Binary    string    `json:"binary"` // file name inside the entry's directory
	Package   string    `json:"package,omitempty"`
	Module    string    `json:"module,omitempty"`
	Version   string    `json:"version"`
	GoVersion string    `json:"go_version,omitempty"`
	Installed time.Time `json:"installed"`
	Adopted   bool      `json:"adopted,omitempty"`
	SHA256    string    `json:"sha256"`
	Size      int64     `json:"size"`
}

// NewBuildDir creates a fresh empty directory in tool's store for `go install` to put the binary
// in (GOBIN pointed at it). [Store.Commit] moves it into the store; [Store.Cleanup] removes it when
// the run that made it died.
func (s *Store) NewBuildDir(tool string) (string, error) {
	if err := checkTool(tool); err != nil {
		return "", fmt.Errorf("creating a build directory: %w", err)
	}
	if err := os.MkdirAll(s.toolDir(tool), 0o755); err != nil {
		return "", fmt.Errorf("creating a build directory for %s: %w", tool, err)
	}
	dir, err := os.MkdirTemp(s.toolDir(tool), buildPrefix+"*")
	if err != nil {
		return "", fmt.Errorf("creating a build directory for %s: %w", tool, err)
	}
	return dir, nil
}

// Commit moves buildDir, made by [Store.NewBuildDir] and holding the built binary, into the store
// under a name made from the binary's version (a second build of a version gets a directory of its
// own), then writes the entry's metadata: a directory without metadata is a half-committed one that
// [Store.Cleanup] removes. The caller holds the tool's lock.
func (s *Store) Commit(tool, buildDir string) (*Entry, error) {
	e, err := s.commit(tool, buildDir)
	if err != nil {
		return nil, fmt.Errorf("committing %s: %w", tool, err)
	}
	return e, nil
}

func (s *Store) commit(tool, buildDir string) (*Entry, error) {
	if err := checkTool(tool); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(buildDir)
	if err != nil {
		return nil, err
	}
	if filepath.Dir(abs) != s.toolDir(tool) || !strings.HasPrefix(filepath.Base(abs), buildPrefix) {
		return nil, fmt.Errorf("%s is not a build directory of %s's store (made by NewBuildDir)", buildDir, tool)
	}
	bin := filepath.Join(abs, tool+exeSuffix)
	if fi, err := os.Lstat(bin); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("the build left no program %s in %s", tool+exeSuffix, buildDir)
	}
	info, err := binfo.Read(bin)
	if err != nil {
		return nil, err
	}
	sum, size, err := hashFile(bin, true)
	if err != nil {
		return nil, err
	}
	m := describe(tool, info, sum, size)
	return s.commitDir(tool, abs, m)
}

// describe is the metadata of tool's binary from its build info (nil when unreadable).
func describe(tool string, info *binfo.Info, sum string, size int64) meta {
	m := meta{Tool: tool, Binary: tool + exeSuffix, Version: unknownVersion, SHA256: sum, Size: size}
	if info != nil && info.GoVersion != "" {
		m.Package, m.Module, m.GoVersion = info.MainPath, info.Module, info.GoVersion
		if info.Version != "" {
			m.Version = info.Version
		}
	}
	return m
}

// commitDir renames dir into tool's store under a name made from m.Version, then writes m there.
func (s *Store) commitDir(tool, dir string, m meta) (*Entry, error) {
	if err := protect(filepath.Join(dir, m.Binary)); err != nil {
		return nil, err
	}
	base := dirName(m.Version)
	var final string
	for n := 1; ; n++ {
		final = filepath.Join(s.toolDir(tool), base)
		if n > 1 {
			final += fmt.Sprintf("~%d", n)
		}
		err := os.Rename(dir, final)
		if err == nil {
			break
		}
		if _, serr := os.Lstat(final); serr != nil || n >= 1000 {
			return nil, fmt.Errorf("moving %s into the store: %w", dir, err)
		}
	}
	syncDir(s.toolDir(tool))
	s.step("commit:renamed")
	m.Installed = time.Now().Round(0)
	data, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteFile(filepath.Join(final, entryFile), append(data, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("writing the store entry: %w", err)
	}
	s.step("commit:written")
	return s.loadEntry(tool, final)
}

// dirName makes a directory name from a version: characters other than letters, digits and .+-
// become '_', and the result never starts with a dot, never holds '~' (the separator of the
// suffix that keeps a second build of a version apart) and is no reserved name.
func dirName(version string) string {
	name := []byte(version)
	for i, c := range name {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '+' || c == '-') {
			name[i] = '_'
		}
	}
	out := strings.Trim(string(name), "_.")
	if len(out) > 64 {
		out = out[:64]
	}
	if out == "" {
		return unknownVersion
	}
	dev, _, _ := strings.Cut(strings.ToLower(out), ".")
	switch dev {
	case "con", "prn", "aux", "nul", "active", "entry",
		"com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
		"lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9":
		return "_" + out
	}
	return out
}

// loadEntry reads the entry in dir, one of tool's store directories. A directory without
// metadata gives an error wrapping fs.ErrNotExist.
func (s *Store) loadEntry(tool, dir string) (*Entry, error) {
	name := filepath.Join(dir, entryFile)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading the store entry: %w", err)
	}
	var m meta
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading the store entry %s: %v (remove %s)", name, err, dir)
	}
	if m.Tool != tool || m.Binary != tool+exeSuffix {
		return nil, fmt.Errorf("reading the store entry %s: it describes %q, not %s (remove %s)", name, m.Binary, tool, dir)
	}
	return &Entry{
		Tool: m.Tool, Dir: dir, Binary: filepath.Join(dir, m.Binary),
		Package: m.Package, Module: m.Module, Version: m.Version, GoVersion: m.GoVersion,
		Installed: m.Installed, Adopted: m.Adopted, SHA256: m.SHA256, Size: m.Size,
	}, nil
}

// Entries returns every committed version of tool, most recently installed first; none when the
// tool has no store.
func (s *Store) Entries(tool string) ([]*Entry, error) {
	if err := checkTool(tool); err != nil {
		return nil, fmt.Errorf("listing the store: %w", err)
	}
	dirs, err := os.ReadDir(s.toolDir(tool))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing the store of %s: %w", tool, err)
	}
	var entries []*Entry
	for _, d := range dirs {
		if !d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		e, err := s.loadEntry(tool, filepath.Join(s.toolDir(tool), d.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			continue // half-committed: Cleanup removes it
		}
		if err != nil {
			return nil, fmt.Errorf("listing the store of %s: %w", tool, err)
		}
		entries = append(entries, e)
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if !a.Installed.Equal(b.Installed) {
			return a.Installed.After(b.Installed)
		}
		return a.Dir > b.Dir
	})
	return entries, nil
}

// hasEntries reports whether tool's store holds at least one committed version, without
// reading the metadata.
func (s *Store) hasEntries(tool string) bool {
	dirs, _ := os.ReadDir(s.toolDir(tool))
	for _, d := range dirs {
		if d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
			if _, err := os.Lstat(filepath.Join(s.toolDir(tool), d.Name(), entryFile)); err == nil {
				return true
			}
		}
	}
	return false
}

// Tools returns the tools whose store holds at least one committed version, sorted by name.
func (s *Store) Tools() ([]string, error) {
	dirs, err := os.ReadDir(filepath.Join(s.Home, storeDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("listing the store: %w", err)
	}
	var tools []string
	for _, d := range dirs {
		if d.IsDir() && checkTool(d.Name()) == nil && s.hasEntries(d.Name()) {
			tools = append(tools, d.Name())
		}
	}
	return tools, nil
}

// Verify reports whether e's binary is still what was committed, the same size and SHA-256. A
// program that writes GOBIN/<tool> in place instead of replacing it writes through the link into
// the store; store binaries are read-only to stop that, but root is not stopped.
func (e *Entry) Verify() error {
	sum, size, err := hashFile(e.Binary, false)
	if err != nil {
		return fmt.Errorf("verifying %s %s: %w", e.Tool, e.Version, err)
	}
	if sum != e.SHA256 || size != e.Size {
		return fmt.Errorf("verifying %s %s: %s changed after gomedic installed it (%d bytes, SHA-256 %.12s; was %d bytes, %.12s)",
			e.Tool, e.Version, e.Binary, size, sum, e.Size, e.SHA256)
	}
	return nil
}

// hashFile returns the hex SHA-256 and the size of the regular file at path (following links);
// with sync it also flushes the file to disk, best effort.
func hashFile(path string, sync bool) (string, int64, error) {
	f, err := openRegular(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("reading %s: %w", path, err)
	}
	if sync {
		_ = f.Sync() // a read-only descriptor flushes on Unix; elsewhere it may not, which is fine
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// openRegular opens path for reading when it is (or links to) a regular file, so that a FIFO
// put in the way never blocks the open.
func openRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// copyFile copies the regular file src (following links) to the new file dst with src's
// permissions, flushes it to disk, and returns the copy's hex SHA-256 and size.
func copyFile(src, dst string) (string, int64, error) {
	in, err := openRegular(src)
	if err != nil {
		return "", 0, err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return "", 0, err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Chmod(fi.Mode().Perm()) // after the copy, so a read-only source still copies
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return "", 0, fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
