// Package facts gathers what checks read about the machine, once per run: the go command and its
// `go env -json`, where each Go variable came from, the PATH scan, the Go installations on disk,
// each binary's build info, and each tool's probe. Checks share a Facts and never run the same
// command twice.
package facts

import (
	"context"
	"sync"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/vscode"
)

// Facts is the shared, lazily computed knowledge of one run. It is safe for concurrent use.
type Facts struct {
	Host host.Host
	// Dir is the workspace directory gomedic was asked about.
	Dir string
	// Timeout bounds each command run for a fact.
	Timeout time.Duration
	// Offline forbids network access.
	Offline bool
	// CacheDir is gomedic's own cache directory ("" to cache nothing across runs).
	CacheDir string
	// NoCache makes every fact fresh: nothing cached by an earlier run is used.
	NoCache bool
	// DataHome is gomedic's data directory, where the tool store is ("" when unknown).
	DataHome string
	// Editor names the editor whose settings are judged (--editor); "" lets vscode.LoadFor choose.
	Editor string

	// ctx is the run's context: facts outlive the check that first asked for them, so their
	// commands must not die with that check's context.
	ctx context.Context

	goBin      lazy[goBinFact]
	goEnv      lazy[*goEnvFact]
	buildProbe lazy[buildProbeFact]
	sources    lazy[*sourcesFact]
	path       lazy[[]PathEntry]
	installs   lazy[[]installFact]
	shell      lazy[shell.Shell]
	settings   lazy[*vscode.Settings]
	binfos     keyed[*BinInfo]
	probes     keyed[*host.Result]
	resolved   keyed[*ToolFact]
	managed    keyed[*Managed]
	ws         wsFacts // workspace.go
	scratch    scratchSpace
}

// New returns the facts of a run in dir.
func New(ctx context.Context, h host.Host, dir string, timeout time.Duration) *Facts {
	if timeout <= 0 {
		timeout = host.DefaultTimeout
	}
	return &Facts{Host: h, Dir: dir, Timeout: timeout, ctx: ctx}
}

// Context is the run's context, for commands whose result is shared.
func (f *Facts) Context() context.Context { return f.ctx }

// Run runs a command with the run's context and the fact timeout unless c sets one.
func (f *Facts) Run(c host.Cmd) *host.Result {
	if c.Timeout == 0 {
		c.Timeout = f.Timeout
	}
	return f.Host.Run(f.ctx, c)
}

// lazy is a value computed once, on first use.
type lazy[T any] struct {
	once sync.Once
	v    T
}

func (l *lazy[T]) get(compute func() T) T {
	l.once.Do(func() { l.v = compute() })
	return l.v
}

// keyed is a set of values computed once per key.
type keyed[T any] struct {
	mu sync.Mutex
	m  map[string]*lazy[T]
}

func (k *keyed[T]) get(key string, compute func() T) T {
	k.mu.Lock()
	if k.m == nil {
		k.m = make(map[string]*lazy[T])
	}
	l, ok := k.m[key]
	if !ok {
		l = new(lazy[T])
		k.m[key] = l
	}
	k.mu.Unlock()
	return l.get(compute)
}

// Shell is the user's shell, for fix commands.
func (f *Facts) Shell() shell.Shell {
	return f.shell.get(func() shell.Shell { return shell.Detect(f.Host.OS(), f.Host.HomeDir(), f.Host.Env().Get) })
}
