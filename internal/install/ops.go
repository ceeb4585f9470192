package install

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/toolbuild"
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
func (in *Installer) Update(ctx context.Context, reqs []Request) ([]Result, error) {
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
func (in *Installer) Pin(t toolbuild.Target, version string) error {
	if version == "latest" {
		return in.o.Store.SetPin(t.Name, "")
	}
	if !ValidVersion(version) {
		return fmt.Errorf("cannot pin %s to %q: a pin is a version such as v1.2.3 or a pseudo-version (or latest, to unpin)", t.Name, version)
	}
	return in.o.Store.SetPin(t.Name, version)
}

// Rollback activates the version of t that was active before the current one.
func (in *Installer) Rollback(t toolbuild.Target) (from, to *toolstore.Entry, err error) {
	gobin, fl := in.gobin(t)
	if fl != nil {
		return nil, nil, errors.New(fl.Summary)
	}
	unlock, err := in.o.Store.Lock(t.Name)
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	if err := in.o.Store.Cleanup(t.Name, gobin); err != nil {
		return nil, nil, err
	}
	return in.o.Store.Rollback(t.Name, gobin)
}

// Remove removes t from the tools directory and the store.
func (in *Installer) Remove(t toolbuild.Target) error {
	gobin, fl := in.gobin(t)
	if fl != nil {
		return errors.New(fl.Summary)
	}
	unlock, err := in.o.Store.Lock(t.Name)
	if err != nil {
		return err
	}
	defer unlock()
	if err := in.o.Store.Cleanup(t.Name, gobin); err != nil {
		return err
	}
	if err := in.o.Store.Remove(t.Name, gobin); err != nil {
		return err
	}
	return in.o.Store.SetPin(t.Name, "")
}

// Listed is one tool as `gomedic tools list` shows it.
type Listed struct {
	Name      string   `json:"name"`
	Package   string   `json:"package"`
	Module    string   `json:"module"`
	Need      string   `json:"need,omitempty"`
	Version   string   `json:"version"`    // of the binary the editor runs; "" when not installed
	GoVersion string   `json:"go_version"` // that binary was built with
	Path      string   `json:"path"`       // the binary the editor runs; "" when not installed
	Managed   bool     `json:"managed"`    // path is a version gomedic installed (or adopted)
	Pinned    string   `json:"pinned,omitempty"`
	Previous  []string `json:"previous"` // versions a rollback can restore, most recent first
	Latest    string   `json:"latest"`   // newest version through GOPROXY; "" offline or unknown
}

// List describes every tool of the table and every managed tool, installed or not. Unless offline,
// it also asks GOPROXY for each module's newest version (answers are cached for a day).
func (in *Installer) List(offline bool) ([]Listed, error) {
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
	out := make([]Listed, len(names))
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

func (in *Installer) listOne(t toolbuild.Target, gobin string, offline bool) Listed {
	f := in.o.Facts
	l := Listed{Name: t.Name, Package: t.Package, Module: t.Module, Previous: []string{}}
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
		if prev, err := in.o.Store.Previous(t.Name, gobin); err == nil {
			for _, e := range prev {
				l.Previous = append(l.Previous, e.Version)
			}
		}
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
