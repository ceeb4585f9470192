// Package install installs the editor toolset: it resolves each tool's version, does nothing when
// that version is already active, else builds it with `go install` into a fresh directory of the
// version store in an environment made for building tools, verifies the binary, and activates it
// atomically — or fails loudly with the cause, the fix and a log, leaving the previous version
// active. It ties together toolbuild (resolve, build, classify, verify) and toolstore (the store,
// locks and activation).
package install

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gomedic/gomedic/internal/binfo"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/install/toolbuild"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/toolstore"
)

// Options configure an Installer.
type Options struct {
	Facts *facts.Facts
	Store *toolstore.Store
	// Jobs bounds how many tools build at once (default 1).
	Jobs int
	// BuildTimeout bounds one go install; ProbeTimeout one version command.
	BuildTimeout, ProbeTimeout time.Duration
	// Refresh asks GOPROXY what latest means now, instead of reusing an answer under a day old.
	Refresh bool
	// Events receives progress; nil drops it. It must be safe for concurrent use.
	Events func(result.ToolEvent)
}

// Request is one tool to install, with the version query given on the command line ("" when none).
type Request struct {
	Target toolbuild.Target
	Query  string
}

// Installer installs tools.
type Installer struct {
	o     Options
	pause func(point string) // nil unless a test asks for a pause (PauseVar)
}

// New returns an Installer.
func New(o Options) *Installer {
	if o.Jobs < 1 {
		o.Jobs = 1
	}
	if o.BuildTimeout <= 0 {
		o.BuildTimeout = 10 * time.Minute
	}
	if o.ProbeTimeout <= 0 {
		o.ProbeTimeout = o.Facts.Timeout
	}
	in := &Installer{o: o, pause: pauser(o.Facts.Host.Env())}
	if in.pause != nil && o.Store.Step == nil {
		o.Store.Step = in.pause
	}
	return in
}

func (in *Installer) event(tool string, p result.ToolPhase, format string, args ...any) {
	if in.o.Events != nil {
		in.o.Events(result.ToolEvent{Tool: tool, Phase: p, Detail: fmt.Sprintf(format, args...)})
	}
}

// Install installs every request, up to Jobs at once, and returns the results in request order.
func (in *Installer) Install(ctx context.Context, reqs []Request) []result.ToolResult {
	results := make([]result.ToolResult, len(reqs))
	sem := make(chan struct{}, in.o.Jobs)
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = in.one(ctx, r)
		}()
	}
	wg.Wait()
	return results
}

// gobin is where go install puts binaries, or a failure saying why there is none.
func (in *Installer) gobin(t toolbuild.Target) (string, *toolbuild.Failure) {
	f := in.o.Facts
	dir := f.InstallDir()
	if dir == "" {
		return "", &toolbuild.Failure{Cause: "gobin_unknown", Summary: "neither GOBIN nor GOPATH is set, so there is nowhere to install " + t.Name,
			Detail: "Run gomedic check: env.gopath says why."}
	}
	if !host.IsAbs(f.Host, dir) {
		return "", &toolbuild.Failure{Cause: "gobin_relative", Summary: fmt.Sprintf("GOBIN %q is not an absolute path", dir),
			Detail: "go install refuses it (\"cannot install, GOBIN must be an absolute path\"). Run gomedic check: env.gobin_writable gives the fix."}
	}
	return dir, nil
}

// one installs one tool under its lock.
func (in *Installer) one(ctx context.Context, r Request) (res result.ToolResult) {
	start := time.Now()
	t := r.Target
	res = result.ToolResult{Tool: t.Name, Package: t.Package, Module: t.Module, Query: r.Query}
	// res is the named result, so that the time is that of every return.
	defer func() { res.DurationMS = time.Since(start).Milliseconds() }()
	gobin, fl := in.gobin(t)
	if fl != nil {
		return in.failed(res, fl)
	}
	res.Path = filepath.Join(gobin, binName(in.o.Facts.Host, t.Name))
	unlock, err := in.o.Store.Lock(t.Name)
	if err != nil {
		return in.failed(res, &toolbuild.Failure{Cause: "lock", Summary: "cannot lock the store: " + err.Error()})
	}
	defer unlock()
	if err := in.o.Store.Cleanup(t.Name, gobin); err != nil {
		in.event(t.Name, result.ToolPhaseResolving, "cleaning up after an earlier run: %v", err)
	}

	active, _ := in.o.Store.Active(t.Name, gobin)
	if active != nil {
		res.Previous = active.Version
		if t.Module == "" && active.Package == t.Package {
			// The module of a package that is not in the table is known once it is installed: a
			// version asked for again needs no go list to find it.
			t.Module = active.Module
		}
	}
	query, why := in.query(t, r.Query)
	res.Query = query
	in.event(t.Name, result.ToolPhaseResolving, "%s%s", query, why)
	resolved, fl := in.resolve(ctx, t, query)
	in.pauseAt(PauseResolving)
	if fl != nil {
		return in.failed(res, fl)
	}
	res.Module, res.Version = resolved.Module, resolved.Version
	t.Module = resolved.Module

	if cur := in.current(t, resolved, res.Path, active); cur != "" {
		res.Status, res.Managed, res.GoVersion = result.ToolCurrent, active != nil, cur
		res.Previous = ""
		in.event(t.Name, result.ToolPhaseCurrent, "%s is active", resolved.Version)
		return res
	}
	if active == nil {
		if p, ok := in.o.Store.Unmanaged(t.Name, gobin); ok {
			if bi := in.o.Facts.BinInfo(p); bi.Info != nil && bi.Info.Version != "" {
				res.Previous = bi.Info.Version
			}
		}
	}
	if e := in.stored(t.Name, resolved); e != nil {
		// Built before (the version a rollback left): activated again without a build.
		in.event(t.Name, result.ToolPhaseActivating, "%s, kept in gomedic's store", e.Version)
		return in.activateStored(t, e, gobin, res)
	}
	return in.build(ctx, t, resolved, gobin, res)
}

// stored is a committed store entry of exactly resolved, whole (its hash checks), that can be
// activated again without a build: after a rollback, the version rolled back from.
func (in *Installer) stored(tool string, resolved toolbuild.Resolved) *toolstore.Entry {
	entries, err := in.o.Store.Entries(tool)
	if err != nil {
		return nil
	}
	h := in.o.Facts.Host
	for _, e := range entries {
		if e.Module != resolved.Module || e.Version != resolved.Version || e.Verify() != nil {
			continue
		}
		if bi := in.o.Facts.BinInfo(e.Binary); bi.Info != nil && runsHere(bi.Info, h.OS(), h.Arch()) {
			return e
		}
	}
	return nil
}

// activateStored makes a stored entry active, then prunes the tool's store. What the result
// says a rollback restores (Previous) is what the store's RollbackTarget says now, the entry
// `gomedic tools rollback` activates.
func (in *Installer) activateStored(t toolbuild.Target, e *toolstore.Entry, gobin string, res result.ToolResult) result.ToolResult {
	in.pauseAt(PauseActivating)
	if _, err := in.o.Store.Activate(gobin, e); err != nil {
		return in.failed(res, &toolbuild.Failure{Cause: "activate", Summary: fmt.Sprintf("cannot activate %s in %s: %v", t.Name, gobin, err),
			Detail: "The previous version is still active. Run gomedic check: env.gobin_writable says whether the tools directory can be written."})
	}
	res.Status, res.Managed, res.Store, res.GoVersion = result.ToolInstalled, true, e.Dir, e.GoVersion
	res.Previous = ""
	if prev, err := in.o.Store.RollbackTarget(t.Name, gobin); err == nil && prev != nil {
		res.Previous = prev.Version
	}
	res.Notes = in.notes(gobin)
	if _, err := in.o.Store.Prune(t.Name, gobin); err != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("old versions could not all be removed from gomedic's store (the next install tries again): %v", err))
	}
	in.event(t.Name, result.ToolPhaseDone, "%s", e.Version)
	return res
}

// failed ends res with a failure.
func (in *Installer) failed(res result.ToolResult, fl *toolbuild.Failure) result.ToolResult {
	res.Status, res.Failure = result.ToolFailed, failure(fl)
	in.event(res.Tool, result.ToolPhaseFailed, "%s", fl.Summary)
	return res
}

// build builds, verifies, commits and activates resolved. The build directory goes away with a
// failure (or an interrupt): only a committed version stays in the store.
func (in *Installer) build(ctx context.Context, t toolbuild.Target, resolved toolbuild.Resolved, gobin string, res result.ToolResult) result.ToolResult {
	f := in.o.Facts
	dir, err := in.o.Store.NewBuildDir(t.Name)
	if err != nil {
		return in.failed(res, &toolbuild.Failure{Cause: "store", Summary: "cannot create a build directory in the store: " + err.Error()})
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(dir)
		}
	}()
	env := toolbuild.BuildEnv(f, dir)
	for _, o := range env.Overrides {
		res.Overrides = append(res.Overrides, o.String())
	}
	logFile, logPath, err := in.o.Store.NewLog(t.Name)
	if err != nil {
		return in.failed(res, &toolbuild.Failure{Cause: "store", Summary: "cannot create a log file in the store: " + err.Error()})
	}
	defer logFile.Close()
	log := redact.NewWriter(logFile) // the go command's messages quote GOPROXY entries and their tokens
	defer log.Flush()
	res.Log = logPath
	fmt.Fprintf(log, "gomedic: installing %s@%s (%s)\n", t.Package, resolved.Version, time.Now().Format(time.RFC3339))
	for _, o := range res.Overrides {
		fmt.Fprintf(log, "gomedic: %s\n", o)
	}
	binary, runRes, err := toolbuild.Build(ctx, f, t, resolved.Version, env, dir, log, in.o.BuildTimeout, func(phase string) {
		in.event(t.Name, result.ToolPhase(phase), "%s", resolved.Version)
	})
	if err != nil {
		fl := toolbuild.Classify(f, t, resolved.Version, runRes)
		if fl == nil {
			fl = &toolbuild.Failure{Cause: "other", Summary: err.Error()}
		}
		return in.failed(res, fl)
	}
	in.pauseAt(PauseBuilding)
	in.event(t.Name, result.ToolPhaseVerifying, "%s", resolved.Version)
	if fl := toolbuild.Verify(ctx, f, t, resolved, binary, in.o.ProbeTimeout); fl != nil {
		return in.failed(res, fl)
	}
	in.pauseAt(PauseVerifying)
	in.event(t.Name, result.ToolPhaseActivating, "%s", resolved.Version)
	entry, err := in.o.Store.Commit(t.Name, dir)
	if err != nil {
		return in.failed(res, &toolbuild.Failure{Cause: "store", Summary: "cannot keep the new binary in the store: " + err.Error()})
	}
	committed = true
	return in.activateStored(t, entry, gobin, res)
}

// current returns the Go version of the binary at path when it is resolved's module at resolved's
// version built for this machine, i.e. there is nothing to do; else "". Only build info is read:
// no go command runs on this path.
func (in *Installer) current(t toolbuild.Target, resolved toolbuild.Resolved, path string, active *toolstore.Entry) string {
	if active != nil && (active.Version != resolved.Version || active.Module != resolved.Module || !unchanged(active)) {
		return ""
	}
	bi := in.o.Facts.BinInfo(path)
	if bi.Info == nil || bi.Info.Module != resolved.Module || bi.Info.Version != resolved.Version || bi.Info.MainPath != t.Package {
		return ""
	}
	h := in.o.Facts.Host
	if !runsHere(bi.Info, h.OS(), h.Arch()) {
		return ""
	}
	return bi.Info.GoVersion
}

// unchanged reports cheaply whether a store entry's binary is as gomedic committed it: the same
// size, not modified since. A go install whose copy fallback (GOBIN on another file system than
// its temporary directory) writes through the link into the store is caught here, and the tool is
// rebuilt rather than reported current. (Entry.Verify hashes the whole file; this path must stay
// well under a second for the whole toolset.)
func unchanged(e *toolstore.Entry) bool {
	fi, err := os.Stat(e.Binary)
	return err == nil && fi.Size() == e.Size && !fi.ModTime().After(e.Installed)
}

func runsHere(info *binfo.Info, goos, goarch string) bool {
	for _, tg := range info.Targets {
		if tg.Matches(goos, goarch) {
			return true
		}
	}
	return false
}

// notes are what the user should know after an install: a tools directory that is not on PATH.
func (in *Installer) notes(gobin string) []string {
	if in.o.Facts.OnPath(gobin) != nil {
		return nil
	}
	return []string{fmt.Sprintf("%s is not on PATH: shells and terminal tasks will not find the tools installed there (the Go extension still does: it looks in GOBIN first). gomedic check --only env.gobin_on_path gives the fix.", gobin)}
}

// failure is fl as the install document carries it.
func failure(fl *toolbuild.Failure) *result.ToolFailure {
	return &result.ToolFailure{Cause: string(fl.Cause), Summary: fl.Summary, Detail: fl.Detail, Tail: fl.Tail, Fix: fl.Fix}
}

func binName(h host.Host, name string) string {
	if h.OS() == "windows" {
		return name + ".exe"
	}
	return name
}
