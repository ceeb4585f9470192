package watch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/lsp"
)

// PackageOptions configure how watch asks gopls for the size of a workspace whose language
// server's memory is reported.
type PackageOptions struct {
	// CacheDir is gomedic's cache directory: gomedic's own gopls session keeps gopls's file cache
	// there (CacheDir/gopls, shared with check --deep), never in the editor's. "" runs none.
	CacheDir string
	// Timeout bounds one session (0: 30s, stretched by the host's timeout scale).
	Timeout time.Duration
	// Off asks nothing (gomedic fix, whose plan does not use the count).
	Off bool
}

// goplsMain is gopls's main package path, as its build info names it.
const goplsMain = "golang.org/x/tools/gopls"

// packageCount is what gopls said of a workspace folder: its workspace packages and all
// packages with their dependencies (gopls.workspace_stats), where the answer came from, and the
// session as evidence. N is -1 when unknown, Why then saying why.
type packageCount struct {
	N, All  int
	Folder  string
	Source  string
	Command string
	Took    time.Duration
	Why     string
}

// String is the count in a sentence of the finding.
func (c packageCount) String() string {
	if c.N < 0 {
		return "package count unknown: " + c.Why
	}
	return fmt.Sprintf("gopls counts %d workspace packages (%d with dependencies) in %s, asked through %s in %s",
		c.N, c.All, c.Folder, c.Source, c.Took.Round(10*time.Millisecond))
}

// packageCounter asks gopls for the package count of workspace folders, remembering each answer
// by folder and go.mod/go.work content so that continuous watch asks once per workspace shape.
type packageCounter struct {
	h    host.Host
	o    PackageOptions
	memo map[string]packageCount
}

func newPackageCounter(h host.Host, o PackageOptions) *packageCounter {
	if o.Timeout <= 0 {
		o.Timeout = host.ScaleTimeout(h.Env(), 30*time.Second)
	}
	return &packageCounter{h: h, o: o, memo: map[string]packageCount{}}
}

// count is the package count of the folder p serves, asked of gopls once per folder shape:
// through p's daemon for a forwarder (a new session on the daemon shares its cache), else in a
// session of gomedic's own, with p's binary and environment and gomedic's gopls cache.
func (pc *packageCounter) count(ctx context.Context, p Proc, daemons map[string]bool) packageCount {
	unknown := func(why string) packageCount { return packageCount{N: -1, Folder: p.Workspace, Why: why} }
	switch {
	case p.Tool != "gopls":
		return unknown("not a gopls")
	case p.Role == "daemon":
		return unknown("a daemon serves the folders of its forwarders, counted with them")
	case p.Workspace == "":
		return unknown("the folder this gopls serves is unknown (its working directory is the home or root directory)")
	case p.BinaryState == "deleted":
		return unknown("its binary " + p.Binary + " was deleted")
	}
	if info, err := binfo.Read(p.Binary); err == nil && info.MainPath != "" && info.MainPath != goplsMain {
		return unknown("its binary is not gopls but a build of " + info.MainPath)
	}
	key := pc.key(p)
	if c, ok := pc.memo[key]; ok {
		return c
	}
	c := pc.ask(ctx, p, daemons)
	if ctx.Err() == nil {
		pc.memo[key] = c
	}
	return c
}

// key names a folder's shape: the folder, the daemon a forwarder goes through, and the content
// of its go.work and go.mod (a module added or removed changes what gopls loads).
func (pc *packageCounter) key(p Proc) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", p.Workspace, flagValue(p.Info.Argv, "remote"))
	for _, name := range []string{"go.work", "go.mod"} {
		data, _ := pc.h.ReadFile(filepath.Join(p.Workspace, name), 1<<20)
		fmt.Fprintf(h, "%d\x00%s\x00", len(data), data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ask runs the session that counts p's folder.
func (pc *packageCounter) ask(ctx context.Context, p Proc, daemons map[string]bool) packageCount {
	cfg := lsp.Config{Host: pc.h, Path: p.Binary, Dir: p.Workspace, Folders: []string{p.Workspace},
		Timeout: pc.o.Timeout, ClientName: "gomedic-watch", Env: probeEnv(p.Info.Env)}
	c := packageCount{N: -1, Folder: p.Workspace}
	remote := flagValue(p.Info.Argv, "remote")
	if p.Role == "forwarder" && daemons[remote] {
		cfg.Args = []string{"-remote=" + remote}
		c.Source = "a session on its daemon (-remote=" + remote + "), which shares the daemon's cache"
	} else {
		if pc.o.CacheDir == "" {
			c.Why = "gomedic has no cache directory for its own gopls session"
			return c
		}
		cache, err := facts.OpenGoplsCache(pc.o.CacheDir, p.Binary)
		if err != nil {
			c.Why = err.Error()
			return c
		}
		cfg.Env = append(cfg.Env, "GOPLSCACHE="+cache.Dir)
		c.Source = "gomedic's own gopls session (" + p.Binary + ", the process's environment, gomedic's gopls cache)"
		defer func() {
			if c.N >= 0 {
				cache.MarkUsed(time.Now())
			}
		}()
	}
	r := lsp.Probe(ctx, cfg)
	c.Command, c.Took = r.Command, r.ReadyTime
	switch {
	case r.Failure != nil:
		c.Why = "gopls did not load the folder: " + r.Failure.Error()
	case r.Packages < 0 || r.Stats == nil:
		c.Why = "gopls did not say: " + r.StatsNote
	default:
		c.N = r.Packages
		for _, v := range r.Stats.Views {
			c.All += v.AllPackages.Packages
		}
	}
	return c
}

// probeEnv is the environment of gomedic's session: the process's own (its GOFLAGS, GOWORK,
// PATH decide what gopls loads), without its GOPLSCACHE and GOMEMLIMIT (the session is
// gomedic's, with a cache of its own and no limit to fight), or nil (the host's) when unread.
func probeEnv(env []string) []string {
	if env == nil {
		return nil
	}
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "GOPLSCACHE=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") {
			out = append(out, kv)
		}
	}
	return out
}
