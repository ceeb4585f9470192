// Package testproxy builds file:// module proxies for hermetic tests: small modules written as
// plain files become a directory the go command reads through GOPROXY=file:///..., exactly as it
// reads proxy.golang.org, with no server and no network.
package testproxy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	modzip "golang.org/x/mod/zip"
)

// BaseTime is the publication time of the oldest release of each module; every later release of
// the module is published an hour after the one before. A pseudo-version's time is the one it
// names.
var BaseTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Build writes a file:// module proxy into dir from module sources in src laid out as
// <module path>@<version>/<files> ("example.com/hello@v1.0.0/go.mod",
// "example.com/hello@v1.0.0/main.go", "example.com/tool/v2@v2.0.0/go.mod"). For each module it
// writes @v/list (the release and pre-release versions, as a proxy lists them: no
// pseudo-versions), @v/<version>.info (with Time), @v/<version>.mod (the module's go.mod, or
// "module <path>" when it has none), @v/<version>.zip and @latest (the version `go list -m
// module@latest` chooses: the newest release, else the newest pre-release, else the newest
// pseudo-version). Module paths and versions are escaped as the proxy protocol requires.
//
// It returns the GOPROXY value for dir: a file:// URL, with the drive letter in the path on
// Windows (file:///C:/...). Building into a directory that already holds a proxy adds to it; the
// list of a module present in both is the one from src.
func Build(dir string, src fs.FS) (goproxy string, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("building a module proxy: %w", err)
	}
	mods, err := findModules(src)
	if err != nil {
		return "", fmt.Errorf("building a module proxy in %s: %w", dir, err)
	}
	if len(mods) == 0 {
		return "", fmt.Errorf("building a module proxy in %s: no <module>@<version> directory in the sources", dir)
	}
	byPath := make(map[string][]*source)
	for _, m := range mods {
		byPath[m.Path] = append(byPath[m.Path], m)
	}
	for modPath, versions := range byPath {
		if err := writeModule(abs, modPath, versions, src); err != nil {
			return "", fmt.Errorf("building a module proxy in %s: %w", dir, err)
		}
	}
	u, err := fileURL(abs)
	if err != nil {
		return "", fmt.Errorf("building a module proxy: %w", err)
	}
	return u, nil
}

// source is one module version in the sources: its directory in src and its files.
type source struct {
	module.Version
	dir   string   // slash-separated directory in src
	files []string // slash-separated paths relative to dir
}

// findModules walks src for directories named <last path element>@<version>.
func findModules(src fs.FS) ([]*source, error) {
	var mods []*source
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() || !strings.Contains(d.Name(), "@") {
			return nil
		}
		modPath, version, _ := strings.Cut(p, "@")
		if err := module.Check(modPath, version); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if module.CanonicalVersion(version) != version {
			return fmt.Errorf("%s: version %s is not canonical (write %s)", p, version, module.CanonicalVersion(version))
		}
		m := &source{Version: module.Version{Path: modPath, Version: version}, dir: p}
		err = fs.WalkDir(src, p, func(fp string, fd fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if fd.Type().IsRegular() {
				m.files = append(m.files, strings.TrimPrefix(fp, p+"/"))
			}
			return nil
		})
		if err != nil {
			return err
		}
		mods = append(mods, m)
		return fs.SkipDir
	})
	return mods, err
}

// writeModule writes every version of one module and its list and @latest.
func writeModule(root, modPath string, versions []*source, src fs.FS) error {
	sort.Slice(versions, func(i, j int) bool {
		return semver.Compare(versions[i].Version.Version, versions[j].Version.Version) < 0
	})
	escPath, err := module.EscapePath(modPath)
	if err != nil {
		return err
	}
	vdir := filepath.Join(root, filepath.FromSlash(escPath), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return err
	}
	var list []string
	infos := make(map[string][]byte)
	for i, m := range versions {
		v := m.Version.Version
		info, err := json.Marshal(struct {
			Version string
			Time    time.Time
		}{v, publishTime(v, i)})
		if err != nil {
			return err
		}
		infos[v] = info
		if err := writeVersion(vdir, m, info, src); err != nil {
			return err
		}
		if !module.IsPseudoVersion(v) {
			list = append(list, v)
		}
	}
	listData := strings.Join(list, "\n")
	if listData != "" {
		listData += "\n"
	}
	if err := os.WriteFile(filepath.Join(vdir, "list"), []byte(listData), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(filepath.Dir(vdir), "@latest"), infos[latest(versions)], 0o644)
}

// publishTime is when version v, the i-th oldest of its module, was published.
func publishTime(v string, i int) time.Time {
	if module.IsPseudoVersion(v) {
		if t, err := module.PseudoVersionTime(v); err == nil {
			return t
		}
	}
	return BaseTime.Add(time.Duration(i) * time.Hour)
}

// latest is the version `go list -m M@latest` picks among versions sorted oldest first.
func latest(versions []*source) string {
	var release, pre, pseudo string
	for _, m := range versions {
		v := m.Version.Version
		switch {
		case module.IsPseudoVersion(v):
			pseudo = v
		case semver.Prerelease(v) != "":
			pre = v
		default:
			release = v
		}
	}
	for _, v := range []string{release, pre, pseudo} {
		if v != "" {
			return v
		}
	}
	return ""
}

// writeVersion writes the .info, .mod and .zip of one module version.
func writeVersion(vdir string, m *source, info []byte, src fs.FS) error {
	escVersion, err := module.EscapeVersion(m.Version.Version)
	if err != nil {
		return err
	}
	base := filepath.Join(vdir, escVersion)
	mod, err := fs.ReadFile(src, m.dir+"/go.mod")
	if errors.Is(err, fs.ErrNotExist) {
		mod, err = []byte("module "+m.Path+"\n"), nil
	}
	if err != nil {
		return err
	}
	var zipData bytes.Buffer
	files := make([]modzip.File, len(m.files))
	for i, name := range m.files {
		files[i] = fsFile{src: src, name: name, full: m.dir + "/" + name}
	}
	if err := modzip.Create(&zipData, m.Version, files); err != nil {
		return err
	}
	for ext, data := range map[string][]byte{".info": info, ".mod": mod, ".zip": zipData.Bytes()} {
		if err := os.WriteFile(base+ext, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fsFile is a file of a module in src, as golang.org/x/mod/zip reads it.
type fsFile struct {
	src        fs.FS
	name, full string
}

func (f fsFile) Path() string                 { return f.name }
func (f fsFile) Lstat() (fs.FileInfo, error)  { return fs.Stat(f.src, f.full) }
func (f fsFile) Open() (io.ReadCloser, error) { return f.src.Open(f.full) }

// fileURL is the file:// URL of the absolute path p, as the go command reads it: file:///a/b on
// Unix, file:///C:/a/b for a Windows drive path and file://host/share/a for a UNC path (as
// cmd/go/internal/web's urlFromFilePath writes them), with commas and pipes escaped.
func fileURL(p string) (string, error) {
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%s is not an absolute path", p)
	}
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(p)}
	if vol := filepath.VolumeName(p); vol != "" {
		if rest, ok := strings.CutPrefix(filepath.ToSlash(p), "//"); ok {
			host, share, _ := strings.Cut(rest, "/")
			u.Host, u.Path = host, path.Join("/", share)
		} else {
			u.Path = "/" + filepath.ToSlash(p)
		}
	}
	// The go command splits GOPROXY at commas and pipes before it parses each URL.
	return strings.NewReplacer(",", "%2C", "|", "%7C").Replace(u.String()), nil
}

// SilentServer listens on a loopback port, accepts connections and never answers them: a server
// that hangs, for probes that must give up on time. It returns its URL and the function that
// closes it and every connection it accepted.
func SilentServer() (url string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	stop = func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}
	return "http://" + l.Addr().String(), stop, nil
}
