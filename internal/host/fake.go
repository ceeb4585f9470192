package host

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// Fake is a Host made of data, for unit tests of what cannot exist on the test machine: a macOS
// host under Rosetta, a Windows PATHEXT, an Xcode without command line tools. Paths use forward
// slashes on every OS ("C:/Program Files/Go/bin/go.exe" for a Windows host); on a Windows fake,
// as on Windows, file names compare without regard to case and keep the spelling first given.
type Fake struct {
	GOOS, GOARCH string
	IsTranslated bool
	Home         string
	Environ      []string
	// Commands answers Run: the key is the program's base name ("go", "sysctl", "xcode-select");
	// a program with no entry fails to start with ErrNotFound.
	Commands map[string]func(Cmd) *Result
	// Programs answers Start: the key is the program's base name, the value the program itself,
	// run in a goroutine with the process's standard streams until it returns its exit code. Its
	// context ends when the process is killed or its timeout passes, and it must then return. A
	// program with no entry fails to start with ErrNotFound.
	Programs map[string]Program
	// Undecided are directories whose writability cannot be decided (on a network file system,
	// with none of gomedic's own directories on it).
	Undecided []string
	// NoExecDirs are directories on a file system mounted noexec (NoExec).
	NoExecDirs []string
	// AMD64LevelValue is the highest GOAMD64 level the fake processor runs (0: unknown).
	AMD64LevelValue int
	// ARMValue is what the fake arm or arm64 processor has (the zero value: unknown).
	ARMValue ARMFeatures

	mu      sync.Mutex
	files   map[string]*fakeFile
	env     *Env
	ran     []Cmd
	pids    int
	signals []os.Signal
}

type fakeFile struct {
	name   string // the cleaned path as first added
	data   []byte
	mode   fs.FileMode
	target string // symlink target
}

// NewFake returns an empty fake host for goos/goarch.
func NewFake(goos, goarch string) *Fake {
	return &Fake{GOOS: goos, GOARCH: goarch, files: map[string]*fakeFile{"/": {name: "/", mode: fs.ModeDir | 0o755}}}
}

// key is how the fake's file map names a cleaned path: folded to lower case on Windows.
func (f *Fake) key(name string) string {
	if f.GOOS == "windows" {
		return strings.ToLower(name)
	}
	return name
}

// put stores file at name, keeping the spelling of an entry it replaces.
func (f *Fake) put(name string, file *fakeFile) {
	file.name = name
	if old, ok := f.files[f.key(name)]; ok {
		file.name = old.name
	}
	f.files[f.key(name)] = file
}

func clean(name string) string { return path.Clean(strings.ReplaceAll(name, `\`, "/")) }

// AddFile adds a regular file with the given content and permissions, creating its parents.
func (f *Fake) AddFile(name string, data []byte, perm fs.FileMode) *Fake {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	f.mkdirAll(path.Dir(name))
	f.put(name, &fakeFile{data: data, mode: perm})
	return f
}

// AddDir adds a directory and its parents.
func (f *Fake) AddDir(name string) *Fake {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mkdirAll(clean(name))
	return f
}

// AddSymlink adds a symbolic link at name pointing to target.
func (f *Fake) AddSymlink(name, target string) *Fake {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = clean(name)
	f.mkdirAll(path.Dir(name))
	f.put(name, &fakeFile{mode: fs.ModeSymlink | 0o777, target: target})
	return f
}

func (f *Fake) mkdirAll(dir string) {
	// A drive ("C:") or a relative path ends at "."; an absolute Unix path at "/".
	for d := dir; d != "."; d = path.Dir(d) {
		if _, ok := f.files[f.key(d)]; !ok {
			f.put(d, &fakeFile{mode: fs.ModeDir | 0o755})
		}
		if path.Dir(d) == d {
			return
		}
	}
}

// fakeAbs reports whether a cleaned fake path is absolute: "/x", or a drive path "D:/x".
func fakeAbs(p string) bool {
	return strings.HasPrefix(p, "/") || len(p) >= 2 && isDriveLetter(p[0]) && p[1] == ':'
}

// Ran returns the commands run so far.
func (f *Fake) Ran() []Cmd {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Cmd(nil), f.ran...)
}

// OS implements Host.
func (f *Fake) OS() string { return f.GOOS }

// Arch implements Host.
func (f *Fake) Arch() string { return f.GOARCH }

// Translated implements Host.
func (f *Fake) Translated() bool { return f.IsTranslated }

// Env implements Host.
func (f *Fake) Env() *Env {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.env == nil {
		f.env = NewEnv(f.Environ, f.GOOS == "windows")
	}
	return f.env
}

// HomeDir implements Host.
func (f *Fake) HomeDir() string { return f.Home }

// resolve follows symlinks in every element of name.
func (f *Fake) resolve(name string, followLast bool) (string, *fakeFile, error) {
	name = clean(name)
	for hops := 0; hops < 40; hops++ {
		resolved, file, again, err := f.walk(name, followLast)
		if err != nil || !again {
			return resolved, file, err
		}
		name = resolved
	}
	return "", nil, &fs.PathError{Op: "stat", Path: name, Err: errors.New("too many levels of symbolic links")}
}

// walk resolves name one symlink at a time; again reports that a link was replaced and the walk
// must restart.
func (f *Fake) walk(name string, followLast bool) (string, *fakeFile, bool, error) {
	parts := strings.Split(strings.TrimPrefix(name, "/"), "/")
	cur := "/"
	if !strings.HasPrefix(name, "/") {
		cur = "" // a drive path ("C:/x") or a relative one
	}
	for i, p := range parts {
		next := path.Join(cur, p)
		if cur == "" {
			next = p
		}
		file, ok := f.files[f.key(next)]
		if !ok {
			return "", nil, false, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
		}
		next = file.name
		last := i == len(parts)-1
		if file.mode&fs.ModeSymlink != 0 && (!last || followLast) {
			target := clean(file.target)
			if !fakeAbs(target) {
				target = path.Join(path.Dir(next), target)
			}
			rest := strings.Join(parts[i+1:], "/")
			return path.Join(target, rest), nil, true, nil
		}
		if !last && !file.mode.IsDir() {
			return "", nil, false, &fs.PathError{Op: "stat", Path: name, Err: errors.New("not a directory")}
		}
		cur = next
		if last {
			return next, file, false, nil
		}
	}
	return cur, f.files[f.key(cur)], false, nil
}

type fakeInfo struct {
	name string
	f    *fakeFile
}

func (i fakeInfo) Name() string       { return i.name }
func (i fakeInfo) Size() int64        { return int64(len(i.f.data)) }
func (i fakeInfo) Mode() fs.FileMode  { return i.f.mode }
func (i fakeInfo) ModTime() time.Time { return time.Time{} }
func (i fakeInfo) IsDir() bool        { return i.f.mode.IsDir() }
func (i fakeInfo) Sys() any           { return nil }

// Stat implements Host.
func (f *Fake) Stat(name string) (fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, file, err := f.resolve(name, true)
	if err != nil {
		return nil, err
	}
	return fakeInfo{path.Base(clean(name)), file}, nil
}

// Lstat implements Host.
func (f *Fake) Lstat(name string) (fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, file, err := f.resolve(name, false)
	if err != nil {
		return nil, err
	}
	return fakeInfo{path.Base(clean(name)), file}, nil
}

// ReadDir implements Host.
func (f *Fake) ReadDir(name string) ([]fs.DirEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	dir, file, err := f.resolve(name, true)
	if err != nil {
		return nil, err
	}
	if !file.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	var out []fs.DirEntry
	kd := f.key(dir)
	for k, ff := range f.files {
		if k != kd && path.Dir(k) == kd {
			out = append(out, fs.FileInfoToDirEntry(fakeInfo{path.Base(ff.name), ff}))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Readlink implements Host.
func (f *Fake) Readlink(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, file, err := f.resolve(name, false)
	if err != nil {
		return "", err
	}
	if file.mode&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: errors.New("invalid argument")}
	}
	return file.target, nil
}

// EvalSymlinks implements Host.
func (f *Fake) EvalSymlinks(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, _, err := f.resolve(name, true)
	return p, err
}

// ReadFile implements Host.
func (f *Fake) ReadFile(name string, limit int64) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, file, err := f.resolve(name, true)
	if err != nil {
		return nil, err
	}
	if !file.mode.IsRegular() {
		return nil, fmt.Errorf("reading %s: not a regular file", name)
	}
	if int64(len(file.data)) > limit {
		return nil, fmt.Errorf("reading %s: %w", name, ErrTooLarge)
	}
	return append([]byte(nil), file.data...), nil
}

// Open implements Host.
func (f *Fake) Open(name string) (File, error) {
	data, err := f.ReadFile(name, 1<<40)
	if err != nil {
		return nil, err
	}
	return fakeOpen{bytes.NewReader(data)}, nil
}

type fakeOpen struct{ *bytes.Reader }

func (fakeOpen) Close() error { return nil }

// Writable implements Host: a directory is writable unless its mode has no write bit, and
// undecided when it is one of Undecided.
func (f *Fake) Writable(dir string, _ []string) Writability {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, file, err := f.resolve(dir, true)
	if err != nil {
		return Writability{Err: err}
	}
	if !file.mode.IsDir() {
		return Writability{Err: &fs.PathError{Op: "access", Path: dir, Err: errors.New("not a directory")}}
	}
	for _, u := range f.Undecided {
		if f.key(clean(u)) == f.key(clean(dir)) {
			return Writability{Unknown: true, Err: fmt.Errorf("%s is on a network file system", dir), How: "not decided"}
		}
	}
	if file.mode.Perm()&0o200 == 0 {
		return Writability{Err: &fs.PathError{Op: "access", Path: dir, Err: fs.ErrPermission}, How: "the fake's mode bits"}
	}
	return Writability{How: "the fake's mode bits"}
}

// Run implements Host.
func (f *Fake) Run(_ context.Context, c Cmd) *Result {
	f.mu.Lock()
	f.ran = append(f.ran, c)
	f.mu.Unlock()
	base := path.Base(clean(c.Path))
	base = strings.TrimSuffix(base, ".exe")
	if fn, ok := f.Commands[base]; ok {
		r := fn(c)
		r.Cmd = c
		if c.Stream != nil {
			c.Stream.Write(r.Stdout)
			c.Stream.Write(r.Stderr)
		}
		return r
	}
	return &Result{Cmd: c, ExitCode: -1, Err: &StartError{Err: fmt.Errorf("exec: %q: %w", c.Path, ErrNotFound)}}
}

// Output is a helper for Fake.Commands: a command that prints stdout and exits with code.
func Output(stdout string, code int) func(Cmd) *Result {
	return func(Cmd) *Result { return &Result{Stdout: []byte(stdout), ExitCode: code} }
}

// NoExec reports whether dir is one of NoExecDirs or inside one.
func (f *Fake) NoExec(dir string) (bool, error) {
	d := f.key(clean(dir))
	for _, n := range f.NoExecDirs {
		m := f.key(clean(n))
		if d == m || strings.HasPrefix(d, strings.TrimSuffix(m, "/")+"/") {
			return true, nil
		}
	}
	return false, nil
}
