package toolbuild

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
)

// The phases Build reports.
const (
	PhaseDownloading = "downloading"
	PhaseBuilding    = "building"
)

// buildOutputLimit is how much of each of the go command's output streams a Result keeps: a
// build of a large tool with -v lists a few hundred packages.
const buildOutputLimit = 4 << 20

// Build runs `go install -v pkg@version` for t with env (see BuildEnv) in dir, a directory that
// must exist and is not inside any module (the store directory being built). It writes the go
// command's whole output to log (may be nil) and stops the go command, with every process it
// started, after timeout. phase is called (may be nil) as the output shows progress:
// PhaseDownloading at the first "go: downloading" line, PhaseBuilding at the first line after
// that (a package being compiled) or, when nothing is downloaded, at the first package.
//
// It returns the path of the binary: env.GOBIN (dir when env has none) / the name go install gives
// it (ExecName(t.Package), which is t.Name for every table tool), with .exe on Windows. On failure, err says what failed in one line and res is the go command's run (nil when
// it did not start): Classify(f, t, version, res) explains it.
func Build(ctx context.Context, f *facts.Facts, t Target, version string, env Env, dir string, log io.Writer, timeout time.Duration, phase func(string)) (binary string, res *host.Result, err error) {
	goBin, err := f.GoBin()
	if err != nil {
		return "", nil, fmt.Errorf("finding the go command: %w", err)
	}
	gobin := env.GOBIN
	if gobin == "" {
		gobin = dir
	}
	binary = filepath.Join(gobin, ExecName(t.Package))
	if f.Host.OS() == "windows" {
		binary += ".exe"
	}
	c := host.Cmd{
		Path:        goBin,
		Args:        []string{"install", "-v", t.Package + "@" + version},
		Dir:         dir,
		Env:         env.Environ,
		Timeout:     timeout,
		OutputLimit: buildOutputLimit,
	}
	w := &progress{log: log, phase: phase}
	c.Stream = w // live phases and log
	res = f.Host.Run(ctx, c)
	w.flush()
	if msg := res.Failure(); msg != "" {
		return binary, res, fmt.Errorf("%s", msg)
	}
	if _, err := f.Host.Stat(binary); err != nil {
		return binary, res, fmt.Errorf("%s succeeded but wrote no %s: %w", c.String(), binary, err)
	}
	return binary, res, nil
}

// progress is the writer the go command's output goes through: it passes every byte to the log
// and watches whole lines for the phases.
type progress struct {
	mu      sync.Mutex
	log     io.Writer
	phase   func(string)
	partial []byte
	current string
}

func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.log != nil {
		// A log that cannot be written must not fail the build; the caller learns of it when it
		// closes the log.
		_, _ = p.log.Write(b)
	}
	p.partial = append(p.partial, b...)
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			break
		}
		p.line(string(p.partial[:i]))
		p.partial = p.partial[i+1:]
	}
	return len(b), nil
}

func (p *progress) flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.partial) > 0 {
		p.line(string(p.partial))
		p.partial = nil
	}
}

// line reads one line of output: "go: downloading M V" while modules (or a toolchain) download;
// a line that is not a go command message (a package name printed by -v, a "# pkg" header before
// compiler errors) once packages are being compiled.
func (p *progress) line(l string) {
	l = strings.TrimSpace(l)
	switch {
	case l == "":
	case strings.HasPrefix(l, "go: downloading "):
		p.set(PhaseDownloading)
	case !strings.HasPrefix(l, "go: "):
		p.set(PhaseBuilding)
	}
}

// set reports a phase when it changes; once building, the build does not go back to downloading
// (a late download line is a module fetched while packages load, part of building).
func (p *progress) set(phase string) {
	if p.current == phase || p.current == PhaseBuilding {
		return
	}
	p.current = phase
	if p.phase != nil {
		p.phase(phase)
	}
}
