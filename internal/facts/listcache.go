package facts

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
)

// The workspace layer's go list runs (Modules, Packages) are replayed from the probe cache, as a
// tool's version and go.runs's build are, while nothing that decides their answer changed. What
// decides it: the go binary (and with it GOROOT's standard library), every value go env reported
// and the arguments; the main module's files, every one of them (a .go file's imports and build
// constraints, go.mod and go.sum, vendor/modules.txt), by name, size, modification time, mode
// and, on Unix, inode and change time, and the names in each of its directories (a file or
// package added is seen); and the module cache's copies of the dependencies, which are
// immutable by version but can be removed (each module directory listed must still exist for a
// replay). Only what can be keyed that way is replayed: a single module at the unit's root,
// with no go.work in use, no replacement by a local directory (its files are outside the key), no
// symbolic link in the tree, no toolchain switch (GOVERSION is the local go's), no -modfile or
// -overlay in GOFLAGS, and at most listTreeLimit files. Only clean answers are stored (exit 0, no
// error listed, nothing cut off): a failure is always run again, so a repair is seen at once.

// listTreeLimit bounds the files and directories a go list key may stat: past it, go list runs.
const listTreeLimit = 20000

// listCacheLimit bounds the output of a go list answer kept in the cache.
const listCacheLimit = 4 << 20

// errNoReplay says a go list run cannot be keyed for a replay.
var errNoReplay = errors.New("not replayable")

// listIdentity names the go list run of args in the module at dir for the probe cache; "" when
// it cannot be replayed.
func (f *Facts) listIdentity(goBin, dir string, args []string) string {
	if f.CacheDir == "" || f.NoCache || !f.GoEnv().OK() {
		return ""
	}
	id := f.probeIdentity(goBin, append(append([]string{}, args...), "in", dir))
	if id == "" || !f.listReplayable(dir) {
		return ""
	}
	tree, err := f.treeKey(dir)
	if err != nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(id)
	for _, name := range goenv.Names {
		fmt.Fprintf(&b, "\x00%s=%s", name, f.GoVar(name))
	}
	fmt.Fprintf(&b, "\x00tree=%s", tree)
	return b.String()
}

// listReplayable checks what a key over the module's own files cannot see: a go.work, a local
// replacement, a toolchain switch, GOFLAGS naming other files.
func (f *Facts) listReplayable(dir string) bool {
	local, _ := f.LocalGo()
	if local == "" || goenv.Normalize(f.GoVar("GOVERSION")) != local {
		return false
	}
	for _, fl := range strings.Fields(f.GoVar("GOFLAGS")) {
		if name := strings.TrimLeft(fl, "-"); strings.HasPrefix(name, "modfile") || strings.HasPrefix(name, "overlay") {
			return false
		}
	}
	switch work := f.GoVar("GOWORK"); {
	case work == "off":
	case work != "":
		return false
	case f.findUp(dir, "go.work") != "":
		return false
	}
	data, err := f.Host.ReadFile(filepath.Join(dir, "go.mod"), 4<<20)
	if err != nil {
		return false
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return false
	}
	for _, r := range mf.Replace {
		if r.New.Version == "" {
			return false // a directory: its files are not in the key
		}
	}
	// A go or toolchain line newer than the local go makes the go command switch toolchains here
	// (go env, run in the workspace directory, may not have).
	if mf.Go != nil && goenv.CompareVersions("go"+mf.Go.Version, local) > 0 {
		return false
	}
	return mf.Toolchain == nil || goenv.CompareVersions(mf.Toolchain.Name, local) <= 0
}

// treeKey is a hash of every file and directory under dir but those whose name starts with a
// dot (.git, .vscode: the go command ignores them and cannot import from them): path, size,
// modification time, mode and file id. A symbolic link, an unreadable directory or more than
// listTreeLimit entries make it fail.
func (f *Facts) treeKey(dir string) (string, error) {
	h := sha256.New()
	n := 0
	var walk func(rel string) error
	walk = func(rel string) error {
		entries, err := f.Host.ReadDir(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			if n++; n > listTreeLimit {
				return errNoReplay
			}
			p := filepath.Join(rel, e.Name())
			if err := keyEntry(h, p, e); err != nil {
				return err
			}
			if e.IsDir() {
				if err := walk(p); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk("."); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// keyEntry writes one directory entry into the tree key.
func keyEntry(h hash.Hash, rel string, e fs.DirEntry) error {
	if e.Type()&fs.ModeSymlink != 0 {
		return errNoReplay
	}
	fi, err := e.Info()
	if err != nil {
		return err
	}
	if fi.IsDir() {
		fmt.Fprintf(h, "%s/\x00", rel)
		return nil
	}
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\x00%s\x00", rel, fi.Size(), fi.ModTime().UnixNano(), fi.Mode(), host.FileID(fi))
	return nil
}

// replayList is the cached answer of the go list run c, or nil.
func (f *Facts) replayList(c host.Cmd, id string) *host.Result {
	if id == "" {
		return nil
	}
	return f.cachedProbe(c, id)
}

// storeList keeps a clean go list answer for replay; clean says the caller found no error in it.
// An answer the redaction of cached files would change is not kept: its replay would differ.
func (f *Facts) storeList(res *host.Result, id string, clean bool) {
	if id == "" || !clean || !res.OK() || res.Truncated || len(res.Stdout) > listCacheLimit || len(res.Stderr) > 0 {
		return
	}
	if redact.Text(string(res.Stdout)) != string(res.Stdout) {
		return
	}
	f.storeProbe(res, id)
}

// modulesPresent says whether every module directory a module listing names still exists (the
// module cache can be cleaned under an unchanged go.mod and go.sum).
func (f *Facts) modulesPresent(mods []ListedModule) bool {
	for _, m := range mods {
		if m.Dir == "" || m.Main {
			continue
		}
		if fi, err := f.Host.Stat(m.Dir); err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}
