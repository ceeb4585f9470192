package golang

import (
	"fmt"
	"path/filepath"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
)

// gorootIsFile judges a GOROOT that names a file: usually the go command itself
// (GOROOT=/usr/local/go/bin/go). The go command stats GOROOT and fails with "go: cannot find
// GOROOT directory: PATH" when it is not a directory.
func gorootIsFile(f *facts.Facts, v goenv.Value, ev []finding.Evidence) finding.Finding {
	what := "a file, not a directory"
	root := goenv.RootOf(f.Host, v.Value)
	if root != "" {
		what = "the go command of the installation " + root + ", not that installation's directory"
	}
	return finding.Finding{
		Status:   finding.Fail,
		Title:    fmt.Sprintf("GOROOT names %s", what),
		Detail:   fmt.Sprintf("%s. GOROOT must be the directory of a Go installation (the one holding bin, src and pkg); every go command fails with \"go: cannot find GOROOT directory: %s\", and so do gopls and tool installs.", advice.Where(v), v.Value),
		Evidence: ev,
		Fix:      advice.Unset(f, v, " so the go command finds its own tree from where its binary is"),
	}
}

// gorootNearTree judges a GOROOT that holds no installation but is next to one: the bin
// directory of a tree (GOROOT=/usr/local/go/bin), or the directory a tree was unpacked in
// (GOROOT=/usr/local). go env runs, but the compiler and the standard library are looked for
// under GOROOT, so every build fails ("package fmt is not in std (/usr/local/go/bin/src/fmt)").
func gorootNearTree(f *facts.Facts, v goenv.Value, ev []finding.Evidence) (finding.Finding, bool) {
	clean := filepath.Clean(v.Value)
	var title, tree string
	if parent := filepath.Dir(clean); filepath.Base(clean) == "bin" {
		if in, ok := goenv.InstallAt(f.Host, parent, ""); ok {
			title, tree = fmt.Sprintf("GOROOT is %s, the bin directory of the Go installation %s", v.Value, parent), in.Root
		}
	}
	if tree == "" {
		if in, ok := goenv.InstallAt(f.Host, filepath.Join(clean, "go"), ""); ok {
			title, tree = fmt.Sprintf("GOROOT is %s, the directory above the Go installation %s", v.Value, filepath.Join(clean, "go")), in.Root
		}
	}
	if tree == "" {
		return finding.Finding{}, false
	}
	fix := advice.Unset(f, v, " so the go command finds its own tree")
	if goBin, err := f.GoBin(); err == nil && goenv.RootOf(f.Host, goBin) == "" {
		fix = advice.Set(f, "GOROOT", tree, " (the installation itself, not a directory beside it)")
	}
	return finding.Finding{
		Status: finding.Fail,
		Title:  title,
		Detail: fmt.Sprintf("%s. go env and go list -m still run, but the compiler and the standard library are looked for under GOROOT, so every build, test and gopls load fails "+
			"with \"package fmt is not in std (%s)\" and the editor asks to correct the import paths of the standard library.", advice.Where(v), filepath.Join(clean, "src", "fmt")),
		Evidence: ev,
		Fix:      fix,
	}, true
}

// strandedGo judges a go on PATH that is not inside a Go tree while GOROOT is not set: a release
// go binary is built trimmed (no GOROOT inside it) and finds its installation from where its
// binary is, after symlinks (cmd/go's findGOROOT: the directory above bin holding pkg/tool);
// copied out of its tree, every go command fails with "go: cannot find GOROOT directory: 'go'
// binary is trimmed and GOROOT is not set". A link to the binary is not a copy.
func strandedGo(f *facts.Facts) (finding.Finding, bool) {
	env := f.GoEnv()
	if env == nil || env.OK() || env.Result == nil {
		return finding.Finding{}, false
	}
	goBin, err := f.GoBin()
	if err != nil || goenv.RootOf(f.Host, goBin) != "" || goenv.Shim(goBin) != "" {
		return finding.Finding{}, false
	}
	if _, ok := gocmd.Parse(env.Result.Output()).First(gocmd.GOROOTNotFound); !ok {
		return finding.Finding{}, false
	}
	version := ""
	if bi := f.BinInfo(goBin); bi.Info != nil {
		version = bi.Info.GoVersion
	}
	fd := finding.Finding{
		Status: finding.Fail,
		Title:  fmt.Sprintf("the go on PATH, %s, is a go command copied out of its installation", goBin),
		Detail: fmt.Sprintf("%s (%s) is not inside a Go tree. A released go command holds no GOROOT of its own: it finds its installation from where its binary is (the directory above its bin), "+
			"so a copy elsewhere fails on every command with \"go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\"; gopls and tool installs fail the same way.", goBin, orUnknown(version)),
		Evidence: []finding.Evidence{doctor.Ran(env.Result)},
	}
	fd.Fix = strandedFix(f, goBin, version)
	return fd, true
}

// strandedFix leads from a copied go binary back to an installation on disk: the one of the same
// release, else the newest; without one, a reinstall.
func strandedFix(f *facts.Facts, goBin, version string) *finding.Fix {
	installs := f.Installations()
	if len(installs) == 0 {
		fix := reinstallFix(f)
		fix.Summary = "Remove the copy " + goBin + " and install Go from the official archive, then put its bin directory on PATH (a go command works only inside its installation)."
		return fix
	}
	best := newest(installs)
	for _, in := range installs {
		if version != "" && goenv.Normalize(in.Version) == goenv.Normalize(version) {
			best = in
			break
		}
	}
	fix := advice.AddToPath(f, filepath.Dir(best.Go), "")
	fix.Summary = fmt.Sprintf("Remove the copy %s (gomedic keeps a backup) and run the go of the installation %s (%s): %s Or replace the copy with a link: a link is followed to the installation.",
		goBin, best.Root, orUnknown(best.Version), fix.Summary)
	fix.Commands = append(fix.Commands, "ln -sf "+f.Shell().Quote(best.Go)+" "+f.Shell().Quote(goBin)+"   # instead: a link in place of the copy")
	fix.Actions = append([]finding.Action{{Kind: finding.Remove, Path: goBin}}, fix.Actions...)
	return fix
}
