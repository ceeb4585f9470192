package install

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/install/toolbuild"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/toolstore"
)

// DefaultSet is what `gomedic tools install` installs with no tool named: the required and
// recommended tools of the table.
func DefaultSet() []Request {
	var out []Request
	for _, t := range toolset.Tools {
		if t.Need == toolset.Required || t.Need == toolset.Recommended {
			out = append(out, Request{Target: TableTarget(t)})
		}
	}
	return out
}

// TableTarget is the install target of a table tool.
func TableTarget(t *toolset.Tool) toolbuild.Target {
	return toolbuild.Target{Name: t.Name, Package: t.Package, Module: t.Module, Tool: t}
}

// Update installs the newest version of each named tool (every managed tool when none is named),
// keeping pinned tools at their pins. It asks GOPROXY now rather than reuse a day-old answer.
func (in *Installer) Update(ctx context.Context, reqs []Request) ([]result.ToolResult, error) {
	if len(reqs) == 0 {
		names, err := in.o.Store.Tools()
		if err != nil {
			return nil, fmt.Errorf("listing managed tools: %w", err)
		}
		for _, name := range names {
			t, err := in.managedTarget(name)
			if err != nil {
				return nil, err
			}
			reqs = append(reqs, Request{Target: t})
		}
	}
	in.o.Refresh = true
	return in.Install(ctx, reqs), nil
}

// Target parses a TOOL[@VERSION] argument: a table tool, a package path, or the name of a tool
// gomedic manages (the binary's name of a package installed earlier).
func (in *Installer) Target(arg string) (toolbuild.Target, string, error) {
	t, q, err := toolbuild.ParseTarget(arg)
	if err == nil {
		return t, q, nil
	}
	name, query, _ := strings.Cut(arg, "@")
	if entries, e := in.o.Store.Entries(name); e == nil && len(entries) > 0 {
		mt, e := in.managedTarget(name)
		if e == nil {
			return mt, query, nil
		}
	}
	return toolbuild.Target{}, "", err
}

// managedTarget rebuilds the target of a managed tool from its newest store entry.
func (in *Installer) managedTarget(name string) (toolbuild.Target, error) {
	if t := toolset.Lookup(name); t != nil {
		return TableTarget(t), nil
	}
	entries, err := in.o.Store.Entries(name)
	if err != nil || len(entries) == 0 {
		return toolbuild.Target{}, fmt.Errorf("%s is managed but its store has no entry to learn its package from", name)
	}
	e := entries[0]
	return toolbuild.Target{Name: name, Package: e.Package, Module: e.Module}, nil
}

// Pin records the version install and update keep t at; "latest" removes the pin.
func (in *Installer) Pin(t toolbuild.Target, version string) (result.ToolChange, error) {
	if version == "latest" {
		return result.ToolChange{Action: result.ToolUnpinned, Tool: t.Name}, in.o.Store.SetPin(t.Name, "")
	}
	if !ValidVersion(version) {
		return result.ToolChange{}, fmt.Errorf("cannot pin %s to %q: a pin is a version such as v1.2.3 or a pseudo-version (or latest, to unpin)", t.Name, version)
	}
	return result.ToolChange{Action: result.ToolPinned, Tool: t.Name, Version: version}, in.o.Store.SetPin(t.Name, version)
}

// Rollback activates the version of t that was active before the current one. Its errors say
// what was rolled back ("rolling back gopls: ...").
func (in *Installer) Rollback(t toolbuild.Target) (result.ToolChange, error) {
	unlock, gobin, err := in.lockTool(t)
	if err != nil {
		return result.ToolChange{}, fmt.Errorf("rolling back %s: %w", t.Name, err)
	}
	defer unlock()
	from, to, err := in.o.Store.Rollback(t.Name, gobin)
	if err != nil {
		return result.ToolChange{}, err // toolstore says "rolling back NAME: ..."
	}
	ch := result.ToolChange{Action: result.ToolRolledBack, Tool: t.Name, Version: to.Version}
	if from != nil {
		ch.Was = from.Version
	}
	return ch, nil
}

// Remove removes t from the tools directory and the store, and its pin. Its errors say what was
// removed ("removing gopls: ...").
func (in *Installer) Remove(t toolbuild.Target) (result.ToolChange, error) {
	unlock, gobin, err := in.lockTool(t)
	if err != nil {
		return result.ToolChange{}, fmt.Errorf("removing %s: %w", t.Name, err)
	}
	defer unlock()
	if err := in.o.Store.Remove(t.Name, gobin); err != nil {
		return result.ToolChange{}, err // toolstore says "removing NAME: ..."
	}
	if err := in.o.Store.SetPin(t.Name, ""); err != nil {
		return result.ToolChange{}, fmt.Errorf("removing %s: %w", t.Name, err)
	}
	return result.ToolChange{Action: result.ToolRemoved, Tool: t.Name}, nil
}

// lockTool locks t's store and finishes what an interrupted run left of it, for a change by hand
// (rollback, remove); it returns the unlock and the tools directory.
func (in *Installer) lockTool(t toolbuild.Target) (unlock func(), gobin string, err error) {
	gobin, fl := in.gobin(t)
	if fl != nil {
		return nil, "", errors.New(fl.Summary)
	}
	unlock, err = in.o.Store.Lock(t.Name)
	if err != nil {
		return nil, "", err
	}
	if err := in.o.Store.Cleanup(t.Name, gobin); err != nil {
		unlock()
		return nil, "", err
	}
	return unlock, gobin, nil
}

// List describes every tool of the table and every managed tool, installed or not. Unless offline,
// it also asks GOPROXY for each module's newest version (answers are cached for a day).
func (in *Installer) List(offline bool) ([]result.ListedTool, error) {
	targets := map[string]toolbuild.Target{}
	var names []string
	for _, t := range toolset.Tools {
		targets[t.Name] = TableTarget(t)
		names = append(names, t.Name)
	}
	managed, err := in.o.Store.Tools()
	if err != nil {
		return nil, fmt.Errorf("listing managed tools: %w", err)
	}
	var extra []string
	for _, name := range managed {
		if _, ok := targets[name]; !ok {
			t, err := in.managedTarget(name)
			if err != nil {
				return nil, err
			}
			targets[name] = t
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)
	gobin, _ := in.gobin(toolbuild.Target{})
	out := make([]result.ListedTool, len(names))
	var jobs = make(chan int)
	done := make(chan struct{})
	for w := 0; w < 4; w++ {
		go func() {
			for i := range jobs {
				out[i] = in.listOne(targets[names[i]], gobin, offline)
			}
			done <- struct{}{}
		}()
	}
	for i := range names {
		jobs <- i
	}
	close(jobs)
	for w := 0; w < 4; w++ {
		<-done
	}
	return out, nil
}

func (in *Installer) listOne(t toolbuild.Target, gobin string, offline bool) result.ListedTool {
	f := in.o.Facts
	l := result.ListedTool{Name: t.Name, Package: t.Package, Module: t.Module, Previous: []string{}, Store: []result.StoredVersion{}}
	if t.Tool != nil {
		l.Need = string(t.Tool.Need)
		if r := f.Tool(t.Tool).Resolution; r.Path != "" {
			l.Path = r.Path
		}
	} else if gobin != "" {
		l.Path = filepath.Join(gobin, binName(f.Host, t.Name))
	}
	if l.Path != "" {
		if bi := f.BinInfo(l.Path); bi.Info != nil {
			l.Version, l.GoVersion = bi.Info.Version, bi.Info.GoVersion
			if l.Module == "" {
				l.Module = bi.Info.Module
			}
		} else {
			l.Path = ""
		}
	}
	if gobin != "" {
		if e, _ := in.o.Store.Active(t.Name, gobin); e != nil && l.Path != "" && samePath(l.Path, filepath.Join(gobin, binName(f.Host, t.Name))) {
			l.Managed = true
		}
		l.Previous, l.Store = in.kept(t.Name, gobin)
	}
	l.Pinned, _ = in.o.Store.Pin(t.Name)
	if !offline && l.Module != "" {
		if latest, _, err := f.LatestVersion(l.Module); err == nil {
			l.Latest = latest.Version
		}
	}
	return l
}

func samePath(a, b string) bool { return filepath.Clean(a) == filepath.Clean(b) }

// kept lists what gomedic's store holds of tool: the versions other than the active one, what
// a rollback restores first, and every version with why it is kept.
func (in *Installer) kept(tool, gobin string) ([]string, []result.StoredVersion) {
	prev, store := []string{}, []result.StoredVersion{}
	ret, err := in.o.Store.Retention(tool, gobin)
	if err != nil {
		return prev, store
	}
	for _, r := range ret {
		store = append(store, result.StoredVersion{Version: r.Entry.Version, Keep: r.Why})
		if r.Why != toolstore.KeepActive {
			prev = append(prev, r.Entry.Version)
		}
	}
	return prev, store
}
