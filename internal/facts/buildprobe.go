package facts

import (
	"fmt"
	"os"
	"strings"

	"github.com/gomedic/gomedic/internal/goenv"
	"path/filepath"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/host"
)

// buildProbeFiles are the files of the package BuildProbe builds: building it needs the
// compiler of GOROOT, a work directory and a valid target, as every build, test and gopls load
// does. It imports nothing, so that a first run with an empty build cache compiles one file, not
// the runtime (16 s here); it has no main, so nothing is linked and nothing is written but the
// build cache's entries.
var buildProbeFiles = map[string]string{
	"go.mod":   "module gomedic.invalid/buildprobe\n\ngo 1.18\n",
	"probe.go": "// Package buildprobe is what gomedic builds to prove the go command can build.\npackage buildprobe\n",
}

type buildProbeFact struct{ res *host.Result }

// BuildProbe is one `go build` of a tiny package of gomedic's own, with the user's environment
// (GOWORK=off, so that a go.work elsewhere does not claim it). go env and go list -m need no
// compiler, no work directory and no build target; this does what every build does, so a
// GOTMPDIR that cannot be used, a GOOS/GOARCH the go command cannot build for, or a GOROOT
// without its toolchain or of another release shows here. The package is kept in gomedic's cache directory,
// where the same path makes the build cache answer at once on the next run; without one, in the
// run's scratch space. It returns nil when there is no go on PATH or no directory to build in.
func (f *Facts) BuildProbe() *host.Result {
	return f.buildProbe.get(func() buildProbeFact {
		goBin, err := f.GoBin()
		if err != nil {
			return buildProbeFact{}
		}
		dir := f.buildProbeDir()
		if dir == "" {
			return buildProbeFact{}
		}
		env := f.Host.Env().With("GOWORK=off")
		c := host.Cmd{Path: goBin, Args: []string{"build", "."}, Dir: dir, Env: env.Environ(), OutputLimit: 1 << 20, Timeout: f.Timeout}
		id := f.buildProbeIdentity(goBin, dir)
		if res := f.cachedProbe(c, id); res != nil {
			return buildProbeFact{res}
		}
		res := f.Run(c)
		if res.OK() {
			f.storeProbe(res, id)
		}
		return buildProbeFact{res}
	}).res
}

// buildProbeIdentity names a build probe for the probe cache: the go binary (as a tool's version
// probe names it) and every value of the Go environment that go env reported, with TMPDIR. A
// success is replayed while none of them changes (ProbeCacheTTL); a failure never is. What can
// change under unchanged values is asked again each time: a replay needs the work directory
// (GOTMPDIR, else the system's temporary directory) to take new files now.
func (f *Facts) buildProbeIdentity(goBin, dir string) string {
	id := f.probeIdentity(goBin, []string{"build", dir})
	if id == "" || !f.GoEnv().OK() {
		return ""
	}
	work := f.GoVar("GOTMPDIR")
	if work == "" {
		work, _ = goenv.TempDir(f.Host)
	}
	if !host.IsAbs(f.Host, work) || !f.Host.Writable(work, f.OwnDirs()).OK() {
		return ""
	}
	var b strings.Builder
	b.WriteString(id)
	for _, name := range goenv.Names {
		fmt.Fprintf(&b, "\x00%s=%s", name, f.GoVar(name))
	}
	for _, name := range []string{"TMPDIR", "TMP", "TEMP"} {
		fmt.Fprintf(&b, "\x00%s=%s", name, f.Host.Env().Get(name))
	}
	return b.String()
}

// buildProbeDir writes the probe package, if it is not there yet, and returns its directory, or
// "" when it cannot be written.
func (f *Facts) buildProbeDir() string {
	base := ""
	if f.CacheDir != "" && filepath.IsAbs(f.CacheDir) {
		base = f.CacheDir
	} else if s, err := f.Scratch(); err == nil {
		base = s
	}
	if base == "" {
		return ""
	}
	dir := filepath.Join(base, "buildprobe")
	for name, content := range buildProbeFiles {
		p := filepath.Join(dir, name)
		if data, err := os.ReadFile(p); err == nil && string(data) == content {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return ""
		}
		if err := atomicfile.WriteFile(p, []byte(content), 0o644); err != nil {
			return ""
		}
	}
	return dir
}
