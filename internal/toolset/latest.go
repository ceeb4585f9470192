package toolset

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/redact"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/host"
)

// LatestTTL is how long an answer about a module's newest version is reused.
const LatestTTL = 24 * time.Hour

// Latest is the newest version of a module, as GOPROXY answered `go list -m module@latest`.
type Latest struct {
	Module    string    `json:"module"`
	Version   string    `json:"version"`
	GoVersion string    `json:"go_version,omitempty"` // the go line of that version's go.mod, when the go command reported it
	Time      time.Time `json:"time,omitzero"`        // when the version was published
	GOPROXY   string    `json:"goproxy"`              // the GOPROXY that answered
	Checked   time.Time `json:"checked"`              // when gomedic asked
	// CacheFile is the file the answer was read from, or "" when it was just asked.
	CacheFile string `json:"-"`
}

// LatestCmd is the command that asks GOPROXY for module's newest version the way `go install
// module@latest` resolves it: in module mode, outside any module or workspace (dir is a directory
// without a go.mod above it), with -mod flags removed from GOFLAGS (with -mod=vendor, module
// queries fail: "cannot query module due to -mod=vendor"; -modfile makes it look for a main module). env is the environment to start from.
func LatestCmd(goBin, module, dir string, env *host.Env, goflags string, timeout time.Duration) host.Cmd {
	return host.Cmd{
		Path: goBin,
		Args: []string{"list", "-m", "-json", module + "@latest"},
		Dir:  dir,
		// An empty GOFLAGS would let a go env file value through: name a harmless -mod instead.
		Env:         env.With("GOFLAGS="+goenv.WithoutModFlags(goflags), "GOWORK=off", "GO111MODULE=on").Environ(),
		Timeout:     timeout,
		OutputLimit: 64 << 10,
	}
}

// ParseLatest reads the JSON `go list -m -json module@latest` prints.
func ParseLatest(out []byte) (*Latest, error) {
	var m struct {
		Path, Version, GoVersion string
		Time                     *time.Time
		Error                    *struct{ Err string }
	}
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, fmt.Errorf("parsing go list output: %w", err)
	}
	if m.Error != nil {
		return nil, fmt.Errorf("%s", m.Error.Err)
	}
	if m.Version == "" {
		return nil, fmt.Errorf("go list printed no version for %s", m.Path)
	}
	l := &Latest{Module: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	if m.Time != nil {
		l.Time = *m.Time
	}
	return l, nil
}

// LatestCache keeps answers about newest versions in gomedic's cache directory, one small JSON file
// per module and GOPROXY, written atomically.
type LatestCache struct {
	Dir string // gomedic's cache directory; "" caches nothing
}

func (c LatestCache) file(module, goproxy string) string {
	sum := sha256.Sum256([]byte(module + "\x00" + goproxy))
	return filepath.Join(c.Dir, "latest", hex.EncodeToString(sum[:12])+".json")
}

// Load returns the answer for module through goproxy if one younger than LatestTTL is cached.
func (c LatestCache) Load(module, goproxy string, now time.Time) *Latest {
	if c.Dir == "" {
		return nil
	}
	name := c.file(module, goproxy)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var l Latest
	if json.Unmarshal(data, &l) != nil || l.Module != module || l.GOPROXY != redact.List(goproxy) || l.Version == "" {
		return nil
	}
	if age := now.Sub(l.Checked); age < 0 || age > LatestTTL {
		return nil
	}
	l.GOPROXY, l.CacheFile = goproxy, name
	return &l
}

// Store caches l, replacing the file atomically (a temporary file renamed into place), so that a
// concurrent run never reads half an answer. The GOPROXY it keeps is redacted.
func (c LatestCache) Store(l *Latest) error {
	if c.Dir == "" {
		return nil
	}
	kept := *l
	kept.GOPROXY = redact.List(l.GOPROXY) // the file is named after the whole value; it holds no credentials
	data, err := json.MarshalIndent(&kept, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the answer for %s: %w", l.Module, err)
	}
	return atomicfile.WriteFile(c.file(l.Module, l.GOPROXY), data, 0o644)
}
