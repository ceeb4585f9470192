package env

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// effective returns a variable's value with its source, and false when it is only a default that
// go env did not report (go env failed).
func effective(f *facts.Facts, name string) (goenv.Value, bool) {
	v := f.Value(name)
	return v, v.Source != goenv.FromDefault || f.GoEnv().OK()
}

func gopath(_ context.Context, f *facts.Facts) finding.Finding {
	v, known := effective(f, "GOPATH")
	if !known {
		return finding.Finding{Status: finding.Skip, Title: "GOPATH is not set and go env did not run to report its default"}
	}
	ev := []finding.Evidence{{Command: "GOPATH=" + v.Value, Output: "from " + v.Where()}}
	fail := func(title, detail string) finding.Finding {
		fd := finding.Finding{Status: finding.Fail, Title: title, Detail: detail, Evidence: ev}
		switch {
		case v.Source == goenv.FromDefault && f.Host.HomeDir() == "":
			fd.Fix = advice.NoHome(f) // GOPATH's default is $HOME/go
		case v.Source == goenv.FromDefault:
			fd.Fix = advice.Set(f, "GOPATH", filepath.Join(f.Host.HomeDir(), "go"), "")
		default:
			fd.Fix = advice.Unset(f, v, " so the go command uses its default, ~/go")
		}
		fd.Fix.Docs = advice.DocsGOPATH
		return fd
	}
	used := nonEmpty(host.SplitList(f.Host, v.Value))
	if root, collides := goInDefaultGOPATH(f); collides {
		return goInHomeGo(f, root, "GOPATH is not set, so the go command takes $HOME/go", ev)
	}
	if len(used) == 0 {
		return fail("GOPATH is empty",
			"The go command has no GOPATH (HOME is not set either), so it has nowhere for the module cache or installed tools: go install fails with \"go: module cache not found: neither GOMODCACHE nor GOPATH is set\".")
	}
	root := f.GOROOT()
	var missing []string
	for _, e := range used {
		switch {
		case strings.HasPrefix(e, "~"):
			return fail(fmt.Sprintf("GOPATH entry %q starts with a literal ~", e),
				fmt.Sprintf("%s. The go command does not expand ~ and refuses the value: every go command fails with \"go: GOPATH entry cannot start with shell metacharacter '~': %q\".", advice.Where(v), e))
		case !host.IsAbs(f.Host, e):
			return fail(fmt.Sprintf("GOPATH entry %q is relative", e),
				fmt.Sprintf("%s. Every go command fails with \"go: GOPATH entry is relative; must be absolute path: %q.\", and so do gopls and the tool installer.", advice.Where(v), e))
		case root != "" && within(f, e, root) && homeGoIs(f, root):
			return goInHomeGo(f, root, advice.Where(v)+", the same directory as $HOME/go", ev)
		case root != "" && within(f, e, root):
			return fail("GOPATH is inside GOROOT",
				fmt.Sprintf("%s is the Go installation's own tree (GOROOT=%s). The go command warns \"warning: both GOPATH and GOROOT are the same directory\" and puts installed tools and the module cache inside the Go installation, where the next Go upgrade deletes them (or, for a system-wide Go, where they cannot be written).", advice.Where(v), root))
		}
		if _, err := f.Host.Stat(e); err != nil {
			if w := creatable(f, e); !w.OK() && !w.Unknown {
				missing = append(missing, e)
			}
		}
	}
	if len(missing) > 0 {
		return finding.Finding{Status: finding.Warn, Evidence: ev,
			Title:  fmt.Sprintf("GOPATH entry %s does not exist and cannot be created", missing[0]),
			Detail: fmt.Sprintf("%s. Installing a tool or downloading a module fails with \"mkdir %s: ...\".", advice.Where(v), missing[0]),
			Fix:    &finding.Fix{Summary: "Point GOPATH at a directory you can write, or create this one.", Commands: []string{"mkdir -p " + missing[0]}, Docs: advice.DocsGOPATH}}
	}
	return finding.Finding{Status: finding.OK, Title: "GOPATH=" + v.Value, Evidence: ev}
}

// within reports whether p is dir or inside it, comparing resolved paths.
func within(f *facts.Facts, p, dir string) bool {
	pk, dk := facts.SamePathKey(f.Host, p), facts.SamePathKey(f.Host, dir)
	return pk == dk || strings.HasPrefix(pk, strings.TrimSuffix(dk, "/")+"/")
}

// creatable decides whether dir exists as a directory where files can be created, or could be
// created (the go command creates GOBIN, GOCACHE and GOMODCACHE with MkdirAll): it asks about the
// nearest ancestor that exists, without creating anything there (host.Writable).
func creatable(f *facts.Facts, dir string) host.Writability {
	for d := dir; ; {
		fi, err := f.Host.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return host.Writability{Err: fmt.Errorf("%s is not a directory", d)}
			}
			return f.Host.Writable(d, f.OwnDirs())
		}
		if !host.IsNotExist(err) {
			return host.Writability{Err: err}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return host.Writability{Err: err}
		}
		d = parent
	}
}

// goInDefaultGOPATH reports whether Go is installed in the directory that is GOPATH's default,
// $HOME/go (an archive unpacked in the home directory), while GOPATH is not set: the go command
// then has GOPATH and GOROOT the same ("warning: both GOPATH and GOROOT are the same
// directory"), or, when its build knows its GOROOT, no GOPATH at all ("cannot set GOROOT as
// GOPATH"), and no module cache.
func goInDefaultGOPATH(f *facts.Facts) (string, bool) {
	if v := f.Value("GOPATH"); v.Source != goenv.FromDefault {
		return "", false
	}
	root := f.GOROOT()
	return root, homeGoIs(f, root)
}

// homeGoIs reports whether $HOME/go is the directory root.
func homeGoIs(f *facts.Facts, root string) bool {
	home := f.Host.HomeDir()
	return home != "" && root != "" && facts.SamePathKey(f.Host, filepath.Join(home, "go")) == facts.SamePathKey(f.Host, root)
}

// goInHomeGo is the finding for Go installed in $HOME/go. Setting GOPATH=$HOME/go would recreate
// the collision; the fix moves the installation out, or sets GOPATH elsewhere.
func goInHomeGo(f *facts.Facts, root, why string, ev []finding.Evidence) finding.Finding {
	home := f.Host.HomeDir()
	moved := filepath.Join(home, ".local", "go")
	sh := f.Shell()
	fix := advice.AddToPath(f, filepath.Join(moved, "bin"), "")
	cmds := append([]string{"mkdir -p " + sh.Quote(filepath.Dir(moved)) + " && mv " + sh.Quote(root) + " " + sh.Quote(moved)}, fix.Commands...)
	return finding.Finding{
		Status: finding.Fail,
		Title:  fmt.Sprintf("Go is installed in %s, which is also GOPATH's default ($HOME/go)", root),
		Detail: fmt.Sprintf("%s, and that is the Go installation itself (GOROOT=%s). It warns \"warning: both GOPATH and GOROOT are the same directory\" on every command "+
			"(or, built with its GOROOT inside, has no GOPATH at all: \"cannot set GOROOT as GOPATH\"), puts installed tools in the installation's own bin beside go and the module cache inside it, "+
			"and the next upgrade of Go, which replaces that directory, deletes them. Setting GOPATH=$HOME/go changes nothing: it is the same directory.", why, root),
		Evidence: ev,
		Fix: &finding.Fix{
			Summary: fmt.Sprintf("Move the Go installation out of %s, to %s, and put %s on PATH in place of %s; GOPATH then defaults to %s again, for your tools and the module cache. "+
				"To keep Go where it is instead, set GOPATH to another directory (go env -w GOPATH=%s).", root, moved, filepath.Join(moved, "bin"), filepath.Join(root, "bin"), filepath.Join(home, "go"), filepath.Join(home, "gopath")),
			Commands: cmds,
			Docs:     advice.DocsGOPATH,
		},
	}
}

// nonEmpty is entries without the empty ones.
func nonEmpty(entries []string) []string {
	var out []string
	for _, e := range entries {
		if e != "" {
			out = append(out, e)
		}
	}
	return out
}
