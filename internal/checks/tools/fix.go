package tools

import (
	"fmt"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/toolset"
)

// docsFor is the page that explains installing t.
func docsFor(t *toolset.Tool) string {
	if t.Name == "gopls" {
		return advice.DocsGopls
	}
	return advice.DocsVSCodeGo
}

// installFix installs t at version ("latest", "v0.21.1") with the go command, which builds it for
// the go command's target and writes it to the tools directory. what is the summary's first
// sentence ("Install gopls with the go command.").
func installFix(f *facts.Facts, t *toolset.Tool, version, what string) *finding.Fix {
	arg := t.Name
	if version != "" && version != "latest" {
		arg += "@" + version
	}
	commands := []string{"gomedic tools install " + arg}
	if m := f.ManagedTool(t.Name); len(m.Previous) > 0 {
		commands = append(commands, fmt.Sprintf("gomedic tools rollback %s   # or go back to %s, the version active before", t.Name, m.Previous[0].Version))
	}
	fix := &finding.Fix{
		Summary:  what + installDirNote(f, t) + " gomedic verifies the build before it replaces anything; without gomedic: " + t.InstallCommand(version) + ".",
		Commands: commands,
		Docs:     docsFor(t),
		Auto:     true,
		Actions:  []finding.Action{{Kind: finding.GoInstall, Package: t.Package, Version: version}},
	}
	if note := targetNote(f); note != "" {
		fix.Summary += " " + note
		fix.Auto = false
	}
	return fix
}

// replaceFix installs t at version to replace the copy at broken; when that copy is outside the
// tools directory, the new one does not overwrite it, so the fix also removes it (shells would
// still run it).
//
// When broken is the program a go.alternateTools entry makes the editor run, installing t changes
// nothing the editor runs and the program is the user's: the fix is then that program, corrected,
// or the entry removed (advice.AlternateTool), and nothing is installed or moved.
func replaceFix(f *facts.Facts, t *toolset.Tool, version, what, broken string) *finding.Fix {
	if st, ok := f.AlternateTool(t); ok && sameFile(f, broken, f.Tool(t).Resolution.Path) {
		return advice.AlternateTool(f, t, st, fmt.Sprintf("Correct %s, or point the entry at a working %s.", broken, t.Name))
	}
	fix := installFix(f, t, version, what)
	dir := f.InstallDir()
	if dir == "" || facts.SamePathKey(f.Host, dirOf(broken)) == facts.SamePathKey(f.Host, dir) {
		return fix
	}
	fix.Summary += fmt.Sprintf(" Then remove %s, which go install does not overwrite.", broken)
	fix.Commands = append(fix.Commands, "rm "+shell.Quote(broken))
	fix.Actions = append(fix.Actions, finding.Action{Kind: finding.Remove, Path: broken})
	return fix
}

// installDirNote says where go install puts the tool, and whether the editor and shells look
// there.
func installDirNote(f *facts.Facts, t *toolset.Tool) string {
	dir := f.InstallDir()
	if dir == "" {
		return ""
	}
	note := fmt.Sprintf(" It writes %s to %s (GOBIN, else the first GOPATH entry's bin), where the editor looks before PATH.", t.Name, dir)
	if f.OnPath(dir) == nil {
		note += " That directory is not on PATH, so shells will not find it there (see env.gobin_on_path)."
	}
	return note
}

// targetNote says why go install would build a program this machine cannot run: GOOS or GOARCH
// set to another platform, or a go command built for another one (an amd64 Go on Apple silicon
// builds amd64 tools, which run under Rosetta 2). It is "" when go install builds native tools.
func targetNote(f *facts.Facts) string {
	goos, goarch := f.GoVar("GOOS"), f.GoVar("GOARCH")
	hostOS, hostArch := f.Host.OS(), f.Host.Arch()
	if goos == "" || goos == hostOS && goarch == hostArch {
		return ""
	}
	for _, name := range []string{"GOOS", "GOARCH"} {
		if v := f.Value(name); v.Source != goenv.FromDefault && v.Value != "" {
			return fmt.Sprintf("First unset %s (%s): go install builds for %s/%s, not for this %s/%s machine.", name, advice.Where(v), goos, goarch, hostOS, hostArch)
		}
	}
	return fmt.Sprintf("First install Go for %s/%s from https://go.dev/dl/ and put it first on PATH: the go on PATH is a %s/%s build, so it builds %s/%s tools.",
		hostOS, hostArch, f.GoVar("GOHOSTOS"), f.GoVar("GOHOSTARCH"), goos, goarch)
}

// installs reports whether fix installs the tool (its first command and action are the install),
// as replaceFix's does unless a go.alternateTools entry names the broken program.
func installs(fix *finding.Fix) bool {
	return len(fix.Actions) > 0 && fix.Actions[0].Kind == finding.GoInstall && len(fix.Commands) > 0
}
