package golang

import (
	"context"
	"fmt"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// goroot judges a GOROOT the user set. The go command finds its own tree from where its binary is;
// a GOROOT set by hand is at best redundant and at worst points at another release, and then
// every build fails with `compile: version "go1.24.0" does not match go tool version "go1.26.8"`.
func goroot(_ context.Context, f *facts.Facts) finding.Finding {
	v := f.Value("GOROOT")
	if v.Source == goenv.FromDefault {
		if fd, stranded := strandedGo(f); stranded {
			return fd
		}
		if goBin, err := f.GoBin(); err == nil {
			if root := goenv.RootOf(f.Host, goBin); root != "" && goenv.LacksCompiler(f.Host, root) {
				return incompleteTree(f, root, []finding.Evidence{{Command: "ls " + goenv.ToolDir(f.Host, root), Output: "no compile there"}})
			}
		}
		return finding.Finding{Status: finding.OK, Title: "GOROOT is not set; the go command uses its own tree"}
	}
	goBin, _ := f.GoBin()
	ev := []finding.Evidence{{Command: "GOROOT=" + v.Value, Output: "from " + v.Where()}}
	if !host.IsAbs(f.Host, v.Value) {
		return finding.Finding{
			Status:   finding.Fail,
			Title:    fmt.Sprintf("GOROOT %q is not an absolute path", v.Value),
			Detail:   fmt.Sprintf("%s. Every go command fails with \"go: cannot find GOROOT directory: %s\", and so do gopls and the tool installer.", advice.Where(v), v.Value),
			Evidence: ev,
			Fix:      advice.Unset(f, v, " so the go command finds its own tree"),
		}
	}
	fi, err := f.Host.Stat(v.Value)
	if err == nil && !fi.IsDir() {
		return gorootIsFile(f, v, ev)
	}
	if err != nil {
		return finding.Finding{
			Status:   finding.Fail,
			Title:    "GOROOT names a directory that does not exist",
			Detail:   fmt.Sprintf("%s. Every go command fails with \"go: cannot find GOROOT directory: %s\"; gopls reports the same error and the editor shows no completions.", advice.Where(v), v.Value),
			Evidence: ev,
			Fix:      advice.Unset(f, v, " so the go command finds its own tree"),
		}
	}
	set, ok := goenv.InstallAt(f.Host, v.Value, "")
	if !ok {
		if fd, near := gorootNearTree(f, v, ev); near {
			return fd
		}
		return finding.Finding{
			Status:   finding.Fail,
			Title:    "GOROOT does not hold a Go installation",
			Detail:   fmt.Sprintf("%s, but %s is not there. go env still runs, but every build fails: the compiler and standard library are looked for in GOROOT (\"package fmt is not in std\").", advice.Where(v), goenv.BinGo(f.Host, v.Value)),
			Evidence: ev,
			Fix:      advice.Unset(f, v, " so the go command finds its own tree"),
		}
	}
	if goenv.LacksCompiler(f.Host, set.Root) {
		ownRoot := goenv.RootOf(f.Host, goBin)
		if ownRoot != "" && facts.SamePathKey(f.Host, ownRoot) == facts.SamePathKey(f.Host, set.Root) {
			return incompleteTree(f, set.Root, ev)
		}
		return finding.Finding{
			Status: finding.Fail,
			Title:  fmt.Sprintf("GOROOT has no %s: no compiler", goenv.ToolSubdir(f.Host)),
			Detail: fmt.Sprintf("%s, a Go tree without its build tools (%s is missing): go env still runs, but every build, test, tool install and gopls load fails with `go: no such tool \"compile\"`. "+
				"The go command %s finds its own tree by itself.", advice.Where(v), goenv.ToolDir(f.Host, set.Root), goBin),
			Evidence: ev,
			Fix:      advice.Unset(f, v, " so the go command uses its own tree"),
		}
	}
	return gorootAgainstOwn(f, v, set, goBin, ev)
}

// incompleteTree is the Go installation root (the go command's own) missing its build tools:
// a copy or an unpacking that left out pkg/tool. Without pkg/tool at all, the go command cannot
// even find its tree ("go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not
// set"); with it but without this platform's compiler, every build fails.
func incompleteTree(f *facts.Facts, root string, ev []finding.Evidence) finding.Finding {
	fix := reinstallFix(f)
	fix.Summary = fmt.Sprintf("Reinstall Go in %s from the official archive for this machine (%s/%s): the installation is incomplete.", root, f.Host.OS(), f.Host.Arch())
	return finding.Finding{
		Status: finding.Fail,
		Title:  fmt.Sprintf("the Go installation %s is incomplete: it has no %s (no compiler)", root, goenv.ToolSubdir(f.Host)),
		Detail: fmt.Sprintf("%s is missing (a copy or an unpacking that left out pkg/tool). A go command without pkg/tool beside it cannot find its tree and fails on every command with "+
			"\"go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\"; without this platform's compiler every build fails with `go: no such tool \"compile\"`. gopls and tool installs fail the same way.",
			goenv.ToolDir(f.Host, root)),
		Evidence: ev,
		Fix:      fix,
	}
}

// gorootAgainstOwn judges a GOROOT holding an installation against the tree of the go on PATH.
func gorootAgainstOwn(f *facts.Facts, v goenv.Value, set goenv.Install, goBin string, ev []finding.Evidence) finding.Finding {
	ownRoot := goenv.RootOf(f.Host, goBin)
	ownVersion := goenv.ReadVersion(f.Host, ownRoot)
	if ownRoot == "" {
		if bi := f.BinInfo(goBin); bi.Info != nil && bi.Info.MainPath == "cmd/go" {
			ownVersion = bi.Info.GoVersion
		}
	}
	if ownRoot != "" && facts.SamePathKey(f.Host, ownRoot) == facts.SamePathKey(f.Host, set.Root) {
		return finding.Finding{
			Status:   finding.Warn,
			Title:    "GOROOT is set but redundant",
			Detail:   fmt.Sprintf("%s is the tree the go command finds by itself. It does no harm today, but when Go is upgraded or another Go is put first on PATH, this GOROOT will point at the wrong release and every build fails.", advice.Where(v)),
			Evidence: ev,
			Fix:      advice.Unset(f, v, ""),
		}
	}
	switch {
	case ownVersion != "" && set.Version != "" && goenv.Normalize(ownVersion) != goenv.Normalize(set.Version):
		return finding.Finding{
			Status: finding.Fail,
			Title:  fmt.Sprintf("GOROOT holds %s but the go on PATH is %s", set.Version, ownVersion),
			Detail: fmt.Sprintf("%s. The go command %s uses the compiler and standard library of another release, so every build fails with "+
				"`compile: version %q does not match go tool version %q`, and gopls reports it as a load error.", advice.Where(v), goBin, set.Version, ownVersion),
			Evidence: ev,
			Fix:      advice.Unset(f, v, " so the go command uses its own tree"),
		}
	case ownVersion != "" && set.Version != "":
		return finding.Finding{
			Status:   finding.Warn,
			Title:    "GOROOT is set to another copy of the same release",
			Detail:   fmt.Sprintf("%s holds %s, the release of the go on PATH (%s). Builds work, but the two copies will drift apart at the next upgrade.", advice.Where(v), set.Version, goBin),
			Evidence: ev,
			Fix:      advice.Unset(f, v, ""),
		}
	}
	return finding.Finding{
		Status:   finding.Warn,
		Title:    "GOROOT is set, and gomedic cannot tell whether it matches the go on PATH",
		Detail:   fmt.Sprintf("%s; the release of %s or of that tree is unknown. A GOROOT set by hand breaks every build as soon as it and the go on PATH differ.", advice.Where(v), goBin),
		Evidence: ev,
		Fix:      advice.Unset(f, v, ""),
	}
}
