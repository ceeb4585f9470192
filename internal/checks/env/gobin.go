package env

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/shell"
)

// installDirEvidence shows where the tools directory came from.
func installDirEvidence(f *facts.Facts) []finding.Evidence {
	ev := doctor.Ran(f.GoEnv().Result)
	ev.Output = fmt.Sprintf("GOBIN=%s\nGOPATH=%s", f.GoVar("GOBIN"), f.GoVar("GOPATH"))
	return []finding.Evidence{ev}
}

func gobinOnPath(_ context.Context, f *facts.Facts) finding.Finding {
	dir := f.InstallDir()
	if dir == "" || !host.IsAbs(f.Host, dir) {
		return finding.Finding{Status: finding.Skip, Title: "no absolute tools directory to look for (see env.gobin_writable)"}
	}
	ev := installDirEvidence(f)
	if e := f.OnPath(dir); e != nil {
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("go install puts tools in %s, which is on PATH", dir), Evidence: ev}
	}
	ev = append(ev, finding.Evidence{Command: "PATH=" + f.Host.Env().Get("PATH")})
	var detail strings.Builder
	fmt.Fprintf(&detail, "go install puts tools in %s, which no PATH entry reaches, so shells and terminal tasks cannot run them "+
		"(\"gopls: command not found\", \"dlv: command not found\"), and editors other than VS Code, which look only on PATH, cannot start gopls.", dir)
	for _, e := range f.PathEntries() {
		if e.Problem != facts.PathTilde {
			continue
		}
		if exp := host.ExpandHome(f.Host, e.Raw); exp != "" && facts.SamePathKey(f.Host, exp) == facts.SamePathKey(f.Host, dir) {
			fmt.Fprintf(&detail, "\nPATH holds %q, but PATH entries are used as written: a ~ or $HOME is only expanded by a shell, and this one was "+
				"quoted or set by a program that does not expand it. Write the full path instead.", e.Raw)
		}
	}
	return finding.Finding{
		Status:   finding.Fail,
		Title:    installDirTitle(f, dir) + " is not on PATH",
		Detail:   detail.String(),
		Evidence: ev,
		Fix:      advice.AddToPath(f, dir, ""),
	}
}

func gobinWritable(_ context.Context, f *facts.Facts) finding.Finding {
	gobin := f.Value("GOBIN")
	dir := f.InstallDir()
	ev := installDirEvidence(f)
	if gobin.Value != "" && !host.IsAbs(f.Host, gobin.Value) {
		return finding.Finding{
			Status: finding.Fail, Evidence: ev,
			Title:  fmt.Sprintf("GOBIN %q is not an absolute path", gobin.Value),
			Detail: fmt.Sprintf("%s. Every go install fails with \"cannot install, GOBIN must be an absolute path\", and so does the editor's Install/Update Tools.", advice.Where(gobin)),
			Fix:    advice.Unset(f, gobin, " so tools go to the first GOPATH entry's bin"),
		}
	}
	if dir == "" {
		return finding.Finding{Status: finding.Skip, Title: "neither GOBIN nor GOPATH is set (see env.gopath)"}
	}
	w := creatable(f, dir)
	ev = append(ev, writableEvidence(dir, w))
	switch {
	case w.Unknown:
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title:  fmt.Sprintf("cannot tell whether tools can be installed in %s", dir),
			Detail: fmt.Sprintf("%v. go install writes tools there; if it cannot, installing gopls or dlv fails and the editor reports \"N tools failed to install\".", w.Err)}
	case !w.OK():
		return finding.Finding{
			Status: finding.Fail, Evidence: ev,
			Title:  fmt.Sprintf("tools cannot be installed in %s", dir),
			Detail: fmt.Sprintf("go install writes tools to %s, which can be neither written nor created: %v. Installing gopls or dlv fails (\"go install ...: mkdir %s: ...\" or \"open %s/gopls: permission denied\"), and the editor reports \"N tools failed to install\".", dir, w.Err, dir, dir),
			Fix:    unwritableFix(f, dir),
		}
	}
	if _, err := f.Host.Stat(dir); err != nil {
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s does not exist yet; go install will create it", dir), Evidence: ev}
	}
	return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s is writable", dir), Evidence: ev}
}

// unwritableFix points GOBIN at ~/go/bin when go install cannot write dir: automatic when that
// directory is another one and can be written or created. When dir is ~/go/bin itself (made by a
// sudo go install, or on a read-only file system), only the user can give it back or move it.
func unwritableFix(f *facts.Facts, dir string) *finding.Fix {
	own := filepath.Join(f.Host.HomeDir(), "go", "bin")
	if f.Host.HomeDir() == "" || facts.SamePathKey(f.Host, own) == facts.SamePathKey(f.Host, dir) || !creatable(f, own).OK() {
		fix := &finding.Fix{Summary: fmt.Sprintf("Make %s writable for your user again (it may have been created by a go install run with sudo), or point GOBIN at a directory you own (go env -w GOBIN=DIR).", dir), Docs: advice.DocsGoEnv}
		if f.Host.OS() != "windows" {
			fix.Commands = []string{"sudo chown -R \"$(id -un)\" " + shell.Quote(dir)}
		}
		return fix
	}
	return advice.Set(f, "GOBIN", own, " (a directory you own)")
}

// writableEvidence says whether files can be created in dir, and how that was decided.
func writableEvidence(dir string, w host.Writability) finding.Evidence {
	out := "yes"
	switch {
	case w.Unknown:
		out = "cannot tell: " + w.Err.Error()
	case !w.OK():
		out = "no: " + w.Err.Error()
	}
	if w.How != "" {
		out += "\n(decided by " + w.How + ")"
	}
	return finding.Evidence{Command: "can files be created in " + dir + "?", Output: out}
}

// installDirTitle names the directory go install writes to as the title of a finding says it:
// GOBIN=DIR when GOBIN is set, else DIR (the first GOPATH entry's bin) and what it is.
func installDirTitle(f *facts.Facts, dir string) string {
	if f.GoVar("GOBIN") != "" {
		return "GOBIN=" + advice.HomeTilde(f, dir)
	}
	return advice.HomeTilde(f, dir) + ", where go install puts tools,"
}
