package shellenv

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
)

// CacheTTL is how long a lookup is replayed while nothing it depends on changed: the bound on
// what no file records (the output of a program a start-up file runs, such as `pyenv init -`).
const CacheTTL = 24 * time.Hour

// racyWindow is how recent a file's modification may be for a lookup to be stored: a file changed
// while the shell ran (or within the resolution of a coarse file-system clock) may have been read
// before the change, with the same identity after it.
const racyWindow = 2 * time.Second

// Cache replays a lookup when nothing it depends on changed, instead of starting the shell: the
// shell binary and the environment and directory it is started with (in the record's name), every
// start-up file the shell documents, present or not, every file the shell read (sourced) on the
// run that was recorded, found by tracing that run, the entries of the directories those files are
// in and of the directories globs were expanded in, and Also (all by identity: resolved path, size,
// modification time, inode and change time; directories by their list of names). A lookup that
// failed, timed out, was cut short, or printed a value that holds a credential is never stored.
type Cache struct {
	// Dir is where records are kept (gomedic's cache directory + "/shellenv").
	Dir string
	// Keep are the variables a replayed environment has besides PATH: only what the caller reads
	// is stored.
	Keep []string
	// Also are other files the environment may depend on: the go env file, which a start-up
	// file's `$(go env GOPATH)` reads.
	Also []string
}

// record is a stored lookup.
type record struct {
	Key        string    `json:"key"`
	At         time.Time `json:"at"`
	DurationMS int64     `json:"duration_ms"`
	Vars       []string  `json:"vars"`
	Noise      string    `json:"noise,omitempty"`
	Stderr     string    `json:"stderr,omitempty"`
	Deps       []dep     `json:"deps"`
}

// dep is one file or directory a lookup depends on, and its identity when the lookup ran.
type dep struct {
	Path string `json:"path"`
	Dir  bool   `json:"dir,omitempty"`
	ID   string `json:"id"`
}

// RunCached is Run, replayed from c when nothing the recorded lookup depends on changed; on a miss
// the shell is traced (to learn which files it reads) and the lookup stored when it worked. A nil c,
// or a shell gomedic cannot trace, runs the shell as Run does.
func RunCached(ctx context.Context, h host.Host, c *Cache, shell string, mode Mode, base []string, dir string, timeout time.Duration) *Lookup {
	if c == nil || c.Dir == "" || !Traceable(shell) {
		return Run(ctx, h, shell, mode, base, dir, timeout)
	}
	key := c.key(h, shell, mode, base, dir)
	if key == "" {
		return Run(ctx, h, shell, mode, base, dir, timeout)
	}
	cmd := command(h, shell, mode, base, dir, timeout, NewMark(), false)
	if l := c.replay(h, key, mode, cmd); l != nil {
		return l
	}
	start := time.Now()
	l := run(ctx, h, shell, mode, base, dir, timeout, true)
	c.store(h, key, l, start)
	return l
}

// key names the lookup by what is known before it runs: the shell binary's identity, the mode,
// the directory, the start environment and the variables kept. "" when the shell cannot be found.
func (c *Cache) key(h host.Host, shell string, mode Mode, base []string, dir string) string {
	id, _ := fileIdentity(h, shell)
	if id == absent || strings.HasPrefix(id, "error: ") {
		return ""
	}
	env := slices.Clone(base)
	slices.Sort(env)
	sum := sha256.New()
	fmt.Fprintf(sum, "%s\x00%s\x00%d\x00%s\x00%q\x00%q\x00%q", shell, id, mode, dir, env, c.Keep, c.Also)
	return hex.EncodeToString(sum.Sum(nil))
}

func (c *Cache) file(key string) string { return filepath.Join(c.Dir, key[:24]+".json") }

// replay returns the recorded lookup of key when it is recent and nothing it depends on changed.
func (c *Cache) replay(h host.Host, key string, mode Mode, cmd host.Cmd) *Lookup {
	data, err := os.ReadFile(c.file(key))
	if err != nil {
		return nil
	}
	var rec record
	if json.Unmarshal(data, &rec) != nil || rec.Key != key || len(rec.Deps) == 0 {
		return nil
	}
	if age := time.Since(rec.At); age < 0 || age > CacheTTL {
		return nil
	}
	for _, d := range rec.Deps {
		if id, _ := identity(h, d.Path, d.Dir); id != d.ID {
			return nil
		}
	}
	res := &host.Result{Cmd: cmd, Stderr: []byte(rec.Stderr), Duration: time.Duration(rec.DurationMS) * time.Millisecond, CachedAt: rec.At}
	return &Lookup{Shell: cmd.Path, Mode: mode, Result: res, Env: host.NewEnv(rec.Vars, h.OS() == "windows"), Noise: rec.Noise, Depends: len(rec.Deps)}
}

// store records l under key when it worked and none of its dependencies changed while it ran.
func (c *Cache) store(h host.Host, key string, l *Lookup, start time.Time) {
	r := l.Result
	if !l.OK() || r.Truncated || r.HeldOutput || len(r.Leftovers) > 0 {
		return
	}
	vars, ok := c.kept(l.Env)
	if !ok {
		return
	}
	deps, ok := c.deps(h, l, start)
	if !ok {
		return
	}
	rec := record{Key: key, At: time.Now(), DurationMS: r.Duration.Milliseconds(), Vars: vars,
		Noise: redact.Text(l.Noise), Stderr: redact.Text(string(r.Stderr)), Deps: deps}
	data, err := json.Marshal(rec)
	if err != nil {
		return
	}
	// The cache only saves time: a failure to write it changes no finding.
	_ = atomicfile.WriteFile(c.file(key), data, 0o600)
	c.prune()
}

// prune removes the records no run can replay any more: older than CacheTTL. (Each start
// environment has its own record, and a session's SSH_AUTH_SOCK changes with every login.)
func (c *Cache) prune() {
	entries, err := os.ReadDir(c.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".json") && time.Since(fi.ModTime()) > CacheTTL {
			_ = os.Remove(filepath.Join(c.Dir, e.Name()))
		}
	}
}

// kept are PATH and the Keep variables of env, or false when one of them holds what looks like a
// credential: it is not written to disk, and a redacted value would not compare equal to the
// real one the other lookup of the run may print.
func (c *Cache) kept(env *host.Env) ([]string, bool) {
	var out []string
	for _, name := range append([]string{"PATH"}, c.Keep...) {
		v, ok := env.Lookup(name)
		if !ok {
			continue
		}
		if redact.Var(name, v) != v {
			return nil, false
		}
		out = append(out, name+"="+v)
	}
	return out, true
}

// deps are what l depends on, with their identities now; false when one changed during the run.
func (c *Cache) deps(h host.Host, l *Lookup, start time.Time) ([]dep, bool) {
	files, dirs := tracedReads(l.trace, l.Result.Cmd.Dir, host.NewEnv(l.Result.Cmd.Env, false).Get("HOME"))
	for _, f := range files {
		dirs = append(dirs, filepath.Dir(f))
	}
	docFiles, docDirs := startupFiles(h, l.Shell)
	files = append(append(docFiles, files...), c.Also...)
	dirs = append(dirs, docDirs...)
	var out []dep
	seen := map[string]bool{}
	add := func(p string, isDir bool) bool {
		if p == "" || seen[p] {
			return true
		}
		seen[p] = true
		id, mod := identity(h, p, isDir)
		if !isDir && mod.After(start.Add(-racyWindow)) {
			return false
		}
		if redact.Text(p) != p {
			return false
		}
		out = append(out, dep{Path: p, Dir: isDir, ID: id})
		return true
	}
	for _, f := range files {
		if !add(f, false) {
			return nil, false
		}
	}
	for _, d := range dirs {
		if !add(d, true) {
			return nil, false
		}
	}
	return out, true
}

// absent is the identity of a path that does not exist: creating it changes it.
const absent = "absent"

func identity(h host.Host, p string, isDir bool) (string, time.Time) {
	if isDir {
		return dirIdentity(h, p), time.Time{}
	}
	return fileIdentity(h, p)
}

// fileIdentity is what changes when the file at p is edited, replaced, created, removed or its
// link pointed elsewhere, and its modification time.
func fileIdentity(h host.Host, p string) (string, time.Time) {
	resolved, err := h.EvalSymlinks(p)
	if errors.Is(err, fs.ErrNotExist) {
		return absent, time.Time{}
	}
	if err != nil {
		return "error: " + err.Error(), time.Time{}
	}
	fi, err := h.Stat(resolved)
	if err != nil {
		return "error: " + err.Error(), time.Time{}
	}
	return fmt.Sprintf("%s:%d:%d:%v:%s", resolved, fi.Size(), fi.ModTime().UnixNano(), fi.Mode(), host.FileID(fi)), fi.ModTime()
}

// dirIdentity is the directory's list of names: a file created, removed or renamed there changes
// it (what a glob or an `[ -f ... ] && .` in a start-up file sees), a file written in place does not.
func dirIdentity(h host.Host, p string) string {
	entries, err := h.ReadDir(p)
	if errors.Is(err, fs.ErrNotExist) {
		return absent
	}
	if err != nil {
		return "error: " + err.Error()
	}
	sum := sha256.New()
	for _, e := range entries {
		fmt.Fprintf(sum, "%s\x00", e.Name())
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// startupFiles are the start-up files shell documents for every way gomedic runs it (a login and
// an interactive shell), for the user of h, whether they exist or not, and the directories whose
// every file it reads (fish's conf.d).
func startupFiles(h host.Host, shell string) (files, dirs []string) {
	home := h.HomeDir()
	inHome := func(names ...string) []string {
		var out []string
		for _, n := range names {
			if home != "" {
				out = append(out, filepath.Join(home, n))
			}
		}
		return out
	}
	env := h.Env()
	switch Name(shell) {
	case "bash":
		return append([]string{"/etc/profile", "/etc/bash.bashrc", "/etc/bashrc"}, inHome(".bash_profile", ".bash_login", ".profile", ".bashrc")...), nil
	case "zsh":
		out := []string{"/etc/zshenv", "/etc/zprofile", "/etc/zshrc", "/etc/zlogin", "/etc/zsh/zshenv", "/etc/zsh/zprofile", "/etc/zsh/zshrc", "/etc/zsh/zlogin"}
		names := []string{".zshenv", ".zprofile", ".zshrc", ".zlogin"}
		if zd := env.Get("ZDOTDIR"); filepath.IsAbs(zd) {
			for _, n := range names {
				out = append(out, filepath.Join(zd, n))
			}
			return out, nil
		}
		return append(out, inHome(names...)...), nil
	case "fish":
		conf := filepath.Join(home, ".config")
		if xdg := env.Get("XDG_CONFIG_HOME"); filepath.IsAbs(xdg) {
			conf = xdg
		}
		return []string{"/etc/fish/config.fish", filepath.Join(conf, "fish", "config.fish")},
			[]string{"/etc/fish/conf.d", filepath.Join(conf, "fish", "conf.d")}
	}
	out := append([]string{"/etc/profile"}, inHome(".profile", ".kshrc", ".mkshrc")...)
	if e := env.Get("ENV"); e != "" && !strings.Contains(e, "$") {
		out = append(out, absFrom(home, e))
	}
	return out, nil
}
